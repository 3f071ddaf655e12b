"""The job queue on the project's own Postgres: created by our migrations on a fresh database and on one upgraded
from before the queue existed; a person queues a sync of their own account only, once however often they ask; a
worker syncs it as `python -m services.sync` would; a job naming a deleted account fails with a reason and is not
retried; malformed platform JSON fails that sync naming the platform and writes nothing."""
from __future__ import annotations

import psycopg
import pytest
from psycopg import sql

from services.core.db import migrations
from services.core.db.postgres import PostgresGateway, make_pool
from services.core.errors import DomainError
from tests.jobs.support import drain, jobs, last_error, runtime_for
from tests.support import platform_replay as replay
from tests.support.connections import account, account_rows, connect, new_creator


def test_queue_schema_on_an_upgraded_database_matches_a_fresh_one(database, queue_db):
    """A database migrated up to the last file before the queue, given data, then upgraded, ends with the same
    queue tables and functions as a fresh one, and keeps its rows."""
    before = [m for m in migrations.discover() if m.version < "20261206200000"]
    name = "jobs_upgrade"
    with psycopg.connect(database.url(), autocommit=True) as conn:
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    url = database.url(name)
    try:
        import tempfile, shutil, pathlib
        with tempfile.TemporaryDirectory() as d:
            for m in before:
                shutil.copy(m.path, pathlib.Path(d) / m.path.name)
            migrations.migrate(url, directory=pathlib.Path(d), log=lambda _m: None)
        pool = make_pool(url, max_size=2)
        try:
            creator = PostgresGateway(pool, new_creator(pool, "upgrade"))
            account_id = connect(creator, "twitch")
        finally:
            pool.close()
        applied = migrations.migrate(url, log=lambda _m: None)
        assert [m.version for m in applied] == [m.version for m in migrations.discover() if m.version >= "20261206200000"]
        shape = ("select relname from pg_class where relname like 'procrastinate%%' and relkind in ('r', 'S') "
                 "union all select proname from pg_proc where proname like 'procrastinate%%' order by 1")
        with psycopg.connect(url) as up, psycopg.connect(queue_db[0]) as fresh:
            assert up.execute(shape).fetchall() == fresh.execute(shape).fetchall()
            assert len(up.execute(shape).fetchall()) > 20
            row = up.execute("select sync_interval_minutes, next_sync_at from public.social_accounts where id = %s",
                             (account_id,)).fetchone()
            assert row == (60, None)
    finally:
        with psycopg.connect(database.url(), autocommit=True) as conn:
            conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))


def test_a_creator_queues_their_own_account_once_however_often_they_ask(queue_db, admin):
    url, pool = queue_db
    creator = PostgresGateway(pool, new_creator(pool, "asks"))
    account_id = connect(creator, "twitch")
    first = creator.rpc("request_account_sync", {"p_account_id": account_id})
    second = creator.rpc("request_account_sync", {"p_account_id": account_id})
    assert first == second
    queued = [j for j in jobs(url) if j["args"].get("account_id") == account_id]
    assert [(j["status"], j["lock"], j["queueing_lock"]) for j in queued] == [
        ("todo", f"account:{account_id}", f"sync:{account_id}")]


def test_a_creator_cannot_queue_another_creators_account(queue_db):
    url, pool = queue_db
    owner = PostgresGateway(pool, new_creator(pool, "owner"))
    account_id = connect(owner, "twitch")
    other = PostgresGateway(pool, new_creator(pool, "other"))
    before = len(jobs(url))
    with pytest.raises(DomainError):
        other.rpc("request_account_sync", {"p_account_id": account_id})
    assert len(jobs(url)) == before


def test_a_worker_syncs_a_queued_account_like_the_sync_command(queue_db, admin):
    url, pool = queue_db
    creator = PostgresGateway(pool, new_creator(pool, "worker"))
    account_id = connect(creator, "twitch")
    world = replay.twitch()
    runtime_for(url, transport=world.transport)
    creator.rpc("request_account_sync", {"p_account_id": account_id})
    drain(url)
    job = [j for j in jobs(url) if j["args"].get("account_id") == account_id][-1]
    assert job["status"] == "succeeded"
    assert account(admin, account_id)["status"] == "connected"
    assert account(admin, account_id)["last_synced_at"] is not None
    rows = account_rows(admin, account_id)
    assert len(rows["posts"]) == 3  # videos_page_1.json + videos_page_2.json hold three videos
    assert {r["source"] for r in rows["posts"]} == {"api"}


def test_a_job_for_a_deleted_account_fails_once_with_the_reason(queue_db, admin):
    url, pool = queue_db
    creator = PostgresGateway(pool, new_creator(pool, "gone"))
    account_id = connect(creator, "twitch")
    creator.rpc("request_account_sync", {"p_account_id": account_id})
    admin.execute("delete from public.social_accounts where id = %s", (account_id,))
    runtime_for(url, transport=replay.twitch().transport)
    drain(url)
    job = [j for j in jobs(url) if j["args"].get("account_id") == account_id][-1]
    assert (job["status"], job["attempts"]) == ("failed", 1)
    assert last_error(url, job["id"]) == (f"Permanent: account {account_id} no longer exists (deleted or "
                                          "disconnected for good); nothing to sync")


def test_malformed_platform_json_fails_that_sync_naming_the_platform_and_writes_nothing(queue_db, admin):
    url, pool = queue_db
    creator = PostgresGateway(pool, new_creator(pool, "malformed"))
    account_id = connect(creator, "twitch")
    import httpx

    def broken(request):
        if request.url.path.endswith("/videos"):
            return httpx.Response(200, content=b'{"data": [ {"id": ', headers={"content-type": "application/json"})
        return replay.twitch()(request)

    runtime_for(url, transport=httpx.MockTransport(broken))
    creator.rpc("request_account_sync", {"p_account_id": account_id})
    drain(url)
    job = [j for j in jobs(url) if j["args"].get("account_id") == account_id][-1]
    assert job["status"] == "todo" and job["attempts"] == 1  # retried later, with backoff
    assert job["scheduled_at"] is not None
    assert last_error(url, job["id"]).startswith("Transient: Twitch: The sync stopped on an unexpected problem "
                                                 "(JSONDecodeError")
    assert account_rows(admin, account_id) == {"communities": [], "account_daily": [], "posts": [], "post_metrics": [],
                                               "audience_breakdowns": []}
    assert account(admin, account_id)["status"] == "error"


def test_the_jobs_command_lists_failed_jobs_with_their_reason(queue_db, admin, monkeypatch, tmp_path, capsys):
    from services import admin as admin_cli
    url, pool = queue_db
    creator = PostgresGateway(pool, new_creator(pool, "listed"))
    account_id = connect(creator, "twitch")
    job_id = creator.rpc("request_account_sync", {"p_account_id": account_id})
    admin.execute("delete from public.social_accounts where id = %s", (account_id,))
    runtime_for(url, transport=replay.twitch().transport)
    drain(url)
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[database]\nurl = "{url}"\n', encoding="utf-8")
    monkeypatch.setenv("PORTAL_SECRETS_FILE", str(secrets))
    assert admin_cli.main(["jobs", "--status", "failed"]) == 0
    out = capsys.readouterr().out.splitlines()
    line = next(i for i, l in enumerate(out) if l.split()[:2] == [str(job_id), "failed"])
    assert f'sync_account {{"account_id":"{account_id}"}} attempts=1' in out[line]
    assert out[line + 1].strip() == (f"error: Permanent: account {account_id} no longer exists (deleted or "
                                     "disconnected for good); nothing to sync")
    assert out[0].startswith("Jobs per queue: ") and "sync failed" in out[0]


def test_sync_now_on_supabase_queues_the_account_for_the_workers(pool, postgrest, admin_conn):
    """Without the sync identity (the app on Supabase), Sync now goes through PostgREST as the person: the account
    is queued once, under its lock, and still marked requested for `python -m services.sync --requested`."""
    from services.accounts import sync
    from services.core.db.supabase import SupabaseGateway
    from tests.conftest import ANON_KEY, JWT_SECRET
    from tests.support.connections import NOW, SETTINGS

    creator = new_creator(pool, "supabase-queue")
    gw = SupabaseGateway(postgrest.url, ANON_KEY, creator, jwt_secret=JWT_SECRET)
    account_id = connect(gw, "twitch")
    for _ in range(2):
        result = sync.sync_account(gw, SETTINGS, account_id, now=NOW)
        assert result.outcome == "skipped" and "requested" in result.message
    queued = admin_conn.execute("select status::text as status, lock from public.procrastinate_jobs "
                                "where queueing_lock = %s", (f"sync:{account_id}",)).fetchall()
    assert [(r["status"], r["lock"]) for r in queued] == [("todo", f"account:{account_id}")]
    assert account(admin_conn, account_id)["sync_requested_at"] is not None
    other = SupabaseGateway(postgrest.url, ANON_KEY, new_creator(pool, "supabase-other"), jwt_secret=JWT_SECRET)
    with pytest.raises(DomainError):
        other.rpc("request_account_sync", {"p_account_id": account_id})
