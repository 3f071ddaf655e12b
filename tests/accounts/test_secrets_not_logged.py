"""No secret reaches a log: with DEBUG logging on, a full connect, sync and token refresh on every
platform (recorded platform answers replayed) leaves no token, code or client secret in what was logged."""
from __future__ import annotations

import base64
import datetime as dt
import logging
import urllib.parse

import pytest

from services.accounts import oauth, sync
from services.core.config import PLATFORMS
from services.core.db.postgres import PostgresGateway
from services.core.log_redaction import REDACTED, redact
from tests.support import platform_replay as replay
from tests.support.connections import CIPHER, NOW, SETTINGS, TOKENS, connect, new_creator

pytestmark = pytest.mark.usefixtures("recorded_day")  # they sync at the fixed instant NOW

REDIRECT = "https://portal.example.com/accounts"
CODE = "AQBx-hBsH3-code"


def _stored_tokens(admin_conn, account_id) -> list[str]:
    row = admin_conn.execute("select access_token_encrypted, refresh_token_encrypted from public.social_accounts "
                             "where id = %s", (account_id,)).fetchone()
    return [CIPHER.decrypt(v) for v in row.values() if v]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_connect_sync_and_refresh_log_no_secret_at_debug(platform, pool, admin_conn, caplog):
    caplog.set_level(logging.DEBUG)  # every logger, httpx and httpcore included
    gw = PostgresGateway(pool, new_creator(pool))
    secrets = {f"{platform}-client-secret", CODE, *[t for t in TOKENS[platform][:2] if t]}
    secrets.add(base64.b64encode(f"{platform}-client-id:{platform}-client-secret".encode()).decode())

    url = oauth.begin(gw, SETTINGS, platform, REDIRECT)
    state = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))["state"]
    connected = oauth.complete(gw, SETTINGS, {"code": CODE, "state": state}, transport=replay.WORLDS[platform]().transport,
                               now=NOW)
    secrets.update(_stored_tokens(admin_conn, connected["id"]))

    account_id = connect(new_gw := PostgresGateway(pool, new_creator(pool)), platform,
                         expires_at=NOW + dt.timedelta(minutes=1))  # due for renewal: the sync refreshes first
    result = sync.sync_account(new_gw, SETTINGS, account_id, transport=replay.WORLDS[platform]().transport, now=NOW,
                               sleep=lambda _s: None)
    assert result.outcome == "synced", result.message
    secrets.update(_stored_tokens(admin_conn, account_id))

    logged = caplog.text + "\n".join(str(r.__dict__) for r in caplog.records)
    assert "HTTP Request" in logged  # the requests were logged, only without their secrets
    leaked = sorted(s for s in secrets if len(s) >= 8 and s in logged)
    assert leaked == [], leaked


def test_redaction_covers_query_strings_headers_and_bodies():
    text = ('GET https://graph.instagram.com/access_token?grant_type=ig_exchange_token&client_secret=s3cr3t-value'
            '&access_token=IGQVJtoken123 "HTTP/1.1 200" {"access_token": "abc.def", "refresh_token": "r-1"} '
            "headers={'Authorization': 'Bearer ya29.xyz', 'apikey': 'eyJkey'} code=4/0Aabc&code_challenge=keepme")
    cleaned = redact(text)
    for secret in ("s3cr3t-value", "IGQVJtoken123", "abc.def", "r-1", "ya29.xyz", "eyJkey"):
        assert secret not in cleaned
    assert "grant_type=ig_exchange_token" in cleaned and cleaned.count(REDACTED) >= 6
