"""A refusal never tells the caller about a payment, offer or person they cannot read: a brand that types a payment
reference another payer already used to pay the same creator learns only that the reference is taken, not the
other payment's amount, currency or date. The creator, who may read every payment of theirs, still gets them."""
from __future__ import annotations

import datetime as dt
import uuid

import pytest

from services.core.db.gateway import eq
from services.core.errors import ValidationError
from services.payouts import payouts
from tests.payouts.test_payouts_transitions import Pair, new_person, paid, today
from services.core.db.postgres import PostgresGateway


@pytest.fixture
def two_payers(pool, gateway_for):
    """One creator, brand A (the Pair's) and brand B (a second partner she invited), each owing her a payout."""
    pair = Pair(pool, gateway_for)
    other = new_person("other-payer")
    invitation = PostgresGateway(pool, pair.creator).rpc("create_invitation", {
        "p_brand_name": f"Brand {uuid.uuid4().hex[:6]}", "p_email": other.email})[0]
    PostgresGateway(pool, other).rpc("accept_invitation", {"p_token": invitation["token"], "p_display_name": "Olu"})
    other_brand = pair.c.select("creator_partners", filters=[eq("partner_id", other.id)])[0]["brand_id"]
    a_payout = pair.payout("700.00", "EUR")
    b_payout = payouts.create(pair.c, payouts.PayoutTerms(
        f"Payout {uuid.uuid4().hex[:6]}", "EUR", "300.00", today() + dt.timedelta(days=30), brand_id=other_brand,
        billed_on=today()), today=today())
    return pair, gateway_for(other), a_payout, b_payout


def test_another_payer_s_reference_is_refused_without_its_amount_or_date(two_payers, admin_conn):
    pair, other_brand, a_payout, b_payout = two_payers
    sent_on = today() - dt.timedelta(days=3)
    payouts.mark_sent(pair.b, a_payout, paid("123.45", on=sent_on, reference="WIRE-7781"))
    with pytest.raises(ValidationError) as refused:
        payouts.mark_sent(other_brand, b_payout, paid("50.00", reference="wire-7781"))
    message = str(refused.value)
    assert "already used" in message
    for secret in ("123.45", "EUR", sent_on.isoformat()):
        assert secret not in message, f"the refusal names {secret!r} of a payment brand B cannot read"
    count = admin_conn.execute("select count(*) as n from public.payments where payout_id = %s",
                               (b_payout.id,)).fetchone()["n"]
    assert count == 0


def test_the_creator_and_the_same_payer_still_get_the_details(two_payers):
    pair, _, a_payout, b_payout = two_payers
    payouts.mark_sent(pair.b, a_payout, paid("20.00", reference="WIRE-9"))
    with pytest.raises(ValidationError, match=r'already recorded \(20.00 EUR on '):
        payouts.record_payment(pair.c, b_payout, paid("20.00", reference="wire-9"))
    with pytest.raises(ValidationError, match=r'already recorded \(20.00 EUR on '):
        payouts.mark_sent(pair.b, a_payout, paid("20.00", reference="WIRE-9"))
