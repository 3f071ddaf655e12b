"""Fair-rate hint: what an offer's deliverables would cost at published CPM rates, given the creator's own
typical audience for that platform and format.

    range per deliverable line = median views per post (or median reach when a platform reports no views)
                                 × how many × CPM (low … high) ÷ 1,000

The medians come from SQL (creator_rate_basis: each post's latest snapshot over the last 180 days, the
creator's own posts only); the CPM bands from services/offers/rate_benchmarks.json, each with its source and
year. The offer is compared with the range only when both are in the same currency: the portal converts
no money without a dated exchange rate."""
from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache
from pathlib import Path

from services.core.db.gateway import Gateway
from services.offers.offers import Item
from services.core.values import as_decimal

BENCHMARKS = Path(__file__).resolve().parent / "rate_benchmarks.json"
DAYS = 180
FAR_BELOW = Decimal("0.5")  # an offer under half the low end of the range is "far below"
THOUSAND = Decimal(1000)


@dataclass(frozen=True)
class BenchmarkSource:
    publisher: str
    title: str
    url: str
    year: int


@dataclass(frozen=True)
class Band:
    platform: str
    metric: str
    low: Decimal
    high: Decimal
    currency: str
    source: BenchmarkSource


@dataclass(frozen=True)
class ItemHint:
    item: Item
    posts: int
    basis: str | None            # "views" | "reach" | None
    per_post: Decimal | None     # median views (or reach) per post
    low: Decimal | None
    high: Decimal | None
    band: Band | None
    first_posted: str | None
    last_posted: str | None
    missing: str | None          # "no_posts" | "no_benchmark" | None


@dataclass(frozen=True)
class FairRate:
    items: tuple[ItemHint, ...]
    low: Decimal | None
    high: Decimal | None
    currency: str | None
    fee: Decimal
    fee_currency: str
    days: int = DAYS

    @property
    def complete(self) -> bool:
        return bool(self.items) and all(h.missing is None for h in self.items)

    @property
    def comparable(self) -> bool:
        return self.complete and self.currency == self.fee_currency

    @property
    def ratio(self) -> Decimal | None:
        if not self.comparable or not self.low:
            return None
        return (self.fee / self.low).quantize(Decimal("0.01"))

    @property
    def far_below(self) -> bool:
        return self.comparable and self.low is not None and self.fee < self.low * FAR_BELOW

    @property
    def sources(self) -> list[BenchmarkSource]:
        seen = []
        for h in self.items:
            if h.band and h.band.source not in seen:
                seen.append(h.band.source)
        return seen


@cache
def bands() -> dict[str, Band]:
    data = json.loads(BENCHMARKS.read_text(encoding="utf-8"))
    sources = {}
    for key, s in data["sources"].items():
        if not (s.get("publisher") and s.get("title") and s.get("url") and s.get("year")):
            raise ValueError(f"rate_benchmarks.json: source {key} needs publisher, title, url and year")
        sources[key] = BenchmarkSource(s["publisher"], s["title"], s["url"], int(s["year"]))
    out = {}
    for b in data["bands"]:
        low, high = Decimal(b["low"]), Decimal(b["high"])
        if not Decimal(0) < low <= high:
            raise ValueError(f"rate_benchmarks.json: {b['platform']} band must have 0 < low <= high")
        out[b["platform"]] = Band(b["platform"], b["metric"], low, high, b["currency"], sources[b["source"]])
    return out


def hint(gw: Gateway, items, *, fee: Decimal, currency: str, days: int = DAYS) -> FairRate:
    """The range for the offer's deliverables (creator's own gateway: the medians are theirs alone)."""
    hints = []
    for item in items:
        band = bands().get(item.platform)
        rows = gw.rpc("creator_rate_basis", {"p_platform": item.platform, "p_format": item.format, "p_days": days})
        row = (rows[0] if isinstance(rows, list) and rows else rows) or {}
        posts = int(row.get("posts") or 0)
        views, reach = as_decimal(row.get("median_views")), as_decimal(row.get("median_reach"))
        per_post, basis = (views, "views") if views else (reach, "reach") if reach else (None, None)
        missing = "no_posts" if not posts or per_post is None else "no_benchmark" if band is None else None
        low = high = None
        if missing is None:
            per_post = per_post.quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
            impressions = per_post * int(item.quantity)
            low = _money(band.low * impressions / THOUSAND)
            high = _money(band.high * impressions / THOUSAND)
        hints.append(ItemHint(item, posts, basis, per_post, low, high, band, row.get("first_posted"),
                              row.get("last_posted"), missing))
    priced = [h for h in hints if h.missing is None]
    currencies = {h.band.currency for h in priced}
    total_low = sum((h.low for h in priced), Decimal(0)) if priced and len(currencies) == 1 else None
    total_high = sum((h.high for h in priced), Decimal(0)) if priced and len(currencies) == 1 else None
    return FairRate(tuple(hints), total_low, total_high, currencies.pop() if len(currencies) == 1 else None,
                    Decimal(str(fee)), currency, days)


def _money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
