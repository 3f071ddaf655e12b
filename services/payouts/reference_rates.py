"""Reference rates for statutory late interest from the central banks' own files, as the operator downloads them:

- ECB main refinancing operations rate, SDMX-CSV from the ECB Data Portal (series FM.B.U2.EUR.4F.KR.MRR_FR.LEV, or
  the daily FM.D.… one; `format=csvdata`): columns KEY, FREQ, REF_AREA, CURRENCY, PROVIDER_FM, INSTRUMENT_FM,
  PROVIDER_FM_ID, DATA_TYPE_FM, TIME_PERIOD (YYYY-MM-DD), OBS_VALUE (percent), then attributes.
- Bank of England Bank Rate: the "Bank Rate history" table saved as CSV (columns "Date Changed", "Rate"; dates like
  "07 Aug 25"), or the Bank's statistical database CSV for series IUDBEDR (columns DATE, IUDBEDR; dates like
  "07 Aug 2025", one row a day).

A file is parsed in full before anything is stored: the first bad row is named with its line and column, and then
nothing is written. Daily series are reduced to the days the rate changed. The rates go into
public.reference_rates (app.import_reference_rates, one transaction) on the operator's privileged connection; late
interest (services/payouts/tax.py) then uses them beside the rules file's."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import psycopg

from services.core.errors import ValidationError

MAX_FILE_BYTES = 5 * 1024 * 1024
ECB_SERIES = "MRR_FR"  # PROVIDER_FM_ID of the main refinancing operations fixed rate
SOURCES = {
    "ecb_mro": "European Central Bank, main refinancing operations rate (ECB Data Portal, series "
               "FM.{freq}.U2.EUR.4F.KR.MRR_FR.LEV)",
    "boe_base": "Bank of England, Bank Rate ({layout})",
}


@dataclass(frozen=True)
class ReferenceRate:
    name: str          # ecb_mro | boe_base (the keys of tax_rules.json "reference_rates")
    effective: dt.date
    rate: Decimal      # percent a year


@dataclass(frozen=True)
class ParsedFile:
    name: str
    source: str
    rates: tuple[ReferenceRate, ...]


@dataclass(frozen=True)
class Preview:
    parsed: ParsedFile
    added: tuple[ReferenceRate, ...]
    changed: tuple[tuple[ReferenceRate, Decimal], ...]  # the new rate and the one stored now
    unchanged: int


def parse(data: bytes | str, *, file_name: str = "file") -> ParsedFile:
    """The rates in an ECB or Bank of England file, or ValidationError naming the line and column of the first
    problem."""
    rows = _rows(data, file_name)
    header = [h.strip().strip('"') for h in rows[0]]
    upper = [h.upper() for h in header]
    if "TIME_PERIOD" in upper and "OBS_VALUE" in upper:
        return _ecb(header, rows[1:], file_name)
    if upper[:2] == ["DATE CHANGED", "RATE"]:
        return _boe(rows[1:], file_name, ("%d %b %y", "%d %b %Y"), 'the "Bank Rate history" table')
    if upper[:2] == ["DATE", "IUDBEDR"]:
        return _boe(rows[1:], file_name, ("%d %b %Y", "%d %b %y"), "statistical database series IUDBEDR")
    raise ValidationError('{file_name} is not an ECB main refinancing rate file (SDMX-CSV with TIME_PERIOD and '
                          'OBS_VALUE) nor a Bank of England Bank Rate file ("Date Changed", "Rate" or "DATE", '
                          '"IUDBEDR"): its first line is "{value}".', file_name=file_name, value=",".join(header)[:80])


def _rows(data: bytes | str, file_name: str) -> list[list[str]]:
    if isinstance(data, bytes):
        if len(data) > MAX_FILE_BYTES:
            raise ValidationError("{file_name} is larger than 5 MB: that is not a reference-rate file.",
                                  file_name=file_name)
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError("{file_name} is not UTF-8 text.", file_name=file_name) from None
    rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(data.lstrip("\ufeff")))]
    rows = [row for row in rows if any(row)]
    if len(rows) < 2:
        raise ValidationError("{file_name} holds no rates.", file_name=file_name)
    return rows


def _day(cell: str, patterns: tuple[str, ...], file_name: str, line: int, column: str) -> dt.date:
    for pattern in patterns:
        try:
            return dt.datetime.strptime(cell, pattern).date()
        except ValueError:
            continue
    raise ValidationError('{file_name}, line {line}, column "{column}": "{cell}" is not a date.',
                          file_name=file_name, line=line, column=column, cell=cell)


def _percent(cell: str, file_name: str, line: int, column: str) -> Decimal:
    try:
        value = Decimal(cell)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not Decimal(-10) < value < Decimal(100) or \
            value.as_tuple().exponent < -4:
        raise ValidationError('{file_name}, line {line}, column "{column}": "{cell}" is not a rate in percent '
                              '(between -10 and 100, at most 4 decimals).',
                              file_name=file_name, line=line, column=column, cell=cell)
    return value


def _changes(name: str, points: list[tuple[dt.date, Decimal]], file_name: str) -> tuple[ReferenceRate, ...]:
    """The days the rate changed (a daily series repeats the rate in force), oldest first."""
    out: list[ReferenceRate] = []
    seen: dict[dt.date, Decimal] = {}
    for day, rate in sorted(points):
        if day in seen and seen[day] != rate:
            raise ValidationError("{file_name} gives two different rates for {day}.", file_name=file_name,
                                  day=day.isoformat())
        seen[day] = rate
        if not out or out[-1].rate != rate:
            out.append(ReferenceRate(name, day, rate))
    return tuple(out)


def _ecb(header: list[str], rows: list[list[str]], file_name: str) -> ParsedFile:
    col = {h.upper(): i for i, h in enumerate(header)}
    points, freqs = [], set()
    for line, row in enumerate(rows, start=2):
        def cell(name: str) -> str:
            i = col.get(name)
            return row[i] if i is not None and i < len(row) else ""
        key = cell("KEY")
        series = cell("PROVIDER_FM_ID") or (key.split(".")[-2] if key.count(".") >= 2 else "")
        if series != ECB_SERIES or cell("DATA_TYPE_FM") not in ("", "LEV"):
            continue  # another series of the same download (deposit facility, marginal lending)
        value = cell("OBS_VALUE")
        if value in ("", "NaN"):
            continue
        freqs.add(cell("FREQ") or "B")
        day = _day(cell("TIME_PERIOD"), ("%Y-%m-%d",), file_name, line, "TIME_PERIOD")
        points.append((day, _percent(value, file_name, line, "OBS_VALUE")))
    if not points:
        raise ValidationError("{file_name} holds no main refinancing operations rate (series {series}).",
                              file_name=file_name, series=f"FM.B.U2.EUR.4F.KR.{ECB_SERIES}.LEV")
    source = SOURCES["ecb_mro"].format(freq="/".join(sorted(freqs)))
    return ParsedFile("ecb_mro", f"{source}; file {file_name}", _changes("ecb_mro", points, file_name))


def _boe(rows: list[list[str]], file_name: str, patterns: tuple[str, ...], layout: str) -> ParsedFile:
    points = []
    columns = ("Date Changed", "Rate") if "history" in layout else ("DATE", "IUDBEDR")
    for line, row in enumerate(rows, start=2):
        if len(row) < 2 or not row[1]:
            raise ValidationError('{file_name}, line {line}, column "{column}": the rate is missing.',
                                  file_name=file_name, line=line, column=columns[1])
        points.append((_day(row[0], patterns, file_name, line, columns[0]),
                       _percent(row[1], file_name, line, columns[1])))
    source = SOURCES["boe_base"].format(layout=layout)
    return ParsedFile("boe_base", f"{source}; file {file_name}", _changes("boe_base", points, file_name))


def by_hand(name: str, day: str, rate: str, source: str) -> ParsedFile:
    """One rate typed by the operator (e.g. the Bundesbank's Basiszinssatz, which comes in no file here)."""
    from services.payouts import tax

    if name not in tax.rules()["reference_rates"]:
        raise ValidationError('"{name}" is not a reference rate the portal knows: use one of {items}.', name=name,
                              items=", ".join(sorted(tax.rules()["reference_rates"])))
    if not (source or "").strip():
        raise ValidationError("Say where the rate comes from (--source), e.g. the central bank's announcement.")
    parsed_day = _day(day.strip(), ("%Y-%m-%d",), "the command line", 1, "day")
    value = _percent(rate.strip(), "the command line", 1, "rate")
    return ParsedFile(name, source.strip()[:300], (ReferenceRate(name, parsed_day, value),))


# -- storing (the operator's privileged connection) ------------------------------------------------------------

def stored(conn: psycopg.Connection, name: str) -> dict[dt.date, Decimal]:
    return {r[0]: r[1] for r in conn.execute(
        "select effective, rate from public.reference_rates where name = %s", (name,)).fetchall()}


def preview(conn: psycopg.Connection, parsed: ParsedFile) -> Preview:
    """What storing the file would do: new days, days whose rate would change, days already stored as they are."""
    now = stored(conn, parsed.name)
    added = tuple(r for r in parsed.rates if r.effective not in now)
    changed = tuple((r, now[r.effective]) for r in parsed.rates
                    if r.effective in now and now[r.effective] != r.rate)
    return Preview(parsed, added, changed, len(parsed.rates) - len(added) - len(changed))


def store(conn: psycopg.Connection, parsed: ParsedFile) -> tuple[int, int, int]:
    """Stores every rate of the file in one transaction (added, changed, unchanged)."""
    payload = [{"name": r.name, "effective": r.effective.isoformat(), "rate": format(r.rate, "f")}
               for r in parsed.rates]
    with conn.transaction():
        row = conn.execute("select * from app.import_reference_rates(%s::jsonb, %s)",
                           (json.dumps(payload), parsed.source)).fetchone()
    return int(row[0]), int(row[1]), int(row[2])
