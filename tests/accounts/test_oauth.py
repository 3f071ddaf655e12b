"""Connecting an account: the authorization URL each platform documents, the code exchange (with PKCE
where supported), tokens stored encrypted, and the OAuth `state` refused when it does not match, has
expired, is replayed or belongs to someone else. Also disconnecting, key rotation, and the settings."""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import urllib.parse

import pytest
from cryptography.fernet import Fernet

from services.accounts import connected as accounts
from services.accounts import oauth
from services.accounts import sync
from services.core.config import load_settings
from services.accounts.connectors.base import PlatformError, TokenRevoked
from services.core.db.postgres import PostgresGateway
from services.core.errors import ConfigError, NotFound, ValidationError
from services.accounts.token_crypto import TokenCipher, TokenKeyMissing, TokenUnreadable, cipher_for
from services.core import clock
from tests.support import platform_replay as replay
from tests.support.connections import (CIPHER, KEY, NOW, SETTINGS, TOKENS, account, connect, new_creator,
                                       settings_for)
from tests.support.platform_replay import Reply

pytestmark = pytest.mark.usefixtures("recorded_day")  # they sync at the fixed instant NOW

REDIRECT = "https://portal.example.com/accounts"
PLATFORMS = list(replay.WORLDS)


@pytest.fixture
def creator_gateway(pool):
    return PostgresGateway(pool, new_creator(pool))


def params_of(url: str) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))


def pending_state(admin_conn, state: str) -> dict:
    return admin_conn.execute("select * from public.oauth_states where state_hash = %s",
                              (hashlib.sha256(state.encode()).hexdigest(),)).fetchone()


# -- the authorization URL ---------------------------------------------------------------------------------

EXPECTED_URL = {
    "instagram": ("www.instagram.com", "/oauth/authorize", {"client_id": "instagram-client-id", "response_type": "code",
                  "scope": "instagram_business_basic,instagram_business_manage_insights"}),
    "tiktok": ("www.tiktok.com", "/v2/auth/authorize/", {"client_key": "tiktok-client-id", "response_type": "code",
               "scope": "user.info.basic,user.info.profile,user.info.stats,video.list"}),
    "youtube": ("accounts.google.com", "/o/oauth2/v2/auth", {
        "client_id": "youtube-client-id", "response_type": "code", "access_type": "offline", "prompt": "consent",
        "scope": "https://www.googleapis.com/auth/youtube.readonly https://www.googleapis.com/auth/yt-analytics.readonly",
        "code_challenge_method": "S256"}),
    "twitch": ("id.twitch.tv", "/oauth2/authorize", {"client_id": "twitch-client-id", "response_type": "code",
               "scope": "moderator:read:followers"}),
    "reddit": ("www.reddit.com", "/api/v1/authorize", {"client_id": "reddit-client-id", "response_type": "code",
               "duration": "permanent", "scope": "identity mysubreddits read"}),
    "discord": ("discord.com", "/oauth2/authorize", {"client_id": "discord-client-id", "response_type": "code",
                "scope": "identify guilds"}),
}


@pytest.mark.parametrize("platform", PLATFORMS)
def test_connect_sends_the_person_to_the_documented_authorization_url(platform, creator_gateway, admin_conn):
    url = oauth.begin(creator_gateway, SETTINGS, platform, REDIRECT)
    host, path, expected = EXPECTED_URL[platform]
    parts, got = urllib.parse.urlsplit(url), params_of(url)
    assert (parts.scheme, parts.hostname, parts.path) == ("https", host, path)
    assert {k: got.get(k) for k in expected} == expected
    assert got["redirect_uri"] == REDIRECT
    if platform == "tiktok":
        assert "client_id" not in got  # TikTok names it client_key
    row = pending_state(admin_conn, got["state"])
    assert row is not None and row["platform"] == platform and row["consumed_at"] is None
    assert dt.timedelta(minutes=9) < row["expires_at"] - row["created_at"] <= dt.timedelta(minutes=10)
    assert row["redirect_uri"] == REDIRECT
    if platform == "youtube":  # PKCE: only the challenge leaves the server; the verifier is stored encrypted
        verifier = CIPHER.decrypt(row["code_verifier_encrypted"])
        assert verifier not in row["code_verifier_encrypted"] and 43 <= len(verifier) <= 128
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        assert got["code_challenge"] == challenge
    else:
        assert row["code_verifier_encrypted"] is None and "code_challenge" not in got


# -- the round trip ----------------------------------------------------------------------------------------

TOKEN_REQUEST = {  # platform: (token endpoint, fields the token request must carry, client authentication)
    "instagram": ("api.instagram.com/oauth/access_token",
                  {"client_id": "instagram-client-id", "client_secret": "instagram-client-secret"}, "body"),
    "tiktok": ("open.tiktokapis.com/v2/oauth/token/",
               {"client_key": "tiktok-client-id", "client_secret": "tiktok-client-secret"}, "body"),
    "youtube": ("oauth2.googleapis.com/token",
                {"client_id": "youtube-client-id", "client_secret": "youtube-client-secret"}, "body"),
    "twitch": ("id.twitch.tv/oauth2/token", {"client_id": "twitch-client-id", "client_secret": "twitch-client-secret"},
               "body"),
    "reddit": ("www.reddit.com/api/v1/access_token", {}, "basic"),
    "discord": ("discord.com/api/oauth2/token", {}, "basic"),
}


@pytest.mark.parametrize("platform", PLATFORMS)
def test_the_code_is_exchanged_and_the_tokens_are_stored_encrypted(platform, creator_gateway, admin_conn):
    url = oauth.begin(creator_gateway, SETTINGS, platform, REDIRECT)
    state = params_of(url)["state"]
    world = replay.WORLDS[platform]()
    connected = oauth.complete(creator_gateway, SETTINGS, {"code": "AQBx-hBsH3-code#_", "state": state},
                               transport=world.transport, now=NOW)
    assert world.unmatched == []
    access, refresh, platform_id, handle = TOKENS[platform]
    assert (connected["platform"], connected["platform_account_id"], connected["handle"]) == (platform, platform_id, handle)
    assert not any(k.endswith("_encrypted") for k in connected)

    token_url, fields, client_auth = TOKEN_REQUEST[platform]
    (request,) = world.calls(token_url, "POST")
    body = replay.form(request)
    assert (body["grant_type"], body["code"], body["redirect_uri"]) == ("authorization_code", "AQBx-hBsH3-code", REDIRECT)
    assert {k: body.get(k) for k in fields} == fields
    if client_auth == "basic":
        expected = base64.b64encode(f"{platform}-client-id:{platform}-client-secret".encode()).decode()
        assert request.headers["authorization"] == f"Basic {expected}"
    if platform == "youtube":
        verifier = body["code_verifier"]
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        assert params_of(url)["code_challenge"] == challenge
    if platform == "instagram":  # then the short-lived token for a 60-day one
        (exchange,) = world.calls("graph.instagram.com/access_token")
        assert replay.query(exchange) == {"grant_type": "ig_exchange_token", "client_secret": "instagram-client-secret",
                                          "access_token": "IGAAshortLivedEXAMPLEtoken0001"}
    if platform == "reddit":
        assert request.headers["user-agent"].startswith("web:creator-portal")

    stored = account(admin_conn, connected["id"])
    assert stored["status"] == "connected" and stored["connected_at"] is not None
    assert access not in stored["access_token_encrypted"]
    assert CIPHER.decrypt(stored["access_token_encrypted"]) == access
    assert CIPHER.decrypt(stored["refresh_token_encrypted"]) == refresh
    assert stored["token_expires_at"] is not None
    assert pending_state(admin_conn, state)["consumed_at"] is not None


def test_a_state_that_was_never_issued_is_refused(creator_gateway, admin_conn):
    oauth.begin(creator_gateway, SETTINGS, "twitch", REDIRECT)
    world = replay.twitch()
    with pytest.raises(NotFound, match="does not match a connection you started here"):
        oauth.complete(creator_gateway, SETTINGS, {"code": "abc", "state": "forged-state"}, transport=world.transport)
    assert world.requests == []  # no code was exchanged


def test_a_missing_state_is_refused(creator_gateway):
    with pytest.raises(ValidationError, match="without the state"):
        oauth.complete(creator_gateway, SETTINGS, {"code": "abc"})


def test_an_expired_state_is_refused(creator_gateway, admin_conn):
    state = params_of(oauth.begin(creator_gateway, SETTINGS, "twitch", REDIRECT))["state"]
    now = clock.now()  # read once: two reads differ by microseconds and the table insists on 10 minutes exactly
    admin_conn.execute("update public.oauth_states set created_at = %s::timestamptz - interval '11 minutes', "
                       "expires_at = %s::timestamptz - interval '1 minute' where state_hash = %s",
                       (now, now, hashlib.sha256(state.encode()).hexdigest()))
    world = replay.twitch()
    with pytest.raises(ValidationError, match=r"expired at .*\(they last 10 minutes\)"):
        oauth.complete(creator_gateway, SETTINGS, {"code": "abc", "state": state}, transport=world.transport)
    assert world.requests == []


def test_a_state_cannot_be_used_twice(creator_gateway, admin_conn):
    state = params_of(oauth.begin(creator_gateway, SETTINGS, "twitch", REDIRECT))["state"]
    world = replay.twitch()
    oauth.complete(creator_gateway, SETTINGS, {"code": "abc", "state": state}, transport=world.transport, now=NOW)
    with pytest.raises(ValidationError, match="already used"):
        oauth.complete(creator_gateway, SETTINGS, {"code": "abc", "state": state}, transport=world.transport, now=NOW)
    assert len(world.calls("id.twitch.tv/oauth2/token")) == 1


def test_another_creators_state_is_refused(pool, creator_gateway):
    state = params_of(oauth.begin(creator_gateway, SETTINGS, "twitch", REDIRECT))["state"]
    other = PostgresGateway(pool, new_creator(pool, "other"))
    with pytest.raises(NotFound, match="does not match"):
        oauth.complete(other, SETTINGS, {"code": "abc", "state": state}, transport=replay.twitch().transport)
    # and the owner can still finish
    assert oauth.complete(creator_gateway, SETTINGS, {"code": "abc", "state": state},
                          transport=replay.twitch().transport, now=NOW)["platform"] == "twitch"


def test_a_person_who_declines_uses_up_the_state(creator_gateway, admin_conn):
    state = params_of(oauth.begin(creator_gateway, SETTINGS, "instagram", REDIRECT))["state"]
    with pytest.raises(ValidationError, match="did not allow"):
        oauth.complete(creator_gateway, SETTINGS, {"error": "access_denied", "error_reason": "user_denied",
                                                   "error_description": "The user denied your request", "state": state})
    assert pending_state(admin_conn, state)["consumed_at"] is not None


def test_a_code_the_platform_refuses_connects_nothing(creator_gateway, admin_conn):
    state = params_of(oauth.begin(creator_gateway, SETTINGS, "instagram", REDIRECT))["state"]
    world = replay.instagram().override("POST", "api.instagram.com/oauth/access_token",
                                        Reply(400, "token_error_code_used.json"))
    with pytest.raises(TokenRevoked, match="Matching code was not found or was already used"):
        oauth.complete(creator_gateway, SETTINGS, {"code": "used", "state": state}, transport=world.transport)
    assert admin_conn.execute("select count(*) as n from public.social_accounts where creator_id = %s",
                              (creator_gateway.person.id,)).fetchone()["n"] == 0


def test_connecting_adopts_the_account_an_import_created_for_the_same_handle(creator_gateway, admin_conn):
    imported = creator_gateway.insert("social_accounts", [{
        "creator_id": creator_gateway.person.id, "platform": "twitch", "handle": "LeoPlaysIndie",
        "platform_account_id": "import:leoplaysindie", "status": "imported"}])[0]
    state = params_of(oauth.begin(creator_gateway, SETTINGS, "twitch", REDIRECT))["state"]
    connected = oauth.complete(creator_gateway, SETTINGS, {"code": "abc", "state": state},
                               transport=replay.twitch().transport, now=NOW)
    assert connected["id"] == imported["id"]
    assert (connected["platform_account_id"], connected["status"]) == ("141981764", "connected")


def test_connect_needs_the_platform_app_and_the_encryption_key(creator_gateway):
    with pytest.raises(oauth.NotConfigured, match=r"\[platforms.discord\] client_id and client_secret"):
        oauth.begin(creator_gateway, settings_for().__class__(backend="postgres", token_key=KEY), "discord", REDIRECT)
    no_key = settings_for().__class__(backend="postgres", platform_apps=SETTINGS.platform_apps)
    with pytest.raises(TokenKeyMissing, match=r"\[portal\] token_encryption_key"):
        oauth.begin(creator_gateway, no_key, "discord", REDIRECT)


def test_creating_states_is_limited_per_creator(creator_gateway):
    for _ in range(20):
        oauth.begin(creator_gateway, SETTINGS, "discord", REDIRECT)
    with pytest.raises(ValidationError, match="Too many connections"):
        oauth.begin(creator_gateway, SETTINGS, "discord", REDIRECT)


@pytest.mark.parametrize("settings, page_url, expected", [
    (dict(public_url="https://portal.example.com"), None, "https://portal.example.com/accounts"),
    (dict(auth_redirect_uri="https://creators.example.org/oauth2callback"), "http://x/y",
     "https://creators.example.org/accounts"),
    (dict(), "http://localhost:8501/accounts?code=1&state=2", "http://localhost:8501/accounts"),
    (dict(), "http://localhost:8501/home", "http://localhost:8501/accounts"),
    (dict(), "https://host.example/base/accounts", "https://host.example/base/accounts"),
    (dict(), None, "http://localhost:8501/accounts"),
])
def test_the_redirect_uri_is_the_accounts_page_of_the_apps_address(settings, page_url, expected):
    from services.core.config import Settings
    assert oauth.redirect_uri(Settings(backend="embedded", **settings), page_url) == expected


# -- disconnecting -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("platform, revoke_url, revoked", [
    ("tiktok", "open.tiktokapis.com/v2/oauth/revoke/", True),
    ("youtube", "oauth2.googleapis.com/revoke", True),
    ("twitch", "id.twitch.tv/oauth2/revoke", True),
    ("reddit", "www.reddit.com/api/v1/revoke_token", True),
    ("discord", "discord.com/api/oauth2/token/revoke", True),
    ("instagram", None, False),
])
def test_disconnect_revokes_where_the_platform_can_and_deletes_the_tokens(platform, revoke_url, revoked,
                                                                          creator_gateway, admin_conn):
    account_id = connect(creator_gateway, platform)
    world = replay.WORLDS[platform]()
    result = accounts.disconnect(creator_gateway, SETTINGS, account_id, transport=world.transport)
    assert result.revoked_at_platform is revoked
    stored = account(admin_conn, account_id)
    assert (stored["status"], stored["access_token_encrypted"], stored["refresh_token_encrypted"]) == (
        "disconnected", None, None)
    if revoke_url:
        (call,) = world.calls(revoke_url, "POST")
        body = replay.form(call)
        assert body["token"] in (TOKENS[platform][0], TOKENS[platform][1])
        if platform == "twitch":
            assert body == {"client_id": "twitch-client-id", "token": TOKENS["twitch"][0]}
    else:
        assert world.requests == [] and "remove the app" in result.note
    assert sync.sync_account(creator_gateway, SETTINGS, account_id, now=NOW).outcome == "skipped"


def test_disconnect_deletes_the_tokens_even_when_the_platform_cannot_be_reached(creator_gateway, admin_conn):
    account_id = connect(creator_gateway, "discord")

    def unreachable(request):
        raise replay.httpx.ConnectError("no route to host")

    result = accounts.disconnect(creator_gateway, SETTINGS, account_id,
                                 transport=replay.httpx.MockTransport(unreachable))
    assert not result.revoked_at_platform and "could not be told" in result.note
    assert account(admin_conn, account_id)["access_token_encrypted"] is None


def test_the_accounts_list_never_carries_tokens_and_puts_communities_under_their_account(creator_gateway):
    account_id = connect(creator_gateway, "reddit")
    assert sync.sync_account(creator_gateway, SETTINGS, account_id, transport=replay.reddit().transport,
                             now=NOW, sleep=lambda s: None).outcome == "synced"
    rows = accounts.list_accounts(creator_gateway)
    assert [r["handle"] for r in rows] == ["u/leoplaysindie", "r/CozyGamesClub", "r/IndieCorner"]
    assert rows[0]["has_connection"] and not rows[1]["has_connection"]
    assert all(not any(k.endswith("_encrypted") for k in r) for r in rows)


# -- encryption keys ----------------------------------------------------------------------------------------

def test_tokens_encrypted_with_an_old_key_still_decrypt_and_rotate_to_the_new_key():
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    before = TokenCipher(old).encrypt("secret-token")
    rotated_cipher = TokenCipher(new, [old])
    assert rotated_cipher.decrypt(before) == "secret-token" and rotated_cipher.needs_rotation(before)
    after = rotated_cipher.rotate(before)
    assert TokenCipher(new).decrypt(after) == "secret-token" and not rotated_cipher.needs_rotation(after)


def test_a_token_from_a_key_no_longer_configured_says_which_setting_to_fix():
    stranger = TokenCipher(Fernet.generate_key().decode()).encrypt("secret-token")
    with pytest.raises(TokenUnreadable, match=r"old_token_encryption_keys"):
        CIPHER.decrypt(stranger)


def test_rotate_keys_reencrypts_every_stored_token(creator_gateway, admin_url, admin_conn):
    account_id = connect(creator_gateway, "twitch")
    new_key = Fernet.generate_key().decode()
    rotated_settings = settings_for().__class__(backend="postgres", token_key=new_key, old_token_keys=(KEY,),
                                                platform_apps=SETTINGS.platform_apps)
    out = []
    sync.rotate_keys(rotated_settings, admin_url, out=type("W", (), {"write": lambda s, t: out.append(t)})())
    stored = account(admin_conn, account_id)
    assert TokenCipher(new_key).decrypt(stored["access_token_encrypted"]) == TOKENS["twitch"][0]
    assert TokenCipher(new_key).decrypt(stored["refresh_token_encrypted"]) == TOKENS["twitch"][1]
    assert "Re-encrypted" in "".join(out)
    # and syncing goes on with the new key alone
    only_new = settings_for().__class__(backend="postgres", token_key=new_key, platform_apps=SETTINGS.platform_apps)
    result = sync.sync_account(creator_gateway, only_new, account_id, transport=replay.twitch().transport, now=NOW,
                               sleep=lambda s: None)
    assert result.outcome == "synced", result.message


# -- settings ----------------------------------------------------------------------------------------------

GOOD_KEY = Fernet.generate_key().decode()


@pytest.mark.parametrize("secrets, named", [
    ({"portal": {"token_encryption_key": "not-a-fernet-key"}}, "[portal] token_encryption_key must be a Fernet key"),
    ({"portal": {"token_encryption_key": GOOD_KEY, "old_token_encryption_keys": ["short"]}},
     "[portal] old_token_encryption_keys must be a Fernet key"),
    ({"portal": {"token_encryption_key": GOOD_KEY, "old_token_encryption_keys": 5}}, "[portal] old_token_encryption_keys"),
    ({"platforms": {"youtube": {"client_id": "a", "client_secret": "b"}}}, "[portal] token_encryption_key is required"),
    ({"portal": {"token_encryption_key": GOOD_KEY}, "platforms": {"myspace": {"client_id": "a", "client_secret": "b"}}},
     "[platforms.myspace] is not a platform"),
    ({"portal": {"token_encryption_key": GOOD_KEY}, "platforms": {"twitch": {"client_id": "a"}}},
     "[platforms.twitch] client_secret is required"),
    ({"portal": {"token_encryption_key": GOOD_KEY}, "platforms": {"twitch": "abc"}}, "[platforms.twitch] must be a table"),
    ({"portal": {"token_encryption_key": GOOD_KEY},
      "platforms": {"twitch": {"client_id": "a", "client_secret": "b", "server_override": "http://evil.example"}}},
     "[platforms.twitch] server_override may use http:// only for localhost"),
    ({"portal": {"token_encryption_key": GOOD_KEY},
      "platforms": {"twitch": {"client_id": "a", "client_secret": "b", "server_override": "http://127.0.0.1:9/x"}}},
     "[platforms.twitch] server_override must be an origin"),
    ({"portal": {"public_url": "portal.example.com"}}, "[portal] public_url"),
])
def test_connection_settings_are_validated_with_the_setting_named(secrets, named):
    with pytest.raises(ConfigError) as error:
        load_settings(secrets)
    assert named in str(error.value)


def test_platform_settings_are_read_in_platform_order():
    settings = load_settings({"portal": {"token_encryption_key": GOOD_KEY, "public_url": "https://p.example/"},
                              "platforms": {"reddit": {"client_id": "r", "client_secret": "s", "user_agent": "ua"},
                                            "instagram": {"client_id": "i", "client_secret": "s"}}})
    assert [a.platform for a in settings.platform_apps] == ["instagram", "reddit"]
    assert settings.platform_app("reddit").user_agent == "ua" and settings.public_url == "https://p.example"
    assert cipher_for(settings).decrypt(cipher_for(settings).encrypt("x")) == "x"
    hash(settings)  # Settings stay usable as a cache key


def test_platform_errors_are_domain_errors_with_the_platforms_words():
    assert issubclass(PlatformError, Exception) and issubclass(TokenRevoked, PlatformError)
