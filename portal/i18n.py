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


def tn(singular: str, plural: str, n: int, /, **values) -> str:
    """t() for a sentence about n things: the singular text when n is 1, otherwise the plural one.
    Both forms are catalogue keys; n is passed to the template as {n}."""
    return t(singular if n == 1 else plural, n=n, **values)


def is_rtl() -> bool:
    return session.locale() in RTL_LOCALES
