"""Creator Home: the headline numbers and follower growth, aggregated in SQL."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from services.core.db.gateway import Gateway
from services.core.money import to_decimal
from services.core.values import as_date
from services.audience import home_actions
from services.links import links
from services.payouts import payouts
from services.reports import reports

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
    return summary_from(gw.rpc("creator_home_summary", {"p_days": days})[0])


def summary_from(row: dict) -> HomeSummary:
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
    return growth_frame(rows)


def growth_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["day", "platform", "followers"])
    if not frame.empty:
        frame["day"] = pd.to_datetime(frame["day"])
        frame["followers"] = frame["followers"].astype("int64")
    return frame


@dataclass(frozen=True)
class CreatorHome:
    """Everything creator Home draws, from one call (public.creator_home_page)."""
    summary: HomeSummary
    growth: pd.DataFrame  # day, platform, followers over GROWTH_DAYS ending on the summary's last day
    overdue: payouts.OverdueSummary
    has_open_payouts: bool
    actions: home_actions.CreatorActions = home_actions.CreatorActions()
    link_clicks: tuple[dict, ...] = ()  # the last 7 days: {day, clicks, repeats, bots, links} (services.links)

    @property
    def shows_payouts(self) -> bool:
        return bool(self.overdue.lines) or self.has_open_payouts


def page(gw: Gateway, home_currency: str, days: int = HOME_DAYS, growth_days: int = GROWTH_DAYS) -> CreatorHome:
    """Creator Home's view model: one database call, one transaction, from creator_home_summary, followers_daily
    and overdue_summary (the functions summary(), follower_growth() and payouts.overdue() call one by one), and
    what needs the creator now (home_actions)."""
    doc = gw.rpc("creator_home_page", {"p_days": days, "p_growth_days": growth_days,
                                       "p_open_statuses": list(payouts.OPEN)}) or {}
    return CreatorHome(summary_from(doc["summary"]), growth_frame(doc.get("growth") or []),
                       _overdue(doc.get("overdue") or [], home_currency),
                       bool(doc.get("has_open_payouts")), home_actions.creator_actions(doc.get("actions")),
                       tuple(links.click_days(doc.get("link_clicks") or [])))


def _overdue(rows: list[dict], home_currency: str) -> payouts.OverdueSummary:
    """overdue_summary rows as payouts.overdue() reads them (amounts arrive as text, exact)."""
    lines = tuple(payouts.OverdueLine(r["currency"], int(r["payouts"]), to_decimal(r["balance"]),
                                      as_date(r["oldest_due"]), int(r["most_days_overdue"]),
                                      to_decimal(r["home_amount"]), to_decimal(r["rate"]), as_date(r["rate_date"]),
                                      r["rate_source"]) for r in rows)
    return payouts.OverdueSummary(rows[0]["home_currency"] if rows else home_currency, lines)


# -- brand-partner Home ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class BrandHome:
    """Everything brand-partner Home draws, from one call (public.brand_home_page)."""
    creators: list[dict]  # id, display_name, niche, role, since, brand (as partners.partner_profiles)
    shared: list[reports.SharedReport]  # newest share first (as reports.shared_with_me)
    actions: home_actions.BrandActions = home_actions.BrandActions()


def brand_page(gw: Gateway) -> BrandHome:
    """Brand-partner Home's view model: the partnerships and the reports shared with the partner's brands, in one
    database call under the partner's policies."""
    doc = gw.rpc("brand_home_page") or {}
    shared = [reports.SharedReport(reports._report(item["report"]), item.get("creator_name"),
                                   reports._share(item["share"], item.get("brand_name")))
              for item in doc.get("shared") or []]
    return BrandHome(list(doc.get("partners") or []), shared, home_actions.brand_actions(doc.get("actions")))
