"""Exact money for every area: amounts typed by people parsed to Decimal (never through float),
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


def parse_decimal(text, *, label: str = "The amount", empty: str | None = None) -> Decimal:
    """A number typed by a person ("1,250.50", "1 250.50") as an exact Decimal, never through float.
    Commas are thousands separators only between groups of three; spaces are ignored. `empty` is the
    message for an empty field (default: "Enter <label>.")."""
    if isinstance(text, float) or isinstance(text, bool):
        raise ValidationError("{label} must be exact: pass a Decimal or text, not a float.", label=label)
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, int):
        value = Decimal(text)
    else:
        cleaned = str(text or "").strip().replace(" ", "").replace("\u00a0", "")
        if not cleaned:
            raise ValidationError(empty or f"Enter {label[0].lower() + label[1:]}.")
        if "," in cleaned:
            if not THOUSANDS.fullmatch(cleaned):
                raise ValidationError('{label} "{text}" is not a number: write decimals with a point (1250.50) and thousands with commas or not at all.', label=label, text=text)
            cleaned = cleaned.replace(",", "")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise ValidationError('{label} "{text}" is not a number.', label=label, text=text) from None
    if not value.is_finite():
        raise ValidationError('{label} "{text}" is not a number.', label=label, text=text)
    return value


def check_amount(value: Decimal, currency: str, places: int, *, label: str = "The amount",
                 allow_zero: bool = False, shown=None, places_label: str | None = None) -> Decimal:
    """An exact amount checked for sign, size and the currency's minor units; returns it at those units."""
    shown = value if shown is None else shown
    if value < 0 or (value == 0 and not allow_zero):
        raise ValidationError(f"{label} cannot be negative (got {shown})." if allow_zero else
                              f"{label} must be more than zero (got {shown}).")
    if value >= MAX_AMOUNT:
        raise ValidationError("{label} {shown} is too large.", label=label, shown=shown)
    if value != value.quantize(quantum(places)):
        raise ValidationError(decimals_message(places_label or label, currency, places, shown))
    return value.quantize(quantum(places))


def parse_amount(text, currency: str, places: int, *, label: str = "The amount", allow_zero: bool = False,
                 empty: str | None = None) -> Decimal:
    """An amount typed by a person as an exact Decimal with at most `places` decimals: more than zero
    (or zero too, with allow_zero). Raises ValidationError with a message for the person. Every entry
    point that accepts money (offers, payouts, payments, media kit rates, report revenue) goes through here."""
    return check_amount(parse_decimal(text, label=label, empty=empty), currency, places, label=label,
                        allow_zero=allow_zero, shown=text)


def parse_optional_amount(text, currency: str | None, places: int, *, label: str = "The amount",
                          allow_zero: bool = True, places_label: str | None = None) -> Decimal | None:
    """As parse_amount, but an empty field is None (nothing entered) and the currency is asked for only then."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    value = parse_decimal(text, label=label)
    if not currency:
        raise ValidationError("Choose the currency of {value}.", value=label[0].lower() + label[1:])
    return check_amount(value, currency, places, label=label, allow_zero=allow_zero, shown=text,
                        places_label=places_label)


def parse_count(text, *, label: str, maximum: int, empty: str | None = None) -> int:
    """A whole number 0 to maximum typed by a person ("1,204")."""
    if isinstance(text, float) or isinstance(text, bool):
        raise ValidationError("{label} must be a whole number: pass an int or text, not a float.", label=label)
    try:
        value = parse_decimal(text, label=label, empty=empty or f"Enter {label[0].lower() + label[1:]} (0 or more).")
    except ValidationError:
        if str(text or "").strip():
            raise ValidationError('{label} must be a whole number (got "{text}").', label=label, text=text) from None
        raise
    if value != value.to_integral_value():
        raise ValidationError('{label} must be a whole number (got "{text}").', label=label, text=text)
    if value < 0:
        raise ValidationError("{label} cannot be negative (got {text}).", label=label, text=text)
    if value > maximum:
        raise ValidationError("{label} {text} is too large.", label=label, text=text)
    return int(value)


def decimals_message(label: str, currency: str, places: int, got) -> str:
    if places == 0:
        return f"{label} in {currency} has no decimal places (got {got})."
    return f"{label} in {currency} has at most {places} decimal places (got {got})."


def parse_percent(text, *, label: str, maximum: Decimal = Decimal(100)) -> Decimal:
    """A percentage 0 to maximum with at most 2 decimals ("" is 0)."""
    if isinstance(text, float):
        raise ValidationError("{label} must be exact: pass a Decimal or text, not a float.", label=label)
    raw = str(text if text is not None else "").strip().replace("%", "").strip()
    if not raw:
        return Decimal(0)
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationError('{label} "{text}" is not a number.', label=label, text=text) from None
    if not value.is_finite() or not Decimal(0) <= value <= maximum or value != value.quantize(Decimal("0.01")):
        raise ValidationError("{label} must be 0 to {maximum} % with at most 2 decimals (got {text}).",
                              label=label, maximum=maximum, text=text)
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
