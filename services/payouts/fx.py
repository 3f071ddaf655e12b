"""Exchange rates: entered by hand or imported from the European Central Bank's euro foreign exchange
reference rates, and conversions into the creator's home currency with the rate used, its date and source.

The ECB publishes its reference rates as CSV (https://www.ecb.europa.eu/stats/policy_and_exchange_rates/
euro_reference_exchange_rates/html/index.en.html): `eurofxref.csv` (the latest day, inside eurofxref.zip)
and `eurofxref-hist.csv` (every day since 1999, inside eurofxref-hist.zip). Both have a header row
`Date, USD, JPY, …` (the daily file with a space after each comma, both with a trailing comma) and one row per
day of "1 EUR = x units of the currency": dates as `27 November 2025` in the daily file and `2025-11-27` in
the historical one, `N/A` where a currency was not quoted that day. The ECB Data Portal's SDMX-CSV export
(columns KEY, FREQ, CURRENCY, CURRENCY_DENOM, EXR_TYPE, EXR_SUFFIX, TIME_PERIOD, OBS_VALUE, …) is read too.

The portal never downloads anything: a person downloads the file and uploads it. Conversions run in SQL
(app.fx_convert): the latest rate on or before the day, a hand-entered rate before an ECB one, then direct,
inverse, or across EUR; amount × rate rounded once to the target currency's minor units."""
from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from services.core.db.gateway import Gateway, eq
from services.core.errors import ValidationError
from services.core.money import to_decimal
from services.core.values import as_date
from services.core.messages import N_

SOURCES = ("manual", "ecb")
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class EcbRate:
    day: dt.date
    currency: str
    rate: Decimal  # 1 EUR = rate units of currency


@dataclass(frozen=True)
class Rate:
    id: int
    base: str
    quote: str
    rate: Decimal
    rate_date: dt.date
    source: str
    note: str | None


@dataclass(frozen=True)
class Conversion:
    amount: Decimal       # in the target currency, at its minor units
    rate: Decimal         # 1 unit of the source currency = rate units of the target (6 decimals, for display)
    rate_date: dt.date
    source: str           # manual | ecb | same currency
    via: str              # same | direct | inverse | EUR (a cross rate through the euro)


@dataclass(frozen=True)
class ImportResult:
    imported: int
    unchanged: int
    skipped: int
    first_date: dt.date | None
    last_date: dt.date | None


# -- the ECB file -----------------------------------------------------------------------------------------

def parse_ecb_csv(data: bytes | str, *, file_name: str = "file") -> list[EcbRate]:
    """Every rate in an ECB reference-rate file (daily or historical CSV, either zipped, or SDMX-CSV from the
    ECB Data Portal). Raises ValidationError naming the line and column of the first problem."""
    text = _text(data, file_name)
    rows = list(csv.reader(io.StringIO(text)))
    rows = [[cell.strip() for cell in row] for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise ValidationError("{file_name} is empty.", file_name=file_name)
    header = rows[0]
    if "TIME_PERIOD" in header and "OBS_VALUE" in header and "CURRENCY" in header:
        return _parse_sdmx(header, rows[1:], file_name)
    if not header or header[0].lower() != "date":
        raise ValidationError('{file_name} is not an ECB reference-rate file: its first column should be "Date" (found "{value}").', file_name=file_name, value=header[0] if header else "")
    codes = header[1:]
    while codes and not codes[-1]:
        codes.pop()
    for n, code in enumerate(codes, start=2):
        if len(code) != 3 or not code.isalpha() or not code.isupper():
            raise ValidationError('{file_name}, line 1, column {n}: "{code}" is not a currency code.',
                                  file_name=file_name, n=n, code=code)
    if not codes:
        raise ValidationError("{file_name} lists no currencies.", file_name=file_name)
    rates: list[EcbRate] = []
    for line, row in enumerate(rows[1:], start=2):
        day = _ecb_date(row[0], file_name, line)
        cells = row[1:]
        if len([c for c in cells if c]) > len(codes):
            raise ValidationError("{file_name}, line {line}: more values than currencies in the header.",
                                  file_name=file_name, line=line)
        for code, cell in zip(codes, cells):
            if cell in ("", "N/A", "n/a", "-"):
                continue
            rates.append(EcbRate(day, code, _rate(cell, file_name, line, code)))
    if not rates:
        raise ValidationError("{file_name} holds no rates.", file_name=file_name)
    return rates


def _text(data: bytes | str, file_name: str) -> str:
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError("{file_name} is larger than 20 MB: that is not an ECB reference-rate file.",
                              file_name=file_name)
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                members = [m for m in archive.namelist() if m.lower().endswith(".csv")]
                if len(members) != 1:
                    raise ValidationError("{file_name} should hold exactly one CSV file (found {members}).",
                                          file_name=file_name, members=len(members))
                info = archive.getinfo(members[0])
                if info.file_size > MAX_FILE_BYTES:
                    raise ValidationError("{value} is larger than 20 MB.", value=members[0])
                data = archive.read(members[0])
        except zipfile.BadZipFile:
            raise ValidationError("{file_name} is not a valid ZIP file.", file_name=file_name) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("{file_name} is not UTF-8 text.", file_name=file_name) from None


def _ecb_date(cell: str, file_name: str, line: int) -> dt.date:
    for pattern in ("%Y-%m-%d", "%d %B %Y"):
        try:
            return dt.datetime.strptime(cell.strip(), pattern).date()
        except ValueError:
            continue
    raise ValidationError('{file_name}, line {line}: "{cell}" is not a date.',
                          file_name=file_name, line=line, cell=cell)


def _rate(cell: str, file_name: str, line: int, code: str) -> Decimal:
    try:
        value = Decimal(cell)
    except InvalidOperation:
        raise ValidationError('{file_name}, line {line}, {code}: "{cell}" is not a rate.',
                              file_name=file_name, line=line, code=code, cell=cell) from None
    if not value.is_finite() or value <= 0 or value >= Decimal(10) ** 9 or value.as_tuple().exponent < -10:
        raise ValidationError('{file_name}, line {line}, {code}: "{cell}" is not a positive rate.',
                              file_name=file_name, line=line, code=code, cell=cell)
    return value


def _parse_sdmx(header: list[str], rows: list[list[str]], file_name: str) -> list[EcbRate]:
    col = {name: i for i, name in enumerate(header)}
    rates = []
    for line, row in enumerate(rows, start=2):
        cell = lambda name: row[col[name]] if col.get(name) is not None and col[name] < len(row) else ""  # noqa: E731
        if cell("CURRENCY_DENOM") not in ("", "EUR") or cell("FREQ") not in ("", "D") or \
                cell("EXR_TYPE") not in ("", "SP00"):
            continue
        value = cell("OBS_VALUE")
        if value in ("", "NaN", "N/A"):
            continue
        rates.append(EcbRate(_ecb_date(cell("TIME_PERIOD"), file_name, line), cell("CURRENCY").upper(),
                             _rate(value, file_name, line, cell("CURRENCY"))))
    if not rates:
        raise ValidationError("{file_name} holds no daily euro reference rates.", file_name=file_name)
    return rates


# -- stored rates ------------------------------------------------------------------------------------------

def import_ecb(gw: Gateway, data: bytes | str, *, file_name: str = "file") -> ImportResult:
    """Parses the file, then stores every rate in one call (all or nothing); rates already stored stay."""
    rates = parse_ecb_csv(data, file_name=file_name)
    row = gw.rpc("import_fx_rates", {"p_rates": [{"date": r.day.isoformat(), "currency": r.currency,
                                                  "rate": str(r.rate)} for r in rates]})
    row = row[0] if isinstance(row, list) else row
    return ImportResult(int(row["imported"]), int(row["unchanged"]), int(row["skipped"]),
                        as_date(row["first_date"]), as_date(row["last_date"]))


def save_rate(gw: Gateway, base: str, quote: str, rate: str | Decimal, rate_date: dt.date,
              note: str | None = None) -> Rate:
    """A rate entered by hand: 1 base = rate quote on rate_date."""
    base, quote = (base or "").strip().upper(), (quote or "").strip().upper()
    if base == quote:
        raise ValidationError("A rate converts between two different currencies.")
    if isinstance(rate, float):
        raise ValidationError("A rate must be exact: pass a Decimal or text, not a float.")
    if "," in str(rate):
        raise ValidationError('The rate "{rate}" is not a number: write decimals with a point, e.g. 0.8612.', rate=rate)
    try:
        value = Decimal(str(rate).strip())
    except InvalidOperation:
        raise ValidationError('The rate "{rate}" is not a number.', rate=rate) from None
    if not value.is_finite() or value <= 0:
        raise ValidationError("The rate must be a positive number (got {rate}).", rate=rate)
    if value.as_tuple().exponent < -10:
        raise ValidationError("A rate has at most 10 decimal places (got {rate}).", rate=rate)
    row = gw.rpc("save_fx_rate", {"p_base": base, "p_quote": quote, "p_rate": str(value),
                                  "p_rate_date": rate_date.isoformat(), "p_note": (note or "").strip() or None})
    return _rate_row(row)


def list_rates(gw: Gateway, *, limit: int = 500) -> list[Rate]:
    rows = gw.select("fx_rates", filters=[eq("creator_id", gw.person.id)],
                     order=[("rate_date", True), ("base", False), ("quote", False)], limit=limit)
    return [_rate_row(r) for r in rows]


def convert(gw: Gateway, amount: Decimal, from_currency: str, to_currency: str, on: dt.date) -> Conversion | None:
    """amount in from_currency, in to_currency on the day `on`, or None when no rate is known for it."""
    rows = gw.rpc("convert_amount", {"p_amount": str(to_decimal(amount)), "p_from": from_currency.upper(),
                                     "p_to": to_currency.upper(), "p_on": on.isoformat()})
    if not rows:
        return _through_pegs(gw, to_decimal(amount), from_currency.upper(), to_currency.upper(), on)
    r = rows[0]
    return Conversion(to_decimal(r["amount"]), to_decimal(r["rate"]), as_date(r["rate_date"]), r["source"], r["via"])


# -- pegged currencies ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Peg:
    currency: str
    anchor: str
    rate: Decimal   # 1 anchor = rate units of currency
    since: dt.date
    source: str


def pegs() -> dict[str, Peg]:
    """Currencies fixed to the US dollar by their central bank (services/payouts/tax_rules.json, with sources)."""
    from services.payouts import tax
    out = {}
    for anchor, table in tax.rules()["pegs"].items():
        if anchor == "source_note":
            continue
        for code, p in table.items():
            out[code] = Peg(code, anchor, Decimal(p["rate"]), dt.date.fromisoformat(p["since"]), p["source"])
    return out


def _through_pegs(gw: Gateway, amount: Decimal, src: str, dst: str, on: dt.date) -> Conversion | None:
    """A conversion where one or both currencies are pegged: the peg to the anchor (USD), and the creator's own or
    ECB rates for the anchor leg. The rate is reported as one figure with source "peg" (and the other leg's)."""
    table = pegs()
    if src not in table and dst not in table:
        return None
    places = int((gw.select("currencies", filters=[eq("code", dst)]) or [{"minor_units": 2}])[0]["minor_units"])
    rate = Decimal(1)
    sources, day = ["peg"], None
    cur = src
    if src in table:
        rate /= table[src].rate
        cur = table[src].anchor
    target = table[dst].anchor if dst in table else dst
    if cur != target:
        leg = gw.rpc("convert_amount", {"p_amount": "1", "p_from": cur, "p_to": target, "p_on": on.isoformat()})
        if not leg:
            return None
        rate *= to_decimal(leg[0]["rate"])
        sources.append(leg[0]["source"])
        day = as_date(leg[0]["rate_date"])
    if dst in table:
        rate *= table[dst].rate
    pegged = [table[c] for c in (src, dst) if c in table]
    day = day or max(p.since for p in pegged)
    converted = (amount * rate).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return Conversion(converted, rate.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP), day,
                      " + ".join(dict.fromkeys(sources)), "USD peg")


def _rate_row(r: dict) -> Rate:
    return Rate(int(r["id"]), r["base"], r["quote"], to_decimal(r["rate"]), as_date(r["rate_date"]), r["source"],
                r.get("note"))
