"""The one translation function. Every user-facing string goes through t().

Keys are the English text; a missing translation falls back to English, so a new string never
breaks a page. Placeholders use str.format names: t("Signed in as {name}", name=...)."""
from __future__ import annotations

from portal import session, translations

RTL_LOCALES = {"ar"}


def t(text: str, /, **values) -> str:
    locale = session.locale()
    catalog = translations.load(locale) if locale != "en" else {}
    template = catalog.get(text, text)
    return template.format(**values) if values else template


def is_rtl() -> bool:
    return session.locale() in RTL_LOCALES
