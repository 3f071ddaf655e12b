"""Marks English text that is shown to people later, through the portal's catalogues.

Services and label tables cannot call the portal's `t()` (services never import the portal, and a label defined
at import time has no reader yet), so they wrap the English text in `N_()`: it returns the text unchanged and
lets the extractor (scripts/i18n.py) put it in the catalogues. The page that shows it calls `t(text)`."""
from __future__ import annotations


def N_(text: str) -> str:  # noqa: N802 - the conventional gettext marker name
    return text
