"""The two Gateway implementations behave alike: same JSON-shaped rows, same RPC shapes, same errors;
bulk loads are all-or-nothing and upserts are idempotent."""
from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest

from services.core.db.gateway import Filter, Person, eq
from services.core.db.postgres import PostgresGateway
from services.core.db.supabase import SupabaseGateway
from services.core.errors import PermissionDenied, ValidationError
from tests.conftest import ANON_KEY, JWT_SECRET

UTC = dt.timezone.utc
DAILY_COLUMNS = ("account_id", "creator_id", "day", "followers", "reach", "source")


def new_person(label: str) -> Person:
    pid = str(uuid.uuid4())
    return Person(id=pid, email=f"{label}-{pid[:8]}@example.com")


@pytest.fixture
def both(pool, postgrest):
    """both(person) -> (PostgresGateway, SupabaseGateway) acting as that person."""
    return lambda person: (PostgresGateway(pool, person),
                           SupabaseGateway(postgrest.url, ANON_KEY, person, jwt_secret=JWT_SECRET))


def make_creator(gateway, label="creator") -> tuple[Person, str]:
    """A creator profile with one connected account, written through the given gateway's kind."""
    person = new_person(label)
    as_person = gateway(person)
    as_person.rpc("ensure_profile", {"p_display_name": f"{label.title()} Creator", "p_email": person.email})
    account = as_person.insert("social_accounts", [{"creator_id": person.id, "platform": "youtube",
                                                    "handle": label, "platform_account_id": uuid.uuid4().hex}])[0]
    return person, account["id"]


def typed(rows):
    """Rows with each value's type kept, so Decimal('0.1') and 0.1 or '…00' and '…' do not compare equal."""
    return [{k: (type(v).__name__, repr(v)) for k, v in row.items()} for row in rows]


def daily_rows(person, account_id, days, *, followers=1000, start=dt.date(2025, 1, 1)):
    return [(account_id, person.id, start + dt.timedelta(days=i), followers + i, 10 * i, "import")
            for i in range(days)]


def count_daily(admin_conn, account_id) -> int:
    return admin_conn.execute("select count(*) as n from public.account_daily where account_id = %s",
                              (account_id,)).fetchone()["n"]


# -- same rows, same shapes ----------------------------------------------------------------------------

def test_both_gateways_return_identical_json_shaped_rows(pool, both):
    person, account_id = make_creator(lambda p: PostgresGateway(pool, p))
    as_owner = PostgresGateway(pool, person)
    post = as_owner.insert("posts", [{
        "account_id": account_id, "creator_id": person.id, "platform_post_id": "p-1", "post_type": "video",
        "caption": "Ünïcode ✓", "posted_at": dt.datetime(2026, 1, 5, 18, 30, 15, 123400, tzinfo=UTC)}])[0]
    as_owner.insert("post_metrics", [{"post_id": post["id"], "creator_id": person.id, "views": 900, "reach": 800,
                                      "likes": 70, "captured_at": dt.datetime(2026, 1, 6, 0, 0, 0, 500000, tzinfo=UTC)}])
    as_owner.insert("account_daily", [{"account_id": account_id, "creator_id": person.id,
                                       "day": dt.date(2026, 1, 5), "followers": 4321}])
    as_owner.insert("audience_breakdowns", [
        {"account_id": account_id, "creator_id": person.id, "as_of": dt.date(2026, 1, 5), "dimension": "age",
         "bucket": bucket, "share": Decimal(share)} for bucket, share in [("18-24", "0.1"), ("25-34", "0.33333")]])

    pg, sb = both(person)
    mine = [eq("creator_id", person.id)]
    queries = [("profiles", [eq("id", person.id)], [("id", False)]),
               ("social_accounts", mine, [("id", False)]),
               ("posts", mine, [("id", False)]),
               ("post_metrics", mine, [("captured_at", False)]),
               ("account_daily", mine, [("day", False)]),
               ("audience_breakdowns", mine, [("bucket", False)]),
               ("post_engagement", mine, [("post_id", False)]),
               ("currencies", [Filter("code", "in", ["JPY", "USD", "KWD"])], [("code", True)])]
    for relation, filters, order in queries:
        from_pg = pg.select(relation, filters=filters, order=order)
        from_sb = sb.select(relation, filters=filters, order=order)
        assert from_pg, relation
        assert typed(from_pg) == typed(from_sb), relation

    post_row = pg.select("posts", filters=[eq("id", post["id"])])[0]
    assert post_row["id"] == post["id"] and isinstance(post_row["id"], str)
    assert post_row["posted_at"] == "2026-01-05T18:30:15.1234+00:00"
    assert pg.select("account_daily", filters=mine)[0]["day"] == "2026-01-05"
    shares = [r["share"] for r in sb.select("audience_breakdowns", filters=mine, order=[("bucket", False)])]
    assert shares == [Decimal("0.10000"), Decimal("0.33333")] and all(isinstance(s, Decimal) for s in shares)


def test_rpc_shapes_agree_across_gateways(pool, both):
    person, account_id = make_creator(lambda p: PostgresGateway(pool, p))
    pg, sb = both(person)
    pg.bulk_load("account_daily", DAILY_COLUMNS, daily_rows(person, account_id, 40))

    # a composite result is one dict
    profile_pg, profile_sb = pg.rpc("ensure_profile", {"p_display_name": "ignored"}), \
        sb.rpc("ensure_profile", {"p_display_name": "ignored"})
    assert isinstance(profile_pg, dict) and profile_pg["id"] == person.id
    assert typed([profile_pg]) == typed([profile_sb])

    # a table-returning function is a list of dicts
    summary_pg, summary_sb = pg.rpc("creator_home_summary", {"p_days": 30}), \
        sb.rpc("creator_home_summary", {"p_days": 30})
    assert isinstance(summary_pg, list) and len(summary_pg) == 1 and isinstance(summary_pg[0], dict)
    assert summary_pg[0]["total_followers"] == 1039 and summary_pg[0]["followers_change"] == 30
    assert typed(summary_pg) == typed(summary_sb)

    # a scalar is the bare value, a uuid as a string
    invitation_pg = pg.rpc("create_invitation", {"p_brand_name": "Shape Test"})
    invitation_sb = sb.rpc("create_invitation", {"p_brand_name": "Shape Test"})
    assert [sorted(r) for r in invitation_pg] == [sorted(r) for r in invitation_sb] == \
        [["expires_at", "invitation_id", "token"]]
    partner_pg, partner_sb = both(new_person("partner-pg"))[0], both(new_person("partner-sb"))[1]
    assert partner_pg.rpc("accept_invitation", {"p_token": invitation_pg[0]["token"]}) == person.id
    assert partner_sb.rpc("accept_invitation", {"p_token": invitation_sb[0]["token"]}) == person.id


# -- bulk loads ----------------------------------------------------------------------------------------

def test_bulk_load_writes_all_rows_in_one_transaction_on_postgres(pool, admin_conn):
    person, account_id = make_creator(lambda p: PostgresGateway(pool, p))
    written = PostgresGateway(pool, person).bulk_load("account_daily", DAILY_COLUMNS,
                                                      daily_rows(person, account_id, 500))
    assert written == 500
    stats = admin_conn.execute("select count(*) as n, count(distinct xmin::text) as transactions, "
                               "min(day) as first, max(day) as last from public.account_daily "
                               "where account_id = %s", (account_id,)).fetchone()
    assert (stats["n"], stats["transactions"]) == (500, 1)
    assert (stats["first"], stats["last"]) == (dt.date(2025, 1, 1), dt.date(2025, 1, 1) + dt.timedelta(days=499))


def test_bulk_load_writes_nothing_when_one_row_breaks_a_check_constraint(gateway_for, admin_conn):
    person, account_id = make_creator(gateway_for)
    rows = daily_rows(person, account_id, 200)
    rows[150] = rows[150][:3] + (-5,) + rows[150][4:]  # followers must be >= 0
    with pytest.raises(ValidationError):
        gateway_for(person).bulk_load("account_daily", DAILY_COLUMNS, rows)
    assert count_daily(admin_conn, account_id) == 0


def test_bulk_load_for_another_creator_is_denied_and_writes_nothing(gateway_for, admin_conn):
    owner, account_id = make_creator(gateway_for, "owner")
    intruder, _ = make_creator(gateway_for, "intruder")
    with pytest.raises(PermissionDenied):
        gateway_for(intruder).bulk_load("account_daily", DAILY_COLUMNS, daily_rows(owner, account_id, 20))
    assert count_daily(admin_conn, account_id) == 0


def test_bulk_load_with_on_conflict_upserts_idempotently(gateway_for, admin_conn):
    person, account_id = make_creator(gateway_for)
    gateway = gateway_for(person)
    key = ("account_id", "day")
    assert gateway.bulk_load("account_daily", DAILY_COLUMNS, daily_rows(person, account_id, 60), on_conflict=key) == 60
    assert gateway.bulk_load("account_daily", DAILY_COLUMNS, daily_rows(person, account_id, 60), on_conflict=key) == 60
    assert count_daily(admin_conn, account_id) == 60

    updated = daily_rows(person, account_id, 60, followers=5000)
    assert gateway.bulk_load("account_daily", DAILY_COLUMNS, updated, on_conflict=key) == 60
    rows = admin_conn.execute("select day, followers from public.account_daily where account_id = %s order by day",
                              (account_id,)).fetchall()
    assert [(r["day"], r["followers"]) for r in rows] == [(r[2], r[3]) for r in updated]


# -- errors ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("column, value", [("post_type", "hologram"), ("permalink", "http://insecure.example/p")])
def test_check_constraint_violation_raises_validation_error(gateway_for, admin_conn, column, value):
    person, account_id = make_creator(gateway_for)
    row = {"account_id": account_id, "creator_id": person.id, "platform_post_id": "bad", "post_type": "reel",
           "posted_at": dt.datetime(2026, 1, 1, tzinfo=UTC), column: value}
    with pytest.raises(ValidationError, match="not allowed"):
        gateway_for(person).insert("posts", [row])
    assert admin_conn.execute("select count(*) as n from public.posts where creator_id = %s",
                              (person.id,)).fetchone()["n"] == 0


def test_duplicate_key_raises_validation_error(gateway_for):
    person, account_id = make_creator(gateway_for)
    row = {"account_id": account_id, "creator_id": person.id, "day": dt.date(2026, 2, 1), "followers": 1}
    gateway_for(person).insert("account_daily", [row])
    with pytest.raises(ValidationError, match="already exists"):
        gateway_for(person).insert("account_daily", [row])


def test_inserting_a_row_for_another_creator_raises_permission_denied(gateway_for, admin_conn):
    owner, _ = make_creator(gateway_for, "owner")
    intruder, _ = make_creator(gateway_for, "intruder")
    with pytest.raises(PermissionDenied):
        gateway_for(intruder).insert("social_accounts", [{"creator_id": owner.id, "platform": "twitch",
                                                          "handle": "planted", "platform_account_id": "planted"}])
    assert admin_conn.execute("select count(*) as n from public.social_accounts where creator_id = %s",
                              (owner.id,)).fetchone()["n"] == 1
