"""Syncing connected accounts, from the Accounts page or a scheduler:

    python -m services.sync --all                 every connected account, one log line each
    python -m services.sync --account ID [...]    these accounts
    python -m services.sync --rotate-keys         re-encrypt every stored token with the current key

A sync reads the account and keeps its status and tokens as the account's creator, through their
gateway, under the same policies as the app. The numbers themselves are written by apply_sync, which
only the sync identity may call, so "verified" (source api) can only mean "from the platform":
- on PostgreSQL (embedded or [database] url): the role portal_sync, taken with `set role` on the
  privileged connection (SYNC_IDENTITY);
- on Supabase: service_role, through the key in [supabase] service_role_key, which only this command
  reads; the app never holds it.
The Accounts page's "Sync now" runs the sync in the app process on PostgreSQL (that process holds the
privileged connection anyway, on the same machine); on Supabase it records a request (request_sync)
that `python -m services.sync --requested` picks up.
For --all the list of accounts is read on the privileged connection (on Supabase with the service key). The exit status is 0 when nothing failed, 1 when an account failed or needs
re-authorisation, 2 when the command cannot run at all (settings, database).

What a sync does (sync_account):
1. begin_sync marks the account `syncing` (a second sync of the same account is refused);
2. the access token is renewed when it is about to expire (and once more if the platform refuses it);
   renewed tokens are stored encrypted at once, because some platforms rotate refresh tokens;
3. the connector fetches what changed since the last sync: daily numbers from LOOKBACK_DAYS before it,
   posts published in the POST_REFRESH_DAYS before it (their counters still move), everything back
   FIRST_SYNC_DAYS on the first sync. Requests are retried with backoff and jitter, after the wait the
   platform asks for (Retry-After);
4. apply_sync writes every row in one transaction: all of the sync, or nothing of it. Every row is an
   upsert keyed by dates and platform ids, so running a sync again changes nothing it already wrote.
A revoked token leaves the account `needs_reauth`; any other failure `error`, with the platform's message.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from dataclasses import dataclass, field
from typing import Callable

import httpx

from services.accounts.connectors import connector_for
from services.accounts.connectors.base import (HTTP_TIMEOUT, AccessRejected, ApiClient, PlatformError, TokenRevoked,
                                      TokenSet, Window, parse_time)
from services.core import clock
from services.core.db.gateway import Gateway, Person, eq
from services.core.errors import ConfigError, DomainError, NotFound
from services.accounts.token_crypto import TokenCipher, cipher_for
from services.core.messages import N_

FIRST_SYNC_DAYS = 90
LOOKBACK_DAYS = 3        # platforms revise the last days' numbers (YouTube Analytics lags 2-3 days)
POST_REFRESH_DAYS = 30   # a post's counters keep moving for about a month
STAGES: dict[str, tuple[float, str]] = {
    "start": (0.02, "Starting the sync"),
    "token": (0.08, N_("Checking the connection")),
    "profile": (0.15, N_("Fetching the profile")),
    "posts": (0.3, N_("Fetching posts")),
    "communities": (0.4, N_("Fetching communities")),
    "insights": (0.5, N_("Fetching post insights")),
    "daily": (0.7, N_("Fetching daily numbers")),
    "audience": (0.8, N_("Fetching the audience")),
    "saving": (0.92, N_("Saving everything in one go")),
    "done": (1.0, N_("Done")),
}
OUTCOMES = ("synced", "skipped", "needs_reauth", "error")
SYNC_IDENTITY = Person(id=None, database_role="portal_sync")
REQUESTED = ("a sync was requested: the scheduled sync fetches it within minutes; "
             "the account shows the new numbers after that")
ProgressFn = Callable[[float, str], None]


@dataclass
class SyncResult:
    account_id: str
    platform: str
    handle: str
    outcome: str  # synced | skipped | needs_reauth | error
    message: str = ""
    written: dict = field(default_factory=dict)  # rows apply_sync wrote, per table
    counts: dict = field(default_factory=dict)   # what the platform reported: days, posts, breakdowns, communities
    notes: list = field(default_factory=list)    # numbers the platform had not (too few followers…)
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return self.outcome in ("needs_reauth", "error")

    def log_line(self, at: dt.datetime | None = None) -> str:
        at = (at or clock.now()).strftime("%Y-%m-%dT%H:%M:%SZ")
        return (f"{at} {self.outcome:<12} {self.platform:<9} {self.handle} ({self.account_id}) "
                f"{self.message} [{self.seconds:.1f} s]")


def _tokens(cipher: TokenCipher, row: dict) -> TokenSet:
    return TokenSet(cipher.decrypt(row["access_token_encrypted"]), cipher.decrypt(row.get("refresh_token_encrypted")),
                    parse_time(row.get("token_expires_at")), parse_time(row.get("refresh_token_expires_at")),
                    row.get("token_scopes"))


def _store_tokens(gw: Gateway, cipher: TokenCipher, account_id: str, tokens: TokenSet, now: dt.datetime) -> None:
    gw.update("social_accounts", {
        "access_token_encrypted": cipher.encrypt(tokens.access_token),
        "refresh_token_encrypted": cipher.encrypt(tokens.refresh_token),
        "token_expires_at": tokens.expires_at, "refresh_token_expires_at": tokens.refresh_expires_at,
        "token_scopes": tokens.scopes, "token_refreshed_at": now}, [eq("id", account_id)])


def window_for(account: dict, now: dt.datetime) -> Window:
    last = parse_time(account.get("last_synced_at"))
    if last is None:
        start = now - dt.timedelta(days=FIRST_SYNC_DAYS)
        return Window(now=now, since=start, posts_since=start, first_sync=True)
    return Window(now=now, since=min(now, last - dt.timedelta(days=LOOKBACK_DAYS)),
                  posts_since=last - dt.timedelta(days=POST_REFRESH_DAYS), first_sync=False)


def sync_writer_for(gw: Gateway) -> Gateway | None:
    """The gateway apply_sync runs on, for a sync started from gw's process: the sync identity on the
    same pool on PostgreSQL; None on Supabase, where the app holds no service key."""
    from services.core.db.postgres import PostgresGateway

    if isinstance(gw, PostgresGateway):
        return PostgresGateway(gw.pool, SYNC_IDENTITY)
    return None


def sync_account(gw: Gateway, settings, account_id: str, *, transport: httpx.BaseTransport | None = None,
                 progress: ProgressFn | None = None, now: dt.datetime | None = None,
                 sleep: Callable[[float], None] = time.sleep, rng: random.Random | None = None,
                 writer: Gateway | None = None) -> SyncResult:
    """Sync one of the gateway person's accounts. Never raises for a platform's failure: the result
    (and the account's status) says what happened. writer: the sync identity's gateway (apply_sync);
    by default sync_writer_for(gw), and where there is none the sync is requested instead."""
    started = time.perf_counter()
    writer = writer or sync_writer_for(gw)
    report = progress or (lambda _f, _m: None)

    def stage(key: str) -> None:
        report(*STAGES[key])

    rows = gw.select("social_accounts", filters=[eq("id", account_id)])
    if not rows:
        raise NotFound("That account is not one of yours.")
    account = rows[0]
    result = SyncResult(account_id, account["platform"], account["handle"], "skipped")

    def done(outcome: str, message: str, written: dict | None = None) -> SyncResult:
        result.outcome, result.message, result.written = outcome, message, written or {}
        result.seconds = time.perf_counter() - started
        return result

    if account.get("parent_account_id"):
        return done("skipped", "a community: it is synced with the account it belongs to")
    if not account.get("access_token_encrypted"):
        return done("skipped", "no connection to sync (a demo or imported account, or disconnected)")
    connector = connector_for(account["platform"])
    app = settings.platform_app(account["platform"])
    if app is None:
        message = (f"[platforms.{account['platform']}] is not configured, so {connector.name} cannot be synced: "
                   "the operator adds it to .streamlit/secrets.toml.")
        _fail(gw, account_id, "error", message)
        return done("error", message)
    try:
        cipher = cipher_for(settings)
    except ConfigError as exc:
        return done("error", str(exc))
    if writer is None:  # Supabase: the workers (or `python -m services.sync --requested`) sync it
        gw.rpc("request_account_sync", {"p_account_id": account_id})
        return done("skipped", REQUESTED)

    stage("start")
    try:
        gw.rpc("begin_sync", {"p_account_id": account_id})
    except DomainError as exc:
        return done("skipped", str(exc))

    now = (now or clock.now()).replace(microsecond=0)
    try:
        stage("token")
        tokens = _tokens(cipher, account)
        if connector.refresh_due(account, tokens, now):
            tokens = connector.refresh(app, tokens, now, transport)
            _store_tokens(gw, cipher, account_id, tokens, now)
        window = window_for(account, now)
        with httpx.Client(transport=transport, timeout=HTTP_TIMEOUT) as http:
            api = ApiClient(connector, http, headers=connector.api_headers(app, tokens), origin=app.server_override,
                            sleep=sleep, rng=rng)
            try:
                batch = connector.fetch(api, tokens, account, window, stage)
            except AccessRejected as exc:
                if not tokens.refresh_token:
                    raise TokenRevoked("{exc} Connect the account again.", exc=exc) from None
                tokens = connector.refresh(app, tokens, now, transport)
                _store_tokens(gw, cipher, account_id, tokens, now)
                api.headers = connector.api_headers(app, tokens)
                try:
                    batch = connector.fetch(api, tokens, account, window, stage)
                except AccessRejected as again:
                    raise TokenRevoked("{again} (even with a renewed token). Connect the account again.",
                                       again=again) from None
        stage("saving")
        written = writer.rpc("apply_sync", {"p_account_id": account_id, "p_payload": batch.payload(now)})
    except TokenRevoked as exc:
        _fail(gw, account_id, "needs_reauth", str(exc))
        return done("needs_reauth", str(exc))
    except (PlatformError, DomainError) as exc:
        message = str(exc)
        _fail(gw, account_id, "error", message)
        return done("error", message)
    except Exception as exc:  # a bug or an unexpected answer: the account must not stay "syncing"
        message = f"The sync stopped on an unexpected problem ({type(exc).__name__}: {exc}); nothing was saved."
        _fail(gw, account_id, "error", message)
        return done("error", message)
    stage("done")
    counts = result.counts = batch.counts()
    result.notes = list(batch.notes)
    parts = [f"{counts['posts']} posts", f"{counts['days']} days", f"{counts['breakdowns']} audience shares"]
    if counts["communities"]:
        parts.insert(0, f"{counts['communities']} communities")
    message = "synced " + ", ".join(parts) + (f" (not available: {'; '.join(batch.notes)})" if batch.notes else "")
    return done("synced", message, written)


def _fail(gw: Gateway, account_id: str, status: str, message: str) -> None:
    try:
        gw.rpc("fail_sync", {"p_account_id": account_id, "p_status": status, "p_message": message})
    except DomainError:
        pass  # the database is unreachable too: the stale `syncing` status expires after 15 minutes


# -- the command --------------------------------------------------------------------------------------

ACCOUNTS_TO_SYNC = """
select a.id::text as id, a.creator_id::text as creator_id, a.platform, a.handle,
       a.access_token_encrypted is not null as has_connection
  from public.social_accounts a
 where a.parent_account_id is null and a.status <> 'disconnected'
   and (cardinality(%(ids)s::uuid[]) = 0 or a.id = any(%(ids)s::uuid[]))
   and (not %(requested)s or a.sync_requested_at is not null)
 order by a.creator_id, a.platform, a.handle
"""


def run(settings, admin_url: str, account_ids: list[str] | None = None, *, out=sys.stdout,
        transport: httpx.BaseTransport | None = None, sleep: Callable[[float], None] = time.sleep,
        now: dt.datetime | None = None, requested: bool = False) -> list[SyncResult]:
    """Sync the accounts (all of them when account_ids is empty), printing one line per account."""
    import psycopg
    from psycopg.rows import dict_row

    from services.core.db.postgres import PostgresGateway, make_pool

    with psycopg.connect(admin_url, autocommit=True, row_factory=dict_row, connect_timeout=10) as conn:
        rows = conn.execute(ACCOUNTS_TO_SYNC, {"ids": list(account_ids or []), "requested": requested}).fetchall()
    missing = set(account_ids or []) - {r["id"] for r in rows}
    if missing:
        raise NotFound("No account to sync with id {items} (or it is disconnected, or a community synced with its account).", items=', '.join(sorted(missing)))
    results = []
    pool = make_pool(admin_url, max_size=2)
    writer = PostgresGateway(pool, SYNC_IDENTITY)
    try:
        for row in rows:
            if not row["has_connection"]:
                result = SyncResult(row["id"], row["platform"], row["handle"], "skipped",
                                    "no connection to sync (a demo or imported account)")
            else:
                gateway = PostgresGateway(pool, Person(id=row["creator_id"]))
                result = sync_account(gateway, settings, row["id"], transport=transport, sleep=sleep, now=now,
                                      writer=writer)
            results.append(result)
            print(result.log_line(), file=out, flush=True)
    finally:
        pool.close()
    return results


def run_supabase(settings, service_key: str, account_ids: list[str] | None = None, *, out=sys.stdout,
                 transport: httpx.BaseTransport | None = None, sleep: Callable[[float], None] = time.sleep,
                 now: dt.datetime | None = None, requested: bool = False) -> list[SyncResult]:
    """The same as run() on Supabase: everything through PostgREST as service_role (the service key)."""
    from services.core.db.gateway import Filter
    from services.core.db.supabase import SupabaseGateway

    service = SupabaseGateway(settings.rest_url, settings.supabase_anon_key, access_token=service_key)
    filters = [Filter("parent_account_id", "is", None), Filter("status", "neq", "disconnected")]
    if account_ids:
        filters.append(Filter("id", "in", list(account_ids)))
    rows = service.select("social_accounts", columns=["id", "platform", "handle", "access_token_encrypted",
                                                      "sync_requested_at"],
                          filters=filters, order=[("creator_id", False), ("platform", False), ("handle", False)])
    if requested:
        rows = [r for r in rows if r["sync_requested_at"]]
    missing = set(account_ids or []) - {r["id"] for r in rows}
    if missing:
        raise NotFound("No account to sync with id {items} (or it is disconnected, or a community synced with its account).", items=', '.join(sorted(missing)))
    results = []
    for row in rows:
        if not row["access_token_encrypted"]:
            result = SyncResult(row["id"], row["platform"], row["handle"], "skipped",
                                "no connection to sync (a demo or imported account)")
        else:
            result = sync_account(service, settings, row["id"], transport=transport, sleep=sleep, now=now,
                                  writer=service)
        results.append(result)
        print(result.log_line(), file=out, flush=True)
    return results


def rotate_keys(settings, admin_url: str, *, out=sys.stdout) -> int:
    """Re-encrypt every stored token with the current key; returns how many were re-encrypted."""
    import psycopg
    from psycopg.rows import dict_row

    from services.core.db.postgres import PostgresGateway, make_pool

    cipher = cipher_for(settings)
    with psycopg.connect(admin_url, autocommit=True, row_factory=dict_row, connect_timeout=10) as conn:
        rows = conn.execute("select id::text as id, creator_id::text as creator_id from public.social_accounts "
                            "where access_token_encrypted is not null or refresh_token_encrypted is not null").fetchall()
    rotated = accounts = 0
    pool = make_pool(admin_url, max_size=2)
    try:
        for row in rows:
            gw = PostgresGateway(pool, Person(id=row["creator_id"]))
            account = gw.select("social_accounts", columns=["access_token_encrypted", "refresh_token_encrypted"],
                                filters=[eq("id", row["id"])])[0]
            changes = {k: cipher.rotate(v) for k, v in account.items() if cipher.needs_rotation(v)}
            if changes:
                gw.update("social_accounts", changes, [eq("id", row["id"])])
                rotated += len(changes)
                accounts += 1
    finally:
        pool.close()
    print(f"Re-encrypted {rotated} tokens of {accounts} accounts with the current key; {len(rows)} accounts hold "
          "tokens, none of them on an old key now. Old keys can be removed from [portal] "
          "old_token_encryption_keys.", file=out)
    return rotated


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m services.sync", description="Sync connected accounts with their platforms.",
        epilog="One line per account: time, outcome (synced, skipped, needs_reauth, error), platform, handle, "
               "id, what happened. Exit status 1 when any account failed. PORTAL_SECRETS_FILE and "
               "PORTAL_DATA_DIR choose another secrets file or data folder.")
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--all", action="store_true", help="every connected account")
    what.add_argument("--account", action="append", metavar="ID", help="this account (repeatable)")
    what.add_argument("--requested", action="store_true",
                      help="the accounts whose creators pressed Sync now since their last sync")
    what.add_argument("--rotate-keys", action="store_true",
                      help="re-encrypt every stored token with [portal] token_encryption_key")
    return parser


def main(argv: list[str] | None = None, *, out=sys.stdout, err=sys.stderr,
         transport: httpx.BaseTransport | None = None, sleep: Callable[[float], None] = time.sleep) -> int:
    args = _parser().parse_args(argv)
    try:
        from services.core.backend import database_admin_url
        from services.core.config import load_settings, sync_service_key

        settings = load_settings()
        ids = args.account or []
        if settings.backend == "supabase":
            if args.rotate_keys:
                raise ConfigError("--rotate-keys needs the database connection ([database] url).")
            results = run_supabase(settings, sync_service_key(), ids, out=out, transport=transport, sleep=sleep,
                                   requested=args.requested)
            return _summary(results, out)
        admin_url = database_admin_url(settings)
        if args.rotate_keys:
            rotate_keys(settings, admin_url, out=out)
            return 0
        results = run(settings, admin_url, ids, out=out, transport=transport, sleep=sleep,
                      requested=args.requested)
    except DomainError as exc:
        print(f"error: {' '.join(str(exc).split())}", file=err)
        return 2
    except Exception as exc:  # psycopg errors and the like: one line, not a traceback, for the scheduler
        print(f"error: {type(exc).__name__}: {' '.join(str(exc).split())}", file=err)
        return 2
    return _summary(results, out)


def _summary(results: list[SyncResult], out) -> int:
    failed = [r for r in results if r.failed]
    print(f"{len(results)} accounts: {sum(r.outcome == 'synced' for r in results)} synced, "
          f"{sum(r.outcome == 'skipped' for r in results)} skipped, {len(failed)} failed.", file=out)
    return 1 if failed else 0
