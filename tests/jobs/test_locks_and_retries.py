"""An account's lock keeps a second sync of it waiting while one runs; the retry policy (backoff with full jitter,
or Retry-After plus a little jitter, nothing for a job that cannot succeed); the request budget one platform's
bucket gives all workers together; a worker killed mid-sync loses nothing: its job runs again on another."""
from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import threading
import time

import psycopg
import pytest

from services.core.db.postgres import PostgresGateway
from services.jobs import budget, retry, tasks, worker
from tests.jobs.support import drain, jobs, runtime_for
from tests.support import connections
from tests.support import platform_replay as replay
from tests.support.browser import ROOT
from tests.support.connections import account, connect, new_creator
from tests.support.databases import fresh_database


def test_a_second_sync_of_an_account_waits_while_the_first_runs(queue_db, admin):
    url, pool = queue_db
    creator = PostgresGateway(pool, new_creator(pool, "locked"))
    account_id = connect(creator, "twitch")
    first = creator.rpc("request_account_sync", {"p_account_id": account_id})
    admin.execute("update public.procrastinate_jobs set status = 'doing' where id = %s", (first,))  # a worker has it
    second = creator.rpc("request_account_sync", {"p_account_id": account_id})
    assert second != first  # the first is no longer waiting, so the queueing lock lets a second wait
    runtime_for(url, transport=replay.twitch().transport)
    drain(url)
    status = {j["id"]: j["status"] for j in jobs(url)}
    assert (status[first], status[second]) == ("doing", "todo")  # the lock held it back
    admin.execute("update public.procrastinate_jobs set status = 'succeeded' where id = %s", (first,))
    drain(url)
    assert {j["id"]: j["status"] for j in jobs(url)}[second] == "succeeded"


def test_backoff_is_exponential_with_full_jitter_and_capped():
    class Fixed(random.Random):
        def uniform(self, a, b):
            return b  # the top of each range, to read the bounds
    rng = Fixed()
    # base 30 s: 30, 60, 120, 240 … up to an hour
    assert [retry.delay(n, rng=rng) for n in range(8)] == [30, 60, 120, 240, 480, 960, 1920, 3600]
    low = random.Random(1)
    assert all(0 <= retry.delay(3, rng=low) <= 240 for _ in range(200))


def test_retry_after_is_honoured_plus_a_little_jitter():
    class Fixed(random.Random):
        def uniform(self, a, b):
            return b
    assert retry.delay(0, 120, rng=Fixed()) == 120 + 13   # jitter at most 10 % + 1 s
    assert retry.delay(5, 2, rng=Fixed()) == 2 + 1.2
    assert retry.delay(0, 3000, rng=Fixed()) == 3000 + 60  # and at most a minute


def test_the_retry_strategy_gives_up_on_permanent_failures_and_after_the_last_attempt():
    class Job:
        def __init__(self, attempts):
            self.attempts = attempts
    strategy = retry.BackoffWithJitter(max_attempts=3)
    assert strategy.get_retry_decision(exception=retry.Permanent("gone"), job=Job(0)) is None
    assert strategy.get_retry_decision(exception=retry.Transient("busy"), job=Job(1)) is not None
    assert strategy.get_retry_decision(exception=retry.Transient("busy"), job=Job(2)) is None


def test_the_rate_budget_is_shared_by_every_worker(queue_db):
    """A bucket of 5 refilled at 10 per second: 8 threads (each its own connection, as separate workers) taking
    tokens for 1.5 s get at most 5 + 10 × elapsed between them, and the bucket is not left idle."""
    url, _ = queue_db
    with psycopg.connect(url, autocommit=True) as conn:
        budget.set_budget(conn, "reddit", 5, 10)
        conn.execute("update app.rate_buckets set tokens = 5, refilled_at = clock_timestamp() where platform = 'reddit'")
    taken: list[float] = []
    lock = threading.Lock()
    start = time.monotonic()

    def worker_thread():
        with psycopg.connect(url, autocommit=True) as conn:
            while time.monotonic() - start < 1.5:
                budget.take(conn, "reddit")
                with lock:
                    taken.append(time.monotonic() - start)

    threads = [threading.Thread(target=worker_thread) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = max(taken)
    assert len(taken) <= 5 + 10 * elapsed + 1
    assert len(taken) >= 5 + 10 * 1.2  # the budget was used, not starved
    # and no second holds more than 5 + 10 requests
    assert max(sum(1 for t in taken if s <= t < s + 1) for s in [x / 10 for x in range(6)]) <= 15


def test_every_request_of_a_sync_takes_a_token_from_its_platforms_bucket(queue_db, admin):
    url, pool = queue_db
    creator = PostgresGateway(pool, new_creator(pool, "budgeted"))
    account_id = connect(creator, "twitch")
    world = replay.twitch()
    admin.execute("select app.set_rate_budget('twitch', 1000, 0.001)")
    admin.execute("update app.rate_buckets set tokens = 1000 where platform = 'twitch'")
    runtime_for(url, transport=world.transport)
    creator.rpc("request_account_sync", {"p_account_id": account_id})
    drain(url)
    left = admin.execute("select tokens from app.rate_buckets where platform = 'twitch'").fetchone()["tokens"]
    assert 1000 - round(left) == len(world.requests) > 0


def test_a_killed_workers_sync_runs_again_and_completes(queue_db, admin):
    url, pool = queue_db
    creator = PostgresGateway(pool, new_creator(pool, "killed"))
    account_id = connect(creator, "twitch")
    admin.execute("select app.set_rate_budget('twitch', 1000, 1000)")
    job_id = creator.rpc("request_account_sync", {"p_account_id": account_id})
    env = dict(os.environ, PORTAL_TEST_TOKEN_KEY=connections.KEY, PORTAL_TEST_PLATFORM_DELAY="30")
    process = subprocess.Popen([sys.executable, "-m", "tests.jobs.worker_process", url], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if account(admin, account_id)["status"] == "syncing":
                break
            time.sleep(0.2)
        assert account(admin, account_id)["status"] == "syncing"
        assert {j["id"]: j["status"] for j in jobs(url)}[job_id] == "doing"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    time.sleep(1.5)  # longer than the heartbeat age the recovery below accepts
    app = worker.queue_for(url)

    async def recover():
        async with app.open_async():
            return await tasks.retry_stalled(app, seconds_since_heartbeat=1)

    assert asyncio.run(recover()) == 1
    runtime_for(url, transport=replay.twitch().transport)
    drain(url)
    assert {j["id"]: j["status"] for j in jobs(url)}[job_id] == "succeeded"
    assert account(admin, account_id)["status"] == "connected"
    assert account(admin, account_id)["last_synced_at"] is not None


def test_the_worker_command_runs_the_schedule_and_stops_cleanly_on_sigterm(database, tmp_path):
    with fresh_database(database, "jobs_cli") as url:
        secrets = tmp_path / "secrets.toml"
        secrets.write_text(f'[database]\nurl = "{url}"\n', encoding="utf-8")
        env = dict(os.environ, PORTAL_SECRETS_FILE=str(secrets), PORTAL_DATA_DIR=str(tmp_path / "data"))
        process = subprocess.Popen([sys.executable, "-m", "services.worker", "--concurrency", "2"], cwd=ROOT, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            deadline = time.monotonic() + 60
            done = []
            while time.monotonic() < deadline:
                done = [j["task_name"] for j in jobs(url) if j["status"] == "succeeded"]
                if "services.jobs.tasks.enqueue_due_syncs" in done and "services.jobs.tasks.scheduled_work" in done:
                    break
                time.sleep(0.5)
            assert {"services.jobs.tasks.enqueue_due_syncs", "services.jobs.tasks.scheduled_work"} <= set(done)
        finally:
            process.send_signal(signal.SIGTERM)
            out, _ = process.communicate(timeout=60)
        assert process.returncode == 0, out
        with psycopg.connect(url) as conn:
            assert conn.execute("select count(*) from public.scheduled_work").fetchone()[0] >= 1


def test_the_worker_command_refuses_an_unknown_queue(tmp_path):
    result = subprocess.run([sys.executable, "-m", "services.worker", "--queues", "sync,bogus"], cwd=ROOT,
                            capture_output=True, text=True, env=dict(os.environ, PORTAL_SECRETS_FILE=str(tmp_path / "none.toml")))
    assert result.returncode == 2
    assert result.stderr.strip() == "error: --queues takes sync, schedule, mail; not bogus."
