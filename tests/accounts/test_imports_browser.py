"""End to end in headless Chromium: a creator signs in locally, opens Import, uploads a TikTok Overview
through the file uploader, sees its rows and what will change, confirms, and the numbers are in the
database marked as imported."""
from __future__ import annotations

import re
import uuid
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from psycopg.rows import dict_row

from services.core.db import migrations
from services.core.db.postgres import make_pool
from services.demo.people import demo_person
from tests.support.browser import RENDER_TIMEOUT, StreamlitServer, diagnose, launch_chromium

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).parent / "fixtures" / "exports" / "tiktok" / "Overview.csv"
STEP_TIMEOUT = 30_000
SEED_DAYS = 14


@pytest.fixture(scope="module")
def import_db(database):
    """A fresh database with a small demo workspace (local mode signs in only as the demo people)."""
    from services.demo import seed
    from services.core.backend import Backend
    from services.core.config import Settings

    name = f"browser_imports_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(database.url(), autocommit=True) as conn:
        conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    url = database.url(name)
    migrations.migrate(url, log=lambda _m: None)
    pool = make_pool(url, max_size=2)
    try:
        seed.seed_demo(Backend(Settings(backend="postgres", database_url=url), admin_url=url, pool=pool),
                       days=SEED_DAYS)
    finally:
        pool.close()
    yield url
    with psycopg.connect(database.url(), autocommit=True) as conn:
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))


@pytest.fixture(scope="module")
def portal(import_db, tmp_path_factory):
    server = StreamlitServer("imports", f'[database]\nurl = "{import_db}"\n', tmp_path_factory.mktemp("imports"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def page():
    with playwright_sync.sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="en-GB")
        context.set_default_timeout(STEP_TIMEOUT)
        yield context.new_page()
        context.close()
        browser.close()


def _wait_idle(page) -> None:
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState === 'notRunning'",
        timeout=STEP_TIMEOUT)


def test_import_through_the_uploader(page, portal, import_db, tmp_path):
    maya = demo_person("maya")
    with diagnose(portal, page=page, artifacts=tmp_path):
        page.goto(portal.url + "/", wait_until="domcontentloaded")
        page.get_by_role("button", name="Sign in as Maya").click(timeout=RENDER_TIMEOUT)
        expect(page.get_by_role("heading", name="Welcome back, Maya")).to_be_visible(timeout=RENDER_TIMEOUT)
        _wait_idle(page)

        page.get_by_test_id("stSidebarNav").get_by_role("link", name="Import").click()
        expect(page.get_by_role("heading", name="Import platform exports")).to_be_visible(timeout=RENDER_TIMEOUT)
        _wait_idle(page)
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(FIXTURE))

        expect(page.get_by_role("heading", name="TikTok Overview")).to_be_visible(timeout=RENDER_TIMEOUT)
        expect(page.get_by_text(re.compile(r"^7 rows from \d\d Dec \d{4} to 03 Jan \d{4}$"))).to_be_visible()
        expect(page.get_by_text(re.compile(r"TikTok's dates have no year: assumed"))).to_be_visible()
        expect(page.get_by_role("heading", name="What will change")).to_be_visible()
        _wait_idle(page)
        page.get_by_role("button", name="Import 7 rows").click()
        expect(page.get_by_text(re.compile(r"^Imported Overview\.csv: \d+ new and \d+ updated rows, marked as "
                                           r"imported\.$"))).to_be_visible(timeout=RENDER_TIMEOUT)

    with psycopg.connect(import_db, row_factory=dict_row) as conn:
        row = conn.execute(
            "select count(*) as days, sum(d.views) as views, sum(d.profile_views) as profile_views, "
            "sum(d.likes) as likes from public.account_daily d join public.social_accounts a on a.id = d.account_id "
            "where a.creator_id = %s and a.platform = 'tiktok' and d.source = 'import'", (maya.id,)).fetchone()
        logged = conn.execute("select file_name, rows_read from public.imports where creator_id = %s",
                              (maya.id,)).fetchall()
    assert (row["days"], row["views"], row["profile_views"], row["likes"]) == (7, 55424, 575, 582)
    assert [(r["file_name"], r["rows_read"]) for r in logged] == [("Overview.csv", 7)]
