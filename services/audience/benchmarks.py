"""Published engagement benchmarks per platform and follower tier, as data (services/data/
engagement_benchmarks.csv): each row names its formula, the tier bounds the publisher used, the values it
published (low / median / high / mean; a cell is empty when the source gives none) and its source and year."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Iterable

DATA = Path(__file__).resolve().parent / "engagement_benchmarks.csv"

#: The portal's own tier names (what a creator is called), from the issue: nano 1K–10K, micro 10K–100K, …
TIERS: tuple[tuple[str, int, int | None], ...] = (
    ("nano", 1_000, 10_000), ("micro", 10_000, 100_000), ("mid", 100_000, 500_000),
    ("macro", 500_000, 1_000_000), ("mega", 1_000_000, None),
)


@dataclass(frozen=True)
class Benchmark:
    platform: str
    tier: str  # the publisher's name for the tier
    followers_min: int
    followers_max: int | None  # exclusive; None = no upper bound
    formula: str  # reach | followers | views (services.audience.metrics.ENGAGEMENT_FORMULAS)
    low: Decimal | None
    median: Decimal | None
    high: Decimal | None
    mean: Decimal | None
    publisher: str
    report: str
    year: int
    url: str
    note: str

    def covers(self, followers: int) -> bool:
        return followers >= self.followers_min and (self.followers_max is None or followers < self.followers_max)

    @property
    def values(self) -> list[Decimal]:
        return [v for v in (self.low, self.median, self.high, self.mean) if v is not None]

    @property
    def source(self) -> str:
        return f"{self.publisher}, {self.report} ({self.year})"


@dataclass(frozen=True)
class Band:
    low: Decimal
    high: Decimal
    rows: tuple[Benchmark, ...]


def tier_for(followers: int | None) -> str | None:
    """The portal's tier for a follower count; None below 1,000 followers."""
    if followers is None:
        return None
    for name, low, high in TIERS:
        if followers >= low and (high is None or followers < high):
            return name
    return None


@cache
def load(path: Path = DATA) -> tuple[Benchmark, ...]:
    with open(path, newline="", encoding="utf-8") as handle:
        return tuple(_row(r) for r in csv.DictReader(handle))


def matching(platform: str, followers: int | None, formula: str,
             rows: Iterable[Benchmark] | None = None) -> list[Benchmark]:
    """Published benchmarks for an account: same platform and formula, and a tier that covers its followers."""
    if followers is None:
        return []
    rows = load() if rows is None else rows
    return sorted((b for b in rows if b.platform == platform and b.formula == formula and b.covers(followers)),
                  key=lambda b: (-b.year, b.publisher))


def band(rows: Iterable[Benchmark]) -> Band | None:
    """From the lowest to the highest published value of the rows (a line when there is one value)."""
    rows = tuple(rows)
    values = [v for b in rows for v in b.values]
    if not values:
        return None
    return Band(min(values), max(values), rows)


def _decimal(text: str) -> Decimal | None:
    text = (text or "").strip()
    return Decimal(text) if text else None


def _row(r: dict) -> Benchmark:
    return Benchmark(
        platform=r["platform"].strip(), tier=r["tier"].strip(), followers_min=int(r["followers_min"]),
        followers_max=int(r["followers_max"]) if r["followers_max"].strip() else None, formula=r["formula"].strip(),
        low=_decimal(r["low"]), median=_decimal(r["median"]), high=_decimal(r["high"]), mean=_decimal(r["mean"]),
        publisher=r["publisher"].strip(), report=r["report"].strip(), year=int(r["year"]), url=r["url"].strip(),
        note=r["note"].strip())
