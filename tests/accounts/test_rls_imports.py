"""Row-level security of the import tables (migration 20261128004000_imports.sql), cell by cell on both
gateways, with the personas and the owner's world of tests/people/test_rls_matrix.py."""
from __future__ import annotations

import datetime as dt

import pytest

from services.core.db.gateway import eq
from services.core.errors import PermissionDenied
from tests.people.test_rls_matrix import (ANON, NO, OTHER, OWNER, PARTNER, PERSONAS, UNRELATED, YES, Spec, World,  # noqa: F401
                                   admin_rows, unique, world)

EXPECTED = {
    #                                    anon     owner    other    partner  unrelated
    ("follower_activity", "select"):    (NO,      YES,     NO,      NO,      NO),
    ("follower_activity", "insert"):    (NO,      YES,     NO,      NO,      NO),
    ("follower_activity", "update"):    (NO,      YES,     NO,      NO,      NO),
    ("follower_activity", "delete"):    (NO,      YES,     NO,      NO,      NO),

    # The log is written by imports and never edited; its owner may delete an entry.
    ("imports", "select"):              (NO,      YES,     NO,      NO,      NO),
    ("imports", "insert"):              (NO,      YES,     NO,      NO,      NO),
    ("imports", "update"):              (NO,      NO,      NO,      NO,      NO),
    ("imports", "delete"):              (NO,      YES,     NO,      NO,      NO),
}
CASES = [pytest.param(table, persona, op, expected[i], id=f"{table}-{persona}-{op}")
         for (table, op), expected in EXPECTED.items() for i, persona in enumerate(PERSONAS)]
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


@pytest.mark.parametrize("table, persona, operation, expected", CASES)
def test_rls_imports(gateway_for, world, admin_conn, table, persona, operation, expected):
    spec = SPECS[table]
    gateway = gateway_for(world.people[persona])
    u = unique()

    if operation == "select":
        rows = gateway.select(table, filters=spec.row(world))
        assert len(rows) == (1 if expected == YES else 0), f"{persona} select on {table}"
        return

    if operation == "insert":
        row, key = spec.new_row(world, u)
        if expected == YES:
            assert len(gateway.insert(table, [row])) == 1
            assert len(admin_rows(admin_conn, table, {k: row[k] for k in key})) == 1
        else:
            with pytest.raises(PermissionDenied):
                gateway.insert(table, [row])
            assert admin_rows(admin_conn, table, {k: row[k] for k in key}) == []
        return

    target = spec.fresh(world, u)
    before = admin_rows(admin_conn, table, target)
    assert len(before) == 1
    if operation == "update":
        values = spec.change(world, u)
        if expected == YES:
            assert len(gateway.update(table, values, target)) == 1
            after = admin_rows(admin_conn, table, target)
            assert {k: after[0][k] for k in values} == values
            return
        assert gateway.update(table, values, target) == []
    else:
        if expected == YES:
            assert len(gateway.delete(table, target)) == 1
            assert admin_rows(admin_conn, table, target) == []
            return
        assert gateway.delete(table, target) == []
    assert admin_rows(admin_conn, table, target) == before, f"{persona}'s {operation} changed the row"


def test_matrix_covers_every_operation_of_the_import_tables():
    assert set(EXPECTED) == {(t, op) for t in SPECS for op in ("select", "insert", "update", "delete")}


def test_anon_cannot_call_the_import_function(admin_conn):
    assert admin_conn.execute(
        "select has_function_privilege('anon', 'public.import_platform_export(uuid, text, text, text, jsonb, jsonb, "
        "boolean)', 'execute') as allowed").fetchone()["allowed"] is False
