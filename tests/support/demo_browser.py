"""What the round-trip browser tests share: a fresh database seeded with the demo workspace, a
portal on it, one Chromium and its pages, the OpenID Connect provider mock, and steps (sign in, open from the
menu, press a button and see its confirmation, connect YouTube) that wait for Streamlit to finish a run.

Each test module builds its fixtures from these in a few lines, so a fix here reaches all of them."""
from __future__ import annotations

import contextlib
import re

import pytest
from services.demo.people import demo_person
from tests.support.browser import RENDER_TIMEOUT, OidcProviderMock, StreamlitServer, launch_chromium, running
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

    chromium, _page = chromium_fixtures()
    return browser_dir, db, portal, chromium


def chromium_fixtures(viewport: dict = VIEWPORT):
    """A module fixture `chromium` (one headless Chromium) and a per-test fixture `page` (a fresh context: its
    own Streamlit session, no cookies). In the module: `chromium, page = chromium_fixtures()`."""

    @pytest.fixture(scope="module")
    def chromium():
        with chromium_browser(pytest.importorskip("playwright.sync_api")) as browser:
            yield browser

    @pytest.fixture
    def page(chromium):
        context, page = new_page(chromium, viewport)
        yield page
        context.close()

    return chromium, page


def new_page(chromium, viewport: dict = VIEWPORT):
    """A separate browser context (its own Streamlit session) and its page."""
    context = chromium.new_context(viewport=viewport, locale="en-GB")
    context.set_default_timeout(STEP_TIMEOUT)
    return context, context.new_page()


@contextlib.contextmanager
def chromium_page(viewport: dict = VIEWPORT):
    """One headless Chromium with one context and its page, for a test (or module) that needs a single page."""
    with chromium_browser(pytest.importorskip("playwright.sync_api")) as browser:
        context, page = new_page(browser, viewport)
        try:
            yield page
        finally:
            context.close()


def wait_idle(page) -> None:
    """Until Streamlit has finished the current script run, so no element of the previous run is left."""
    page.wait_for_function(_IDLE, timeout=STEP_TIMEOUT)


def sign_in(page, server, key: str, expect=None) -> None:
    """A fresh page load (so other people's changes are read), signed in locally as a demo person. The cookie that
    remembers the last demo person is dropped first, so the load always starts at the sign-in screen."""
    expect = expect or _expect()
    page.context.clear_cookies()
    page.goto(server.url + "/", wait_until="domcontentloaded")
    first = demo_person(key).display_name.split()[0]
    page.get_by_role("button", name=f"Sign in as {first}").click(timeout=RENDER_TIMEOUT)
    expect(page.get_by_role("heading", name=re.compile(rf"^Welcome( back)?, \u2068?{first}"))).to_be_visible(
        timeout=RENDER_TIMEOUT)
    wait_idle(page)


def from_menu(page, title: str) -> None:
    """Opens the page `title` from the sidebar menu and waits until its heading of that title is drawn."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
    _expect()(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
    wait_idle(page)


def press(page, button: str, confirmation: str, *, within=None) -> None:
    """Clicks the button named `button` (inside the locator `within`, else anywhere on the page) and waits until
    `confirmation` is shown and the run has finished."""
    (within or page).get_by_role("button", name=button).click()
    _expect()(page.get_by_text(confirmation)).to_be_visible()
    wait_idle(page)


def connect_youtube(page, portal, google) -> None:
    """On the Accounts page: Connect YouTube, allow access on the fake Google (PKCE checked in its URL), and back on
    Accounts the account is connected and `code` and `state` are gone from the URL."""
    page.get_by_role("button", name="Connect YouTube").click()

    page.wait_for_url(f"{google.origin}/o/oauth2/v2/auth**", timeout=RENDER_TIMEOUT)
    assert re.search(r"[?&]code_challenge=[\w-]{43}", page.url) and "code_challenge_method=S256" in page.url
    page.get_by_role("button", name="Allow").click()

    page.wait_for_url(re.compile(rf"^{re.escape(portal.url)}/accounts"), timeout=STEP_TIMEOUT)
    _expect()(page.get_by_text("YouTube account @leoplaysindie is connected.")).to_be_visible(timeout=RENDER_TIMEOUT)
    wait_idle(page)
    assert "code=" not in page.url and "state=" not in page.url


@contextlib.contextmanager
def pages(chromium, count: int):
    """`count` separate browser contexts (one per person, each its own Streamlit session): yields their pages and
    closes the contexts afterwards."""
    opened = [new_page(chromium) for _ in range(count)]
    try:
        yield [page for _context, page in opened]
    finally:
        for context, _page in opened:
            context.close()


def oidc_provider_fixture():
    """A module fixture `oidc_provider`: oidc-provider-mock running for the module. In the module:
    `oidc_provider = oidc_provider_fixture()`."""

    @pytest.fixture(scope="module")
    def oidc_provider(tmp_path_factory):
        with running(OidcProviderMock(tmp_path_factory.mktemp("oidc"))) as provider:
            yield provider

    return oidc_provider


def _expect():
    return pytest.importorskip("playwright.sync_api").expect
