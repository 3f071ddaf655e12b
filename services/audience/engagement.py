"""Engagement: the rate trend with its formula, median and mean, by post type, top and bottom posts, and
the weekday × hour heatmap in the person's time zone. Every aggregate comes from SQL (engagement_*
functions over public.post_engagement); this module turns rows into frames."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from services.audience import metrics
from services.audience.dashboards import FORMULAS, Query
from services.core.db.gateway import Gateway
from services.core.errors import ValidationError
from services.core.values import as_decimal

GROUPS = ("post_type", "platform", "account")
TOP_POSTS = 5


@dataclass(frozen=True)
class Overview:
    formula: str
    posts: int
    rated_posts: int
    median: Decimal | None
    mean: Decimal | None
    pooled: Decimal | None
    interactions: int
    denominator: int

    @property
    def metric(self) -> metrics.Metric:
        return metrics.ENGAGEMENT_FORMULAS[self.formula]


def _params(q: Query, formula: str) -> dict:
    if formula not in FORMULAS:
        raise ValidationError('Unknown engagement formula "{formula}": choose reach, followers or views.',
                              formula=formula)
    return {**q.params(), "p_formula": formula}


def overview(gw: Gateway, q: Query, formula: str) -> Overview:
    rows = gw.rpc("engagement_overview", _params(q, formula)) or []
    return overview_from(formula, rows[0] if rows else {})


def overview_from(formula: str, r: dict) -> Overview:
    """An engagement_overview row (or its jsonb object) as an Overview."""
    return Overview(formula, int(r.get("posts") or 0), int(r.get("rated_posts") or 0), as_decimal(r.get("median_rate")),
                    as_decimal(r.get("mean_rate")), as_decimal(r.get("pooled_rate")), int(r.get("interactions") or 0),
                    int(r.get("denominator") or 0))


def by_group(gw: Gateway, q: Query, formula: str, group: str = "post_type") -> pd.DataFrame:
    """group_key, posts, rated_posts, median, mean, pooled."""
    return group_frame(gw.rpc("engagement_by_group", {**_params(q, formula), "p_group": group}) or [])


def group_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["group_key", "posts", "rated_posts", "median_rate", "mean_rate",
                                        "pooled_rate"])
    return _rates(frame.rename(columns={"median_rate": "median", "mean_rate": "mean", "pooled_rate": "pooled"}),
                  ("median", "mean", "pooled"))


def grain_for(start: dt.date, end: dt.date) -> str:
    """Trend buckets: days up to 6 weeks, weeks up to about 13 months, then months."""
    days = (end - start).days + 1
    return "day" if days <= 42 else "week" if days <= 400 else "month"


def trend(gw: Gateway, q: Query, formula: str, grain: str | None = None) -> pd.DataFrame:
    """bucket (first day of the local day/week/month), posts, rated_posts, median, mean."""
    grain = grain or grain_for(q.start, q.end)
    return trend_frame(gw.rpc("engagement_trend", {**_params(q, formula), "p_grain": grain}) or [])


def trend_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["bucket", "posts", "rated_posts", "median_rate", "mean_rate"])
    frame["bucket"] = pd.to_datetime(frame["bucket"])
    return _rates(frame.rename(columns={"median_rate": "median", "mean_rate": "mean"}), ("median", "mean"))


def heatmap(gw: Gateway, q: Query, formula: str) -> pd.DataFrame:
    """weekday (1 = Monday … 7 = Sunday), hour (0-23, local), posts, rated_posts, median."""
    return heatmap_frame(gw.rpc("engagement_heatmap", _params(q, formula)) or [])


def heatmap_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["weekday", "hour", "posts", "rated_posts", "median_rate"])
    return _rates(frame.rename(columns={"median_rate": "median"}), ("median",))


def top_posts(gw: Gateway, q: Query, formula: str, *, lowest: bool = False, limit: int = TOP_POSTS) -> pd.DataFrame:
    """The posts with the highest (or lowest) rate: post_id, platform, handle, post_type, posted_at,
    permalink, caption, interactions, denominator, rate."""
    return posts_frame(gw.rpc("engagement_top_posts", {**_params(q, formula), "p_limit": limit,
                                                       "p_lowest": lowest}) or [])


def posts_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["post_id", "platform", "handle", "post_type", "posted_at", "permalink",
                                        "caption", "interactions", "denominator", "rate"])
    frame["posted_at"] = pd.to_datetime(frame["posted_at"], utc=True)
    return _rates(frame, ("rate",))


@dataclass(frozen=True)
class EngagementPage:
    """Everything the Engagement page draws, from one call (public.engagement_page)."""
    overview: Overview
    grain: str
    by_account: pd.DataFrame
    by_post_type: pd.DataFrame
    trend: pd.DataFrame
    heatmap: pd.DataFrame
    top: pd.DataFrame
    bottom: pd.DataFrame


def page(gw: Gateway, q: Query, formula: str, *, limit: int = TOP_POSTS) -> EngagementPage:
    """The Engagement page's view model: one database call, one transaction, every aggregate from the same
    engagement_* functions the single-chart readers above call."""
    grain = grain_for(q.start, q.end)
    doc = gw.rpc("engagement_page", {**_params(q, formula), "p_grain": grain, "p_top": limit}) or {}
    return EngagementPage(overview_from(formula, doc.get("overview") or {}), grain,
                          group_frame(doc.get("by_account") or []), group_frame(doc.get("by_post_type") or []),
                          trend_frame(doc.get("trend") or []), heatmap_frame(doc.get("heatmap") or []),
                          posts_frame(doc.get("top") or []), posts_frame(doc.get("bottom") or []))


def halves(q: Query) -> tuple[Query, Query] | None:
    """The range split in two (for comparing engagement early and late); None when shorter than 2 days."""
    days = (q.end - q.start).days + 1
    if days < 2:
        return None
    mid = q.start + dt.timedelta(days=days // 2 - 1)
    return q.with_dates(q.start, mid), q.with_dates(mid + dt.timedelta(days=1), q.end)


def _rates(frame: pd.DataFrame, columns) -> pd.DataFrame:
    for column in columns:
        frame[column] = frame[column].map(lambda v: None if v is None or v != v else Decimal(str(v)))
    return frame
