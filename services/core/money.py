"""Exact money for the payouts area: amounts typed by people parsed to Decimal (never through float),
checked against the currency's minor units, and written as plain text with the ISO code for documents
(invoice PDFs, reminders). The database checks every amount again (supabase/migrations/*_payouts.sql).

Rounding: amounts derived from a percentage or an exchange rate are rounded once, half away from zero, as
SQL's round() does (ROUND_HALF_UP in Decimal terms); display rounding lives in portal.formatting.money."""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from services.core.errors import ValidationError

MAX_AMOUNT = Decimal("1000000000000")
THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")  # 1,250.50: commas only between groups of three


def quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-int(places))


def round_to(amount: Decimal, places: int) -> Decimal:
    """Half away from zero at the currency's minor units, like SQL round(amount, places)."""
    return Decimal(amount).quantize(quantum(places), rounding=ROUND_HALF_UP)


def to_decimal(value) -> Decimal | None:
    """A value from either gateway (Decimal, int, or the text of a number) as a Decimal; None stays None.
    A float is refused: it would have lost exactness before it got here."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or isinstance(value, float):
        raise ValidationError("Money is exact: pass a Decimal, an int or text, not a float.")
    return Decimal(str(value))


def parse_amount(text, currency: str, places: int, *, label: str = "The amount") -> Decimal:
    """A positive amount typed by a person ("1,250.50") as an exact Decimal with at most `places` decimals.
    Commas and spaces are thousands separators. Raises ValidationError with a message for the person."""
    if isinstance(text, float):
        raise ValidationError(f"{label} must be exact: pass a Decimal or text, not a float.")
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, int) and not isinstance(text, bool):
        value = Decimal(text)
    else:
        cleaned = str(text or "").strip().replace(" ", "").replace("\u00a0", "")
        if not cleaned:
            raise ValidationError(f"Enter {label[0].lower() + label[1:]}.")
        if "," in cleaned:
            if not THOUSANDS.fullmatch(cleaned):
                raise ValidationError(f'{label} "{text}" is not a number: write decimals with a point '
                                      "(1250.50) and thousands with commas or not at all.")
            cleaned = cleaned.replace(",", "")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise ValidationError(f'{label} "{text}" is not a number.') from None
    if not value.is_finite():
        raise ValidationError(f'{label} "{text}" is not a number.')
    if value <= 0:
        raise ValidationError(f"{label} must be more than zero (got {text}).")
    if value >= MAX_AMOUNT:
        raise ValidationError(f"{label} {text} is too large.")
    if value != value.quantize(quantum(places)):
        raise ValidationError(decimals_message(label, currency, places, text))
    return value.quantize(quantum(places))


def decimals_message(label: str, currency: str, places: int, got) -> str:
    if places == 0:
        return f"{label} in {currency} has no decimal places (got {got})."
    return f"{label} in {currency} has at most {places} decimal places (got {got})."


def parse_percent(text, *, label: str, maximum: Decimal = Decimal(100)) -> Decimal:
    """A percentage 0 to maximum with at most 2 decimals ("" is 0)."""
    if isinstance(text, float):
        raise ValidationError(f"{label} must be exact: pass a Decimal or text, not a float.")
    raw = str(text if text is not None else "").strip().replace("%", "").strip()
    if not raw:
        return Decimal(0)
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationError(f'{label} "{text}" is not a number.') from None
    if not value.is_finite() or not Decimal(0) <= value <= maximum or value != value.quantize(Decimal("0.01")):
        raise ValidationError(f"{label} must be 0 to {maximum} % with at most 2 decimals (got {text}).")
    return value


def share(amount: Decimal, percent: Decimal, places: int) -> Decimal:
    """percent % of amount, rounded once (as the database derives tax, fees and deposits)."""
    return round_to(Decimal(amount) * Decimal(percent) / Decimal(100), places)


def split_evenly(amount: Decimal, parts: int, places: int) -> list[Decimal]:
    """amount shared into `parts` amounts at the currency's minor units that add up exactly; the remainder
    (in minor units) goes to the first parts, as on an invoice's lines."""
    units = int(Decimal(amount).scaleb(places))
    base, extra = divmod(units, parts)
    return [Decimal(base + (1 if n < extra else 0)).scaleb(-places) for n in range(parts)]


def plain(amount: Decimal, currency: str, places: int) -> str:
    """1,234.50 USD · 1,200 JPY · 2.500 KWD: for documents, where the ISO code is unambiguous in any font."""
    value = Decimal(amount).quantize(quantum(places), rounding=ROUND_HALF_UP)
    return f"{value:,.{places}f} {currency}"
