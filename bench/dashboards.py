"""Dashboard benchmark: how long Home, Audience and Engagement take to run server-side at scale.

    python bench/dashboards.py [--others 199] [--warm 20] [--days 1095]

Builds with the demo generator (services.demo.generator) a scale creator (4 accounts, 3 years of daily metrics, about
3,800 posts and 240,000 post-metric snapshots: every post's counters captured about every 11 hours for 30
days) and loads it with the admin connection via COPY into a dedicated temporary embedded PostgreSQL. Then:

  1. runs each page in AppTest as that creator, cold (the page's first run in a new session) and warm
     (--warm reruns), with 1 creator in the database;
  2. runs, on the same data in the same process, the approach typical Streamlit analytics apps take: load
     the creator's raw rows into pandas (as the creator, through row-level security) and aggregate there,
     and times it against the service calls the Audience and Engagement pages make;
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
import warnings
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
PAGES = (("home", None), ("audience", "../pages/audience.py"), ("engagement", "../pages/engagement.py"))
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
    out = {"audience": audience.audience(gw, q), "demographics": audience.demographics(gw, q)}
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


def pandas_aggregate(f: dict[str, pd.DataFrame], start: dt.date, end: dt.date) -> dict:
    """The same numbers as our_calls, computed in pandas from raw rows."""
    out = {}
    # followers per platform per day, last count carried forward, net new per account
    daily = f["daily"].dropna(subset=["followers"]).copy()
    daily["day"] = pd.to_datetime(daily["day"])
    wide = daily.pivot(index="day", columns="account_id", values="followers").sort_index()
    days = pd.date_range(min(wide.index.min(), pd.Timestamp(start)), pd.Timestamp(end))
    wide = wide.reindex(days).ffill()
    net = wide.diff()
    platform_of = f["accounts"].set_index("id")["platform"]
    window = (wide.index >= pd.Timestamp(start - dt.timedelta(days=1)))
    by_platform = wide[window].T.groupby(platform_of).sum(min_count=1).T
    out["followers"] = by_platform
    out["net_new"] = net[wide.index >= pd.Timestamp(start)].sum(axis=1, min_count=1)
    out["weekly"] = out["net_new"].groupby(out["net_new"].index.to_period("W")).sum()
    # demographics at each account's latest snapshot, weighted by followers
    b = f["breakdowns"]
    latest = b[b["as_of"] == b.groupby("account_id")["as_of"].transform("max")]
    out["demographics"] = latest.groupby(["dimension", "bucket"])["share"].apply(lambda s: s.astype(float).mean())
    # each post's latest snapshot and its rates
    m = f["metrics"].sort_values("captured_at").groupby("post_id").tail(1)
    posts = f["posts"][f["posts"]["deleted_at"].isna()].merge(m, left_on="id", right_on="post_id", how="left")
    posts["local"] = pd.to_datetime(posts["posted_at"], utc=True).dt.tz_convert(TIME_ZONE)
    local_day = posts["local"].dt.date
    posts = posts[(local_day >= start) & (local_day <= end)].copy()
    counters = posts[["likes", "comments", "shares", "saves"]].astype("float64")
    posts["interactions"] = counters.fillna(0).sum(axis=1).where(counters.notna().any(axis=1))
    posts["er_reach"] = (posts["interactions"] / posts["reach"].astype("float64")).where(posts["reach"] > 0)
    rated = posts.dropna(subset=["er_reach"])
    out["overview"] = (len(posts), rated["er_reach"].median(), rated["er_reach"].mean(),
                       rated["interactions"].sum() / rated["reach"].sum())
    out["by_account"] = rated.groupby("account_id")["er_reach"].median()
    out["trend"] = rated.groupby(rated["local"].dt.tz_localize(None).dt.to_period("W"))["er_reach"].agg(["median", "mean"])
    out["by_type"] = rated.groupby("post_type")["er_reach"].agg(["median", "mean"])
    out["heatmap"] = rated.groupby([rated["local"].dt.weekday, rated["local"].dt.hour])["er_reach"].median()
    out["top"] = rated.nlargest(5, "er_reach")
    out["bottom"] = rated.nsmallest(5, "er_reach")
    # ER by followers in each half of the range: followers on the day of posting (merge_asof per account)
    posts["utc_day"] = pd.to_datetime(pd.to_datetime(posts["posted_at"], utc=True).dt.date)
    followers_at = pd.merge_asof(posts.sort_values("utc_day"), daily.sort_values("day"), left_on="utc_day",
                                 right_on="day", by="account_id", direction="backward")
    er_followers = (followers_at[["likes", "comments"]].astype("float64").fillna(0).sum(axis=1)
                    / followers_at["followers"].astype("float64"))
    mid = start + dt.timedelta(days=((end - start).days + 1) // 2 - 1)
    early = followers_at["local"].dt.date <= mid
    out["halves"] = (er_followers[early].median(), er_followers[~early].median())
    return out


def compare(url: str, pool, key: str, repeats: int) -> dict[str, float]:
    person = Person(id=person_id_for(LOCAL_ISSUER, key))
    gw = PostgresGateway(pool, person)
    view = dashboards.View()
    ours = our_calls(gw, view)
    ours_times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        our_calls(gw, view)
        ours_times.append(time.perf_counter() - t0)
    q = ours["audience"]
    start = q.combined["day"].min().date()
    end = q.combined["day"].max().date()
    load_times, agg_times, result = [], [], None
    for _ in range(max(3, repeats // 4)):
        t0 = time.perf_counter()
        frames = pandas_load(url, person)
        t1 = time.perf_counter()
        result = pandas_aggregate(frames, start, end)
        t2 = time.perf_counter()
        load_times.append(t1 - t0)
        agg_times.append(t2 - t1)
    # the two approaches agree on the headline numbers
    same_median = abs(float(ours["overview"].median) - result["overview"][1]) < 1e-6
    same_posts = ours["overview"].posts == result["overview"][0]
    rows = sum(len(v) for v in frames.values())
    return {"ours_ms": statistics.median(ours_times) * 1000, "load_ms": statistics.median(load_times) * 1000,
            "aggregate_ms": statistics.median(agg_times) * 1000, "raw_rows": rows,
            "agree": bool(same_median and same_posts)}


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
                    f"{comparison['aggregate_ms']:.0f} ms; same numbers: {comparison['agree']}")
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
