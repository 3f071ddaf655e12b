"""The portal's background tasks and their schedule. Every task is idempotent; an account's sync runs under the
lock `account:<id>` (never two at once, on any worker) and waits in the queue at most once (queueing lock
`sync:<id>`), whoever asked for it: the scheduler (app.enqueue_due_syncs) or the person (request_account_sync).

    sync_account(account_id)      one account, incrementally, as `python -m services.sync --account ID` does
    enqueue_due_syncs             every minute: accounts whose jittered interval has come
    scheduled_work                every 5 minutes: what `python -m services.admin tick` does (expire offers,
                                  verify deliverables against synced posts; overdue money and late fees are
                                  derived by payout_overview from the clock, so nothing needs marking)
    collect_notifications         every 5 minutes: events → notification rows → one email job each (instant)
    send_notification(id)         one email, retried with backoff, then failed on the jobs list
    send_digests                  daily at 07:00 UTC: one email per digest reader
    retry_stalled_jobs            every minute: jobs of a worker that died (no heartbeat) run again
    prune_jobs                    hourly: finished jobs older than 7 days are deleted
"""
from __future__ import annotations

import functools
import uuid

import procrastinate
import psycopg

from services.jobs import runtime
from services.jobs.retry import BackoffWithJitter, Permanent, Transient

app = procrastinate.App(connector=procrastinate.PsycopgConnector(), import_paths=[__name__])

SYNC_TASK = "services.jobs.tasks.sync_account"
KEEP_FINISHED_HOURS = 24 * 7
STALLED_AFTER_SECONDS = 30


def recorded(func):
    """Runs the task and keeps the reason of a failure in app.job_errors (procrastinate stores none), for the jobs
    list; the task is declared with pass_context so the job's id is known."""
    @functools.wraps(func)
    def wrapper(context, *args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception as exc:
            record_error(context.job.id, context.job.task_name, context.job.attempts, exc)
            raise
    return wrapper


def record_error(job_id: int, task_name: str, attempt: int, exc: BaseException) -> None:
    try:
        with psycopg.connect(runtime.current().admin_url, autocommit=True) as conn:
            conn.execute("insert into app.job_errors (job_id, task_name, attempt, error) values (%s, %s, %s, %s)",
                         (job_id, task_name, attempt, f"{type(exc).__name__}: {exc}"[:2000]))
    except Exception:  # the reason is lost, the job's failure is not: procrastinate records that
        pass


@app.task(name=SYNC_TASK, queue="sync", retry=BackoffWithJitter(max_attempts=5), pass_context=True)
@recorded
def sync_account(account_id: str) -> str:
    from services.accounts import sync
    from services.accounts.connectors import connector_for
    from services.core.db.gateway import Person
    from services.core.db.postgres import PostgresGateway
    from services.jobs.budget import BudgetTransport

    rt = runtime.current()
    try:
        uuid.UUID(str(account_id))
    except ValueError:
        raise Permanent(f"{account_id!r} is not an account id; nothing to sync") from None
    with rt.pool.connection() as conn:
        row = conn.execute("select creator_id::text, platform from public.social_accounts where id = %s",
                           (account_id,)).fetchone()
    if row is None:
        raise Permanent(f"account {account_id} no longer exists (deleted or disconnected for good); nothing to sync")
    creator_id, platform = row
    transport = BudgetTransport(rt.pool, platform, inner=rt.transport)
    try:
        result = sync.sync_account(PostgresGateway(rt.pool, Person(id=creator_id)), rt.settings, account_id,
                                   transport=transport, writer=PostgresGateway(rt.pool, sync.SYNC_IDENTITY))
    finally:
        transport.close()
    if result.outcome == "error":
        raise Transient(f"{connector_for(platform).name}: {result.message}", transport.retry_after)
    return result.log_line()


@app.periodic(cron="* * * * *", periodic_id="due_syncs")
@app.task(name="services.jobs.tasks.enqueue_due_syncs", queue="schedule", queueing_lock="enqueue_due_syncs")
def enqueue_due_syncs(timestamp: int | None = None) -> int:
    with psycopg.connect(runtime.current().admin_url, autocommit=True) as conn:
        return conn.execute("select app.enqueue_due_syncs()").fetchone()[0]


@app.periodic(cron="*/5 * * * *", periodic_id="scheduled_work")
@app.task(name="services.jobs.tasks.scheduled_work", queue="schedule", queueing_lock="scheduled_work",
          retry=BackoffWithJitter(max_attempts=3), pass_context=True)
@recorded
def scheduled_work(timestamp: int | None = None) -> dict:
    from services.admin import run_tick
    return run_tick(runtime.current().admin_url)


@app.periodic(cron="*/5 * * * *", periodic_id="notifications")
@app.task(name="services.jobs.tasks.collect_notifications", queue="schedule", queueing_lock="collect_notifications")
def collect_notifications(timestamp: int | None = None) -> int:
    from services.jobs import notify
    ids = notify.collect(runtime.current().admin_url)
    queued = 0
    for notification_id in ids:
        try:
            send_notification.configure(queueing_lock=f"notify:{notification_id}").defer(notification_id=notification_id)
            queued += 1
        except procrastinate.exceptions.AlreadyEnqueued:
            pass  # its email job is still waiting from an earlier run
    return queued


@app.task(name="services.jobs.tasks.send_notification", queue="mail", retry=BackoffWithJitter(max_attempts=4, base=20),
          pass_context=True)
@recorded
def send_notification(notification_id: int) -> str:
    from services.jobs import notify
    return notify.send_one(runtime.current(), notification_id)


@app.periodic(cron="0 7 * * *", periodic_id="digests")
@app.task(name="services.jobs.tasks.send_digests", queue="mail", queueing_lock="send_digests",
          retry=BackoffWithJitter(max_attempts=4, base=60), pass_context=True)
@recorded
def send_digests(timestamp: int | None = None) -> int:
    from services.jobs import notify
    return notify.send_digests(runtime.current())


@app.periodic(cron="* * * * *", periodic_id="stalled")
@app.task(name="services.jobs.tasks.retry_stalled_jobs", queue="schedule", queueing_lock="retry_stalled_jobs",
          pass_context=True)
async def retry_stalled_jobs(context, timestamp: int | None = None) -> int:
    return await retry_stalled(context.app)


async def retry_stalled(queue_app: procrastinate.App, seconds_since_heartbeat: float = STALLED_AFTER_SECONDS) -> int:
    """Jobs left `doing` by a worker that stopped sending heartbeats (killed, machine lost) go back to the queue.
    A sync that was cut off left its account `syncing`: the account's lock says no other worker is syncing it,
    so that status is released first, or the retry would be refused as a sync already running."""
    jobs = list(await queue_app.job_manager.get_stalled_jobs(seconds_since_heartbeat=seconds_since_heartbeat))
    for job in jobs:
        if job.task_name == SYNC_TASK and job.task_kwargs.get("account_id"):
            await queue_app.connector.execute_query_async(
                "update public.social_accounts set status = 'connected', sync_started_at = null "
                "where id = %(id)s and status = 'syncing'", id=job.task_kwargs["account_id"])
        await queue_app.job_manager.retry_job(job)
    return len(jobs)


@app.periodic(cron="17 * * * *", periodic_id="prune")
@app.task(name="services.jobs.tasks.prune_jobs", queue="schedule", queueing_lock="prune_jobs", pass_context=True)
async def prune_jobs(context, timestamp: int | None = None) -> None:
    await context.app.job_manager.delete_old_jobs(nb_hours=KEEP_FINISHED_HOURS, include_failed=True)
    await context.app.connector.execute_query_async(
        "delete from app.job_errors e where not exists (select 1 from public.procrastinate_jobs j where j.id = e.job_id)")
