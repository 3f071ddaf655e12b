"""Row-level security for offers, their items, history, deliverables and checklist ticks.

Five personas as in tests/people/test_rls_matrix.py: an anonymous visitor, the owner creator (who received the
offer), another creator, the brand partner who sent it (the owner invited them) and a partner of another
brand (invited by the other creator). Nobody may write these tables directly: every change is a SQL
function (tests/offers/test_offers_transitions.py). Every cell of EXPECTED is one test, on both gateways."""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

import pytest

from services.offers import deliverables
from services.offers import offers
from services.core.db.gateway import ANONYMOUS, Person, eq
from services.core.db.postgres import PostgresGateway
from services.core.errors import PermissionDenied
from services.offers.offers import Item, Terms
from services.core import clock
from tests.support.rls import (NO, OTHER, OWNER, PARTNER, UNRELATED, YES, admin_rows, assert_covers,
                               cases, cast, check, rights)

EXPECTED = {
    # cells: anon, owner, other creator, partner, unrelated partner; nobody writes
    **rights("offers", "offer_items", "offer_events", "deliverables", "checklist_ticks", select=(NO, YES, NO, YES, NO)),
}
CASES = cases(EXPECTED)


def terms(fee: str = "800.00") -> Terms:
    today = clock.today()
    return Terms("RLS campaign", Decimal(fee), "EUR", (Item("tiktok", "video", 1, today + dt.timedelta(days=9)),),
                 today + dt.timedelta(days=4))


@dataclass
class World:
    people: dict[str, Person]
    offer_id: str
    deliverable_id: str
    event_id: int
    draft_id: str
    logged_id: str
    other_offer_id: str


@pytest.fixture(scope="module")
def world(pool) -> World:
    people = cast(pool, "instagram", "tiktok")
    owner, other, partner, unrelated = people[OWNER], people[OTHER], people[PARTNER], people[UNRELATED]
    as_owner, as_partner = PostgresGateway(pool, owner), PostgresGateway(pool, partner)
    offer = offers.create(as_partner, owner.id, terms(), time_zone="UTC", send=True)
    offers.accept(as_owner, offer.id)
    deliverable = deliverables.for_offers(as_owner, [offer.id])[offer.id][0]
    deliverables.set_tick(as_owner, deliverable.id, "uk.label", True)
    event_id = offers.history(as_owner, offer.id)[0].id
    draft = offers.create(as_partner, owner.id, terms("900.00"), time_zone="UTC", send=False)
    logged = offers.log(as_owner, "Email Brand", terms("100.00"), time_zone="UTC")
    other_offer = offers.create(PostgresGateway(pool, unrelated), other.id, terms("50.00"), time_zone="UTC", send=True)
    return World(people, offer.id, deliverable.id, event_id, draft.id, logged.id, other_offer.id)


def _row_filters(w: World, table: str):
    return {
        "offers": [eq("id", w.offer_id)],
        "offer_items": [eq("offer_id", w.offer_id), eq("position", 1)],
        "offer_events": [eq("id", w.event_id)],
        "deliverables": [eq("id", w.deliverable_id)],
        "checklist_ticks": [eq("deliverable_id", w.deliverable_id), eq("rule_id", "uk.label")],
    }[table]


def _new_row(w: World, table: str) -> tuple[dict, tuple]:
    """A row that would be valid, and the columns that find it again."""
    owner = w.people[OWNER].id
    return {
        "offers": {"creator_id": owner, "brand_name": "Forged", "origin": "brand", "status": "accepted",
                   "campaign": f"forged {uuid.uuid4().hex[:6]}", "fee": "1.00", "currency": "EUR",
                   "expires_at": "2099-01-01T00:00:00+00:00"},
        "offer_items": {"offer_id": w.offer_id, "position": 9, "platform": "tiktok", "format": "video",
                        "quantity": 1, "due_date": "2099-01-01"},
        "offer_events": {"offer_id": w.offer_id, "action": f"forged.{uuid.uuid4().hex[:6]}"},
        "deliverables": {"offer_id": w.offer_id, "creator_id": owner, "item_position": 1, "seq": 9,
                         "platform": "tiktok", "format": "video", "due_date": "2099-01-01"},
        "checklist_ticks": {"deliverable_id": w.deliverable_id, "creator_id": owner, "rule_id": "us.forged",
                            "ticked_by": owner},
    }[table], KEYS[table]


KEYS = {"offers": ("campaign",), "offer_items": ("offer_id", "position"), "offer_events": ("action",),
        "deliverables": ("offer_id", "seq"), "checklist_ticks": ("deliverable_id", "rule_id")}


CHANGES = {
    "offers": {"fee": Decimal("1.00")},  # a creator must not rewrite the brand's terms
    "offer_items": {"quantity": 40},
    "offer_events": {"note": "rewritten history"},
    "deliverables": {"status": "verified"},
    "checklist_ticks": {"ticked_by": None},
}


@pytest.mark.parametrize("table, persona, operation, expected", CASES)
def test_rls(gateway_for, world, admin_conn, table, persona, operation, expected):
    check(gateway_for(world.people[persona]), admin_conn, table, operation, expected,
          row=lambda: _row_filters(world, table), new_row=lambda: _new_row(world, table), change=lambda: CHANGES[table])


def test_matrix_covers_every_operation_of_its_tables():
    assert_covers(EXPECTED, {"offers", "offer_items", "offer_events", "deliverables", "checklist_ticks"})


def test_a_brand_partner_never_sees_another_brand_s_offers(gateway_for, world):
    partner, unrelated = gateway_for(world.people[PARTNER]), gateway_for(world.people[UNRELATED])
    assert world.other_offer_id not in {o["id"] for o in partner.select("offers")}
    seen = {o["id"] for o in unrelated.select("offers")}
    assert world.offer_id not in seen and world.draft_id not in seen and world.other_offer_id in seen
    for table in ("offer_items", "offer_events"):
        assert unrelated.select(table, filters=[eq("offer_id", world.offer_id)]) == []
    assert unrelated.select("deliverables", filters=[eq("offer_id", world.offer_id)]) == []


def test_a_creator_cannot_change_the_brand_s_terms_except_by_countering(gateway_for, world, admin_conn, pool):
    owner = world.people[OWNER]
    gw = gateway_for(owner)
    fresh = offers.create(PostgresGateway(pool, world.people[PARTNER]), owner.id, terms("700.00"), time_zone="UTC",
                          send=True)
    assert gw.update("offers", {"fee": Decimal("5000.00")}, [eq("id", fresh.id)]) == []
    assert gw.update("offer_items", {"quantity": 9}, [eq("offer_id", fresh.id)]) == []
    assert admin_rows(admin_conn, "offers", [eq("id", fresh.id)])[0]["fee"] == Decimal("700.00")
    countered = offers.counter(gw, fresh.id, terms("750.00"), time_zone="UTC", note="a little more")
    assert (countered.status, countered.fee) == ("countered", Decimal("750.00"))


def test_a_creator_does_not_see_a_brand_s_draft_or_its_history(gateway_for, world):
    owner = gateway_for(world.people[OWNER])
    for table, column in (("offers", "id"), ("offer_items", "offer_id"), ("offer_events", "offer_id")):
        assert owner.select(table, filters=[eq(column, world.draft_id)]) == [], table
    assert len(gateway_for(world.people[PARTNER]).select("offers", filters=[eq("id", world.draft_id)])) == 1


def test_a_deal_the_creator_logged_stays_private(gateway_for, world):
    for persona in (PARTNER, UNRELATED, OTHER):
        gw = gateway_for(world.people[persona])
        assert gw.select("offers", filters=[eq("id", world.logged_id)]) == [], persona
        assert gw.select("offer_events", filters=[eq("offer_id", world.logged_id)]) == [], persona
    assert len(gateway_for(world.people[OWNER]).select("offers", filters=[eq("id", world.logged_id)])) == 1


def test_state_changes_by_a_stranger_are_refused_as_if_the_offer_did_not_exist(gateway_for, world):
    from services.core.errors import NotFound
    for persona in (OTHER, UNRELATED):
        with pytest.raises(NotFound):
            gateway_for(world.people[persona]).rpc("withdraw_offer", {"p_offer_id": world.offer_id, "p_note": None})
    with pytest.raises(PermissionDenied):
        gateway_for(ANONYMOUS).rpc("accept_offer", {"p_offer_id": world.offer_id, "p_note": None})
