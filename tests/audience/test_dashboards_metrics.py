"""Golden values for every dashboard metric on a small hand-computed dataset, read through both gateways.

The dataset (creator "golden", time zone Europe/London, inserted through the gateway as that creator):

  instagram account A, followers 20-31 March 2026: 1000, 1010, … 1040 on the 24th, *no row on the 25th*,
      1060 on the 26th, then +10 a day to 1110 on the 31st.
  tiktok account B, connected on the 26th: 500, then +10 a day to 550 on the 31st.
  posts (range 25-31 March, London; the clocks go forward at 01:00 UTC on Sunday 29 March):
    P1 A reel      Thu 26 10:00 UTC  two snapshots, latest: 40 likes 4 comments 3 shares 3 saves, reach 500
    P2 A image     Wed 25 18:30 UTC  zero reach (25 interactions), posted on A's missing day
    P3 A carousel  Sun 29 00:30 UTC  (00:30 GMT) 28 + 2 + 5 + 5 = 40 / reach 200
    P4 A reel      Sun 29 01:30 UTC  (02:30 BST) 45 + 5 = 50 / reach 1000
    P5 A reel      Sat 28, deleted   900 likes / reach 1000: must count nowhere
    P6 B video     Mon 30 17:00 UTC  (18:00 BST) 100 + 10 + 10 = 120 / reach 2000, views 4000
    P7 A image     Tue 31 08:00 UTC  no snapshot yet: a post without a rate
  demographics: A on 1 March (GB 50 %, US 30 %, Other 20 %) and 29 March (GB 60 %, US 25 %, Other 15 %);
                B on 29 March (GB 20 %, DE 80 %).
"""
from __future__ import annotations

import datetime as dt
import uuid
from decimal import ROUND_HALF_EVEN, Decimal

import pandas as pd
import pytest

from services.audience import followers as audience
from services.audience import engagement
from services.audience import health
from services.audience import home
from services.audience import metrics
from services.audience.dashboards import Query
from services.core.db.gateway import Person
from services.core.db.postgres import PostgresGateway
from services.core.errors import ValidationError

UTC = dt.timezone.utc
LONDON = "Europe/London"
START, END = dt.date(2026, 3, 25), dt.date(2026, 3, 31)
SIX = Decimal("0.000001")


def d6(value) -> Decimal:
    return Decimal(value).quantize(SIX, rounding=ROUND_HALF_EVEN)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def new_creator(pool, admin_conn, name: str, time_zone: str = LONDON) -> PostgresGateway:
    person = Person(id=str(uuid.uuid4()), email=f"creator-{uuid.uuid4().hex[:8]}@example.test")
    gw = PostgresGateway(pool, person)
    gw.rpc("ensure_profile", {"p_display_name": name, "p_email": person.email})
    admin_conn.execute("update public.profiles set time_zone = %s where id = %s", (time_zone, person.id))
    return gw


def add_account(gw, platform: str, handle: str) -> str:
    return gw.insert("social_accounts", [{"creator_id": gw.person.id, "platform": platform, "handle": handle,
                                          "platform_account_id": uuid.uuid4().hex}])[0]["id"]


def add_post(gw, account: str, post_type: str, posted_at: dt.datetime, *snapshots: dict, deleted: bool = False) -> str:
    row = {"account_id": account, "creator_id": gw.person.id, "platform_post_id": uuid.uuid4().hex,
           "permalink": f"https://example.test/p/{uuid.uuid4().hex[:8]}", "post_type": post_type,
           "caption": f"{post_type} at {posted_at:%d %H:%M}", "posted_at": posted_at}
    if deleted:
        row["deleted_at"] = posted_at + dt.timedelta(days=1)
    post = gw.insert("posts", [row])[0]["id"]
    for snap in snapshots:
        gw.insert("post_metrics", [{"post_id": post, "creator_id": gw.person.id, **snap}])
    return post


@pytest.fixture(scope="module")
def golden(pool, admin_conn):
    gw = new_creator(pool, admin_conn, "Golden Creator")
    a = add_account(gw, "instagram", "golden.ig")
    b = add_account(gw, "tiktok", "golden.tt")
    a_days = {dt.date(2026, 3, 20) + dt.timedelta(days=i): 1000 + 10 * i for i in range(12)}
    del a_days[dt.date(2026, 3, 25)]  # the missing day
    a_days[dt.date(2026, 3, 26)] = 1060
    b_days = {dt.date(2026, 3, 26) + dt.timedelta(days=i): 500 + 10 * i for i in range(6)}
    rows = [(a, gw.person.id, day, followers) for day, followers in a_days.items()] + \
           [(b, gw.person.id, day, followers) for day, followers in b_days.items()]
    gw.bulk_load("account_daily", ("account_id", "creator_id", "day", "followers"), rows)

    posts = {
        "P1": add_post(gw, a, "reel", at(26, 10),
                       {"captured_at": at(26, 20), "likes": 10, "comments": 1, "shares": 0, "saves": 0, "reach": 100,
                        "views": 150},
                       {"captured_at": at(27, 10), "likes": 40, "comments": 4, "shares": 3, "saves": 3, "reach": 500,
                        "views": 700}),
        "P2": add_post(gw, a, "image", at(25, 18, 30),
                       {"captured_at": at(26, 18), "likes": 20, "comments": 5, "shares": 0, "saves": 0, "reach": 0,
                        "views": 0}),
        "P3": add_post(gw, a, "carousel", at(29, 0, 30),
                       {"captured_at": at(30, 0), "likes": 28, "comments": 2, "shares": 5, "saves": 5, "reach": 200,
                        "views": 260}),
        "P4": add_post(gw, a, "reel", at(29, 1, 30),
                       {"captured_at": at(30, 1), "likes": 45, "comments": 5, "shares": 0, "saves": 0, "reach": 1000,
                        "views": 1500}),
        "P5": add_post(gw, a, "reel", at(28, 12),
                       {"captured_at": at(29, 12), "likes": 900, "comments": 90, "shares": 9, "saves": 9,
                        "reach": 1000, "views": 1200}, deleted=True),
        "P6": add_post(gw, b, "video", at(30, 17),
                       {"captured_at": at(31, 0), "likes": 100, "comments": 10, "shares": 10, "reach": 2000,
                        "views": 4000}),
        "P7": add_post(gw, a, "image", at(31, 8)),
    }
    breakdowns = [(a, dt.date(2026, 3, 1), "GB", "0.5"), (a, dt.date(2026, 3, 1), "US", "0.3"),
                  (a, dt.date(2026, 3, 1), "Other", "0.2"), (a, dt.date(2026, 3, 29), "GB", "0.6"),
                  (a, dt.date(2026, 3, 29), "US", "0.25"), (a, dt.date(2026, 3, 29), "Other", "0.15"),
                  (b, dt.date(2026, 3, 29), "GB", "0.2"), (b, dt.date(2026, 3, 29), "DE", "0.8")]
    gw.insert("audience_breakdowns", [{"account_id": acc, "creator_id": gw.person.id, "as_of": as_of,
                                       "dimension": "country", "bucket": bucket, "share": share}
                                      for acc, as_of, bucket, share in breakdowns])
    return {"person": gw.person, "a": a, "b": b, "posts": posts}


@pytest.fixture
def gw(gateway_for, golden):
    return gateway_for(golden["person"])


def q(time_zone: str = LONDON, **kw) -> Query:
    return Query(kw.pop("start", START), kw.pop("end", END), time_zone, **kw)


# -- audience ---------------------------------------------------------------------------------------------

def test_followers_carry_over_a_missing_day_and_new_accounts_add_no_net_new(gw):
    data = audience.audience(gw, q())
    combined = data.combined.assign(day=data.combined["day"].dt.date)
    assert combined["followers"].tolist() == [1040, 1560, 1580, 1600, 1620, 1640, 1660]
    assert combined["net_new"].tolist() == [0, 20, 20, 20, 20, 20, 20]
    assert combined["day"].tolist() == [START + dt.timedelta(days=i) for i in range(7)]
    instagram = data.by_platform[data.by_platform["platform"] == "instagram"]
    assert instagram["followers"].tolist()[:2] == [1040, 1060]  # the 25th carries the 24th's count
    s = data.summary
    assert (s.followers_end, s.followers_before, s.net_new) == (1660, 1040, 120)
    assert s.growth_rate == d6(Decimal(120) / 1040)


def test_per_platform_growth_and_weekly_net_new(gw):
    data = audience.audience(gw, q())
    platforms = data.platforms.set_index("platform")
    assert platforms.loc["instagram", ["followers_before", "followers_end", "net_new"]].tolist() == [1040, 1110, 70]
    assert platforms.loc["instagram", "growth_rate"] == d6(Decimal(70) / 1040)
    # TikTok had no count before the range: its first day is the base, and that day adds no net new.
    assert platforms.loc["tiktok", ["followers_before", "followers_end", "net_new"]].tolist() == [500, 550, 50]
    assert platforms.loc["tiktok", "growth_rate"] == Decimal("0.1")
    weekly = data.weekly.assign(week=data.weekly["week"].dt.date)
    assert weekly.to_dict("records") == [{"week": dt.date(2026, 3, 23), "net_new": 80, "days": 5},
                                         {"week": dt.date(2026, 3, 30), "net_new": 40, "days": 2}]


def test_demographics_are_weighted_by_followers_with_change_since_the_previous_snapshot(gw):
    frame = audience.demographics(gw, q()).set_index("bucket")
    total = Decimal(1090 + 530)
    expected = {"GB": (Decimal("0.6") * 1090 + Decimal("0.2") * 530) / total, "US": Decimal("0.25") * 1090 / total,
                "Other": Decimal("0.15") * 1090 / total, "DE": Decimal("0.8") * 530 / total}
    for bucket, share in expected.items():
        assert frame.loc[bucket, "share"] == share.quantize(Decimal("0.00001"), rounding=ROUND_HALF_EVEN), bucket
    assert frame.loc["GB", "previous_share"] == Decimal("0.5") and frame.loc["DE", "previous_share"] == 0
    assert frame.loc["GB", "change"] == frame.loc["GB", "share"] - Decimal("0.5")
    assert set(frame["as_of"]) == {"2026-03-29"} and set(frame["previous_as_of"]) == {"2026-03-01"}
    signal = health.target_share(frame.reset_index(), ["GB"])
    assert signal.values["share"] == frame.loc["GB", "share"] and signal.values["previous"] == Decimal("0.5")


# -- engagement -------------------------------------------------------------------------------------------

def test_engagement_overview_by_reach_skips_zero_reach_deleted_and_unmeasured_posts(gw):
    o = engagement.overview(gw, q(), "reach")
    rates = [Decimal(50) / 500, Decimal(40) / 200, Decimal(50) / 1000, Decimal(120) / 2000]
    assert (o.posts, o.rated_posts) == (6, 4)  # P1-P4, P6, P7; P5 is deleted
    assert o.median == d6((rates[0] + rates[3]) / 2)  # 0.08
    assert o.mean == d6(sum(rates) / 4)  # 0.1025
    assert o.pooled == d6(Decimal(260) / 3700)
    assert (o.interactions, o.denominator) == (260, 3700)


def test_engagement_by_followers_uses_the_count_on_the_day_of_posting_or_the_last_before(gw):
    o = engagement.overview(gw, q(), "followers")
    rates = sorted([Decimal(44) / 1060, Decimal(25) / 1040,  # P2 on A's missing day: the 24th's 1040
                    Decimal(30) / 1090, Decimal(50) / 1090, Decimal(110) / 540])
    assert (o.posts, o.rated_posts) == (6, 5)
    assert o.median == d6(rates[2]) and o.mean == d6(sum(rates) / 5)
    assert o.pooled == d6(Decimal(44 + 25 + 30 + 50 + 110) / (1060 + 1040 + 1090 + 1090 + 540))
    assert d6(metrics.engagement_rate_by_followers(40, 4, 1060)) == d6(Decimal(44) / 1060)


def test_engagement_by_views_counts_only_video_platforms(gw):
    o = engagement.overview(gw, q(), "views")
    assert (o.rated_posts, o.median, o.mean, o.pooled) == (1, Decimal("0.03"), Decimal("0.03"), Decimal("0.03"))
    assert metrics.engagement_rate_by_views(100, 10, 10, 4000) == Decimal("0.03")


def test_engagement_by_post_type_and_trend_per_local_day(gw):
    types = engagement.by_group(gw, q(), "reach", "post_type").set_index("group_key")
    assert types.loc["reel", ["posts", "rated_posts", "median", "mean"]].tolist() == [2, 2, Decimal("0.075"),
                                                                                    Decimal("0.075")]
    assert types.loc["carousel", "median"] == Decimal("0.2") and types.loc["video", "median"] == Decimal("0.06")
    assert types.loc["image", ["posts", "rated_posts"]].tolist() == [2, 0] and types.loc["image", "median"] is None
    trend = engagement.trend(gw, q(), "reach", "day")
    got = {r.bucket.date(): (r.posts, r.rated_posts, r.median) for r in trend.itertuples()}
    assert got == {dt.date(2026, 3, 25): (1, 0, None), dt.date(2026, 3, 26): (1, 1, Decimal("0.1")),
                   dt.date(2026, 3, 29): (2, 2, Decimal("0.125")), dt.date(2026, 3, 30): (1, 1, Decimal("0.06")),
                   dt.date(2026, 3, 31): (1, 0, None)}
    weeks = engagement.trend(gw, q(), "reach", "week")
    assert [(r.bucket.date(), r.posts) for r in weeks.itertuples()] == [(dt.date(2026, 3, 23), 4),
                                                                      (dt.date(2026, 3, 30), 2)]


def test_top_and_bottom_posts_have_permalinks_and_never_the_deleted_post(gw, golden):
    best = engagement.top_posts(gw, q(), "reach")
    assert best["post_id"].tolist() == [golden["posts"][p] for p in ("P3", "P1", "P6", "P4")]
    assert best["rate"].tolist() == [Decimal("0.2"), Decimal("0.1"), Decimal("0.06"), Decimal("0.05")]
    assert all(link.startswith("https://") for link in best["permalink"])
    worst = engagement.top_posts(gw, q(), "reach", lowest=True, limit=2)
    assert worst["post_id"].tolist() == [golden["posts"]["P4"], golden["posts"]["P6"]]
    assert golden["posts"]["P5"] not in set(best["post_id"]) | set(worst["post_id"])


def _cells(frame: pd.DataFrame) -> dict:
    return {(r.weekday, r.hour): (r.posts, r.median) for r in frame.itertuples()}


def test_heatmap_places_posts_in_local_weekday_and_hour_across_the_clock_change(gw):
    london = _cells(engagement.heatmap(gw, q(LONDON), "reach"))
    assert london == {(3, 18): (1, None), (4, 10): (1, Decimal("0.1")), (7, 0): (1, Decimal("0.2")),
                      (7, 2): (1, Decimal("0.05")), (1, 18): (1, Decimal("0.06")), (2, 9): (1, None)}


def test_heatmap_shifts_with_the_time_zone(gw):
    utc = _cells(engagement.heatmap(gw, q("UTC"), "reach"))
    assert utc[(7, 1)] == (1, Decimal("0.05")) and utc[(1, 17)] == (1, Decimal("0.06")) and (2, 8) in utc
    tokyo = _cells(engagement.heatmap(gw, q("Asia/Tokyo"), "reach"))
    # 10:00 UTC Thursday is 19:00 in Tokyo; 00:30 UTC Sunday is 09:30 Sunday.
    assert tokyo[(4, 19)] == (1, Decimal("0.1")) and tokyo[(7, 9)] == (1, Decimal("0.2"))
    assert _cells(engagement.heatmap(gw, q(LONDON), "reach")) != utc


def test_home_reuses_the_engagement_definitions(gw):
    summary = home.summary(gw, 7)
    o = engagement.overview(gw, q(), "reach")
    assert (summary.period_start, summary.period_end) == (START, END)
    assert summary.posts_in_period == o.posts == 6
    assert (summary.interactions, summary.reach) == (o.interactions, o.denominator)
    assert summary.engagement_rate_by_reach == o.pooled
    assert (summary.total_followers, summary.followers_change) == (1660, 70)


# -- another creator's ids, bad input ----------------------------------------------------------------------

def test_another_creators_account_ids_yield_nothing(gateway_for, golden, pool, admin_conn):
    intruder = new_creator(pool, admin_conn, "Intruder")
    add_account(intruder, "instagram", "intruder.ig")
    gw = gateway_for(intruder.person)
    theirs = Query(START, END, LONDON, account_ids=(golden["a"], golden["b"]))
    assert audience.audience(gw, theirs).empty
    assert audience.demographics(gw, theirs).empty
    assert engagement.overview(gw, theirs, "reach").posts == 0
    assert engagement.top_posts(gw, theirs, "reach").empty
    assert engagement.heatmap(gw, theirs, "reach").empty
    assert engagement.trend(gw, theirs, "reach").empty
    assert gw.select("post_engagement", filters=[]) == []
    assert gw.select("post_latest_metrics", filters=[]) == []


def test_reversed_range_and_unknown_time_zone_are_refused_with_a_message(gw):
    with pytest.raises(ValidationError, match="(?i)the start date 2026-03-31 is after the end date 2026-03-25"):
        engagement.overview(gw, Query(END, START, LONDON), "reach")
    with pytest.raises(ValidationError, match="(?i)unknown time zone \"Mars/Olympus\""):
        engagement.overview(gw, q("Mars/Olympus"), "reach")
    with pytest.raises(ValidationError, match="Unknown engagement formula"):
        engagement.overview(gw, q(), "likes")


def test_latest_snapshot_follows_inserts_updates_and_deletes(pool, admin_conn):
    gw = new_creator(pool, admin_conn, "Snapshot Creator")
    account = add_account(gw, "instagram", "snap.ig")
    post = add_post(gw, account, "reel", at(26, 10),
                    {"captured_at": at(26, 20), "likes": 10, "reach": 100},
                    {"captured_at": at(27, 20), "likes": 30, "reach": 200})

    def latest():
        rows = gw.select("post_latest_metrics", filters=[])
        return [(r["likes"], r["reach"]) for r in rows]

    assert latest() == [(30, 200)]
    gw.insert("post_metrics", [{"post_id": post, "creator_id": gw.person.id, "captured_at": at(25, 0), "likes": 1}])
    assert latest() == [(30, 200)], "an older snapshot does not replace a newer one"
    gw.update("post_metrics", {"likes": 35}, [*_key(post, at(27, 20))])
    assert latest() == [(35, 200)]
    gw.delete("post_metrics", [*_key(post, at(27, 20))])
    assert latest() == [(10, 100)]
    gw.delete("posts", [_eq("id", post)])
    assert latest() == []


def _eq(column, value):
    from services.core.db.gateway import eq
    return eq(column, value)


def _key(post, captured):
    return [_eq("post_id", post), _eq("captured_at", captured.isoformat())]


# -- pure helpers ------------------------------------------------------------------------------------------

def test_robust_z_uses_median_and_mad_with_a_mean_deviation_fallback():
    z = health.robust_z([1, 2, 3, 4, 100])
    assert z[4] == pytest.approx(0.6745 * 97) and z[0] == pytest.approx(-0.6745 * 2)
    flat = health.robust_z([10] * 20 + [100])
    assert flat[-1] == pytest.approx(90 / (1.253314 * 90 / 21)) and flat[0] == 0
    assert health.robust_z([5, 5, 5]) == [None, None, None]


def test_follower_spikes_lists_days_above_the_threshold():
    days = pd.date_range("2026-01-01", periods=21)
    net = [10, 12, 9, 11, 10, 13, 8, 10, 11, 9, 10, 12, 10, 300, 11, 10, 9, 12, 10, 11, 10]
    signal, spikes = health.follower_spikes(pd.DataFrame({"day": days, "net_new": net}))
    assert signal.status == "warning" and spikes["day"].tolist() == [pd.Timestamp("2026-01-14")]
    short, _ = health.follower_spikes(pd.DataFrame({"day": days[:5], "net_new": net[:5]}))
    assert short.status == "unknown"


def test_engagement_not_keeping_up_with_growth_is_flagged():
    lagging = health.engagement_vs_growth(Decimal("0.10"), Decimal("0.05"), 5, Decimal("0.03"), 5)
    assert lagging.status == "warning" and lagging.values["change"] == Decimal("-0.4")
    assert health.engagement_vs_growth(Decimal("0.02"), Decimal("0.05"), 5, Decimal("0.03"), 5).status == "ok"
    assert health.engagement_vs_growth(Decimal("0.10"), Decimal("0.05"), 2, Decimal("0.03"), 5).status == "unknown"
