"""Each page's one document holds exactly what the single-purpose readers return, call by call, on both
gateways (psycopg and PostgREST): the documents reuse the SQL definitions, so every number stays what the pages
showed before, and exact numbers arrive exact (Decimal, never float)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest

from services.audience import dashboards, engagement, home
from services.audience import followers as audience
from services.core import clock
from services.demo.people import demo_person
from services.payouts import earnings, fx, payouts
from services.people import partners, profiles
from services.reports import reports
from tests.support.databases import seeded_demo

DAYS = 90  # as the other modules that seed the session database


@pytest.fixture(scope="module")
def demo_backend(admin_url, pool):
    return seeded_demo(admin_url, pool, days=DAYS)


def as_(gateway_for, key):
    return gateway_for(demo_person(key).person())


def query(gw, key, view=dashboards.View()):
    zone = demo_person(key).time_zone
    accounts = dashboards.accounts(gw)
    window = dashboards.resolve_window(view, dashboards.data_bounds(accounts, zone))
    return dashboards.query_for(view, window, zone)


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False)


@pytest.mark.parametrize("formula", ["reach", "followers", "views"])
def test_engagement_document_equals_each_engagement_function(gateway_for, demo_backend, formula):
    gw = as_(gateway_for, "amira")
    q = query(gw, "amira", dashboards.View(range_key="365"))
    page = engagement.page(gw, q, formula)
    assert page.overview == engagement.overview(gw, q, formula)
    assert page.overview.posts > 0
    same(page.by_account, engagement.by_group(gw, q, formula, "account"))
    same(page.by_post_type, engagement.by_group(gw, q, formula, "post_type"))
    same(page.trend, engagement.trend(gw, q, formula, page.grain))
    same(page.heatmap, engagement.heatmap(gw, q, formula))
    same(page.top, engagement.top_posts(gw, q, formula))
    same(page.bottom, engagement.top_posts(gw, q, formula, lowest=True))
    rates = [v for v in page.trend["median"] if v is not None] + [page.overview.median]
    assert all(isinstance(v, Decimal) for v in rates if v is not None)


def test_audience_document_equals_followers_demographics_and_both_halves(gateway_for, demo_backend):
    gw = as_(gateway_for, "maya")
    q = query(gw, "maya")
    page = audience.page(gw, q)
    expected = audience.audience(gw, q)
    assert page.audience.summary == expected.summary and not page.audience.empty
    same(page.audience.by_platform, expected.by_platform)
    same(page.audience.combined, expected.combined)
    same(page.audience.weekly, expected.weekly)
    same(page.audience.platforms, expected.platforms)
    same(page.demographics, audience.demographics(gw, q))
    early, late = engagement.halves(q)
    assert page.halves == (engagement.overview(gw, early, "followers"), engagement.overview(gw, late, "followers"))


def test_a_one_day_range_has_no_halves_to_compare(gateway_for, demo_backend):
    gw = as_(gateway_for, "maya")
    q = query(gw, "maya")
    assert audience.page(gw, q.with_dates(q.end, q.end)).halves is None


def test_creator_home_document_equals_summary_growth_and_overdue(gateway_for, demo_backend):
    gw = as_(gateway_for, "maya")
    currency = demo_person("maya").home_currency
    page = home.page(gw, currency)
    assert page.summary == home.summary(gw)
    same(page.growth, home.follower_growth(gw, page.summary.period_end))
    assert page.overdue == payouts.overdue(gw, currency)
    open_ = payouts.list_payouts(gw, creator_id=demo_person("maya").id, statuses=payouts.OPEN)
    assert page.has_open_payouts == bool(open_)


def test_brand_home_document_equals_partners_and_shared_reports(gateway_for, demo_backend):
    for key in ("sofia", "nadia", "tom"):
        gw = as_(gateway_for, key)
        page = home.brand_page(gw)
        assert page.creators == partners.partner_profiles(gw)
        assert page.shared == reports.shared_with_me(gw)
    assert home.brand_page(as_(gateway_for, "sofia")).creators, "the demo partner works with a creator"


def test_earnings_document_equals_entries_days_to_pay_tax_years_and_rates(gateway_for, demo_backend):
    gw = as_(gateway_for, "maya")
    today = clock.today(demo_person("maya").time_zone)
    start, end = dt.date(today.year - 1, 1, 1), dt.date(today.year, 12, 31)
    page = earnings.page(gw, start, end, "GBP", today=today)
    assert page.period == earnings.load(gw, start, end, "GBP")
    assert page.period.entries, "the demo creator has money in the period"
    same(page.days_to_pay, earnings.days_to_pay(gw))
    for month, day in ((1, 1), (4, 6), (12, 28)):  # every start reads from the same document
        table, data = page.tax_summary(today, month=month, start_day=day)
        expected_table, expected = earnings.tax_summary(gw, "GBP", today=today, month=month, start_day=day)
        same(table, expected_table)
        assert data.entries == expected.entries
    assert page.currencies == profiles.currency_codes(gw)
    assert page.rates == fx.list_rates(gw, limit=earnings.RATES_SHOWN)
    amounts = [e.amount for e in page.period.entries] + [e.rate for e in page.period.entries if e.rate is not None]
    assert all(isinstance(v, Decimal) for v in amounts)


def test_another_creators_documents_hold_none_of_maya_s_rows(gateway_for, demo_backend):
    maya = as_(gateway_for, "maya")
    q = query(maya, "maya")
    sofia = as_(gateway_for, "sofia")  # a brand partner: no accounts, posts or payouts of her own
    theirs = audience.page(sofia, q)
    assert theirs.audience.empty and theirs.demographics.empty
    assert engagement.page(sofia, q, "reach").overview.posts == 0
    assert home.page(sofia, "GBP").growth.empty
