"""Tax-year summaries per country of the creator's tax profile (UK self-assessment turnover, German EÜR income
lines, US 1099-NEC expected per payer, otherwise income and VAT received), from the lines in tax_rules.json
("summaries"). Cash basis: payments received in the year; each split into net and VAT in proportion to its
invoice (subtotal : tax) and converted to the national currency at the rate of the day received, with the rate's
source. Not tax advice: the page says so."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from services.core.db.gateway import Filter, Gateway, eq
from services.core.money import round_to, to_decimal
from services.core.values import as_date
from services.payouts import fx, tax


@dataclass(frozen=True)
class SummaryRow:
    line: str
    payer: str | None
    amount: Decimal
    currency: str
    note: str


def summary(gw: Gateway, start: dt.date, end: dt.date) -> tuple[str, list[SummaryRow]]:
    """(title, rows) for the signed-in creator's tax year from start to end (both included)."""
    profile = tax.creator_profile(gw)
    country = profile.country if profile else ""
    spec = tax.rules()["summaries"].get(country) or tax.rules()["summaries"]["default"]
    national = (tax.country_rules(country) or {}).get("currency")
    payments = gw.select("payments", filters=[eq("creator_id", gw.person.id), eq("status", "received"),
                                              Filter("received_on", "gte", start.isoformat()),
                                              Filter("received_on", "lte", end.isoformat())])
    payout_ids = sorted({p["payout_id"] for p in payments})
    payouts = {p["id"]: p for p in gw.select("payouts", filters=[Filter("id", "in", payout_ids)])} if payout_ids else {}
    invoice_ids = sorted({p["invoice_id"] for p in payouts.values() if p.get("invoice_id")})
    invs = {i["id"]: i for i in gw.select("invoices", filters=[Filter("id", "in", invoice_ids)])} if invoice_ids else {}
    sums: dict[tuple[str, str | None, str], Decimal] = {}
    notes: dict[tuple[str, str | None, str], set[str]] = {}
    for pay in payments:
        payout = payouts.get(pay["payout_id"]) or {}
        inv = invs.get(payout.get("invoice_id")) or {}
        scenario = (inv.get("tax") or {}).get("scenario", "none")
        gross = to_decimal(pay["amount"])
        total, vat_total = to_decimal(inv.get("total") or 0), to_decimal(inv.get("tax_amount") or 0)
        vat = round_to(gross * vat_total / total, 4) if total else Decimal(0)
        parts = {"gross": gross, "net": gross - vat, "vat": vat}
        currency, day = pay["currency"], as_date(pay["received_on"])
        for line in spec["lines"]:
            if "*" not in line["scenarios"] and scenario not in line["scenarios"]:
                continue
            value, shown, note = parts[line["amount"]], currency, ""
            if national and currency != national and value:
                conversion = fx.convert(gw, value, currency, national, day)
                if conversion is not None:
                    value, shown = conversion.amount, national
                    note = f"converted at the {conversion.source} rate"
                else:
                    note = f"no {currency} to {national} rate on {day.isoformat()}: shown in {currency}"
            payer = payout.get("brand_name") if spec.get("per_payer") else None
            key = (line["label"], payer, shown)
            sums[key] = sums.get(key, Decimal(0)) + value
            if note:
                notes.setdefault(key, set()).add(note)
    rows = []
    for line in spec["lines"]:
        for (label, payer, currency), value in sorted(sums.items(), key=lambda kv: (kv[0][1] or "", kv[0][2])):
            if label != line["label"]:
                continue
            note = "; ".join(sorted(notes.get((label, payer, currency), ())))
            threshold = _threshold(line, end)
            if threshold is not None:
                files = value >= threshold
                note = "; ".join(filter(None, [note, f"{'at or above' if files else 'below'} the "
                                                     f"{threshold:,.0f} {currency} filing threshold"]))
            rows.append(SummaryRow(label, payer, round_to(value, 2), currency, note))
    return f"{spec['title']} — {spec['source']}", rows


def _threshold(line: dict, end: dt.date) -> Decimal | None:
    for until, amount in line.get("threshold", []):
        if until is None or end <= dt.date.fromisoformat(until):
            return Decimal(amount)
    return None


def to_frame(rows: list[SummaryRow]) -> pd.DataFrame:
    return pd.DataFrame([{"line": r.line, "payer": r.payer or "", "amount": str(r.amount), "currency": r.currency,
                          "note": r.note} for r in rows], columns=["line", "payer", "amount", "currency", "note"])
