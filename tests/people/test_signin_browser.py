"""End to end in headless Chromium: the portal served by a real `streamlit run`, signing in locally
as a demo person and through a real OpenID Connect provider (oidc-provider-mock), and signing out.

Each Streamlit server starts once for this module and reads its own temporary secrets file, whose
[database] url is a fresh migrated database in the test run's embedded PostgreSQL."""
from __future__ import annotations

import os
import re
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from psycopg.rows import dict_row

from services.core import formatting as fmt
from services.audience import home
from services.core.db.gateway import person_id_for
from services.core.db.postgres import PostgresGateway, make_pool
from services.demo.people import demo_person
from services.people import local_cookie
from tests.support.browser import (RENDER_TIMEOUT, ROOT, OidcProviderMock, StreamlitServer, diagnose,
                                   mock_sign_in_secrets, running)
from tests.support.databases import fresh_database, seeded_demo
from tests.support.demo_browser import chromium_fixtures, oidc_provider_fixture, wait_idle

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

pytestmark = pytest.mark.browser

SCREENSHOT = ROOT / "docs" / "screenshot-home.png"


def workdir_shot() -> Path:
    return Path(tempfile.gettempdir()) / "portal-home-screenshot.png"
VIEWPORT = {"width": 1280, "height": 900}
SEED_DAYS = 120
STEP_TIMEOUT = 30_000  # milliseconds for a step after the first render


# -- fixtures ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser_workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("browser")


@pytest.fixture(scope="module")
def browser_db(database):
    """A fresh, migrated database in the session's embedded server, only for this module's portals:
    (admin url, privileged pool)."""
    with fresh_database(database, "browser") as url:
        pool = make_pool(url)
        yield url, pool
        pool.close()


@pytest.fixture(scope="module")
def seeded_db(browser_db):
    """browser_db with the demo workspace (SEED_DAYS of history, for speed)."""
    url, pool = browser_db
    seeded_demo(url, pool, days=SEED_DAYS)
    return browser_db


def _secrets_database(url: str) -> str:
    return f'[database]\nurl = "{url}"\n'


@pytest.fixture(scope="module")
def local_portal(seeded_db, browser_workdir):
    """The portal in local mode (no [auth]) on localhost, over the seeded database."""
    with running(StreamlitServer("local", _secrets_database(seeded_db[0]), browser_workdir / "local")) as server:
        yield server


oidc_provider = oidc_provider_fixture()


@pytest.fixture(scope="module")
def oidc_portal(browser_db, oidc_provider, browser_workdir):
    """The portal with one OpenID Connect provider, [auth.mock], pointing at oidc-provider-mock."""
    server = StreamlitServer("oidc", "", browser_workdir / "oidc-portal")
    server.secrets = _secrets_database(browser_db[0]) + mock_sign_in_secrets(server, oidc_provider)
    with running(server):
        yield server


chromium, page = chromium_fixtures(VIEWPORT)  # a fresh browser context (no cookies) per test


# -- page helpers -----------------------------------------------------------------------------------

def _open(page, server: StreamlitServer) -> None:
    page.goto(server.url + "/", wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name="Creator Portal")).to_be_visible(timeout=RENDER_TIMEOUT)


def _sign_in_locally(page, server: StreamlitServer, key: str = "maya") -> None:
    _open(page, server)
    first_name = demo_person(key).display_name.split()[0]
    page.get_by_role("button", name=f"Sign in as {first_name}").click()
    expect(page.get_by_role("heading", name=f"Welcome back, {first_name}")).to_be_visible(timeout=RENDER_TIMEOUT)
    wait_idle(page)


def _sign_in_with_mock(page, server: StreamlitServer, provider: OidcProviderMock, subject: str) -> None:
    _open(page, server)
    page.get_by_role("button", name="Sign in with Mock").click()
    page.wait_for_url(f"{provider.issuer}/oauth2/authorize**", timeout=STEP_TIMEOUT)
    page.fill("input[name=sub]", subject)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(rf"^{re.escape(server.url)}/"), timeout=STEP_TIMEOUT)
    expect(page.get_by_role("heading", name=re.compile(r"^Welcome back"))).to_be_visible(timeout=RENDER_TIMEOUT)
    wait_idle(page)


def _sign_out(page) -> None:
    page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()


def _local_cookie(page, *, present: bool = True) -> dict | None:
    """The local-mode cookie once the page has had the browser store (or drop) it. It is HttpOnly, so the page's
    scripts cannot see it; the browser context can."""
    deadline = time.monotonic() + STEP_TIMEOUT / 1000
    while True:
        found = [c for c in page.context.cookies() if c["name"] == local_cookie.COOKIE_NAME]
        if bool(found) == present:
            return found[0] if found else None
        if time.monotonic() > deadline:
            raise AssertionError(f"the local-mode cookie is {'missing' if present else 'still there'}")
        page.wait_for_timeout(100)


# -- tests ------------------------------------------------------------------------------------------

def test_local_sign_in_shows_the_demo_numbers(page, local_portal, seeded_db, browser_workdir):
    maya = demo_person("maya")
    summary = home.summary(PostgresGateway(seeded_db[1], maya.person()), home.HOME_DAYS)
    assert summary.has_data, "the seed gave Maya no numbers"
    followers, posts = fmt.number(summary.total_followers, maya.locale), fmt.number(summary.posts_in_period, maya.locale)

    with diagnose(local_portal, page=page, artifacts=browser_workdir):
        _open(page, local_portal)
        expect(page.get_by_text("Local mode: anyone who can open this page")).to_be_visible()
        expect(page.get_by_role("heading", name="Choose a demo person")).to_be_visible()

        page.get_by_role("button", name="Sign in as Maya").click()
        expect(page.get_by_role("heading", name="Welcome back, Maya")).to_be_visible(timeout=RENDER_TIMEOUT)
        values = page.get_by_test_id("stMetricValue")
        expect(values).to_have_count(3)
        expect(values.nth(0)).to_have_text(followers)
        expect(values.nth(1)).to_have_text(posts)
        body = page.inner_text("body")
        assert followers in body and posts in body
        expect(page.get_by_text("Local mode: anyone who can open this page")).to_be_visible()

        # The follower-growth chart has drawn its lines before the README screenshot is taken.
        chart = page.get_by_test_id("stPlotlyChart")
        expect(chart.locator(".main-svg .scatterlayer .trace").first).to_be_attached(timeout=RENDER_TIMEOUT)
        wait_idle(page)
        page.wait_for_timeout(500)  # let Plotly's resize settle
        # The README's screenshot is refreshed only when asked, so a test run leaves the tree clean.
        target = SCREENSHOT if os.environ.get("PORTAL_UPDATE_SCREENSHOT") else workdir_shot()
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target))
    assert target.stat().st_size > 10_000


def test_oidc_sign_in_creates_a_profile(page, oidc_portal, oidc_provider, browser_db, browser_workdir):
    subject = f"new-creator-{uuid.uuid4().hex[:12]}"
    email = f"{subject}@example.test"
    oidc_provider.set_user(subject, {"email": email, "name": "Nova Quinn"})

    with diagnose(oidc_portal, oidc_provider, page=page, artifacts=browser_workdir):
        _open(page, oidc_portal)
        expect(page.get_by_role("button", name="Sign in with Mock")).to_be_visible()
        wait_idle(page)
        expect(page.get_by_text("Choose a demo person")).to_have_count(0)
        expect(page.get_by_text("Local mode:")).to_have_count(0)

        _sign_in_with_mock(page, oidc_portal, oidc_provider, subject)
        expect(page.get_by_role("heading", name="Welcome back, Nova")).to_be_visible()
        expect(page.get_by_text("No numbers yet")).to_be_visible()
        expect(page.get_by_test_id("stMetricValue")).to_have_count(0)

    with psycopg.connect(browser_db[0], row_factory=dict_row) as conn:
        rows = conn.execute(
            "select p.id::text as id, p.role, p.display_name, p.email as profile_email, i.issuer, i.subject, i.email"
            " from public.identities i join public.profiles p on p.id = i.profile_id"
            " where i.issuer = %s and i.subject = %s", (oidc_provider.issuer, subject)).fetchall()
    assert len(rows) == 1, rows
    row = rows[0]
    assert row["id"] == person_id_for(oidc_provider.issuer, subject)
    assert (row["role"], row["display_name"], row["profile_email"], row["email"]) == (
        "creator", "Nova Quinn", email, email)


def test_local_sign_out_returns_to_the_sign_in_page(page, local_portal, browser_workdir):
    with diagnose(local_portal, page=page, artifacts=browser_workdir):
        _sign_in_locally(page, local_portal, "maya")
        expect(page.get_by_test_id("stMetricValue")).to_have_count(3, timeout=RENDER_TIMEOUT)

        _sign_out(page)
        expect(page.get_by_role("heading", name="Choose a demo person")).to_be_visible()
        expect(page.get_by_role("heading", name=re.compile("Welcome back"))).to_have_count(0)
        expect(page.get_by_test_id("stMetricValue")).to_have_count(0)
        expect(page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out")).to_have_count(0)

        # Still signed out after a reload: nothing about Maya survives in the browser.
        _local_cookie(page, present=False)
        page.reload(wait_until="domcontentloaded")
        expect(page.get_by_role("heading", name="Choose a demo person")).to_be_visible(timeout=RENDER_TIMEOUT)
        expect(page.get_by_role("heading", name=re.compile("Welcome back"))).to_have_count(0)


def test_the_local_demo_person_survives_a_reload_until_sign_out(page, local_portal, browser_workdir):
    with diagnose(local_portal, page=page, artifacts=browser_workdir):
        _sign_in_locally(page, local_portal, "leo")
        cookie = _local_cookie(page)
        assert (cookie["httpOnly"], cookie["sameSite"], cookie["path"], cookie["secure"]) == (True, "Lax", "/", False)
        days_left = (cookie["expires"] - time.time()) / 86_400
        assert local_cookie.MAX_AGE.days - 1 < days_left <= local_cookie.MAX_AGE.days, days_left
        assert cookie["value"].startswith("leo.")

        page.reload(wait_until="domcontentloaded")
        expect(page.get_by_role("heading", name="Welcome back, Leo")).to_be_visible(timeout=RENDER_TIMEOUT)
        expect(page.get_by_role("heading", name="Choose a demo person")).to_have_count(0)
        wait_idle(page)

        # A cookie changed in the browser (another person under Leo's signature) signs nobody in.
        forged = dict(cookie, value=cookie["value"].replace("leo.", "maya.", 1))
        page.context.add_cookies([{k: forged[k] for k in ("name", "value", "domain", "path", "expires", "httpOnly",
                                                          "secure", "sameSite")}])
        page.reload(wait_until="domcontentloaded")
        expect(page.get_by_role("heading", name="Choose a demo person")).to_be_visible(timeout=RENDER_TIMEOUT)
        page.context.add_cookies([{k: cookie[k] for k in ("name", "value", "domain", "path", "expires", "httpOnly",
                                                          "secure", "sameSite")}])
        page.reload(wait_until="domcontentloaded")
        expect(page.get_by_role("heading", name="Welcome back, Leo")).to_be_visible(timeout=RENDER_TIMEOUT)
        wait_idle(page)

        _sign_out(page)
        expect(page.get_by_role("heading", name="Choose a demo person")).to_be_visible()
        assert _local_cookie(page, present=False) is None
        page.reload(wait_until="domcontentloaded")
        expect(page.get_by_role("heading", name="Choose a demo person")).to_be_visible(timeout=RENDER_TIMEOUT)
        expect(page.get_by_role("heading", name=re.compile("Welcome back"))).to_have_count(0)


def test_oidc_sign_out_shows_the_provider_button_again(page, oidc_portal, oidc_provider, browser_workdir):
    subject = f"returning-creator-{uuid.uuid4().hex[:12]}"
    oidc_provider.set_user(subject, {"email": f"{subject}@example.test", "name": "Ravi Sen"})

    with diagnose(oidc_portal, oidc_provider, page=page, artifacts=browser_workdir):
        _sign_in_with_mock(page, oidc_portal, oidc_provider, subject)
        expect(page.get_by_role("heading", name="Welcome back, Ravi")).to_be_visible()

        _sign_out(page)
        # Streamlit ends the session at the provider too (its end_session_endpoint), which asks to confirm.
        page.wait_for_url(f"{oidc_provider.issuer}/oauth2/end_session**", timeout=STEP_TIMEOUT)
        page.get_by_role("button", name="End session").click()
        page.wait_for_url(re.compile(rf"^{re.escape(oidc_portal.url)}/"), timeout=STEP_TIMEOUT)
        expect(page.get_by_role("button", name="Sign in with Mock")).to_be_visible(timeout=RENDER_TIMEOUT)
        expect(page.get_by_role("heading", name=re.compile("Welcome back"))).to_have_count(0)

        # The identity cookie is gone: a reload stays signed out.
        page.reload(wait_until="domcontentloaded")
        expect(page.get_by_role("button", name="Sign in with Mock")).to_be_visible(timeout=RENDER_TIMEOUT)
        expect(page.get_by_role("heading", name=re.compile("Welcome back"))).to_have_count(0)
