"""The catalogues' tool: extract messages, merge them into each language, compile, check.

    python scripts/i18n.py extract   # portal/locale/portal.pot from the code and the rule files (babel.cfg)
    python scripts/i18n.py update    # merge the template into every portal.po (new messages empty, gone ones dropped)
    python scripts/i18n.py compile   # portal.po -> portal.mo, for every language
    python scripts/i18n.py check     # list untranslated, fuzzy or placeholder-breaking messages; exit 1 if any

The same extraction by hand: pybabel extract -F babel.cfg -k t -k tn:1,2 -k pt:1c,2 -k ptn:1c,2,3 -k N_ ."""
from __future__ import annotations

import string
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from babel import Locale  # noqa: E402
from babel.messages.catalog import Catalog  # noqa: E402
from babel.messages.extract import extract_from_dir  # noqa: E402
from babel.messages.frontend import parse_mapping_cfg  # noqa: E402
from babel.messages.mofile import write_mo  # noqa: E402
from babel.messages.pofile import read_po, write_po  # noqa: E402

from portal.i18n import DOMAIN, LOCALE_DIR, LOCALES  # noqa: E402

# t/tn/pt/ptn: the portal's functions; N_: a marker (services/core/messages.py); Message and the domain errors:
# services' texts, translated where they are shown (portal.i18n.tm / error_text).
KEYWORDS = {"t": None, "tn": (1, 2), "pt": ((1, "c"), 2), "ptn": ((1, "c"), 2, 3), "N_": None, "Message": None,
            **{name: None for name in ("DomainError", "ValidationError", "PermissionDenied", "NotFound", "ConfigError",
                                       "DatabaseUnavailable", "ExportFileError", "PlatformError", "InvalidRange")}}
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"

# Plural forms from each language's CLDR rules (Babel's Locale(...).plural_form), for whole numbers n, in the
# order gettext indexes them. Arabic: zero, one, two, few (n % 100 in 3..10), many (n % 100 in 11..99), other.
# French and Spanish: one, many (a non-zero multiple of a million: "1 000 000 de jours"), other.
# tests/core/test_catalogues.py checks every expression against CLDR's rule for n = 0..1200 and large numbers.
PLURAL_FORMS = {
    "en": (2, "(n != 1)"),
    "de": (2, "(n != 1)"),
    "ar": (6, "(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n % 100 >= 3 && n % 100 <= 10 ? 3 : "
              "n % 100 >= 11 && n % 100 <= 99 ? 4 : 5)"),
    "fr": (3, "(n == 0 || n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2)"),
    "es": (3, "(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2)"),
}
PLURAL_TAGS = {"en": ("one", "other"), "de": ("one", "other"), "ar": ("zero", "one", "two", "few", "many", "other"),
               "fr": ("one", "many", "other"), "es": ("one", "many", "other")}


def po_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract() -> Catalog:
    with open(ROOT / "babel.cfg") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    catalog = Catalog(project="Creator Portal", msgid_bugs_address="", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS, comment_tags=("Translators:",), strip_comment_tags=True):
        flags = {"python-brace-format"} if _fields(message if isinstance(message, str) else message[0]) else set()
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context, flags=flags)
    return catalog


def _fields(text: str) -> list[str]:
    try:
        return sorted(f for _, f, _, _ in string.Formatter().parse(text) if f is not None and f != "")
    except ValueError:
        return []


def write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as out:
        write_po(out, catalog, width=116, sort_output=False, omit_header=False)


def read(path: Path, locale: str | None = None) -> Catalog:
    with open(path, "rb") as src:
        catalog = read_po(src, locale=locale, domain=DOMAIN)
    if locale in PLURAL_FORMS:
        catalog._num_plurals, catalog._plural_expr = PLURAL_FORMS[locale]
    return catalog


def update(template) -> None:
    """template: a function returning the template catalogue (called once per language)."""
    for locale in LOCALES:
        path = po_path(locale)
        catalog = read(path, locale) if path.exists() else Catalog(locale=locale, domain=DOMAIN, charset="utf-8")
        catalog._num_plurals, catalog._plural_expr = PLURAL_FORMS[locale]
        catalog.project, catalog.version, catalog.fuzzy = "Creator Portal", "1", False
        catalog.header_comment = f"# {Locale.parse(locale).english_name} messages of the Creator Portal."
        catalog.update(template(), no_fuzzy_matching=True)  # a fresh copy: update() adopts its messages
        catalog.obsolete.clear()
        if locale == "en":  # English is the source: every message translates to itself
            for message in catalog:
                if message.id and not _translated(message):
                    message.string = message.id
        write(catalog, path)


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return bool(strings) and all(strings)


def compile_all() -> None:
    for locale in LOCALES:
        catalog = read(po_path(locale), locale)
        for message in list(catalog):  # an untranslated message falls back to English, not to an empty text
            if message.id and not _translated(message):
                catalog.delete(message.id, message.context)
        with open(po_path(locale).with_suffix(".mo"), "wb") as out:
            write_mo(out, catalog, use_fuzzy=False)


def problems(locale: str, template: Catalog | None = None) -> list[str]:
    """What keeps a language's catalogue from being complete: missing, untranslated, fuzzy, broken placeholders."""
    catalog = read(po_path(locale), locale)
    out = []
    if template is not None:
        for message in template:
            if message.id and catalog.get(message.id, message.context) is None:
                out.append(f"{locale}: missing {message.id!r}")
    for message in catalog:
        if not message.id:
            continue
        ident = message.id if isinstance(message.id, str) else message.id[0]
        if message.fuzzy:
            out.append(f"{locale}: fuzzy {ident!r}")
        if not _translated(message):
            out.append(f"{locale}: untranslated {ident!r}")
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        wanted = set(_fields(ids[-1])) | set(_fields(ids[0]))
        for text in strings:
            have = set(_fields(text))
            # a plural form may say its number in words ("يومان"): only {n} may be left out, and only there
            allowed_gap = {"n"} if len(ids) > 1 else set()
            if not have <= wanted or not (wanted - have) <= allowed_gap:
                out.append(f"{locale}: placeholders differ in {ident!r}: {text!r}")
    return out


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "extract":
        write(extract(), TEMPLATE)
    elif command == "update":
        update(lambda: read(TEMPLATE))
    elif command == "compile":
        compile_all()
    elif command == "all":
        template = extract()
        write(template, TEMPLATE)
        update(lambda: read(TEMPLATE))
        compile_all()
    elif command == "check":
        template = read(TEMPLATE)
        found = [p for locale in LOCALES for p in problems(locale, template)]
        print("\n".join(found) or "every catalogue is complete")
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
