"""Tokens at rest: after connecting every platform, renewing tokens in a sync and starting a PKCE
flow, a plain-text pg_dump of the whole database holds none of the tokens or verifiers in clear —
only their Fernet ciphertexts."""
from __future__ import annotations

import datetime as dt
import subprocess
import urllib.parse

import pytest

from services.accounts import oauth
from services.accounts import sync
from services.admin import _client_program
from services.core.db.postgres import PostgresGateway
from tests.support import platform_replay as replay
from tests.support.connections import CIPHER, NOW, SETTINGS, account, connect, new_creator

pytestmark = pytest.mark.usefixtures("recorded_day")  # they sync at the fixed instant NOW

REDIRECT = "https://portal.example.com/accounts"


def _plain_dump(url: str) -> str:
    result = subprocess.run([_client_program("pg_dump", url), f"--dbname={url}", "--format=plain", "--no-owner"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_database_dump_holds_no_plaintext_token(pool, admin_url, admin_conn):
    gateway = PostgresGateway(pool, new_creator(pool, "dump"))
    plaintexts = set()  # every secret handed out, including tokens replaced since

    for platform, make_world in replay.WORLDS.items():  # the real connect path: code → tokens → encrypted row
        state = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(
            oauth.begin(gateway, SETTINGS, platform, REDIRECT)).query))["state"]
        world = make_world()
        connected = oauth.complete(gateway, SETTINGS, {"code": f"code-{platform}", "state": state},
                                   transport=world.transport, now=NOW)
        plaintexts.add(state)  # kept only as its SHA-256
        stored = account(admin_conn, connected["id"])
        for column in ("access_token_encrypted", "refresh_token_encrypted"):
            if stored[column]:
                plaintexts.add(CIPHER.decrypt(stored[column]))

    # a sync that renews (and, for TikTok, rotates) tokens
    tiktok = connect(gateway, "tiktok", expires_at=NOW + dt.timedelta(minutes=1))
    result = sync.sync_account(gateway, SETTINGS, tiktok, transport=replay.tiktok().transport, now=NOW,
                               sleep=lambda s: None)
    assert result.outcome == "synced", result.message
    renewed = account(admin_conn, tiktok)
    plaintexts |= {CIPHER.decrypt(renewed["access_token_encrypted"]), CIPHER.decrypt(renewed["refresh_token_encrypted"])}
    plaintexts |= {"act.1d1021d2aee3d41fee2d2add43456badMFZnrhFhfWotu3Ecuiuka27L56lr!2403",
                   "rft.713d5c1e8a2b4c5d6e7f8a9b0c1d2e3fWDmj2V1Zb1S2hG0Qm!2403"}  # the ones rotated away

    # a PKCE flow still pending: its verifier is a secret too
    oauth.begin(gateway, SETTINGS, "youtube", REDIRECT)
    verifier_row = admin_conn.execute(
        "select code_verifier_encrypted from public.oauth_states where creator_id = %s and consumed_at is null "
        "and code_verifier_encrypted is not null", (gateway.person.id,)).fetchone()
    plaintexts.add(CIPHER.decrypt(verifier_row["code_verifier_encrypted"]))

    ciphertexts = {v for row in admin_conn.execute(
        "select access_token_encrypted as a, refresh_token_encrypted as r from public.social_accounts "
        "where creator_id = %s union all select code_verifier_encrypted, null from public.oauth_states "
        "where creator_id = %s", (gateway.person.id, gateway.person.id)).fetchall() for v in row.values() if v}
    assert len(plaintexts) >= 14 and len(ciphertexts) >= 12
    dump = _plain_dump(admin_url)
    leaked = sorted(p for p in plaintexts if p in dump)
    assert leaked == [], f"plaintext secrets in the dump: {leaked}"
    assert all(c in dump for c in ciphertexts), "the dump should hold the encrypted tokens"
