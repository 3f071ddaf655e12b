"""t() for text made outside a page (emails), in one person's language: the same catalogues and the same call
shape as portal/i18n.py — t("English text {name}", name=...) with a literal first argument — and the language
chosen for a block with `speaking(locale)` instead of the signed-in session."""
from __future__ import annotations

import contextlib
import contextvars

from services.core.messages import catalogue

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
    template = catalogue(_locale.get()).gettext(text)
    return template.format(**values) if values else template


def tn(singular: str, plural: str, n: int, /, **values) -> str:
    template = catalogue(_locale.get()).ngettext(singular, plural, n)
    return template.format(**{"n": n, **values})
