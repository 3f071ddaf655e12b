"""Outages: a terminated connection is replaced before the next run uses it, a stopped database shows
the "cannot be reached" page within 5 s instead of a hang or a traceback, and the portal recovers."""
from __future__ import annotations

import time
import uuid

import psycopg
import pytest

from services.core.db import migrations
from services.core.db.embedded import EmbeddedPostgres, free_port
from tests.support.app import app_for, texts


@pytest.fixture(scope="module")
def server(workdir):
    """Its own server, so stopping it does not disturb the other tests."""
    pg = EmbeddedPostgres(workdir / "outage" / "postgres", tcp_port=free_port())
    migrations.migrate(pg.start(), log=lambda _m: None)
    yield pg
    pg.stop()


def _app(url: str):
    return app_for(url, issuer="https://idp.test", subject=f"outage-{uuid.uuid4().hex[:6]}",
                   email="outage@example.test", name="Outage Tester")


def test_terminated_connections_are_replaced_before_the_next_run(server):
    at = _app(server.url()).run()
    assert not at.exception, at.exception
    with psycopg.connect(server.url(), autocommit=True) as conn:
        killed = conn.execute("select count(pg_terminate_backend(pid)) from pg_stat_activity "
                              "where backend_type = 'client backend' and pid <> pg_backend_pid()").fetchone()[0]
    assert killed >= 1
    at.run()
    assert not at.exception, at.exception
    assert "cannot be reached" not in texts(at)


def test_a_stopped_database_shows_the_outage_page_within_5_seconds_and_recovers(server):
    at = _app(server.url()).run()
    assert not at.exception, at.exception
    url = server.url()
    server.stop()
    try:
        started = time.monotonic()
        at.run()
        elapsed = time.monotonic() - started
        assert not at.exception, at.exception
        assert "The database cannot be reached" in texts(at)
        assert elapsed < 5, elapsed
    finally:
        server.start()
    at.run()
    assert not at.exception, at.exception
    assert "cannot be reached" not in texts(at)
    assert url == server.url()
