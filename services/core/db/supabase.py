"""SupabaseGateway: PostgREST through supabase-py's postgrest client, carrying one person's JWT.

Built per person and never cached across sessions. The app holds no database password: every
request runs as the role in the token, under the same policies as the PostgresGateway."""
from __future__ import annotations

import decimal
import json
from typing import Any, Iterable, Sequence

import httpx
import pydantic
from postgrest import SyncPostgrestClient
from postgrest._sync.request_builder import send_with_retry  # pinned with supabase in requirements.txt
from postgrest.exceptions import APIError, APIErrorFromJSON, generate_default_error_message

from services.core import clock
from services.core.db.dberrors import error_for
from services.core.db.gateway import ANONYMOUS, Filter, Person, json_value
from services.core.db.tokens import sign_person_token
from services.core.errors import DatabaseUnavailable, ValidationError

BULK_CHUNK = 1000


class SupabaseGateway:
    def __init__(self, rest_url: str, anon_key: str, person: Person = ANONYMOUS, *,
                 access_token: str | None = None, jwt_secret: str | None = None):
        """rest_url: the PostgREST root (https://<ref>.supabase.co/rest/v1). access_token: the person's
        own Supabase-valid token; otherwise one is signed with jwt_secret (or anon_key for visitors, unless the
        portal's clock is moved: then the visitor's anon token is signed too, to carry the time)."""
        self.rest_url = rest_url.rstrip("/")
        self.person = person
        self._signing_secret = None  # set when the portal signs the person's token itself
        if access_token:
            bearer = access_token
        elif person.id is not None:
            if not jwt_secret:
                raise ValidationError("[supabase] jwt_secret is needed to act for this person.")
            self._signing_secret = jwt_secret
            bearer = self._signed_token()
        elif jwt_secret and clock.is_moved():  # a visitor while the clock is moved: the anon role, with the time
            self._signing_secret = jwt_secret
            bearer = self._signed_token()
        else:
            bearer = anon_key
        self._client = SyncPostgrestClient(
            self.rest_url,
            headers={"apikey": anon_key, "Authorization": f"Bearer {bearer}",
                     "Accept": "application/json", "Content-Type": "application/json"},
            http_client=httpx.Client(base_url=self.rest_url, timeout=30),
        )

    def _signed_token(self) -> str:
        """A token for the person; while the portal's clock is moved it carries it as the portal_now claim
        (read by app.now()). A person's own Supabase token carries no such claim."""
        extra = {"portal_now": clock.now().isoformat()} if clock.is_moved() else None
        return sign_person_token(self.person, self._signing_secret, extra=extra)

    def _api(self) -> SyncPostgrestClient:
        """The client, its token re-signed first when the portal's clock is moved (so each request has the time)."""
        if self._signing_secret and clock.is_moved():
            self._client.headers["Authorization"] = f"Bearer {self._signed_token()}"
        return self._client

    def _run(self, builder):
        try:
            return _execute(builder)
        except APIError as exc:
            raise error_for(exc.code, exc.message or str(exc)) from exc
        except httpx.HTTPError as exc:
            raise DatabaseUnavailable("The Supabase API cannot be reached ({rest_url}): {exc}",
                                      rest_url=self.rest_url, exc=exc) from exc

    @staticmethod
    def _apply(builder, filters: Sequence[Filter]):
        for f in filters:
            value = _plain(f.value)
            if f.op == "in":
                builder = builder.in_(f.column, list(value))
            elif f.op == "is":
                builder = builder.is_(f.column, "null" if value is None else str(bool(value)).lower())
            else:
                builder = getattr(builder, f.op)(f.column, value)
        return builder

    def select(self, relation, *, columns=None, filters=(), order=(), limit=None):
        builder = self._api().from_(relation).select(",".join(columns) if columns else "*")
        builder = self._apply(builder, filters)
        for column, desc in order:
            builder = builder.order(column, desc=desc)
        if limit is not None:
            builder = builder.limit(int(limit))
        return self._run(builder) or []

    def rpc(self, function, params=None):
        params = {k: _plain(v) for k, v in (params or {}).items()}
        return self._run(self._api().rpc(function, params))

    def insert(self, table, rows, *, on_conflict=(), ignore_duplicates=False):
        rows = [{k: _plain(v) for k, v in r.items()} for r in rows]
        if not rows:
            return []
        query = self._api().from_(table)
        if on_conflict:
            builder = query.upsert(rows, on_conflict=",".join(on_conflict), ignore_duplicates=ignore_duplicates,
                                   default_to_null=False)
        else:
            builder = query.insert(rows, default_to_null=False)
        return self._run(builder) or []

    def update(self, table, values, filters):
        if not filters:
            raise ValidationError("An update needs at least one filter.")
        builder = self._api().from_(table).update({k: _plain(v) for k, v in values.items()})
        return self._run(self._apply(builder, filters)) or []

    def delete(self, table, filters):
        if not filters:
            raise ValidationError("A delete needs at least one filter.")
        return self._run(self._apply(self._api().from_(table).delete(), filters)) or []

    def bulk_load(self, table, columns, rows: Iterable[Sequence[Any]], *, on_conflict=()):
        """Chunks of BULK_CHUNK rows per request. Each chunk is one transaction; a failure stops the load."""
        columns = list(columns)
        written, chunk = 0, []
        for row in rows:
            chunk.append(dict(zip(columns, row)))
            if len(chunk) >= BULK_CHUNK:
                written += self._write_chunk(table, chunk, on_conflict)
                chunk = []
        if chunk:
            written += self._write_chunk(table, chunk, on_conflict)
        return written

    def _write_chunk(self, table, chunk, on_conflict):
        from postgrest.types import ReturnMethod
        rows = [{k: _plain(v) for k, v in r.items()} for r in chunk]
        query = self._api().from_(table)
        if on_conflict:
            builder = query.upsert(rows, on_conflict=",".join(on_conflict), returning=ReturnMethod.minimal)
        else:
            builder = query.insert(rows, returning=ReturnMethod.minimal)
        self._run(builder)
        return len(rows)


def _execute(builder):
    """builder.execute(), except that JSON numbers with a fraction are read as Decimal: PostgREST sends
    numeric columns as JSON numbers, and reading them as float would make money inexact (and differ from
    the PostgresGateway, which returns Decimal)."""
    response = send_with_retry(builder.request)
    if not response.is_success:
        try:
            error = dict(APIErrorFromJSON.model_validate_json(response.content))
        except pydantic.ValidationError:
            error = generate_default_error_message(response)
        raise APIError(error)
    if not response.content:
        return []
    return json.loads(response.content, parse_float=decimal.Decimal)


def _plain(value):
    """JSON-ready value for the request body or a filter."""
    value = json_value(value)
    if hasattr(value, "is_finite"):  # Decimal
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return json.loads(json.dumps(value, default=str))
    return value
