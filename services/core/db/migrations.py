"""Applies supabase/migrations/*.sql in order, each in its own transaction, recording them in
supabase_migrations.schema_migrations — the table the Supabase CLI uses — so both tools agree on
what has been applied. Runs on the privileged connection only."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import psycopg

MIGRATIONS_DIR = Path(__file__).resolve().parents[3] / "supabase" / "migrations"
_NAME = re.compile(r"^(\d{14})_(.+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: str
    name: str
    path: Path


def discover(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    found = []
    for path in sorted(directory.glob("*.sql")):
        match = _NAME.match(path.name)
        if not match:
            raise ValueError(f"{path.name}: migration files are named YYYYMMDDHHMMSS_description.sql")
        found.append(Migration(match.group(1), match.group(2), path))
    return found


_HISTORY = """
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
  version text not null primary key,
  statements text[],
  name text
);
"""


def applied_versions(conn: psycopg.Connection) -> set[str]:
    exists = conn.execute("select to_regclass('supabase_migrations.schema_migrations') is not null").fetchone()[0]
    if not exists:
        return set()
    return {r[0] for r in conn.execute("select version from supabase_migrations.schema_migrations")}


def pending(url: str, directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    with psycopg.connect(url, autocommit=True) as conn:
        done = applied_versions(conn)
    return [m for m in discover(directory) if m.version not in done]


def migrate(url: str, directory: Path = MIGRATIONS_DIR, log=print) -> list[Migration]:
    """Apply pending migrations; returns the ones applied (empty when nothing was pending)."""
    applied = []
    with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
        conn.execute("select pg_advisory_lock(727274)")  # one migrator at a time
        try:
            done = applied_versions(conn)
            todo = [m for m in discover(directory) if m.version not in done]
            if todo:
                with conn.transaction():
                    conn.execute(_HISTORY)
            for migration in todo:
                text = migration.path.read_text(encoding="utf-8")
                with conn.transaction():
                    conn.execute(text)
                    conn.execute(
                        "insert into supabase_migrations.schema_migrations (version, statements, name) "
                        "values (%s, %s, %s)", (migration.version, [text], migration.name))
                log(f"applied {migration.path.name}")
                applied.append(migration)
        finally:
            conn.execute("select pg_advisory_unlock(727274)")
    return applied
