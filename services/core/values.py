"""Typed values from the JSON-shaped rows both gateways return (dates and timestamps as ISO strings,
numerics as Decimal or numbers). One reader per type, so every service parses rows the same way."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal


def as_int(value) -> int | None:
    return None if value is None else int(value)


def as_decimal(value) -> Decimal | None:
    """Exact: a float is read through its shortest repr, never through its binary value."""
    return None if value is None else Decimal(str(value))


def as_date(value) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def as_datetime(value) -> dt.datetime | None:
    """Timezone-aware; a timestamp without an offset is taken as UTC (the database stores UTC)."""
    if value is None:
        return None
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
