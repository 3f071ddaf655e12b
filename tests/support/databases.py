"""Fresh databases on the session's embedded server: an empty migrated one, or one holding the demo
workspace, and the AppTest helpers that open a page as a demo person. Every test module that needs a
database of its own builds it from these, so a change to how databases are made reaches all of them."""
from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterable, Iterator

import psycopg
from psycopg import sql

from services.core.db import migrations
from services.core.db.postgres import make_pool
from services.demo.people import demo_person
from tests.support.app import app_for


@contextlib.contextmanager
def fresh_database(server, label: str) -> Iterator[str]:
    """A new, migrated database on the session server; yields its admin URL and drops it afterwards."""
    name = f"{label}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server.url(), autocommit=True) as conn:
        conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    url = server.url(name)
    try:
        migrations.migrate(url, log=lambda _m: None)
        yield url
    finally:
        with psycopg.connect(server.url(), autocommit=True) as conn:
            conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))


@contextlib.contextmanager
def demo_workspace(server, label: str, *, days: int = 30, seeders: Iterable[Callable] = (),
                   max_pool: int | None = None) -> Iterator:
    """A fresh database seeded with the demo workspace (`days` of history), then each of `seeders`
    called with the Backend; yields that Backend (its pool is the privileged one)."""
    with fresh_database(server, label) as url:
        pool = make_pool(url, max_size=max_pool) if max_pool else make_pool(url)
        try:
            backend = seeded_demo(url, pool, days=days)
            for seeder in seeders:
                seeder(backend)
            yield backend
        finally:
            pool.close()


def seeded_demo(url: str, pool, *, days: int):
    """The demo workspace (`days` of history) seeded into the database at `url`, whose privileged pool is `pool`;
    returns its Backend. Modules that share the session database seed it with the same `days`."""
    from services.core.backend import Backend
    from services.core.config import Settings
    from services.demo import seed

    backend = Backend(Settings(backend="postgres", database_url=url), admin_url=url, pool=pool)
    seed.seed_demo(backend, days=days)
    return backend


def as_demo(url: str, key: str):
    """An AppTest of the portal signed in as the demo person `key` (not yet run)."""
    person = demo_person(key)
    return app_for(url, issuer="local", subject=key, email=person.email, name=person.display_name)


def open_page(url: str, key: str, page: str | None):
    """Signs in as `key`, opens `page` ("<area>/<page>", or None for Home) and checks it drew without an error."""
    at = as_demo(url, key).run()
    if page:
        at.switch_page(f"../pages/{page}.py").run()
    assert not at.exception, at.exception
    return at
