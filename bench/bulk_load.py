"""Bulk-load benchmark: the same generated rows, loaded as one creator through each write path.

    python bench/bulk_load.py [--creator 5] [--days 1095]

Starts a fresh embedded PostgreSQL in a temporary folder (and a PostgREST binary on it when one is
installed), loads one synthetic creator's account_daily, posts and post_metrics (daily snapshots for each
post's first 30 days) through each path, and prints rows/s side by side. Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.gettempdir())
warnings.filterwarnings("ignore", module="platformdirs")

import jwt  # noqa: E402
import psycopg  # noqa: E402

from services.demo import generator as demo  # noqa: E402
from services.core.db import migrations  # noqa: E402
from services.core.db.embedded import EmbeddedPostgres, free_port  # noqa: E402
from services.core.db.gateway import Person  # noqa: E402
from services.core.db.postgres import PostgresGateway, make_pool  # noqa: E402
from services.core.errors import DomainError  # noqa: E402

JWT_SECRET = "bench-only-jwt-secret-with-at-least-32-characters"
TABLES = (("account_daily", demo.ACCOUNT_DAILY_COLUMNS, ("account_id", "day")),
          ("posts", demo.POST_COLUMNS, ("id",)),
          ("post_metrics", demo.POST_METRIC_COLUMNS, ("post_id", "captured_at")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--creator", type=int, default=5, help="synthetic creator number (default 5: three platforms)")
    parser.add_argument("--days", type=int, default=1095, help="days of data (default 1095, three years)")
    args = parser.parse_args()

    spec = demo.scale_spec(args.creator)
    started = time.perf_counter()
    data = demo.generate_creator(spec, end=dt.date(2026, 11, 28), days=args.days, snapshot_days=range(1, 31))
    rows = {"account_daily": data.account_daily, "posts": data.posts, "post_metrics": data.post_metrics}
    print(f"Generated creator {args.creator} ({', '.join(a.platform for a in spec.accounts)}), {args.days} days, "
          f"in {time.perf_counter() - started:.2f} s: " + ", ".join(f"{len(r):,} {t}" for t, r in rows.items()))
    print(f"CPUs: {os.cpu_count()}; PostgreSQL: embedded, Unix socket, fsync off\n")

    with tempfile.TemporaryDirectory(prefix="bench-bulk-load-") as tmp:
        server = EmbeddedPostgres(Path(tmp) / "pg", tcp_port=free_port())
        url = server.start()
        postgrest = pool = None
        try:
            migrations.migrate(url, log=lambda _m: None)
            with psycopg.connect(url) as conn:
                conn.execute("insert into public.profiles (id, display_name) values (%s, 'Bench creator')",
                             (spec.creator_id,))
            pool = make_pool(url)
            person = Person(id=spec.creator_id)
            postgres = PostgresGateway(pool, person)
            paths = [
                ("PostgresGateway.bulk_load (COPY)",
                 lambda table, cols, conflict, r: postgres.bulk_load(table, cols, r)),
                ("  … again, as upsert (reseed)",
                 lambda table, cols, conflict, r: postgres.bulk_load(table, cols, r, on_conflict=conflict)),
                ("PostgresGateway.insert (row by row)",
                 lambda table, cols, conflict, r: len(postgres.insert(table, [dict(zip(cols, x)) for x in r]))),
            ]
            postgrest = _start_postgrest(url, tmp)
            if postgrest:
                from services.core.db.supabase import SupabaseGateway
                anon = jwt.encode({"role": "anon"}, JWT_SECRET, algorithm="HS256")
                supabase = SupabaseGateway(postgrest.url, anon, person, jwt_secret=JWT_SECRET)
                paths.append(("SupabaseGateway.bulk_load (PostgREST)",
                              lambda table, cols, conflict, r: supabase.bulk_load(table, cols, r)))

            results = []
            for name, load in paths:
                if not name.startswith("  "):
                    _reset(url, postgres, data)
                timings = {}
                for table, columns, conflict in TABLES:
                    t0 = time.perf_counter()
                    written = load(table, columns, conflict, rows[table])
                    timings[table] = (written, time.perf_counter() - t0)
                results.append((name, timings))
            _print(results)
        finally:
            if postgrest:
                postgrest.stop()
            if pool:
                pool.close()
            server.stop()


def _start_postgrest(url, log_dir):
    from tests.support.postgrest_server import PostgrestServer
    try:
        server = PostgrestServer(url.replace("postgres@", "authenticator@"), JWT_SECRET)
        server.start(Path(log_dir))
        return server
    except DomainError as exc:
        print(f"Skipping the PostgREST path: {exc}\n")
        return None


def _reset(url, gateway, data):
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("truncate public.social_accounts cascade")
        conn.execute("vacuum analyze public.social_accounts, public.account_daily, public.posts, public.post_metrics")
    gateway.insert("social_accounts", data.accounts)


def _print(results):
    baseline = sum(t for _, t in results[0][1].values())
    width = max(len(name) for name, _ in results)
    print("rows per second, by table and in total; time relative to the COPY path")
    print(f"{'path':<{width}}  " + "  ".join(f"{t:>13}" for t, _, _ in TABLES)
          + f"  {'all':>9}  {'seconds':>7}  {'time':>6}")
    for name, timings in results:
        total_rows = sum(n for n, _ in timings.values())
        total_time = sum(s for _, s in timings.values())
        cells = "  ".join(f"{n / s:>13,.0f}" for n, s in timings.values())
        print(f"{name:<{width}}  {cells}  {total_rows / total_time:>9,.0f}  {total_time:>7.2f}  "
              f"{total_time / baseline:>5.1f}×")


if __name__ == "__main__":
    main()
