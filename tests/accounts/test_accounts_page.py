"""The Accounts page (AppTest): without platform apps it says in one line per platform whom to ask, links
to the Import page where that page reads the platform's files, shows no operator set-up (that is in
docs/platform-apps.md), and never calls an account on such a platform connected; with one, Connect sends the browser to the platform
(a local fake on 127.0.0.1), the page finishes the connection from `code` and `state`, syncs with a
progress display, shows status, last sync and token expiry, and disconnects."""
from __future__ import annotations

import datetime as dt
import re
import uuid

from services.core.db.gateway import person_id_for
from tests.support.app import app_for, as_read, texts
from tests.support.connections import CIPHER, KEY

ISSUER = "https://idp.test"
PUBLIC = "https://portal.example.com"


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


def page_links(at) -> list[tuple[str, str]]:
    return [(e.proto.page.rsplit("/", 1)[-1], as_read(e.proto.label)) for e in at.get("page_link")]


def add_account(admin_conn, creator_id, platform, handle, *, status="connected", token=True, synced=None):
    return admin_conn.execute(
        "insert into public.social_accounts (creator_id, platform, handle, platform_account_id, status, "
        "access_token_encrypted, token_expires_at, last_synced_at) values (%s, %s, %s, %s, %s, %s, %s, %s) returning id",
        (creator_id, platform, handle, f"{platform}-{uuid.uuid4().hex[:8]}", status,
         CIPHER.encrypt("t") if token else None,
         dt.datetime(2026, 12, 30, tzinfo=dt.timezone.utc) if token else None, synced)).fetchone()["id"]


OPERATOR_WORDS = ("client_secret", "client_id", "secrets.toml", "token_encryption_key", "redirect URI",
                  "Redirect URI", "console", "developers.", "instagram_business_manage_insights", "Login Kit",
                  "YouTube Analytics API", "scope", "operator", "register")


def test_without_platform_apps_each_platform_gets_one_line_and_the_import_link_and_no_operator_guide(admin_url):
    at, _ = open_accounts(admin_url, secrets_for(admin_url, platforms=False))
    page = texts(at)
    for name in ("Instagram", "TikTok", "YouTube", "Twitch", "Reddit", "Discord"):
        assert page.count(f"Ask the person who runs this portal to enable {name}.") == 1, page
    assert sorted(page_links(at)) == [("import", "Import your Instagram files instead"),
                                      ("import", "Import your TikTok files instead"),
                                      ("import", "Import your YouTube files instead")]  # the exports Import reads
    assert [w for w in OPERATOR_WORDS if w in page] == [], page
    assert at.code == [] and at.expander == []
    assert "not set up on this portal" not in page
    assert not [b for b in at.button if (b.key or "").startswith(("connect_", "sync_"))]


def test_an_account_on_a_platform_this_portal_has_no_app_for_never_reads_connected_or_offers_sync(
        admin_url, admin_conn, fake_google):
    at, creator_id = open_accounts(admin_url, secrets_for(admin_url, fake_google))  # only YouTube has an app
    with_tokens = add_account(admin_conn, creator_id, "instagram", "maya.rewears",
                              synced=dt.datetime(2026, 11, 19, 6, tzinfo=dt.timezone.utc))
    add_account(admin_conn, creator_id, "tiktok", "mayarewears", token=False)  # a demo account, stored as connected
    add_account(admin_conn, creator_id, "twitch", "maya_live", status="needs_reauth")
    at.run()
    assert not at.exception, at.exception
    page = texts(at)
    lines = {line.split(" · ")[0]: line for line in page.splitlines() if " · " in line}
    assert lines["**maya.rewears**"].endswith("Not syncing: Instagram is not enabled on this portal"), lines
    assert lines["**mayarewears**"].endswith("Not syncing: TikTok is not enabled on this portal"), lines
    assert lines["**maya_live**"].endswith("Not syncing: Twitch is not enabled on this portal"), lines
    assert [line for line in lines.values() if "Connected" in line] == []
    assert "no longer accepts this connection" not in page
    assert "renewed automatically" not in page, "nothing renews a token without the platform's app"
    assert "Last synced" in page, "what was synced before is still shown"
    assert not [b for b in at.button if (b.key or "").startswith("sync_")]
    assert f"disconnect_{with_tokens}" in [b.key for b in at.button], "the stored tokens can still be deleted"
    assert "Ask the person who runs this portal to enable Instagram." in page
    assert "Ask the person who runs this portal to enable YouTube." not in page
    assert [b.label for b in at.button if (b.key or "").startswith("connect_")] == ["Connect YouTube"]
    assert ("import", "Import your YouTube files instead") not in page_links(at)


def test_an_account_stored_as_connected_without_tokens_reads_not_connected_and_offers_connect(
        admin_url, admin_conn, fake_google):
    at, creator_id = open_accounts(admin_url, secrets_for(admin_url, fake_google))
    add_account(admin_conn, creator_id, "youtube", "@demo", token=False)
    at.run()
    assert not at.exception, at.exception
    page = texts(at)
    assert "**@demo** · :material/link_off: Not connected" in page, page
    assert [line for line in page.splitlines() if line.endswith("Connected")] == []
    assert not [b for b in at.button if (b.key or "").startswith("sync_")]
    assert "Connect YouTube" in [b.label for b in at.button]


def test_connect_stores_a_state_and_sends_the_browser_to_the_platform(admin_url, admin_conn, fake_google):
    at, creator_id = open_accounts(admin_url, secrets_for(admin_url, fake_google))
    assert "Ask the person who runs this portal to enable Twitch." in texts(at)  # only YouTube is configured
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
    secrets = secrets_for(admin_url, fake_google)
    secrets["platforms"]["reddit"] = {"client_id": "reddit-client-id", "client_secret": "reddit-client-secret"}
    at, creator_id = open_accounts(admin_url, secrets, subject)
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
