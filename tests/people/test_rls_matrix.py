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
from psycopg import sql

from services.core.db.gateway import ANONYMOUS, Filter, Person, eq
from services.core.db.postgres import PostgresGateway
from services.core.errors import PermissionDenied
from services.core import clock

ANON, OWNER, OTHER, PARTNER, UNRELATED = "anon", "owner", "other_creator", "partner", "unrelated_partner"
PERSONAS = (ANON, OWNER, OTHER, PARTNER, UNRELATED)

YES = "yes"          # select: the row is visible · insert: written · update: changed · delete: removed
NO = "no"            # select: no rows · insert: PermissionDenied · update/delete: 0 rows, row unchanged
REFUSED = "refused"  # update/delete: PermissionDenied (the role lacks the table privilege), row unchanged

# Who may do what to the owner creator's rows ("the owner's brand" is the brand of the partner they invited).
EXPECTED = {
    #                                    anon     owner    other    partner  unrelated
    ("currencies", "select"):           (YES,     YES,     YES,     YES,     YES),
    ("currencies", "insert"):           (NO,      NO,      NO,      NO,      NO),
    ("currencies", "update"):           (NO,      NO,      NO,      NO,      NO),
    ("currencies", "delete"):           (NO,      NO,      NO,      NO,      NO),

    ("platforms", "select"):            (YES,     YES,     YES,     YES,     YES),
    ("platforms", "insert"):            (NO,      NO,      NO,      NO,      NO),
    ("platforms", "update"):            (REFUSED, REFUSED, REFUSED, REFUSED, REFUSED),
    ("platforms", "delete"):            (REFUSED, REFUSED, REFUSED, REFUSED, REFUSED),

    ("deliverable_formats", "select"):  (YES,     YES,     YES,     YES,     YES),
    ("deliverable_formats", "insert"):  (NO,      NO,      NO,      NO,      NO),
    ("deliverable_formats", "update"):  (REFUSED, REFUSED, REFUSED, REFUSED, REFUSED),
    ("deliverable_formats", "delete"):  (REFUSED, REFUSED, REFUSED, REFUSED, REFUSED),

    ("scheduled_work", "select"):       (REFUSED, YES,     YES,     YES,     YES),
    ("scheduled_work", "insert"):       (NO,      NO,      NO,      NO,      NO),
    ("scheduled_work", "update"):       (REFUSED, REFUSED, REFUSED, REFUSED, REFUSED),
    ("scheduled_work", "delete"):       (REFUSED, REFUSED, REFUSED, REFUSED, REFUSED),

    ("audit_log", "select"):            (NO,      YES,     NO,      NO,      NO),
    ("audit_log", "insert"):            (NO,      NO,      NO,      NO,      NO),
    ("audit_log", "update"):            (NO,      NO,      NO,      NO,      NO),
    ("audit_log", "delete"):            (NO,      NO,      NO,      NO,      NO),

    ("profiles", "select"):             (NO,      YES,     NO,      YES,     NO),
    ("profiles", "insert"):             (NO,      NO,      NO,      NO,      NO),
    ("profiles", "update"):             (REFUSED, YES,     NO,      NO,      NO),
    ("profiles", "delete"):             (REFUSED, REFUSED, REFUSED, REFUSED, REFUSED),

    ("brands", "select"):               (NO,      YES,     NO,      YES,     NO),
    ("brands", "insert"):               (NO,      NO,      NO,      NO,      NO),
    ("brands", "update"):               (NO,      NO,      NO,      YES,     NO),
    ("brands", "delete"):               (NO,      NO,      NO,      NO,      NO),

    ("brand_memberships", "select"):    (NO,      NO,      NO,      YES,     NO),
    ("brand_memberships", "insert"):    (NO,      NO,      NO,      NO,      NO),
    ("brand_memberships", "update"):    (NO,      NO,      NO,      NO,      NO),
    ("brand_memberships", "delete"):    (NO,      NO,      NO,      NO,      NO),

    ("identities", "select"):           (NO,      YES,     NO,      NO,      NO),
    ("identities", "insert"):           (NO,      NO,      NO,      NO,      NO),
    ("identities", "update"):           (NO,      NO,      NO,      NO,      NO),
    ("identities", "delete"):           (NO,      NO,      NO,      NO,      NO),

    ("invitations", "select"):          (NO,      YES,     NO,      NO,      NO),
    ("invitations", "insert"):          (NO,      NO,      NO,      NO,      NO),
    ("invitations", "update"):          (NO,      NO,      NO,      NO,      NO),
    ("invitations", "delete"):          (NO,      YES,     NO,      NO,      NO),

    ("creator_partners", "select"):     (NO,      YES,     NO,      YES,     NO),
    ("creator_partners", "insert"):     (NO,      NO,      NO,      NO,      NO),
    ("creator_partners", "update"):     (NO,      NO,      NO,      NO,      NO),
    ("creator_partners", "delete"):     (NO,      YES,     NO,      NO,      NO),

    ("social_accounts", "select"):      (NO,      YES,     NO,      NO,      NO),
    ("social_accounts", "insert"):      (NO,      YES,     NO,      NO,      NO),
    ("social_accounts", "update"):      (NO,      YES,     NO,      NO,      NO),
    ("social_accounts", "delete"):      (NO,      YES,     NO,      NO,      NO),

    ("account_daily", "select"):        (NO,      YES,     NO,      NO,      NO),
    ("account_daily", "insert"):        (NO,      YES,     NO,      NO,      NO),
    ("account_daily", "update"):        (NO,      YES,     NO,      NO,      NO),
    ("account_daily", "delete"):        (NO,      YES,     NO,      NO,      NO),

    ("posts", "select"):                (NO,      YES,     NO,      NO,      NO),
    ("posts", "insert"):                (NO,      YES,     NO,      NO,      NO),
    ("posts", "update"):                (NO,      YES,     NO,      NO,      NO),
    ("posts", "delete"):                (NO,      YES,     NO,      NO,      NO),

    ("post_metrics", "select"):         (NO,      YES,     NO,      NO,      NO),
    ("post_metrics", "insert"):         (NO,      YES,     NO,      NO,      NO),
    ("post_metrics", "update"):         (NO,      YES,     NO,      NO,      NO),
    ("post_metrics", "delete"):         (NO,      YES,     NO,      NO,      NO),

    ("audience_breakdowns", "select"):  (NO,      YES,     NO,      NO,      NO),
    ("audience_breakdowns", "insert"):  (NO,      YES,     NO,      NO,      NO),
    ("audience_breakdowns", "update"):  (NO,      YES,     NO,      NO,      NO),
    ("audience_breakdowns", "delete"):  (NO,      YES,     NO,      NO,      NO),
}
OPERATIONS = ("select", "insert", "update", "delete")
TABLES = tuple(dict.fromkeys(table for table, _ in EXPECTED))

CASES = [pytest.param(table, persona, op, expected[i], id=f"{table}-{persona}-{op}")
         for (table, op), expected in EXPECTED.items() for i, persona in enumerate(PERSONAS)]


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


def new_person(label: str, **extra) -> Person:
    pid = str(uuid.uuid4())
    return Person(id=pid, email=f"{label}-{pid[:8]}@example.com", **extra)


def invite(pool, creator: Person, partner: Person, brand: str) -> str:
    """The creator invites, the partner accepts; returns the invitation id."""
    invitation = PostgresGateway(pool, creator).rpc("create_invitation", {"p_brand_name": brand,
                                                                          "p_email": partner.email})[0]
    PostgresGateway(pool, partner).rpc("accept_invitation", {"p_token": invitation["token"],
                                                             "p_display_name": f"{brand} team"})
    return invitation["invitation_id"]


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

@dataclass(frozen=True)
class Spec:
    row: Callable[[World], list[Filter]]                      # the owner's existing row
    new_row: Callable[[World, str], tuple[dict, list[str]]]   # a row for the owner's data, and its key columns
    change: Callable[[World, str], dict]                      # values an update sets
    fresh: Callable[[World, str], list[Filter]] | None = None  # a new owner's row, so changes hit nothing shared


def _future() -> dt.datetime:
    return clock.now() + dt.timedelta(days=3)


def _fresh_account(w: World, u: str) -> list[Filter]:
    row = w.as_owner.insert("social_accounts", [{"creator_id": w.owner, "platform": "tiktok",
                                                 "handle": f"fresh-{u}", "platform_account_id": u}])[0]
    return [eq("id", row["id"])]


def _fresh_day(w: World, u: str) -> list[Filter]:
    day = w.day + dt.timedelta(days=w.serial())
    w.as_owner.insert("account_daily", [{"account_id": w.account_id, "creator_id": w.owner, "day": day,
                                         "followers": 1000}])
    return [eq("account_id", w.account_id), eq("day", day.isoformat())]


def _fresh_post(w: World, u: str) -> list[Filter]:
    row = w.as_owner.insert("posts", [{"account_id": w.account_id, "creator_id": w.owner, "platform_post_id": u,
                                       "post_type": "image", "caption": "fresh",
                                       "posted_at": dt.datetime(2026, 1, 3, tzinfo=dt.timezone.utc)}])[0]
    return [eq("id", row["id"])]


def _fresh_metric(w: World, u: str) -> list[Filter]:
    captured = w.captured_at + dt.timedelta(hours=w.serial())
    w.as_owner.insert("post_metrics", [{"post_id": w.post_id, "creator_id": w.owner, "captured_at": captured,
                                        "likes": 7}])
    return [eq("post_id", w.post_id), eq("captured_at", captured.isoformat())]


def _fresh_breakdown(w: World, u: str) -> list[Filter]:
    w.as_owner.insert("audience_breakdowns", [{"account_id": w.account_id, "creator_id": w.owner, "as_of": w.day,
                                               "dimension": "city", "bucket": u, "share": "0.10000"}])
    return [eq("account_id", w.account_id), eq("bucket", u)]


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


def admin_rows(conn, table: str, filters) -> list[dict]:
    """The rows as the database holds them, read past RLS."""
    items = [(f.column, f.value) for f in filters] if not isinstance(filters, dict) else list(filters.items())
    where = sql.SQL(" and ").join(sql.SQL("{} = %s").format(sql.Identifier(c)) for c, _ in items)
    query = sql.SQL("select * from {} where ").format(sql.Identifier("public", table)) + where
    return conn.execute(query, [v for _, v in items]).fetchall()


# -- the matrix -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("table, persona, operation, expected", CASES)
def test_rls(gateway_for, world, admin_conn, table, persona, operation, expected):
    spec = SPECS[table]
    gateway = gateway_for(world.people[persona])
    u = unique()

    if operation == "select":
        if expected == REFUSED:
            with pytest.raises(PermissionDenied):
                gateway.select(table, filters=spec.row(world))
            return
        rows = gateway.select(table, filters=spec.row(world))
        if expected == YES:
            assert len(rows) == 1, f"{persona} should see the owner's {table} row"
        else:
            assert rows == [], f"{persona} must not see the owner's {table} row"
        return

    if operation == "insert":
        row, key = spec.new_row(world, u)
        if expected == YES:
            written = gateway.insert(table, [row])
            assert len(written) == 1
            assert len(admin_rows(admin_conn, table, {k: row[k] for k in key})) == 1
        else:
            with pytest.raises(PermissionDenied):
                gateway.insert(table, [row])
            assert admin_rows(admin_conn, table, {k: row[k] for k in key}) == []
        return

    target = spec.fresh(world, u) if spec.fresh else spec.row(world)
    before = admin_rows(admin_conn, table, target)
    assert len(before) == 1
    if operation == "update":
        values = spec.change(world, u)
        if expected == YES:
            changed = gateway.update(table, values, target)
            assert len(changed) == 1
            after = admin_rows(admin_conn, table, target)
            assert len(after) == 1 and {k: after[0][k] for k in values} == values
            return
        if expected == REFUSED:
            with pytest.raises(PermissionDenied):
                gateway.update(table, values, target)
        else:
            assert gateway.update(table, values, target) == []
    else:
        if expected == YES:
            assert len(gateway.delete(table, target)) == 1
            assert admin_rows(admin_conn, table, target) == []
            return
        if expected == REFUSED:
            with pytest.raises(PermissionDenied):
                gateway.delete(table, target)
        else:
            assert gateway.delete(table, target) == []
    assert admin_rows(admin_conn, table, target) == before, f"{persona}'s {operation} changed the row"


# -- around the matrix -----------------------------------------------------------------------------------

def test_matrix_covers_every_operation_of_its_tables():
    assert set(EXPECTED) == {(t, op) for t in TABLES for op in OPERATIONS}
    assert set(TABLES) == set(SPECS)
    assert all(len(cells) == len(PERSONAS) for cells in EXPECTED.values())


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
    for statement in ("update public.audit_log set action = 'tampered' where id = %s",
                      "delete from public.audit_log where id = %s"):
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            admin_conn.execute(statement, (world.audit_id,))
    with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
        admin_conn.execute("truncate public.audit_log")
    assert admin_rows(admin_conn, "audit_log", [eq("id", world.audit_id)]) == before
