"""Audience: followers over time per platform and combined, net new followers per day and week, growth
rate, and demographics at the latest snapshot with the change since the one before.

Every number is aggregated in SQL (followers_daily, audience_demographics); what happens here works on
those already-aggregated frames (one row per day or per bucket), never on a creator's raw rows."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from services.audience.dashboards import Account, Query
from services.audience.engagement import Overview, halves, overview_from
from services.core.db.gateway import Gateway
from services.core.messages import N_

DIMENSIONS = ("age", "gender", "country", "city")
# Where a platform does not give demographics, and why (shown as a note on the page).
INSTAGRAM_MIN_FOLLOWERS = 100
NO_DEMOGRAPHICS = {
    "twitch": N_("Twitch's API reports no audience demographics."),
    "discord": N_("Discord reports no audience demographics."),
    "reddit": N_("Reddit reports no audience demographics."),
}


@dataclass(frozen=True)
class AudienceSummary:
    followers_end: int | None
    followers_before: int | None  # the day before the range (or its first day with data)
    net_new: int
    growth_rate: Decimal | None
    end: dt.date


@dataclass
class Audience:
    by_platform: pd.DataFrame  # day, platform, followers, net_new
    combined: pd.DataFrame  # day, followers, net_new
    weekly: pd.DataFrame  # week, net_new, days
    platforms: pd.DataFrame  # platform, followers_before, followers_end, net_new, growth_rate
    summary: AudienceSummary

    @property
    def empty(self) -> bool:
        return self.combined.empty


def audience(gw: Gateway, q: Query) -> Audience:
    """Followers per platform and combined over q's dates, with net new followers (one round trip)."""
    before = q.start - dt.timedelta(days=1)
    rows = gw.rpc("followers_daily", {"p_start": before.isoformat(), "p_end": q.end.isoformat(),
                                      **q.account_params()}) or []
    return audience_from(rows, q)


def audience_from(rows: list[dict], q: Query) -> Audience:
    """followers_daily rows from the day before q's start to its end, as the Audience view."""
    frame = pd.DataFrame(rows, columns=["day", "platform", "followers", "net_new", "accounts"])
    frame["day"] = pd.to_datetime(frame["day"])
    frame["followers"] = frame["followers"].astype("int64")
    frame["net_new"] = pd.to_numeric(frame["net_new"]).astype("Int64")
    return build(frame.drop(columns="accounts"), q.start, q.end)


def build(frame: pd.DataFrame, start: dt.date, end: dt.date) -> Audience:
    """From followers_daily rows covering the day before `start` to `end` (day, platform, followers, net_new)."""
    first = pd.Timestamp(start)
    before_rows = frame[frame["day"] < first]
    in_range = frame[frame["day"] >= first].reset_index(drop=True)

    combined = (in_range.groupby("day", as_index=False)
                .agg(followers=("followers", "sum"), net_new=("net_new", lambda s: s.sum(min_count=1))))
    combined["net_new"] = combined["net_new"].astype("Int64")
    weekly = weekly_net_new(combined)

    platforms = []
    for platform, part in in_range.groupby("platform", sort=True):
        prior = before_rows[before_rows["platform"] == platform]
        base = int(prior["followers"].iloc[-1]) if not prior.empty else int(part["followers"].iloc[0])
        net = int(part["net_new"].sum(min_count=1) or 0) if part["net_new"].notna().any() else 0
        platforms.append({"platform": platform, "followers_before": base,
                          "followers_end": int(part["followers"].iloc[-1]), "net_new": net,
                          "growth_rate": growth_rate(net, base)})
    platform_frame = pd.DataFrame(platforms, columns=["platform", "followers_before", "followers_end", "net_new",
                                                      "growth_rate"])

    if combined.empty:
        summary = AudienceSummary(None, None, 0, None, end)
    else:
        prior_total = before_rows.groupby("day")["followers"].sum()
        base = int(prior_total.iloc[-1]) if not prior_total.empty else int(combined["followers"].iloc[0])
        net = int(combined["net_new"].sum(min_count=1)) if combined["net_new"].notna().any() else 0
        summary = AudienceSummary(int(combined["followers"].iloc[-1]), base, net, growth_rate(net, base), end)
    return Audience(in_range, combined, weekly, platform_frame, summary)


def growth_rate(net_new: int, followers_before: int | None) -> Decimal | None:
    """GROWTH_RATE: net new followers in the range / followers the day before it; None without a base."""
    if not followers_before:
        return None
    return (Decimal(net_new) / Decimal(followers_before)).quantize(Decimal("0.000001"))


def weekly_net_new(combined: pd.DataFrame) -> pd.DataFrame:
    """WEEKLY_NET_NEW: daily net new summed per week starting Monday; `days` says how many days of the
    week are in the range (the first and last week may be partial)."""
    if combined.empty:
        return pd.DataFrame(columns=["week", "net_new", "days"])
    days = combined.assign(week=combined["day"] - pd.to_timedelta(combined["day"].dt.weekday, unit="D"))
    weekly = days.groupby("week", as_index=False).agg(
        net_new=("net_new", lambda s: s.sum(min_count=1)), days=("day", "count"))
    weekly["net_new"] = weekly["net_new"].astype("Int64")
    return weekly


def demographics(gw: Gateway, q: Query) -> pd.DataFrame:
    """dimension, bucket, share, previous_share, change, as_of, previous_as_of, accounts (shares 0-1)."""
    return demographics_frame(gw.rpc("audience_demographics", q.account_params()) or [])


def demographics_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["dimension", "bucket", "share", "previous_share", "as_of",
                                        "previous_as_of", "accounts"])
    for column in ("share", "previous_share"):
        frame[column] = frame[column].map(lambda v: None if v is None else Decimal(str(v)))
    frame["change"] = [None if s is None or p is None else s - p
                       for s, p in zip(frame["share"], frame["previous_share"])]
    return frame


# The formula the engagement-vs-growth check compares between the two halves of the range.
HEALTH_FORMULA = "followers"


@dataclass
class AudiencePage:
    """Everything the Audience page draws, from one call (public.audience_page)."""
    audience: Audience
    demographics: pd.DataFrame
    halves: tuple[Overview, Overview] | None  # engagement by HEALTH_FORMULA in each half of the range

    @property
    def countries(self) -> pd.DataFrame:
        return self.demographics[self.demographics["dimension"] == "country"]


def page(gw: Gateway, q: Query) -> AudiencePage:
    """The Audience page's view model: one database call, one transaction, from the same followers_daily,
    audience_demographics and engagement_overview the single-chart readers call."""
    split = halves(q)
    doc = gw.rpc("audience_page", {**q.params(), "p_formula": HEALTH_FORMULA,
                                   "p_first_half_end": split[0].end.isoformat() if split else None}) or {}
    pair = doc.get("halves")
    return AudiencePage(audience_from(doc.get("followers") or [], q), demographics_frame(doc.get("demographics") or []),
                        None if not split or not pair else (overview_from(HEALTH_FORMULA, pair[0] or {}),
                                                            overview_from(HEALTH_FORMULA, pair[1] or {})))


def hidden_breakdowns(accounts: list[Account]) -> list[tuple[Account, str]]:
    """Accounts whose platform hides or lacks demographics, with the reason (English; the page translates)."""
    out = []
    for a in accounts:
        if a.platform in NO_DEMOGRAPHICS:
            out.append((a, NO_DEMOGRAPHICS[a.platform]))
        elif a.platform == "instagram" and (a.followers or 0) < INSTAGRAM_MIN_FOLLOWERS:
            out.append((a, N_("Instagram shows demographics only for accounts with at least 100 followers.")))
        elif a.breakdowns_as_of is None:
            out.append((a, N_("No demographics yet: the platform hides them while an audience is small, or "
                           "they have not been imported.")))
    return out
