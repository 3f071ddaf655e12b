"""One definition per metric: its name, formula as shown to people, and how to compute it.

Pages show `formula` next to every number; services and SQL compute the same thing. The SQL in
creator_home_summary implements ENGAGEMENT_RATE_BY_REACH; tests hold the two together."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from services.core import platforms
from services.core.messages import N_


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    formula: str
    note: str = ""


ENGAGEMENT_RATE_BY_REACH = Metric(
    "er_reach", N_("Engagement rate by reach"),
    N_("ER by reach = (likes + comments + shares + saves) / reach"),
    N_("Summed over the posts published in the period, using each post's latest snapshot; posts with no "
    "reach recorded are left out of both sides."),
)
ENGAGEMENT_RATE_BY_FOLLOWERS = Metric(
    "er_followers", N_("Engagement rate by followers"), N_("ER by followers = (likes + comments) / followers"))
ENGAGEMENT_RATE_BY_VIEWS = Metric(
    "er_views", N_("Engagement rate by views"), N_("ER by views = (likes + comments + shares) / views"))
TOTAL_FOLLOWERS = Metric(
    "followers", "Total followers",
    N_("Total followers = sum over connected accounts of each account's latest follower count"),
    N_("Discord members and Reddit subscribers count as followers."))
FOLLOWER_CHANGE = Metric(
    "follower_change", N_("Follower change"),
    N_("Follower change = total followers on the last day − total followers N days earlier"))
POSTS_IN_PERIOD = Metric(
    "posts", "Posts", N_("Posts = posts, videos and streams published in the period (deleted ones excluded)"))


def engagement_rate_by_reach(likes: int, comments: int, shares: int, saves: int, reach: int) -> Decimal | None:
    """None when there is no reach to divide by (never a misleading 0 %)."""
    if not reach:
        return None
    return (Decimal(likes or 0) + (comments or 0) + (shares or 0) + (saves or 0)) / Decimal(reach)


# -- dashboards: every number on Audience and Engagement is one of these -----------------------------------
# The per-post formulas are implemented once in SQL (view public.post_engagement); Home's
# creator_home_summary and every dashboard function read them from there.

ENGAGEMENT_RATE_BY_REACH_NOTE_POST = (
    N_("Per post, from its latest snapshot. Posts with no reach recorded have no rate."))
ENGAGEMENT_RATE_BY_FOLLOWERS_NOTE = (
    N_("Followers = the account's follower count on the day of posting (its last count before that day when "
    "the day is missing)."))
ENGAGEMENT_RATE_BY_VIEWS_NOTE = N_("For TikTok, YouTube and Twitch, where views are what the platform counts.")

#: formula key (as the SQL functions take it) → its metric
ENGAGEMENT_FORMULAS: dict[str, Metric] = {
    "reach": ENGAGEMENT_RATE_BY_REACH,
    "followers": ENGAGEMENT_RATE_BY_FOLLOWERS,
    "views": ENGAGEMENT_RATE_BY_VIEWS,
}
VIEWS_PLATFORMS = platforms.VIEWS_KEYS

MEDIAN_ER = Metric(
    "er_median", N_("Median engagement rate"),
    N_("Median ER = the middle value of the posts' engagement rates (half the posts are above it)"),
    N_("Posts without a rate (nothing to divide by) are left out."))
MEAN_ER = Metric(
    "er_mean", N_("Mean engagement rate"),
    N_("Mean ER = sum of the posts' engagement rates / number of posts with a rate"),
    N_("A single post that took off can pull the mean up; compare it with the median."))
POOLED_ER = Metric(
    "er_pooled", N_("Overall engagement rate"),
    N_("Overall ER = sum of all posts' interactions / sum of their denominators (reach, followers or views)"),
    N_("For ER by reach over the last 30 days this is the number on Home."))
POSTS_WITH_RATE = Metric(
    "posts_rated", "Posts", N_("Posts = live posts published in the range (by their date in your time zone)"))
FOLLOWERS_AT_END = Metric(
    "followers_end", "Followers",
    N_("Followers = sum over the chosen accounts of each account's latest follower count on the last day of the range"),
    N_("An account's last known count is carried over days it did not report."))
NET_NEW_FOLLOWERS = Metric(
    "net_new", "Net new followers",
    N_("Net new followers on a day = total followers that day − total followers the day before"))
WEEKLY_NET_NEW = Metric(
    "net_new_week", N_("Net new followers per week"),
    N_("Net new per week = sum of the daily net new followers from Monday to Sunday"))
GROWTH_RATE = Metric(
    "growth_rate", "Growth rate",
    N_("Growth rate = net new followers in the range / followers the day before the range"),
    N_("When no count exists before the range, its first day with data is the base. An account connected during "
    "the range adds its followers to the total, not to net new."))
DEMOGRAPHIC_SHARE = Metric(
    "audience_share", N_("Share of audience"),
    N_("Share = the platform's reported share of the audience in that group at the latest snapshot; across "
    "accounts, weighted by each account's followers on the snapshot date"),
    N_("Change = latest share − share at the snapshot before."))
FOLLOWER_SPIKE = Metric(
    "follower_spike", N_("Sudden follower spike"),
    N_("Robust z = 0.6745 × (day's net new − median daily net new) / median absolute deviation; a spike is a day "
    "with z above 3.5"),
    N_("The median and its absolute deviation ignore the spikes themselves, unlike a mean and standard deviation."))
ENGAGEMENT_VS_GROWTH = Metric(
    "engagement_vs_growth", N_("Engagement keeping up with growth"),
    N_("Compares median ER by followers in the first and second half of the range with the follower growth "
    "over the range"))
TARGET_COUNTRY_SHARE = Metric(
    "target_share", N_("Audience in target countries"),
    N_("Target share = sum of the latest audience shares of your target countries"))
HEATMAP_MEDIAN = Metric(
    "heatmap", "Best time to post",
    N_("Each cell = median engagement rate of the posts published in that weekday and hour, in your time zone"))


def engagement_rate_by_followers(likes: int | None, comments: int | None, followers: int | None) -> Decimal | None:
    """Reference implementation of the SQL definition (used by tests): None without followers or counters."""
    if not followers or (likes is None and comments is None):
        return None
    return (Decimal(likes or 0) + (comments or 0)) / Decimal(followers)


def engagement_rate_by_views(likes: int | None, comments: int | None, shares: int | None,
                             views: int | None) -> Decimal | None:
    if not views or (likes is None and comments is None and shares is None):
        return None
    return (Decimal(likes or 0) + (comments or 0) + (shares or 0)) / Decimal(views)
