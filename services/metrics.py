"""One definition per metric: its name, formula as shown to people, and how to compute it.

Pages show `formula` next to every number; services and SQL compute the same thing. The SQL in
creator_home_summary implements ENGAGEMENT_RATE_BY_REACH; tests hold the two together."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    formula: str
    note: str = ""


ENGAGEMENT_RATE_BY_REACH = Metric(
    "er_reach", "Engagement rate by reach",
    "ER by reach = (likes + comments + shares + saves) / reach",
    "Summed over the posts published in the period, using each post's latest snapshot; posts with no "
    "reach recorded are left out of both sides.",
)
ENGAGEMENT_RATE_BY_FOLLOWERS = Metric(
    "er_followers", "Engagement rate by followers", "ER by followers = (likes + comments) / followers")
ENGAGEMENT_RATE_BY_VIEWS = Metric(
    "er_views", "Engagement rate by views", "ER by views = (likes + comments + shares) / views")
TOTAL_FOLLOWERS = Metric(
    "followers", "Total followers",
    "Total followers = sum over connected accounts of each account's latest follower count",
    "Discord members and Reddit subscribers count as followers.")
FOLLOWER_CHANGE = Metric(
    "follower_change", "Follower change",
    "Follower change = total followers on the last day − total followers N days earlier")
POSTS_IN_PERIOD = Metric(
    "posts", "Posts", "Posts = posts, videos and streams published in the period (deleted ones excluded)")


def engagement_rate_by_reach(likes: int, comments: int, shares: int, saves: int, reach: int) -> Decimal | None:
    """None when there is no reach to divide by (never a misleading 0 %)."""
    if not reach:
        return None
    return (Decimal(likes or 0) + (comments or 0) + (shares or 0) + (saves or 0)) / Decimal(reach)
