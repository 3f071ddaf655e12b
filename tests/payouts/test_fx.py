"""Exchange rates: the ECB reference-rate files (daily, historical, zipped, SDMX-CSV) parsed exactly, imported all
or nothing, and conversions into the home currency that are exact to the target currency's minor units, with
the rate used, its date and its source. The fixtures in tests/payouts/fixtures/ecb are shaped like the ECB's files
(their figures are illustrative, see the README there)."""
from __future__ import annotations

import datetime as dt
import io
import uuid
import zipfile
from decimal import ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path

import pytest

from services.payouts import fx
from services.core import money
from services.core.db.gateway import Person
from services.core.db.postgres import PostgresGateway
from services.core.errors import ValidationError

FIXTURES = Path(__file__).parent / "fixtures" / "ecb"
DAILY = (FIXTURES / "eurofxref.csv").read_bytes()
HIST = (FIXTURES / "eurofxref-hist.csv").read_bytes()
NOV27 = dt.date(2026, 11, 27)


def zipped(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # a fixed timestamp, so the bytes (and the test ids built from them) do not change with the clock
        archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 11, 27, 16, 0, 0)), data)
    return buffer.getvalue()


def exact(amount: str, num: str, den: str, places: int) -> Decimal:
    """The reference: amount × num ÷ den with 60 significant digits, rounded once half away from zero."""
    with localcontext() as ctx:
        ctx.prec = 60
        value = Decimal(amount) * Decimal(num) / Decimal(den)
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# -- parsing ------------------------------------------------------------------------------------------------------

def test_the_daily_file_is_read_with_its_spaces_trailing_comma_and_spelled_out_date():
    rates = fx.parse_ecb_csv(DAILY, file_name="eurofxref.csv")
    assert len(rates) == 30 and {r.day for r in rates} == {NOV27}
    by_code = {r.currency: r.rate for r in rates}
    assert by_code["USD"] == Decimal("1.1581") and by_code["GBP"] == Decimal("0.87590")
    assert by_code["JPY"] == Decimal("181.01") and by_code["IDR"] == Decimal("19310.45")
    assert str(by_code["GBP"]) == "0.87590", "kept exactly as written, never through a float"


def test_the_historical_file_skips_na_and_keeps_every_day():
    rates = fx.parse_ecb_csv(HIST, file_name="eurofxref-hist.csv")
    days = {r.day for r in rates}
    assert days == {NOV27, dt.date(2026, 11, 26), dt.date(2026, 11, 25), dt.date(2008, 1, 2)}
    assert not [r for r in rates if r.day == dt.date(2026, 11, 25) and r.currency == "JPY"], "N/A is skipped"
    assert {r.currency for r in rates if r.day == dt.date(2008, 1, 2)} >= {"CYP", "EEK", "SKK", "RUB"}
    assert next(r.rate for r in rates if r.day == dt.date(2008, 1, 2) and r.currency == "CYP") == Decimal("0.58527")


def test_zipped_files_read_the_same_as_their_csv():
    assert fx.parse_ecb_csv(zipped("eurofxref.csv", DAILY)) == fx.parse_ecb_csv(DAILY)
    assert fx.parse_ecb_csv(zipped("eurofxref-hist.csv", HIST)) == fx.parse_ecb_csv(HIST)


def test_the_ecb_data_portal_sdmx_csv_is_read_too():
    text = ("KEY,FREQ,CURRENCY,CURRENCY_DENOM,EXR_TYPE,EXR_SUFFIX,TIME_PERIOD,OBS_VALUE,OBS_STATUS\n"
            "EXR.D.USD.EUR.SP00.A,D,USD,EUR,SP00,A,2026-11-26,1.1566,A\n"
            "EXR.D.USD.EUR.SP00.A,D,USD,EUR,SP00,A,2026-11-27,1.1581,A\n"
            "EXR.M.USD.EUR.SP00.A,M,USD,EUR,SP00,A,2026-10,1.1500,A\n")
    assert fx.parse_ecb_csv(text) == [fx.EcbRate(dt.date(2026, 11, 26), "USD", Decimal("1.1566")),
                                      fx.EcbRate(NOV27, "USD", Decimal("1.1581"))]


@pytest.mark.parametrize("content, message", [
    (b"", "rates.csv is empty."),
    (b"Day,USD\n2026-11-27,1.1\n", 'its first column should be "Date"'),
    (b"Date,USD,US\n2026-11-27,1.1,2\n", 'line 1, column 3: "US" is not a currency code'),
    (b"Date,USD\n27/11/2026,1.1\n", 'line 2: "27/11/2026" is not a date'),
    (b"Date,USD\n2026-11-27,1,1581\n", "line 2: more values than currencies"),
    (b"Date,USD\n2026-11-27,abc\n", 'line 2, USD: "abc" is not a rate'),
    (b"Date,USD\n2026-11-27,-1.2\n", 'line 2, USD: "-1.2" is not a positive rate'),
    (b"Date,USD\n2026-11-27,N/A\n", "holds no rates"),
    (zipped("a.csv", DAILY)[:40], "is not a valid ZIP file"),
    (b"\xff\xfe\x00D", "is not UTF-8 text"),
])
def test_a_malformed_file_is_refused_with_its_line_and_column(content, message):
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        fx.parse_ecb_csv(content, file_name="rates.csv")


def test_a_zip_with_two_csv_files_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.csv", DAILY)
        archive.writestr("b.csv", DAILY)
    with pytest.raises(ValidationError, match="exactly one CSV file"):
        fx.parse_ecb_csv(buffer.getvalue(), file_name="two.zip")


# -- storing and converting (both gateways) ------------------------------------------------------------------------

@pytest.fixture
def creator(pool, gateway_for):
    person = Person(id=str(uuid.uuid4()), email="fx@example.com")
    PostgresGateway(pool, person).rpc("ensure_profile", {"p_display_name": "Fx Creator", "p_email": person.email})
    return gateway_for(person)


def test_importing_the_historical_file_stores_known_currencies_once_and_skips_the_rest(creator):
    result = fx.import_ecb(creator, zipped("eurofxref-hist.csv", HIST), file_name="eurofxref-hist.zip")
    parsed = fx.parse_ecb_csv(HIST)
    obsolete = {"CYP", "EEK", "LTL", "LVL", "MTL", "SIT", "SKK", "HRK", "RUB"}
    assert result.skipped == len([r for r in parsed if r.currency in obsolete])
    assert result.imported == len(parsed) - result.skipped and result.unchanged == 0
    assert (result.first_date, result.last_date) == (dt.date(2008, 1, 2), NOV27)
    again = fx.import_ecb(creator, HIST, file_name="eurofxref-hist.csv")
    assert (again.imported, again.unchanged, again.skipped) == (0, result.imported, result.skipped)
    stored = fx.list_rates(creator, limit=1000)
    assert len(stored) == result.imported and {r.source for r in stored} == {"ecb"} and {r.base for r in stored} == {"EUR"}


def test_an_import_with_one_bad_rate_writes_nothing(creator):
    with pytest.raises(ValidationError, match='Rate 2: "1,2" on "2026-11-27" is not a positive rate'):
        creator.rpc("import_fx_rates", {"p_rates": [{"date": "2026-11-27", "currency": "USD", "rate": "1.1581"},
                                                    {"date": "2026-11-27", "currency": "GBP", "rate": "1,2"}]})
    assert fx.list_rates(creator) == []


def test_conversions_are_exact_to_the_minor_units_of_the_target_currency(creator):
    fx.import_ecb(creator, HIST)
    fx.save_rate(creator, "USD", "GBP", "0.7712", dt.date(2026, 11, 20), "my bank")
    fx.save_rate(creator, "EUR", "KWD", "0.3345", dt.date(2026, 11, 20))

    direct = fx.convert(creator, Decimal("100.00"), "USD", "GBP", dt.date(2026, 11, 20))
    assert (direct.amount, direct.rate, direct.rate_date, direct.source, direct.via) == (
        Decimal("77.12"), Decimal("0.771200"), dt.date(2026, 11, 20), "manual", "direct")

    inverse = fx.convert(creator, Decimal("100.00"), "GBP", "USD", dt.date(2026, 11, 21))
    assert (inverse.amount, inverse.via, inverse.source) == (exact("100.00", "1", "0.7712", 2), "inverse", "manual")
    assert inverse.amount == Decimal("129.67")

    # On the 27th the ECB's rates are newer than the hand-entered one: a cross rate through EUR.
    cross = fx.convert(creator, Decimal("1000.00"), "USD", "GBP", NOV27)
    assert (cross.amount, cross.rate_date, cross.source, cross.via) == (
        exact("1000.00", "0.87590", "1.1581", 2), NOV27, "ecb", "EUR")
    assert cross.amount == Decimal("756.33")

    yen = fx.convert(creator, Decimal("12.34"), "USD", "JPY", NOV27)
    assert yen.amount == exact("12.34", "181.01", "1.1581", 0) == Decimal("1929")

    dinar = fx.convert(creator, Decimal("1.00"), "EUR", "KWD", NOV27)
    assert dinar.amount == Decimal("0.335"), "0.3345 rounds half away from zero at 3 places"

    to_euro = fx.convert(creator, Decimal("5000"), "JPY", "EUR", dt.date(2026, 11, 26))
    assert (to_euro.amount, to_euro.via, to_euro.rate_date) == (exact("5000", "1", "180.62", 2), "inverse",
                                                                dt.date(2026, 11, 26))

    same = fx.convert(creator, Decimal("10.50"), "EUR", "EUR", NOV27)
    assert (same.amount, same.source) == (Decimal("10.50"), "same currency")


def test_the_latest_rate_on_or_before_the_day_is_used_and_a_day_without_a_rate_converts_nothing(creator):
    fx.import_ecb(creator, HIST)
    # No JPY on the 25th: the latest day on or before it quoting both legs is 2 January 2008.
    old = fx.convert(creator, Decimal("100.00"), "USD", "JPY", dt.date(2026, 11, 25))
    assert old.rate_date == dt.date(2008, 1, 2) and old.amount == exact("100.00", "164.44", "1.4759", 0)
    assert fx.convert(creator, Decimal("100.00"), "USD", "GBP", dt.date(2007, 12, 31)) is None
    # The ECB does not quote AED, but the dirham is pegged at 3.6725 per USD (tax_rules.json "pegs"): 100 AED =
    # 100 / 3.6725 USD, × 0.87590 / 1.1581 (ECB GBP and USD per EUR on 27 Nov) = 20.5943 → 20.59 GBP
    pegged = fx.convert(creator, Decimal("100.00"), "AED", "GBP", NOV27)
    assert (pegged.amount, pegged.via, pegged.source, pegged.rate_date) == (Decimal("20.59"), "USD peg", "peg + ecb",
                                                                            NOV27)
    assert fx.convert(creator, Decimal("100.00"), "AED", "GBP", dt.date(2007, 12, 31)) is None, \
        "no ECB rate for the dollar leg that day"
    fx.save_rate(creator, "EUR", "GBP", "0.9", NOV27, "hand-entered beats the ECB on the same day")
    mine = fx.convert(creator, Decimal("10.00"), "EUR", "GBP", NOV27)
    assert (mine.amount, mine.source) == (Decimal("9.00"), "manual")


def test_rates_are_per_creator(creator, pool):
    fx.save_rate(creator, "USD", "EUR", "0.9", dt.date(2026, 11, 1))
    stranger = PostgresGateway(pool, Person(id=str(uuid.uuid4())))
    assert fx.convert(stranger, Decimal("1.00"), "USD", "EUR", dt.date(2026, 11, 2)) is None


@pytest.mark.parametrize("base, quote, rate, message", [
    ("USD", "USD", "1", "two different currencies"),
    ("USD", "XYZ", "1", 'Unknown currency "XYZ"'),
    ("USD", "EUR", "-0.9", "positive number"),
    ("USD", "EUR", "zero", 'The rate "zero" is not a number'),
    ("USD", "EUR", "0,86", "write decimals with a point"),
    ("USD", "EUR", "0.12345678901", "at most 10 decimal places"),
])
def test_a_bad_hand_entered_rate_is_refused(creator, base, quote, rate, message):
    with pytest.raises(ValidationError, match=message):
        fx.save_rate(creator, base, quote, rate, dt.date(2026, 11, 1))
    assert fx.list_rates(creator) == []


# -- the money helpers --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, currency, places, expected", [
    ("1,250.50", "USD", 2, Decimal("1250.50")), ("1500", "JPY", 0, Decimal("1500")),
    ("2.5", "KWD", 3, Decimal("2.500")), ("0.001", "BHD", 3, Decimal("0.001")), (Decimal("7.10"), "EUR", 2, Decimal("7.10")),
])
def test_amounts_are_parsed_exactly(text, currency, places, expected):
    value = money.parse_amount(text, currency, places)
    assert value == expected and str(value) == str(expected)


@pytest.mark.parametrize("text", ["1,5", "12,50", "1.250,50", "1,2345.00"])
def test_a_decimal_comma_is_refused_rather_than_read_as_a_thousands_separator(text):
    with pytest.raises(ValidationError, match="write decimals with a point"):
        money.parse_amount(text, "EUR", 2)


def test_floats_never_enter_the_money_path():
    with pytest.raises(ValidationError, match="not a float"):
        money.parse_amount(0.1, "USD", 2)
    with pytest.raises(ValidationError, match="not a float"):
        money.to_decimal(0.1)
    with pytest.raises(ValidationError, match="not a float"):
        fx.save_rate(None, "USD", "EUR", 0.9, dt.date(2026, 1, 1))


def test_splitting_an_amount_keeps_every_minor_unit():
    assert money.split_evenly(Decimal("212.50"), 3, 2) == [Decimal("70.84"), Decimal("70.83"), Decimal("70.83")]
    assert money.split_evenly(Decimal("100"), 7, 0) == [Decimal(15), Decimal(15)] + [Decimal(14)] * 5
    assert sum(money.split_evenly(Decimal("10.001"), 4, 3)) == Decimal("10.001")
    assert money.plain(Decimal("1234.5"), "KWD", 3) == "1,234.500 KWD"


def test_the_databases_pegs_are_the_rules_files_pegs(admin_conn):
    """SQL converts through public.currency_pegs, Python through tax_rules.json "pegs": the same figures."""
    rows = admin_conn.execute("select currency, anchor, rate, since, source from public.currency_pegs").fetchall()
    in_sql = {r["currency"]: tuple(r.values()) for r in rows}
    assert in_sql == {p.currency: (p.currency, p.anchor, p.rate, p.since, p.source) for p in fx.pegs().values()}


def test_pegged_to_pegged_and_to_the_anchor_need_no_rate_of_ones_own(creator):
    # 1 USD = 3.6725 AED = 3.75 SAR (the pegs): 100.00 SAR = 100 × 3.6725 / 3.75 = 97.9333… → 97.93 AED;
    # 100.00 USD = 375.00 SAR
    aed = fx.convert(creator, Decimal("100.00"), "SAR", "AED", NOV27)
    assert (aed.amount, aed.source, aed.via, aed.rate_date) == (Decimal("97.93"), "peg", "USD peg",
                                                               dt.date(1997, 11, 1))
    sar = fx.convert(creator, Decimal("100.00"), "USD", "SAR", NOV27)
    assert (sar.amount, sar.rate, sar.source) == (Decimal("375.00"), Decimal("3.75"), "peg")
