"""Verified (source api) means "read from the platform by the sync": no person's session can write such
a row or call the sync's writer, on either gateway; the sync identity still can."""
from __future__ import annotations

import datetime as dt

import jwt
import pytest

from services.accounts import sync
from services.core.db.gateway import Person, eq
from services.core.db.postgres import PostgresGateway
from services.core.db.supabase import SupabaseGateway
from services.core.errors import DomainError
from tests.conftest import ANON_KEY, JWT_SECRET
from tests.support.connections import SETTINGS, connect, new_creator

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SERVICE_KEY = jwt.encode({"role": "service_role", "iss": "supabase"}, JWT_SECRET, algorithm="HS256")
FORGED = {"synced_at": NOW.isoformat(), "posts": [{"platform_post_id": "forged-1", "post_type": "reel",
                                                   "posted_at": NOW.isoformat()}],
          "post_metrics": [{"platform_post_id": "forged-1", "captured_at": NOW.isoformat(), "views": 5000000}]}


@pytest.fixture
def world(pool, gateway_for):
    creator = new_creator(pool)
    gw = gateway_for(creator)
    account_id = connect(gw, "instagram")
    post = gw.insert("posts", [{"account_id": account_id, "creator_id": creator.id, "platform_post_id": "own-1",
                                "post_type": "reel", "posted_at": NOW.isoformat()}])[0]
    return creator, gw, account_id, post


def test_a_creators_own_rows_are_self_reported_not_verified(world):
    creator, gw, _account_id, post = world
    assert post["source"] == "manual"
    row = gw.insert("post_metrics", [{"post_id": post["id"], "creator_id": creator.id,
                                      "captured_at": NOW.isoformat(), "views": 10}])[0]
    assert row["source"] == "manual"


@pytest.mark.parametrize("table", ["account_daily", "posts", "post_metrics", "audience_breakdowns",
                                   "follower_activity"])
def test_creator_cannot_insert_a_verified_row(world, table):
    creator, gw, account_id, post = world
    rows = {
        "account_daily": {"account_id": account_id, "creator_id": creator.id, "day": "2026-11-01", "followers": 1},
        "posts": {"account_id": account_id, "creator_id": creator.id, "platform_post_id": "p2", "post_type": "reel",
                  "posted_at": NOW.isoformat()},
        "post_metrics": {"post_id": post["id"], "creator_id": creator.id, "captured_at": NOW.isoformat(),
                         "views": 5000000},
        "audience_breakdowns": {"account_id": account_id, "creator_id": creator.id, "as_of": "2026-11-01",
                                "dimension": "country", "bucket": "US", "share": 1},
        "follower_activity": {"account_id": account_id, "creator_id": creator.id, "day": "2026-11-01", "hour": 3,
                              "active_followers": 9},
    }
    with pytest.raises(DomainError, match="only the platform sync writes verified numbers"):
        gw.insert(table, [{**rows[table], "source": "api"}])


def test_creator_cannot_turn_a_row_into_a_verified_one(world):
    _creator, gw, _account_id, post = world
    with pytest.raises(DomainError, match="only the platform sync writes verified numbers"):
        gw.update("posts", {"source": "api"}, [eq("id", post["id"])])


def test_creator_cannot_call_the_sync_writer(world):
    _creator, gw, account_id, _post = world
    with pytest.raises(DomainError):
        gw.rpc("apply_sync", {"p_account_id": account_id, "p_payload": FORGED})


def test_an_import_whose_rows_say_api_is_stored_as_imported(world, admin_conn):
    creator, gw, account_id, _post = world
    payload = {"platform": "instagram", "account_daily": [{"day": "2026-11-02", "followers": 999, "source": "api"}],
               "source": "api"}
    gw.rpc("import_platform_export", {"p_account_id": account_id, "p_file_name": "x.csv", "p_file_sha256": "a" * 64,
                                      "p_format": "meta_overview", "p_payload": payload})
    row = admin_conn.execute("select source from public.account_daily where account_id = %s and day = '2026-11-02'",
                             (account_id,)).fetchone()
    assert row["source"] == "import"


def test_editing_a_synced_row_makes_it_self_reported(world, pool, admin_conn):
    creator, gw, account_id, _post = world
    PostgresGateway(pool, sync.SYNC_IDENTITY).rpc("apply_sync", {"p_account_id": account_id, "p_payload": FORGED})
    post_id = admin_conn.execute("select id::text from public.posts where platform_post_id = 'forged-1' "
                                 "and account_id = %s", (account_id,)).fetchone()["id"]
    gw.update("post_metrics", {"views": 6000000}, [eq("post_id", post_id)])
    assert admin_conn.execute("select source from public.post_metrics where post_id = %s",
                              (post_id,)).fetchone()["source"] == "manual"


def test_an_import_over_synced_days_marks_them_imported_not_self_reported(world, pool, admin_conn):
    creator, gw, account_id, _post = world
    synced = {"synced_at": NOW.isoformat(), "account_daily": [{"day": "2026-11-03", "followers": 500, "views": 40}]}
    PostgresGateway(pool, sync.SYNC_IDENTITY).rpc("apply_sync", {"p_account_id": account_id, "p_payload": synced})
    assert admin_conn.execute("select source from public.account_daily where account_id = %s and day = '2026-11-03'",
                              (account_id,)).fetchone()["source"] == "api"
    payload = {"platform": "instagram", "account_daily": [{"day": "2026-11-03", "followers": 510}]}
    gw.rpc("import_platform_export", {"p_account_id": account_id, "p_file_name": "y.csv", "p_file_sha256": "b" * 64,
                                      "p_format": "meta_overview", "p_payload": payload})
    row = admin_conn.execute("select source, followers, views from public.account_daily "
                             "where account_id = %s and day = '2026-11-03'", (account_id,)).fetchone()
    assert (row["source"], row["followers"], row["views"]) == ("import", 510, 40)


@pytest.mark.parametrize("postgres_kind", [True, False], ids=["portal_sync", "service_role"])
def test_the_sync_identity_writes_verified_rows(world, pool, postgrest, admin_conn, postgres_kind):
    _creator, _gw, account_id, _post = world
    writer = (PostgresGateway(pool, sync.SYNC_IDENTITY) if postgres_kind
              else SupabaseGateway(postgrest.url, ANON_KEY, access_token=SERVICE_KEY))
    written = writer.rpc("apply_sync", {"p_account_id": account_id, "p_payload": FORGED})
    assert written["post_metrics"] == 1
    assert admin_conn.execute("select m.source from public.post_metrics m join public.posts p on p.id = m.post_id "
                              "where p.account_id = %s", (account_id,)).fetchone()["source"] == "api"


def test_a_person_token_cannot_claim_the_sync_role_through_postgrest(postgrest, pool):
    forged = jwt.encode({"role": "portal_sync", "sub": new_creator(pool).id}, JWT_SECRET, algorithm="HS256")
    with pytest.raises(DomainError):
        SupabaseGateway(postgrest.url, ANON_KEY, access_token=forged).rpc(
            "apply_sync", {"p_account_id": "00000000-0000-0000-0000-000000000000", "p_payload": FORGED})


def test_sync_now_without_the_sync_identity_records_a_request(pool, postgrest, admin_conn):
    creator = new_creator(pool)
    gw = SupabaseGateway(postgrest.url, ANON_KEY, creator, jwt_secret=JWT_SECRET)
    account_id = connect(gw, "instagram")
    result = sync.sync_account(gw, SETTINGS, account_id, now=NOW)
    assert result.outcome == "skipped" and "requested" in result.message
    assert admin_conn.execute("select sync_requested_at from public.social_accounts where id = %s",
                              (account_id,)).fetchone()["sync_requested_at"] is not None


def test_person_role_is_never_the_sync_identity():
    assert Person(id="00000000-0000-0000-0000-000000000001").role == "authenticated"
    assert sync.SYNC_IDENTITY.role == "portal_sync" and "sub" not in sync.SYNC_IDENTITY.claims()
