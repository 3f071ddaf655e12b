"""Connect in local mode, in headless Chromium: a demo person chosen from the local-mode list opens Accounts, clicks
Connect YouTube, allows access on the fake Google OAuth server (127.0.0.1, PKCE checked there), and the platform
sends the browser back into a new Streamlit session: the local-mode cookie finds the same demo person, the page
finishes the connection with `code` and `state`, and the account is Maya's. The platform's API answers from the
recorded responses (tests/support/platform_replay.py); only the OAuth dance is live."""
from __future__ import annotations

import time

import psycopg
import pytest
from psycopg.rows import dict_row

from services.demo.people import demo_person
from services.people import local_cookie
from tests.support.browser import RENDER_TIMEOUT, StreamlitServer, diagnose, running
from tests.support.connections import CIPHER, KEY
from tests.support.demo_browser import chromium_page, connect_youtube, wait_idle

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

pytestmark = pytest.mark.browser
STEP_TIMEOUT = 30_000
SEED_DAYS = 30  # days of demo history in demo_db (tests/accounts/conftest.py)


@pytest.fixture(scope="module")
def portal(demo_db, fake_google, browser_dir):
    """Local mode (no [auth]) with YouTube registered against the fake Google."""
    secrets = (f'[database]\nurl = "{demo_db}"\n\n[portal]\ntoken_encryption_key = "{KEY}"\n'
               + fake_google.portal_secrets())
    with running(StreamlitServer("accounts-local", secrets, browser_dir / "portal")) as server:
        yield server


@pytest.fixture(scope="module")
def page(portal):
    with chromium_page({"width": 1280, "height": 900}) as page:
        yield page


def _remembered(page, timeout: float = STEP_TIMEOUT / 1000) -> dict:
    """The local-mode cookie once the page has had the browser store it (it is HttpOnly: only the context sees it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [c for c in page.context.cookies() if c["name"] == local_cookie.COOKIE_NAME]
        if found:
            return found[0]
        page.wait_for_timeout(100)
    raise AssertionError("the browser never stored the local-mode cookie")


def test_a_demo_person_in_local_mode_connects_youtube_through_the_platforms_sign_in(page, portal, fake_google,
                                                                                     demo_db, browser_dir):
    with diagnose(portal, page=page, artifacts=browser_dir):
        page.goto(portal.url + "/", wait_until="domcontentloaded")
        page.get_by_role("button", name="Sign in as Maya").click(timeout=RENDER_TIMEOUT)
        expect(page.get_by_role("heading", name="Welcome back, Maya")).to_be_visible(timeout=RENDER_TIMEOUT)
        _remembered(page)

        page.goto(portal.url + "/accounts", wait_until="domcontentloaded")  # a new session: the cookie signs in
        expect(page.get_by_role("heading", name="Connected accounts")).to_be_visible(timeout=RENDER_TIMEOUT)
        wait_idle(page)
        expect(page.get_by_text("Connecting needs a sign-in")).to_have_count(0)
        connect_youtube(page, portal, fake_google)
        expect(page.get_by_test_id("stSidebar").get_by_text("Maya Okafor")).to_be_visible()

    assert fake_google.errors == []
    (exchange,) = [r for r in fake_google.token_requests if r["grant_type"] == "authorization_code"]
    assert exchange["redirect_uri"] == f"{portal.url}/accounts"
    with psycopg.connect(demo_db, row_factory=dict_row) as conn:
        row = conn.execute("select handle, status, access_token_encrypted from public.social_accounts "
                           "where creator_id = %s and platform = 'youtube'",
                           (demo_person("maya").person().id,)).fetchone()
        consumed = conn.execute("select count(*) filter (where consumed_at is not null) as used, count(*) as made "
                                "from public.oauth_states").fetchone()
    assert (row["handle"], row["status"]) == ("@leoplaysindie", "connected")
    assert CIPHER.decrypt(row["access_token_encrypted"]) == "ya29.a0AfB_byExampleAccessTokenForTests0001"
    assert consumed == {"used": 1, "made": 1}
