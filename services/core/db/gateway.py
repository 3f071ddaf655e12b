"""The one interface every service uses to reach the database, always acting as one person.

Rows come back JSON-shaped on both implementations: uuids, dates and timestamps as ISO strings,
so a service behaves the same on embedded Postgres and on Supabase.
"""
from __future__ import annotations

import datetime as dt
import decimal
import uuid
from dataclasses import dataclass, field
from typing import Any, Iterable, Literal, Protocol, Sequence

Op = Literal["eq", "neq", "lt", "lte", "gt", "gte", "in", "is"]


@dataclass(frozen=True)
class Filter:
    column: str
    op: Op
    value: Any


def eq(column: str, value: Any) -> Filter:
    return Filter(column, "eq", value)


def only(rows: Sequence[dict], missing: Exception) -> dict:
    """The row read by its id, or `missing` raised when there is none (it does not exist, or the person may not see
    it: row-level security answers both the same way)."""
    if not rows:
        raise missing
    return rows[0]


def names_by_id(gw: Gateway, relation: str, column: str, ids: Iterable[str | None]) -> dict[str, str]:
    """id → `column` (a display name) for the given ids the person may see, in one query; blanks are left out."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    rows = gw.select(relation, columns=["id", column], filters=[Filter("id", "in", wanted)])
    return {r["id"]: r[column] for r in rows}


@dataclass(frozen=True)
class Person:
    """Who a query runs as. id None means an anonymous visitor (database role anon)."""

    id: str | None
    email: str | None = None
    issuer: str | None = None
    subject: str | None = None
    extra: dict = field(default_factory=dict)
    database_role: str | None = None  # a service identity (the sync's portal_sync), never a person's

    @property
    def role(self) -> str:
        if self.database_role:
            return self.database_role
        return "anon" if self.id is None else "authenticated"

    def claims(self) -> dict:
        """The JWT claims Supabase would put in request.jwt.claims for this person."""
        if self.database_role:
            return {"role": self.database_role}
        if self.id is None:
            return {"role": "anon"}
        claims = {"sub": self.id, "role": "authenticated", "aud": "authenticated"}
        if self.email:
            claims["email"] = self.email
        if self.issuer and self.subject:
            claims["oidc_iss"] = self.issuer
            claims["oidc_sub"] = self.subject
        claims.update(self.extra)
        return claims


ANONYMOUS = Person(id=None)


def person_id_for(issuer: str, subject: str) -> str:
    """Stable profile id for an OIDC identity whose provider does not issue Supabase user ids."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{issuer}#{subject}"))


class Gateway(Protocol):
    person: Person

    def select(self, relation: str, *, columns: Sequence[str] | None = None,
               filters: Sequence[Filter] = (), order: Sequence[tuple[str, bool]] = (),
               limit: int | None = None) -> list[dict]:
        """Rows of a table or view visible to the person; order items are (column, descending)."""

    def rpc(self, function: str, params: dict | None = None) -> Any:
        """Call public.<function>: a scalar, one row (dict) or a list of rows, as PostgREST returns them."""

    def insert(self, table: str, rows: Sequence[dict], *, on_conflict: Sequence[str] = (),
               ignore_duplicates: bool = False) -> list[dict]:
        """Insert (or upsert when on_conflict is given) and return the written rows."""

    def update(self, table: str, values: dict, filters: Sequence[Filter]) -> list[dict]:
        """Update the matching rows the person may change; returns those rows."""

    def delete(self, table: str, filters: Sequence[Filter]) -> list[dict]:
        """Delete the matching rows the person may delete; returns those rows."""

    def bulk_load(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], *,
                  on_conflict: Sequence[str] = ()) -> int:
        """Load many rows in one transaction; returns how many were written."""


def json_value(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        return _iso_datetime(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return value
    if isinstance(value, list):
        return [json_value(v) for v in value]
    return value


def _iso_datetime(value: dt.datetime) -> str:
    """ISO 8601 as PostgreSQL writes it in JSON (what PostgREST returns): fractional seconds without
    trailing zeros, so '…15.1234+00:00' rather than Python's '…15.123400+00:00'."""
    text = value.isoformat()
    if value.microsecond:
        head, _, rest = text.partition(".")
        text = f"{head}.{rest[:6].rstrip('0')}{rest[6:]}"
    return text


def json_row(row: dict) -> dict:
    return {k: json_value(v) for k, v in row.items()}
