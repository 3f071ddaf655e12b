"""Catalogues are merged from one file per area; the same English key must not mean two things."""
import importlib
import pkgutil

from portal import translations


def test_no_two_areas_translate_the_same_english_text_differently():
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for info in pkgutil.iter_modules(translations.__path__):
        if not info.name.startswith("ar_"):
            continue
        catalog = importlib.import_module(f"portal.translations.{info.name}").CATALOG
        for english, arabic in catalog.items():
            if english in seen and seen[english][1] != arabic:
                clashes.append(f"{english!r}: {seen[english][0]} says {seen[english][1]!r}, {info.name} says {arabic!r}")
            seen.setdefault(english, (info.name, arabic))
    assert clashes == []
