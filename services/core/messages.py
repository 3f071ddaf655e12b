"""Marks English text that is shown to people later, through the portal's catalogues.

Services and label tables cannot call the portal's `t()` (services never import the portal, and a label defined
at import time has no reader yet), so they wrap the English text in `N_()`: it returns the text unchanged and
lets the extractor (scripts/i18n.py) put it in the catalogues. The page that shows it calls `t(text)`."""
from __future__ import annotations

import contextlib
import contextvars
import gettext
from functools import cache
from pathlib import Path


def N_(text: str) -> str:  # noqa: N802 - the conventional gettext marker name
    return text


# The languages the portal speaks (each has a catalogue in portal/locale/); the database checks the same list.
LOCALES = ("en", "ar", "fr", "de", "es")

DOMAIN = "portal"
LOCALE_DIR = Path(__file__).resolve().parents[2] / "portal" / "locale"


_spoken: contextvars.ContextVar[str | None] = contextvars.ContextVar("spoken_locale", default=None)


@contextlib.contextmanager
def speaking(locale: str | None):
    """Write in `locale` inside the block, whoever is signed in (emails, documents); unknown languages write English."""
    token = _spoken.set(locale if locale in LOCALES else "en")
    try:
        yield
    finally:
        _spoken.reset(token)


def spoken() -> str | None:
    """The language of the surrounding speaking() block, if any."""
    return _spoken.get()


@cache
def catalogue(locale: str) -> gettext.NullTranslations:
    """The compiled catalogue of a language (portal/locale/<lang>/LC_MESSAGES/portal.mo); English if none."""
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[locale], fallback=True)


class Message:
    """English text with named values, translated where it is shown: `t(message.template, **values)`.

    A value may itself be a Message (a rule's name, a category) or a tuple of Messages (joined with "; "), so a
    sentence built from several sources is translated piece by piece and never concatenated in English."""

    __slots__ = ("template", "values")

    def __init__(self, template: str, /, **values):
        self.template, self.values = template, values

    def render(self, translate=lambda template: template) -> str:
        """The text, each template passed through `translate` (the portal's gettext; English by default)."""
        def value(v):
            if isinstance(v, Message):
                return v.render(translate)
            if isinstance(v, tuple) and all(isinstance(x, Message) for x in v):
                return "; ".join(x.render(translate) for x in v)
            return v
        text = translate(self.template)
        return text.format(**{k: value(v) for k, v in self.values.items()}) if self.values else text

    def __str__(self) -> str:
        return self.render()

    def __eq__(self, other) -> bool:
        return isinstance(other, Message) and (self.template, self.values) == (other.template, other.values)

    def __hash__(self) -> int:
        return hash(self.template)

    def __repr__(self) -> str:
        return f"Message({self.template!r}, **{self.values!r})"


def sentences(*messages: Message) -> tuple[Message, ...]:
    """Several sentences shown one after another (each translated on its own)."""
    return tuple(m for m in messages if m is not None)
