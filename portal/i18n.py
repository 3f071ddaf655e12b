"""The one translation function. Every user-facing string goes through t().

Keys are the English text; a missing translation falls back to English, so a new string never
breaks a page. Placeholders use str.format names: t("Signed in as {name}", name=...)."""
from __future__ import annotations

from portal import session
from portal.catalog_ar import ARABIC

CATALOGS = {"ar": ARABIC}
RTL_LOCALES = {"ar"}


def t(text: str, /, **values) -> str:
    catalog = CATALOGS.get(session.locale(), {})
    template = catalog.get(text, text)
    return template.format(**values) if values else template


def is_rtl() -> bool:
    return session.locale() in RTL_LOCALES
