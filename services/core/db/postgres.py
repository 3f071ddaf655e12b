"""PostgresGateway: psycopg 3 with a shared pool; every call is one transaction run as one person.

The pool holds nothing personal: each transaction does `set local role` and sets request.jwt.claims,
which both end with the transaction.
"""
from __future__ import annotations

import json
import threading
from typing import Any, Iterable, Sequence

import psycopg
from psycopg import sql
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from services.core import clock
from services.core.db.dberrors import error_for
from services.core.db.gateway import ANONYMOUS, Filter, Person, json_row
from services.core.errors import DatabaseUnavailable, ValidationError

CONNECT_TIMEOUT = 2  # seconds (the least libpq honours): a page says "cannot be reached" within 5 s
ACQUIRE_TIMEOUT = 2
# The pool's background reconnects back off exponentially (1, 2, 4… s) while the server is down, and a
# request waits for that schedule: give up the schedule after a second, so the first request after the
# server is back opens a new connection at once and the portal recovers on its next run.
RECONNECT_TIMEOUT = 1.0
_OPS = {"eq": "=", "neq": "<>", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}


def make_pool(url: str, *, max_size: int = 8) -> ConnectionPool:
    """A pool shared by every session. Raises DatabaseUnavailable when the server cannot be reached."""
    try:
        psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT).close()  # fail fast, with the server's own reason
    except psycopg.Error as exc:
        raise DatabaseUnavailable(
            "The database cannot be reached ({url}): {strip}. Check [database] url in .streamlit/secrets.toml, or remove it to use the embedded database.", url=redact_url(url), strip=str(exc).strip()
        ) from exc
    # check: a connection the server closed (restart, pg_terminate_backend) is noticed and replaced
    # before a query uses it; timeout: waiting for a connection gives up after ACQUIRE_TIMEOUT seconds.
    pool = ConnectionPool(url, min_size=1, max_size=max_size, open=False, check=ConnectionPool.check_connection,
                          timeout=ACQUIRE_TIMEOUT, reconnect_timeout=RECONNECT_TIMEOUT,
                          kwargs={"autocommit": False, "connect_timeout": CONNECT_TIMEOUT})
    try:
        pool.open(wait=True, timeout=10)
    except Exception as exc:  # psycopg_pool.PoolTimeout or OperationalError
        pool.close()
        raise DatabaseUnavailable(
            "The database cannot be reached ({url}): {exc}. Check [database] url in .streamlit/secrets.toml, or remove it to use the embedded database.", url=redact_url(url), exc=exc
        ) from exc
    return pool


def redact_url(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://…@{rest.split('@', 1)[1]}"
    return url


class PostgresGateway:
    _function_shapes: dict[str, tuple[bool, bool]] = {}
    _shape_lock = threading.Lock()

    def __init__(self, pool: ConnectionPool, person: Person = ANONYMOUS):
        self.pool = pool
        self.person = person

    # -- plumbing ---------------------------------------------------------------------------
    def _run(self, work):
        try:
            with self.pool.connection() as conn:
                with conn.transaction():
                    with conn.cursor(row_factory=dict_row) as cur:
                        cur.execute(sql.SQL("set local role {}").format(sql.Identifier(self.person.role)))
                        cur.execute("select set_config('request.jwt.claims', %s, true)",
                                    (json.dumps(self._claims()),))
                        return work(cur)
        except psycopg.errors.Error as exc:
            diag = getattr(exc, "diag", None)
            message = (diag.message_primary if diag and diag.message_primary else str(exc)).strip()
            if isinstance(exc, psycopg.OperationalError) and not getattr(exc, "sqlstate", None):
                raise DatabaseUnavailable("The database cannot be reached: {message}", message=message) from exc
            raise error_for(getattr(exc, "sqlstate", None), message) from exc
        except Exception as exc:
            if exc.__class__.__name__ == "PoolTimeout":
                raise DatabaseUnavailable("The database is not answering: {exc}", exc=exc) from exc
            raise

    def _claims(self) -> dict:
        """The person's claims, plus the portal's clock (portal_now, read by app.now()) when it is moved."""
        claims = self.person.claims()
        if clock.is_moved():
            claims["portal_now"] = clock.now().isoformat()
        return claims

    @staticmethod
    def _where(filters: Sequence[Filter]):
        if not filters:
            return sql.SQL(""), []
        parts, params = [], []
        for f in filters:
            col = sql.Identifier(f.column)
            if f.op == "in":
                parts.append(sql.SQL("{} = any(%s)").format(col))
                params.append(list(f.value))
            elif f.op == "is":
                if f.value is None:
                    parts.append(sql.SQL("{} is null").format(col))
                else:
                    parts.append(sql.SQL("{} is " + ("true" if f.value else "false")).format(col))
            else:
                parts.append(sql.SQL("{} " + _OPS[f.op] + " %s").format(col))
                params.append(f.value)
        return sql.SQL(" where ") + sql.SQL(" and ").join(parts), params

    @staticmethod
    def _relation(name: str):
        schema, _, rel = name.rpartition(".")
        return sql.Identifier(schema or "public", rel)

    # -- interface --------------------------------------------------------------------------
    def select(self, relation, *, columns=None, filters=(), order=(), limit=None):
        cols = sql.SQL(", ").join(map(sql.Identifier, columns)) if columns else sql.SQL("*")
        where, params = self._where(filters)
        query = sql.SQL("select {} from {}").format(cols, self._relation(relation)) + where
        if order:
            query += sql.SQL(" order by ") + sql.SQL(", ").join(
                sql.SQL("{} " + ("desc" if desc else "asc")).format(sql.Identifier(c)) for c, desc in order)
        if limit is not None:
            query += sql.SQL(" limit {}").format(sql.Literal(int(limit)))
        return self._run(lambda cur: [json_row(r) for r in cur.execute(query, params).fetchall()])

    def rpc(self, function, params=None):
        params = params or {}
        args = sql.SQL(", ").join(sql.SQL("{} => %s").format(sql.Identifier(k)) for k in params)
        query = sql.SQL("select * from {}({})").format(sql.Identifier("public", function), args)

        def work(cur):
            returns_set, returns_row = self._shape(function, cur)
            rows = [json_row(r) for r in cur.execute(query, [_adapt(v) for v in params.values()]).fetchall()]
            if returns_set:
                return rows
            if returns_row:
                row = rows[0] if rows else None
                return None if row is None or all(v is None for v in row.values()) else row
            return next(iter(rows[0].values())) if rows else None

        return self._run(work)

    def _shape(self, function: str, cur) -> tuple[bool, bool]:
        with self._shape_lock:
            if function in self._function_shapes:
                return self._function_shapes[function]
        row = cur.execute(
            "select p.proretset, t.typtype = 'c' as composite from pg_proc p "
            "join pg_namespace n on n.oid = p.pronamespace join pg_type t on t.oid = p.prorettype "
            "where n.nspname = 'public' and p.proname = %s limit 1", (function,)).fetchone()
        if row is None:
            raise ValidationError("There is no database function named {function}.", function=function)
        shape = (bool(row["proretset"]), bool(row["composite"]))
        with self._shape_lock:
            self._function_shapes[function] = shape
        return shape

    def insert(self, table, rows, *, on_conflict=(), ignore_duplicates=False):
        rows = list(rows)
        if not rows:
            return []
        columns = list(rows[0].keys())
        query = sql.SQL("insert into {} ({}) values ({})").format(
            self._relation(table), sql.SQL(", ").join(map(sql.Identifier, columns)),
            sql.SQL(", ").join(sql.Placeholder() * len(columns)))
        query += self._conflict_clause(columns, on_conflict, ignore_duplicates)
        query += sql.SQL(" returning *")

        def work(cur):
            out = []
            for row in rows:
                cur.execute(query, [_adapt(row.get(c)) for c in columns])
                out.extend(json_row(r) for r in cur.fetchall())
            return out

        return self._run(work)

    @staticmethod
    def _conflict_clause(columns, on_conflict, ignore_duplicates):
        if not on_conflict:
            return sql.SQL("")
        target = sql.SQL(", ").join(map(sql.Identifier, on_conflict))
        updates = [c for c in columns if c not in on_conflict]
        if ignore_duplicates or not updates:
            return sql.SQL(" on conflict ({}) do nothing").format(target)
        return sql.SQL(" on conflict ({}) do update set {}").format(target, sql.SQL(", ").join(
            sql.SQL("{0} = excluded.{0}").format(sql.Identifier(c)) for c in updates))

    def update(self, table, values, filters):
        if not filters:
            raise ValidationError("An update needs at least one filter.")
        sets = sql.SQL(", ").join(sql.SQL("{} = %s").format(sql.Identifier(c)) for c in values)
        where, params = self._where(filters)
        query = sql.SQL("update {} set {}").format(self._relation(table), sets) + where + sql.SQL(" returning *")
        return self._run(lambda cur: [json_row(r) for r in cur.execute(
            query, [_adapt(v) for v in values.values()] + params).fetchall()])

    def delete(self, table, filters):
        if not filters:
            raise ValidationError("A delete needs at least one filter.")
        where, params = self._where(filters)
        query = sql.SQL("delete from {}").format(self._relation(table)) + where + sql.SQL(" returning *")
        return self._run(lambda cur: [json_row(r) for r in cur.execute(query, params).fetchall()])

    def bulk_load(self, table, columns, rows: Iterable[Sequence[Any]], *, on_conflict=()):
        """COPY into a temporary table, then one INSERT … SELECT so the table's policies still apply
        (COPY FROM is not allowed on a table with row-level security for a non-owner)."""
        columns = list(columns)
        target = self._relation(table)
        col_list = sql.SQL(", ").join(map(sql.Identifier, columns))

        def work(cur):
            cur.execute(sql.SQL("create temp table bulk_rows (like {} including defaults) on commit drop")
                        .format(target))
            with cur.copy(sql.SQL("copy bulk_rows ({}) from stdin").format(col_list)) as copy:
                for row in rows:
                    copy.write_row(row)
            query = sql.SQL("insert into {} ({}) select {} from bulk_rows").format(target, col_list, col_list)
            query += self._conflict_clause(columns, on_conflict, False)
            cur.execute(query)
            return cur.rowcount

        return self._run(work)


def _adapt(value):
    """dicts and lists of dicts go to jsonb (as PostgREST sends them); everything else as it is."""
    if isinstance(value, (dict,)) or (isinstance(value, list) and value and isinstance(value[0], dict)):
        return psycopg.types.json.Jsonb(value)
    return value
