"""End to end in headless Chromium: a creator signs in locally, opens Import, uploads a TikTok Overview
through the file uploader, sees its rows and what will change, confirms, and the numbers are in the
database marked as imported."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import psycopg
import pytest
from psycopg.rows import dict_row

from services.demo.people import demo_person
from tests.support.browser import RENDER_TIMEOUT, diagnose
from tests.support.demo_browser import chromium_page, portal_on, wait_idle

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).parent / "fixtures" / "exports" / "tiktok" / "Overview.csv"
SEED_DAYS = 14  # days of demo history in demo_db (tests/accounts/conftest.py)


@pytest.fixture(scope="module")
def portal(demo_db, tmp_path_factory):
    with portal_on(demo_db, "imports", tmp_path_factory.mktemp("imports")) as server:
        yield server


@pytest.fixture
def page():
    with chromium_page() as page:
        yield page


def test_import_through_the_uploader(page, portal, demo_db, tmp_path):
    maya = demo_person("maya")
    with diagnose(portal, page=page, artifacts=tmp_path):
        page.goto(portal.url + "/", wait_until="domcontentloaded")
        page.get_by_role("button", name="Sign in as Maya").click(timeout=RENDER_TIMEOUT)
        expect(page.get_by_role("heading", name="Welcome back, Maya")).to_be_visible(timeout=RENDER_TIMEOUT)
        wait_idle(page)

        page.get_by_test_id("stSidebarNav").get_by_role("link", name="Import").click()
        expect(page.get_by_role("heading", name="Import platform exports")).to_be_visible(timeout=RENDER_TIMEOUT)
        wait_idle(page)
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(FIXTURE))

        expect(page.get_by_role("heading", name="TikTok Overview")).to_be_visible(timeout=RENDER_TIMEOUT)
        span = page.get_by_text(re.compile(r"^7 rows from Dec \d\d?, \d{4} to Jan 3, \d{4}$"))
        expect(span).to_be_visible()
        first, last = (dt.datetime.strptime(d, "%b %d, %Y").date()
                       for d in re.fullmatch(r"7 rows from (.+) to (.+)", span.inner_text().strip()).groups())
        expect(page.get_by_text(re.compile(r"TikTok's dates have no year: assumed"))).to_be_visible()
        expect(page.get_by_role("heading", name="What will change")).to_be_visible()
        wait_idle(page)
        # The file's dates have no year, so which of them the demo workspace already holds depends on the day the
        # suite runs (the clock is moved in CI): count them independently of the import code.
        with psycopg.connect(demo_db) as conn:
            held = conn.execute(
                "select count(*) from public.account_daily d join public.social_accounts a on a.id = d.account_id "
                "where a.creator_id = %s and a.platform = 'tiktok' and d.day between %s and %s",
                (maya.id, first, last)).fetchone()[0]
        page.get_by_role("button", name=f"Import: {7 - held} new and {held} updated rows").click()
        expect(page.get_by_text(re.compile(r"^Imported Overview\.csv: \d+ new and \d+ updated rows, marked as "
                                           r"imported\.$"))).to_be_visible(timeout=RENDER_TIMEOUT)

    with psycopg.connect(demo_db, row_factory=dict_row) as conn:
        row = conn.execute(
            "select count(*) as days, sum(d.views) as views, sum(d.profile_views) as profile_views, "
            "sum(d.likes) as likes from public.account_daily d join public.social_accounts a on a.id = d.account_id "
            "where a.creator_id = %s and a.platform = 'tiktok' and d.source = 'import'", (maya.id,)).fetchone()
        logged = conn.execute("select file_name, rows_read from public.imports where creator_id = %s",
                              (maya.id,)).fetchall()
    assert (row["days"], row["views"], row["profile_views"], row["likes"]) == (7, 55424, 575, 582)
    assert [(r["file_name"], r["rows_read"]) for r in logged] == [("Overview.csv", 7)]
