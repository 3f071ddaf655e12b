"""Row-level security of the dashboards migration's table, written like tests/people/test_rls_matrix.py.

post_latest_metrics is written only by triggers on post_metrics: the owner creator may read their rows,
nobody may write them (no insert, update or delete privilege, so even the owner is refused)."""
from __future__ import annotations

import datetime as dt

import pytest

from services.core.db.gateway import eq
from services.core.errors import PermissionDenied
from tests.people.test_rls_matrix import (ANON, NO, OTHER, OWNER, PARTNER, PERSONAS, REFUSED, UNRELATED, YES,  # noqa: F401
                                   admin_rows, unique, world)

EXPECTED = {
    #                                     anon     owner    other    partner  unrelated
    ("post_latest_metrics", "select"):   (NO,      YES,     NO,      NO,      NO),
    ("post_latest_metrics", "insert"):   (NO,      NO,      NO,      NO,      NO),
    ("post_latest_metrics", "update"):   (REFUSED, REFUSED, REFUSED, REFUSED, REFUSED),
    ("post_latest_metrics", "delete"):   (REFUSED, REFUSED, REFUSED, REFUSED, REFUSED),
}
CASES = [pytest.param(table, persona, op, expected[i], id=f"{table}-{persona}-{op}")
         for (table, op), expected in EXPECTED.items() for i, persona in enumerate(PERSONAS)]


def _fresh_post(w) -> str:
    return w.as_owner.insert("posts", [{"account_id": w.account_id, "creator_id": w.owner, "platform_post_id": unique(),
                                        "post_type": "image",
                                        "posted_at": dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc)}])[0]["id"]


@pytest.mark.parametrize("table, persona, operation, expected", CASES)
def test_rls(gateway_for, world, admin_conn, table, persona, operation, expected):
    gateway = gateway_for(world.people[persona])
    target = [eq("post_id", world.post_id)]
    before = admin_rows(admin_conn, table, target)
    assert len(before) == 1, "the owner's snapshot gave the post a latest row"

    if operation == "select":
        rows = gateway.select(table, filters=target)
        assert len(rows) == (1 if expected == YES else 0)
        return
    if operation == "insert":
        post = _fresh_post(world)
        with pytest.raises(PermissionDenied):
            gateway.insert(table, [{"post_id": post, "creator_id": world.owner,
                                    "captured_at": dt.datetime(2026, 1, 6, tzinfo=dt.timezone.utc), "likes": 1}])
        assert admin_rows(admin_conn, table, {"post_id": post}) == []
        return
    with pytest.raises(PermissionDenied):
        if operation == "update":
            gateway.update(table, {"likes": 999_999}, target)
        else:
            gateway.delete(table, target)
    assert admin_rows(admin_conn, table, target) == before


def test_matrix_covers_every_operation():
    assert set(EXPECTED) == {("post_latest_metrics", op) for op in ("select", "insert", "update", "delete")}


def test_post_engagement_view_shows_only_the_owners_posts(gateway_for, world):
    for persona in (ANON, OTHER, PARTNER, UNRELATED):
        gateway = gateway_for(world.people[persona])
        try:
            rows = gateway.select("post_engagement", filters=[eq("creator_id", world.owner)])
        except PermissionDenied:
            assert persona == ANON  # visitors have no privilege on the view at all
            continue
        assert rows == [], persona
    owner_rows = gateway_for(world.people[OWNER]).select("post_engagement", filters=[eq("post_id", world.post_id)])
    assert len(owner_rows) == 1 and owner_rows[0]["likes"] == 40
