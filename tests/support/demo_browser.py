"""What the round-trip browser tests share: a fresh database seeded with the demo workspace, a
portal on it, one Chromium, and steps that wait for Streamlit to finish a run.

Each test module builds its fixtures from these in a few lines, so a fix here reaches all of them."""
from __future__ import annotations

import contextlib
import re

import pytest
from services.demo.people import demo_person
from tests.support.browser import RENDER_TIMEOUT, StreamlitServer, launch_chromium
from tests.support.databases import demo_workspace

VIEWPORT = {"width": 1280, "height": 1000}
STEP_TIMEOUT = 30_000
_IDLE = "() => document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState === 'notRunning'"


@contextlib.contextmanager
def seeded_database(database, label: str, days: int = 30):
    """A new database on the session server with the demo workspace: yields (admin url, pool)."""
    with demo_workspace(database, label, days=days) as backend:
        yield backend.admin_url, backend.pool


@contextlib.contextmanager
def portal_on(url: str, label: str, folder):
    server = StreamlitServer(label, f'[database]\nurl = "{url}"\n', folder)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def chromium_browser(playwright_sync):
    with playwright_sync.sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()


def module_fixtures(label: str):
    """The module fixtures of a round-trip test module, under the names its tests ask for: browser_dir (a folder
    for the portal and failure artifacts), db (a fresh demo database: admin url, pool), portal (the portal on it)
    and chromium. In the module: `browser_dir, db, portal, chromium = module_fixtures("home")`."""

    @pytest.fixture(scope="module")
    def browser_dir(tmp_path_factory):
        return tmp_path_factory.mktemp(f"{label}-browser")

    @pytest.fixture(scope="module")
    def db(database):
        with seeded_database(database, f"{label}_browser") as found:
            yield found

    @pytest.fixture(scope="module")
    def portal(db, browser_dir):
        with portal_on(db[0], label, browser_dir / "portal") as server:
            yield server

    @pytest.fixture(scope="module")
    def chromium():
        with chromium_browser(pytest.importorskip("playwright.sync_api")) as browser:
            yield browser

    return browser_dir, db, portal, chromium


def new_page(chromium):
    """A separate browser context (its own Streamlit session) and its page."""
    context = chromium.new_context(viewport=VIEWPORT, locale="en-GB")
    context.set_default_timeout(STEP_TIMEOUT)
    return context, context.new_page()


def wait_idle(page) -> None:
    """Until Streamlit has finished the current script run, so no element of the previous run is left."""
    page.wait_for_function(_IDLE, timeout=STEP_TIMEOUT)


def sign_in(page, server, key: str, expect) -> None:
    """A fresh page load (so other people's changes are read), signed in locally as a demo person. The cookie that
    remembers the last demo person is dropped first, so the load always starts at the sign-in screen."""
    page.context.clear_cookies()
    page.goto(server.url + "/", wait_until="domcontentloaded")
    first = demo_person(key).display_name.split()[0]
    page.get_by_role("button", name=f"Sign in as {first}").click(timeout=RENDER_TIMEOUT)
    expect(page.get_by_role("heading", name=re.compile(rf"^Welcome( back)?, \u2068?{first}"))).to_be_visible(
        timeout=RENDER_TIMEOUT)
    wait_idle(page)
