"""Row-level security of the import tables (migration 20261128004000_imports.sql), cell by cell on both
gateways, with the personas and the owner's world of tests/people/test_rls_matrix.py."""
from __future__ import annotations

import datetime as dt

import pytest

from services.core.db.gateway import eq
from tests.people.test_rls_matrix import World, unique, world  # noqa: F401
from tests.support.rls import NO, YES, Spec, assert_covers, cases, rights

OWNER_ONLY = (NO, YES, NO, NO, NO)  # cells: anon, owner, other creator, partner, unrelated partner
EXPECTED = {
    **rights("follower_activity", select=OWNER_ONLY, writes=OWNER_ONLY),
    # The log is written by imports and never edited; its owner may delete an entry.
    **rights("imports", select=OWNER_ONLY, insert=OWNER_ONLY, delete=OWNER_ONLY),
}
CASES = cases(EXPECTED)
DAY = dt.date(2026, 1, 1)


def _sha() -> str:
    return (unique() * 6)[:64]


def _activity(w: World, hour: int) -> list:
    w.as_owner.insert("follower_activity", [{"account_id": w.account_id, "creator_id": w.owner, "day": DAY,
                                             "hour": hour, "active_followers": 10}], on_conflict=("account_id", "day", "hour"))
    return [eq("account_id", w.account_id), eq("day", DAY.isoformat()), eq("hour", hour)]


def _import(w: World) -> list:
    row = w.as_owner.insert("imports", [{"account_id": w.account_id, "creator_id": w.owner, "file_name": "Overview.csv",
                                         "file_sha256": _sha(), "format": "tiktok_overview", "rows_read": 7}])[0]
    return [eq("id", row["id"])]


SPECS = {
    "follower_activity": Spec(
        row=lambda w: _activity(w, 0),
        new_row=lambda w, u: ({"account_id": w.account_id, "creator_id": w.owner, "day": DAY + dt.timedelta(days=w.serial()),
                               "hour": 5, "active_followers": 3}, ["account_id", "day", "hour"]),
        change=lambda w, u: {"active_followers": 100 + w.serial()},
        fresh=lambda w, u: _activity(w, 1 + w.serial() % 23)),
    "imports": Spec(
        row=_import,
        new_row=lambda w, u: ({"account_id": w.account_id, "creator_id": w.owner, "file_name": f"{u}.csv",
                               "file_sha256": _sha(), "format": "youtube_totals", "rows_read": 1}, ["file_name"]),
        change=lambda w, u: {"file_name": f"tampered-{u}.csv"},
        fresh=lambda w, u: _import(w)),
}


def test_matrix_covers_every_operation_of_the_import_tables():
    assert_covers(EXPECTED, set(SPECS))


@pytest.mark.parametrize("table, persona, operation, expected", CASES)
def test_rls_imports(gateway_for, world, admin_conn, table, persona, operation, expected):
    SPECS[table].check(gateway_for(world.people[persona]), admin_conn, world, table, operation, expected)


def test_anon_cannot_call_the_import_function(admin_conn):
    assert admin_conn.execute(
        "select has_function_privilege('anon', 'public.import_platform_export(uuid, text, text, text, jsonb, jsonb, "
        "boolean)', 'execute') as allowed").fetchone()["allowed"] is False
