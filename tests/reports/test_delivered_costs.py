"""Report costs on what was delivered: one of six deliverables posted divides one sixth of the fee, the committed
spend (the whole fee) stands beside it, CPA needs a post, and conversions on a report with nothing posted are
refused by the service and by SQL on both gateways, in the same words.

Expected numbers are worked out by hand below from tests/support/reports.py's posts: post 2 has 4,200 views,
202 likes, 22 comments, 10 shares and 30 saves."""
from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest

from services.core import clock
from services.core.db.postgres import PostgresGateway
from services.core.errors import ValidationError
from services.offers import deliverables, offers
from services.offers.offers import Item, Terms
from services.reports import reports
from tests.support.reports import build_world

NOTHING_POSTED = "Nothing in this report has been posted yet: conversions can be added once a post is live."


@pytest.fixture(scope="module")
def world(pool, admin_conn):
    return build_world(pool, admin_conn, posts=3)


def six_deliverable_deal(pool, world, fee: str = "1350.00") -> str:
    today = clock.today()
    terms = Terms(f"Six posts {uuid.uuid4().hex[:4]}", Decimal(fee), "GBP",
                  (Item("instagram", "reel", 6, today + dt.timedelta(days=9)),), today + dt.timedelta(days=4))
    offer = offers.create(PostgresGateway(pool, world.partner_a), world.creator.id, terms, time_zone="UTC", send=True)
    offers.accept(PostgresGateway(pool, world.creator), offer.id)
    return offer.id


def test_one_of_six_posted_divides_a_sixth_of_the_fee_with_the_committed_spend_beside(pool, world):
    owner = PostgresGateway(pool, world.creator)
    offer_id = six_deliverable_deal(pool, world)
    first = deliverables.for_offers(owner, [offer_id])[offer_id][0]
    deliverables.mark_posted(owner, first, world.permalinks[2])
    report = reports.create_report(owner, "One of six", offer_ids=[offer_id])
    reports.share_with_brand(owner, report.id, world.brand_a, "live")
    for reader in (owner, PostgresGateway(pool, world.partner_a)):
        data = reports.data(reader, report.id)
        costs = data.costs()
        # delivered spend = 1,350.00 × 1 / 6 = 225.00 GBP; committed = 1,350.00 GBP
        assert (costs.spend, costs.committed, costs.currency) == (Decimal("225.00"), Decimal("1350.00"), "GBP")
        # CPM = 225.00 / 4,200 × 1,000 = 53.5714… → 53.57 (not 1,350.00 / 4,200 × 1,000 = 321.43)
        assert costs.cpm == Decimal("53.57")
        # CPV = 225.00 / 4,200 = 0.053571… → 0.0536; CPE = 225.00 / (202 + 22 + 10 + 30 = 264) = 0.852272… → 0.8523
        assert (costs.cpv, costs.cpe) == (Decimal("0.0536"), Decimal("0.8523"))
        assert costs.cpa is None, "no conversions yet"
        assert [(o.deliverables, o.delivered) for o in data.offers] == [(6, 1)]
    reports.add_conversion(PostgresGateway(pool, world.partner_a), report.id, "Promo code", "9")
    # CPA = 225.00 / 9 = 25.00 GBP
    assert reports.data(owner, report.id).costs().cpa == Decimal("25.00")


def test_cpa_is_absent_while_nothing_is_posted(pool, world, admin_conn):
    owner = PostgresGateway(pool, world.creator)
    offer_id = six_deliverable_deal(pool, world, "600.00")
    report = reports.create_report(owner, "Nothing yet", offer_ids=[offer_id])
    reports.share_with_brand(owner, report.id, world.brand_a, "live")
    # a conversion written behind the functions' backs still gives no CPA: there is no post to pay for
    admin_conn.execute("alter table public.report_conversions disable trigger report_conversions_need_a_post")
    try:
        admin_conn.execute("insert into public.report_conversions (report_id, creator_id, brand_id, label, conversions)"
                           " values (%s, %s, %s, 'Early codes', 4)", (report.id, world.creator.id, world.brand_a))
    finally:
        admin_conn.execute("alter table public.report_conversions enable trigger report_conversions_need_a_post")
    data = reports.data(owner, report.id)
    costs = data.costs()
    assert data.nothing_posted and data.total_conversions == 4
    assert (costs.spend, costs.committed, costs.cpa, costs.cpm) == (Decimal("0.00"), Decimal("600.00"), None, None)


def test_conversions_on_a_report_with_nothing_posted_are_refused(pool, world, gateway_for):
    owner = PostgresGateway(pool, world.creator)
    offer_id = six_deliverable_deal(pool, world, "300.00")
    report = reports.create_report(owner, f"Refused {uuid.uuid4().hex[:4]}", offer_ids=[offer_id])
    reports.share_with_brand(owner, report.id, world.brand_a, "live")
    brand = gateway_for(world.partner_a)
    with pytest.raises(ValidationError) as refused:
        reports.add_conversion(brand, report.id, "Promo code", "3")
    assert str(refused.value) == NOTHING_POSTED
    with pytest.raises(ValidationError) as refused:
        brand.rpc("add_report_conversion", {"p_report_id": report.id, "p_label": "Promo code", "p_conversions": "3"})
    assert str(refused.value) == NOTHING_POSTED
    assert reports.data(owner, report.id).conversions == ()
