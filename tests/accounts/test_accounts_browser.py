"""The connect round trip in headless Chromium: a creator signed in through a real OpenID Connect
provider (oidc-provider-mock) opens Accounts, clicks Connect YouTube, allows access on a fake Google
OAuth server the test starts on 127.0.0.1 (PKCE checked there), comes back to the Accounts page with
`code` and `state`, sees the account connected, and syncs it."""
from __future__ import annotations

import re
import uuid

import psycopg
import pytest
from psycopg.rows import dict_row

from services.core.db.gateway import person_id_for
from tests.support.browser import RENDER_TIMEOUT, StreamlitServer, diagnose, mock_sign_in_secrets, running
from tests.support.connections import CIPHER, KEY
from tests.support.databases import fresh_database
from tests.support.demo_browser import chromium_page, connect_youtube, oidc_provider_fixture, wait_idle

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def accounts_db(database):
    with fresh_database(database, "accounts_browser") as url:
        yield url


oidc_provider = oidc_provider_fixture()


@pytest.fixture(scope="module")
def portal(accounts_db, oidc_provider, fake_google, browser_dir):
    server = StreamlitServer("accounts", "", browser_dir / "portal")
    server.secrets = (f'[database]\nurl = "{accounts_db}"\n\n[portal]\ntoken_encryption_key = "{KEY}"\n'
                      + fake_google.portal_secrets() + mock_sign_in_secrets(server, oidc_provider))
    with running(server):
        yield server


@pytest.fixture(scope="module")
def page(portal):
    with chromium_page({"width": 1280, "height": 900}) as page:
        yield page


def test_connect_round_trip_through_the_platforms_sign_in(page, portal, oidc_provider, fake_google, accounts_db,
                                                          browser_dir):
    subject = f"connector-{uuid.uuid4().hex[:10]}"
    oidc_provider.set_user(subject, {"email": f"{subject}@example.test", "name": "Cora Connect"})
    with diagnose(portal, oidc_provider, page=page, artifacts=browser_dir):
        page.goto(portal.url + "/", wait_until="domcontentloaded")
        page.get_by_role("button", name="Sign in with Mock").click(timeout=RENDER_TIMEOUT)
        page.wait_for_url(f"{oidc_provider.issuer}/oauth2/authorize**")
        page.fill("input[name=sub]", subject)
        page.get_by_role("button", name="Authorize").click()
        expect(page.get_by_role("heading", name="Welcome back, Cora")).to_be_visible(timeout=RENDER_TIMEOUT)

        page.goto(portal.url + "/accounts", wait_until="domcontentloaded")
        expect(page.get_by_role("heading", name="Connected accounts")).to_be_visible(timeout=RENDER_TIMEOUT)
        wait_idle(page)
        connect_youtube(page, portal, fake_google)

        page.get_by_role("button", name="Sync now").click()
        expect(page.get_by_text("Synced @leoplaysindie: 3 posts, 4 days, 17 audience shares.")).to_be_visible(
            timeout=RENDER_TIMEOUT)
        expect(page.get_by_text(re.compile("Last synced"))).to_be_visible()

    assert fake_google.errors == []
    (exchange,) = [r for r in fake_google.token_requests if r["grant_type"] == "authorization_code"]
    assert exchange["redirect_uri"] == f"{portal.url}/accounts"
    with psycopg.connect(accounts_db, row_factory=dict_row) as conn:
        row = conn.execute("select a.handle, a.status, a.access_token_encrypted, a.last_synced_at, "
                           "(select count(*) from public.posts p where p.account_id = a.id) as posts "
                           "from public.social_accounts a where a.creator_id = %s",
                           (person_id_for(oidc_provider.issuer, subject),)).fetchone()
        consumed = conn.execute("select count(*) filter (where consumed_at is not null) as used, count(*) as made "
                                "from public.oauth_states").fetchone()
    assert (row["handle"], row["status"], row["posts"]) == ("@leoplaysindie", "connected", 3)
    assert row["last_synced_at"] is not None
    assert CIPHER.decrypt(row["access_token_encrypted"]) == "ya29.a0AfB_byExampleAccessTokenForTests0001"
    assert consumed == {"used": 1, "made": 1}
