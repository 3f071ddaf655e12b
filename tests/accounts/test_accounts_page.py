"""The Accounts page (AppTest): without platform apps it explains how to register each one, with the
exact redirect URI, and points to the Import page; with one, Connect sends the browser to the platform
(a local fake on 127.0.0.1), the page finishes the connection from `code` and `state`, syncs with a
progress display, shows status, last sync and token expiry, and disconnects."""
from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest

from services.core.db.gateway import person_id_for
from tests.support.app import app_for, texts
from tests.support.connections import CIPHER, KEY
from tests.support.fake_platform_server import FakeGoogle

ISSUER = "https://idp.test"
PUBLIC = "https://portal.example.com"


@pytest.fixture(scope="module")
def fake_google():
    server = FakeGoogle().start()
    yield server
    server.stop()


def secrets_for(admin_url, fake=None, *, platforms=True):
    secrets = {"database": {"url": admin_url}, "portal": {"public_url": PUBLIC}}
    if platforms:
        secrets["portal"]["token_encryption_key"] = KEY
        secrets["platforms"] = {"youtube": {"client_id": "youtube-client-id", "client_secret": "youtube-client-secret",
                                            **({"server_override": fake.origin} if fake else {})}}
    return secrets


def open_accounts(admin_url, secrets, subject=None):
    subject = subject or f"accounts-{uuid.uuid4().hex[:10]}"
    at = app_for(admin_url, issuer=ISSUER, subject=subject, email=f"{subject}@example.test", name="Ada Accounts",
                 secrets=secrets)
    at.run()
    assert not at.exception, at.exception
    at.switch_page("../pages/accounts/connected_accounts.py").run()
    assert not at.exception, at.exception
    return at, person_id_for(ISSUER, subject)


def html_bodies(at) -> list[str]:
    return [e.proto.body for e in at.get("html")]


def link_buttons(at) -> list[str]:
    return [e.proto.url for e in at.get("link_button")]


def test_without_platform_apps_the_page_explains_how_to_register_each_with_the_exact_redirect_uri(admin_url):
    at, _ = open_accounts(admin_url, secrets_for(admin_url, platforms=False))
    page = texts(at)
    for name in ("Instagram", "TikTok", "YouTube", "Twitch", "Reddit", "Discord"):
        assert f"{name} is not set up on this portal yet." in page
    assert [c.value for c in at.code].count(f"{PUBLIC}/accounts") == 7  # one per platform, and the operator's note
    assert "instagram_business_manage_insights" in page and "Login Kit" in page and "YouTube Analytics API" in page
    assert "[platforms.twitch] client_id and client_secret" in page
    assert "bring them in on the Import page" in page
    assert not [b for b in at.button if (b.key or "").startswith("connect_")]
    assert "token_encryption_key` is not set" in page


def test_connect_stores_a_state_and_sends_the_browser_to_the_platform(admin_url, admin_conn, fake_google):
    at, creator_id = open_accounts(admin_url, secrets_for(admin_url, fake_google))
    assert "Twitch is not set up on this portal yet." in texts(at)  # only YouTube is configured
    at.button(key="connect_youtube").click().run()
    assert not at.exception
    (url,) = link_buttons(at)
    assert url.startswith(f"{fake_google.origin}/o/oauth2/v2/auth?")
    assert f"window.location.assign({url!r}".replace("'", '"') in html_bodies(at)[0]
    params = dict(re.findall(r"[?&]([^=&]+)=([^&]*)", url))
    assert params["redirect_uri"] == "https%3A%2F%2Fportal.example.com%2Faccounts"
    pending = admin_conn.execute("select platform, consumed_at from public.oauth_states where creator_id = %s",
                                 (creator_id,)).fetchall()
    assert pending == [{"platform": "youtube", "consumed_at": None}]


def test_the_round_trip_connects_then_sync_now_shows_the_numbers_and_disconnect_removes_the_tokens(
        admin_url, admin_conn, fake_google):
    at, creator_id = open_accounts(admin_url, secrets_for(admin_url, fake_google))
    at.button(key="connect_youtube").click().run()
    (url,) = link_buttons(at)
    back = fake_google.authorize(url)
    assert set(back) >= {"code", "state"}

    for name, value in back.items():  # the platform sends the browser to the Accounts page
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    page = texts(at)
    assert "YouTube account @leoplaysindie is connected." in page, page
    assert dict(at.query_params) == {}
    row = admin_conn.execute("select id, status, access_token_encrypted from public.social_accounts "
                             "where creator_id = %s", (creator_id,)).fetchone()
    assert row["status"] == "connected"
    assert CIPHER.decrypt(row["access_token_encrypted"]) == "ya29.a0AfB_byExampleAccessTokenForTests0001"
    assert "access token expires" in page and "Not synced yet" in page
    token_request = fake_google.token_requests[-1]
    assert token_request["grant_type"] == "authorization_code" and len(token_request["code_verifier"]) >= 43

    at.button(key=f"sync_{row['id']}").click().run()
    assert not at.exception, at.exception
    page = texts(at)
    assert "Synced @leoplaysindie: 3 posts, 4 days, 17 audience shares." in page, page
    assert "Last synced" in page
    assert admin_conn.execute("select count(*) as n from public.posts where account_id = %s",
                              (row["id"],)).fetchone()["n"] == 3

    at.button(key=f"disconnect_{row['id']}").click().run()
    assert not at.exception, at.exception
    assert "@leoplaysindie is disconnected and its tokens are deleted." in texts(at)
    assert "YouTube revoked the access too." in texts(at)
    gone = admin_conn.execute("select status, access_token_encrypted from public.social_accounts where id = %s",
                              (row["id"],)).fetchone()
    assert gone == {"status": "disconnected", "access_token_encrypted": None}
    assert fake_google.errors == []


def test_a_state_that_does_not_match_is_refused_on_the_page(admin_url, fake_google):
    at, _ = open_accounts(admin_url, secrets_for(admin_url, fake_google))
    at.query_params["code"] = "4/0Aforged"
    at.query_params["state"] = "not-a-state-this-portal-issued"
    at.run()
    assert not at.exception
    assert "The account was not connected: This sign-in response does not match a connection you started here" \
        in texts(at)


def test_status_messages_and_communities_are_shown(admin_url, admin_conn, fake_google):
    subject = f"statuses-{uuid.uuid4().hex[:8]}"
    at, creator_id = open_accounts(admin_url, secrets_for(admin_url, fake_google), subject)
    parent = admin_conn.execute(
        "insert into public.social_accounts (creator_id, platform, handle, platform_account_id, status, status_message, "
        "access_token_encrypted, token_expires_at, last_synced_at) values (%s, 'reddit', 'u/leo', 'r1', 'needs_reauth', "
        "'Reddit refused to renew the token (invalid_grant). Connect the account again.', %s, %s, %s) returning id",
        (creator_id, CIPHER.encrypt("t"), dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc),
         dt.datetime(2026, 11, 19, 6, tzinfo=dt.timezone.utc))).fetchone()["id"]
    admin_conn.execute("insert into public.social_accounts (creator_id, platform, handle, platform_account_id, "
                       "parent_account_id, last_synced_at) values (%s, 'reddit', 'r/IndieCorner', 't5_1', %s, %s)",
                       (creator_id, parent, dt.datetime(2026, 11, 19, 6, tzinfo=dt.timezone.utc)))
    admin_conn.execute("insert into public.social_accounts (creator_id, platform, handle, platform_account_id, status, "
                       "status_message, access_token_encrypted) values (%s, 'youtube', '@broken', 'UCb', 'error', "
                       "'YouTube answered HTTP 503: The service is currently unavailable.', %s)",
                       (creator_id, CIPHER.encrypt("t")))
    at.run()
    page = texts(at)
    assert "Reddit no longer accepts this connection: connect it again." in page
    assert "invalid_grant" in page
    assert "r/IndieCorner" in page and "synced with this account" in page
    assert "The last sync failed: YouTube answered HTTP 503" in page
    assert "Reconnect YouTube" in [b.label for b in at.button]
