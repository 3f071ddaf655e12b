"""Earnings: tax years from a chosen start, months, brands and platforms summed exactly in the home currency, amounts
without a rate kept out of the totals and named, and the CSV export neutralising formula cells."""
from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from decimal import Decimal
from pathlib import Path

import pytest

from services.payouts import earnings
from services.payouts import fx
from services.payouts import payouts
from services.core.csv_export import to_safe_csv
from services.core.db.gateway import Person
from services.core.db.postgres import PostgresGateway
from services.payouts.earnings import Earnings, Entry
from services.core import clock


@pytest.mark.parametrize("day, month, start_day, start, label", [
    (dt.date(2026, 4, 5), 4, 6, dt.date(2025, 4, 6), "2025/26"),
    (dt.date(2026, 4, 6), 4, 6, dt.date(2026, 4, 6), "2026/27"),
    (dt.date(2026, 12, 31), 1, 1, dt.date(2026, 1, 1), "2026"),
    (dt.date(2026, 1, 1), 1, 1, dt.date(2026, 1, 1), "2026"),
    (dt.date(2026, 6, 30), 7, 1, dt.date(2025, 7, 1), "2025/26"),
])
def test_tax_years_start_on_the_chosen_day(day, month, start_day, start, label):
    assert earnings.tax_year_start(day, month, start_day) == start
    assert earnings.tax_year_label(start) == label
    assert earnings.tax_year_end(start) == dt.date(start.year + 1, start.month, start.day) - dt.timedelta(days=1)


def entry(kind, day, amount, home, *, currency="GBP", brand="Brand", platform="instagram", rate="1"):
    return Entry(kind, day, "p", brand, platform, "desc", None, currency, Decimal(amount), "GBP",
                 None if home is None else Decimal(home), None if home is None else Decimal(rate),
                 None if home is None else day, None if home is None else "manual")


def test_months_brands_and_platforms_are_summed_exactly_and_amounts_without_a_rate_are_named():
    data = Earnings(dt.date(2026, 1, 1), dt.date(2026, 3, 31), "GBP", (
        entry("received", dt.date(2026, 1, 10), "0.10", "0.10"),
        entry("received", dt.date(2026, 1, 20), "0.20", "0.20", brand="Other", platform="tiktok"),
        entry("expected", dt.date(2026, 1, 5), "0.30", "0.30"),
        entry("expected", dt.date(2026, 3, 1), "100.00", "85.00", currency="EUR", rate="0.85"),
        entry("received", dt.date(2026, 3, 2), "50.00", None, currency="USD"),
        entry("invoiced", dt.date(2026, 3, 2), "70.00", "70.00"),
    ))
    months = data.by_month()
    assert list(months["month"]) == ["2026-01", "2026-02", "2026-03"]
    assert list(months["received"]) == [Decimal("0.30"), Decimal(0), Decimal(0)], "0.1 + 0.2 is exactly 0.3"
    assert list(months["expected"]) == [Decimal("0.30"), Decimal(0), Decimal("85.00")]
    assert data.total("received") == Decimal("0.30") and data.missing_rates == {"USD": 1}
    brands = data.by("brand_name").set_index("brand_name")
    assert brands.loc["Brand", "expected"] == Decimal("85.30") and brands.loc["Other", "received"] == Decimal("0.20")
    assert list(data.by("platform")["platform"]) == ["instagram", "tiktok"]
    used = data.rates_used()
    assert list(used["currency"]) == ["EUR"] and list(used["rate"]) == [Decimal("0.85")]


def test_the_detail_csv_keeps_exact_amounts_and_neutralises_formula_cells():
    data = Earnings(dt.date(2026, 1, 1), dt.date(2026, 1, 31), "GBP", (
        entry("received", dt.date(2026, 1, 10), "1234.50", "1234.50", brand="=cmd|' /C calc'!A0", platform=None),
        entry("received", dt.date(2026, 1, 11), "9.99", "9.99", brand="+SUM(A1:A9)"),
        entry("received", dt.date(2026, 1, 12), "1.00", "1.00", brand="@import"),
        entry("received", dt.date(2026, 1, 13), "2.00", "2.00", brand="-2+3"),
    ))
    text = to_safe_csv(data.detail()).decode()
    assert "'=cmd|' /C calc'!A0" in text and "'+SUM(A1:A9)" in text and "'@import" in text and "'-2+3" in text
    assert ",1234.50," in text, "amounts are written exactly, as Decimal"


def test_days_to_pay_and_the_tax_summary_come_from_sql(pool):
    creator = Person(id=str(uuid.uuid4()))
    gw = PostgresGateway(pool, creator)
    gw.rpc("ensure_profile", {"p_display_name": "Creator", "p_email": None})
    today = clock.today()
    for brand, billed, due, paid_on, amount in (("Slow Co", 90, 60, 30, "100.00"), ("Slow Co", 80, 50, 40, "50.00"),
                                                ("Quick Co", 20, 10, 12, "75.00")):
        p = payouts.create(gw, payouts.PayoutTerms(f"{brand} {uuid.uuid4().hex[:4]}", "USD", amount,
                                                   today - dt.timedelta(days=due), brand_name=brand,
                                                   billed_on=today - dt.timedelta(days=billed)), today=today)
        payouts.record_payment(gw, p, payouts.PaymentDetails(amount, "wise", uuid.uuid4().hex,
                                                             today - dt.timedelta(days=paid_on)))
    speed = earnings.days_to_pay(gw).set_index("brand_name")
    assert speed.loc["Slow Co", "paid_payouts"] == 2
    assert speed.loc["Slow Co", "average_days_to_pay"] == Decimal("50.0")  # (60 + 40) / 2
    assert speed.loc["Slow Co", "average_days_late"] == Decimal("20.0")  # (30 + 10) / 2
    assert speed.loc["Quick Co", "average_days_late"] == Decimal("-2.0"), "paid two days early"
    assert list(earnings.days_to_pay(gw)["brand_name"]) == ["Slow Co", "Quick Co"], "slowest first"
    table, data = earnings.tax_summary(gw, "USD", today=today, month=1, start_day=1, years=2)
    assert list(table["tax_year"]) == [str(today.year), str(today.year - 1)]
    assert sum(table["received"]) == Decimal("225.00") == data.total("received")
    fx.save_rate(gw, "USD", "EUR", "0.5", today - dt.timedelta(days=365))
    gw.rpc("update_profile", {"p_display_name": "Creator", "p_niche": None, "p_home_currency": "EUR",
                              "p_time_zone": "UTC", "p_locale": "en", "p_disclosure_markets": []})
    converted, _ = earnings.tax_summary(gw, "EUR", today=today, years=2)
    assert sum(converted["received"]) == Decimal("112.50")


def test_the_detail_csv_sums_as_plain_numbers_with_each_amounts_currency_beside_it():
    """Every amount parses as a Decimal (a dot, no grouping, no symbol) and its currency is a column of its own;
    an amount without a rate leaves the home amount empty, never "None". Totals added by hand."""
    data = Earnings(dt.date(2026, 1, 1), dt.date(2026, 3, 31), "GBP", (
        entry("received", dt.date(2026, 1, 10), "1350.00", "1350.00"),
        entry("received", dt.date(2026, 2, 1), "100.00", "85.00", currency="EUR", rate="0.85"),
        entry("received", dt.date(2026, 3, 2), "50.00", None, currency="USD"),
    ))
    rows = list(csv.DictReader(io.StringIO(to_safe_csv(data.detail()).decode("utf-8"))))
    assert [(r["currency"], Decimal(r["amount"])) for r in rows] == \
        [("GBP", Decimal("1350.00")), ("EUR", Decimal("100.00")), ("USD", Decimal("50.00"))]
    assert sum(Decimal(r["home_amount"]) for r in rows if r["home_amount"]) == Decimal("1435.00")  # 1350 + 85
    assert {r["home_currency"] for r in rows} == {"GBP"} and rows[2]["home_amount"] == ""
    assert [r["date"] for r in rows] == ["2026-01-10", "2026-02-01", "2026-03-02"]
    assert not any(v in ("None", "nan") for r in rows for v in r.values())


def test_a_euro_payout_reaches_a_dirham_home_currency_through_the_ecb_dollar_rate_and_the_peg(pool):
    """SQL's conversions (earnings entries, the overdue figure) use the pegs too: the ECB does not quote AED, the
    dirham is fixed at 3.6725 per US dollar (Central Bank of the UAE)."""
    creator = Person(id=str(uuid.uuid4()))
    gw = PostgresGateway(pool, creator)
    gw.rpc("ensure_profile", {"p_display_name": "Dubai Creator", "p_email": None})
    gw.rpc("update_profile", {"p_display_name": "Dubai Creator", "p_niche": None, "p_home_currency": "AED",
                              "p_time_zone": "Asia/Dubai", "p_locale": "en", "p_disclosure_markets": []})
    fx.import_ecb(gw, (Path(__file__).parent / "fixtures" / "ecb" / "eurofxref.csv").read_bytes())
    today = clock.today()  # on or after the file's day, 27 November 2026
    p = payouts.create(gw, payouts.PayoutTerms(f"Euro deal {uuid.uuid4().hex[:4]}", "EUR", "1000.00",
                                               today - dt.timedelta(days=5), brand_name="Berlin Brand",
                                               billed_on=today - dt.timedelta(days=35)), today=today)
    # By hand: 1 EUR = 1.1581 USD (ECB, 27 Nov 2026) and 1 USD = 3.6725 AED, so 1 EUR = 1.1581 × 3.6725
    # = 3.4743 + 0.77882225 = 4.25312225 AED; 1000.00 EUR = 4253.12225 → 4253.12 AED.
    overdue = gw.rpc("overdue_summary") or []
    assert [(r["currency"], Decimal(str(r["home_amount"])), r["home_currency"], r["rate_source"]) for r in overdue] == [
        ("EUR", Decimal("4253.12"), "AED", "peg + ecb")]
    payouts.record_payment(gw, p, payouts.PaymentDetails("1000.00", "bank_transfer", uuid.uuid4().hex, today))
    data = earnings.load(gw, today - dt.timedelta(days=40), today, "AED")
    received = [e for e in data.entries if e.entry == "received"]
    assert [(e.home_currency, e.home_amount, e.rate, e.rate_date, e.rate_source) for e in received] == [
        ("AED", Decimal("4253.12"), Decimal("4.253122"), dt.date(2026, 11, 27), "peg + ecb")]
