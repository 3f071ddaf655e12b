"""What becomes a notification, on the demo workspace (offers in every state, payments, shared reports): each
kind of event is collected for the right person, and collecting again adds nothing (one idempotency key per event)."""
from __future__ import annotations

import json

import psycopg
import pytest
from psycopg.rows import dict_row

from services.core import clock
from tests.support.databases import demo_workspace


@pytest.fixture(scope="module")
def demo(database):
    with demo_workspace(database, "jobs_events", days=30) as backend:
        yield backend.admin_url


def test_events_become_notifications_once(demo):
    with psycopg.connect(demo, autocommit=True, row_factory=dict_row) as conn:
        # the database's clock is the portal's (tests move it), as the gateways tell it to every session
        conn.execute("select set_config('request.jwt.claims', %s, false)",
                     (json.dumps({"portal_now": clock.now().isoformat()}),))
        first = conn.execute("select app.collect_notifications() as n").fetchone()["n"]
        again = conn.execute("select app.collect_notifications() as n").fetchone()["n"]
        rows = conn.execute("select event, person_id::text as person_id, facts from public.notifications").fetchall()
        # independently: offers sent to a creator in the last two days, by offer_events (not a counter's reply)
        sent = conn.execute(
            "select o.creator_id::text as person_id from public.offer_events e join public.offers o on o.id = e.offer_id "
            "where e.to_status = 'sent' and e.from_status is distinct from 'countered' "
            "and e.occurred_at > app.now() - interval '2 days'").fetchall()
        overdue = conn.execute("select creator_id::text as person_id from public.payout_overview "
                               "where status = 'overdue'").fetchall()
    assert first == len(rows) > 0
    kinds = {r["event"] for r in rows}
    assert {"new_offer", "money_overdue"} <= kinds, kinds
    assert again == 0
    assert sorted(r["person_id"] for r in rows if r["event"] == "new_offer") == sorted(r["person_id"] for r in sent)
    assert sorted(r["person_id"] for r in rows if r["event"] == "money_overdue") == sorted(r["person_id"] for r in overdue)
    for row in rows:
        if row["event"] == "money_overdue":
            assert set(row["facts"]) == {"brand", "balance", "currency", "days_overdue", "due_date"}
