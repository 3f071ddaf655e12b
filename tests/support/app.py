"""AppTest helpers: run portal/app.py against the test database as a given person."""
from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "portal" / "app.py")


def app_for(database_url: str, *, issuer: str | None = None, subject: str | None = None,
            email: str | None = None, name: str | None = None, secrets: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets.update(secrets if secrets is not None else {"database": {"url": database_url}})
    if issuer:
        at.user = {"is_logged_in": True, "iss": issuer, "sub": subject, "email": email, "name": name}
    else:
        at.user = {}
    return at


_FIELDS = ("text_input", "text_area", "selectbox", "multiselect", "number_input", "date_input", "radio", "checkbox")


def submit(at: AppTest, form: str, button: str, values: dict) -> AppTest:
    """Fills the form's fields, each named by its widget key (text typed into a text input or area, any other
    widget set to the value), then presses the form's submit button labelled `button` and runs the page."""
    for key, value in values.items():
        field = next(w for kind in _FIELDS for w in at.get(kind) if w.key == key)
        if hasattr(field, "input"):
            field.input(value)
        else:
            field.set_value(value)
    return at.button(key=f"FormSubmitter:{form}-{button}").click().run()


def texts(at: AppTest) -> str:
    """Everything a person would read on the page, as one string."""
    parts = []
    for kind in ("title", "subheader", "header", "markdown", "caption", "info", "error", "success", "warning", "code"):
        parts.extend(str(e.value) for e in getattr(at, kind))
    parts.extend(f"{m.label} {m.value}" for m in at.metric)
    return as_read("\n".join(parts))


_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>$~:=])")


def as_read(markdown: str) -> str:
    """Markdown source as a person reads it: escaped punctuation shown as typed, direction isolates (which the
    portal puts around names, portal.layout.user_text) not shown."""
    return _ESCAPED.sub(r"\1", markdown.replace("\u2068", "").replace("\u2069", ""))
