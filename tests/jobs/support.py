"""Shared pieces for the jobs tests: a worker runtime on a test database, and running the queue until it is empty."""
from __future__ import annotations

import asyncio
import contextlib

import psycopg
from psycopg.rows import dict_row

from services.core.db.postgres import make_pool
from services.jobs import runtime, worker
from tests.support.connections import SETTINGS
from tests.support.databases import fresh_database


@contextlib.contextmanager
def queue_database(server, label: str):
    """A fresh migrated database for one jobs test module: yields (url, pool); the worker runtime is reset after."""
    with fresh_database(server, label) as url:
        pool = make_pool(url, max_size=4)
        try:
            yield url, pool
        finally:
            pool.close()
            runtime.reset()


@contextlib.contextmanager
def admin_connection(url: str):
    """A privileged autocommit connection with dict rows, for arranging and checking rows behind RLS."""
    with psycopg.connect(url, autocommit=True, row_factory=dict_row) as conn:
        yield conn


def runtime_for(url: str, *, transport=None, outbox=None, secrets=None) -> runtime.Runtime:
    rt = runtime.Runtime(settings=SETTINGS, admin_url=url, transport=transport, outbox=outbox)
    rt.extra["secrets"] = secrets or {}
    return runtime.configure(rt)


def drain(url: str, queues=("sync",), concurrency: int = 2) -> None:
    """Runs a worker until no job of these queues is left to do now (procrastinate's wait=False), without the
    periodic deferrer (a test defers what it means to run; the deferrer's minute-long sleep would hold the stop)."""
    from procrastinate.periodic import PeriodicRegistry

    app = worker.queue_for(url, max_size=concurrency + 2)
    schedule, app.periodic_registry = app.periodic_registry, PeriodicRegistry()

    async def main():
        async with app.open_async():
            await app.run_worker_async(concurrency=concurrency, queues=list(queues), wait=False,
                                       install_signal_handlers=False, listen_notify=False)

    try:
        asyncio.run(main())
    finally:
        app.periodic_registry = schedule


def jobs(url: str, task: str | None = None) -> list[dict]:
    with psycopg.connect(url, row_factory=dict_row) as conn:
        return conn.execute(
            "select id, task_name, status::text, args, lock, queueing_lock, attempts, scheduled_at "
            "from public.procrastinate_jobs where %(task)s::text is null or task_name = %(task)s order by id",
            {"task": task}).fetchall()


def last_error(url: str, job_id: int) -> str | None:
    """The reason of the job's last failure, as services/jobs/tasks.py records it in app.job_errors (procrastinate
    keeps the status only) and `python -m services.admin jobs` shows it (services/jobs/listing.py)."""
    with psycopg.connect(url) as conn:
        row = conn.execute("select error from app.job_errors where job_id = %s order by at desc limit 1",
                           (job_id,)).fetchone()
    return row[0] if row else None
