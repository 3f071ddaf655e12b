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


# -- one definition per object -------------------------------------------------------------------------------
#
# The baseline (the 20261128 files) defines every table, column, view, function, policy, trigger and type once.
# A later file may replace an object only with a comment line directly above the statement:
#     -- replaces <schema.name> from the baseline: <why>

BASELINE_VERSION_PREFIX = "20261128"
_REPLACES = re.compile(r"^\s*--\s*replaces\s+(?P<name>\S+)\s+from the baseline:\s*(?P<why>\S.{2,})$", re.IGNORECASE)
_DOLLAR = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$")


def _scan(sql: str):
    """Yields (kind, start, end) for each piece of sql: 'code', 'comment', 'string' (quoted literal or
    identifier) or 'dollar' (a dollar-quoted body, start/end around the whole quote, tags included)."""
    i, n, code_start = 0, len(sql), 0
    while i < n:
        c, nxt = sql[i], sql[i + 1] if i + 1 < n else ""
        if c == "-" and nxt == "-":
            end = sql.find("\n", i)
            end = n if end < 0 else end
            kind = "comment"
        elif c == "/" and nxt == "*":
            depth, end = 1, i + 2
            while end < n and depth:
                if sql.startswith("/*", end):
                    depth, end = depth + 1, end + 2
                elif sql.startswith("*/", end):
                    depth, end = depth - 1, end + 2
                else:
                    end += 1
            kind = "comment"
        elif c in "'\"":
            escapes = c == "'" and i > 0 and sql[i - 1] in "eE" and not (i > 1 and (sql[i - 2].isalnum() or sql[i - 2] == "_"))
            end = i + 1
            while end < n:
                if escapes and sql[end] == "\\":
                    end += 2
                elif sql[end] == c:
                    if end + 1 < n and sql[end + 1] == c:
                        end += 2
                    else:
                        end += 1
                        break
                else:
                    end += 1
            kind = "string"
        elif c == "$" and (m := _DOLLAR.match(sql, i)) and not (i > 0 and (sql[i - 1].isalnum() or sql[i - 1] == "_")):
            close = sql.find(m.group(0), m.end())
            end = n if close < 0 else close + len(m.group(0))
            kind = "dollar"
        else:
            i += 1
            continue
        if code_start < i:
            yield "code", code_start, i
        yield kind, i, end
        i = code_start = end
    if code_start < n:
        yield "code", code_start, n


def split_statements(sql: str) -> list[tuple[int, str]]:
    """The statements of a file as (line of their first token, text with comments blanked), split on the
    semicolons outside literals, comments and dollar-quoted bodies."""
    out, current, start = [], [], None
    for kind, a, b in _scan(sql):
        piece = sql[a:b]
        if kind == "comment":
            current.append(" ")
            continue
        if kind != "code":
            start = a if start is None else start
            current.append(piece)
            continue
        for part in re.split(r"(;)", piece):
            if part == ";":
                if start is not None:
                    out.append((sql.count("\n", 0, start) + 1, "".join(current).strip()))
                current, start = [], None
            else:
                if start is None and part.strip():
                    offset = sql.find(part, a)
                    start = offset + len(part) - len(part.lstrip())
                current.append(part)
                a += len(part) + 1
    if start is not None and "".join(current).strip():
        out.append((sql.count("\n", 0, start) + 1, "".join(current).strip()))
    return out


def code_only(sql: str) -> str:
    """sql without comments and quoted literals; dollar-quoted bodies are kept (as code, recursively)."""
    parts = []
    for kind, a, b in _scan(sql):
        if kind == "code":
            parts.append(sql[a:b])
        elif kind == "dollar":
            tag = _DOLLAR.match(sql, a).group(0)
            parts.append(" " + code_only(sql[a + len(tag):b - len(tag)]) + " ")
        else:
            parts.append(" ")
    return "".join(parts)


_TYPE_ALIASES = {"int": "integer", "int4": "integer", "int8": "bigint", "int2": "smallint", "bool": "boolean",
                 "timestamptz": "timestamp with time zone", "timestamp": "timestamp without time zone",
                 "timetz": "time with time zone", "varchar": "character varying", "char": "character",
                 "float8": "double precision", "float": "double precision", "float4": "real", "decimal": "numeric"}
_TYPE_STARTS = {"double", "character", "char", "bit", "timestamp", "time", "interval", "national", "varchar"}


def _top_level_split(text: str) -> list[str]:
    parts, depth, current = [], 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    if "".join(current).strip():
        parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def _paren_body(text: str, open_at: int) -> str:
    depth = 0
    for i in range(open_at, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return text[open_at + 1:i]
    raise ValueError(f"unbalanced parentheses in {text[:80]!r}")


def _qualified(name: str) -> str:
    name = name.replace('"', "").lower()
    return name if "." in name else f"public.{name}"


def normalise_type(text: str) -> str:
    t = re.sub(r"\s+", " ", re.sub(r"\([^)]*\)", "", text.lower())).strip()
    array = t.endswith("[]")
    t = t.removesuffix("[]").strip().removeprefix("public.")
    t = _TYPE_ALIASES.get(t, t)
    if t.startswith("timestamp") and "with time zone" not in t and "without" not in t:
        t = "timestamp without time zone"
    return t + ("[]" if array else "")


def function_identity(args: str) -> str:
    """The input argument types of a parameter list, as Postgres identifies a function by them."""
    types = []
    for arg in _top_level_split(args):
        arg = re.split(r"\s+default\s+|\s*=\s*", arg, maxsplit=1, flags=re.IGNORECASE)[0].strip()
        words = arg.split()
        mode = words[0].lower() if words else ""
        if mode in ("out", "table"):
            continue
        if mode in ("in", "inout", "variadic"):
            words = words[1:]
        if len(words) > 1 and words[0].lower() not in _TYPE_STARTS:
            words = words[1:]
        types.append(normalise_type(" ".join(words)))
    return ",".join(types)


def definitions(statement: str) -> list[tuple[str, str]]:
    """(kind, identity) of each object a statement defines."""
    s = re.sub(r"\s+", " ", statement).strip()
    low = s.lower()
    name = r'((?:"[^"]+"|[\w$]+)(?:\.(?:"[^"]+"|[\w$]+))?)'
    if m := re.match(r"create (?:or replace )?(?:(?:temp|temporary|unlogged) )?table (?:if not exists )?" + name, s, re.I):
        table = _qualified(m.group(1))
        found = [("table", table)]
        body = _paren_body(s, s.index("(", m.end()))
        for item in _top_level_split(body):
            first = item.split()[0]
            if first.lower() not in ("constraint", "primary", "unique", "check", "foreign", "exclude", "like"):
                found.append(("column", f"{table}.{first.replace(chr(34), '').lower()}"))
        return found
    if m := re.match(r"create (?:or replace )?(?:materialized )?view (?:if not exists )?" + name, s, re.I):
        return [("view", _qualified(m.group(1)))]
    if m := re.match(r"create (?:or replace )?(?:function|procedure) " + name + r"\s*\(", s, re.I):
        return [("function", f"{_qualified(m.group(1))}({function_identity(_paren_body(s, m.end() - 1))})")]
    if m := re.match(r'create policy ("[^"]+"|\w+) on ' + name, s, re.I):
        # Postgres keeps the first 63 bytes of a name (NAMEDATALEN): two names alike that far are one name.
        policy = m.group(1).strip(chr(34)).encode()[:63].decode(errors="ignore")
        return [("policy", f"{_qualified(m.group(2))}.{policy}")]
    if m := re.match(r"create (?:or replace )?(?:constraint )?trigger " + name + r" .*? on " + name, s, re.I):
        return [("trigger", f"{_qualified(m.group(2))}.{m.group(1).lower()}")]
    if m := re.match(r"create type " + name, s, re.I):
        return [("type", _qualified(m.group(1)))]
    if m := re.match(r"alter table (?:if exists )?(?:only )?" + name + " ", s, re.I):
        table = _qualified(m.group(1))
        return [("column", f"{table}.{c.lower().strip(chr(34))}")
                for c in re.findall(r"(?:^|,)\s*add (?:column )?(?:if not exists )?(\"[^\"]+\"|\w+)",
                                    s[m.end():], re.I)
                if c.lower() not in ("constraint", "primary", "unique", "check", "foreign", "exclude")]
    return []


def migration_definitions(files: list[tuple[str, str]]) -> list[dict]:
    """files: (name, sql) in order -> every definition with its file, line and the replaces comment above it."""
    found = []
    for file_name, sql in files:
        lines = sql.splitlines()
        for line, statement in split_statements(sql):
            above = _REPLACES.match(lines[line - 2]) if line >= 2 else None
            for kind, identity in definitions(statement):
                found.append({"file": file_name, "line": line, "kind": kind, "identity": identity,
                              "replaces": above and above.group("name").lower(), "why": above and above.group("why")})
    return found


def dropped(files: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """(kind, identity) of each function or policy a later statement drops (to be replaced by another signature)."""
    name = r'((?:"[^"]+"|[\w$]+)(?:\.(?:"[^"]+"|[\w$]+))?)'
    found = set()
    for _file, sql in files:
        for _line, statement in split_statements(sql):
            s = re.sub(r"\s+", " ", statement).strip()
            if m := re.match(r"drop function (?:if exists )?" + name + r"\s*\(", s, re.I):
                found.add(("function", f"{_qualified(m.group(1))}({function_identity(_paren_body(s, m.end() - 1))})"))
            elif m := re.match(r'drop policy (?:if exists )?("[^"]+"|\w+) on ' + name, s, re.I):
                found.add(("policy", f"{_qualified(m.group(2))}.{m.group(1).strip(chr(34))}"))
    return found


def _names(identity: str) -> set[str]:
    """The names a replaces comment may use for an object: public.f(integer) -> {public.f, f}."""
    base = identity.split("(")[0]
    names = {base, base.removeprefix("public.")}
    if base.count(".") == 2:  # schema.table.policy-or-trigger-or-column: the table and the object name serve
        schema, table, obj = base.split(".", 2)
        names |= {f"{schema}.{table}", table, obj}
    return names


def redefinition_problems(files: list[tuple[str, str]], baseline_prefix: str = BASELINE_VERSION_PREFIX) -> list[str]:
    problems, seen = [], {}
    for d in migration_definitions(files):
        key = (d["kind"], d["identity"])
        first = seen.get(key)
        where = f"{d['file']}:{d['line']}: {d['kind']} {d['identity']}"
        if first is None:
            seen[key] = d
        elif d["file"].startswith(baseline_prefix):
            problems.append(f"{where} is defined again in the baseline (first at {first['file']}:{first['line']})")
        elif d["replaces"] is None:
            problems.append(f"{where} redefines {first['file']}:{first['line']} without a "
                            "'-- replaces <name> from the baseline: <why>' line directly above")
        elif d["replaces"] not in _names(d["identity"]):
            problems.append(f"{where}: the replaces line names {d['replaces']}, not this object")
    return problems


def _migration_files() -> list[tuple[str, str]]:
    return [(m.path.name, m.path.read_text(encoding="utf-8")) for m in migrations.discover()]


def test_the_parser_skips_dollar_quoted_bodies_strings_and_comments():
    sql = """
-- create table public.in_a_comment (x int);
/* create view public.in_a_block /* nested */ comment as select 1; */
create function app.f(p_a integer, out p_b text) returns text language plpgsql as $fn$
begin
  execute $body$ create table public.in_a_body (x int); $body$;
  p_b := 'create policy "quoted" on public.t; it''s text';
end
$fn$;
create table t (id int primary key, "Mixed" text, constraint t_ok check (id > 0), unique (id));
select 'create type public.in_a_string as (x int);', E'it\\'s; create view public.v2 as select 1';
do $$ begin perform 1; end $$;
create policy "People can view t" on public.t for select to authenticated using (true);
create trigger t_changed after update on public.t for each row execute function app.g();
alter table public.t add column a integer, add column if not exists b text, add constraint c check (a > 0);
"""
    found = [(k, i) for _f, s in [("x", sql)] for _l, st in split_statements(s) for k, i in definitions(st)]
    assert found == [("function", "app.f(integer)"), ("table", "public.t"), ("column", "public.t.id"),
                     ("column", "public.t.mixed"), ("policy", "public.t.People can view t"),
                     ("trigger", "public.t.t_changed"), ("column", "public.t.a"), ("column", "public.t.b")]
    assert len(split_statements(sql)) == 7  # function, table, select, do, policy, trigger, alter


def test_functions_are_identified_by_name_and_input_types():
    assert function_identity("p_a int4, p_b numeric(5, 2) default 0, out o text") == "integer,numeric"
    assert function_identity("timestamp with time zone, p_d double precision, variadic p_v text[]") == \
        "timestamp with time zone,double precision,text[]"
    assert function_identity("o public.offers") == "offers"
    same = definitions("create or replace function public.f(x integer) returns int language sql as $$ select 1 $$")
    assert same == definitions("create function f(int) returns int language sql as $$ select 2 $$")
    assert same != definitions("create function f(bigint) returns int language sql as $$ select 3 $$")


def test_a_later_file_redefining_a_baseline_object_must_say_why():
    baseline = ("20261128000100_core.sql", "create function app.f(integer) returns int language sql as $$ select 1 $$;\n"
                                           "create table public.t (id int);\n")
    silent = ("20261205000000_later.sql", "create or replace function app.f(p integer) returns int language sql "
                                          "as $$ select 2 $$;\nalter table public.t add column id int;\n")
    explained = ("20261205000000_later.sql", "-- a comment further up does not count\n"
                                             "-- replaces app.f from the baseline: answers 2 since the new rule\n"
                                             "create or replace function app.f(p integer) returns int language sql "
                                             "as $$ select 2 $$;\n"
                                             "create function app.f(text) returns int language sql as $$ select 3 $$;\n")
    wrong_name = ("20261205000000_later.sql", "-- replaces app.g from the baseline: a typo in the name\n"
                                              "create or replace function app.f(integer) returns int language sql "
                                              "as $$ select 2 $$;\n")
    assert len(redefinition_problems([baseline, silent])) == 2
    assert redefinition_problems([baseline, explained]) == []
    assert len(redefinition_problems([baseline, wrong_name])) == 1
    twice = ("20261128000200_people.sql", "create table public.t (id int);\n")
    assert "defined again in the baseline" in redefinition_problems([baseline, twice])[0]


def test_the_baseline_defines_every_object_once_and_later_files_say_why_they_replace_one():
    files = _migration_files()
    assert [f for f, _ in files if f.startswith(BASELINE_VERSION_PREFIX)], "the baseline files are missing"
    assert redefinition_problems(files) == []
    too_long = [name for _f, sql in files for name in re.findall(r'create policy "([^"]+)"', sql, re.I)
                if len(name.encode()) > 63]
    assert too_long == [], "Postgres would silently cut these names to 63 bytes"


def test_every_object_is_defined_once_in_the_whole_chain():
    """The baseline was squashed: nothing is replaced or dropped any more, so each table, column, view, function
    overload, policy, trigger and type has exactly one definition across all the files, in its final form."""
    files = _migration_files()
    places = {}
    for d in migration_definitions(files):
        places.setdefault((d["kind"], d["identity"]), []).append(f"{d['file']}:{d['line']}")
    assert {k: v for k, v in places.items() if len(v) > 1} == {}
    assert dropped(files) == set()
    assert not [f for f, sql in files if re.search(r"^\s*--\s*replaces\s+\S+\s+from the baseline:", sql, re.I | re.M)]


def test_the_parser_finds_exactly_the_objects_the_migrated_database_has(migrated):
    """Cross-check against the catalog, so that a definition the parser misses cannot hide a redefinition."""
    parsed = {}
    for d in migration_definitions(_migration_files()):
        parsed.setdefault(d["kind"], set()).add(d["identity"])
    for kind, identity in dropped(_migration_files()):
        parsed[kind].discard(identity)
    q = lambda sql: {r["x"] for r in migrated.execute(sql)}  # noqa: E731
    schemas = "('public', 'app')"
    assert parsed["function"] == q(f"""
        select format('%s.%s(%s)', n.nspname, p.proname,
                      coalesce((select string_agg(format_type(t, null), ',' order by i)
                                from unnest(p.proargtypes) with ordinality as a(t, i)), '')) as x
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname in {schemas}""")
    assert parsed["table"] == q(f"select format('%s.%s', schemaname, tablename) as x from pg_tables "
                                f"where schemaname in {schemas}")
    assert parsed["view"] == q(f"select format('%s.%s', schemaname, viewname) as x from pg_views "
                               f"where schemaname in {schemas}")
    assert parsed["column"] == q(f"""
        select format('%s.%s.%s', n.nspname, c.relname, a.attname) as x from pg_attribute a
        join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname in {schemas} and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped""")
    assert parsed["policy"] == q("select format('%s.%s.%s', schemaname, tablename, policyname) as x from pg_policies")
    triggers = {r["x"] for r in migrated.execute(
        "select format('%s.%s.%s', c.relnamespace::regnamespace, c.relname, t.tgname) as x from pg_trigger t "
        "join pg_class c on c.oid = t.tgrelid where not t.tgisinternal")}
    assert parsed["trigger"] == triggers


def test_the_baseline_reads_the_time_only_through_app_now():
    """now(), current_date and friends would ignore the portal's clock (app.now() reads it)."""
    loose = []
    for name, sql in _migration_files():
        if not name.startswith(BASELINE_VERSION_PREFIX):
            continue
        code = code_only(sql)
        loose += [f"{name}: {m.group(0)}" for m in re.finditer(
            r"(?<![\w.])now\s*\(\s*\)|\b(?:current_date|current_timestamp|localtimestamp|localtime|clock_timestamp|"
            r"statement_timestamp|transaction_timestamp)\b", code, re.IGNORECASE)]
    assert loose == []
