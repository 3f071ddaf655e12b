"""What needs a person now, read from the `actions` key of their Home document (public.creator_home_page,
public.brand_home_page): each item carries the id of the offer, payout or report it opens. SQL decides what is
listed and in which order; this module only types the rows (money exact, dates as dates)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from decimal import Decimal

from services.core.money import to_decimal
from services.core.values import as_date, as_datetime

RECENT_DAYS = 7  # deliverables due within, report views and new shares since: the SQL's 7 days


@dataclass(frozen=True)
class OfferToAnswer:
    id: str
    party: str           # the brand (creator Home) or the creator (brand Home)
    campaign: str
    fee: Decimal
    currency: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class DeliverableDue:
    id: str
    offer_id: str
    party: str
    campaign: str
    platform: str
    format: str
    due_date: dt.date


@dataclass(frozen=True)
class PaymentToConfirm:
    id: str
    payout_id: str
    brand_name: str
    description: str
    amount: Decimal
    currency: str
    sent_on: dt.date


@dataclass(frozen=True)
class PayoutDue:
    id: str
    party: str
    description: str
    amount: Decimal       # creator: the balance overdue; brand: what is left to pay beyond payments reported sent
    currency: str
    due_date: dt.date
    overdue: bool
    days_overdue: int = 0
    last_reminder_at: dt.datetime | None = None


@dataclass(frozen=True)
class ReportActivity:
    id: str
    title: str
    at: dt.datetime                 # last opened (creator) or shared (brand)
    views: int = 0
    names: tuple[str, ...] = ()     # the brands that opened it (creator) or the creator who shared it (brand)


class _Actions:
    """A Home's to-do lists: `empty` when none of them holds anything."""

    @property
    def empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


@dataclass(frozen=True)
class CreatorActions(_Actions):
    offers: tuple[OfferToAnswer, ...] = ()
    deliverables: tuple[DeliverableDue, ...] = ()
    payments: tuple[PaymentToConfirm, ...] = ()
    overdue: tuple[PayoutDue, ...] = ()
    report_views: tuple[ReportActivity, ...] = ()


@dataclass(frozen=True)
class BrandActions(_Actions):
    counters: tuple[OfferToAnswer, ...] = ()
    drafts: tuple[DeliverableDue, ...] = ()
    owed: tuple[PayoutDue, ...] = ()
    reports: tuple[ReportActivity, ...] = ()


def _offer(r: dict, party: str) -> OfferToAnswer:
    return OfferToAnswer(r["id"], r.get(party) or "", r["campaign"], to_decimal(r["fee"]), r["currency"],
                         as_datetime(r["expires_at"]))


def _deliverable(r: dict, party: str) -> DeliverableDue:
    return DeliverableDue(r["id"], r["offer_id"], r.get(party) or "", r["campaign"], r["platform"], r["format"],
                          as_date(r["due_date"]))


def creator_actions(doc: dict | None) -> CreatorActions:
    doc = doc or {}
    return CreatorActions(
        offers=tuple(_offer(r, "brand_name") for r in doc.get("offers") or []),
        deliverables=tuple(_deliverable(r, "brand_name") for r in doc.get("deliverables") or []),
        payments=tuple(PaymentToConfirm(r["id"], r["payout_id"], r["brand_name"], r["description"],
                                        to_decimal(r["amount"]), r["currency"], as_date(r["sent_on"]))
                       for r in doc.get("payments") or []),
        overdue=tuple(PayoutDue(r["id"], r["brand_name"], r["description"], to_decimal(r["balance"]), r["currency"],
                                as_date(r["due_date"]), True, int(r["days_overdue"]),
                                as_datetime(r.get("last_reminder_at")))
                      for r in doc.get("overdue") or []),
        report_views=tuple(ReportActivity(r["id"], r["title"], as_datetime(r["last_viewed_at"]), int(r["views"]),
                                          tuple(r.get("brands") or ()))
                           for r in doc.get("report_views") or []),
    )


def brand_actions(doc: dict | None) -> BrandActions:
    doc = doc or {}
    return BrandActions(
        counters=tuple(_offer(r, "creator_name") for r in doc.get("counters") or []),
        drafts=tuple(_deliverable(r, "creator_name") for r in doc.get("drafts") or []),
        owed=tuple(PayoutDue(r["id"], r.get("creator_name") or "", r["description"], to_decimal(r["amount"]),
                             r["currency"], as_date(r["due_date"]), bool(r["overdue"]))
                   for r in doc.get("owed") or []),
        reports=tuple(ReportActivity(r["id"], r["title"], as_datetime(r["shared_at"]),
                                     names=(r["creator_name"],) if r.get("creator_name") else ())
                      for r in doc.get("reports") or []),
    )
