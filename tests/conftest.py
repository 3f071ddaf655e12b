"""Shared fixtures: the portal's clock for the whole run, one embedded PostgreSQL (migrated once), a real
PostgREST binary on it, and gateways of both kinds acting as a given person.

The clock: every test runs on the same frozen instant, `PORTAL_TEST_DAYS_AHEAD` days (default 0) after the real
time at the start of the run, and servers a test starts get it as PORTAL_NOW. `scripts/test.sh` runs the page
tests again at +45 and +400 days, so a page that only works on the day it was written fails there."""
from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import warnings
from pathlib import Path

import jwt
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.gettempdir())
warnings.filterwarnings("ignore", category=UserWarning, module="platformdirs")

from services.core import clock  # noqa: E402
from services.core.db import migrations  # noqa: E402
from services.core.db.embedded import EmbeddedPostgres, free_port  # noqa: E402
from services.core.db.gateway import Person  # noqa: E402
from services.core.db.postgres import PostgresGateway, make_pool  # noqa: E402
from tests.support.postgrest_server import PostgrestServer  # noqa: E402
from services.core.db.supabase import SupabaseGateway  # noqa: E402

def test_days_ahead() -> int:
    value = os.environ.get("PORTAL_TEST_DAYS_AHEAD", "0").strip() or "0"
    try:
        return int(value)
    except ValueError:
        raise pytest.UsageError(f"PORTAL_TEST_DAYS_AHEAD must be a whole number of days, not {value!r}") from None


@pytest.fixture(scope="session", autouse=True)
def portal_clock():
    """The one clock of the run: PORTAL_TEST_DAYS_AHEAD days after the real now, for this process and (as
    PORTAL_NOW) for every server a test starts. It runs on from there (so what happens later in a test is later
    on the clock too); a test that needs a fixed instant freezes it with clock.set_now. Yields the start."""
    frozen = (clock._system_now() + dt.timedelta(days=test_days_ahead())).replace(microsecond=0)
    clock.run_from(frozen)
    previous = os.environ.get("PORTAL_NOW")
    os.environ["PORTAL_NOW"] = frozen.isoformat()
    yield frozen
    clock.reset()
    if previous is None:
        os.environ.pop("PORTAL_NOW", None)
    else:
        os.environ["PORTAL_NOW"] = previous


JWT_SECRET = "test-only-jwt-secret-with-at-least-32-characters"
ANON_KEY = jwt.encode({"role": "anon", "iss": "supabase"}, JWT_SECRET, algorithm="HS256")


@pytest.fixture(scope="session")
def workdir():
    with tempfile.TemporaryDirectory(prefix="portal-tests-") as d:
        yield Path(d)


@pytest.fixture(scope="session")
def database(workdir):
    """A migrated embedded PostgreSQL on a Unix socket and 127.0.0.1; stopped after the run."""
    server = EmbeddedPostgres(workdir / "pg", tcp_port=free_port())
    server.start()
    migrations.migrate(server.url(), log=lambda _m: None)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def admin_url(database):
    return database.url()


@pytest.fixture(scope="session")
def pool(admin_url):
    pool = make_pool(admin_url)
    yield pool
    pool.close()


@pytest.fixture(scope="session")
def postgrest(database, workdir):
    """PostgREST logs in as authenticator, which (like every login on the embedded server) needs a password."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(database.url(), autocommit=True) as conn:
        conn.execute(sql.SQL("alter role authenticator password {}").format(sql.Literal(database.password())))
    server = PostgrestServer(database.url().replace("postgres:", "authenticator:", 1), JWT_SECRET)
    server.start(workdir)
    yield server
    server.stop()


@pytest.fixture(params=["postgres", "supabase"])
def gateway_kind(request):
    return request.param


@pytest.fixture
def gateway_for(gateway_kind, request):
    """gateway_for(person) -> a Gateway of the parametrised kind acting as that person."""
    if gateway_kind == "postgres":
        pool = request.getfixturevalue("pool")
        return lambda person: PostgresGateway(pool, person)
    server = request.getfixturevalue("postgrest")
    return lambda person: SupabaseGateway(server.url, ANON_KEY, person, jwt_secret=JWT_SECRET)


def person(profile_id: str, email: str | None = None) -> Person:
    return Person(id=profile_id, email=email)


@pytest.fixture(scope="session")
def admin_conn(admin_url):
    """A privileged autocommit connection (dict rows) for arranging and checking rows behind RLS."""
    import psycopg
    from psycopg.rows import dict_row

    with psycopg.connect(admin_url, autocommit=True, row_factory=dict_row) as conn:
        yield conn
