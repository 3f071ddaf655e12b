"""Turns Settings into a working database: starts the embedded server when nothing is configured,
applies pending migrations, seeds the demo workspace on first start, and builds gateways."""
from __future__ import annotations

import atexit
from dataclasses import dataclass
from typing import Callable

import psycopg

from services.core.config import Settings
from services.core.db import migrations
from services.core.db.gateway import Gateway, Person
from services.core.errors import ConfigError, DatabaseUnavailable
from services.core.messages import N_


@dataclass
class Backend:
    settings: Settings
    admin_url: str | None = None  # privileged: migrations and bootstrap only
    pool: object | None = None

    def gateway_for(self, person: Person, access_token: str | None = None) -> Gateway:
        if self.settings.backend == "supabase":
            from services.core.db.supabase import SupabaseGateway
            return SupabaseGateway(self.settings.rest_url, self.settings.supabase_anon_key, person,
                                   access_token=access_token, jwt_secret=self.settings.supabase_jwt_secret)
        from services.core.db.postgres import PostgresGateway
        return PostgresGateway(self.pool, person)

    def close(self):
        if self.pool is not None:
            self.pool.close()


def database_admin_url(settings: Settings, *, stop_on_exit: bool = False) -> str:
    """The privileged URL of the database in use, starting the embedded server if needed. With stop_on_exit,
    an embedded server this call started is stopped when the process exits (one it found running is left
    running: it belongs to whoever started it)."""
    if settings.backend == "supabase":
        raise ConfigError("With [supabase] the portal holds no database password: use the Supabase CLI "
                          "(supabase migration up / db dump) against your project instead.")
    if settings.backend == "postgres":
        return settings.database_url
    from services.core.db.embedded import EmbeddedPostgres
    server = EmbeddedPostgres(settings.data_dir / "postgres")
    started_here = not server.is_running()
    url = server.start()
    if started_here and stop_on_exit:
        atexit.register(server.stop)
    return url


def open_backend(settings: Settings, *, log: Callable[[str], None] = lambda _m: None,
                 progress: Callable[[float, str], None] | None = None, stop_on_exit: bool = False) -> Backend:
    """Ready-to-use backend. progress(fraction, message) is called on slow first-start steps."""
    step = progress or (lambda _f, _m: None)
    if settings.backend == "supabase":
        return Backend(settings)
    step(0.05, N_("Starting the database"))
    url = database_admin_url(settings, stop_on_exit=stop_on_exit)
    step(0.25, N_("Applying database migrations"))
    try:
        migrations.migrate(url, log=log)
    except psycopg.OperationalError as exc:
        from services.core.db.postgres import redact_url
        raise DatabaseUnavailable("The database at {url} cannot be reached: {strip}",
                                  url=redact_url(url), strip=str(exc).strip()) from exc
    from services.core.db.postgres import make_pool
    backend = Backend(settings, admin_url=url, pool=make_pool(url))
    if settings.backend == "embedded" and settings.seed_demo:
        from services.demo import seed
        if not seed.demo_present(url):
            step(0.4, N_("Creating the demo workspace (first start only)"))
            seed.seed_demo(backend, progress=lambda f, m: step(0.4 + 0.6 * f, m))
    step(1.0, N_("Ready"))
    return backend
