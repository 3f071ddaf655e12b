"""Campaign reports: build one from a brand's accepted offers or a date window, share it with the brand's
account or by a secret link (live or frozen), revoke, see who opened it, and let the brand enter conversions.

The database computes every number (app.report_payload reads public.post_engagement, the dashboards' one
definition) and decides who may read what (supabase/migrations/20261128006000_reports.sql). This module turns
the JSON it returns into objects and frames, repeats the input rules only to give a message before anything
is sent, and makes the secret-link tokens: 128 random bits, shown once, stored only as their SHA-256."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Callable, Iterable

import pandas as pd

from services.offers import disclosures
from services.audience import metrics
from services.offers import offers as offers_service
from services.reports import metrics as report_metrics
from services.reports import tracking as report_tracking
from services.core import clock, money
from services.core.db.gateway import Filter, Gateway, eq, names_by_id, only
from services.core.errors import NotFound, ValidationError
from services.core.text import inert
from services.core.values import as_date, as_datetime, as_decimal, as_int
from services.core.messages import LOCALES, N_

TOKEN_BYTES = 16  # 128 bits
ELIGIBLE = ("accepted", "in_progress", "delivered", "completed")
MODES = ("live", "frozen")
KINDS = ("brand", "link")
LINK_DAYS = 30
MAX_LINK_DAYS = 365
MAX_CONVERSIONS = 1_000_000_000


# -- objects ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Report:
    id: str
    title: str
    scope: str                      # "offers" | "window"
    brand_id: str | None
    brand_name: str | None
    offer_ids: tuple[str, ...]
    period_start: dt.date | None
    period_end: dt.date | None
    time_zone: str
    created_at: dt.datetime | None
    creator_id: str | None = None


@dataclass(frozen=True)
class OfferLine:
    id: str
    campaign: str
    brand_name: str
    fee: Decimal
    currency: str
    status: str
    deliverables: int = 0           # all deliverables of the offer
    delivered: int = 0              # those of them the report shows posted or verified


@dataclass(frozen=True)
class Row:
    """One deliverable (or, in a window report without a brand, one post) with its post's latest numbers."""
    deliverable_id: str | None
    offer_id: str | None
    campaign: str | None
    platform: str
    format: str | None
    due_date: dt.date | None
    status: str | None              # the deliverable's status; None for a post that is no deliverable
    permalink: str | None
    posted_at: dt.datetime | None
    post_id: str | None
    handle: str | None
    caption: str | None
    post_live: bool
    captured_at: dt.datetime | None
    views: int | None
    reach: int | None
    likes: int | None
    comments: int | None
    shares: int | None
    saves: int | None
    link_clicks: int | None
    engagements: int | None
    er_reach: Decimal | None
    er_views: Decimal | None
    source: str | None
    relationship: str | None        # "paid" | "gifted" for a deliverable; None for an organic post

    @property
    def posted(self) -> bool:
        return self.posted_at is not None

    @property
    def has_numbers(self) -> bool:
        return self.captured_at is not None

    @property
    def mark(self) -> str:
        return report_metrics.mark_for(self.source) if self.has_numbers else "none"


@dataclass(frozen=True)
class Totals:
    posts: int = 0
    views: int | None = None
    reach: int | None = None
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    saves: int | None = None
    link_clicks: int | None = None
    engagements: int | None = None
    er_reach: Decimal | None = None
    er_reach_median: Decimal | None = None
    er_reach_posts: int = 0
    er_reach_interactions: int = 0
    er_reach_reach: int = 0
    er_views: Decimal | None = None
    er_views_posts: int = 0
    er_views_interactions: int = 0
    er_views_views: int = 0
    sources: dict = field(default_factory=dict)

    @property
    def marks(self) -> dict[str, int]:
        return report_metrics.mixed_marks(self.sources)

    @property
    def mark(self) -> str:
        return report_metrics.total_mark(self.sources)


@dataclass(frozen=True)
class Spend:
    amount: Decimal | None
    currency: str | None
    minor_units: int | None
    currencies: tuple[str, ...] = ()
    delivered_amount: Decimal | None = None   # the fee share of what was delivered (SQL, rounded once)


@dataclass(frozen=True)
class Conversion:
    id: str
    label: str
    conversions: int
    revenue: Decimal | None
    currency: str | None
    entered_by: str | None
    entered_at: dt.datetime | None
    minor_units: int = 2


@dataclass(frozen=True)
class ReportData:
    """A report as one reader gets it: live (computed now) or frozen (the numbers kept when it was shared)."""
    report: Report
    creator_name: str
    markets: tuple[str, ...]
    offers: tuple[OfferLine, ...]
    spend: Spend
    rows: tuple[Row, ...]
    totals: Totals
    as_of: dt.datetime | None
    generated_at: dt.datetime | None
    mode: str = "live"
    frozen_at: dt.datetime | None = None
    share_id: str | None = None
    share_kind: str | None = None
    expires_at: dt.datetime | None = None
    conversions: tuple[Conversion, ...] = ()
    tracking: report_tracking.Tracking | None = None  # what the deals' tracked links and promo codes brought
    language: str | None = None     # a secret link's document language, as the creator chose it (None: not chosen)

    @property
    def frozen(self) -> bool:
        return self.mode == "frozen"

    @property
    def posted_rows(self) -> list[Row]:
        return [r for r in self.rows if r.posted]

    @property
    def pending_rows(self) -> list[Row]:
        return [r for r in self.rows if not r.posted]

    @property
    def nothing_posted(self) -> bool:
        return not self.posted_rows

    @property
    def total_conversions(self) -> int | None:
        return sum(c.conversions for c in self.conversions) if self.conversions else None

    @property
    def revenue(self) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for c in self.conversions:
            if c.revenue is not None and c.currency:
                out[c.currency] = out.get(c.currency, Decimal(0)) + c.revenue
        return out

    def costs(self) -> report_metrics.Costs:
        """Costs per result on the fee share of what was delivered; CPA only once something is posted."""
        return report_metrics.costs(self.spend.delivered_amount, self.spend.currency, self.spend.minor_units,
                                    views=self.totals.views, engagements=self.totals.engagements,
                                    conversions=None if self.nothing_posted else self.total_conversions,
                                    committed=self.spend.amount)


@dataclass(frozen=True)
class Share:
    id: str
    report_id: str
    kind: str
    brand_id: str | None
    label: str | None
    mode: str
    frozen_at: dt.datetime | None
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None
    created_at: dt.datetime | None
    brand_name: str | None = None
    language: str | None = None     # the document language visitors read it in unless they switch

    def status(self, now: dt.datetime | None = None) -> str:
        """"active", "revoked" or "expired"."""
        now = now or clock.now()
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= now:
            return "expired"
        return "active"


@dataclass(frozen=True)
class NewLink:
    share: Share
    token: str          # shown once; only its SHA-256 is stored


@dataclass(frozen=True)
class View:
    id: int
    share_id: str
    viewed_at: dt.datetime
    viewer_id: str | None
    viewer_name: str | None


@dataclass(frozen=True)
class SharedReport:
    """A report shared with the brand partner's brand, as their list shows it."""
    report: Report
    creator_name: str | None
    share: Share


# -- tokens ------------------------------------------------------------------------------------------------------

def new_token() -> str:
    """A secret link's token: 128 random bits, URL-safe (22 characters)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def link_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/?report={token}"


# -- building ----------------------------------------------------------------------------------------------------

def eligible_offers(gw: Gateway) -> list[offers_service.Offer]:
    """The creator's offers a report can cover: accepted and later, newest first."""
    return [o for o in offers_service.list_offers(gw, statuses=ELIGIBLE, creator_id=gw.person.id)]


def brand_key(offer: offers_service.Offer) -> str:
    """Offers of the same brand share this key (a deal the creator logged has only the brand's name)."""
    return offer.brand_id or f"name:{offer.brand_name.strip().lower()}"


def offers_by_brand(items: Iterable[offers_service.Offer]) -> dict[str, list[offers_service.Offer]]:
    out: dict[str, list[offers_service.Offer]] = {}
    for offer in items:
        out.setdefault(brand_key(offer), []).append(offer)
    return out


def shareable_brands(gw: Gateway) -> list[dict]:
    """The brands of the partners the creator invited: [{id, name}], by name."""
    links = gw.select("creator_partners", columns=["brand_id"], filters=[eq("creator_id", gw.person.id)])
    ids = sorted({l["brand_id"] for l in links if l.get("brand_id")})
    if not ids:
        return []
    return sorted(gw.select("brands", columns=["id", "name"], filters=[Filter("id", "in", ids)]),
                  key=lambda b: b["name"].lower())


def create_report(gw: Gateway, title: str, *, offer_ids: Iterable[str] = (), start: dt.date | None = None,
                  end: dt.date | None = None, brand_id: str | None = None) -> Report:
    """A report from chosen accepted offers (of one brand), or from a date window (optionally one brand's
    deliverables in it). Refused with a message before anything is written when the input is incomplete."""
    title = (title or "").strip()
    if not 1 <= len(title) <= 120:
        raise ValidationError("Give the report a title (1 to 120 characters).")
    chosen = list(dict.fromkeys(offer_ids))
    if chosen:
        params = {"p_title": title, "p_offer_ids": chosen, "p_start": None, "p_end": None, "p_brand_id": None}
    else:
        if start is None or end is None:
            raise ValidationError("Choose the offers the report covers, or a start and an end date.")
        if start > end:
            raise ValidationError("The start date {isoformat} is after the end date {isoformat2}.",
                                  isoformat=start.isoformat(), isoformat2=end.isoformat())
        params = {"p_title": title, "p_offer_ids": None, "p_start": start.isoformat(), "p_end": end.isoformat(),
                  "p_brand_id": brand_id}
    return _report(gw.rpc("create_report", params))


def list_reports(gw: Gateway) -> list[Report]:
    """The creator's own reports, newest first."""
    rows = gw.select("reports", filters=[eq("creator_id", gw.person.id)], order=[("created_at", True)])
    return [_report(r) for r in rows]


def get_report(gw: Gateway, report_id: str) -> Report:
    return _report(only(gw.select("reports", filters=[eq("id", report_id)]),
                        NotFound("This report does not exist or is not shared with you.")))


def delete_report(gw: Gateway, report_id: str) -> None:
    gw.rpc("delete_report", {"p_report_id": report_id})


# -- reading -----------------------------------------------------------------------------------------------------

def data(gw: Gateway, report_id: str, *, visit: str | None = None) -> ReportData:
    """The report for its creator (live) or for a member of a brand it is shared with (as shared). A brand
    member's opening is always recorded in the creator's view log; openings with the same visit key
    (new_visit_key(), kept for the visit) count once. The creator's own reads are not logged."""
    envelope = gw.rpc("report_data", {"p_report_id": report_id, "p_visit": visit})
    if not envelope:
        raise NotFound("This report does not exist or is not shared with you.")
    return parse_envelope(envelope)


def new_visit_key() -> str:
    """A key for one visit to a secret link (a browser session and its reruns): 128 random bits."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def open_link(gw: Gateway, token: str | None, *, visit: str | None = None) -> ReportData | None:
    """The report behind a secret link, or None when the link is unknown, revoked or expired (the database
    gives the same answer for each). Works for anonymous visitors. Every opening is logged in the creator's view
    log; openings with the same visit key (new_visit_key(), kept for the visit) count once."""
    token = (token or "").strip()
    if not token or len(token) > 200:
        return None
    envelope = gw.rpc("shared_report", {"p_token": token, "p_visit": visit})
    return parse_envelope(envelope) if envelope else None


def parse_envelope(envelope: dict) -> ReportData:
    payload = envelope.get("payload") or {}
    r = payload.get("report") or {}
    report = Report(r.get("id"), r.get("title") or "", r.get("scope") or "offers", r.get("brand_id"),
                    r.get("brand_name"), (), as_date(r.get("period_start")), as_date(r.get("period_end")),
                    r.get("time_zone") or "UTC", as_datetime(r.get("created_at")))
    creator = payload.get("creator") or {}
    spend = payload.get("spend") or {}
    totals = payload.get("totals") or {}
    return ReportData(
        report=report,
        creator_name=creator.get("display_name") or "",
        markets=tuple(creator.get("markets") or ()),
        offers=tuple(OfferLine(o["id"], o["campaign"], o["brand_name"], Decimal(str(o["fee"])),
                               str(o["currency"]).strip(), o["status"], int(o.get("deliverables") or 0),
                               int(o.get("delivered") or 0)) for o in payload.get("offers") or []),
        spend=Spend(as_decimal(spend.get("amount")), spend.get("currency"),
                    None if spend.get("minor_units") is None else int(spend["minor_units"]),
                    tuple(spend.get("currencies") or ()), as_decimal(spend.get("delivered_amount"))),
        rows=tuple(_row(x) for x in payload.get("rows") or []),
        totals=Totals(
            posts=int(totals.get("posts") or 0), views=as_int(totals.get("views")), reach=as_int(totals.get("reach")),
            likes=as_int(totals.get("likes")), comments=as_int(totals.get("comments")),
            shares=as_int(totals.get("shares")), saves=as_int(totals.get("saves")),
            link_clicks=as_int(totals.get("link_clicks")), engagements=as_int(totals.get("engagements")),
            er_reach=as_decimal(totals.get("er_reach")), er_reach_median=as_decimal(totals.get("er_reach_median")),
            er_reach_posts=int(totals.get("er_reach_posts") or 0),
            er_reach_interactions=int(totals.get("er_reach_interactions") or 0),
            er_reach_reach=int(totals.get("er_reach_reach") or 0),
            er_views=as_decimal(totals.get("er_views")), er_views_posts=int(totals.get("er_views_posts") or 0),
            er_views_interactions=int(totals.get("er_views_interactions") or 0),
            er_views_views=int(totals.get("er_views_views") or 0),
            sources={k: int(v) for k, v in (totals.get("sources") or {}).items()}),
        as_of=as_datetime(payload.get("as_of")),
        generated_at=as_datetime(payload.get("generated_at")),
        mode=envelope.get("mode") or "live",
        frozen_at=as_datetime(envelope.get("frozen_at")),
        share_id=envelope.get("share_id"),
        share_kind=envelope.get("share_kind"),
        expires_at=as_datetime(envelope.get("expires_at")),
        conversions=tuple(Conversion(c["id"], c["label"], int(c["conversions"]), as_decimal(c.get("revenue")),
                                     (c.get("currency") or "").strip() or None, c.get("entered_by"),
                                     as_datetime(c.get("entered_at")),
                                     2 if c.get("minor_units") is None else int(c["minor_units"]))
                            for c in envelope.get("conversions") or []),
        tracking=report_tracking.parse(envelope.get("tracking")),
        language=envelope.get("language") if envelope.get("language") in LOCALES else None,
    )


# -- sharing -----------------------------------------------------------------------------------------------------

def share_with_brand(gw: Gateway, report_id: str, brand_id: str, mode: str, *,
                     valid_days: int | None = None) -> Share:
    """Grants the brand's members the report (RLS reads the grant); mode "live" or "frozen"."""
    _check_mode(mode)
    if not brand_id:
        raise ValidationError("Choose the brand partner to share the report with.")
    if valid_days is not None and not 1 <= int(valid_days) <= MAX_LINK_DAYS:
        raise ValidationError("A share can be valid for 1 to {MAX_LINK_DAYS} days.", MAX_LINK_DAYS=MAX_LINK_DAYS)
    row = gw.rpc("share_report", {"p_report_id": report_id, "p_kind": "brand", "p_mode": mode, "p_brand_id": brand_id,
                                  "p_token_hash": None,
                                  "p_valid_days": None if valid_days is None else int(valid_days), "p_label": None})
    return _share(row)


def share_link(gw: Gateway, report_id: str, mode: str, *, valid_days: int = LINK_DAYS,
               label: str | None = None, language: str | None = None) -> NewLink:
    """A secret link: the token is made here, returned once, and only its SHA-256 reaches the database. Its
    visitors read it in `language` unless they switch (None: the creator's own profile language)."""
    _check_mode(mode)
    check_language(language)
    if valid_days is None or not 1 <= int(valid_days) <= MAX_LINK_DAYS:
        raise ValidationError("A link can be valid for 1 to {MAX_LINK_DAYS} days.", MAX_LINK_DAYS=MAX_LINK_DAYS)
    label = (label or "").strip() or None
    if label and len(label) > 80:
        raise ValidationError("The label must be at most 80 characters.")
    token = new_token()
    row = gw.rpc("share_report", {"p_report_id": report_id, "p_kind": "link", "p_mode": mode, "p_brand_id": None,
                                  "p_token_hash": token_hash(token), "p_valid_days": int(valid_days),
                                  "p_label": label, "p_language": language})
    return NewLink(_share(row), token)


def set_language(gw: Gateway, share_id: str, language: str | None) -> Share:
    """Changes the language a secret link is read in (None: the creator's own profile language); the link stays."""
    check_language(language)
    return _share(gw.rpc("set_report_share_language", {"p_share_id": share_id, "p_language": language}))


def revoke(gw: Gateway, share_id: str) -> Share:
    return _share(gw.rpc("revoke_report_share", {"p_share_id": share_id}))


def shares(gw: Gateway, report_id: str) -> list[Share]:
    """Every share of one of the creator's reports, newest first, with the brand's name."""
    rows = gw.select("report_shares", columns=["id", "report_id", "kind", "brand_id", "label", "mode", "frozen_at",
                                               "expires_at", "revoked_at", "created_at", "language"],
                     filters=[eq("report_id", report_id)], order=[("created_at", True)])
    names = _brand_names(gw, {r["brand_id"] for r in rows if r.get("brand_id")})
    return [_share(r, names.get(r.get("brand_id"))) for r in rows]


def views(gw: Gateway, report_id: str, limit: int = 500) -> list[View]:
    """Who opened the report, newest first (signed-in brand partners by name; link holders without one)."""
    rows = gw.select("report_views", filters=[eq("report_id", report_id)], order=[("viewed_at", True)], limit=limit)
    ids = sorted({r["viewer_id"] for r in rows if r.get("viewer_id")})
    names = {}
    if ids:
        names = {p["id"]: p["display_name"] for p in gw.select("profiles", columns=["id", "display_name"],
                                                              filters=[Filter("id", "in", ids)])}
    return [View(int(r["id"]), r["share_id"], as_datetime(r["viewed_at"]), r.get("viewer_id"), names.get(r.get("viewer_id")))
            for r in rows]


def shared_with_me(gw: Gateway) -> list[SharedReport]:
    """The reports shared with the brand partner's brands (active shares only; RLS decides), newest first."""
    share_rows = gw.select("report_shares", columns=["id", "report_id", "kind", "brand_id", "label", "mode",
                                                     "frozen_at", "expires_at", "revoked_at", "created_at"],
                           filters=[eq("kind", "brand")], order=[("created_at", True)])
    share_rows = [s for s in share_rows if s.get("brand_id")]
    if not share_rows:
        return []
    reports = {r["id"]: _report(r) for r in gw.select("reports", filters=[
        Filter("id", "in", sorted({s["report_id"] for s in share_rows}))])}
    creators = {r.creator_id for r in reports.values() if r.creator_id}
    names = {}
    if creators:
        names = {p["id"]: p["display_name"] for p in gw.select("profiles", columns=["id", "display_name"],
                                                              filters=[Filter("id", "in", sorted(creators))])}
    brands = _brand_names(gw, {s["brand_id"] for s in share_rows})
    out, seen = [], set()
    for s in share_rows:
        report = reports.get(s["report_id"])
        if report is None or report.creator_id == gw.person.id or report.id in seen:
            continue
        seen.add(report.id)
        out.append(SharedReport(report, names.get(report.creator_id), _share(s, brands.get(s["brand_id"]))))
    return out


# -- conversions -------------------------------------------------------------------------------------------------

NOTHING_POSTED_FOR_CONVERSIONS = ("Nothing in this report has been posted yet: conversions can be added once a post "
                                  "is live.")


def parse_conversions(value) -> int:
    """A count typed by a person ("1,204") as an int; refuses text, fractions and negative numbers."""
    return money.parse_count(value, label="Conversions", maximum=MAX_CONVERSIONS,
                             empty="Enter how many conversions (0 or more).")


def parse_revenue(value, currency: str | None, minor_units: int) -> Decimal | None:
    """Optional revenue as an exact Decimal (None when left empty); refuses text and negative amounts."""
    return money.parse_optional_amount(value, currency, int(minor_units), label="The revenue",
                                      places_label="Revenue")  # in the database's own words


def add_conversion(gw: Gateway, report_id: str, label: str, conversions, revenue=None,
                   currency: str | None = None, *, minor_units: int = 2) -> Conversion:
    """The brand enters conversions (promo codes redeemed, sales) on a report shared with it; they feed CPA."""
    label = (label or "").strip()
    if not 1 <= len(label) <= 120:
        raise ValidationError('Say what the conversions are (1 to 120 characters), for example "Promo code MAYA15".')
    count = parse_conversions(conversions)
    amount = parse_revenue(revenue, currency, minor_units)
    if data(gw, report_id).nothing_posted:  # in the database's own words (report_conversion_needs_a_post)
        raise ValidationError(NOTHING_POSTED_FOR_CONVERSIONS)
    row = gw.rpc("add_report_conversion", {"p_report_id": report_id, "p_label": label, "p_conversions": str(count),
                                           "p_revenue": None if amount is None else str(amount),
                                           "p_currency": currency if amount is not None else None})
    return Conversion(row["id"], row["label"], int(row["conversions"]), as_decimal(row.get("revenue")),
                      (row.get("currency") or "").strip() or None, None, as_datetime(row.get("entered_at")))


def remove_conversion(gw: Gateway, conversion_id: str) -> None:
    gw.rpc("remove_report_conversion", {"p_conversion_id": conversion_id})


# -- disclosure --------------------------------------------------------------------------------------------------

def disclosure_checks(row: Row, markets: Iterable[str]) -> list[disclosures.CaptionCheck]:
    """The post's caption checked against each of the creator's markets (sponsored, posted, captioned posts)."""
    if row.relationship is None or not row.post_live or row.caption is None or row.platform not in disclosures.PLATFORMS:
        return []
    return [disclosures.check_caption(row.caption, platform=row.platform, jurisdiction=m,
                                      relationship=row.relationship)
            for m in markets if m in disclosures.JURISDICTIONS]


def disclosure_status(row: Row, markets: Iterable[str]) -> str:
    """"pass" | "review" | "fail" from the caption check; otherwise why there is none: "organic" (no
    deliverable), "not_posted", "not_matched" (posted, the post not synced or imported yet), "unchecked"."""
    if row.relationship is None:
        return "organic"
    if not row.posted:
        return "not_posted"
    if not row.post_live or row.caption is None:
        return "not_matched"
    checks = disclosure_checks(row, list(markets))
    if not checks:
        return "unchecked"
    statuses = {c.status for c in checks}
    return "fail" if "fail" in statuses else "review" if "review" in statuses else "pass"


# -- frames (CSV) ------------------------------------------------------------------------------------------------

ROW_COLUMNS = ("posted_at_utc", "platform", "format", "campaign", "handle", "permalink", "deliverable_status",
               "views", "reach", "likes", "comments", "shares", "saves", "link_clicks", "engagements",
               "er_reach", "er_views", "numbers", "numbers_as_of_utc", "disclosure")


def rows_frame(data: ReportData) -> pd.DataFrame:
    """One row per deliverable or post, numbers as integers and rates as exact decimals, each row's mark."""
    records = []
    for r in data.rows:
        records.append({
            "posted_at_utc": r.posted_at.astimezone(dt.timezone.utc).isoformat() if r.posted_at else None,
            "platform": r.platform, "format": r.format, "campaign": _plain(r.campaign), "handle": _plain(r.handle),
            "permalink": r.permalink, "deliverable_status": r.status,
            "views": r.views, "reach": r.reach, "likes": r.likes, "comments": r.comments, "shares": r.shares,
            "saves": r.saves, "link_clicks": r.link_clicks, "engagements": r.engagements,
            "er_reach": None if r.er_reach is None else str(r.er_reach),
            "er_views": None if r.er_views is None else str(r.er_views),
            "numbers": r.mark,
            "numbers_as_of_utc": r.captured_at.astimezone(dt.timezone.utc).isoformat() if r.captured_at else None,
            "disclosure": disclosure_status(r, data.markets),
        })
    frame = pd.DataFrame(records, columns=list(ROW_COLUMNS))
    for column in ("views", "reach", "likes", "comments", "shares", "saves", "link_clicks", "engagements"):
        frame[column] = frame[column].astype("Int64")
    return frame


def summary_rows(data: ReportData, locale: str | None = None) -> list[dict]:
    """Every total and cost with its formula and mark: what the summary CSV and the PDF list. Values are plain
    (1,250 / 8.67% / 600.00 EUR, for the CSV) or, with `locale`, written for a reader of that language (the PDF)."""
    _text, _rate, money_text = values_for(locale)
    t = data.totals
    costs = data.costs()
    mark = t.mark
    out = [
        {"metric": "Posts", "value": _text(t.posts), "formula": metrics.POSTS_IN_PERIOD.formula, "mark": mark},
        {"metric": "Views", "value": _text(t.views), "formula": N_("Views = sum of each post's latest views"),
         "mark": mark},
        {"metric": "Reach", "value": _text(t.reach), "formula": N_("Reach = sum of each post's latest reach"),
         "mark": mark},
        {"metric": "Likes", "value": _text(t.likes), "formula": "", "mark": mark},
        {"metric": "Comments", "value": _text(t.comments), "formula": "", "mark": mark},
        {"metric": "Shares", "value": _text(t.shares), "formula": "", "mark": mark},
        {"metric": "Saves", "value": _text(t.saves), "formula": "", "mark": mark},
        {"metric": "Link clicks", "value": _text(t.link_clicks), "formula": "Where the platform reports them",
         "mark": mark},
        {"metric": report_metrics.ENGAGEMENTS.label, "value": _text(t.engagements),
         "formula": report_metrics.ENGAGEMENTS.formula, "mark": mark},
        {"metric": metrics.ENGAGEMENT_RATE_BY_REACH.label, "value": _rate(t.er_reach),
         "formula": metrics.ENGAGEMENT_RATE_BY_REACH.formula, "mark": mark},
        {"metric": metrics.ENGAGEMENT_RATE_BY_VIEWS.label, "value": _rate(t.er_views),
         "formula": metrics.ENGAGEMENT_RATE_BY_VIEWS.formula, "mark": mark},
        {"metric": report_metrics.COMMITTED.label,
         "value": money_text(costs.committed, costs.currency, costs.minor_units),
         "formula": report_metrics.COMMITTED.formula, "mark": ""},
        {"metric": report_metrics.SPEND.label,
         "value": money_text(costs.spend, costs.currency, costs.minor_units),
         "formula": report_metrics.SPEND.formula, "mark": ""},
        {"metric": report_metrics.CONVERSIONS.label,
         "value": _text(data.total_conversions), "formula": report_metrics.CONVERSIONS.formula,
         "mark": report_metrics.BRAND_MARK if data.conversions else ""},
    ]
    for metric in report_metrics.COST_METRICS:
        out.append({"metric": metric.label,
                    "value": money_text(costs.value(metric.key), costs.currency, costs.places(metric.key)),
                    "formula": metric.formula, "mark": ""})
    return _blank_marks(out) + report_tracking.summary_rows(data, locale)


def _blank_marks(rows: list[dict]) -> list[dict]:
    """A number that is not there carries no mark."""
    return [{**r, "mark": "" if r["value"] == "—" else r["mark"]} for r in rows]


SUMMARY_COLUMNS = ("metric", "value", "unit", "currency", "formula", "mark")


def summary_values(data: ReportData) -> list[dict]:
    """The totals CSV's rows: summary_rows' metrics as plain values a spreadsheet can sum (counts as integers, rates
    as exact ratios, money rounded to its currency's units with the ISO code in the currency column); no number,
    an empty cell and no mark."""
    t = data.totals
    costs = data.costs()
    mark = t.mark
    code = costs.currency or ""

    def count(metric: str, value, formula: str = "", row_mark: str = mark) -> dict:
        return {"metric": metric, "value": None if value is None else int(value), "unit": "count", "currency": "",
                "formula": formula, "mark": row_mark}

    def ratio(metric, value) -> dict:
        return {"metric": metric.label, "value": value, "unit": "ratio", "currency": "", "formula": metric.formula,
                "mark": mark}

    def cost(metric, value, places: int) -> dict:
        amount = None if value is None or costs.currency is None else \
            Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
        return {"metric": metric.label, "value": amount, "unit": "money", "currency": code,
                "formula": metric.formula, "mark": ""}

    out = [
        count("Posts", t.posts, metrics.POSTS_IN_PERIOD.formula),
        count("Views", t.views, N_("Views = sum of each post's latest views")),
        count("Reach", t.reach, N_("Reach = sum of each post's latest reach")),
        count("Likes", t.likes), count("Comments", t.comments), count("Shares", t.shares), count("Saves", t.saves),
        count("Link clicks", t.link_clicks, "Where the platform reports them"),
        count(report_metrics.ENGAGEMENTS.label, t.engagements, report_metrics.ENGAGEMENTS.formula),
        ratio(metrics.ENGAGEMENT_RATE_BY_REACH, t.er_reach), ratio(metrics.ENGAGEMENT_RATE_BY_VIEWS, t.er_views),
        cost(report_metrics.COMMITTED, costs.committed, costs.minor_units),
        cost(report_metrics.SPEND, costs.spend, costs.minor_units),
        count(report_metrics.CONVERSIONS.label, data.total_conversions, report_metrics.CONVERSIONS.formula,
              report_metrics.BRAND_MARK if data.conversions else ""),
    ]
    out += [cost(m, costs.value(m.key), costs.places(m.key)) for m in report_metrics.COST_METRICS]
    out += report_tracking.summary_values(data)
    return [{**r, "value": None if r["value"] is None else _plain_number(r["value"]),
             "mark": "" if r["value"] is None else r["mark"]} for r in out]


def _plain_number(value) -> Decimal | int:
    """1350.00, 0.086667, 4000: kept a number (to_safe_csv leaves numbers alone, a negative one too), written with
    a dot, no grouping and no exponent."""
    return Decimal(f"{value:f}") if isinstance(value, Decimal) else int(value)


def summary_frame(data: ReportData) -> pd.DataFrame:
    """The totals CSV: plain numbers with a dot, no grouping, no currency symbol; money's currency in its own
    column (summary_rows keeps the formatted text the PDF prints)."""
    return pd.DataFrame(summary_values(data), columns=list(SUMMARY_COLUMNS))


# -- downloads, built when asked for ---------------------------------------------------------------------------

class NoLongerShared(NotFound):
    """A download asked for after the link was revoked or expired, or the share ended: no file is made."""


def file_on_demand(current: Callable[[], object | None], build: Callable[[object], bytes | str]) -> Callable[[], bytes | str]:
    """A download's contents, made only when the person clicks: `current()` reads the report (or media kit)
    again at that moment, so nothing is rendered while the page draws, and a link revoked or expired after the
    page was drawn gives no file (NoLongerShared) instead of the numbers it showed then."""
    def produce() -> bytes | str:
        found = current()
        if found is None:
            raise NoLongerShared("This link is no longer valid: nothing to download.")
        return build(found)
    return produce


# -- rows → objects ----------------------------------------------------------------------------------------------

def check_language(language: str | None) -> None:
    """A document language is one of the portal's languages, or None for the creator's own."""
    if language is not None and language not in LOCALES:
        raise ValidationError('Unknown language "{locale}".', locale=language)


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise ValidationError("Share the report live (it follows new syncs) or frozen (its numbers as of now).")


def _report(r: dict) -> Report:
    return Report(r["id"], r["title"], r["scope"], r.get("brand_id"), r.get("brand_name"),
                  tuple(r.get("offer_ids") or ()), as_date(r.get("period_start")), as_date(r.get("period_end")),
                  r.get("time_zone") or "UTC", as_datetime(r.get("created_at")), r.get("creator_id"))


def _share(r: dict, brand_name: str | None = None) -> Share:
    return Share(r["id"], r["report_id"], r["kind"], r.get("brand_id"), r.get("label"), r["mode"],
                 as_datetime(r.get("frozen_at")), as_datetime(r.get("expires_at")), as_datetime(r.get("revoked_at")),
                 as_datetime(r.get("created_at")), brand_name, r.get("language"))


def _row(x: dict) -> Row:
    return Row(x.get("deliverable_id"), x.get("offer_id"), x.get("campaign"), x.get("platform") or "",
               x.get("format"), as_date(x.get("due_date")), x.get("status"), x.get("permalink"),
               as_datetime(x.get("posted_at")), x.get("post_id"), x.get("handle"), x.get("caption"),
               bool(x.get("post_live")), as_datetime(x.get("captured_at")), as_int(x.get("views")), as_int(x.get("reach")),
               as_int(x.get("likes")), as_int(x.get("comments")), as_int(x.get("shares")), as_int(x.get("saves")),
               as_int(x.get("link_clicks")), as_int(x.get("engagements")), as_decimal(x.get("er_reach")),
               as_decimal(x.get("er_views")), x.get("source"), x.get("relationship"))


def _brand_names(gw: Gateway, ids: set[str]) -> dict[str, str]:
    return names_by_id(gw, "brands", "name", ids)


def _plain(value: str | None) -> str | None:
    """Text someone typed, inert for a CSV cell (to_safe_csv then neutralises formulas)."""
    return None if value is None else inert(value)


def _text(value) -> str:
    return "—" if value is None else f"{int(value):,}"


def _rate(value: Decimal | None) -> str:
    return "—" if value is None else f"{value * 100:.2f}%"


def values_for(locale: str | None):
    """(count, ratio, money) writers: plain for the CSV (locale None), else in the reader's language through
    services.core.formatting, money still exact to its places and with its ISO code."""
    if locale is None:
        return _text, _rate, report_metrics.money_text
    from services.core import formatting as fmt

    def count(value) -> str:
        return "—" if value is None else fmt.number(int(value), locale)

    def ratio(value) -> str:
        return "—" if value is None else fmt.percent(Decimal(value), locale)

    def amount(value, currency, places) -> str:
        if value is None or currency is None:
            return "—"
        exact = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
        return f"{fmt.decimal(exact, locale, places)} {currency}"
    return count, ratio, amount
