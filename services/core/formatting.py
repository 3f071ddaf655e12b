"""Numbers, money, dates and durations for the person: their language, currency and time zone.

Everything goes through Babel's CLDR data (babel.numbers, babel.dates): digits, separators, month names,
currency symbols and their placement, minor units. The code never writes a symbol, a month name or a
separator itself. Arabic uses CLDR's default numbering system for `ar` (Latin digits with Arabic
separators and marks) rather than shaping digits by hand. An empty value is shown as "—"."""
from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import ROUND_HALF_EVEN, Decimal
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel import dates as bdates
from babel import lists as blists
from babel import numbers as bnumbers

EMPTY = "—"
LOCALES = ("en", "ar", "fr", "de", "es")


@functools.lru_cache(maxsize=64)
def _loc(locale: str | None) -> Locale:
    """The Babel locale for a language tag, parsed once per tag (charts format hundreds of values a run)."""
    try:
        return Locale.parse((locale or "en").replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def _empty(value) -> bool:
    """None, "", NaN and pandas' NaT/NA: nothing to show."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    try:
        return bool(value != value)  # noqa: PLR0124 — true only for NaN-like values
    except (TypeError, ValueError):
        return False


def minor_units(currency: str) -> int:
    """Digits after the decimal point for an ISO 4217 currency (CLDR/ISO data: JPY 0, KWD 3, EUR 2)."""
    return bnumbers.get_currency_precision(currency.upper())


def round_money(amount: Decimal | int | str, currency: str) -> Decimal:
    """Exact decimal, rounded half-even to the currency's minor units; never a float."""
    return Decimal(str(amount)).quantize(Decimal(1).scaleb(-minor_units(currency)), rounding=ROUND_HALF_EVEN)


def number(value: int | float | Decimal | None, locale: str = "en") -> str:
    """24180 → "24,180" (en), "24 180" (fr, narrow no-break space), "24.180" (de, es)."""
    if _empty(value):
        return EMPTY
    return bnumbers.format_decimal(value, locale=_loc(locale))


def decimal(value: int | float | Decimal | None, locale: str = "en", places: int = 1) -> str:
    """A measured quantity with a fixed number of decimals: 210.4861 → "210.5"."""
    if _empty(value):
        return EMPTY
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return bnumbers.format_decimal(Decimal(str(value)), format=pattern, locale=_loc(locale))


def compact(value: int | None, locale: str = "en") -> str:
    """24,180 → 24.2K (en), 24,2 k (fr), 24,2 mil (es); 1,250,000 → 1.25M. Below 10,000 the full number.
    Where CLDR has no short form for the magnitude (German thousands) the full number is shown."""
    if _empty(value):
        return EMPTY
    if abs(int(value)) < 10_000:
        return number(int(value), locale)
    digits = 2 if abs(int(value)) >= 1_000_000 else 1
    text = bnumbers.format_compact_decimal(int(value), format_type="short", fraction_digits=digits,
                                           locale=_loc(locale))
    return number(int(value), locale) if re.fullmatch(r"\W?-?\d+", text) else text


def signed(value: int | None, locale: str = "en") -> str:
    """+1,300 / -42 with the locale's own plus and minus signs."""
    if _empty(value):
        return EMPTY
    text = number(value, locale)
    return bnumbers.get_plus_sign_symbol(_loc(locale)) + text if value > 0 else text


def percent(ratio: Decimal | float | None, locale: str = "en", places: int = 2) -> str:
    """0.05432 → 5.43% (en), 5,43 % (fr, de), with the locale's percent pattern."""
    if _empty(ratio):
        return EMPTY
    loc = _loc(locale)
    pattern = loc.percent_formats[None].pattern.split(";")[0]
    if places:
        pattern = pattern.replace("#,##0", "#,##0." + "0" * places, 1)
    return bnumbers.format_percent(Decimal(str(ratio)), format=pattern, locale=loc)


def points(value: Decimal | float | None, locale: str = "en", places: int = 1) -> str:
    """A change in percentage points: +1.5 (the caller's sentence names the unit)."""
    if _empty(value):
        return EMPTY
    text = decimal(value, locale, places)
    return bnumbers.get_plus_sign_symbol(_loc(locale)) + text if value > 0 else text


def money(amount: Decimal | int | str | None, currency: str | None, locale: str = "en") -> str:
    """£1,350.00 (en), 1 350,00 £GB (fr), ¥1,234; any ISO 4217 code, symbol and placement from CLDR."""
    if _empty(amount) or not currency:
        return EMPTY
    value = round_money(amount, currency)
    text = bnumbers.format_currency(value, currency.upper(), locale=_loc(locale), currency_digits=True)
    return _currency_spacing(text)


_LETTER_THEN_DIGIT = re.compile(r"(?<=[^\W\d_])(?=[\d\u0660-\u0669])")
_DIGIT_THEN_LETTER = re.compile(r"(?<=[\d\u0660-\u0669])(?=[^\W\d_])")


def _currency_spacing(text: str) -> str:
    """CLDR's currencySpacing, which Babel does not apply: a currency written with letters ("AED", "CHF", "US$" is
    a symbol and stays) gets a no-break space between it and the digits: "AED 1,800.00", "1.800,00 AED"."""
    text = _LETTER_THEN_DIGIT.sub("\u00a0", text, count=1)
    return _DIGIT_THEN_LETTER.sub("\u00a0", text, count=1)


def currency_symbol(currency: str, locale: str = "en") -> str:
    return bnumbers.get_currency_symbol(currency.upper(), locale=_loc(locale))


def currency_name(currency: str, locale: str = "en") -> str:
    return bnumbers.get_currency_name(currency.upper(), locale=_loc(locale))


def _as_datetime(moment: dt.datetime | str) -> dt.datetime:
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment


def _as_date(value: dt.date | dt.datetime | str) -> dt.date:
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value.date() if isinstance(value, dt.datetime) else value


def _zone_name(local: dt.datetime, loc: Locale) -> str:
    """The zone's short name where CLDR has one for the language (EDT, MEZ, GMT), else GMT+01:00."""
    name = bdates.format_datetime(local, "z", locale=loc)
    if re.fullmatch(r"[+-]\d{4}", name):
        return bdates.get_timezone_gmt(local, width="long", locale=loc)
    return name


def local_datetime(moment: dt.datetime | str | None, time_zone: str, locale: str = "en") -> str:
    """29 Mar 2026 in the person's zone with the time and the zone: "Mar 29, 2026, 3:30 AM GMT+02:00"."""
    if _empty(moment):
        return EMPTY
    loc = _loc(locale)
    local = _as_datetime(moment).astimezone(ZoneInfo(time_zone))
    date_part = bdates.format_skeleton("yMMMd", local, locale=loc)
    time_part = bdates.format_time(local, "short", locale=loc)
    glue = loc.datetime_formats["medium"]
    return glue.replace("{1}", date_part).replace("{0}", time_part) + " " + _zone_name(local, loc)


def day(value: dt.date | str | None, locale: str = "en") -> str:
    """Jan 5, 2026 (en), 5 يناير 2026 (ar), 5 janv. 2026 (fr), 5. Jan. 2026 (de), 5 ene 2026 (es)."""
    if _empty(value):
        return EMPTY
    return _day(_as_date(value), locale)


@functools.lru_cache(maxsize=8192)
def _day(value: dt.date, locale: str) -> str:
    """A chart's axis and hover labels repeat the same days across its traces and runs: formatted once each."""
    return bdates.format_skeleton("yMMMd", value, locale=_loc(locale))


def time_of_day(moment: dt.datetime | str, time_zone: str, locale: str = "en") -> str:
    local = _as_datetime(moment).astimezone(ZoneInfo(time_zone))
    return bdates.format_time(local, "short", locale=_loc(locale))


def month(value: dt.date | str | None, locale: str = "en") -> str:
    """A calendar month: Jan 2026 (en), يناير 2026 (ar), janv. 2026 (fr), Jan. 2026 (de), ene 2026 (es).
    Accepts a date or "2026-01"."""
    if _empty(value):
        return EMPTY
    if isinstance(value, str) and len(value) == 7:
        value = value + "-01"
    return bdates.format_skeleton("yMMM", _as_date(value), locale=_loc(locale))


def date_range(start: dt.date | str | None, end: dt.date | str | None, locale: str = "en") -> str:
    """Jan 5 – Feb 3, 2026: CLDR's interval pattern, so shared parts are written once."""
    if _empty(start) or _empty(end):
        return day(start, locale) if not _empty(start) else day(end, locale)
    return bdates.format_interval(_as_date(start), _as_date(end), "yMMMd", locale=_loc(locale))


def _pair(first: str, second: str, loc: Locale) -> str:
    """Two unit amounts side by side with CLDR's unit-narrow list pattern ("3 hr 30 min")."""
    for style in ("unit-narrow", "unit-short", "standard"):
        try:
            patterns = loc.list_patterns[style]
        except KeyError:
            continue
        for key in ("2", "end"):
            try:
                return patterns[key].format(first, second)
            except KeyError:
                continue
    return f"{first} {second}"


def _unit(amount: int, unit: str, loc: Locale) -> str:
    """CLDR's short unit pattern for amount in the plural category the language picks for it. (Babel's
    format_unit falls back to the long form when a short "one" pattern is inherited from "other", giving
    Spanish "1 horas"; this reads the short patterns the same way CLDR's inheritance does.)"""
    patterns = loc._data["unit_patterns"][f"duration-{unit}"]["short"]
    pattern = patterns.get(loc.plural_form(amount)) or patterns["other"]
    return pattern.replace("{0}", bnumbers.format_decimal(amount, locale=loc))


def duration(value: dt.timedelta | int | float | Decimal | None, locale: str = "en", *, unit: str = "second") -> str:
    """Watch time and similar: 12,600 seconds → "3 hr 30 min" (en), "3 h 30 min" (fr), "3 Std., 30 Min." (de).
    `unit` says what a plain number counts ("second", "minute" or "hour"). Rounded to whole minutes; under
    a minute in seconds."""
    if _empty(value):
        return EMPTY
    loc = _loc(locale)
    if not isinstance(value, dt.timedelta):
        value = dt.timedelta(**{unit + "s": float(value)})
    seconds = int(round(value.total_seconds()))
    if seconds < 60:
        return _unit(seconds, "second", loc)
    minutes_total = int(Decimal(seconds / 60).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))
    hours, minutes = divmod(minutes_total, 60)
    parts = []
    if hours:
        parts.append(_unit(hours, "hour", loc))
    if minutes or not hours:
        parts.append(_unit(minutes, "minute", loc))
    return parts[0] if len(parts) == 1 else _pair(parts[0], parts[1], loc)


def relative(moment: dt.datetime | str, now: dt.datetime, locale: str = "en") -> str:
    """How far moment is from now, with its direction: "12 minutes ago", "in 48 minutes" (CLDR's relative-time
    patterns, rounded to the largest whole unit)."""
    return bdates.format_timedelta(_as_datetime(moment) - now, add_direction=True, threshold=1.0, locale=_loc(locale))


def list_of(items, locale: str = "en") -> str:
    """a, b, and c (en) / a, b et c (fr) / a وb وc (ar)."""
    items = [str(i) for i in items]
    if not items:
        return EMPTY
    return blists.format_list(items, style="standard", locale=_loc(locale))


def territory(code: str | None, locale: str = "en") -> str:
    """GB → United Kingdom / المملكة المتحدة / Royaume-Uni; unknown codes stay as given."""
    if _empty(code):
        return EMPTY
    return _loc(locale).territories.get(str(code).upper(), str(code))


def language(code: str | None, locale: str = "en") -> str:
    if _empty(code):
        return EMPTY
    return _loc(locale).languages.get(str(code).lower().replace("-", "_"), str(code))


def fx_rate(rate: Decimal | str, base: str, quote: str, locale: str = "en") -> str:
    """1 USD = 0.77 GBP: an exchange rate as stored (exact), trailing zeros trimmed."""
    loc = _loc(locale)
    value = Decimal(str(rate)).normalize()
    exact = bnumbers.format_decimal(value, locale=loc, decimal_quantization=False)
    return f"{bnumbers.format_decimal(1, locale=loc)} {base} = {exact} {quote}"
