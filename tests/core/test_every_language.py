"""Every page, in every language the portal speaks: nothing left in English.

Two checks per page, as a demo creator and a demo brand partner who read that language: every message the page
looked up has a translation in the language's catalogue (tests/support/catalogues.py), and no English sentence of
the English catalogue appears in what the page shows (text that did not go through the catalogue would)."""
from __future__ import annotations

import re
import string

import psycopg
import pytest

from portal import i18n
from tests.support.app import texts
from tests.support.catalogues import record_missing
from tests.support.databases import demo_workspace, open_page

PAGES = {
    "maya": (None, "audience/audience", "audience/engagement", "offers/offers_inbox", "reports/reports_and_media_kit",
             "payouts/creator_payouts", "payouts/earnings", "offers/caption_checker", "people/brand_partners",
             "accounts/connected_accounts", "accounts/import_exports", "people/settings"),
    "sofia": (None, "offers/brand_offers", "reports/shared_reports", "links/promo_sales", "payouts/brand_payouts",
              "people/settings"),
}


@pytest.fixture(scope="module")
def demo(database):
    with demo_workspace(database, "every_language", days=30) as backend:
        yield backend


def english_sentences() -> dict[str, str]:
    """Literal runs of four words or more from the English catalogue's messages (placeholders cut them), each with
    the message it comes from."""
    catalog = i18n.catalogue("en")._catalog
    runs: dict[str, str] = {}
    for key in catalog:
        text = key[0] if isinstance(key, tuple) else key
        if not text or "\x04" in text:
            continue
        for literal, *_ in string.Formatter().parse(text.replace("{{", "").replace("}}", "")):
            for run in re.split(r"[*`_\n]|\]\(|\)", literal or ""):
                run = run.strip(" .,:;·—-()“”\"'")
                if len(run.split()) >= 4:
                    runs.setdefault(run, text)
    return runs


@pytest.mark.parametrize("locale", [locale for locale in i18n.LOCALES if locale != "en"])
def test_every_page_speaks_the_readers_language(demo, locale, monkeypatch):
    url = demo.admin_url
    english = english_sentences()
    translated = i18n.catalogue(locale)
    left: dict[str, list[str]] = {}
    missing = record_missing(monkeypatch)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("update public.profiles set locale = %s", (locale,))
        for person, pages in PAGES.items():
            for page in pages:
                shown = texts(open_page(url, person, page))
                # a run the translation keeps as it is (a name, a quoted label phrase) is not English left over
                found = [run for run, message in english.items()
                         if run in shown and run not in translated.gettext(message)]
                if found:
                    left[f"{person} {page or 'home'}"] = found
    assert missing == set(), f"looked up without a {locale} translation: {sorted(missing)}"
    assert left == {}, f"English left on {locale} pages"
