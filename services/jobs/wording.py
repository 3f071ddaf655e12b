"""t() for text made outside a page (emails), in one person's language: the same catalogues and the same call
shape as portal/i18n.py — t("English text {name}", name=...) with a literal first argument — and the language
chosen for a block with `speaking(locale)` instead of the signed-in session."""
from __future__ import annotations

import contextlib
import contextvars

_locale: contextvars.ContextVar[str] = contextvars.ContextVar("email_locale", default="en")


@contextlib.contextmanager
def speaking(locale: str | None):
    token = _locale.set(locale or "en")
    try:
        yield
    finally:
        _locale.reset(token)


def locale() -> str:
    return _locale.get()


def t(text: str, /, **values) -> str:
    from portal import translations  # the catalogues only: no streamlit import

    current = _locale.get()
    catalog = translations.load(current) if current != "en" else {}
    template = catalog.get(text, text)
    return template.format(**values) if values else template
