"""Payouts from offer to money received: every status change on both gateways, what SQL enforces (positive
amounts, ISO 4217 codes, minor units, payments within what is due plus late fees, a payment reference recorded
once, invoice numbers unique and gapless, issued invoices immutable), concurrency on the PostgresGateway, and
bad input that is refused with a clear message while nothing is written."""
from __future__ import annotations

import base64
import datetime as dt
import threading
import uuid
from decimal import Decimal

import psycopg
import pytest

from services.payouts import invoices
from services.offers import offers
from services.payouts import payouts
from services.core.db.gateway import Person, eq
from services.core.db.postgres import PostgresGateway
from services.core.errors import DomainError, PermissionDenied, ValidationError
from services.offers.offers import Item, Terms
from services.core import clock
from tests.support.creator_accounts import give_accounts


def today() -> dt.date:
    return clock.today()


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    import calendar
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def new_person(label: str) -> Person:
    pid = str(uuid.uuid4())
    return Person(id=pid, email=f"{label}-{pid[:8]}@example.com")


class Pair:
    """A creator (time zone UTC) and the brand partner they invited, with billing details ready for invoices."""

    def __init__(self, pool, gateway_for=None):
        self.creator, self.partner = new_person("creator"), new_person("partner")
        make = gateway_for or (lambda person: PostgresGateway(pool, person))
        PostgresGateway(pool, self.creator).rpc("ensure_profile", {"p_display_name": "Casey Creator",
                                                                   "p_email": self.creator.email})
        give_accounts(pool, self.creator, "instagram", "tiktok")
        invitation = PostgresGateway(pool, self.creator).rpc("create_invitation", {
            "p_brand_name": f"Brand {uuid.uuid4().hex[:6]}", "p_email": self.partner.email})[0]
        PostgresGateway(pool, self.partner).rpc("accept_invitation", {"p_token": invitation["token"],
                                                                      "p_display_name": "Pat Partner"})
        self.c, self.b = make(self.creator), make(self.partner)
        self.brand_id = self.c.select("creator_partners", filters=[eq("partner_id", self.partner.id)])[0]["brand_id"]
        invoices.save_billing_details(self.c, invoices.BillingDetails(
            legal_name="Casey Creator Ltd", address="1 Test Street", payment_instructions="IBAN XX00 TEST 0000"))

    def payout(self, amount="500.00", currency="EUR", *, due_in=30, billed_ago=0, **extra) -> payouts.Payout:
        return payouts.create(self.c, payouts.PayoutTerms(
            f"Payout {uuid.uuid4().hex[:6]}", currency, amount, today() + dt.timedelta(days=due_in),
            brand_id=self.brand_id, billed_on=today() - dt.timedelta(days=billed_ago), **extra), today=today())


def ref() -> str:
    return f"TX-{uuid.uuid4().hex[:10]}"


def paid(amount, on=None, reference=None, method="bank_transfer") -> payouts.PaymentDetails:
    return payouts.PaymentDetails(amount, method, reference or ref(), on or today())


@pytest.fixture
def pair(pool, gateway_for):
    return Pair(pool, gateway_for)


# -- from offers ------------------------------------------------------------------------------------------------

def test_accepting_an_offer_schedules_its_deposit_and_balance_from_the_payment_terms(pair):
    # net 45 days, deliverables due on days 6 and 12: the deposit falls due on day 6 (before the first deliverable,
    # not on day 45), the balance 45 days after the last one (day 57)
    due1, due2 = today() + dt.timedelta(days=6), today() + dt.timedelta(days=12)
    offer = offers.create(pair.b, pair.creator.id, Terms(
        "Winter launch", Decimal("850.00"), "GBP", (Item("instagram", "reel", 2, due1), Item("instagram", "story", 1, due2)),
        today() + dt.timedelta(days=3), payment_net_days=45, deposit_percent=Decimal("25")), time_zone="UTC", send=True)
    assert payouts.list_payouts(pair.c) == []
    offers.accept(pair.c, offer.id)
    found = {p.kind: p for p in payouts.list_payouts(pair.c)}
    assert set(found) == {"deposit", "balance"}
    deposit, balance = found["deposit"], found["balance"]
    assert (deposit.amount, deposit.amount_due, deposit.currency) == (Decimal("212.50"), Decimal("212.50"), "GBP")
    assert (deposit.billed_on, deposit.due_date) == (today(), due1)
    assert (balance.amount, balance.due_date) == (Decimal("637.50"), due2 + dt.timedelta(days=45))
    assert deposit.description == "Deposit (25%) · Winter launch" and balance.description == "Balance · Winter launch"
    assert {p.status for p in found.values()} == {"scheduled"} and deposit.platform == "instagram"
    assert {p.brand_id for p in found.values()} == {pair.brand_id}
    assert {p.id for p in payouts.list_payouts(pair.b)} == {deposit.id, balance.id}, "the brand sees what it owes"
    assert payouts.schedule_for_offer(pair.c, offer.id) == 0, "scheduling again adds nothing"


def test_the_split_respects_the_currency_minor_units_and_a_gift_has_no_payout(pair):
    due = today() + dt.timedelta(days=5)
    yen = offers.create(pair.b, pair.creator.id, Terms("Yen deal", Decimal("100001"), "JPY", (Item("tiktok", "video", 1, due),),
                                                       today() + dt.timedelta(days=3), deposit_percent=Decimal("33.33")),
                        time_zone="UTC", send=True)
    gift = offers.create(pair.b, pair.creator.id, Terms("Gifted box", Decimal("0"), "EUR", (Item("tiktok", "video", 1, due),),
                                                        today() + dt.timedelta(days=3)), time_zone="UTC", send=True)
    offers.accept(pair.c, yen.id)
    offers.accept(pair.c, gift.id)
    found = {p.kind: p.amount for p in payouts.list_payouts(pair.c)}
    assert found == {"deposit": Decimal("33330"), "balance": Decimal("66671")}  # round(33330.33) and the rest
    with pytest.raises(ValidationError, match="gifted"):
        payouts.schedule_for_offer(pair.c, gift.id)


# -- every status change -----------------------------------------------------------------------------------------

def test_scheduled_invoiced_partially_paid_paid(pair):
    p = pair.payout("500.00")
    assert p.status == "scheduled"
    invoice = invoices.issue(pair.c, p.id, invoices.BillTo(name="Brand Ltd"))
    assert payouts.get(pair.c, p.id).status == "invoiced"
    sent = payouts.mark_sent(pair.b, payouts.get(pair.b, p.id), paid("200.00"))
    after_report = payouts.get(pair.c, p.id)
    assert (after_report.status, after_report.pending, after_report.received) == ("invoiced", Decimal("200.00"), 0)
    payouts.confirm_payment(pair.c, sent.id)
    partly = payouts.get(pair.c, p.id)
    assert (partly.status, partly.balance, partly.received) == ("partially_paid", Decimal("300.00"), Decimal("200.00"))
    payouts.record_payment(pair.c, partly, paid("300.00"))
    done = payouts.get(pair.b, p.id)
    assert (done.status, done.balance, done.invoice_number) == ("paid", Decimal("0.00"), invoice.display_number)
    actions = [(e.action, e.from_status, e.to_status) for e in payouts.history(pair.c, p.id)]
    assert actions == [("logged", None, "scheduled"), ("invoice_issued", "scheduled", "scheduled"),
                       ("invoiced", "scheduled", "invoiced"), ("payment_sent", "invoiced", "invoiced"),
                       ("payment_confirmed", "invoiced", "invoiced"), ("partially_paid", "invoiced", "partially_paid"),
                       ("payment_received", "partially_paid", "partially_paid"), ("paid", "partially_paid", "paid")]
    with pytest.raises(ValidationError, match="already paid in full"):
        payouts.record_payment(pair.c, done, paid("1.00"))


def test_money_can_arrive_before_the_invoice(pair):
    p = pair.payout("90.00", "USD")
    payouts.record_payment(pair.c, p, paid("40.00"))
    assert payouts.get(pair.c, p.id).status == "partially_paid"
    invoices.issue(pair.c, p.id, invoices.BillTo())
    assert payouts.get(pair.c, p.id).status == "partially_paid", "an invoice does not undo what arrived"
    payouts.record_payment(pair.c, payouts.get(pair.c, p.id), paid("50.00"))
    assert payouts.get(pair.c, p.id).status == "paid"


def test_a_payout_past_its_due_date_is_overdue_and_accrues_the_late_fee_per_whole_month(pair):
    due = add_months(today(), -2) - dt.timedelta(days=3)  # two whole months and a few days ago
    p = payouts.create(pair.c, payouts.PayoutTerms("Late one", "EUR", "1000.00", due, brand_id=pair.brand_id,
                                                   billed_on=due - dt.timedelta(days=30), late_fee_percent="1.5"),
                       today=today())
    assert (p.status, p.recorded_status, p.days_overdue) == ("overdue", "scheduled", (today() - due).days)
    assert p.late_fee == Decimal("30.00") and p.balance == Decimal("1030.00")  # 15.00 for each whole month
    # 400.00 arrived after the first month ended: the second month's fee is on the 600.00 left.
    payouts.record_payment(pair.c, p, paid("400.00", on=add_months(due, 1) + dt.timedelta(days=1)))
    p = payouts.get(pair.c, p.id)
    assert (p.late_fee, p.balance, p.status) == (Decimal("24.00"), Decimal("624.00"), "overdue")
    with pytest.raises(ValidationError, match=r"more than the balance: 624.00 EUR is still due"):
        payouts.record_payment(pair.c, p, paid("624.01"))
    payouts.record_payment(pair.c, p, paid("624.00"))
    p = payouts.get(pair.b, p.id)
    assert (p.status, p.balance, p.received) == ("paid", Decimal("0.00"), Decimal("1024.00"))


def test_an_open_payout_can_be_written_off_and_then_takes_no_payment(pair):
    p = pair.payout("120.00", due_in=-10, billed_ago=40)
    assert p.status == "overdue"
    with pytest.raises(ValidationError, match="Say why"):
        payouts.write_off(pair.c, p.id, "")
    sent = payouts.mark_sent(pair.b, payouts.get(pair.b, p.id), paid("20.00"))
    with pytest.raises(ValidationError, match="waiting for your confirmation"):
        payouts.write_off(pair.c, p.id, "They went bust")
    payouts.reject_payment(pair.c, sent.id, "Nothing arrived on the account")
    gone = payouts.write_off(pair.c, p.id, "They went bust")
    assert (gone.status, gone.status_note) == ("written_off", "They went bust")
    with pytest.raises(ValidationError, match="written off"):
        pair.c.rpc("record_payment", {"p_payout_id": p.id, "p_payment": {
            "amount": "1.00", "method": "cash", "reference": ref(), "received_on": today().isoformat()}})
    with pytest.raises(ValidationError, match="already written off"):
        payouts.write_off(pair.c, p.id, "again")
    with pytest.raises(PermissionDenied):
        payouts.write_off(pair.b, p.id, "the brand cannot")


def test_a_reported_payment_that_did_not_arrive_is_rejected_and_no_longer_counts(pair):
    p = pair.payout("300.00")
    sent = payouts.mark_sent(pair.b, p, paid("300.00"))
    assert payouts.get(pair.b, p.id).payable == 0
    with pytest.raises(ValidationError, match="more than the balance"):
        payouts.mark_sent(pair.b, payouts.get(pair.b, p.id), paid("1.00"))
    rejected = payouts.reject_payment(pair.c, sent.id, "Not on my statement")
    assert (rejected.status, rejected.note) == ("rejected", "Not on my statement")
    again = payouts.get(pair.b, p.id)
    assert (again.status, again.payable) == ("scheduled", Decimal("300.00"))
    with pytest.raises(ValidationError, match="already rejected"):
        payouts.confirm_payment(pair.c, sent.id)
    resent = payouts.mark_sent(pair.b, again, paid("300.00"))
    payouts.confirm_payment(pair.c, resent.id, today())
    assert payouts.get(pair.c, p.id).status == "paid"


def test_either_side_opens_a_dispute_with_a_note_and_either_resolves_it(pair):
    p = pair.payout("250.00")
    opened = payouts.open_dispute(pair.b, p.id, "Only two of three stories went live")
    assert opened.disputed and opened.dispute_note == "Only two of three stories went live"
    assert payouts.get(pair.c, p.id).disputed, "the creator sees the brand's dispute"
    with pytest.raises(ValidationError, match="already open"):
        payouts.open_dispute(pair.c, p.id, "me too")
    assert not payouts.resolve_dispute(pair.c, p.id, "Third story posted today").disputed
    payouts.open_dispute(pair.c, p.id, "The agreed fee was 300")
    assert not payouts.resolve_dispute(pair.b, p.id, "Agreed: invoice corrected").disputed
    with pytest.raises(ValidationError, match="no open dispute"):
        payouts.resolve_dispute(pair.b, p.id, "nothing to resolve")
    actions = [(e.action, e.note) for e in payouts.history(pair.c, p.id) if e.action.startswith("dispute")]
    assert actions == [("dispute_opened", "Only two of three stories went live"),
                       ("dispute_resolved", "Third story posted today"),
                       ("dispute_opened", "The agreed fee was 300"), ("dispute_resolved", "Agreed: invoice corrected")]


def test_a_credit_note_cancels_an_invoice_and_the_payout_is_corrected_and_invoiced_again(pair):
    p = pair.payout("400.00")
    first = invoices.issue(pair.c, p.id, invoices.BillTo())
    with pytest.raises(ValidationError, match="already invoiced"):
        invoices.issue(pair.c, p.id, invoices.BillTo())
    with pytest.raises(ValidationError, match="issue a credit note first"):
        payouts.update(pair.c, p.id, payouts.PayoutTerms(p.description, "EUR", "350.00", p.due_date), today=today())
    note = invoices.credit(pair.c, first, "The agreed fee was 350.00")
    assert (note.kind, note.display_number, note.corrects_invoice_id, note.reason) == (
        "credit_note", "CN-0001", first.id, "The agreed fee was 350.00")
    assert payouts.get(pair.c, p.id).status == "scheduled"
    with pytest.raises(ValidationError, match="already cancelled"):
        invoices.credit(pair.c, first, "again")
    payouts.update(pair.c, p.id, payouts.PayoutTerms(p.description, "EUR", "350.00", p.due_date), today=today())
    second = invoices.issue(pair.c, p.id, invoices.BillTo())
    assert (second.display_number, second.amount_due) == ("INV-0002", Decimal("350.00"))
    numbers = sorted((i.kind, i.number) for i in invoices.list_invoices(pair.c))
    assert numbers == [("credit_note", 1), ("invoice", 1), ("invoice", 2)]


def test_a_payout_cannot_be_edited_below_what_was_paid(pair):
    p = pair.payout("200.00")
    payouts.record_payment(pair.c, p, paid("150.00"))
    with pytest.raises(ValidationError, match="cannot be less than the 150.00 EUR already paid"):
        payouts.update(pair.c, p.id, payouts.PayoutTerms(p.description, "EUR", "100.00", p.due_date), today=today())
    with pytest.raises(ValidationError, match="currency cannot change"):
        pair.c.rpc("update_payout", {"p_payout_id": p.id, "p_terms": {
            "description": p.description, "currency": "USD", "amount": "200.00", "due_date": p.due_date.isoformat()}})
    assert payouts.update(pair.c, p.id, payouts.PayoutTerms(p.description, "EUR", "150.00", p.due_date),
                          today=today()).status == "paid"


def test_fees_and_taxes_are_derived_once_at_the_currency_minor_units(pair):
    p = pair.payout("1234.57", "EUR", tax_percent="19", fee_percent="12.5", withholding_percent="7")
    assert (p.tax_amount, p.fee_amount, p.withholding_amount) == (Decimal("234.57"), Decimal("154.32"), Decimal("86.42"))
    assert p.amount_due == Decimal("1234.57") + Decimal("234.57") - Decimal("154.32") - Decimal("86.42")
    kwd = pair.payout("10.005", "KWD", tax_percent="5")
    assert (kwd.tax_amount, kwd.amount_due) == (Decimal("0.500"), Decimal("10.505"))
    assert payouts.preview(payouts.PayoutTerms("x", "EUR", "1234.57", today(), tax_percent="19", fee_percent="12.5",
                                               withholding_percent="7"), {"EUR": 2})["amount_due"] == p.amount_due


# -- bad input: a clear message, nothing written -------------------------------------------------------------------

def _counts(admin_conn, creator_id):
    return tuple(admin_conn.execute(f"select count(*) as n from public.{table} where creator_id = %s",
                                    (creator_id,)).fetchone()["n"] for table in ("payouts", "payments", "invoices"))


# What the creator reads for each bad amount, by currency, written out by hand.
BAD_AMOUNTS = {
    "JPY": {"12.5": "The amount in JPY has no decimal places (got 12.5)."},
    "KWD": {"1.0005": "The amount in KWD has at most 3 decimal places (got 1.0005)."},
    "USD": {"10.001": "The amount in USD has at most 2 decimal places (got 10.001).",
            "0": "The amount must be more than zero (got 0).",
            "-5.00": "The amount must be more than zero (got -5.00).",
            "ten": 'The amount "ten" is not a number.'},
    "XYZ": {"10.00": 'Unknown currency "XYZ": use an ISO 4217 code such as EUR or USD.'},
}


@pytest.mark.parametrize("amount, currency, message", [(amount, currency, message)
                                                       for currency, bad in BAD_AMOUNTS.items()
                                                       for amount, message in bad.items()])
def test_a_bad_amount_or_currency_is_refused_by_the_service_and_by_sql_and_nothing_is_written(pair, admin_conn, amount,
                                                                                           currency, message):
    before = _counts(admin_conn, pair.creator.id)
    terms = payouts.PayoutTerms("Bad", currency, amount, today() + dt.timedelta(days=3), brand_name="Somebody")
    with pytest.raises(ValidationError) as from_python:
        payouts.create(pair.c, terms, today=today())
    assert str(from_python.value) == message
    with pytest.raises(ValidationError) as from_sql:  # the same rule, straight to the database
        pair.c.rpc("create_payout", {"p_terms": {"brand_name": "Somebody", "description": "Bad", "currency": currency,
                                                 "amount": amount, "due_date": terms.due_date.isoformat()}})
    assert str(from_sql.value) == message
    assert _counts(admin_conn, pair.creator.id) == before


def test_a_payment_larger_than_the_balance_or_with_too_many_decimals_is_refused_and_nothing_is_written(pair, admin_conn):
    p = pair.payout("100.00", "USD")
    before = _counts(admin_conn, pair.creator.id)
    with pytest.raises(ValidationError, match=r"^A payment of 100.01 USD is more than the balance: 100.00 USD is "
                                              r"still due \(late fees included\)\.$"):
        payouts.record_payment(pair.c, p, paid("100.01"))
    with pytest.raises(ValidationError, match=r"^A payment of 100.01 USD is more than the balance: 100.00 USD"):
        pair.c.rpc("record_payment", {"p_payout_id": p.id, "p_payment": {
            "amount": "100.01", "method": "paypal", "reference": ref(), "received_on": today().isoformat()}})
    with pytest.raises(ValidationError, match=r"^The payment in USD has at most 2 decimal places \(got 9.999\)\.$"):
        pair.b.rpc("mark_payment_sent", {"p_payout_id": p.id, "p_payment": {
            "amount": "9.999", "method": "paypal", "reference": ref(), "sent_on": today().isoformat()}})
    with pytest.raises(ValidationError, match="^This payout is in USD: payments towards it are recorded in USD too.$"):
        pair.c.rpc("record_payment", {"p_payout_id": p.id, "p_payment": {
            "amount": "10.00", "currency": "EUR", "method": "paypal", "reference": ref(),
            "received_on": today().isoformat()}})
    with pytest.raises(ValidationError, match="after today"):
        payouts.record_payment(pair.c, p, paid("10.00", on=today() + dt.timedelta(days=1)))
    assert _counts(admin_conn, pair.creator.id) == before


def test_the_same_payment_reference_is_recorded_once(pair, admin_conn):
    p, q = pair.payout("100.00"), pair.payout("100.00")
    payouts.mark_sent(pair.b, p, paid("10.00", reference="BANK-REF 42"))
    with pytest.raises(ValidationError, match=r'reference "bank-ref 42" is already recorded \(10.00 EUR on '):
        payouts.record_payment(pair.c, q, paid("10.00", reference="bank-ref  42"))
    count = admin_conn.execute("select count(*) as n from public.payments where creator_id = %s",
                               (pair.creator.id,)).fetchone()["n"]
    assert count == 1


# -- what SQL enforces whoever writes (the privileged connection bypasses RLS, not the rules) -----------------

@pytest.fixture
def admin_pair(pool):
    return Pair(pool)


def _insert_payout(conn, creator_id, **values):
    row = {"creator_id": creator_id, "brand_name": "Direct", "kind": "manual", "description": "direct",
           "currency": "EUR", "amount": Decimal("10.00"), "amount_due": Decimal("10.00"), "billed_on": today(),
           "due_date": today()} | values
    cols = ", ".join(row)
    marks = ", ".join(["%s"] * len(row))
    return conn.execute(f"insert into public.payouts ({cols}) values ({marks}) returning id", list(row.values()))


@pytest.mark.parametrize("values, error", [
    ({"amount": Decimal("0"), "amount_due": Decimal("0")}, psycopg.errors.CheckViolation),
    ({"amount": Decimal("-1"), "amount_due": Decimal("-1")}, psycopg.errors.CheckViolation),
    ({"currency": "XYZ"}, psycopg.errors.ForeignKeyViolation),
    ({"currency": "JPY", "amount": Decimal("10.5"), "amount_due": Decimal("10.5")}, psycopg.errors.InvalidParameterValue),
    ({"amount_due": Decimal("11.00")}, psycopg.errors.CheckViolation),
])
def test_sql_refuses_bad_payouts_even_from_the_privileged_connection(admin_pair, admin_url, values, error):
    with psycopg.connect(admin_url) as conn:
        with pytest.raises(error):
            _insert_payout(conn, admin_pair.creator.id, **values)


def test_sql_keeps_payments_within_what_is_due_positive_in_the_payout_currency_and_unique(admin_pair, admin_url):
    p = admin_pair.payout("100.00", "EUR")

    def insert(**values):
        row = {"payout_id": p.id, "creator_id": admin_pair.creator.id, "currency": "EUR", "amount": Decimal("10.00"),
               "method": "cash", "reference": ref(), "status": "received", "received_on": today()} | values
        with psycopg.connect(admin_url) as conn:
            conn.execute(f"insert into public.payments ({', '.join(row)}) values ({', '.join(['%s'] * len(row))})",
                         list(row.values()))

    with pytest.raises(psycopg.errors.CheckViolation):
        insert(amount=Decimal("-1.00"))
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        insert(currency="USD")  # (payout_id, currency) must match the payout
    with pytest.raises(psycopg.errors.InvalidParameterValue, match="more than the balance"):
        insert(amount=Decimal("100.01"))
    with pytest.raises(psycopg.errors.InvalidParameterValue, match="at most 2 decimal places"):
        insert(amount=Decimal("1.001"))
    insert(reference="Same Ref")
    with pytest.raises(psycopg.errors.UniqueViolation, match="payments_reference_recorded_once"):
        insert(reference="  same   ref ")


def test_issued_invoices_and_their_pdfs_never_change_even_for_the_privileged_connection(admin_pair, admin_url):
    p = admin_pair.payout("80.00")
    invoice = invoices.issue(admin_pair.c, p.id, invoices.BillTo())
    with psycopg.connect(admin_url, autocommit=True) as conn:
        for statement in ("update public.invoices set notes = 'edited' where id = %s",
                          "delete from public.invoices where id = %s"):
            with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState,
                               match="INV-0001 cannot be changed or deleted: issue a credit note"):
                conn.execute(statement, (invoice.id,))
        for statement in ("update public.invoice_documents set file_name = 'x.pdf' where invoice_id = %s",
                          "delete from public.invoice_documents where invoice_id = %s"):
            with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState, match="cannot be changed or deleted"):
                conn.execute(statement, (invoice.id,))
        with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState, match="cannot be removed"):
            conn.execute("truncate public.invoices cascade")
        with pytest.raises(psycopg.errors.CheckViolation, match="run without gaps: the next one is 2, not 5"):
            conn.execute(
                "insert into public.invoices (creator_id, payout_id, kind, number, display_number, issue_date, "
                "due_date, currency, minor_units, seller, buyer, lines, subtotal, tax_percent, tax_amount, fee_percent, "
                "fee_amount, withholding_percent, withholding_amount, total, amount_due, late_fee_percent, "
                "payment_instructions) select creator_id, payout_id, kind, 5, 'INV-0005', issue_date, due_date, "
                "currency, minor_units, seller, buyer, lines, subtotal, tax_percent, tax_amount, fee_percent, "
                "fee_amount, withholding_percent, withholding_amount, total, amount_due, late_fee_percent, "
                "payment_instructions from public.invoices where id = %s", (invoice.id,))
    with pytest.raises(ValidationError, match="already stored"):
        admin_pair.c.rpc("store_invoice_document", {"p_invoice_id": invoice.id,
                                                    "p_content_base64": base64.b64encode(b"%PDF-1.4 " + b"0" * 200).decode()})


def test_every_change_is_in_the_audit_log(admin_pair, admin_conn):
    p = admin_pair.payout("60.00")
    invoices.issue(admin_pair.c, p.id, invoices.BillTo())
    payouts.record_payment(admin_pair.c, payouts.get(admin_pair.c, p.id), paid("60.00"))
    actions = [r["action"] for r in admin_conn.execute(
        "select action from public.audit_log where detail ->> 'payout_id' = %s or target_id = %s order by id",
        (p.id, p.id))]
    assert actions[:1] == ["payout.logged"]
    assert {"payout.invoice_issued", "payout.invoiced", "payout.payment_received", "payout.paid"} <= set(actions)


# -- concurrency (PostgresGateway, threads) -----------------------------------------------------------------------

def _race(n, work):
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def run(i):
        barrier.wait()
        try:
            results[i] = ("ok", work(i))
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread got
            results[i] = ("error", exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_the_same_payment_submitted_twice_at_once_is_recorded_once(admin_pair, pool, admin_conn):
    p = admin_pair.payout("500.00")
    creator = PostgresGateway(pool, admin_pair.creator)
    details = paid("500.00", reference=f"DOUBLE-CLICK-{uuid.uuid4().hex[:6]}")
    results = _race(2, lambda i: payouts.record_payment(creator, p, details))
    outcomes = sorted(kind for kind, _ in results)
    assert outcomes == ["error", "ok"], results
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, ValidationError) and "already recorded" in str(error)
    rows = admin_conn.execute("select amount from public.payments where payout_id = %s", (p.id,)).fetchall()
    assert [r["amount"] for r in rows] == [Decimal("500.00")]
    assert payouts.get(creator, p.id).status == "paid"


def test_the_same_reference_on_two_payouts_at_once_is_recorded_once(admin_pair, pool, admin_conn):
    first, second = admin_pair.payout("50.00"), admin_pair.payout("50.00")
    creator, brand = PostgresGateway(pool, admin_pair.creator), PostgresGateway(pool, admin_pair.partner)
    reference = f"SHARED-{uuid.uuid4().hex[:6]}"
    results = _race(2, lambda i: (payouts.record_payment(creator, first, paid("50.00", reference=reference)) if i == 0
                                  else payouts.mark_sent(brand, second, paid("50.00", reference=reference))))
    assert sorted(kind for kind, _ in results) == ["error", "ok"], results
    assert admin_conn.execute("select count(*) as n from public.payments where creator_id = %s",
                              (admin_pair.creator.id,)).fetchone()["n"] == 1


def test_two_payments_at_once_cannot_together_exceed_what_is_due(admin_pair, pool):
    p = admin_pair.payout("100.00")
    creator, brand = PostgresGateway(pool, admin_pair.creator), PostgresGateway(pool, admin_pair.partner)
    results = _race(2, lambda i: (payouts.record_payment(creator, p, paid("70.00")) if i == 0
                                  else payouts.mark_sent(brand, p, paid("70.00"))))
    assert sorted(kind for kind, _ in results) == ["error", "ok"], results
    error = next(value for kind, value in results if kind == "error")
    assert "more than the balance: 30.00 EUR is still due" in str(error)


def test_invoice_numbers_stay_gapless_when_many_are_issued_at_once_and_one_rolls_back(admin_pair, pool, admin_url):
    items = [admin_pair.payout("10.00") for _ in range(6)]
    creator = PostgresGateway(pool, admin_pair.creator)
    results = _race(6, lambda i: creator.rpc("issue_invoice", {"p_payout_id": items[i].id, "p_details": {}}))
    assert [kind for kind, _ in results] == ["ok"] * 6, results
    assert sorted(value["number"] for _, value in results) == [1, 2, 3, 4, 5, 6]
    # A number taken by a transaction that rolls back is handed out again.
    extra = admin_pair.payout("10.00")
    with psycopg.connect(admin_url) as conn:
        conn.execute("set role authenticated")
        conn.execute("select set_config('request.jwt.claims', %s, false)",
                     (f'{{"sub": "{admin_pair.creator.id}", "role": "authenticated"}}',))
        taken = conn.execute("select number from public.issue_invoice(%s, '{}'::jsonb)", (extra.id,)).fetchone()[0]
        conn.rollback()
    assert taken == 7
    assert creator.rpc("issue_invoice", {"p_payout_id": extra.id, "p_details": {}})["number"] == 7


# -- no dead ends ----------------------------------------------------------------------------------------------

def test_an_overdue_payout_is_invoiced_as_it_stands_and_stays_overdue(pair):
    # billed 40 days ago, due 10 days ago: terms of 30 days, so the invoice (issued today) is due in 30 days
    p = pair.payout("500.00", due_in=-10, billed_ago=40)
    assert (p.status, p.days_overdue) == ("overdue", 10)
    invoice = invoices.issue(pair.c, p.id, invoices.BillTo(name="Brand Ltd"))
    assert (invoice.issue_date, invoice.due_date) == (today(), today() + dt.timedelta(days=30))
    after = payouts.get(pair.c, p.id)
    assert (after.status, after.recorded_status, after.days_overdue, after.due_date) == \
        ("overdue", "invoiced", 10, p.due_date), "the overdue history is kept"
    issued = [e for e in payouts.history(pair.c, p.id) if e.action == "invoice_issued"]
    assert issued[0].detail["overdue_since"] == p.due_date.isoformat()


def test_a_reminder_sent_is_kept_with_the_payout_and_only_its_parties_see_it(pair, pool):
    p = pair.payout("500.00", due_in=-20, billed_ago=50)
    text = "Subject: Overdue: test\n\nHello, the payment is 20 days late."
    logged = payouts.log_reminder(pair.c, p, "firm", text)
    assert (logged.tone, logged.body, logged.sent_by) == ("firm", text, pair.creator.id)
    assert [r.id for r in payouts.reminders(pair.c, p.id)] == [logged.id]
    assert [r.body for r in payouts.reminders(pair.b, p.id)] == [text], "the brand that was reminded sees it"
    stranger = new_person("stranger")
    PostgresGateway(pool, stranger).rpc("ensure_profile", {"p_display_name": "Stranger", "p_email": stranger.email})
    assert payouts.reminders(PostgresGateway(pool, stranger), p.id) == []
    assert [e.action for e in payouts.history(pair.c, p.id)][-1] == "reminder_sent"
    with pytest.raises(DomainError):
        pair.b.rpc("log_payout_reminder", {"p_payout_id": p.id, "p_tone": "firm", "p_body": "from the brand"})
    with pytest.raises(DomainError):
        pair.c.insert("payout_reminders", [{"payout_id": p.id, "creator_id": pair.creator.id,
                                            "sent_by": pair.creator.id, "tone": "polite", "body": "written directly"}])
    assert len(payouts.reminders(pair.c, p.id)) == 1


def test_a_payout_billed_ahead_keeps_its_billing_date_when_edited(pair):
    due1 = today() + dt.timedelta(days=10)
    offer = offers.create(pair.b, pair.creator.id, Terms(
        "Ahead", Decimal("400.00"), "EUR", (Item("instagram", "reel", 1, due1),), today() + dt.timedelta(days=3),
        payment_net_days=30), time_zone="UTC", send=True)
    offers.accept(pair.c, offer.id)
    balance = next(p for p in payouts.list_payouts(pair.c) if p.offer_id == offer.id)
    assert (balance.billed_on, balance.due_date) == (due1, due1 + dt.timedelta(days=30))
    edited = payouts.update(pair.c, balance.id, payouts.PayoutTerms(
        "Fee · Ahead, corrected", "EUR", "450.00", balance.due_date, billed_on=balance.billed_on), today=today())
    assert (edited.billed_on, edited.amount, edited.description) == (due1, Decimal("450.00"), "Fee · Ahead, corrected")
    with pytest.raises(DomainError, match="after today"):
        payouts.update(pair.c, balance.id, payouts.PayoutTerms(
            "Moved", "EUR", "450.00", balance.due_date, billed_on=due1 + dt.timedelta(days=1)), today=today())


def test_a_rate_older_than_seven_days_is_flagged_stale():
    line = lambda age: payouts.OverdueLine("AED", 1, Decimal("10"), today(), 3, Decimal("2.10"), Decimal("0.21"),  # noqa: E731
                                           today() - dt.timedelta(days=age), "manual")
    assert [line(a).rate_is_stale(today()) for a in (0, 7, 8, 400)] == [False, False, True, True]
    assert line(400).rate_age(today()) == 400
