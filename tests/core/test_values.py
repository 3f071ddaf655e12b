"""Typed readers for the JSON-shaped rows both gateways return."""
import datetime as dt
from decimal import Decimal

from services.core.values import as_date, as_datetime, as_decimal, as_int


def test_readers_accept_what_either_gateway_returns_and_keep_none():
    assert as_date("2026-03-29") == dt.date(2026, 3, 29)
    assert as_date("2026-03-29T01:30:00+00:00") == dt.date(2026, 3, 29)
    assert as_date(dt.date(2026, 3, 29)) == dt.date(2026, 3, 29)
    assert as_datetime("2026-03-29T01:30:00.1234+02:00") == dt.datetime(
        2026, 3, 28, 23, 30, 0, 123400, tzinfo=dt.timezone.utc)
    assert as_datetime("2026-03-29T01:30:00").tzinfo == dt.timezone.utc
    assert as_decimal(0.1) == Decimal("0.1") and as_decimal("12.50") == Decimal("12.50")
    assert as_int("42") == 42
    assert [f(None) for f in (as_date, as_datetime, as_decimal, as_int)] == [None] * 4
