"""The numbers a campaign report adds to the dashboards' ones: spend, engagements and the cost of each result
(CPM, CPV, CPE, CPA), and the mark each number carries (verified, imported, self-reported, entered by the brand).

One definition per metric, as in services/audience/metrics.py: each Metric holds the formula shown next to the number,
and the functions below are the only place the portal computes these numbers (pages, CSV and PDF all call
them). The per-post counters and engagement rates come from SQL (public.post_engagement, through
app.report_payload); cost metrics are computed here with Decimal from the exact spend, never through float."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Mapping

from services.audience.metrics import Metric
from services.core.messages import N_

COMMITTED = Metric(
    "committed", N_("Committed spend"),
    N_("Committed spend = sum of the fees of the offers in the report"),
    N_("Fees as agreed in the offers (after any counter), in the offers' currency, whatever has been delivered."))
SPEND = Metric(
    "spend", N_("Spend on delivered"),
    N_("Spend on delivered = Σ per offer (fee × posted deliverables / all deliverables of that offer)"),
    N_("The share of each fee for what is posted (posted or verified), rounded once to the currency's minor units; "
    "the cost of each result divides this, so undelivered posts do not inflate it."))
ENGAGEMENTS = Metric(
    "engagements", N_("Engagements"),
    N_("Engagements = likes + comments + shares + saves, summed over the report's posts"),
    N_("The numerator of ER by reach; each post counts once, from its latest snapshot."))
CPM = Metric(
    "cpm", N_("CPM"),
    N_("CPM = spend on delivered / views × 1,000"),
    N_("Cost per thousand views; views count each time the content was shown, as impressions did."))
CPV = Metric(
    "cpv", N_("CPV"),
    N_("CPV = spend on delivered / views"),
    N_("Cost per view, to a hundredth of the currency's smallest unit."))
CPE = Metric(
    "cpe", N_("CPE"),
    N_("CPE = spend on delivered / engagements"),
    N_("Cost per engagement (likes, comments, shares and saves), to a hundredth of the currency's smallest unit."))
CPA = Metric(
    "cpa", N_("CPA"),
    N_("CPA = spend on delivered / conversions entered by the brand"),
    N_("Cost per conversion (promo codes redeemed, sales, sign-ups); shown once something is posted and the brand "
    "has entered conversions."))
CONVERSIONS = Metric(
    "conversions", "Conversions",
    N_("Conversions = sum of the conversions the brand entered on this report"))
COST_METRICS = (CPM, CPV, CPE, CPA)

# Where a number came from: posts' source column ('api' | 'import' | 'manual') → the mark shown beside it.
SOURCE_MARKS = {"api": "verified", "import": "imported", "manual": "self-reported"}
BRAND_MARK = "brand"
MARK_LABELS = {
    "verified": "Verified",
    "imported": N_("Imported"),
    "self-reported": N_("Self-reported"),
    "brand": N_("Entered by the brand"),
    "none": N_("No numbers yet"),
}
MARK_NOTES = {
    "verified": N_("Read from the platform's API by the portal."),
    "imported": N_("Read from an export file the creator downloaded from the platform."),
    "self-reported": N_("Typed in by the creator."),
    "brand": N_("Entered by the brand partner on this report."),
    "none": N_("The post has not been synced or imported since it was published."),
}
MARK_ICONS = {"verified": "✓", "imported": "⇪", "self-reported": "✎", "brand": "◆", "none": "…"}


def mark_for(source: str | None) -> str:
    """The mark of one post's numbers (from its latest snapshot's source)."""
    return SOURCE_MARKS.get(source or "", "none")


def mixed_marks(sources: Mapping[str, int]) -> dict[str, int]:
    """How many posts behind a total carry each mark ({'verified': 3, 'imported': 1}); marks with no post are
    left out."""
    out: dict[str, int] = {}
    for source, count in sources.items():
        if count:
            mark = SOURCE_MARKS.get(source, "none")
            out[mark] = out.get(mark, 0) + int(count)
    return out


def total_mark(sources: Mapping[str, int]) -> str:
    """One mark for a total: the single mark all its posts share, else "mixed"."""
    marks = [m for m in mixed_marks(sources) if m != "none"]
    if not marks:
        return "none"
    return marks[0] if len(marks) == 1 else "mixed"


@dataclass(frozen=True)
class Costs:
    currency: str | None
    spend: Decimal | None
    cpm: Decimal | None
    cpv: Decimal | None
    cpe: Decimal | None
    cpa: Decimal | None
    minor_units: int = 2
    committed: Decimal | None = None

    @property
    def fine_places(self) -> int:
        """Decimal places of CPV and CPE: two more than the currency's minor units (a view costs under a cent)."""
        return self.minor_units + 2

    def places(self, key: str) -> int:
        return self.fine_places if key in ("cpv", "cpe") else self.minor_units

    def value(self, key: str) -> Decimal | None:
        return getattr(self, key)


def _rounded(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)


def costs(spend: Decimal | None, currency: str | None, minor_units: int | None, *, views: int | None,
          engagements: int | None, conversions: int | None, committed: Decimal | None = None) -> Costs:
    """CPM, CPV, CPE and CPA from the exact spend. A metric is None when there is no spend (no fee, or fees in
    more than one currency) or nothing to divide by (no views, no engagements, no conversions entered)."""
    places = 2 if minor_units is None else int(minor_units)
    if spend is None or currency is None:
        return Costs(currency, None, None, None, None, None, places, committed)
    spend = Decimal(spend)

    def per(divisor: int | None, scale: int, digits: int) -> Decimal | None:
        if not divisor:
            return None
        return _rounded(spend * scale / Decimal(int(divisor)), digits)

    return Costs(currency, spend,
                 cpm=per(views, 1000, places),
                 cpv=per(views, 1, places + 2),
                 cpe=per(engagements, 1, places + 2),
                 cpa=per(conversions, 1, places),
                 minor_units=places, committed=None if committed is None else Decimal(committed))


def money_text(value: Decimal | None, currency: str | None, places: int) -> str:
    """Plain money text with the ISO code ("1,250.00 GBP", "0.0123 GBP"), exact to `places` decimals."""
    if value is None or currency is None:
        return "—"
    return f"{_rounded(Decimal(value), places):,.{places}f} {currency}"
