"""Translation catalogues, one module per area: <locale>_<area>.py holding a dict named CATALOG.
load(locale) merges every module of that locale, so areas add strings without touching each other."""
from __future__ import annotations

import importlib
import pkgutil
from functools import cache


@cache
def load(locale: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith(f"{locale}_"):
            merged.update(importlib.import_module(f"{__name__}.{info.name}").CATALOG)
    return merged
