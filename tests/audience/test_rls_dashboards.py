"""Row-level security of the dashboards migration's table, written like tests/people/test_rls_matrix.py.

post_latest_metrics is written only by triggers on post_metrics: the owner creator may read their rows,
nobody may write them (no insert, update or delete privilege, so even the owner is refused)."""
from __future__ import annotations

import datetime as dt

import pytest

from services.core.db.gateway import eq
from services.core.errors import PermissionDenied
from tests.people.test_rls_matrix import unique, world  # noqa: F401
from tests.support.rls import ANON, NO, OTHER, OWNER, PARTNER, REFUSED, UNRELATED, YES, admin_rows, cases, check, rights

EXPECTED = {
    # cells: anon, owner, other creator, partner, unrelated partner
    **rights("post_latest_metrics", select=(NO, YES, NO, NO, NO), writes=(REFUSED,) * 5, insert=(NO,) * 5),
}
CASES = cases(EXPECTED)


def _forged_latest(w) -> tuple[dict, list]:
    """A latest-metrics row for a fresh post of the owner's (only the triggers may write one)."""
    post = w.as_owner.insert("posts", [{"account_id": w.account_id, "creator_id": w.owner, "platform_post_id": unique(),
                                        "post_type": "image",
                                        "posted_at": dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc)}])[0]["id"]
    return {"post_id": post, "creator_id": w.owner, "captured_at": dt.datetime(2026, 1, 6, tzinfo=dt.timezone.utc),
            "likes": 1}, ["post_id"]


@pytest.mark.parametrize("table, persona, operation, expected", CASES)
def test_rls(gateway_for, world, admin_conn, table, persona, operation, expected):
    target = [eq("post_id", world.post_id)]
    assert len(admin_rows(admin_conn, table, target)) == 1, "the owner's snapshot gave the post a latest row"
    check(gateway_for(world.people[persona]), admin_conn, table, operation, expected, row=lambda: target,
          new_row=lambda: _forged_latest(world), change=lambda: {"likes": 999_999})


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
