"""Syncing many accounts through the job queue with 1, 2 and 4 worker processes.

    python bench/sync.py --accounts 2000 [--concurrency 4] [--latency 0.1] [--limit 400] [--low-limit 15]

It starts a fresh embedded PostgreSQL in a temporary folder, a fake Twitch API on 127.0.0.1 (a real HTTP server in
a thread of this process) that answers the recorded Helix responses of tests/support/platform_replay.py after
--latency seconds, with a rate limit of --limit requests per second (beyond it: 429 with Retry-After), and
connects --accounts Twitch accounts, one creator each. Then:

1. scaling: every account is queued and synced by 1, then 2, then 4 worker processes (`services.jobs.worker.run`,
   --concurrency jobs each), each phase timed from the first job queued to the last finished; the rate budget
   and the API's limit are set high, so the platform is not the bottleneck;
2. the limit lowered to --low-limit requests per second, and the shared budget (app.rate_buckets) set to it: 4
   workers sync a share of the accounts, and every 429 the API had to send is a violation;
3. one of 4 workers is killed with SIGKILL mid-run; the stalled-job recovery (retry_stalled_jobs, as the periodic
   task runs it) puts its jobs back and the others finish them: an account whose last job did not succeed is lost.

Throughout, the API counts a duplicate when two requests carrying the same account's token are in flight at once
(a sync's requests are sequential, so that means two syncs of one account at the same time).
The last line: RESULT accounts=… w1_accounts_per_s=… w4_accounts_per_s=… scaling=… rate_limit_violations=…
duplicates=… lost=…"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
warnings.filterwarnings("ignore", module="platformdirs")

import httpx  # noqa: E402
import psycopg  # noqa: E402

TASK = "services.jobs.tasks.sync_account"


# -- the fake platform -------------------------------------------------------------------------------------------

class FakeTwitch:
    def __init__(self, latency: float, limit: float):
        from tests.support import platform_replay as replay
        self.world = replay.twitch()
        self.latency, self.limit = latency, limit
        self.lock = threading.Lock()
        self.tokens, self.refilled = limit, time.monotonic()
        self.in_flight: dict[str, int] = {}
        self.requests = self.rejected = self.duplicates = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.server.request_queue_size = 512

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> "FakeTwitch":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def set_limit(self, limit: float) -> None:
        with self.lock:
            self.limit, self.tokens, self.refilled = limit, limit, time.monotonic()

    def counts(self) -> tuple[int, int, int]:
        with self.lock:
            return self.requests, self.rejected, self.duplicates

    def _admit(self, token: str) -> bool:
        with self.lock:
            self.requests += 1
            now = time.monotonic()
            self.tokens = min(self.limit, self.tokens + (now - self.refilled) * self.limit)
            self.refilled = now
            if self.in_flight.get(token):
                self.duplicates += 1
            self.in_flight[token] = self.in_flight.get(token, 0) + 1
            if self.tokens < 1:
                self.rejected += 1
                return False
            self.tokens -= 1
            return True

    def _done(self, token: str) -> None:
        with self.lock:
            self.in_flight[token] -= 1

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                token = self.headers.get("Authorization", "")
                admitted = fake._admit(token)
                try:
                    time.sleep(fake.latency)
                    if not admitted:
                        body, status, headers = b'{"error":"Too Many Requests","status":429,"message":"rate limit"}', 429, \
                            {"Retry-After": "1", "Ratelimit-Limit": str(int(fake.limit))}
                    else:
                        request = httpx.Request("GET", "https://api.twitch.tv" + self.path)
                        reply = fake.world(request)
                        body, status, headers = reply.content, reply.status_code, {}
                finally:
                    fake._done(token)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

        return Handler


# -- a worker process ----------------------------------------------------------------------------------------------

def worker_main(url: str, origin: str, key: str, concurrency: int) -> None:
    from services.core.config import PlatformApp, Settings
    from services.jobs import runtime, worker
    settings = Settings(backend="postgres", database_url=url, token_key=key,
                        platform_apps=(PlatformApp("twitch", "bench-client", "bench-secret", origin),))
    worker.run(runtime.Runtime(settings=settings, admin_url=url), concurrency=concurrency, queues=["sync"])


def start_workers(n: int, url: str, origin: str, key: str, concurrency: int) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, __file__, "--worker", url, origin, key, str(concurrency)], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(n)]


def stop(workers: list[subprocess.Popen]) -> None:
    for p in workers:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    for p in workers:
        try:
            p.wait(timeout=60)
        except subprocess.TimeoutExpired:
            p.kill()


# -- the run -------------------------------------------------------------------------------------------------------

def seed(url: str, n: int, key: str) -> list[str]:
    from cryptography.fernet import Fernet
    from services.core.db.gateway import Person
    from services.core.db.postgres import PostgresGateway, make_pool
    cipher = Fernet(key.encode())
    pool = make_pool(url, max_size=2)
    ids = []
    try:
        for i in range(n):
            person = Person(id=str(uuid.uuid4()), email=f"bench-{i}@example.test")
            gw = PostgresGateway(pool, person)
            gw.rpc("ensure_profile", {"p_display_name": f"Bench {i}", "p_email": person.email})
            row = gw.rpc("connect_account", {
                "p_platform": "twitch", "p_platform_account_id": str(100000 + i), "p_handle": f"bench{i}",
                "p_access_token_encrypted": cipher.encrypt(f"bench-token-{i}".encode()).decode(),
                "p_refresh_token_encrypted": cipher.encrypt(f"bench-refresh-{i}".encode()).decode(),
                "p_token_expires_at": "2100-01-01T00:00:00Z", "p_refresh_token_expires_at": None, "p_scopes": None})
            ids.append(row["id"])
    finally:
        pool.close()
    with psycopg.connect(url, autocommit=True) as conn:  # the scheduler leaves them to the benchmark
        conn.execute("update public.social_accounts set next_sync_at = '2100-01-01'")
    return ids


def enqueue(conn, ids: list[str]) -> int:
    first = conn.execute("select coalesce(max(id), 0) from public.procrastinate_jobs").fetchone()[0]
    conn.execute("select app.defer_sync_job(x::uuid) from unnest(%s::text[]) x", (ids,))
    return first


def wait_done(conn, after: int, n: int, timeout: float = 3600) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        done = conn.execute("select count(*) from public.procrastinate_jobs where id > %s and task_name = %s "
                            "and status in ('succeeded', 'failed')", (after, TASK)).fetchone()[0]
        if done >= n:
            return time.monotonic()
        time.sleep(0.2)
    raise TimeoutError(f"the jobs did not finish within {timeout} s")


def phase(conn, ids, workers_n, url, origin, key, concurrency) -> float:
    workers = start_workers(workers_n, url, origin, key, concurrency)
    time.sleep(3)  # the processes import and register before the clock starts
    try:
        started = time.monotonic()
        after = enqueue(conn, ids)
        ended = wait_done(conn, after, len(ids))
    finally:
        stop(workers)
    failed = conn.execute("select count(*) from public.procrastinate_jobs where id > %s and status = 'failed'",
                          (after,)).fetchone()[0]
    rate = len(ids) / (ended - started)
    print(f"  {workers_n} worker(s) × {concurrency}: {len(ids)} accounts in {ended - started:.1f} s = "
          f"{rate:.1f} accounts/s ({failed} failed)", flush=True)
    return rate


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker_main(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=4, help="jobs at once per worker process (default 4)")
    parser.add_argument("--latency", type=float, default=0.1, help="seconds per API request (default 0.1)")
    parser.add_argument("--limit", type=float, default=1000, help="API requests per second, phase 1 (default 1000)")
    parser.add_argument("--low-limit", type=float, default=15, help="API requests per second, phase 2 (default 15)")
    args = parser.parse_args()

    from cryptography.fernet import Fernet
    from services.core.db import migrations
    from services.core.db.embedded import EmbeddedPostgres, free_port
    from services.jobs import tasks, worker

    os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.gettempdir())
    key = Fernet.generate_key().decode()
    fake = FakeTwitch(args.latency, args.limit).start()
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        server = EmbeddedPostgres(Path(tmp) / "pg", tcp_port=free_port())
        url = server.start()
        try:
            migrations.migrate(url, log=lambda _m: None)
            t0 = time.monotonic()
            ids = seed(url, args.accounts, key)
            print(f"Connected {len(ids)} Twitch accounts in {time.monotonic() - t0:.1f} s; API latency "
                  f"{args.latency * 1000:.0f} ms per request", flush=True)
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("select app.set_rate_budget('twitch', %s, %s)", (args.limit, args.limit))
                print(f"1. Scaling (API limit {args.limit:.0f}/s, not the bottleneck):", flush=True)
                rates = {n: phase(conn, ids, n, url, fake.origin, key, args.concurrency) for n in (1, 2, 4)}
                _, rejected_before, _ = fake.counts()

                share = ids[: max(20, len(ids) // 10)]
                fake.set_limit(args.low_limit)
                # the budget a little under the platform's quota: requests leave the workers in step with the
                # bucket but reach the platform a network hop later, so some slack absorbs the jitter
                budget = 0.9 * args.low_limit
                conn.execute("select app.set_rate_budget('twitch', %s, %s)", (max(1.0, budget / 2), budget))
                conn.execute("update app.rate_buckets set tokens = 0, refilled_at = clock_timestamp() "
                             "where platform = 'twitch'")
                print(f"2. API limit lowered to {args.low_limit:.0f}/s, shared budget 90 % of it: 4 workers, "
                      f"{len(share)} accounts", flush=True)
                before = fake.counts()
                phase(conn, share, 4, url, fake.origin, key, args.concurrency)
                after = fake.counts()
                violations = after[1] - before[1]
                print(f"  {after[0] - before[0]} requests, {violations} answered 429", flush=True)

                fake.set_limit(args.limit)
                conn.execute("select app.set_rate_budget('twitch', %s, %s)", (args.limit, args.limit))
                kill_share = ids[: max(40, len(ids) // 4)]
                print(f"3. One of 4 workers killed (SIGKILL) mid-run: {len(kill_share)} accounts", flush=True)
                victim = start_workers(1, url, fake.origin, key, args.concurrency)[0]
                time.sleep(3)
                after_id = enqueue(conn, kill_share)
                while conn.execute("select count(*) from public.procrastinate_jobs where id > %s and status = 'doing'",
                                   (after_id,)).fetchone()[0] < args.concurrency:
                    time.sleep(0.05)
                victim.send_signal(signal.SIGKILL)  # it holds `concurrency` syncs half done
                victim.wait()
                workers = start_workers(3, url, fake.origin, key, args.concurrency)
                time.sleep(12)  # its heartbeat goes stale (the others' are renewed every 5 s)
                app = worker.queue_for(url)

                async def recover():
                    async with app.open_async():
                        return await tasks.retry_stalled(app, seconds_since_heartbeat=10)

                recovered = asyncio.run(recover())
                wait_done(conn, after_id, len(kill_share) + 0)
                # every account's last job must have succeeded
                lost = conn.execute(
                    "select count(*) from unnest(%s::text[]) a where not exists (select 1 from public.procrastinate_jobs j "
                    "where j.id > %s and j.args ->> 'account_id' = a and j.status = 'succeeded')",
                    (kill_share, after_id)).fetchone()[0]
                stop(workers)
                print(f"  {recovered} stalled jobs put back; {lost} accounts without a successful sync", flush=True)
                _, _, duplicates = fake.counts()
        finally:
            server.stop()
            fake.server.shutdown()
    w1, w4 = rates[1], rates[4]
    print(f"RESULT accounts={len(ids)} w1_accounts_per_s={w1:.1f} w4_accounts_per_s={w4:.1f} scaling={w4 / w1:.2f} "
          f"rate_limit_violations={violations} duplicates={duplicates} lost={lost}")


if __name__ == "__main__":
    main()
