"""Numbers, money and times formatted for the person: their currency, time zone and language."""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal
from zoneinfo import ZoneInfo

MINOR_UNITS = {"JPY": 0, "KRW": 0, "VND": 0, "CLP": 0, "ISK": 0, "BHD": 3, "JOD": 3, "KWD": 3, "OMR": 3, "TND": 3}
_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _digits(text: str, locale: str) -> str:
    return text.translate(_ARABIC_DIGITS) if locale == "ar" else text


def number(value: int | float | Decimal | None, locale: str = "en") -> str:
    if value is None:
        return "—"
    return _digits(f"{int(value):,}", locale)


def compact(value: int | None, locale: str = "en") -> str:
    """24,180 → 24.2K; 1,250,000 → 1.25M."""
    if value is None:
        return "—"
    v = abs(int(value))
    sign = "-" if value < 0 else ""
    if v >= 1_000_000:
        text = f"{sign}{v / 1_000_000:.2f}".rstrip("0").rstrip(".") + "M"
    elif v >= 10_000:
        text = f"{sign}{v / 1_000:.1f}".rstrip("0").rstrip(".") + "K"
    else:
        text = f"{sign}{v:,}"
    return _digits(text, locale)


def signed(value: int | None, locale: str = "en") -> str:
    if value is None:
        return "—"
    return _digits(f"{int(value):+,}", locale)


def decimal(value: Decimal | None, locale: str = "en", places: int = 2) -> str:
    """An exact ratio or rate at `places` decimals, rounded half-even once ("0.47", "1.150000"); never a float."""
    if value is None:
        return "—"
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    return _digits(f"{rounded:,.{places}f}", locale)


def percent(ratio: Decimal | float | None, locale: str = "en", places: int = 2) -> str:
    if ratio is None:
        return "—"
    return _digits(f"{Decimal(str(ratio)) * 100:.{places}f}%", locale)


def money(amount: Decimal | int | str, currency: str, locale: str = "en") -> str:
    """Exact decimal, rounded half-even to the currency's minor units; never a float."""
    places = MINOR_UNITS.get(currency.upper(), 2)
    quantum = Decimal(1).scaleb(-places)
    value = Decimal(str(amount)).quantize(quantum, rounding=ROUND_HALF_EVEN)
    text = f"{value:,.{places}f}"
    symbol = _SYMBOLS.get(currency.upper())
    out = f"{symbol}{text}" if symbol else f"{text} {currency.upper()}"
    return _digits(out, locale)


def local_datetime(moment: dt.datetime | str, time_zone: str, locale: str = "en") -> str:
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    local = moment.astimezone(ZoneInfo(time_zone))
    return _digits(local.strftime("%Y-%m-%d %H:%M ") + (local.tzname() or ""), locale)


def day(value: dt.date | str, locale: str = "en") -> str:
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return _digits(value.strftime("%d %b %Y"), locale)


def fx_rate(rate: Decimal | str, base: str, quote: str, locale: str = "en") -> str:
    """1 USD = 0.77 GBP: an exchange rate as stored (exact), trailing zeros trimmed."""
    value = Decimal(str(rate)).normalize()
    return _digits(f"1 {base} = {value:f} {quote}", locale)
