"""Audience health: sudden follower spikes (robust z-score of the daily net change), engagement that does
not keep up with follower growth, and the share of the audience in the creator's target countries.

Each check works on already-aggregated numbers (one net change per day, two medians, a few shares) and
returns a Signal: its status and the numbers behind it; the page says it in a sentence."""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable, Sequence

import pandas as pd

SPIKE_Z = 3.5  # Iglewicz and Hoaglin's cut-off for the modified z-score
MIN_DAYS_FOR_SPIKES = 14
GROWTH_THRESHOLD = Decimal("0.05")  # followers grew at least 5 % over the range …
ENGAGEMENT_DROP = Decimal("0.20")  # … while median ER by followers fell by at least 20 % (relative)
MIN_POSTS_PER_HALF = 3


@dataclass(frozen=True)
class Signal:
    key: str  # spikes | engagement_vs_growth | target_share
    status: str  # ok | warning | unknown
    values: dict = field(default_factory=dict)


def robust_z(values: Sequence[float]) -> list[float | None]:
    """Modified z-score: 0.6745 × (x − median) / MAD. When more than half the values are equal (MAD = 0),
    the mean absolute deviation stands in (z = (x − median) / (1.253314 × MeanAD)); None when all are equal."""
    xs = [float(v) for v in values]
    if not xs:
        return []
    med = statistics.median(xs)
    mad = statistics.median(abs(x - med) for x in xs)
    if mad > 0:
        return [0.6745 * (x - med) / mad for x in xs]
    mean_ad = sum(abs(x - med) for x in xs) / len(xs)
    if mean_ad == 0:
        return [None for _ in xs]
    return [(x - med) / (1.253314 * mean_ad) for x in xs]


def follower_spikes(combined: pd.DataFrame, threshold: float = SPIKE_Z) -> tuple[Signal, pd.DataFrame]:
    """Days whose net new followers stand out: combined has day and net_new (one row per day)."""
    daily = combined.dropna(subset=["net_new"]) if not combined.empty else combined
    if len(daily) < MIN_DAYS_FOR_SPIKES:
        return Signal("spikes", "unknown", {"days": len(daily), "needed": MIN_DAYS_FOR_SPIKES}), \
            pd.DataFrame(columns=["day", "net_new", "z"])
    z = robust_z(daily["net_new"].astype("float64").tolist())
    scored = daily[["day", "net_new"]].assign(z=z)
    spikes = scored[scored["z"].map(lambda v: v is not None and v > threshold)].reset_index(drop=True)
    median = statistics.median(daily["net_new"].astype("float64").tolist())
    status = "warning" if len(spikes) else "ok"
    return Signal("spikes", status, {"count": len(spikes), "median": median, "threshold": threshold}), spikes


def engagement_vs_growth(growth_rate: Decimal | None, first_half_median: Decimal | None, first_half_posts: int,
                         second_half_median: Decimal | None, second_half_posts: int) -> Signal:
    """Followers grew but the median ER by followers fell: new followers are not engaging like earlier ones."""
    values = {"growth_rate": growth_rate, "before": first_half_median, "after": second_half_median}
    if (growth_rate is None or first_half_median is None or second_half_median is None
            or min(first_half_posts, second_half_posts) < MIN_POSTS_PER_HALF or first_half_median == 0):
        return Signal("engagement_vs_growth", "unknown", values)
    change = (second_half_median - first_half_median) / first_half_median
    values["change"] = change
    lagging = growth_rate >= GROWTH_THRESHOLD and change <= -ENGAGEMENT_DROP
    return Signal("engagement_vs_growth", "warning" if lagging else "ok", values)


def target_share(countries: pd.DataFrame, targets: Iterable[str]) -> Signal:
    """countries: the demographics rows of dimension 'country' (bucket, share, previous_share)."""
    targets = tuple(targets)
    if not targets:
        return Signal("target_share", "unknown", {"reason": "no_targets"})
    if countries.empty or countries["share"].isna().all():
        return Signal("target_share", "unknown", {"reason": "no_data", "targets": targets})
    chosen = countries[countries["bucket"].isin(targets)]
    share = sum((s for s in chosen["share"] if s is not None), Decimal(0))
    previous = [p for p in chosen["previous_share"] if p is not None]
    before = sum(previous, Decimal(0)) if countries["previous_share"].notna().any() else None
    return Signal("target_share", "ok", {"share": share, "previous": before, "targets": targets,
                                         "found": tuple(chosen["bucket"])})
