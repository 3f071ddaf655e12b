"""Statutory late interest, day by day, against hand computations. Each example: a debt due 2025-06-20, counted to
2025-07-10, so 10 days fall in the first half of 2025 (21-30 June) and 10 in the second (1-10 July), each half at
its own reference rate (the rates and their dates are in tax_rules.json with their sources)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from services.core.errors import ValidationError
from services.payouts import tax

DUE, AS_OF = dt.date(2025, 6, 20), dt.date(2025, 7, 10)


def test_germany_base_rate_plus_nine_points_and_40_euro():
    # § 288 Abs. 2 BGB: Basiszinssatz + 9 points. Basiszinssatz 2.27 % from 1 Jan 2025, 1.27 % from 1 Jul 2025.
    # 1000 × 11.27 % × 10/365 = 3.08767; 1000 × 10.27 % × 10/365 = 2.81370; sum 2154/365 = 5.90137 → 5.90 EUR
    li = tax.statutory_interest("DE", Decimal("1000.00"), "EUR", 2, DUE, AS_OF)
    assert (li.days, li.interest, li.lump_sum, li.lump_sum_currency) == (20, Decimal("5.90"), Decimal("40"), "EUR")
    assert [(p.reference_rate, p.annual_rate, p.days) for p in li.periods] == [
        (Decimal("2.27"), Decimal("11.27"), 10), (Decimal("1.27"), Decimal("10.27"), 10)]


def test_france_ecb_rate_plus_ten_points_and_40_euro():
    # L441-10 C. com.: ECB refinancing rate + 10 points; in force on 1 Jan 2025: 3.15 % (from 18 Dec 2024), on
    # 1 Jul 2025: 2.15 % (from 11 Jun 2025). 1000 × (13.15 % × 10 + 12.15 % × 10)/365 = 2530/365 = 6.93151 → 6.93
    li = tax.statutory_interest("FR", Decimal("1000.00"), "EUR", 2, DUE, AS_OF)
    assert (li.interest, li.lump_sum) == (Decimal("6.93"), Decimal("40"))
    assert li.periods[0].reference_date == dt.date(2024, 12, 18) and li.periods[1].reference_date == dt.date(2025, 6, 11)


def test_spain_ecb_rate_plus_eight_points_and_40_euro():
    # Ley 3/2004 art. 7: ECB rate + 8 points → 11.15 % and 10.15 %: 1000 × (1115 + 1015)/365/1000... = 2130/365
    # = 5.83562 → 5.84 EUR
    li = tax.statutory_interest("ES", Decimal("1000.00"), "EUR", 2, DUE, AS_OF)
    assert (li.interest, li.lump_sum) == (Decimal("5.84"), Decimal("40"))


def test_uk_base_rate_plus_eight_and_the_fixed_sum_by_size_of_debt():
    # SI 2002/1675: Bank Rate in force on 31 Dec 2024 (4.75 %) for Jan-Jun 2025, on 30 Jun 2025 (4.25 %) for
    # Jul-Dec, + 8 %: 12.75 % and 12.25 %. 5000 × (0.1275 × 10 + 0.1225 × 10)/365 = 12500/365 = 34.24658 → 34.25
    # GBP; s.5A: a debt of £1,000 to £9,999.99 carries £70.
    li = tax.statutory_interest("GB", Decimal("5000.00"), "GBP", 2, DUE, AS_OF)
    assert (li.interest, li.lump_sum, li.lump_sum_currency) == (Decimal("34.25"), Decimal("70"), "GBP")
    assert tax.statutory_interest("GB", Decimal("999.99"), "GBP", 2, DUE, AS_OF).lump_sum == Decimal("40")
    assert tax.statutory_interest("GB", Decimal("10000.00"), "GBP", 2, DUE, AS_OF).lump_sum == Decimal("100")


@pytest.mark.parametrize("country", ["US", "AE", "SA"])
def test_countries_without_a_statutory_rate_have_none(country):
    assert tax.statutory_interest(country, Decimal("1000.00"), "USD", 2, DUE, AS_OF) is None


def test_not_yet_overdue_owes_nothing_and_an_unknown_period_is_refused():
    li = tax.statutory_interest("DE", Decimal("1000.00"), "EUR", 2, DUE, DUE)
    assert (li.days, li.interest, li.lump_sum) == (0, Decimal("0.00"), Decimal("0"))
    with pytest.raises(ValidationError, match="No Basiszinssatz"):
        tax.statutory_interest("DE", Decimal("1000.00"), "EUR", 2, dt.date(2023, 6, 1), dt.date(2023, 6, 5))


def test_contractual_fees_within_the_cap_pass_and_above_it_are_refused():
    tax.check_contractual_late_fee("GB", Decimal("5"))
    with pytest.raises(ValidationError, match="more than the 5 % a month allowed for invoices from United Kingdom"):
        tax.check_contractual_late_fee("GB", Decimal("6"))
