"""Row-level security, table by table: who may select, insert, update and delete the owner creator's rows.

Five personas: an anonymous visitor, the owner creator, another creator, a brand partner the owner invited
(through create_invitation / accept_invitation) and a brand partner invited by the other creator. Every
cell of EXPECTED is one test, run on both gateways: `test_rls[postgres-posts-other_creator-update]`.
"""
from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import itertools
import uuid
from dataclasses import dataclass, field
from typing import Callable

import psycopg
import pytest

from services.core.db.gateway import ANONYMOUS, Filter, Person, eq
from services.core.db.postgres import PostgresGateway
from services.core import clock
from tests.support.rls import (ANON, NO, OTHER, OWNER, PARTNER, PERSONAS, REFUSED, UNRELATED, YES,  # noqa: F401
                               Spec, admin_rows, assert_covers, cases, invite, new_person, rights)

ALL = (YES,) * len(PERSONAS)
OWNER_ONLY = (NO, YES, NO, NO, NO)
WITH_PARTNER = (NO, YES, NO, YES, NO)  # the owner and the partner they invited

# Who may do what to the owner creator's rows ("the owner's brand" is the brand of the partner they invited).
# Cells: anon, owner, other creator, partner, unrelated partner (tests/support/rls.py).
EXPECTED = {
    **rights("currencies", select=ALL),
    **rights("platforms", "deliverable_formats", select=ALL, writes=(REFUSED,) * 5, insert=(NO,) * 5),
    **rights("scheduled_work", select=(REFUSED, YES, YES, YES, YES), writes=(REFUSED,) * 5, insert=(NO,) * 5),
    **rights("audit_log", select=OWNER_ONLY),
    **rights("profiles", select=WITH_PARTNER, update=(REFUSED, YES, NO, NO, NO), delete=(REFUSED,) * 5),
    **rights("brands", select=WITH_PARTNER, update=(NO, NO, NO, YES, NO)),
    **rights("brand_memberships", select=(NO, NO, NO, YES, NO)),
    **rights("identities", select=OWNER_ONLY),
    **rights("invitations", select=OWNER_ONLY, delete=OWNER_ONLY),
    **rights("creator_partners", select=WITH_PARTNER, delete=OWNER_ONLY),
    # the creator's own numbers: theirs alone, to read and write
    **rights("social_accounts", "account_daily", "posts", "post_metrics", "audience_breakdowns", select=OWNER_ONLY,
             writes=OWNER_ONLY),
}
CASES = cases(EXPECTED)


# -- the owner's world ----------------------------------------------------------------------------------

@dataclass
class World:
    people: dict[str, Person]
    account_id: str
    post_id: str
    day: dt.date
    captured_at: dt.datetime
    bucket: str
    brand_id: str
    invitation_id: str
    audit_id: int
    as_owner: PostgresGateway
    pool: object
    serial: Callable[[], int] = field(default_factory=lambda: itertools.count(1).__next__)

    def id(self, persona: str) -> str:
        return self.people[persona].id

    @property
    def owner(self) -> str:
        return self.id(OWNER)


def unique() -> str:
    return uuid.uuid4().hex[:12]


@pytest.fixture(scope="module")
def world(pool, admin_conn) -> World:
    owner = new_person("owner", issuer="https://issuer.example", subject=f"owner-{unique()}")
    other, partner, unrelated = new_person("other"), new_person("partner"), new_person("unrelated")
    for creator, name in ((owner, "Owner Creator"), (other, "Other Creator")):
        PostgresGateway(pool, creator).rpc("ensure_profile", {"p_display_name": name, "p_email": creator.email})
    invitation_id = invite(pool, owner, partner, f"Owner's Brand {unique()}")
    invite(pool, other, unrelated, f"Unrelated Brand {unique()}")

    as_owner = PostgresGateway(pool, owner)
    account = as_owner.insert("social_accounts", [{"creator_id": owner.id, "platform": "instagram",
                                                   "handle": "owner", "platform_account_id": unique()}])[0]
    day, captured_at = dt.date(2026, 1, 1), dt.datetime(2026, 1, 2, 12, tzinfo=dt.timezone.utc)
    as_owner.insert("account_daily", [{"account_id": account["id"], "creator_id": owner.id, "day": day,
                                       "followers": 1200, "reach": 300}])
    post = as_owner.insert("posts", [{"account_id": account["id"], "creator_id": owner.id,
                                      "platform_post_id": unique(), "post_type": "reel",
                                      "posted_at": dt.datetime(2026, 1, 1, 9, tzinfo=dt.timezone.utc)}])[0]
    as_owner.insert("post_metrics", [{"post_id": post["id"], "creator_id": owner.id, "captured_at": captured_at,
                                      "reach": 250, "likes": 40}])
    as_owner.insert("audience_breakdowns", [{"account_id": account["id"], "creator_id": owner.id, "as_of": day,
                                             "dimension": "country", "bucket": "DE",
                                             "share": decimal.Decimal("0.25")}])
    brand_id = admin_conn.execute("select brand_id from public.creator_partners where creator_id = %s "
                                  "and partner_id = %s", (owner.id, partner.id)).fetchone()["brand_id"]
    audit_id = admin_conn.execute("select min(id) as id from public.audit_log where actor_id = %s",
                                  (owner.id,)).fetchone()["id"]
    assert brand_id and audit_id
    return World(people={ANON: ANONYMOUS, OWNER: owner, OTHER: other, PARTNER: partner, UNRELATED: unrelated},
                 account_id=account["id"], post_id=post["id"], day=day, captured_at=captured_at, bucket="DE",
                 brand_id=str(brand_id), invitation_id=invitation_id, audit_id=audit_id, as_owner=as_owner,
                 pool=pool)


# -- per table: the owner's row, a fresh one to change, a row to insert, a change to make ------------------

def _future() -> dt.datetime:
    return clock.now() + dt.timedelta(days=3)


def _owned(w: World, table: str, row: dict, *keys: str) -> list[Filter]:
    """Inserts one more of the owner's rows (as the owner) and returns the filters that find it."""
    written = w.as_owner.insert(table, [{"creator_id": w.owner, **row}])[0]
    return [eq(k, row[k].isoformat() if hasattr(row[k], "isoformat") else row[k]) for k in keys] or \
        [eq("id", written["id"])]


def _fresh_account(w: World, u: str) -> list[Filter]:
    return _owned(w, "social_accounts", {"platform": "tiktok", "handle": f"fresh-{u}", "platform_account_id": u})


def _fresh_day(w: World, u: str) -> list[Filter]:
    return _owned(w, "account_daily", {"account_id": w.account_id, "followers": 1000,
                                       "day": w.day + dt.timedelta(days=w.serial())}, "account_id", "day")


def _fresh_post(w: World, u: str) -> list[Filter]:
    return _owned(w, "posts", {"account_id": w.account_id, "platform_post_id": u, "post_type": "image",
                               "caption": "fresh", "posted_at": dt.datetime(2026, 1, 3, tzinfo=dt.timezone.utc)})


def _fresh_metric(w: World, u: str) -> list[Filter]:
    captured = w.captured_at + dt.timedelta(hours=w.serial())
    return _owned(w, "post_metrics", {"post_id": w.post_id, "captured_at": captured, "likes": 7}, "post_id",
                  "captured_at")


def _fresh_breakdown(w: World, u: str) -> list[Filter]:
    return _owned(w, "audience_breakdowns", {"account_id": w.account_id, "as_of": w.day, "dimension": "city",
                                             "bucket": u, "share": "0.10000"}, "account_id", "bucket")


def _scheduled_work_row(w: World) -> list[Filter]:
    """The row the scheduled work writes (only app.record_scheduled_work may), made here on the privileged pool."""
    with w.pool.connection() as conn:
        conn.execute("insert into public.scheduled_work (job, last_run_at, last_changed) "
                     "values ('offers.expire', %s, 0) on conflict (job) do nothing", (clock.now(),))
    return [eq("job", "offers.expire")]


def _fresh_invitation(w: World, u: str) -> list[Filter]:
    return [eq("id", w.as_owner.rpc("create_invitation", {"p_brand_name": f"Unused {u}"})[0]["invitation_id"])]


def _fresh_partnership(w: World, u: str) -> list[Filter]:
    newcomer = new_person("newcomer")
    invite(w.pool, w.people[OWNER], newcomer, f"Newcomer {u}")
    return [eq("creator_id", w.owner), eq("partner_id", newcomer.id)]


SPECS: dict[str, Spec] = {
    "currencies": Spec(
        row=lambda w: [eq("code", "EUR")],
        new_row=lambda w, u: ({"code": "XQZ", "name": f"Forged {u}", "minor_units": 2}, ["name"]),
        change=lambda w, u: {"name": f"Changed {u}"}),
    "platforms": Spec(
        row=lambda w: [eq("key", "instagram")],
        new_row=lambda w, u: ({"key": "forged", "label": f"Forged {u}"[:40], "position": 99}, ["key"]),
        change=lambda w, u: {"label": "Changed"}),
    "deliverable_formats": Spec(
        row=lambda w: [eq("platform", "twitch"), eq("format", "stream")],
        new_row=lambda w, u: ({"platform": "twitch", "format": "video", "position": 9}, ["platform", "format"]),
        change=lambda w, u: {"position": 7}),
    "scheduled_work": Spec(
        row=lambda w: _scheduled_work_row(w),
        # a job name no run can have written: the insert is refused for lack of privilege before any check
        new_row=lambda w, u: ({"job": f"forged.{u}", "last_run_at": "2026-01-01T00:00:00Z",
                               "last_changed": 0}, ["job"]),
        change=lambda w, u: {"last_changed": 99}),
    "audit_log": Spec(
        row=lambda w: [eq("id", w.audit_id)],
        new_row=lambda w, u: ({"actor_id": w.owner, "action": f"forged.{u}"}, ["action"]),
        change=lambda w, u: {"action": f"tampered.{u}"}),
    "profiles": Spec(
        row=lambda w: [eq("id", w.owner)],
        new_row=lambda w, u: ({"id": str(uuid.uuid4()), "display_name": f"Forged {u}"}, ["display_name"]),
        change=lambda w, u: {"niche": f"niche {u}"}),
    "brands": Spec(
        row=lambda w: [eq("id", w.brand_id)],
        new_row=lambda w, u: ({"name": f"Forged {u}", "created_by": w.owner}, ["name"]),
        change=lambda w, u: {"website": f"https://changed.example/{u}"}),
    "brand_memberships": Spec(
        row=lambda w: [eq("brand_id", w.brand_id), eq("profile_id", w.id(PARTNER))],
        new_row=lambda w, u: ({"brand_id": w.brand_id, "profile_id": w.owner, "member_role": "owner"},
                              ["brand_id", "profile_id"]),
        change=lambda w, u: {"member_role": "member"}),
    "identities": Spec(
        row=lambda w: [eq("profile_id", w.owner)],
        new_row=lambda w, u: ({"profile_id": w.owner, "issuer": "https://forged.example", "subject": u},
                              ["subject"]),
        change=lambda w, u: {"email": f"{u}@changed.example"}),
    "invitations": Spec(
        row=lambda w: [eq("id", w.invitation_id)],
        new_row=lambda w, u: ({"creator_id": w.owner, "brand_name": f"Forged {u}", "expires_at": _future(),
                               "token_hash": hashlib.sha256(u.encode()).hexdigest()}, ["token_hash"]),
        change=lambda w, u: {"brand_name": f"Changed {u}"},
        fresh=_fresh_invitation),
    "creator_partners": Spec(
        row=lambda w: [eq("creator_id", w.owner), eq("partner_id", w.id(PARTNER))],
        new_row=lambda w, u: ({"creator_id": w.owner, "partner_id": w.id(UNRELATED)}, ["creator_id", "partner_id"]),
        change=lambda w, u: {"brand_id": None},
        fresh=_fresh_partnership),
    "social_accounts": Spec(
        row=lambda w: [eq("id", w.account_id)],
        new_row=lambda w, u: ({"creator_id": w.owner, "platform": "youtube", "handle": f"new-{u}",
                               "platform_account_id": u}, ["platform_account_id"]),
        change=lambda w, u: {"handle": f"changed-{u}"},
        fresh=_fresh_account),
    "account_daily": Spec(
        row=lambda w: [eq("account_id", w.account_id), eq("day", w.day.isoformat())],
        new_row=lambda w, u: ({"account_id": w.account_id, "creator_id": w.owner, "followers": 5,
                               "day": w.day - dt.timedelta(days=w.serial())}, ["account_id", "day"]),
        change=lambda w, u: {"followers": 100 + w.serial()},
        fresh=_fresh_day),
    "posts": Spec(
        row=lambda w: [eq("id", w.post_id)],
        new_row=lambda w, u: ({"account_id": w.account_id, "creator_id": w.owner, "platform_post_id": u,
                               "post_type": "video", "posted_at": dt.datetime(2026, 1, 4, tzinfo=dt.timezone.utc)},
                              ["platform_post_id"]),
        change=lambda w, u: {"caption": f"changed {u}"},
        fresh=_fresh_post),
    "post_metrics": Spec(
        row=lambda w: [eq("post_id", w.post_id), eq("captured_at", w.captured_at.isoformat())],
        new_row=lambda w, u: ({"post_id": w.post_id, "creator_id": w.owner, "likes": 3,
                               "captured_at": w.captured_at - dt.timedelta(hours=w.serial())},
                              ["post_id", "captured_at"]),
        change=lambda w, u: {"likes": 100 + w.serial()},
        fresh=_fresh_metric),
    "audience_breakdowns": Spec(
        row=lambda w: [eq("account_id", w.account_id), eq("bucket", w.bucket)],
        new_row=lambda w, u: ({"account_id": w.account_id, "creator_id": w.owner, "as_of": w.day,
                               "dimension": "age", "bucket": u, "share": decimal.Decimal("0.12500")},
                              ["account_id", "bucket"]),
        change=lambda w, u: {"share": decimal.Decimal(f"0.{w.serial():05d}")},
        fresh=_fresh_breakdown),
}


# -- the matrix -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("table, persona, operation, expected", CASES)
def test_rls(gateway_for, world, admin_conn, table, persona, operation, expected):
    SPECS[table].check(gateway_for(world.people[persona]), admin_conn, world, table, operation, expected)


# -- around the matrix -----------------------------------------------------------------------------------

def test_matrix_covers_every_operation_of_its_tables():
    assert_covers(EXPECTED, set(SPECS))


def test_every_table_in_public_is_in_some_rls_matrix(admin_conn):
    """Each tests/<area>/test_*.py module with an RLS matrix holds an EXPECTED matrix keyed by (table, operation); together
    they must cover every table in public, so a new table cannot ship without its matrix."""
    import importlib
    from pathlib import Path

    covered = set()
    tests_root = Path(__file__).resolve().parents[1]
    for path in sorted(tests_root.glob("*/test_*.py")):
        if "\nEXPECTED = {" not in path.read_text():
            continue
        module = importlib.import_module(f"tests.{path.parent.name}.{path.stem}")
        covered |= {key[0] for key in module.EXPECTED if isinstance(key, tuple) and len(key) == 2}
    tables = {r["relname"] for r in admin_conn.execute(
        "select relname from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'p')")}
    assert tables - covered == set(), "tables without an RLS matrix"


def test_brand_partner_sees_the_inviting_creators_profile_but_none_of_their_numbers(gateway_for, world):
    partner = gateway_for(world.people[PARTNER])
    assert [p["id"] for p in partner.select("profiles", filters=[eq("id", world.owner)])] == [world.owner]
    for relation in ("social_accounts", "account_daily", "posts", "post_metrics", "audience_breakdowns",
                     "post_engagement"):
        assert partner.select(relation, filters=[eq("creator_id", world.owner)]) == [], relation


def test_audit_log_is_append_only_even_for_the_admin(admin_conn, world):
    before = admin_rows(admin_conn, "audit_log", [eq("id", world.audit_id)])
    row = (world.audit_id,)
    for statement, params in (("update public.audit_log set action = 'tampered' where id = %s", row),
                              ("delete from public.audit_log where id = %s", row), ("truncate public.audit_log", ())):
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            admin_conn.execute(statement, params)
    assert admin_rows(admin_conn, "audit_log", [eq("id", world.audit_id)]) == before
