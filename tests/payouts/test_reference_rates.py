"""Reference rates from the central banks' files (tests/payouts/fixtures/reference_rates, shaped from the banks'
documented layouts): parsed exactly, a bad row named with its line and column, stored all or nothing with a preview,
and used by the statutory late interest beside the rules file's rates."""
from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from services.core.db.gateway import Person
from services.core.errors import ValidationError
from services.payouts import reference_rates as refs
from services.payouts import tax

FIXTURES = Path(__file__).parent / "fixtures" / "reference_rates"
ECB = (FIXTURES / "ecb_mro_sdmx.csv").read_bytes()
BOE_HISTORY = (FIXTURES / "boe_bank_rate_history.csv").read_bytes()
BOE_DAILY = (FIXTURES / "boe_iudbedr.csv").read_bytes()
D = dt.date


def pairs(parsed: refs.ParsedFile) -> list[tuple[dt.date, str]]:
    return [(r.effective, str(r.rate)) for r in parsed.rates]


def test_the_ecb_file_gives_the_main_refinancing_rate_changes_and_skips_the_deposit_facility():
    parsed = refs.parse(ECB, file_name="ecb_mro_sdmx.csv")
    assert parsed.name == "ecb_mro"
    assert pairs(parsed) == [(D(2024, 6, 12), "4.25"), (D(2024, 9, 18), "3.65"), (D(2024, 10, 23), "3.40"),
                             (D(2024, 12, 18), "3.15"), (D(2025, 2, 5), "2.90"), (D(2025, 3, 12), "2.65"),
                             (D(2025, 4, 23), "2.40"), (D(2025, 6, 11), "2.15"), (D(2026, 12, 16), "2.40")]
    assert "FM.B.U2.EUR.4F.KR.MRR_FR.LEV" in parsed.source and "ecb_mro_sdmx.csv" in parsed.source


def test_the_bank_of_england_history_table_is_read_oldest_first():
    parsed = refs.parse(BOE_HISTORY, file_name="boe_bank_rate_history.csv")
    assert parsed.name == "boe_base"
    assert pairs(parsed) == [(D(2024, 8, 1), "5.00"), (D(2024, 11, 7), "4.75"), (D(2025, 2, 6), "4.50"),
                             (D(2025, 5, 8), "4.25"), (D(2025, 8, 7), "4.00"), (D(2026, 12, 18), "3.50")]


def test_the_daily_iudbedr_series_keeps_its_first_day_and_the_days_the_rate_changed():
    assert pairs(refs.parse(BOE_DAILY, file_name="boe_iudbedr.csv")) == [(D(2026, 12, 14), "4.00"),
                                                                          (D(2026, 12, 18), "3.50")]


@pytest.mark.parametrize("content, message", [
    (ECB.decode().replace("2025-02-05,2.90", "2025-02-05,2;90"),
     'x.csv, line 6, column "OBS_VALUE": "2;90" is not a rate in percent'),
    (ECB.decode().replace("2024-10-23,3.40", "23/10/2024,3.40"), 'x.csv, line 4, column "TIME_PERIOD": "23/10/2024"'),
    ("Date Changed,Rate\n07 Aug 25,4.00\n31 Feb 25,4.50\n", 'x.csv, line 3, column "Date Changed": "31 Feb 25"'),
    ("Date Changed,Rate\n07 Aug 25,\n", 'x.csv, line 2, column "Rate": the rate is missing'),
    ("DATE,IUDBEDR\n18 Dec 2026,350\n", 'x.csv, line 2, column "IUDBEDR": "350" is not a rate in percent'),
    ("Date,USD,JPY\n2026-11-27,1.1581,181.01\n", "is not an ECB main refinancing rate file"),
    ("Date Changed,Rate\n", "x.csv holds no rates"),
    ("Date Changed,Rate\n07 Aug 25,4.00\n07 Aug 25,4.25\n", "x.csv gives two different rates for 2025-08-07"),
])
def test_a_bad_row_is_named_by_line_and_column(content, message):
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        refs.parse(content.encode(), file_name="x.csv")


@pytest.fixture
def conn(admin_url):
    with psycopg.connect(admin_url, autocommit=True) as c:
        c.execute("delete from public.reference_rates")
        yield c
        c.execute("delete from public.reference_rates")


def test_storing_previews_first_then_writes_every_rate_once(conn):
    parsed = refs.parse(BOE_HISTORY, file_name="boe_bank_rate_history.csv")
    plan = refs.preview(conn, parsed)
    assert (len(plan.added), len(plan.changed), plan.unchanged) == (6, 0, 0)
    assert refs.stored(conn, "boe_base") == {}, "a preview writes nothing"
    assert refs.store(conn, parsed) == (6, 0, 0)
    assert refs.stored(conn, "boe_base")[D(2026, 12, 18)] == Decimal("3.50")
    corrected = refs.parse(BOE_HISTORY.decode().replace("18 Dec 26,3.50", "18 Dec 26,3.25").encode(),
                           file_name="corrected.csv")
    plan = refs.preview(conn, corrected)
    assert ([r.effective for r in plan.added], [(r.rate, old) for r, old in plan.changed], plan.unchanged) == (
        [], [(Decimal("3.25"), Decimal("3.50"))], 5)
    assert refs.store(conn, corrected) == (0, 1, 5)
    source = conn.execute("select source from public.reference_rates where effective = '2026-12-18'").fetchone()[0]
    assert "corrected.csv" in source


def test_one_bad_row_stores_nothing_even_past_the_parser(conn):
    rows = [{"name": "boe_base", "effective": "2026-12-18", "rate": "3.50"},
            {"name": "boe_base", "effective": "2026-12-19", "rate": "3,50"}]
    with pytest.raises(psycopg.errors.InvalidParameterValue, match="reference rate 2"):
        with conn.transaction():
            conn.execute("select * from app.import_reference_rates(%s::jsonb, 'test')", (json.dumps(rows),))
    with pytest.raises(psycopg.errors.CheckViolation):
        with conn.transaction():
            conn.execute("select * from app.import_reference_rates(%s::jsonb, 'test')",
                         (json.dumps([{"name": "fed_funds", "effective": "2026-12-18", "rate": "4"}]),))
    assert refs.stored(conn, "boe_base") == {}


def test_the_late_interest_uses_an_imported_bank_rate():
    # A UK invoice of 1,000.00 GBP due 31 Dec 2026, 30 days late on 30 Jan 2027. The rate for January-June 2027
    # is Bank Rate on 31 December 2026 plus 8 points (SI 2002/1675). The rules file knows 4.00 % (from 7 Aug 2025):
    # 1000 × 12 % × 30 / 365 = 9.8630… → 9.86. With the imported change to 3.50 % on 18 Dec 2026:
    # 1000 × 11.5 % × 30 / 365 = 9.4520… → 9.45.
    parsed = refs.parse(BOE_HISTORY, file_name="boe_bank_rate_history.csv")
    stored = {parsed.name: [(r.effective, r.rate) for r in parsed.rates]}
    before = tax.statutory_interest("GB", Decimal("1000.00"), "GBP", 2, D(2026, 12, 31), D(2027, 1, 30))
    after = tax.statutory_interest("GB", Decimal("1000.00"), "GBP", 2, D(2026, 12, 31), D(2027, 1, 30), stored)
    assert (before.days, before.interest, before.periods[0].reference_date) == (30, Decimal("9.86"), D(2025, 8, 7))
    assert (after.days, after.interest, after.periods[0].reference_rate, after.periods[0].reference_date) == (
        30, Decimal("9.45"), Decimal("3.50"), D(2026, 12, 18))


def test_a_rate_by_hand_is_checked_like_a_files_row():
    parsed = refs.by_hand("de_basiszins", "2026-07-01", "1.27", "Deutsche Bundesbank, Basiszinssatz 1 July 2026")
    assert (parsed.name, pairs(parsed), parsed.source) == (
        "de_basiszins", [(D(2026, 7, 1), "1.27")], "Deutsche Bundesbank, Basiszinssatz 1 July 2026")
    with pytest.raises(ValidationError, match='"fed_funds" is not a reference rate the portal knows: use one of '
                                              "boe_base, de_basiszins, ecb_mro"):
        refs.by_hand("fed_funds", "2026-07-01", "4", "x")
    with pytest.raises(ValidationError, match='column "rate": "1,27" is not a rate in percent'):
        refs.by_hand("de_basiszins", "2026-07-01", "1,27", "x")
    with pytest.raises(ValidationError, match="Say where the rate comes from"):
        refs.by_hand("de_basiszins", "2026-07-01", "1.27", " ")


def test_a_signed_in_person_reads_the_stored_rates_for_the_late_interest(conn, gateway_for):
    refs.store(conn, refs.parse(BOE_DAILY, file_name="boe_iudbedr.csv"))
    person = Person(id=str(uuid.uuid4()), email="rates@example.com")
    stored = tax.stored_reference_rates(gateway_for(person))
    assert sorted(stored["boe_base"]) == [(D(2026, 12, 14), Decimal("4.00")), (D(2026, 12, 18), Decimal("3.50"))]
