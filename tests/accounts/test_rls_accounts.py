"""Row-level security of the tables the connected-accounts work adds (oauth_states), on both gateways,
and the functions that guard the connection: another creator cannot use a state, sync, disconnect or
write into an account that is not theirs."""
from __future__ import annotations

import hashlib
import secrets
import uuid

import pytest

from services.core.db.gateway import ANONYMOUS, Person, eq
from services.core.db.postgres import PostgresGateway
from services.core.errors import NotFound, PermissionDenied
from tests.support.connections import CIPHER, connect, new_creator

ANON, OWNER, OTHER, PARTNER = "anon", "owner", "other_creator", "partner"
PERSONAS = (ANON, OWNER, OTHER, PARTNER)
YES, NO, REFUSED = "yes", "no", "refused"  # as in tests/people/test_rls_matrix.py

EXPECTED = {
    #                                 anon     owner    other    partner
    ("oauth_states", "select"):      (NO,      YES,     NO,      NO),
    ("oauth_states", "insert"):      (NO,      NO,      NO,      NO),
    ("oauth_states", "update"):      (REFUSED, REFUSED, REFUSED, REFUSED),
    ("oauth_states", "delete"):      (REFUSED, REFUSED, REFUSED, REFUSED),
}
CASES = [pytest.param(table, persona, op, cells[i], id=f"{table}-{persona}-{op}")
         for (table, op), cells in EXPECTED.items() for i, persona in enumerate(PERSONAS)]


@pytest.fixture(scope="module")
def people(pool):
    owner, other = new_creator(pool, "owner"), new_creator(pool, "other")
    partner = Person(id=str(uuid.uuid4()), email=f"partner-{uuid.uuid4().hex[:8]}@example.test")
    invitation = PostgresGateway(pool, owner).rpc("create_invitation", {"p_brand_name": f"Brand {uuid.uuid4().hex[:6]}",
                                                                        "p_email": partner.email})[0]
    PostgresGateway(pool, partner).rpc("accept_invitation", {"p_token": invitation["token"], "p_display_name": "Partner"})
    return {ANON: ANONYMOUS, OWNER: owner, OTHER: other, PARTNER: partner}


def new_state(pool, person) -> str:
    state_hash = hashlib.sha256(secrets.token_urlsafe(16).encode()).hexdigest()
    PostgresGateway(pool, person).rpc("create_oauth_state", {
        "p_platform": "youtube", "p_state_hash": state_hash, "p_code_verifier_encrypted": CIPHER.encrypt("v" * 64),
        "p_redirect_uri": "https://portal.example.com/accounts"})
    return state_hash


@pytest.mark.parametrize("table, persona, operation, expected", CASES)
def test_rls(gateway_for, pool, admin_conn, people, table, persona, operation, expected):
    gateway = gateway_for(people[persona])
    state_hash = hashlib.sha256(secrets.token_bytes(16)).hexdigest()
    admin_conn.execute("insert into public.oauth_states (creator_id, platform, state_hash, redirect_uri) "
                       "values (%s, 'youtube', %s, 'https://portal.example.com/accounts')", (people[OWNER].id, state_hash))
    target = [eq("state_hash", state_hash)]
    before = admin_conn.execute("select * from public.oauth_states where state_hash = %s", (state_hash,)).fetchall()
    if operation == "select":
        rows = gateway.select(table, filters=target)
        assert len(rows) == (1 if expected == YES else 0)
        return
    if operation == "insert":
        forged = hashlib.sha256(b"forged" + secrets.token_bytes(8)).hexdigest()
        with pytest.raises(PermissionDenied):
            gateway.insert(table, [{"creator_id": people[OWNER].id, "platform": "twitch", "state_hash": forged,
                                    "redirect_uri": "https://evil.example/accounts"}])
        assert admin_conn.execute("select count(*) as n from public.oauth_states where state_hash = %s",
                                  (forged,)).fetchone()["n"] == 0
        return
    with pytest.raises(PermissionDenied):
        if operation == "update":
            gateway.update(table, {"redirect_uri": "https://evil.example/accounts"}, target)
        else:
            gateway.delete(table, target)
    after = admin_conn.execute("select * from public.oauth_states where state_hash = %s", (state_hash,)).fetchall()
    assert after == before


def test_matrix_covers_every_operation():
    assert set(EXPECTED) == {("oauth_states", op) for op in ("select", "insert", "update", "delete")}


def test_only_creators_can_start_a_connection(pool, people):
    with pytest.raises(PermissionDenied, match="only creators"):
        new_state(pool, people[PARTNER])


def test_another_creator_can_neither_sync_nor_disconnect_an_account(gateway_for, pool, people, admin_conn):
    account_id = connect(PostgresGateway(pool, people[OWNER]), "twitch")
    stranger = gateway_for(people[OTHER])
    for function, params in (("begin_sync", {"p_account_id": account_id}),
                             ("disconnect_account", {"p_account_id": account_id}),
                             ("fail_sync", {"p_account_id": account_id, "p_status": "error", "p_message": "x"})):
        with pytest.raises(NotFound):
            stranger.rpc(function, params)
    with pytest.raises(PermissionDenied):  # the sync's writer belongs to the sync identity alone
        stranger.rpc("apply_sync", {"p_account_id": account_id, "p_payload": {"posts": []}})
    row = admin_conn.execute("select status, access_token_encrypted from public.social_accounts where id = %s",
                             (account_id,)).fetchone()
    assert row["status"] == "connected" and row["access_token_encrypted"] is not None


def test_tokens_must_arrive_encrypted(gateway_for, people):
    from services.core.errors import ValidationError
    with pytest.raises(ValidationError, match="Fernet-encrypted"):
        gateway_for(people[OWNER]).rpc("connect_account", {
            "p_platform": "twitch", "p_platform_account_id": "1", "p_handle": "plain",
            "p_access_token_encrypted": "plaintext-token"})
