"""Creator Home: the headline numbers and follower growth, aggregated in SQL."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from services.core.db.gateway import Gateway

HOME_DAYS = 30
GROWTH_DAYS = 180


@dataclass(frozen=True)
class HomeSummary:
    total_followers: int
    followers_change: int
    posts_in_period: int
    interactions: int
    reach: int
    engagement_rate_by_reach: Decimal | None
    period_start: dt.date
    period_end: dt.date

    @property
    def has_data(self) -> bool:
        return self.total_followers > 0 or self.posts_in_period > 0


def summary(gw: Gateway, days: int = HOME_DAYS) -> HomeSummary:
    row = gw.rpc("creator_home_summary", {"p_days": days})[0]
    rate = row["engagement_rate_by_reach"]
    return HomeSummary(
        total_followers=int(row["total_followers"] or 0),
        followers_change=int(row["followers_change"] or 0),
        posts_in_period=int(row["posts_in_period"] or 0),
        interactions=int(row["interactions"] or 0),
        reach=int(row["reach"] or 0),
        engagement_rate_by_reach=None if rate is None else Decimal(str(rate)),
        period_start=dt.date.fromisoformat(row["period_start"]),
        period_end=dt.date.fromisoformat(row["period_end"]),
    )


def follower_growth(gw: Gateway, end: dt.date, days: int = GROWTH_DAYS) -> pd.DataFrame:
    """Followers per platform per day (already summed in SQL, by the same followers_daily the Audience page
    uses: an account's last count carried over days it did not report): columns day, platform, followers."""
    start = end - dt.timedelta(days=days - 1)
    rows = gw.rpc("followers_daily", {"p_start": start.isoformat(), "p_end": end.isoformat(),
                                      "p_platforms": None, "p_account_ids": None}) or []
    frame = pd.DataFrame(rows, columns=["day", "platform", "followers", "net_new", "accounts"])
    frame = frame[["day", "platform", "followers"]]
    if not frame.empty:
        frame["day"] = pd.to_datetime(frame["day"])
        frame["followers"] = frame["followers"].astype("int64")
    return frame
