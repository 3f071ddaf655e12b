"""Every entry point that accepts an amount typed by a person reads it through services.core.money, so
the same text gets the same answer (or the same kind of refusal) everywhere: an offer's fee, a payout's
amount, a payment, a media kit rate and a report's revenue.

Expected values are written by hand from the rule in services/core/money.py's docstrings: commas only
between groups of three, a point for decimals, at most the currency's minor units, never a float."""
from __future__ import annotations

from decimal import Decimal

import pytest

from services.core import money
from services.core.errors import ValidationError
from services.reports import media_kit, reports


def offer_fee(text, currency="USD", places=2):
    fee = __import__("services.offers.offers", fromlist=["parse_fee"]).parse_fee(text)
    return money.check_amount(fee, currency, places, label="The fee", allow_zero=True)


def payout_amount(text, currency="USD", places=2):
    return money.parse_amount(text, currency, places, label="The amount")


def payment(text, currency="USD", places=2):
    return money.parse_amount(text, currency, places, label="The payment")


def kit_rate(text, currency="USD", places=2):
    return media_kit.parse_fee(text, currency, places, 1)


def revenue(text, currency="USD", places=2):
    return reports.parse_revenue(text, currency, places)


ENTRY_POINTS = [offer_fee, payout_amount, payment, kit_rate, revenue]

# (typed, currency, places, expected Decimal or None for a refusal)
CASES = [
    ("1250.50", "USD", 2, Decimal("1250.50")),
    ("1,250.50", "USD", 2, Decimal("1250.50")),
    ("1 250.50", "USD", 2, Decimal("1250.50")),
    ("12,50", "EUR", 2, None),          # a decimal comma is refused, not read as 1,250
    ("1,2,3", "USD", 2, None),          # commas only between groups of three
    ("10.001", "USD", 2, None),         # more decimals than the currency has
    ("12000", "JPY", 0, Decimal("12000")),
    ("12000.5", "JPY", 0, None),
    ("1.0005", "KWD", 3, None),
    ("2.500", "KWD", 3, Decimal("2.500")),
    ("ten", "USD", 2, None),
    ("NaN", "USD", 2, None),
    ("Infinity", "USD", 2, None),
    ("-5.00", "USD", 2, None),
    ("1000000000000", "USD", 2, None),  # too large
    (Decimal("99.99"), "USD", 2, Decimal("99.99")),
    (1200, "USD", 2, Decimal("1200.00")),
    (12.5, "USD", 2, None),             # a float has already lost exactness
]


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("typed, currency, places, expected", CASES, ids=[repr(c[0]) for c in CASES])
def test_every_entry_point_reads_an_amount_the_same_way(entry, typed, currency, places, expected):
    if expected is None:
        with pytest.raises(ValidationError):
            entry(typed, currency, places)
    else:
        assert entry(typed, currency, places) == expected


def test_zero_is_a_fee_or_revenue_but_not_a_payout_or_payment():
    """A gifted collaboration has a fee of 0 and a report can record 0 revenue; money owed or paid is more than 0."""
    assert offer_fee("0") == kit_rate("0") == revenue("0") == Decimal("0.00")
    for entry in (payout_amount, payment):
        with pytest.raises(ValidationError, match="must be more than zero"):
            entry("0")


def test_an_empty_revenue_is_nothing_entered_and_an_empty_amount_is_asked_for():
    assert revenue("") is None and revenue(None) is None
    for entry in (offer_fee, payout_amount, payment, kit_rate):
        with pytest.raises(ValidationError, match="^Enter"):
            entry("")


def test_counts_refuse_fractions_text_and_negatives():
    assert reports.parse_conversions("1,204") == 1204
    for typed, message in (("2.5", "whole number"), ("lots", "whole number"), ("-3", "cannot be negative"),
                           (1.0, "not a float")):
        with pytest.raises(ValidationError, match=message):
            reports.parse_conversions(typed)
