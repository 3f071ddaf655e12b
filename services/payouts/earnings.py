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
    return Earnings(start, end, rows[0]["home_currency"] if rows else home_currency, _entries(rows, home_currency))


def _entries(rows: list[dict], home_currency: str) -> tuple[Entry, ...]:
    return tuple(Entry(r["entry"], as_date(r["on_date"]), r["payout_id"], r["brand_name"], r["platform"],
                       r["description"], r["document"], r["currency"], to_decimal(r["amount"]),
                       r["home_currency"] or home_currency, to_decimal(r["home_amount"]), to_decimal(r["rate"]),
                       as_date(r["rate_date"]), r["rate_source"]) for r in rows)


def _within(entries: tuple[Entry, ...], start: dt.date, end: dt.date) -> tuple[Entry, ...]:
    return tuple(e for e in entries if start <= e.on_date <= end)


def days_to_pay(gw: Gateway) -> pd.DataFrame:
    """brand_name, paid_payouts, average_days_to_pay, average_days_late, slowest_days (slowest payer first)."""
    return _days_to_pay_frame(gw.rpc("days_to_pay_by_brand") or [])


def _days_to_pay_frame(rows: list[dict]) -> pd.DataFrame:
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
    first, last = tax_window(today, month, start_day, years)
    return tax_table(load(gw, first, last, home_currency), month=month, start_day=start_day, years=years)


def tax_window(today: dt.date, month: int = 1, start_day: int = 1, years: int = 3) -> tuple[dt.date, dt.date]:
    """The first and last day of the `years` tax years ending with the one holding `today`."""
    current = tax_year_start(today, month, start_day)
    return dt.date(current.year - (years - 1), current.month, current.day), tax_year_end(current)


def widest_tax_window(today: dt.date, years: int = 3) -> tuple[dt.date, dt.date]:
    """A window holding tax_window(today, m, d, years) for every tax-year start (month 1-12, day 1-28), so a page
    can read the entries once, before the person picks the start."""
    return dt.date(today.year - years, 1, 1), dt.date(today.year + 1, 12, 31)


def tax_table(earnings: Earnings, *, month: int = 1, start_day: int = 1,
              years: int = 3) -> tuple[pd.DataFrame, Earnings]:
    """tax_summary's table from entries covering its window (earnings.start … earnings.end is that window)."""
    first = earnings.start
    starts = [dt.date(first.year + n, first.month, first.day) for n in range(years)]
    sums = {s: {c: ZERO for c in TAX_COLUMNS} for s in starts}
    for e in earnings.entries:
        if e.entry in TAX_COLUMNS and e.home_amount is not None:
            sums[tax_year_start(e.on_date, month, start_day)][e.entry] += e.home_amount
    rows = [{"tax_year": tax_year_label(s), "from": s.isoformat(), "to": tax_year_end(s).isoformat(),
             **{c: sums[s][c] for c in TAX_COLUMNS}} for s in reversed(starts)]
    return pd.DataFrame(rows, columns=["tax_year", "from", "to", *TAX_COLUMNS]), earnings


# -- the Earnings page ------------------------------------------------------------------------------------------

RATES_SHOWN = 200


@dataclass(frozen=True)
class EarningsPage:
    """Everything the Earnings page draws, from one call (public.earnings_page)."""
    period: Earnings
    tax_entries: Earnings  # every entry of widest_tax_window(today)
    days_to_pay: pd.DataFrame
    fiscal_year_start: tuple[int, int]  # (month, day) from the billing details; (1, 1) without them
    currencies: list[str]
    rates: list  # fx.Rate, newest first, at most RATES_SHOWN

    def tax_summary(self, today: dt.date, *, month: int = 1, start_day: int = 1,
                    years: int = 3) -> tuple[pd.DataFrame, Earnings]:
        first, last = tax_window(today, month, start_day, years)
        window = Earnings(first, last, self.tax_entries.home_currency, _within(self.tax_entries.entries, first, last))
        return tax_table(window, month=month, start_day=start_day, years=years)


def page(gw: Gateway, start: dt.date, end: dt.date, home_currency: str, *, today: dt.date) -> EarningsPage:
    """The Earnings page's view model: one database call, one transaction, from earnings_entries,
    days_to_pay_by_brand, the billing details' tax-year start, the currency list and the exchange rates."""
    from services.payouts import fx

    tax_start, tax_end = widest_tax_window(today)
    doc = gw.rpc("earnings_page", {"p_start": start.isoformat(), "p_end": end.isoformat(),
                                   "p_tax_start": tax_start.isoformat(), "p_tax_end": tax_end.isoformat(),
                                   "p_rates_limit": RATES_SHOWN}) or {}
    home = doc.get("home_currency") or home_currency
    entries = _entries(doc.get("entries") or [], home)
    fiscal = doc.get("fiscal_year_start") or {}
    return EarningsPage(
        Earnings(start, end, home, _within(entries, start, end)),
        Earnings(tax_start, tax_end, home, _within(entries, tax_start, tax_end)),
        _days_to_pay_frame(doc.get("days_to_pay") or []),
        (int(fiscal.get("month") or 1), int(fiscal.get("day") or 1)),
        list(doc.get("currencies") or []),
        [fx.Rate(int(r["id"]), r["base"], r["quote"], to_decimal(r["rate"]), as_date(r["rate_date"]), r["source"],
                 r.get("note")) for r in doc.get("rates") or []])


def _months(start: dt.date, end: dt.date) -> list[str]:
    out, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
