"""Dashboard benchmark: how long Home, Audience and Engagement take to run server-side at scale.

    python bench/dashboards.py [--others 199] [--warm 20] [--days 1095]

Builds with the demo generator (services.demo.generator) a scale creator (4 accounts, 3 years of daily metrics, about
3,800 posts and 240,000 post-metric snapshots: every post's counters captured about every 11 hours for 30
days) and loads it with the admin connection via COPY into a dedicated temporary embedded PostgreSQL. Then:

  1. runs each page in AppTest as that creator, cold (the page's first run in a new session) and warm
     (--warm reruns), with 1 creator in the database;
  2. runs, on the same data in the same process, the approach typical Streamlit analytics apps take: load
     the creator's raw rows into pandas (as the creator, through row-level security) and aggregate there,
     and times it against the service calls the Audience and Engagement pages make. Both must give the
     same numbers: every figure of the two pages (FIGURES: followers per platform and combined per day,
     weekly net new, platform and range summaries, demographics weighted by followers as the SQL weights
     them, the engagement overviews, by account, by post type, trend, heatmap, top and bottom posts) is
     compared, and the check is itself checked by changing one figure per column and seeing it reported;
  3. loads --others more creators of the same size and repeats 1 and 2 with them all in the database.

Prints figures (it asserts nothing); the last line is
RESULT home_p50_ms=… audience_p50_ms=… engagement_p50_ms=… p95_ms=… scale_ratio=… pandas_ratio=…
with page figures taken with every creator loaded; scale_ratio = sum of the three warm p50s with all
creators / the same sum with one; pandas_ratio = pandas load + aggregate time / our service calls' time.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
import warnings
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.gettempdir())
warnings.filterwarnings("ignore")
logging.disable(logging.WARNING)  # AppTest outside `streamlit run` warns about every missing context

import pandas as pd  # noqa: E402
import psycopg  # noqa: E402

from services.audience import followers as audience  # noqa: E402
from services.audience import dashboards
from services.demo import generator as demo
from services.audience import engagement
from services.core.db import migrations  # noqa: E402
from services.core.db.embedded import EmbeddedPostgres, free_port  # noqa: E402
from services.core.db.gateway import Person, person_id_for  # noqa: E402
from services.core.db.postgres import PostgresGateway, make_pool  # noqa: E402
from services.demo.people import LOCAL_ISSUER  # noqa: E402

END = dt.date(2026, 11, 28)
TIME_ZONE = "Europe/London"
SNAPSHOTS = tuple(k * 30 / 66 for k in range(1, 67))  # every ~11 h for 30 days (stories: their one day)
SHAPE = (("instagram", 0.30), ("tiktok", 0.40), ("tiktok", 0.12), ("tiktok", 0.18))
PAGES = (("home", None), ("audience", "../pages/audience/audience.py"),
         ("engagement", "../pages/audience/engagement.py"))
TABLES = (("account_daily", demo.ACCOUNT_DAILY_COLUMNS), ("posts", demo.POST_COLUMNS),
          ("post_metrics", demo.POST_METRIC_COLUMNS), ("audience_breakdowns", demo.BREAKDOWN_COLUMNS))


def spec_for(key: str, total_followers: int) -> demo.CreatorSpec:
    """Four accounts (Instagram and three TikTok), the food voice (its captions cover every post type)."""
    accounts = tuple(demo.AccountSpec(platform, f"{key}.{platform}{i}", round(total_followers * share))
                     for i, (platform, share) in enumerate(SHAPE))
    return demo.CreatorSpec(person_id_for(LOCAL_ISSUER, key), key, "food", accounts, (8.0, 16.0))


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# -- loading ----------------------------------------------------------------------------------------------

def load_creators(url: str, specs: list[demo.CreatorSpec], days: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("set synchronous_commit = off")
        with conn.cursor() as cur:
            cur.executemany("insert into public.profiles (id, role, display_name, time_zone) "
                            "values (%s, 'creator', %s, %s) on conflict (id) do nothing",
                            [(s.creator_id, f"Bench {s.key}", TIME_ZONE) for s in specs])
        for n, spec in enumerate(specs, start=1):
            data = demo.generate_creator(spec, end=END, days=days, snapshot_days=SNAPSHOTS)
            with conn.transaction(), conn.cursor() as cur:
                columns = list(data.accounts[0])
                cur.executemany(f"insert into public.social_accounts ({', '.join(columns)}) "
                                f"values ({', '.join(['%s'] * len(columns))})",
                                [[a[c] for c in columns] for a in data.accounts])
                for (table, cols), rows in zip(TABLES, (data.account_daily, data.posts, data.post_metrics,
                                                        data.breakdowns)):
                    with cur.copy(f"copy public.{table} ({', '.join(cols)}) from stdin") as copy:
                        for row in rows:
                            copy.write_row(row)
            for table, value in data.counts().items():
                counts[table] = counts.get(table, 0) + value
            if n == 1 or n % 10 == 0 or n == len(specs):
                elapsed = time.perf_counter() - started
                log(f"  loaded {n}/{len(specs)} creators ({counts['post_metrics']:,} snapshots) in {elapsed:.0f} s"
                    + (f", about {elapsed / n * (len(specs) - n):.0f} s to go" if n < len(specs) else ""))
        # Vacuum now, so autovacuum does not start on the fresh rows while pages are being timed.
        log("  vacuum analyze")
        conn.execute("vacuum (analyze)")
    return counts


# -- the pages in AppTest -----------------------------------------------------------------------------------

def run_pages(url: str, key: str, warm: int) -> dict[str, dict[str, float]]:
    from streamlit.testing.v1 import AppTest

    app = str(ROOT / "portal" / "app.py")
    results = {}
    for name, script in PAGES:
        at = AppTest.from_file(app, default_timeout=120)
        at.secrets["database"] = {"url": url}
        at.user = {"is_logged_in": True, "iss": LOCAL_ISSUER, "sub": key, "name": "Bench Creator"}
        t0 = time.perf_counter()
        at.run()
        if script:
            at.switch_page(script)
            t0 = time.perf_counter()
            at.run()
        cold = (time.perf_counter() - t0) * 1000
        if at.exception:
            raise RuntimeError(f"{name} failed: {at.exception[0].message}")
        times = []
        for _ in range(warm):
            t0 = time.perf_counter()
            at.run()
            times.append((time.perf_counter() - t0) * 1000)
        if at.exception:
            raise RuntimeError(f"{name} failed: {at.exception[0].message}")
        results[name] = {"cold": cold, "p50": statistics.median(times), "p95": _p95(times), "max": max(times)}
    return results


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


# -- our service calls vs the pandas approach -----------------------------------------------------------------

def our_calls(gw, view: dashboards.View) -> dict:
    """The service calls the Audience and Engagement pages make for a view (aggregated in SQL)."""
    accounts = dashboards.accounts(gw)
    window = dashboards.resolve_window(view, dashboards.data_bounds(accounts, TIME_ZONE))
    q = dashboards.query_for(view, window, TIME_ZONE)
    out = {"query": q, "audience": audience.audience(gw, q), "demographics": audience.demographics(gw, q)}
    halves = engagement.halves(q)
    out["halves"] = [engagement.overview(gw, part, "followers") for part in halves]
    out["overview"] = engagement.overview(gw, q, "reach")
    out["by_account"] = engagement.by_group(gw, q, "reach", "account")
    out["trend"] = engagement.trend(gw, q, "reach")
    out["by_type"] = engagement.by_group(gw, q, "reach", "post_type")
    out["heatmap"] = engagement.heatmap(gw, q, "reach")
    out["top"] = engagement.top_posts(gw, q, "reach")
    out["bottom"] = engagement.top_posts(gw, q, "reach", lowest=True)
    return out


def pandas_load(url: str, person: Person) -> dict[str, pd.DataFrame]:
    """What a typical app does first: the creator's raw rows into DataFrames (through RLS, as the creator)."""
    queries = {
        "accounts": "select id, platform, handle from public.social_accounts",
        "daily": "select account_id, day, followers from public.account_daily",
        "posts": "select id, account_id, post_type, posted_at, deleted_at, permalink, caption from public.posts",
        "metrics": "select post_id, captured_at, views, reach, likes, comments, shares, saves from public.post_metrics",
        "breakdowns": "select account_id, as_of, dimension, bucket, share from public.audience_breakdowns",
    }
    frames = {}
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        cur.execute("set local role authenticated")
        cur.execute("select set_config('request.jwt.claims', %s, true)", (json.dumps(person.claims()),))
        for name, query in queries.items():
            cur.execute(query)
            frames[name] = pd.DataFrame(cur.fetchall(), columns=[c.name for c in cur.description])
    return frames


# Every figure the two pages show, section by section: (key columns, {value column: tolerance}). A tolerance
# of None means equal; a number is how far a float computed in pandas may be from SQL's rounded numeric
# (rates are rounded to 6 places, demographic shares to 5, growth rates quantized to 6).
RATE, SHARE = 5.01e-7, 5.01e-6
_OVERVIEW = {"posts": None, "rated_posts": None, "median": RATE, "mean": RATE, "pooled": RATE,
             "interactions": None, "denominator": None}
_GROUP = {"posts": None, "rated_posts": None, "median": RATE, "mean": RATE, "pooled": RATE}
_POST = {"post_id": None, "platform": None, "handle": None, "post_type": None, "posted_at": None,
         "permalink": None, "caption": None, "interactions": None, "denominator": None, "rate": RATE}
FIGURES = {
    "followers per platform": (("day", "platform"), {"followers": None, "net_new": None}),
    "followers combined": (("day",), {"followers": None, "net_new": None}),
    "net new per week": (("week",), {"net_new": None, "days": None}),
    "platform summary": (("platform",), {"followers_before": None, "followers_end": None, "net_new": None,
                                          "growth_rate": RATE}),
    "audience summary": ((), {"followers_end": None, "followers_before": None, "net_new": None, "growth_rate": RATE}),
    "demographics": (("dimension", "bucket"), {"share": SHARE, "previous_share": SHARE, "change": 2 * SHARE,
                                               "as_of": None, "previous_as_of": None, "accounts": None}),
    "ER by followers, first half": ((), _OVERVIEW),
    "ER by followers, second half": ((), _OVERVIEW),
    "ER by reach overview": ((), _OVERVIEW),
    "ER by account": (("group_key",), _GROUP),
    "ER trend": (("bucket",), {"posts": None, "rated_posts": None, "median": RATE, "mean": RATE}),
    "ER by post type": (("group_key",), _GROUP),
    "ER heatmap": (("weekday", "hour"), {"posts": None, "rated_posts": None, "median": RATE}),
    "top posts": (("rank",), _POST),
    "bottom posts": (("rank",), _POST),
}


def our_figures(ours: dict) -> dict[str, pd.DataFrame]:
    """The service calls' results as the FIGURES sections."""
    a = ours["audience"]
    summary = a.summary
    out = {
        "followers per platform": a.by_platform, "followers combined": a.combined, "net new per week": a.weekly,
        "platform summary": a.platforms,
        "audience summary": pd.DataFrame([{"followers_end": summary.followers_end,
                                           "followers_before": summary.followers_before,
                                           "net_new": summary.net_new, "growth_rate": summary.growth_rate}]),
        # (the gateway gives the snapshot dates as ISO strings, as PostgREST would)
        "demographics": ours["demographics"].assign(as_of=pd.to_datetime(ours["demographics"]["as_of"]),
                                                    previous_as_of=pd.to_datetime(ours["demographics"]["previous_as_of"])),
        "ER by reach overview": _overview_frame(ours["overview"]),
        "ER by account": ours["by_account"], "ER trend": ours["trend"], "ER by post type": ours["by_type"],
        "ER heatmap": ours["heatmap"],
        "top posts": ours["top"].assign(rank=range(len(ours["top"]))),
        "bottom posts": ours["bottom"].assign(rank=range(len(ours["bottom"]))),
    }
    early, late = ours["halves"]
    out["ER by followers, first half"], out["ER by followers, second half"] = _overview_frame(early), _overview_frame(late)
    return out


def _overview_frame(o: engagement.Overview) -> pd.DataFrame:
    return pd.DataFrame([{"posts": o.posts, "rated_posts": o.rated_posts, "median": o.median, "mean": o.mean,
                          "pooled": o.pooled, "interactions": o.interactions, "denominator": o.denominator}])


def pandas_aggregate(f: dict[str, pd.DataFrame], q: dashboards.Query) -> dict[str, pd.DataFrame]:
    """The same figures as our_figures, computed in pandas from raw rows, following the SQL's definitions."""
    start, end, zone = q.start, q.end, q.time_zone
    platform_of = f["accounts"].set_index("id")["platform"]
    handle_of = f["accounts"].set_index("id")["handle"]
    out = {}

    # -- followers (followers_daily): each account's last count carried forward from its first count on,
    # over the day before the range to its end; net new = each account's change from the day before.
    daily = f["daily"].dropna(subset=["followers"]).copy()
    daily["day"] = pd.to_datetime(daily["day"]).astype("datetime64[ns]")
    daily["followers"] = daily["followers"].astype("int64")
    before = pd.Timestamp(start - dt.timedelta(days=1))
    wide = daily.pivot(index="day", columns="account_id", values="followers").sort_index()
    wide = wide.reindex(pd.date_range(min(wide.index.min(), before), pd.Timestamp(end))).ffill()
    wide = wide[wide.index >= before]
    net = wide.diff()
    long = (wide.rename_axis(index="day", columns="account_id").reset_index()
            .melt(id_vars="day", value_name="followers").dropna(subset=["followers"]))
    nets = net.rename_axis(index="day", columns="account_id").reset_index().melt(id_vars="day", value_name="net_new")
    long = long.merge(nets, on=["day", "account_id"], how="left")
    long["platform"] = long["account_id"].map(platform_of)
    grouped = long.groupby(["day", "platform"])
    per_platform = pd.DataFrame({"followers": grouped["followers"].sum(),
                                 "net_new": grouped["net_new"].sum(min_count=1)}).reset_index()
    prior, in_range = per_platform[per_platform["day"] < pd.Timestamp(start)], per_platform[per_platform["day"] >= pd.Timestamp(start)]
    out["followers per platform"] = in_range
    by_day = in_range.groupby("day")
    combined = pd.DataFrame({"followers": by_day["followers"].sum(),
                             "net_new": by_day["net_new"].sum(min_count=1)}).reset_index()
    out["followers combined"] = combined
    weeks = combined.assign(week=combined["day"] - pd.to_timedelta(combined["day"].dt.weekday, unit="D")).groupby("week")
    out["net new per week"] = pd.DataFrame({"net_new": weeks["net_new"].sum(min_count=1),
                                            "days": weeks["day"].count()}).reset_index()
    platforms = []
    for platform, part in in_range.groupby("platform"):
        base_rows = prior[prior["platform"] == platform]
        base = base_rows["followers"].iloc[-1] if not base_rows.empty else part["followers"].iloc[0]
        net_new = part["net_new"].sum()
        platforms.append({"platform": platform, "followers_before": base, "followers_end": part["followers"].iloc[-1],
                          "net_new": net_new, "growth_rate": net_new / base if base else None})
    out["platform summary"] = pd.DataFrame(platforms)
    prior_total = prior.groupby("day")["followers"].sum()
    base = prior_total.iloc[-1] if not prior_total.empty else combined["followers"].iloc[0]
    net_new = combined["net_new"].sum()
    out["audience summary"] = pd.DataFrame([{"followers_end": combined["followers"].iloc[-1], "followers_before": base,
                                             "net_new": net_new, "growth_rate": net_new / base if base else None}])

    # -- demographics (audience_demographics): each account's latest snapshot and the one before it, combined
    # across accounts weighted by the account's followers on the snapshot date (its last count on or before
    # it; 1 when it has none), over the accounts that have the dimension in that snapshot.
    b = f["breakdowns"].copy()
    b["as_of"] = pd.to_datetime(b["as_of"]).astype("datetime64[ns]")
    b["share"] = b["share"].astype("float64")
    latest = b.groupby("account_id")["as_of"].max()
    previous = b[b["as_of"] < b["account_id"].map(latest)].groupby("account_id")["as_of"].max()
    snapshots = pd.concat([latest.reset_index().assign(which="latest"),
                           previous.reset_index().assign(which="previous")]).sort_values("as_of")
    snapshots = pd.merge_asof(snapshots, daily[["account_id", "day", "followers"]].sort_values("day"),
                              left_on="as_of", right_on="day", by="account_id", direction="backward")
    snapshots["weight"] = snapshots["followers"].fillna(1).astype("float64")
    rows = b.merge(snapshots[["account_id", "as_of", "which", "weight"]], on=["account_id", "as_of"])
    per_account = rows.drop_duplicates(["which", "dimension", "account_id"]).groupby(["which", "dimension"])
    totals = pd.DataFrame({"total": per_account["weight"].sum(), "as_of": per_account["as_of"].max(),
                           "accounts": per_account["account_id"].count()})
    rows["weighted"] = rows["share"] * rows["weight"]
    shares = rows.groupby(["which", "dimension", "bucket"])["weighted"].sum().reset_index()
    shares["share"] = shares["weighted"] / shares.set_index(["which", "dimension"]).index.map(totals["total"])
    demo_rows = []
    for dimension, bucket in sorted(set(zip(shares["dimension"], shares["bucket"]))):
        row = {"dimension": dimension, "bucket": bucket}
        for which, column, when in (("latest", "share", "as_of"), ("previous", "previous_share", "previous_as_of")):
            if (which, dimension) in totals.index:
                found = shares[(shares["which"] == which) & (shares["dimension"] == dimension)
                               & (shares["bucket"] == bucket)]["share"]
                row[column] = float(found.iloc[0]) if len(found) else 0.0
                row[when] = totals.loc[(which, dimension), "as_of"]
            else:
                row[column] = row[when] = None
        row["accounts"] = totals.loc[("latest", dimension), "accounts"] if ("latest", dimension) in totals.index else 0
        row["change"] = (None if row["share"] is None or row["previous_share"] is None
                         else row["share"] - row["previous_share"])
        demo_rows.append(row)
    out["demographics"] = pd.DataFrame(demo_rows)

    # -- engagement (post_engagement, dashboard_posts): each live post's latest snapshot; posts placed in the
    # range by their local date; a counter sum is null when none of its counters was reported.
    m = f["metrics"].sort_values("captured_at").groupby("post_id").tail(1)
    posts = f["posts"][f["posts"]["deleted_at"].isna()].merge(m, left_on="id", right_on="post_id", how="left")
    posts["post_id"] = posts["id"]
    posts["platform"] = posts["account_id"].map(platform_of)
    posts["handle"] = posts["account_id"].map(handle_of)
    posts["posted_at"] = pd.to_datetime(posts["posted_at"], utc=True)
    posts["local"] = posts["posted_at"].dt.tz_convert(zone).dt.tz_localize(None)
    posts = posts[(posts["local"].dt.date >= start) & (posts["local"].dt.date <= end)].copy()
    counters = posts[["likes", "comments", "shares", "saves", "reach"]].astype("float64")
    by_reach = counters[["likes", "comments", "shares", "saves"]]
    posts["reach_numerator"] = by_reach.fillna(0).sum(axis=1).where(by_reach.notna().any(axis=1))
    posts["reach_denominator"] = counters["reach"]
    posts["reach_rate"] = (posts["reach_numerator"] / counters["reach"]).where(counters["reach"] > 0)
    by_followers = counters[["likes", "comments"]]
    posts["utc_day"] = pd.to_datetime(posts["posted_at"].dt.date).astype("datetime64[ns]")
    posts = posts.sort_values("utc_day")
    at_post = pd.merge_asof(posts[["post_id", "account_id", "utc_day"]], daily[["account_id", "day", "followers"]]
                            .sort_values("day"), left_on="utc_day", right_on="day", by="account_id",
                            direction="backward").set_index("post_id")["followers"]
    posts["followers_numerator"] = by_followers.fillna(0).sum(axis=1).where(by_followers.notna().any(axis=1))
    posts["followers_denominator"] = posts["post_id"].map(at_post).astype("float64")
    posts["followers_rate"] = (posts["followers_numerator"] / posts["followers_denominator"]).where(
        posts["followers_denominator"] > 0)

    def posts_for(formula: str, part: pd.DataFrame) -> pd.DataFrame:
        return part.assign(numerator=part[f"{formula}_numerator"], denominator=part[f"{formula}_denominator"],
                           rate=part[f"{formula}_rate"])

    reach = posts_for("reach", posts)
    days = (end - start).days + 1
    mid = start + dt.timedelta(days=days // 2 - 1)
    early = posts["local"].dt.date <= mid
    out["ER by followers, first half"] = _summaries(posts_for("followers", posts[early]), [], _OVERVIEW)
    out["ER by followers, second half"] = _summaries(posts_for("followers", posts[~early]), [], _OVERVIEW)
    out["ER by reach overview"] = _summaries(reach, [], _OVERVIEW)
    out["ER by account"] = _summaries(reach.assign(group_key=reach["account_id"].astype(str)), ["group_key"], _GROUP)
    grain = engagement.grain_for(start, end)
    local_day = reach["local"].dt.normalize()
    bucket = (local_day if grain == "day" else local_day - pd.to_timedelta(local_day.dt.weekday, unit="D")
              if grain == "week" else local_day.dt.to_period("M").dt.start_time)
    out["ER trend"] = _summaries(reach.assign(bucket=bucket), ["bucket"], _GROUP)
    out["ER by post type"] = _summaries(reach.assign(group_key=reach["post_type"]), ["group_key"], _GROUP)
    out["ER heatmap"] = _summaries(reach.assign(weekday=reach["local"].dt.weekday + 1, hour=reach["local"].dt.hour),
                                   ["weekday", "hour"], _GROUP)
    rated = reach[reach["rate"].notna()].assign(interactions=lambda d: d["numerator"],
                                                caption=lambda d: d["caption"].str[:140])
    for name, ascending in (("top posts", False), ("bottom posts", True)):
        ranked = rated.sort_values(["rate", "posted_at"], ascending=[ascending, False]).head(engagement.TOP_POSTS)
        out[name] = ranked.assign(rank=range(len(ranked)))
    return out


def _summaries(frame: pd.DataFrame, keys: list[str], columns: dict) -> pd.DataFrame:
    """posts, rated_posts, median, mean and pooled rate (and the pooled rate's sums) per group of keys;
    median, mean and sums over the posts that have a rate."""
    frame = frame.assign(_one=1, _num=frame["numerator"].where(frame["rate"].notna()),
                         _den=frame["denominator"].where(frame["rate"].notna()))
    grouped = frame.groupby(keys or "_one")
    result = pd.DataFrame({"posts": grouped["rate"].size(), "rated_posts": grouped["rate"].count(),
                           "median": grouped["rate"].median(), "mean": grouped["rate"].mean(),
                           "interactions": grouped["_num"].sum(), "denominator": grouped["_den"].sum()})
    result["pooled"] = (result["interactions"] / result["denominator"]).where(result["denominator"] > 0)
    if not keys and result.empty:
        result = pd.DataFrame([{"posts": 0, "rated_posts": 0, "median": None, "mean": None, "pooled": None,
                                "interactions": 0, "denominator": 0}])
    return result.reset_index(drop=not keys)[list(keys) + list(columns)]


def _value(v):
    """One figure in a comparable form: None for every kind of missing, floats for decimals, timestamps for dates."""
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, (Decimal, float)) or hasattr(v, "dtype") and v.dtype.kind == "f":
        return float(v)
    if hasattr(v, "dtype") and v.dtype.kind in "iu":
        return int(v)
    if isinstance(v, dt.date):
        return pd.Timestamp(v)
    if isinstance(v, uuid.UUID):
        return str(v)
    return v


def _records(frame: pd.DataFrame, keys, columns) -> dict[tuple, dict]:
    return {tuple(_value(row[k]) for k in keys): {c: _value(row[c]) for c in columns}
            for row in frame.to_dict("records")}


def _same(a, b, tolerance) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if tolerance is None:
        return a == b
    return abs(float(a) - float(b)) <= tolerance


def differences(ours: dict[str, pd.DataFrame], theirs: dict[str, pd.DataFrame],
                sections=None) -> tuple[int, list[str]]:
    """(figures compared, one line per figure that differs or row that only one side has)."""
    compared, found = 0, []
    for name in sections or FIGURES:
        keys, columns = FIGURES[name]
        a, b = _records(ours[name], keys, columns), _records(theirs[name], keys, columns)
        for key in sorted(a.keys() | b.keys(), key=str):
            if key not in a or key not in b:
                found.append(f"{name} {key}: only {'ours' if key in a else 'pandas'} has this row")
                continue
            for column, tolerance in columns.items():
                compared += 1
                if not _same(a[key][column], b[key][column], tolerance):
                    found.append(f"{name} {key} {column}: ours {a[key][column]!r}, pandas {b[key][column]!r}")
    return compared, found


def wrong_figures_caught(ours: dict[str, pd.DataFrame], theirs: dict[str, pd.DataFrame]) -> tuple[int, int]:
    """Changes one figure at a time in the pandas result, in every column of every section (its first row,
    by the smallest step that is more than the tolerance), and counts how many of those changes
    `differences` reports: (caught, tried)."""
    caught = tried = 0
    for name, (_, columns) in FIGURES.items():
        frame = theirs[name].reset_index(drop=True)
        if frame.empty:
            continue
        for column, tolerance in columns.items():
            value = _value(frame.at[0, column])
            if value is None:
                wrong = 0
            elif isinstance(value, str):
                wrong = value + "x"
            elif isinstance(value, pd.Timestamp):
                wrong = value + pd.Timedelta(days=1)
            else:
                wrong = value + (2 * tolerance if tolerance else 1)
            changed = frame.astype({column: object})
            changed.at[0, column] = wrong
            tried += 1
            caught += bool(differences(ours, {**theirs, name: changed}, [name])[1])
    return caught, tried


def compare(url: str, pool, key: str, repeats: int) -> dict:
    person = Person(id=person_id_for(LOCAL_ISSUER, key))
    gw = PostgresGateway(pool, person)
    view = dashboards.View()
    ours = our_calls(gw, view)
    ours_times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        our_calls(gw, view)
        ours_times.append(time.perf_counter() - t0)
    load_times, agg_times, result = [], [], None
    for _ in range(max(3, repeats // 4)):
        t0 = time.perf_counter()
        frames = pandas_load(url, person)
        t1 = time.perf_counter()
        result = pandas_aggregate(frames, ours["query"])
        t2 = time.perf_counter()
        load_times.append(t1 - t0)
        agg_times.append(t2 - t1)
    # the two approaches agree on every figure the pages show
    mine = our_figures(ours)
    compared, different = differences(mine, result)
    caught, tried = wrong_figures_caught(mine, result)
    rows = sum(len(v) for v in frames.values())
    return {"ours_ms": statistics.median(ours_times) * 1000, "load_ms": statistics.median(load_times) * 1000,
            "aggregate_ms": statistics.median(agg_times) * 1000, "raw_rows": rows,
            "agree": not different, "compared": compared, "differences": different,
            "caught": caught, "tried": tried}


# -- main ---------------------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--others", type=int, default=199, help="creators of the same size besides the scale one")
    parser.add_argument("--warm", type=int, default=20, help="warm runs per page (default 20)")
    parser.add_argument("--days", type=int, default=1095, help="days of data per creator (default 1095)")
    args = parser.parse_args()

    print(f"CPUs: {os.cpu_count()}; PostgreSQL: embedded, Unix socket, fsync off; view: the pages' default "
          f"(last {dashboards.DEFAULT_RANGE} days, all accounts, ER by reach)", flush=True)
    scale_key = "bench-scale"
    rng = random.Random(20261128)
    others = [spec_for(f"bench-{i:03d}", rng.randint(20_000, 95_000)) for i in range(1, args.others + 1)]
    scale = spec_for(scale_key, 76_000)

    with tempfile.TemporaryDirectory(prefix="bench-dashboards-") as tmp:
        server = EmbeddedPostgres(Path(tmp) / "pg", tcp_port=free_port())
        url = server.start()
        pool = None
        try:
            migrations.migrate(url, log=lambda _m: None)
            log("Loading the scale creator")
            counts = load_creators(url, [scale], args.days)
            log("  " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
            pool = make_pool(url)
            phases = {}
            for label in ("1 creator", f"{args.others + 1} creators"):
                if label != "1 creator":
                    log(f"Loading {args.others} more creators of the same size")
                    load_creators(url, others, args.days)
                time.sleep(5)
                log(f"Measuring with {label} in the database (load average {os.getloadavg()[0]:.2f} "
                    f"on {os.cpu_count()} CPUs)")
                pages = run_pages(url, scale_key, args.warm)
                for name, r in pages.items():
                    log(f"  {name:<10} cold {r['cold']:7.1f} ms   warm p50 {r['p50']:6.1f} ms   p95 {r['p95']:6.1f} ms"
                        f"   max {r['max']:6.1f} ms")
                comparison = compare(url, pool, scale_key, args.warm)
                log(f"  data for Audience + Engagement: ours {comparison['ours_ms']:.1f} ms; pandas: load "
                    f"{comparison['raw_rows']:,} raw rows {comparison['load_ms']:.0f} ms + aggregate "
                    f"{comparison['aggregate_ms']:.0f} ms")
                log(f"  same numbers: {'yes' if comparison['agree'] else 'NO'} ({comparison['compared']:,} figures "
                    f"in {len(FIGURES)} sections compared; {len(comparison['differences'])} differ); a wrong figure "
                    f"is caught in {comparison['caught']} of {comparison['tried']} tries (one per column)")
                for line in comparison["differences"][:10]:
                    log(f"    {line}")
                phases[label] = (pages, comparison)

            (one, _), (many, comparison) = phases["1 creator"], phases[f"{args.others + 1} creators"]
            print()
            print(f"{'page':<12}{'cold 1':>10}{'p50 1':>10}{'p95 1':>10}{'cold N':>10}{'p50 N':>10}{'p95 N':>10}"
                  f"   (ms; 1 = one creator loaded, N = {args.others + 1})")
            for name, _ in PAGES:
                print(f"{name:<12}{one[name]['cold']:>10.1f}{one[name]['p50']:>10.1f}{one[name]['p95']:>10.1f}"
                      f"{many[name]['cold']:>10.1f}{many[name]['p50']:>10.1f}{many[name]['p95']:>10.1f}")
            scale_ratio = sum(many[n]["p50"] for n, _ in PAGES) / sum(one[n]["p50"] for n, _ in PAGES)
            pandas_ratio = (comparison["load_ms"] + comparison["aggregate_ms"]) / comparison["ours_ms"]
            print(f"pandas approach: {comparison['load_ms'] + comparison['aggregate_ms']:.0f} ms "
                  f"({comparison['aggregate_ms']:.0f} ms of it aggregating) vs ours {comparison['ours_ms']:.1f} ms")
            print(f"RESULT home_p50_ms={many['home']['p50']:.0f} audience_p50_ms={many['audience']['p50']:.0f} "
                  f"engagement_p50_ms={many['engagement']['p50']:.0f} "
                  f"p95_ms={max(many[n]['p95'] for n, _ in PAGES):.0f} scale_ratio={scale_ratio:.2f} "
                  f"pandas_ratio={pandas_ratio:.1f}")
        finally:
            if pool is not None:
                pool.close()
            server.stop()


if __name__ == "__main__":
    main()
