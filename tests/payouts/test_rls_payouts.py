"""Row-level security for payouts, payments, invoices, their documents, payout history, billing details and
exchange rates.

Five personas as in tests/people/test_rls_matrix.py: an anonymous visitor, the owner creator (who is owed), another
creator, the brand partner whose brand pays (the owner invited them) and a partner of another brand (invited by
the other creator). Nobody writes these tables directly (every change is a SQL function, tested in
tests/payouts/test_payouts_transitions.py), except that a creator may delete their own exchange rates. Every cell of
EXPECTED is one test, on both gateways."""
from __future__ import annotations

import datetime as dt
import itertools
import uuid
from dataclasses import dataclass
from decimal import Decimal

import pytest

from services.payouts import fx
from services.payouts import invoices
from services.payouts import payouts
from services.core.db.gateway import ANONYMOUS, Person, eq
from services.core.db.postgres import PostgresGateway
from services.core.errors import NotFound, PermissionDenied
from services.core import clock
from tests.support.rls import (NO, OTHER, OWNER, PARTNER, UNRELATED, YES, assert_covers, brand_of, cases,
                               cast, check, rights)

@dataclass
class World:
    people: dict[str, Person]
    brand_id: str
    payout_id: str
    payment_id: str
    invoice_id: str
    event_id: int
    rate_id: int
    other_payout_id: str
    reminder_id: str


_dates = itertools.count(1)


@pytest.fixture(scope="module")
def world(pool) -> World:
    people = cast(pool)
    owner, other, partner, unrelated = people[OWNER], people[OTHER], people[PARTNER], people[UNRELATED]
    brand_id, other_brand = brand_of(pool, owner, partner), brand_of(pool, other, unrelated)
    as_owner, as_partner = PostgresGateway(pool, owner), PostgresGateway(pool, partner)
    today = clock.today()
    invoices.save_billing_details(as_owner, invoices.BillingDetails(legal_name="Owner Ltd",
                                                                    payment_instructions="IBAN XX00 TEST"))
    rate = fx.save_rate(as_owner, "USD", "EUR", "0.9", today - dt.timedelta(days=1))
    payout = payouts.create(as_owner, payouts.PayoutTerms("RLS payout", "EUR", "500.00", today + dt.timedelta(days=20),
                                                          brand_id=brand_id), today=today)
    payment = payouts.mark_sent(as_partner, payout, payouts.PaymentDetails("100.00", "bank_transfer",
                                                                          f"RLS-{uuid.uuid4().hex[:8]}", today))
    invoice = invoices.issue(as_owner, payout.id, invoices.BillTo(name="Partner Brand Ltd"))
    event_id = payouts.history(as_owner, payout.id)[0].id
    other_payout = payouts.create(PostgresGateway(pool, other), payouts.PayoutTerms(
        "Other's payout", "USD", "50.00", today + dt.timedelta(days=5), brand_id=other_brand), today=today)
    reminder = as_owner.rpc("log_payout_reminder", {"p_payout_id": payout.id, "p_tone": "polite",
                                                    "p_body": "A friendly reminder."})
    reminder = reminder[0] if isinstance(reminder, list) else reminder
    return World(people, brand_id, payout.id, payment.id, invoice.id, event_id, rate.id, other_payout.id,
                 reminder["id"])


def _row_filters(w: World, table: str):
    return {
        "payouts": [eq("id", w.payout_id)],
        "payments": [eq("id", w.payment_id)],
        "invoices": [eq("id", w.invoice_id)],
        "invoice_documents": [eq("invoice_id", w.invoice_id)],
        "payout_events": [eq("id", w.event_id)],
        "billing_details": [eq("creator_id", w.people[OWNER].id)],
        "fx_rates": [eq("id", w.rate_id)],
        "payout_reminders": [eq("id", w.reminder_id)],
    }[table]


def _fresh_rate(w: World, pool) -> list:
    day = dt.date(2020, 1, 1) + dt.timedelta(days=next(_dates))
    rate = fx.save_rate(PostgresGateway(pool, w.people[OWNER]), "GBP", "EUR", "1.15", day)
    return [eq("id", rate.id)]


def _new_row(w: World, table: str) -> tuple[dict, tuple]:
    """A row that would be valid, and the columns that find it again."""
    owner = w.people[OWNER].id
    marker = uuid.uuid4().hex[:8]
    return {
        "payouts": {"creator_id": owner, "brand_name": "Forged", "kind": "manual", "description": f"forged {marker}",
                    "currency": "EUR", "amount": "1.00", "amount_due": "1.00", "billed_on": "2026-01-01",
                    "due_date": "2026-02-01"},
        "payments": {"payout_id": w.payout_id, "creator_id": owner, "currency": "EUR", "amount": "1.00",
                     "method": "cash", "reference": f"forged {marker}", "status": "received",
                     "received_on": "2026-01-01"},
        "invoices": {"creator_id": owner, "payout_id": w.payout_id, "kind": "invoice", "number": 2,  # the next one
                     "display_number": f"INV-{marker}", "issue_date": "2026-01-01", "due_date": "2026-02-01",
                     "currency": "EUR", "minor_units": 2, "seller": {}, "buyer": {}, "lines": [{"amount": "1"}],
                     "subtotal": "1.00", "tax_percent": "0", "tax_amount": "0", "fee_percent": "0", "fee_amount": "0",
                     "withholding_percent": "0", "withholding_amount": "0", "total": "1.00", "amount_due": "1.00",
                     "late_fee_percent": "0", "payment_instructions": "forged"},
        "invoice_documents": {"invoice_id": w.invoice_id, "creator_id": owner, "file_name": f"forged-{marker}.pdf",
                              "content": "\\x255044462d" + "00" * 120},
        "payout_events": {"payout_id": w.payout_id, "creator_id": owner, "action": f"forged.{marker}"},
        "billing_details": {"creator_id": str(uuid.uuid4()), "legal_name": f"Forged {marker}"},
        "fx_rates": {"creator_id": owner, "base": "USD", "quote": "GBP", "rate": "9.99", "rate_date": "2001-01-01",
                     "source": "manual", "note": f"forged {marker}"},
        "payout_reminders": {"payout_id": w.payout_id, "creator_id": owner, "brand_id": w.brand_id, "sent_by": owner,
                             "tone": "firm", "body": f"forged {marker}"},
    }[table], KEYS[table]


KEYS = {"payouts": ("description",), "payments": ("reference",), "invoices": ("display_number",),
        "invoice_documents": ("file_name",), "payout_events": ("action",), "billing_details": ("legal_name",),
        "fx_rates": ("note",), "payout_reminders": ("body",)}


CHANGES = {
    "payouts": {"amount_due": Decimal("1.00"), "amount": Decimal("1.00")},  # a brand must not cut what it owes
    "payments": {"status": "received"},
    "invoices": {"notes": "rewritten"},
    "invoice_documents": {"file_name": "rewritten.pdf"},
    "payout_events": {"note": "rewritten history"},
    "billing_details": {"payment_instructions": "send it to me instead"},
    "fx_rates": {"rate": Decimal("123")},
    "payout_reminders": {"body": "It was never sent."},
}


# -- the matrix -------------------------------------------------------------------------------------------------

OWNER_ONLY = (NO, YES, NO, NO, NO)  # cells: anon, owner, other creator, partner, unrelated partner
EXPECTED = {
    # what the brand pays and its papers: the creator owed and the paying brand's partner read, nobody writes
    **rights("payouts", "payments", "invoices", "invoice_documents", "payout_events", "payout_reminders",
             select=(NO, YES, NO, YES, NO)),
    **rights("billing_details", select=OWNER_ONLY),
    **rights("fx_rates", select=OWNER_ONLY, delete=OWNER_ONLY),  # a creator may delete their own exchange rates
}
CASES = cases(EXPECTED)


@pytest.mark.parametrize("table, persona, operation, expected", CASES)
def test_rls(gateway_for, world, admin_conn, pool, table, persona, operation, expected):
    fresh = (lambda: _fresh_rate(world, pool)) if table == "fx_rates" else None  # the owner may delete a rate
    check(gateway_for(world.people[persona]), admin_conn, table, operation, expected, fresh=fresh,
          row=lambda: _row_filters(world, table), new_row=lambda: _new_row(world, table), change=lambda: CHANGES[table])


def test_matrix_covers_every_operation_of_its_tables():
    assert_covers(EXPECTED, {"payouts", "payments", "invoices", "invoice_documents", "payout_events",
                             "billing_details", "fx_rates", "payout_reminders"})


def test_the_overview_view_and_reports_show_only_what_each_person_may_see(gateway_for, world):
    owner, partner = gateway_for(world.people[OWNER]), gateway_for(world.people[PARTNER])
    other, unrelated = gateway_for(world.people[OTHER]), gateway_for(world.people[UNRELATED])
    assert {p["id"] for p in owner.select("payout_overview")} >= {world.payout_id}
    assert world.other_payout_id not in {p["id"] for p in owner.select("payout_overview")}
    assert [p["id"] for p in partner.select("payout_overview")] == [world.payout_id]
    assert other.select("payout_overview", filters=[eq("id", world.payout_id)]) == []
    assert unrelated.select("payout_overview", filters=[eq("id", world.payout_id)]) == []
    entries = other.rpc("earnings_entries", {"p_start": "2000-01-01", "p_end": "2100-01-01"})
    assert world.payout_id not in {e["payout_id"] for e in entries}
    assert other.rpc("invoice_document", {"p_invoice_id": world.invoice_id}) is None
    assert partner.rpc("invoice_document", {"p_invoice_id": world.invoice_id}).startswith("JVBERi0")  # "%PDF-"


def test_state_changes_by_a_stranger_are_refused_as_if_the_payout_did_not_exist(gateway_for, world):
    today = clock.today().isoformat()
    for persona in (OTHER, UNRELATED):
        gw = gateway_for(world.people[persona])
        with pytest.raises(NotFound):
            gw.rpc("mark_payment_sent", {"p_payout_id": world.payout_id, "p_payment": {
                "amount": "1.00", "method": "cash", "reference": f"x-{uuid.uuid4().hex}", "sent_on": today}})
        with pytest.raises(NotFound):
            gw.rpc("open_payout_dispute", {"p_payout_id": world.payout_id, "p_note": "not mine"})
        with pytest.raises(NotFound):
            gw.rpc("issue_credit_note", {"p_invoice_id": world.invoice_id, "p_reason": "not mine"})
    with pytest.raises(PermissionDenied):
        gateway_for(ANONYMOUS).rpc("write_off_payout", {"p_payout_id": world.payout_id, "p_note": "anon"})


def test_the_paying_brand_cannot_record_receipts_or_write_off(gateway_for, world):
    partner = gateway_for(world.people[PARTNER])
    with pytest.raises(PermissionDenied, match="only the creator records money received"):
        partner.rpc("record_payment", {"p_payout_id": world.payout_id, "p_payment": {
            "amount": "1.00", "method": "cash", "reference": f"x-{uuid.uuid4().hex}",
            "received_on": clock.today().isoformat()}})
    with pytest.raises(PermissionDenied, match="only the creator confirms"):
        partner.rpc("confirm_payment", {"p_payment_id": world.payment_id, "p_received_on": None})
    with pytest.raises(PermissionDenied, match="only the creator writes off"):
        partner.rpc("write_off_payout", {"p_payout_id": world.payout_id, "p_note": "we won't pay"})
    with pytest.raises(PermissionDenied, match="only the creator issues"):
        partner.rpc("issue_invoice", {"p_payout_id": world.payout_id, "p_details": {}})
