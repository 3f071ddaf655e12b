"""t() for text made outside a page (emails), in one person's language: the same catalogues and the same call
shape as portal/i18n.py — t("English text {name}", name=...) with a literal first argument — and the language
chosen for a block with `speaking(locale)` (services/core/messages.py, the same block portal.i18n.using opens)
instead of the signed-in session."""
from __future__ import annotations

from services.core.messages import catalogue, speaking, spoken  # noqa: F401 - speaking: the block's language


def locale() -> str:
    return spoken() or "en"


def t(text: str, /, **values) -> str:
    template = catalogue(locale()).gettext(text)
    return template.format(**values) if values else template


def tn(singular: str, plural: str, n: int, /, **values) -> str:
    template = catalogue(locale()).ngettext(singular, plural, n)
    return template.format(**{"n": n, **values})
