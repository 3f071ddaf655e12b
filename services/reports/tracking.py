"""What a report's tracked links and promo codes brought: clicks counted by the portal, redemptions and revenue from
the brand's shop (imported) or as the brand entered them, and the ratios brands judge a campaign by: CTR, conversion
rate, CPA and ROAS, per deliverable, per campaign and for the whole report.

The counts come from SQL (app.report_tracking, as of a frozen share's moment or now); every ratio is computed here,
once, with Decimal. Money is in the report's currency (the offers' fee currency): sales in another currency count
once converted with the creator's own dated rate (rate, date and source shown); without a rate they are shown apart
and left out of revenue, never guessed."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal

from services.audience.metrics import Metric
from services.core.messages import N_
from services.core.values import as_date, as_datetime, as_decimal
from services.links.links import LinkRef

RATIO_PLACES = 6      # CTR and conversion rate as exact fractions to a millionth (shown as % with 2 decimals)
ROAS_PLACES = 2       # ROAS to a hundredth: "3.25 ×"

CLICKS = Metric(
    "clicks", N_("Clicks"),
    N_("Clicks = people's clicks on the tracked links, counted by the portal"),
    N_("A visitor's repeat click on the same link within 30 minutes, and bots or link-preview fetchers, are counted "
       "apart and left out."))
CTR = Metric("ctr", N_("CTR"), N_("CTR = clicks ÷ reach"), N_("Reach of the posted deliverables, from their latest "
                                                               "numbers."))
REDEMPTIONS = Metric("redemptions", N_("Redemptions"), N_("Redemptions = orders with the promo codes"))
REVENUE = Metric(
    "revenue", N_("Revenue"), N_("Revenue = sales with the promo codes, in the report's currency"),
    N_("Sales in another currency are converted with the creator's rate of the day shown; without a rate they are "
       "shown apart and not added."))
CONVERSION = Metric("conversion", N_("Conversion rate"), N_("Conversion rate = redemptions ÷ clicks"))
CPA = Metric("cpa_codes", N_("CPA (promo codes)"), N_("CPA = fee ÷ redemptions"))
ROAS = Metric("roas", N_("ROAS"), N_("ROAS = revenue ÷ fee"))
METRICS = (CLICKS, CTR, REDEMPTIONS, REVENUE, CONVERSION, CPA, ROAS)

MARKS = {"portal": N_("Counted by the portal"), "import": N_("Imported from the brand's shop"),
         "brand": N_("Entered by the brand")}


@dataclass(frozen=True)
class TrackedLink(LinkRef):
    revoked: bool
    clicks: int
    repeats: int
    bots: int


@dataclass(frozen=True)
class CodeSales:
    currency: str
    source: str                      # "import" | "brand"
    orders: int
    revenue: Decimal
    first_day: dt.date | None
    last_day: dt.date | None
    converted: Decimal | None = None  # in the report's currency, when the currency differs and a rate exists
    rate: Decimal | None = None
    rate_date: dt.date | None = None
    rate_source: str | None = None


@dataclass(frozen=True)
class TrackedCode:
    id: str
    code: str
    offer_id: str
    deliverable_id: str | None
    revoked: bool
    sales: tuple[CodeSales, ...]


@dataclass(frozen=True)
class Figures:
    """One line of the tracking table: a deliverable, a campaign or the whole report."""
    clicks: int
    repeats: int
    bots: int
    reach: int | None
    orders: int
    revenue: Decimal | None           # in `currency`; None when nothing was sold or nothing could be converted
    unconverted: dict[str, Decimal]   # sales in other currencies without a rate: shown apart
    fee: Decimal | None
    currency: str | None
    minor_units: int
    has_codes: bool
    has_links: bool
    marks: tuple[str, ...] = ()

    @property
    def ctr(self) -> Decimal | None:
        return _ratio(self.clicks, self.reach) if self.has_links else None

    @property
    def conversion(self) -> Decimal | None:
        return _ratio(self.orders, self.clicks) if self.has_links and self.has_codes else None

    @property
    def cpa(self) -> Decimal | None:
        if not self.has_codes or not self.orders or self.fee is None:
            return None
        return _rounded(self.fee / self.orders, self.minor_units)

    @property
    def roas(self) -> Decimal | None:
        if self.revenue is None or not self.fee:
            return None
        return _rounded(self.revenue / self.fee, ROAS_PLACES)


@dataclass(frozen=True)
class Tracking:
    as_of: dt.datetime | None
    currency: str | None
    links: tuple[TrackedLink, ...] = ()
    codes: tuple[TrackedCode, ...] = ()
    daily: tuple[tuple[dt.date, int], ...] = ()
    rates: tuple[CodeSales, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not self.links and not self.codes


def parse(payload: dict | None) -> Tracking | None:
    if not payload:
        return None
    links = tuple(TrackedLink(x["id"], x["code"], x["offer_id"], x.get("deliverable_id"), x.get("platform") or "",
                              x.get("label"), bool(x.get("revoked")), int(x.get("clicks") or 0),
                              int(x.get("repeats") or 0), int(x.get("bots") or 0)) for x in payload.get("links") or [])
    codes = []
    for x in payload.get("codes") or []:
        sales = []
        for s in x.get("sales") or []:
            conv = s.get("converted") or {}
            sales.append(CodeSales(str(s["currency"]).strip(), s["source"], int(s["orders"]), as_decimal(s["revenue"]),
                                   as_date(s.get("first_day")), as_date(s.get("last_day")),
                                   as_decimal(conv.get("amount")), as_decimal(conv.get("rate")),
                                   as_date(conv.get("rate_date")), conv.get("source")))
        codes.append(TrackedCode(x["id"], x["code"], x["offer_id"], x.get("deliverable_id"), bool(x.get("revoked")),
                                 tuple(sales)))
    rates = {(s.currency, s.rate, s.rate_date): s for c in codes for s in c.sales if s.rate is not None}
    return Tracking(as_datetime(payload.get("as_of")), payload.get("currency"), links, tuple(codes),
                    tuple((as_date(d["day"]), int(d["clicks"])) for d in payload.get("daily") or []),
                    tuple(rates.values()))


# -- figures -------------------------------------------------------------------------------------------------------

def figures(tracking: Tracking, links: list[TrackedLink], codes: list[TrackedCode], *, reach: int | None,
            fee: Decimal | None, minor_units: int) -> Figures:
    currency = tracking.currency
    revenue, unconverted, marks = None, {}, []
    if links:
        marks.append("portal")
    for code in codes:
        for s in code.sales:
            if s.source not in marks:
                marks.append(s.source)
            amount = s.revenue if s.currency == currency else s.converted
            if amount is None:
                unconverted[s.currency] = unconverted.get(s.currency, Decimal(0)) + s.revenue
            else:
                revenue = (revenue or Decimal(0)) + amount
    return Figures(sum(l.clicks for l in links), sum(l.repeats for l in links), sum(l.bots for l in links), reach,
                   sum(s.orders for c in codes for s in c.sales), revenue, unconverted,
                   fee if currency else None, currency, minor_units, bool(codes), bool(links), tuple(marks))


def by_deliverable(tracking: Tracking, rows, offers, minor_units: int) -> list[tuple[object, Figures]]:
    """(report row, figures) for each deliverable that has a link or a code of its own. Its fee is its share of the
    offer's fee: fee ÷ the offer's deliverables."""
    fees = {o.id: (o.fee / o.deliverables if o.deliverables else None) for o in offers}
    out = []
    for row in rows:
        if not row.deliverable_id:
            continue
        own_links = [l for l in tracking.links if l.deliverable_id == row.deliverable_id]
        own_codes = [c for c in tracking.codes if c.deliverable_id == row.deliverable_id]
        if own_links or own_codes:
            out.append((row, figures(tracking, own_links, own_codes, reach=row.reach if row.posted else None,
                                     fee=fees.get(row.offer_id), minor_units=minor_units)))
    return out


def by_campaign(tracking: Tracking, rows, offers, minor_units: int) -> list[tuple[object, Figures]]:
    """(offer line, figures) for each offer with links or codes: all of them, the deliverables' own included, over the
    reach of its posted deliverables and its whole fee."""
    out = []
    for offer in offers:
        own_links = [l for l in tracking.links if l.offer_id == offer.id]
        own_codes = [c for c in tracking.codes if c.offer_id == offer.id]
        if own_links or own_codes:
            out.append((offer, figures(tracking, own_links, own_codes, reach=_reach(r for r in rows
                                                                                   if r.offer_id == offer.id),
                                       fee=offer.fee, minor_units=minor_units)))
    return out


def total(tracking: Tracking, rows, fee: Decimal | None, minor_units: int) -> Figures:
    """The whole report: every link and code over the report's reach (each post once) and the committed spend."""
    seen, posts = set(), []
    for r in rows:
        if r.posted and r.post_id not in seen:
            seen.add(r.post_id)
            posts.append(r)
    return figures(tracking, list(tracking.links), list(tracking.codes), reach=_reach(posts), fee=fee,
                   minor_units=minor_units)


def _reach(rows) -> int | None:
    values = [r.reach for r in rows if r.posted and r.reach is not None]
    return sum(values) if values else None


def _ratio(numerator: int, denominator: int | None) -> Decimal | None:
    if not denominator:
        return None
    return _rounded(Decimal(numerator) / Decimal(denominator), RATIO_PLACES)


def _rounded(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)


# -- a report ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReportFigures:
    total: Figures
    campaigns: list   # [(OfferLine, Figures)]
    deliverables: list  # [(Row, Figures)]
    tracking: Tracking


def for_report(data) -> ReportFigures | None:
    """The tracking figures of a ReportData (None when its deals have no tracked link and no promo code)."""
    t = data.tracking
    if t is None or t.empty:
        return None
    units = 2 if data.spend.minor_units is None else int(data.spend.minor_units)
    return ReportFigures(total(t, data.rows, data.spend.amount, units), by_campaign(t, data.rows, data.offers, units),
                         by_deliverable(t, data.rows, data.offers, units), t)


def summary_values(data) -> list[dict]:
    """summary_rows as plain values for the totals CSV: numbers with a dot and no grouping, rates as ratios, money
    rounded to the currency's units with its code in a column of its own (None where there is no number)."""
    found = for_report(data)
    if found is None:
        return []
    f = found.total
    marks = " + ".join(MARKS[m] for m in f.marks)

    def money(value):
        return None if value is None or f.currency is None else _rounded(value, f.minor_units)

    code = f.currency or ""
    rows = [
        {"metric": CLICKS.label, "value": f.clicks, "unit": "count", "currency": "", "formula": CLICKS.formula,
         "mark": MARKS["portal"]},
        {"metric": CTR.label, "value": f.ctr, "unit": "ratio", "currency": "", "formula": CTR.formula,
         "mark": MARKS["portal"]},
        {"metric": REDEMPTIONS.label, "value": f.orders if f.has_codes else None, "unit": "count", "currency": "",
         "formula": REDEMPTIONS.formula, "mark": marks},
        {"metric": REVENUE.label, "value": money(f.revenue), "unit": "money", "currency": code,
         "formula": REVENUE.formula, "mark": marks},
        {"metric": CONVERSION.label, "value": f.conversion, "unit": "ratio", "currency": "",
         "formula": CONVERSION.formula, "mark": ""},
        {"metric": CPA.label, "value": money(f.cpa), "unit": "money", "currency": code, "formula": CPA.formula,
         "mark": ""},
        {"metric": ROAS.label, "value": f.roas, "unit": "ratio", "currency": "", "formula": ROAS.formula, "mark": ""},
    ]
    for currency, amount in sorted(f.unconverted.items()):
        rows.append({"metric": "Revenue without a rate", "value": amount, "unit": "money", "currency": currency,
                     "formula": "Not converted: the creator has no rate for it", "mark": marks})
    for s in found.tracking.rates:
        rows.append({"metric": f"Rate used: {s.currency} → {f.currency}", "value": s.rate, "unit": "exchange rate",
                     "currency": f.currency,
                     "formula": f"1 {s.currency} = {s.rate} {f.currency}, rate of {s.rate_date} ({s.rate_source})",
                     "mark": ""})
    return rows


def summary_rows(data, locale: str | None = None) -> list[dict]:
    """The report's tracking totals with their formulas and marks, for the totals CSV and the PDF (values in the
    reader's language when `locale` is given: services.reports.reports.values_for)."""
    found = for_report(data)
    if found is None:
        return []
    from services.reports.reports import values_for  # reports imports this module
    count, pct, money_text = values_for(locale)
    f = found.total
    marks = " + ".join(MARKS[m] for m in f.marks)

    def money(value):
        return money_text(value, f.currency, f.minor_units)

    rows = [
        {"metric": CLICKS.label, "value": count(f.clicks), "formula": CLICKS.formula, "mark": MARKS["portal"]},
        {"metric": CTR.label, "value": pct(f.ctr), "formula": CTR.formula, "mark": MARKS["portal"]},
        {"metric": REDEMPTIONS.label, "value": count(f.orders) if f.has_codes else "—",
         "formula": REDEMPTIONS.formula, "mark": marks},
        {"metric": REVENUE.label, "value": money(f.revenue), "formula": REVENUE.formula, "mark": marks},
        {"metric": CONVERSION.label, "value": pct(f.conversion), "formula": CONVERSION.formula, "mark": ""},
        {"metric": CPA.label, "value": money(f.cpa), "formula": CPA.formula, "mark": ""},
        {"metric": ROAS.label, "value": "—" if f.roas is None else f"{f.roas}", "formula": ROAS.formula, "mark": ""},
    ]
    for currency, amount in sorted(f.unconverted.items()):
        rows.append({"metric": "Revenue without a rate", "value": f"{amount} {currency}",
                     "formula": "Not converted: the creator has no rate for it", "mark": marks})
    for s in found.tracking.rates:
        rows.append({"metric": f"Rate used: {s.currency} → {f.currency}", "value": f"{s.rate}",
                     "formula": f"1 {s.currency} = {s.rate} {f.currency}, rate of {s.rate_date} ({s.rate_source})",
                     "mark": ""})
    return [{**r, "mark": "" if r["value"] == "—" else r["mark"]} for r in rows]
