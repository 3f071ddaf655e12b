"""The demo generator: deterministic, and shaped like what micro-creators actually see."""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from decimal import Decimal

import pytest

from services.demo import generator as demo
from services.core.db.gateway import person_id_for
from services.demo.people import demo_creators

END = dt.date(2026, 11, 28)
STATED_FOLLOWERS = {"maya": 24_000, "leo": 8_000, "amira": 60_000, "noura": 12_000}


@pytest.fixture(scope="module")
def world() -> dict[str, demo.CreatorData]:
    return {spec.key: demo.generate_creator(spec, end=END) for spec in demo.DEMO_SPECS}


def _platforms(data):
    return {a["id"]: a["platform"] for a in data.accounts}


def _latest_snapshots(data):
    latest = {}
    for row in sorted(data.post_metrics, key=lambda r: r[2]):
        latest[row[0]] = dict(zip(demo.POST_METRIC_COLUMNS, row))
    return latest


def test_same_seed_and_end_date_give_identical_rows(world):
    again = demo.generate_creator(demo.DEMO_SPECS[0], end=END)
    assert again == world["maya"]
    assert demo.generate_creator(demo.DEMO_SPECS[0], end=END, seed=7) != world["maya"]


def test_demo_specs_cover_every_demo_creator():
    assert [s.creator_id for s in demo.DEMO_SPECS] == [p.id for p in demo_creators()]


def test_daily_metrics_span_548_days_ending_on_the_end_date(world):
    for data in world.values():
        per_account = defaultdict(list)
        for row in data.account_daily:
            per_account[row[0]].append(row[2])
        for days in per_account.values():
            assert len(days) == len(set(days)) == 548
            assert min(days) == END - dt.timedelta(days=547) and max(days) == END


def test_no_metric_is_negative(world):
    for data in world.values():
        for row in data.account_daily:
            assert all(v is None or v >= 0 for v in row[3:])
        for row in data.post_metrics:
            assert all(v is None or v >= 0 for v in row[3:])


def test_followers_at_the_end_date_are_near_the_stated_sizes(world):
    for key, data in world.items():
        total = sum(row[3] for row in data.account_daily if row[2] == END)
        assert abs(total - STATED_FOLLOWERS[key]) / STATED_FOLLOWERS[key] < 0.1, (key, total)
    leo = world["leo"]
    platforms = _platforms(leo)
    on_video = sum(r[3] for r in leo.account_daily if r[2] == END and platforms[r[0]] in ("youtube", "twitch"))
    assert 6_500 <= on_video <= 8_500


def test_followers_grow_over_the_18_months_with_a_weekly_rhythm(world):
    data = world["maya"]
    instagram = [r for r in data.account_daily if _platforms(data)[r[0]] == "instagram"]
    assert instagram[0][3] < 0.7 * instagram[-1][3]
    gains = defaultdict(list)
    for before, after in zip(instagram, instagram[1:]):
        gains[after[2].weekday()].append(after[3] - before[3])
    mean = {d: sum(g) / len(g) for d, g in gains.items()}
    assert mean[2] > mean[5]  # Wednesdays gain more than Saturdays on a fashion feed


def test_post_counters_never_decrease_and_views_cover_reach(world):
    for data in world.values():
        snapshots = defaultdict(list)
        for row in data.post_metrics:
            snapshots[row[0]].append(row)
        for rows in snapshots.values():
            rows.sort(key=lambda r: r[2])
            for earlier, later in zip(rows, rows[1:]):
                assert all(a is None or b >= a for a, b in zip(earlier[3:], later[3:]))
            for row in rows:
                views, reach = row[3], row[4]
                assert reach is None or views >= reach


def test_snapshots_are_taken_after_posting_and_not_after_the_last_sync(world):
    last_sync = dt.datetime.combine(END, dt.time(0), dt.timezone.utc)
    for data in world.values():
        posted = {p[0]: p[7] for p in data.posts}
        for row in data.post_metrics:
            assert posted[row[0]] < row[2] <= last_sync


def test_engagement_rate_by_reach_is_in_the_micro_creator_range(world):
    for key, data in world.items():
        latest = [m for m in _latest_snapshots(data).values() if m["reach"]]
        interactions = sum((m["likes"] or 0) + (m["comments"] or 0) + (m["shares"] or 0) + (m["saves"] or 0)
                           for m in latest)
        rate = interactions / sum(m["reach"] for m in latest)
        assert 0.03 <= rate <= 0.09, (key, rate)


def test_smaller_accounts_engage_more():
    small, large = (demo.CreatorSpec("c", "c", "fashion", (demo.AccountSpec("instagram", "x", n),), (17, 20))
                    for n in (2_000, 90_000))
    rates = []
    for spec in (small, large):
        data = demo.generate_creator(spec, end=END)
        latest = [m for m in _latest_snapshots(data).values() if m["reach"]]
        rates.append(sum(m["likes"] + m["comments"] + m["shares"] + (m["saves"] or 0) for m in latest)
                     / sum(m["reach"] for m in latest))
    assert rates[0] > rates[1] * 1.2


def test_feed_posts_reach_a_fifth_to_three_fifths_of_followers(world):
    for key in ("maya", "amira"):
        data = world[key]
        followers = {(r[0], r[2]): r[3] for r in data.account_daily}
        posts = {p[0]: p for p in data.posts}
        shares = sorted(m["reach"] / followers[(posts[pid][1], posts[pid][7].date())]
                        for pid, m in _latest_snapshots(data).items()
                        if posts[pid][5] in ("reel", "image", "carousel")
                        and m["captured_at"] - posts[pid][7] >= dt.timedelta(days=30))
        median = shares[len(shares) // 2]
        assert 0.2 <= median <= 0.6, (key, median)


def test_posting_cadence_matches_each_platform(world):
    weeks = 548 / 7
    counts = defaultdict(int)
    for data in world.values():
        platforms = _platforms(data)
        for post in data.posts:
            counts[(platforms[post[1]], post[5])] += 1
    maya_instagram = sum(1 for p in world["maya"].posts if _platforms(world["maya"])[p[1]] == "instagram")
    assert 3 <= maya_instagram / weeks <= 5
    maya_tiktok = sum(1 for p in world["maya"].posts if _platforms(world["maya"])[p[1]] == "tiktok")
    assert 0.75 <= maya_tiktok / 547 <= 1.1
    leo = world["leo"]
    by_type = defaultdict(int)
    for p in leo.posts:
        by_type[p[5]] += 1
    assert 0.8 <= by_type["video"] / weeks <= 1.0
    assert 2.5 <= by_type["stream"] / weeks <= 3.0
    assert by_type["short"] > by_type["video"]


def test_discord_has_members_but_no_posts(world):
    leo = world["leo"]
    discord = next(a for a in leo.accounts if a["platform"] == "discord")
    assert not [p for p in leo.posts if p[1] == discord["id"]]
    rows = [r for r in leo.account_daily if r[0] == discord["id"]]
    assert len(rows) == 548 and all(r[3] > 0 and r[6] is None for r in rows)


def test_permalinks_look_like_the_platforms_own(world):
    patterns = {
        "instagram": r"^https://www\.instagram\.com/(p/[A-Za-z0-9_-]{11}|stories/[a-z0-9._]+/\d+)/$",
        "tiktok": r"^https://www\.tiktok\.com/@[a-z0-9._]+/video/\d{19}$",
        "youtube": r"^https://www\.youtube\.com/(watch\?v=|shorts/)[A-Za-z0-9_-]{11}$",
        "twitch": r"^https://www\.twitch\.tv/videos/\d+$",
    }
    for data in world.values():
        platforms = _platforms(data)
        ids = [(p[1], p[3]) for p in data.posts]
        assert len(ids) == len(set(ids))
        for post in data.posts:
            assert re.match(patterns[platforms[post[1]]], post[4]), post[4]
            assert post[6] and post[6][0] == post[6][0].upper()


def test_sponsored_posts_are_marked_as_ads_and_name_a_partner_brand(world):
    ads = [p for p in world["maya"].posts if p[6].startswith("#ad")]
    assert ads
    assert all(any(b in p[6] for b in ("Green Thread Apparel", "Verdant Pantry")) for p in ads)


def test_audience_shares_sum_to_exactly_one_per_dimension_and_date(world):
    for data in world.values():
        sums = defaultdict(Decimal)
        for account_id, _creator, as_of, dimension, _bucket, share in data.breakdowns:
            assert share.as_tuple().exponent == -5
            sums[(account_id, as_of, dimension)] += share
        assert sums and all(total == Decimal("1.00000") for total in sums.values())
        dates = sorted({row[2] for row in data.breakdowns})
        assert dates == [dt.date(2026, 9, 1), dt.date(2026, 10, 1), dt.date(2026, 11, 1)]
        dimensions = {(row[0], row[3]) for row in data.breakdowns}
        audience_accounts = [a for a in data.accounts if a["platform"] in demo.AUDIENCE_PLATFORMS]
        assert len(dimensions) == 4 * len(audience_accounts)


def test_exact_shares_rounds_to_a_sum_of_one():
    shares = demo.exact_shares({"a": 1, "b": 1, "c": 1})
    assert sum(shares.values()) == Decimal("1.00000")
    assert sorted(shares.values()) == [Decimal("0.33333"), Decimal("0.33333"), Decimal("0.33334")]


def test_a_later_end_date_keeps_the_same_posts_and_snapshot_times_so_reseeding_upserts():
    spec = demo.DEMO_SPECS[0]
    earlier = demo.generate_creator(spec, end=END, days=60)
    later = demo.generate_creator(spec, end=END + dt.timedelta(days=10), days=90)
    assert [a["id"] for a in earlier.accounts] == [a["id"] for a in later.accounts]
    later_posts = {p[0]: p for p in later.posts}
    assert all(later_posts[p[0]] == p for p in earlier.posts)  # same id, link, caption and time
    later_snapshots = {(m[0], m[2]) for m in later.post_metrics}
    assert {(m[0], m[2]) for m in earlier.post_metrics} <= later_snapshots


def test_scale_creators_have_local_ids_and_plausible_sizes():
    specs = [demo.scale_spec(i) for i in range(1, 31)]
    assert specs[0].creator_id == person_id_for("local", "creator-0001")
    assert len({s.creator_id for s in specs}) == 30
    for spec in specs:
        assert 900 <= sum(a.followers for a in spec.accounts) <= 110_000
    assert demo.scale_spec(4) == demo.scale_spec(4)
    data = demo.generate_creator(specs[4], end=END, days=90)
    assert data.account_daily and all(row[1] == specs[4].creator_id for row in data.account_daily)
