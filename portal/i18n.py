"""The one translation layer. Every user-facing string goes through t(), tn(), pt() or ptn().

Catalogues are gettext files in portal/locale/<lang>/LC_MESSAGES/portal.po (compiled to portal.mo beside them by
`python scripts/i18n.py compile`); message ids are the English text, extracted by `python scripts/i18n.py extract`
from literal first arguments of these functions and of N_() (services/core/messages.py). Placeholders use
str.format names: t("Signed in as {name}", name=...). Plural forms follow each language's CLDR rules, written
in the catalogue header (Arabic has six). A message missing from a catalogue falls back to English."""
from __future__ import annotations

import gettext

from portal import session
from services.core import messages
from services.core.messages import LOCALES, Message, N_  # noqa: F401 - N_ re-exported for the portal's label tables

DOMAIN, LOCALE_DIR = messages.DOMAIN, messages.LOCALE_DIR
RTL_LOCALES = {"ar"}

# Write in a given language inside a block, whoever is signed in (PDFs, emails, shared documents): one mechanism
# for the portal and the services (services/core/messages.py).
using = messages.speaking


def catalogue(locale: str) -> gettext.NullTranslations:
    return messages.catalogue(locale)


def current_locale() -> str:
    """The locale being written in: a document's (inside `using`), else the signed-in person's."""
    return messages.spoken() or session.locale()


def _fill(template: str, values: dict) -> str:
    return template.format(**values) if values else template


def t(text: str, /, **values) -> str:
    return _fill(catalogue(current_locale()).gettext(text), values)


def pt(context: str, text: str, /, **values) -> str:
    """t() for an English word that means two things: the context tells translators which one."""
    return _fill(catalogue(current_locale()).pgettext(context, text), values)


def tn(singular: str, plural: str, n: int, /, **values) -> str:
    """A sentence about n things, in the language's plural form for n; n is passed to the template as {n}
    (pass n=... among the values to show it formatted)."""
    return _fill(catalogue(current_locale()).ngettext(singular, plural, n), {"n": n, **values})


def ptn(context: str, singular: str, plural: str, n: int, /, **values) -> str:
    return _fill(catalogue(current_locale()).npgettext(context, singular, plural, n), {"n": n, **values})


def is_rtl() -> bool:
    return current_locale() in RTL_LOCALES


def tm(message) -> str:
    """A services.core.messages.Message (or plain English text) in the reader's language."""
    if isinstance(message, str):
        return t(message)
    translations = catalogue(current_locale())
    return message.render(translations.gettext)


def error_text(error: BaseException) -> str:
    """What went wrong, in the reader's language: a domain error's message is translated, anything else as is."""
    message = getattr(error, "message", None)
    return tm(message) if isinstance(message, Message) else error_text(error)


def action_sentence(actions: dict, action: str, *, mine: bool, who: str | None) -> str:
    """A step of a history as one sentence, from a table of (by the reader, by {who}, by nobody) messages, so a
    language agrees its verb with the subject ("Du hast …" / "Maya hat …")."""
    forms = actions.get(action)
    if forms is None:
        return f"{who} · {action}" if who else action
    return t(forms[0]) if mine else t(forms[1], who=who) if who else t(forms[2])


def mid_sentence(label: str) -> str:
    """A label ("Reel", "Story") inside a sentence: lower case, except in German, where nouns keep their capital."""
    return label if current_locale() == "de" else label.lower()


def language_name(code: str) -> str:
    """Each language named in itself (CLDR): English, العربية, Français, Deutsch, Español."""
    from babel import Locale

    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]
