"""The catalogues: every message in every language, compiled as written, plural forms as CLDR defines them."""
from __future__ import annotations

import gettext
import importlib.util
from pathlib import Path

import pytest
from babel import Locale

from portal import i18n

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "scripts" / "i18n.py")
tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tool)


def _ids(catalog) -> set:
    return {(m.context, m.id) for m in catalog if m.id}


@pytest.fixture(scope="module")
def template():
    return tool.extract()


def test_the_committed_template_holds_every_message_of_the_code_and_the_rule_files(template):
    committed = tool.read(tool.TEMPLATE)
    assert _ids(template) - _ids(committed) == set(), "new messages: run `python scripts/i18n.py all`"
    assert _ids(committed) - _ids(template) == set(), "messages no longer used: run `python scripts/i18n.py all`"


@pytest.mark.parametrize("locale", i18n.LOCALES)
def test_every_catalogue_translates_every_message_with_its_placeholders(locale, template):
    assert tool.problems(locale, template) == []


@pytest.mark.parametrize("locale", i18n.LOCALES)
def test_the_compiled_catalogue_is_the_po_file_as_written(locale):
    catalog = tool.read(tool.po_path(locale), locale)
    expected = {}
    for m in catalog:
        if not m.id or m.fuzzy or not tool._translated(m):
            continue
        key = m.id if not m.context else f"{m.context}\x04{m.id}"
        if isinstance(m.id, tuple):
            key = m.id[0] if not m.context else f"{m.context}\x04{m.id[0]}"
            expected.update({(key, i): text for i, text in enumerate(m.string)})
        else:
            expected[key] = m.string
    with open(tool.po_path(locale).with_suffix(".mo"), "rb") as mo:
        compiled = {k: v for k, v in gettext.GNUTranslations(mo)._catalog.items() if k != ""}
    assert compiled == expected, "run `python scripts/i18n.py compile`"


@pytest.mark.parametrize("locale", i18n.LOCALES)
def test_plural_forms_pick_the_form_cldr_names(locale):
    """The header's expression against Babel's CLDR rule, for every whole number up to 1,200 and a few large ones."""
    count, expression = tool.PLURAL_FORMS[locale]
    pick = gettext.c2py(expression)
    rule = Locale.parse(locale).plural_form
    tags = tool.PLURAL_TAGS[locale]
    assert len(tags) == count
    for n in [*range(0, 1201), 1_000_000, 1_000_001, 2_000_000, 10_000_000, 123_456_789]:
        assert tags[pick(n)] == rule(n), n


@pytest.mark.parametrize("n, form", [(0, "zero"), (1, "one"), (2, "two"), (3, "few"), (10, "few"), (11, "many"),
                                     (99, "many"), (100, "other"), (101, "other"), (103, "few"), (111, "many")])
def test_arabic_has_six_forms_chosen_by_the_last_two_digits(n, form):
    """CLDR's Arabic rule, written out by hand: zero 0; one 1; two 2; few n % 100 in 3..10; many n % 100 in 11..99;
    other the rest (100, 101, 102, …)."""
    count, expression = tool.PLURAL_FORMS["ar"]
    assert tool.PLURAL_TAGS["ar"][gettext.c2py(expression)(n)] == form


def test_a_document_is_written_in_its_own_language_whoever_reads_it(monkeypatch):
    monkeypatch.setattr(i18n.session, "locale", lambda: "en")
    assert i18n.t("Sign out") == "Sign out"
    with i18n.using("ar"):
        assert i18n.t("Sign out") == "تسجيل الخروج"
        assert i18n.is_rtl()
    assert i18n.t("Sign out") == "Sign out"
    with i18n.using("xx"):
        assert i18n.t("Sign out") == "Sign out", "an unknown language writes English"


@pytest.mark.parametrize("n, form", [(0, 0), (1, 1), (2, 2), (3, 3), (11, 4), (100, 5)])
def test_an_arabic_sentence_about_n_things_uses_the_form_cldr_names_for_n(n, form, monkeypatch):
    """0 zero, 1 one, 2 two (dual), 3 few, 11 many, 100 other: the form is read from the .po file as written."""
    singular, plural = "{n} payout overdue: it was due {date}.", "{n} payouts overdue: the oldest was due {date}."
    forms = tool.read(tool.po_path("ar"), "ar").get((singular, plural)) or tool.read(tool.po_path("ar"), "ar").get(singular)
    assert forms is not None and len(forms.string) == 6 and len(set(forms.string)) >= 4, "six forms, mostly different"
    monkeypatch.setattr(i18n.session, "locale", lambda: "ar")
    assert i18n.tn(singular, plural, n, date="1 Oct") == forms.string[form].format(n=n, date="1 Oct")
