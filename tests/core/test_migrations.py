"""Migrations: our runner and the Supabase CLI apply the same files, agree on the history table, and the
schema keeps the rules every table must follow (RLS on, policies per role and command, indexed filters).

Runs on its own embedded PostgreSQL cluster, not the session one: each test migrates a new database in it.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import psycopg
import pytest
from psycopg.rows import dict_row

from services.core.db import migrations
from services.core.db.embedded import PROJECT_ROOT, EmbeddedPostgres, free_port

SUPABASE_CLI = PROJECT_ROOT / ".tools" / "node_modules" / ".bin" / "supabase"
BOOTSTRAP = migrations.discover()[0]
API_ROLES = ("anon", "authenticated", "service_role", "authenticator")
ALL_VERSIONS = [m.version for m in migrations.discover()]


@pytest.fixture(scope="module")
def cluster():
    """A new cluster whose default database is migrated once by our runner (roles created there).
    Not under tmp_path: pytest resets its base folder to mode 0700 whenever another pytest run starts,
    which would lock out the server's unprivileged system user."""
    with tempfile.TemporaryDirectory(prefix="portal-migrations-") as folder:
        server = EmbeddedPostgres(Path(folder) / "pg", tcp_port=free_port())
        server.start()
        try:
            yield server, migrations.migrate(server.url(), log=lambda _m: None)
        finally:
            server.stop()


@pytest.fixture
def new_database(cluster):
    """new_database() -> the name of an empty database in the module's cluster."""
    server, _ = cluster

    def create() -> str:
        name = f"mig_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(server.url(), autocommit=True) as conn:
            conn.execute(f'create database "{name}"')
        return name

    return create


@pytest.fixture
def migrated(cluster):
    """The cluster's default database, migrated by the fixture: used for read-only schema checks."""
    server, _ = cluster
    with psycopg.connect(server.url(), autocommit=True, row_factory=dict_row) as conn:
        yield conn


def history(url: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute("select version, name, statements from supabase_migrations.schema_migrations "
                            "order by version").fetchall()


def catalog_snapshot(conn) -> dict:
    """What the bootstrap could touch: API roles and memberships, auth functions, schema and default ACLs."""
    q = lambda sql: [tuple(r) for r in conn.execute(sql).fetchall()]  # noqa: E731
    return {
        "roles": q("select rolname, rolsuper, rolinherit, rolcanlogin, rolbypassrls, rolcreaterole "
                   "from pg_roles where rolname in ('anon', 'authenticated', 'service_role', 'authenticator') "
                   "order by 1"),
        "memberships": q("select r.rolname, m.rolname from pg_auth_members a join pg_roles r on r.oid = a.roleid "
                         "join pg_roles m on m.oid = a.member where r.rolname in "
                         "('anon', 'authenticated', 'service_role') order by 1, 2"),
        "auth_functions": q("select p.proname, pg_get_functiondef(p.oid), coalesce(p.proacl::text, '') "
                            "from pg_proc p where p.pronamespace = 'auth'::regnamespace order by 1"),
        "schemas": q("select nspname, coalesce(nspacl::text, '') from pg_namespace "
                     "where nspname in ('public', 'auth') order by 1"),
        "default_acl": q("select defaclrole::regrole::text, defaclnamespace::regnamespace::text, defaclobjtype, "
                         "defaclacl::text from pg_default_acl order by 1, 2, 3"),
    }


def run_cli(project: Path, db_url: str) -> subprocess.CompletedProcess:
    if not SUPABASE_CLI.exists():
        pytest.skip(f"Supabase CLI not installed at {SUPABASE_CLI} (scripts/test.sh installs it)")
    return subprocess.run([str(SUPABASE_CLI), "migration", "up", "--db-url", db_url],
                          cwd=project, capture_output=True, text=True, timeout=120)


def cli_project(tmp_path: Path, files=None) -> Path:
    """A directory holding only supabase/migrations (the CLI needs no config.toml for `migration up`)."""
    target = tmp_path / "project" / "supabase" / "migrations"
    target.mkdir(parents=True)
    for migration in files or migrations.discover():
        shutil.copy(migration.path, target / migration.path.name)
    return tmp_path / "project"


# -- our runner --------------------------------------------------------------------------------------

def test_runner_applies_every_migration_to_an_empty_cluster_and_creates_the_api_roles(cluster, migrated):
    _, first_run = cluster
    assert [m.version for m in first_run] == ALL_VERSIONS
    roles = {r["rolname"]: r for r in migrated.execute(
        "select rolname, rolcanlogin, rolbypassrls from pg_roles where rolname = any(%s)", (list(API_ROLES),))}
    assert set(roles) == set(API_ROLES)
    assert not roles["anon"]["rolcanlogin"] and not roles["authenticated"]["rolcanlogin"]
    assert roles["service_role"]["rolbypassrls"] and roles["authenticator"]["rolcanlogin"]


def test_reapplying_migrations_is_a_no_op(cluster, new_database):
    server, _ = cluster
    url = server.url(new_database())
    assert [m.version for m in migrations.migrate(url, log=lambda _m: None)] == ALL_VERSIONS
    before = history(url)
    assert migrations.migrate(url, log=lambda _m: None) == []
    assert migrations.pending(url) == []
    assert history(url) == before


def test_every_migration_is_recorded_with_its_name_and_text(migrated):
    rows = migrated.execute("select version, name, statements from supabase_migrations.schema_migrations "
                            "order by version").fetchall()
    expected = migrations.discover()
    assert [(r["version"], r["name"]) for r in rows] == [(m.version, m.name) for m in expected]
    for row, migration in zip(rows, expected):
        assert row["statements"] == [migration.path.read_text(encoding="utf-8")]


def test_migrating_a_second_database_in_the_same_cluster_still_grants_the_api_roles(cluster, new_database):
    """Roles are cluster-wide but grants and default privileges are per database: the bootstrap must not
    skip the grants just because a first database already created the roles."""
    server, _ = cluster
    url = server.url(new_database())
    migrations.migrate(url, log=lambda _m: None)
    with psycopg.connect(url, autocommit=True) as conn:
        for role in ("anon", "authenticated"):
            for table in ("public.currencies", "public.posts", "public.profiles"):
                assert conn.execute("select has_table_privilege(%s, %s, 'select')", (role, table)).fetchone()[0], \
                    f"{role} cannot select {table}"
        with conn.transaction():
            conn.execute("set local role anon")
            assert conn.execute("select count(*) from public.currencies").fetchone()[0] > 40


# -- the bootstrap file ----------------------------------------------------------------------------------

def test_bootstrap_changes_nothing_when_applied_again(cluster, new_database):
    server, _ = cluster
    url = server.url(new_database())
    migrations.migrate(url, log=lambda _m: None)
    with psycopg.connect(url, autocommit=True) as conn:
        before = catalog_snapshot(conn)
        conn.execute(BOOTSTRAP.path.read_text(encoding="utf-8"))
        conn.execute(BOOTSTRAP.path.read_text(encoding="utf-8"))
        assert catalog_snapshot(conn) == before


def test_bootstrap_leaves_existing_roles_alone_when_migrating_another_database(cluster, new_database):
    server, _ = cluster
    with psycopg.connect(server.url(), autocommit=True) as conn:
        roles_before = catalog_snapshot(conn)["roles"], catalog_snapshot(conn)["memberships"]
    migrations.migrate(server.url(new_database()), log=lambda _m: None)
    with psycopg.connect(server.url(), autocommit=True) as conn:
        assert (catalog_snapshot(conn)["roles"], catalog_snapshot(conn)["memberships"]) == roles_before


def test_bootstrap_keeps_an_existing_auth_uid_definition(cluster, new_database):
    """On Supabase auth.uid() already exists with Supabase's own body: the bootstrap must not replace it."""
    server, _ = cluster
    url = server.url(new_database())
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("create schema auth")
        conn.execute("create function auth.uid() returns uuid language sql stable as "
                     "$$ select '00000000-0000-0000-0000-00000000abcd'::uuid $$")
        definition = conn.execute("select pg_get_functiondef('auth.uid()'::regprocedure)").fetchone()[0]
        conn.execute(BOOTSTRAP.path.read_text(encoding="utf-8"))
        assert conn.execute("select pg_get_functiondef('auth.uid()'::regprocedure)").fetchone()[0] == definition
        assert str(conn.execute("select auth.uid()").fetchone()[0]) == "00000000-0000-0000-0000-00000000abcd"
        # the missing helpers are still created
        names = {r[0] for r in conn.execute("select proname from pg_proc where pronamespace = 'auth'::regnamespace")}
        assert names == {"uid", "role", "jwt"}


# -- the Supabase CLI --------------------------------------------------------------------------------------

def test_supabase_cli_applies_the_same_files_and_our_runner_then_finds_nothing_pending(cluster, new_database,
                                                                                     tmp_path):
    server, _ = cluster
    name = new_database()
    result = run_cli(cli_project(tmp_path), server.tcp_url(name))
    assert result.returncode == 0, result.stderr
    url = server.url(name)
    assert [r[0] for r in history(url)] == ALL_VERSIONS
    assert migrations.pending(url) == []
    assert migrations.migrate(url, log=lambda _m: None) == []
    with psycopg.connect(url, autocommit=True) as conn:
        assert conn.execute("select count(*) from pg_policies where schemaname = 'public'").fetchone()[0] > 20


def test_supabase_cli_and_our_runner_share_one_history(cluster, new_database, tmp_path):
    """CLI applies the first half, our runner the rest, and the CLI then has nothing left to do."""
    server, _ = cluster
    name = new_database()
    url = server.url(name)
    all_files = migrations.discover()
    first = run_cli(cli_project(tmp_path / "first", all_files[:2]), server.tcp_url(name))
    assert first.returncode == 0, first.stderr
    assert [m.version for m in migrations.pending(url)] == ALL_VERSIONS[2:]
    assert [m.version for m in migrations.migrate(url, log=lambda _m: None)] == ALL_VERSIONS[2:]
    recorded = history(url)
    again = run_cli(cli_project(tmp_path / "again"), server.tcp_url(name))
    assert again.returncode == 0, again.stderr
    assert "Applying migration" not in again.stdout + again.stderr
    assert history(url) == recorded


# -- rules every table and policy follows ----------------------------------------------------------------

def test_every_table_in_public_has_row_level_security_enabled(migrated):
    tables = migrated.execute("select relname, relrowsecurity from pg_class where relnamespace = 'public'::regnamespace "
                              "and relkind in ('r', 'p')").fetchall()
    assert len(tables) >= 13
    assert [t["relname"] for t in tables if not t["relrowsecurity"]] == []


def test_every_policy_targets_anon_or_authenticated_and_names_one_command(migrated):
    policies = migrated.execute("select tablename, policyname, roles::text[] as roles, cmd from pg_policies "
                                "where schemaname = 'public'").fetchall()
    assert policies
    for p in policies:
        assert p["cmd"] != "ALL", f"{p['tablename']}: {p['policyname']!r} is a `for all` policy"
        assert set(p["roles"]) <= {"anon", "authenticated"}, f"{p['policyname']!r} applies to {p['roles']}"


def test_policies_call_auth_uid_through_a_subselect(migrated):
    """`(select auth.uid())` is evaluated once per statement instead of once per row."""
    for p in migrated.execute("select policyname, concat_ws(' ', qual, with_check) as expr from pg_policies "
                              "where schemaname = 'public'"):
        assert p["expr"].count("auth.uid()") == p["expr"].count("SELECT auth.uid()"), p["policyname"]


def test_every_id_column_a_policy_filters_on_leads_an_index(migrated):
    rows = migrated.execute("""
        select p.tablename, p.policyname, concat_ws(' ', p.qual, p.with_check) as expr,
               array_agg(a.attname::text) as columns
        from pg_policies p
        join pg_attribute a on a.attrelid = format('public.%I', p.tablename)::regclass and a.attnum > 0
                           and not a.attisdropped
        where p.schemaname = 'public'
        group by 1, 2, 3""").fetchall()
    leading = {(r["table"], r["column"]) for r in migrated.execute("""
        select c.relname as table, a.attname as column from pg_index i
        join pg_class c on c.oid = i.indrelid
        join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
        where c.relnamespace = 'public'::regnamespace""")}
    checked = set()
    for r in rows:
        for column in r["columns"]:
            if (column == "id" or column.endswith("_id")) and re.search(rf"(?<![\w.]){column}(?![\w(])", r["expr"]):
                checked.add((r["tablename"], column))
                assert (r["tablename"], column) in leading, \
                    f"{r['tablename']}.{column} is filtered by {r['policyname']!r} but no index starts with it"
    for expected in [("social_accounts", "creator_id"), ("posts", "creator_id"), ("identities", "profile_id"),
                     ("creator_partners", "partner_id"), ("audit_log", "actor_id"),
                     ("brand_memberships", "brand_id")]:
        assert expected in checked


# Signed-out visitors may call only the readers of shared links, which check the token themselves.
ANON_FUNCTIONS = {"shared_report(text,text)", "shared_media_kit(text)"}


def test_anon_can_execute_only_the_shared_link_readers(migrated):
    executable = migrated.execute("""
        select p.oid::regprocedure::text as fn from pg_proc p
        where p.pronamespace = 'public'::regnamespace and has_function_privilege('anon', p.oid, 'execute')
    """).fetchall()
    assert {r["fn"] for r in executable} == ANON_FUNCTIONS


def test_security_definer_functions_pin_their_search_path(migrated):
    loose = migrated.execute("""
        select p.oid::regprocedure::text as fn from pg_proc p
        where p.prosecdef and p.pronamespace in ('public'::regnamespace, 'app'::regnamespace)
          and not coalesce(p.proconfig, '{}') @> array['search_path=""']""").fetchall()
    assert loose == []
