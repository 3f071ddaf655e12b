"""Earnings: money received against money expected, by month, brand and platform; how long each brand takes to
pay; a tax-year summary (calendar year or a chosen start such as 6 April), all in the creator's home currency.

Every entry comes from one SQL function (public.earnings_entries) with its home-currency amount and the rate
used, its date and source, converted at the rate of the entry's own date. An entry in a currency without a rate
is left out of the home-currency totals and listed, so nothing is converted silently. Sums are Decimal."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from services.core.db.gateway import Gateway
from services.core.money import to_decimal
from services.core.values import as_date

ENTRY_KINDS = ("received", "expected", "invoiced", "tax_charged", "fee_withheld", "tax_withheld", "written_off")
TAX_COLUMNS = ("received", "invoiced", "tax_charged", "fee_withheld", "tax_withheld", "written_off")
ZERO = Decimal(0)


@dataclass(frozen=True)
class Entry:
    entry: str
    on_date: dt.date
    payout_id: str
    brand_name: str
    platform: str | None
    description: str
    document: str | None
    currency: str
    amount: Decimal
    home_currency: str
    home_amount: Decimal | None
    rate: Decimal | None
    rate_date: dt.date | None
    rate_source: str | None


@dataclass(frozen=True)
class Earnings:
    start: dt.date
    end: dt.date
    home_currency: str
    entries: tuple[Entry, ...]

    def of(self, kind: str) -> list[Entry]:
        return [e for e in self.entries if e.entry == kind]

    def total(self, kind: str) -> Decimal:
        return sum((e.home_amount for e in self.of(kind) if e.home_amount is not None), ZERO)

    @property
    def missing_rates(self) -> dict[str, int]:
        """Currencies with entries that could not be converted (no rate on or before their date): how many."""
        out: dict[str, int] = {}
        for e in self.entries:
            if e.home_amount is None:
                out[e.currency] = out.get(e.currency, 0) + 1
        return out

    @property
    def is_empty(self) -> bool:
        return not self.entries

    def by_month(self) -> pd.DataFrame:
        """month (YYYY-MM), received, expected: every month of the period, in the home currency."""
        months = _months(self.start, self.end)
        sums = {m: {"received": ZERO, "expected": ZERO} for m in months}
        for e in self.entries:
            if e.entry in ("received", "expected") and e.home_amount is not None:
                key = e.on_date.strftime("%Y-%m")
                if key in sums:
                    sums[key][e.entry] += e.home_amount
        return pd.DataFrame([{"month": m, "received": v["received"], "expected": v["expected"]}
                             for m, v in sums.items()], columns=["month", "received", "expected"])

    def by(self, key: str) -> pd.DataFrame:
        """key = brand_name or platform: received and expected per group, largest expected first."""
        sums: dict[str, dict[str, Decimal]] = {}
        for e in self.entries:
            if e.entry in ("received", "expected") and e.home_amount is not None:
                group = getattr(e, key) or "unspecified"
                row = sums.setdefault(group, {"received": ZERO, "expected": ZERO})
                row[e.entry] += e.home_amount
        rows = [{key: g, "received": v["received"], "expected": v["expected"]} for g, v in sums.items()]
        rows.sort(key=lambda r: (-r["expected"], -r["received"], r[key]))
        return pd.DataFrame(rows, columns=[key, "received", "expected"])

    def rates_used(self) -> pd.DataFrame:
        """Each distinct rate the totals used: currency, rate, its date and source."""
        seen = {}
        for e in self.entries:
            if e.home_amount is not None and e.currency != e.home_currency:
                seen[(e.currency, e.rate, e.rate_date, e.rate_source)] = None
        rows = [{"currency": c, "rate": r, "rate_date": d, "source": s} for c, r, d, s in seen]
        rows.sort(key=lambda r: (r["currency"], r["rate_date"]))
        return pd.DataFrame(rows, columns=["currency", "rate", "rate_date", "source"])

    def detail(self) -> pd.DataFrame:
        """One row per entry with the conversion used (for the CSV download)."""
        return pd.DataFrame([{
            "date": e.on_date.isoformat(), "entry": e.entry, "brand": e.brand_name, "platform": e.platform or "",
            "description": e.description, "document": e.document or "", "currency": e.currency, "amount": e.amount,
            "home_currency": e.home_currency, "home_amount": e.home_amount if e.home_amount is not None else "",
            "rate": e.rate if e.rate is not None else "", "rate_date": e.rate_date.isoformat() if e.rate_date else "",
            "rate_source": e.rate_source or "no rate"} for e in self.entries],
            columns=["date", "entry", "brand", "platform", "description", "document", "currency", "amount",
                     "home_currency", "home_amount", "rate", "rate_date", "rate_source"])


def load(gw: Gateway, start: dt.date, end: dt.date, home_currency: str) -> Earnings:
    rows = gw.rpc("earnings_entries", {"p_start": start.isoformat(), "p_end": end.isoformat()}) or []
    entries = tuple(Entry(r["entry"], as_date(r["on_date"]), r["payout_id"], r["brand_name"], r["platform"],
                          r["description"], r["document"], r["currency"], to_decimal(r["amount"]),
                          r["home_currency"] or home_currency, to_decimal(r["home_amount"]), to_decimal(r["rate"]),
                          as_date(r["rate_date"]), r["rate_source"]) for r in rows)
    return Earnings(start, end, rows[0]["home_currency"] if rows else home_currency, entries)


def days_to_pay(gw: Gateway) -> pd.DataFrame:
    """brand_name, paid_payouts, average_days_to_pay, average_days_late, slowest_days (slowest payer first)."""
    rows = gw.rpc("days_to_pay_by_brand") or []
    return pd.DataFrame([{"brand_name": r["brand_name"], "paid_payouts": int(r["paid_payouts"]),
                          "average_days_to_pay": to_decimal(r["average_days_to_pay"]),
                          "average_days_late": to_decimal(r["average_days_late"]),
                          "slowest_days": int(r["slowest_days"])} for r in rows],
                        columns=["brand_name", "paid_payouts", "average_days_to_pay", "average_days_late",
                                 "slowest_days"])


# -- tax years ---------------------------------------------------------------------------------------------------

def tax_year_start(day: dt.date, month: int = 1, start_day: int = 1) -> dt.date:
    """The first day of the tax year holding `day`, for tax years starting on month/start_day."""
    this_year = dt.date(day.year, month, start_day)
    return this_year if day >= this_year else dt.date(day.year - 1, month, start_day)


def tax_year_end(start: dt.date) -> dt.date:
    return dt.date(start.year + 1, start.month, start.day) - dt.timedelta(days=1)


def tax_year_label(start: dt.date) -> str:
    """2026 for a calendar year; 2026/27 for a tax year that starts during 2026 and ends in 2027."""
    if (start.month, start.day) == (1, 1):
        return str(start.year)
    return f"{start.year}/{str(start.year + 1)[-2:]}"


def tax_summary(gw: Gateway, home_currency: str, *, today: dt.date, month: int = 1, start_day: int = 1,
                years: int = 3) -> tuple[pd.DataFrame, Earnings]:
    """One row per tax year (the current one and `years - 1` before it): received (cash), invoiced net of credit
    notes, tax charged, platform or agency fees withheld, withholding tax withheld and written off, in the home
    currency. Returns the table and the entries it was built from (for the detailed CSV)."""
    current = tax_year_start(today, month, start_day)
    first = dt.date(current.year - (years - 1), current.month, current.day)
    earnings = load(gw, first, tax_year_end(current), home_currency)
    starts = [dt.date(first.year + n, first.month, first.day) for n in range(years)]
    sums = {s: {c: ZERO for c in TAX_COLUMNS} for s in starts}
    for e in earnings.entries:
        if e.entry in TAX_COLUMNS and e.home_amount is not None:
            sums[tax_year_start(e.on_date, month, start_day)][e.entry] += e.home_amount
    rows = [{"tax_year": tax_year_label(s), "from": s.isoformat(), "to": tax_year_end(s).isoformat(),
             **{c: sums[s][c] for c in TAX_COLUMNS}} for s in reversed(starts)]
    return pd.DataFrame(rows, columns=["tax_year", "from", "to", *TAX_COLUMNS]), earnings


def _months(start: dt.date, end: dt.date) -> list[str]:
    out, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
