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
from tests.people.test_rls_matrix import admin_rows
from services.core import clock
from tests.support.creator_accounts import give_accounts

ANON, OWNER, OTHER, PARTNER, UNRELATED = "anon", "owner", "other_creator", "partner", "unrelated_partner"
PERSONAS = (ANON, OWNER, OTHER, PARTNER, UNRELATED)
YES, NO = "yes", "no"

EXPECTED = {
    #                                anon  owner  other  partner  unrelated
    ("offers", "select"):           (NO,   YES,   NO,    YES,     NO),
    ("offers", "insert"):           (NO,   NO,    NO,    NO,      NO),
    ("offers", "update"):           (NO,   NO,    NO,    NO,      NO),
    ("offers", "delete"):           (NO,   NO,    NO,    NO,      NO),

    ("offer_items", "select"):      (NO,   YES,   NO,    YES,     NO),
    ("offer_items", "insert"):      (NO,   NO,    NO,    NO,      NO),
    ("offer_items", "update"):      (NO,   NO,    NO,    NO,      NO),
    ("offer_items", "delete"):      (NO,   NO,    NO,    NO,      NO),

    ("offer_events", "select"):     (NO,   YES,   NO,    YES,     NO),
    ("offer_events", "insert"):     (NO,   NO,    NO,    NO,      NO),
    ("offer_events", "update"):     (NO,   NO,    NO,    NO,      NO),
    ("offer_events", "delete"):     (NO,   NO,    NO,    NO,      NO),

    ("deliverables", "select"):     (NO,   YES,   NO,    YES,     NO),
    ("deliverables", "insert"):     (NO,   NO,    NO,    NO,      NO),
    ("deliverables", "update"):     (NO,   NO,    NO,    NO,      NO),
    ("deliverables", "delete"):     (NO,   NO,    NO,    NO,      NO),

    ("checklist_ticks", "select"):  (NO,   YES,   NO,    YES,     NO),
    ("checklist_ticks", "insert"):  (NO,   NO,    NO,    NO,      NO),
    ("checklist_ticks", "update"):  (NO,   NO,    NO,    NO,      NO),
    ("checklist_ticks", "delete"):  (NO,   NO,    NO,    NO,      NO),
}
OPERATIONS = ("select", "insert", "update", "delete")
CASES = [pytest.param(table, persona, op, cells[i], id=f"{table}-{persona}-{op}")
         for (table, op), cells in EXPECTED.items() for i, persona in enumerate(PERSONAS)]


def new_person(label: str) -> Person:
    pid = str(uuid.uuid4())
    return Person(id=pid, email=f"{label}-{pid[:8]}@example.com")


def invite(pool, creator: Person, partner: Person) -> None:
    invitation = PostgresGateway(pool, creator).rpc("create_invitation", {"p_brand_name": f"Brand {uuid.uuid4().hex[:8]}",
                                                                         "p_email": partner.email})[0]
    PostgresGateway(pool, partner).rpc("accept_invitation", {"p_token": invitation["token"], "p_display_name": "Partner"})


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
    owner, other, partner, unrelated = new_person("owner"), new_person("other"), new_person("partner"), new_person("unrel")
    for creator in (owner, other):
        PostgresGateway(pool, creator).rpc("ensure_profile", {"p_display_name": "Creator", "p_email": creator.email})
        give_accounts(pool, creator, "instagram", "tiktok")
    invite(pool, owner, partner)
    invite(pool, other, unrelated)
    as_owner, as_partner = PostgresGateway(pool, owner), PostgresGateway(pool, partner)
    offer = offers.create(as_partner, owner.id, terms(), time_zone="UTC", send=True)
    offers.accept(as_owner, offer.id)
    deliverable = deliverables.for_offers(as_owner, [offer.id])[offer.id][0]
    deliverables.set_tick(as_owner, deliverable.id, "uk.label", True)
    event_id = offers.history(as_owner, offer.id)[0].id
    draft = offers.create(as_partner, owner.id, terms("900.00"), time_zone="UTC", send=False)
    logged = offers.log(as_owner, "Email Brand", terms("100.00"), time_zone="UTC")
    other_offer = offers.create(PostgresGateway(pool, unrelated), other.id, terms("50.00"), time_zone="UTC", send=True)
    return World({ANON: ANONYMOUS, OWNER: owner, OTHER: other, PARTNER: partner, UNRELATED: unrelated},
                 offer.id, deliverable.id, event_id, draft.id, logged.id, other_offer.id)


def _row_filters(w: World, table: str):
    return {
        "offers": [eq("id", w.offer_id)],
        "offer_items": [eq("offer_id", w.offer_id), eq("position", 1)],
        "offer_events": [eq("id", w.event_id)],
        "deliverables": [eq("id", w.deliverable_id)],
        "checklist_ticks": [eq("deliverable_id", w.deliverable_id), eq("rule_id", "uk.label")],
    }[table]


def _new_row(w: World, table: str) -> dict:
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
    }[table]


def _written(admin_conn, table: str, row: dict) -> list:
    keys = {"offers": ("campaign",), "offer_items": ("offer_id", "position"), "offer_events": ("action",),
            "deliverables": ("offer_id", "seq"), "checklist_ticks": ("deliverable_id", "rule_id")}[table]
    return admin_rows(admin_conn, table, {k: row[k] for k in keys})


CHANGES = {
    "offers": {"fee": Decimal("1.00")},  # a creator must not rewrite the brand's terms
    "offer_items": {"quantity": 40},
    "offer_events": {"note": "rewritten history"},
    "deliverables": {"status": "verified"},
    "checklist_ticks": {"ticked_by": None},
}


@pytest.mark.parametrize("table, persona, operation, expected", CASES)
def test_rls(gateway_for, world, admin_conn, table, persona, operation, expected):
    gateway = gateway_for(world.people[persona])
    target = _row_filters(world, table)
    if operation == "select":
        rows = gateway.select(table, filters=target)
        assert (len(rows) == 1) if expected == YES else (rows == []), f"{persona} select {table}"
        return
    if operation == "insert":
        row = _new_row(world, table)
        with pytest.raises(PermissionDenied):
            gateway.insert(table, [row])
        assert _written(admin_conn, table, row) == []
        return
    before = admin_rows(admin_conn, table, target)
    assert len(before) == 1
    if operation == "update":
        assert gateway.update(table, CHANGES[table], target) == []
    else:
        assert gateway.delete(table, target) == []
    assert admin_rows(admin_conn, table, target) == before, f"{persona}'s {operation} changed {table}"


def test_matrix_covers_every_operation_of_its_tables():
    tables = {t for t, _ in EXPECTED}
    assert set(EXPECTED) == {(t, op) for t in tables for op in OPERATIONS}
    assert tables == {"offers", "offer_items", "offer_events", "deliverables", "checklist_ticks"}


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
