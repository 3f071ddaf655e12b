"""Records the messages a page asked for that its language's catalogue does not translate."""
from __future__ import annotations

from portal import i18n


class _Recording:
    def __init__(self, inner, missing: set[str]):
        self._inner, self._missing = inner, missing

    def gettext(self, message: str) -> str:
        if message not in getattr(self._inner, "_catalog", {}):
            self._missing.add(message)
        return self._inner.gettext(message)

    def __getattr__(self, name):
        return getattr(self._inner, name)


def record_missing(monkeypatch) -> set[str]:
    """From now on, every t() message without a translation in the page's language is added to the set returned."""
    missing: set[str] = set()
    real = i18n.catalogue
    monkeypatch.setattr(i18n, "catalogue", lambda locale: _Recording(real(locale), missing))
    return missing
