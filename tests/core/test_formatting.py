"""The formatting layer in the five languages. Every expectation is written by hand from CLDR's data for
the language (the patterns quoted beside each block), not by calling the function under test.

Characters that look alike: NBSP = U+00A0 no-break space, NNBSP = U+202F narrow no-break space,
RLM = U+200F right-to-left mark, LRM = U+200E left-to-right mark, THIN = U+2009 thin space."""
import datetime as dt
from decimal import Decimal

import pytest

from portal import formatting as fmt

NBSP, NNBSP, RLM, LRM, THIN = "\u00a0", "\u202f", "\u200f", "\u200e", "\u2009"

# Decimal pattern "#,##0.###" everywhere; symbols: en group "," decimal "."; ar (CLDR's default numbering
# system for ar is latn) group "," decimal "."; fr group NNBSP decimal ","; de and es group "." decimal ",".
NUMBERS = {"en": "24,180", "ar": "24,180", "fr": f"24{NNBSP}180", "de": "24.180", "es": "24.180"}


@pytest.mark.parametrize("locale", fmt.LOCALES)
def test_numbers_use_the_languages_grouping(locale):
    assert fmt.number(24180, locale) == NUMBERS[locale]
    assert fmt.number(None, locale) == "—"


# Short compact patterns, 1000 "other": en "0K", ar "0 ألف" (NBSP), fr "0 k" (NBSP), de "0" (no short form
# for thousands, so the whole number), es "0 mil" (NBSP); 1000000 "other": en "0M", ar "0 مليون", fr "0 M",
# de "0 Mio.", es "0 M". One decimal under a million, two from a million.
COMPACT = {
    "en": ("24.2K", "1.25M"),
    "ar": (f"24.2{NBSP}ألف", f"1.25{NBSP}مليون"),
    "fr": (f"24,2{NBSP}k", f"1,25{NBSP}M"),
    "de": ("24.180", f"1,25{NBSP}Mio."),
    "es": (f"24,2{NBSP}mil", f"1,25{NBSP}M"),
}


@pytest.mark.parametrize("locale", fmt.LOCALES)
def test_compact_numbers_in_every_language(locale):
    assert (fmt.compact(24180, locale), fmt.compact(1_250_000, locale)) == COMPACT[locale]
    assert fmt.compact(8251, locale) == {"en": "8,251", "ar": "8,251", "fr": f"8{NNBSP}251",
                                         "de": "8.251", "es": "8.251"}[locale]
    # es: CLDR sets minimumGroupingDigits 2 (so "8251"), which Babel 2.17 does not apply; the layer follows
    # Babel, and the same grouping shows in money below.


def test_signed_numbers_use_the_languages_plus_sign():
    # plusSign: "+" in en/fr/de/es; ar (latn) "LRM+"; minusSign "-" (ar latn: "LRM-" in CLDR's data is
    # written by Babel as plain "-" for the default pattern's negative prefix).
    assert fmt.signed(1300, "en") == "+1,300" and fmt.signed(-42, "en") == "-42"
    assert fmt.signed(1300, "ar") == f"{LRM}+1,300"
    assert fmt.signed(1300, "de") == "+1.300"


# Percent patterns: en "#,##0%", ar "#,##0%", fr "#,##0 %" (NBSP), de "#,##0 %" (NBSP), es "#,##0 %" (NBSP);
# two decimals: 0.05432 → 5.432 → 5.43 (half-even).
PERCENT = {"en": "5.43%", "ar": "5.43%", "fr": f"5,43{NBSP}%", "de": f"5,43{NBSP}%", "es": f"5,43{NBSP}%"}


@pytest.mark.parametrize("locale", fmt.LOCALES)
def test_percentages(locale):
    assert fmt.percent(Decimal("0.05432"), locale) == PERCENT[locale]
    assert fmt.percent(None, locale) == "—"


# Currency patterns: en "¤#,##0.00"; ar "RLM#,##0.00 ¤" (NBSP); fr/de/es "#,##0.00 ¤" (NBSP).
# Symbols (CLDR): a code written in letters gets a no-break space beside the digits (CLDR currencySpacing).
# en USD "$", EUR "€", GBP "£", JPY "¥", AED/SAR/KWD the code; ar USD "US$", GBP "UK£",
# JPY "JP¥", AED "د.إ.RLM", SAR "ر.س.RLM", KWD "د.ك.RLM"; fr USD "$US", GBP "£GB", JPY/AED/SAR/KWD the code;
# de USD "$", GBP "£", JPY "¥"; es USD "US$", GBP/JPY the code. Minor units (ISO 4217): JPY 0, KWD 3, else 2.
# Amounts: 1234.5 → 1,234.50 / JPY 1,234 (1234.5 half-even → 1234) / KWD 2.0015 → 2.002 (half-even).
MONEY = {
    "en": {"USD": "$1,234.50", "EUR": "€1,234.50", "GBP": "£1,234.50", "JPY": "¥1,234", "AED": f"AED{NBSP}1,234.50",
           "SAR": f"SAR{NBSP}1,234.50", "KWD": f"KWD{NBSP}2.002"},
    "ar": {"USD": f"{RLM}1,234.50{NBSP}US$", "EUR": f"{RLM}1,234.50{NBSP}€", "GBP": f"{RLM}1,234.50{NBSP}UK£",
           "JPY": f"{RLM}1,234{NBSP}JP¥", "AED": f"{RLM}1,234.50{NBSP}د.إ.{RLM}",
           "SAR": f"{RLM}1,234.50{NBSP}ر.س.{RLM}", "KWD": f"{RLM}2.002{NBSP}د.ك.{RLM}"},
    "fr": {"USD": f"1{NNBSP}234,50{NBSP}$US", "EUR": f"1{NNBSP}234,50{NBSP}€", "GBP": f"1{NNBSP}234,50{NBSP}£GB",
           "JPY": f"1{NNBSP}234{NBSP}JPY", "AED": f"1{NNBSP}234,50{NBSP}AED", "SAR": f"1{NNBSP}234,50{NBSP}SAR",
           "KWD": f"2,002{NBSP}KWD"},
    "de": {"USD": f"1.234,50{NBSP}$", "EUR": f"1.234,50{NBSP}€", "GBP": f"1.234,50{NBSP}£",
           "JPY": f"1.234{NBSP}¥", "AED": f"1.234,50{NBSP}AED", "SAR": f"1.234,50{NBSP}SAR",
           "KWD": f"2,002{NBSP}KWD"},
    "es": {"USD": f"1.234,50{NBSP}US$", "EUR": f"1.234,50{NBSP}€", "GBP": f"1.234,50{NBSP}GBP",
           "JPY": f"1.234{NBSP}JPY", "AED": f"1.234,50{NBSP}AED", "SAR": f"1.234,50{NBSP}SAR",
           "KWD": f"2,002{NBSP}KWD"},
}


@pytest.mark.parametrize("locale", fmt.LOCALES)
@pytest.mark.parametrize("currency", ["USD", "EUR", "GBP", "JPY", "AED", "SAR", "KWD"])
def test_money_in_every_language(locale, currency):
    amount = Decimal("2.0015") if currency == "KWD" else Decimal("1234.5")
    assert fmt.money(amount, currency, locale) == MONEY[locale][currency]


@pytest.mark.parametrize("amount, currency, expected", [
    ("1234.5", "USD", "$1,234.50"),
    ("1234.5", "JPY", "¥1,234"),     # 0 minor units, half-even: 1234.5 → 1234
    ("1235.5", "JPY", "¥1,236"),     # half-even: 1235.5 → 1236
    ("2.0005", "KWD", "KWD\u00a02.000"),   # 3 minor units, half-even
    ("2.0015", "KWD", "KWD\u00a02.002"),
    ("99.995", "EUR", "€100.00"),
    ("10", "AED", "AED\u00a010.00"),
    ("1350", "CHF", "CHF\u00a01,350.00"),
    ("1350", "ISK", "ISK\u00a01,350"),     # ISO 4217: 0 minor units
])
def test_money_uses_the_currency_minor_units_exactly(amount, currency, expected):
    assert fmt.money(Decimal(amount), currency) == expected


def test_money_without_amount_or_currency_is_a_dash():
    assert fmt.money(None, "GBP") == "—" and fmt.money("1", None) == "—"


# Dates, skeleton yMMMd: en "MMM d, y"; ar "d MMM y" (Arabic month names); fr "d MMM y" (janv.); de
# "d. MMM y" (Jan.); es "d MMM y" (ene).
DAYS = {"en": "Jan 5, 2026", "ar": "5 يناير 2026", "fr": "5 janv. 2026", "de": "5. Jan. 2026", "es": "5 ene 2026"}
# Skeleton yMMM: en "MMM y"; ar "MMM y"; fr "MMM y"; de "MMM y"; es "MMM y".
MONTHS = {"en": "Jan 2026", "ar": "يناير 2026", "fr": "janv. 2026", "de": "Jan. 2026", "es": "ene 2026"}
# Interval yMMMd, greatest difference M: en "MMM d – MMM d, y"; ar "d MMM – d MMM y"; fr "d MMM – d MMM y";
# de "d. MMM – d. MMM y"; es "d MMM – d MMM y"; en/fr/de/es put THIN spaces around the dash.
RANGES = {"en": f"Jan 5{THIN}–{THIN}Feb 3, 2026", "ar": "5 يناير – 3 فبراير 2026",
          "fr": f"5 janv.{THIN}–{THIN}3 févr. 2026", "de": f"5. Jan.{THIN}–{THIN}3. Feb. 2026",
          "es": f"5 ene{THIN}–{THIN}3 feb 2026"}


@pytest.mark.parametrize("locale", fmt.LOCALES)
def test_days_months_and_ranges(locale):
    assert fmt.day(dt.date(2026, 1, 5), locale) == DAYS[locale]
    assert fmt.day("2026-01-05", locale) == DAYS[locale]
    assert fmt.month("2026-01", locale) == MONTHS[locale]
    assert fmt.month(dt.date(2026, 1, 31), locale) == MONTHS[locale]
    assert fmt.date_range(dt.date(2026, 1, 5), dt.date(2026, 2, 3), locale) == RANGES[locale]
    assert fmt.day(None, locale) == "—"


def test_times_are_shown_in_the_persons_time_zone():
    moment = dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.timezone.utc)
    # en: "{1}, {0}" with date "MMM d, y" and time "h:mm a" (NNBSP before AM); Berlin is UTC+1 until
    # 01:00 UTC that day and has no English short name in CLDR, so the GMT format "GMT+01:00".
    assert fmt.local_datetime(moment, "Europe/Berlin") == f"Mar 29, 2026, 1:30{NNBSP}AM GMT+01:00"
    # de has "MEZ"/"MESZ" as short names; time "HH:mm".
    assert fmt.local_datetime(moment, "Europe/Berlin", "de") == "29. März 2026, 01:30 MEZ"
    assert fmt.local_datetime(moment.replace(hour=1, minute=30), "Europe/Berlin", "de") == \
        "29. März 2026, 03:30 MESZ"
    # New York: en has "EDT"; 00:30 UTC is 20:30 the day before.
    assert fmt.local_datetime(moment, "America/New_York") == f"Mar 28, 2026, 8:30{NNBSP}PM EDT"
    assert fmt.local_datetime("2026-01-01T12:00:00+00:00", "Asia/Dubai", "ar") == \
        "1 يناير 2026، 4:00 م GST"  # ar: "{1}، {0}", time "h:mm a" with م for PM; Gulf short name "GST"
    assert fmt.local_datetime(None, "UTC") == "—"


# Durations: short unit patterns hour/minute: en "{0} hr"/"{0} min"; ar "{0} س"/"{0} د"; fr "{0} h" (NNBSP)
# / "{0} min" (NBSP); de "{0} Std."/"{0} Min."; es "{0} h"/"{0} min". Joined with the unit-narrow list
# pattern "{0} {1}" (ar "{0} و{1}"; de has none, so unit-short "{0}, {1}").
DURATIONS = {"en": "3 hr 30 min", "ar": "3 س و30 د", "fr": f"3{NNBSP}h 30{NBSP}min", "de": "3 Std., 30 Min.",
             "es": "3 h 30 min"}


@pytest.mark.parametrize("locale", fmt.LOCALES)
def test_watch_time_as_hours_and_minutes(locale):
    assert fmt.duration(12_600, locale) == DURATIONS[locale]
    assert fmt.duration(dt.timedelta(hours=3, minutes=30), locale) == DURATIONS[locale]
    assert fmt.duration(3.5, locale, unit="hour") == DURATIONS[locale]
    # es short hour "one" is not written in CLDR, it inherits "other" "{0} h": 1 h, not "1 horas".
    assert fmt.duration(3600, "es") == "1 h"


# List patterns (standard): en "{0}, {1}, and {2}"; ar "{0} و{1} و{2}"; fr "{0}, {1} et {2}";
# de "{0}, {1} und {2}"; es "{0}, {1} y {2}".
LISTS = {"en": "a, b, and c", "ar": "a وb وc", "fr": "a, b et c", "de": "a, b und c", "es": "a, b y c"}
TERRITORIES = {"en": "United Kingdom", "ar": "المملكة المتحدة", "fr": "Royaume-Uni",
               "de": "Vereinigtes Königreich", "es": "Reino Unido"}


@pytest.mark.parametrize("locale", fmt.LOCALES)
def test_lists_and_country_names(locale):
    assert fmt.list_of(["a", "b", "c"], locale) == LISTS[locale]
    assert fmt.territory("GB", locale) == TERRITORIES[locale]
    assert fmt.territory(None, locale) == "—"


def test_exchange_rates_keep_every_stored_digit():
    assert fmt.fx_rate("0.77000", "USD", "GBP") == "1 USD = 0.77 GBP"
    assert fmt.fx_rate("0.853412", "USD", "EUR", "fr") == "1 USD = 0,853412 EUR"
    assert fmt.fx_rate("1234.5", "EUR", "JPY", "de") == "1 EUR = 1.234,5 JPY"
