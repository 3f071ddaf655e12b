"""What every connector shares: the OAuth client (Authlib), the API client (httpx with retries that
respect Retry-After and back off with jitter), and the plain data a sync produces.

Connectors never touch the database. They turn a platform's documented responses into a SyncBatch;
services/accounts/sync.py writes it (all of it or nothing) through the creator's gateway.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import json
import math
import random
import time
import warnings
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable
from urllib.parse import urlsplit, urlunsplit

import httpx

from services.core.errors import DomainError
from services.core.log_redaction import install as _install_log_redaction

from authlib.deprecate import AuthlibDeprecationWarning  # noqa: E402  (installs Authlib's own filter first)

_install_log_redaction()  # every HTTP request to a platform is logged (httpx, INFO) without its secrets

with warnings.catch_warnings():  # Authlib warns that it falls back from httpx2 to httpx, which is pinned here
    warnings.simplefilter("ignore", AuthlibDeprecationWarning)
    from authlib.integrations.httpx_client import OAuth2Client, OAuthError

UTC = dt.timezone.utc
HTTP_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
MAX_ATTEMPTS = 5          # per request, counting the first
MAX_BACKOFF = 60.0        # seconds: the longest exponential backoff between two attempts
MAX_SERVER_WAIT = 300.0   # seconds: a platform asking to wait longer ends the sync (the next one continues)
MAX_POSTS = 300           # the newest posts one sync reads per account, on every platform
Progress = Callable[[str], None]


# -- errors -------------------------------------------------------------------------------------------

class PlatformError(DomainError):
    """The platform refused or failed; str() is the message shown on the account."""


class TokenRevoked(PlatformError):
    """The token (or refresh token) was revoked or expired for good: the creator must connect again."""


class AccessRejected(PlatformError):
    """The access token was refused (HTTP 401): refreshing it may help, once."""


class RateLimited(PlatformError):
    """The platform kept throttling, or asked to wait longer than a sync may."""


class NotAvailable(PlatformError):
    """The platform has no number for this (too few followers, unsupported media type…)."""


# -- plain data ---------------------------------------------------------------------------------------

@dataclass
class TokenSet:
    access_token: str
    refresh_token: str | None = None
    expires_at: dt.datetime | None = None
    refresh_expires_at: dt.datetime | None = None
    scopes: str | None = None
    platform_user_id: str | None = None  # when the token response names the user (Instagram, TikTok)

    @classmethod
    def from_response(cls, token: dict, now: dt.datetime, *, refresh_token: str | None = None) -> "TokenSet":
        expires_in = token.get("expires_in")
        refresh_in = token.get("refresh_expires_in")
        scope = token.get("scope")
        if isinstance(scope, (list, tuple)):
            scope = " ".join(scope)
        return cls(
            access_token=token["access_token"],
            refresh_token=token.get("refresh_token") or refresh_token,
            expires_at=now + dt.timedelta(seconds=int(expires_in)) if expires_in not in (None, "") else None,
            refresh_expires_at=now + dt.timedelta(seconds=int(refresh_in)) if refresh_in not in (None, "") else None,
            scopes=scope or None,
            platform_user_id=str(token["open_id"]) if token.get("open_id") else None,
        )


@dataclass(frozen=True)
class Identity:
    platform_account_id: str
    handle: str


@dataclass(frozen=True)
class Window:
    """What a sync asks for: daily numbers since `since`, posts published since `posts_since`."""

    now: dt.datetime
    since: dt.datetime
    posts_since: dt.datetime
    first_sync: bool

    @property
    def today(self) -> dt.date:
        return self.now.date()


@dataclass
class SyncBatch:
    handle: str | None = None
    communities: list[dict] = field(default_factory=list)
    account_daily: list[dict] = field(default_factory=list)
    posts: list[dict] = field(default_factory=list)
    post_metrics: list[dict] = field(default_factory=list)
    audience_breakdowns: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def day(self, day: dt.date, community: str | None = None) -> dict:
        """The account_daily row for that day (and community), created on first use."""
        for row in self.account_daily:
            if row["day"] == day and row.get("community") == community:
                return row
        row = {"day": day, "community": community}
        self.account_daily.append(row)
        return row

    def add_breakdown(self, as_of: dt.date, dimension: str, counts: dict[str, float]) -> None:
        for bucket, share in shares(counts).items():
            self.audience_breakdowns.append({"as_of": as_of, "dimension": dimension, "bucket": bucket, "share": share})

    def payload(self, synced_at: dt.datetime) -> dict:
        """The JSON document public.apply_sync() takes."""
        return json.loads(json.dumps({
            "synced_at": synced_at, "handle": self.handle, "communities": self.communities,
            "account_daily": self.account_daily, "posts": self.posts, "post_metrics": self.post_metrics,
            "audience_breakdowns": self.audience_breakdowns,
        }, default=_json_default))

    def counts(self) -> dict[str, int]:
        return {"days": len({r["day"] for r in self.account_daily}), "posts": len(self.posts),
                "snapshots": len(self.post_metrics), "breakdowns": len(self.audience_breakdowns),
                "communities": len(self.communities)}


def _json_default(value):
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"not JSON: {value!r}")


def shares(counts: dict[str, float], places: int = 5) -> dict[str, Decimal]:
    """Counts or percentages → shares rounded to `places` decimals that sum to exactly 1
    (largest remainder); buckets with nothing are dropped."""
    counts = {k: float(v) for k, v in counts.items() if v and float(v) > 0}
    total = sum(counts.values())
    if total <= 0:
        return {}
    scale = 10 ** places
    raw = {k: v / total * scale for k, v in counts.items()}
    units = {k: math.floor(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: (units[k] - raw[k], k))[: scale - sum(units.values())]:
        units[k] += 1
    return {k: Decimal(u).scaleb(-places) for k, u in units.items() if u}


def parse_time(value: str | int | float | None) -> dt.datetime | None:
    """ISO 8601 (with Z, +00:00 or Meta's +0000) or Unix seconds → aware UTC datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        return dt.datetime.fromtimestamp(value, UTC)
    text = str(value).strip().replace("Z", "+00:00")
    if len(text) > 5 and text[-5] in "+-" and text[-3] != ":":
        text = text[:-2] + ":" + text[-2:]
    parsed = dt.datetime.fromisoformat(text)
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)


def count(value) -> int | None:
    """A platform's count (JSON number or YouTube's numeric string) as int; None when absent."""
    if value is None or value == "":
        return None
    return int(Decimal(str(value)))


# -- the API client -----------------------------------------------------------------------------------

@dataclass
class Verdict:
    """How to treat a response: ok, retry (after `wait` seconds when the platform said so), or fail."""

    kind: str  # "ok" | "retry" | "rejected" | "revoked" | "unavailable" | "error"
    message: str = ""
    wait: float | None = None


def error_of(response: httpx.Response) -> dict:
    """The error of a refused request, as Google's and Meta's APIs document it ({"error": {"code", "message", ...}});
    any other body keeps its text as the message."""
    try:
        error = response.json().get("error") or {}
    except (ValueError, AttributeError):
        error = {}
    return error if isinstance(error, dict) else {"message": str(error)}


def rewrite_origin(url: str, origin: str | None) -> str:
    """url with its scheme and host replaced by origin (tests and local mocks), path and query kept."""
    if not origin:
        return url
    target = urlsplit(origin)
    parts = urlsplit(url)
    return urlunsplit((target.scheme, target.netloc, parts.path, parts.query, parts.fragment))


def server_wait(response: httpx.Response, now: float | None = None) -> float | None:
    """Seconds the platform asked to wait: Retry-After (seconds or HTTP date), Discord's
    X-RateLimit-Reset-After / retry_after, Twitch's Ratelimit-Reset (epoch), Reddit's X-Ratelimit-Reset
    (seconds). None when it said nothing."""
    now = time.time() if now is None else now
    headers = response.headers
    value = headers.get("retry-after")
    if value:
        try:
            return max(0.0, float(value))
        except ValueError:
            parsed = email.utils.parsedate_to_datetime(value)
            if parsed is not None:
                return max(0.0, parsed.timestamp() - now)
    for name in ("x-ratelimit-reset-after", "ratelimit-reset", "x-ratelimit-reset"):
        value = headers.get(name)
        if value and response.status_code == 429:
            try:
                seconds = float(value)
            except ValueError:
                continue
            return max(0.0, seconds - now) if seconds > 1_000_000_000 else max(0.0, seconds)
    if response.status_code == 429:
        try:
            body = response.json()
        except ValueError:
            return None
        if isinstance(body, dict) and isinstance(body.get("retry_after"), (int, float)):
            return max(0.0, float(body["retry_after"]))
    return None


class ApiClient:
    """GET/POST JSON with retries. Connectors decide what a response means (Connector.verdict); this
    class waits and retries: on what the platform asked (Retry-After and friends) plus a little jitter,
    otherwise exponential backoff with full jitter."""

    def __init__(self, connector: "Connector", http: httpx.Client, *, headers: dict | None = None,
                 origin: str | None = None, sleep: Callable[[float], None] = time.sleep,
                 rng: random.Random | None = None, clock: Callable[[], float] = time.time,
                 max_attempts: int = MAX_ATTEMPTS):
        self.connector = connector
        self.http = http
        self.headers = headers or {}
        self.origin = origin
        self.sleep = sleep
        self.rng = rng or random.Random()
        self.clock = clock
        self.max_attempts = max_attempts
        self.requests = 0

    def get(self, url: str, params: dict | None = None) -> Any:
        return self.request("GET", url, params=params).json()

    def post(self, url: str, *, params: dict | None = None, json_body: Any = None, data: dict | None = None) -> Any:
        return self.request("POST", url, params=params, json_body=json_body, data=data).json()

    def request(self, method: str, url: str, *, params: dict | None = None, json_body: Any = None,
                data: dict | None = None) -> httpx.Response:
        name = self.connector.name
        url = rewrite_origin(url, self.origin)
        for attempt in range(self.max_attempts):
            self.requests += 1
            try:
                response = self.http.request(method, url, params=params, json=json_body, data=data,
                                             headers=self.headers)
            except httpx.TransportError as exc:
                verdict = Verdict("retry", f"{name} could not be reached ({type(exc).__name__}: {exc})")
            else:
                verdict = self.connector.verdict(response)
                if verdict.kind == "ok":
                    return response
            if verdict.kind == "revoked":
                raise TokenRevoked(verdict.message)
            if verdict.kind == "rejected":
                raise AccessRejected(verdict.message)
            if verdict.kind == "unavailable":
                raise NotAvailable(verdict.message)
            if verdict.kind != "retry":
                raise PlatformError(verdict.message)
            if attempt == self.max_attempts - 1:
                break
            if verdict.wait is not None:
                if verdict.wait > MAX_SERVER_WAIT:
                    raise RateLimited("{name} asks to wait {value} minutes before more requests; the next sync will continue.", name=name, value=math.ceil(verdict.wait / 60))
                self.sleep(verdict.wait + self.rng.uniform(0, min(1.0, 0.1 * verdict.wait + 0.25)))
            else:
                self.sleep(self.rng.uniform(0, min(MAX_BACKOFF, 2.0 ** attempt)))
        if "could not be reached" in verdict.message:
            raise PlatformError(verdict.message)
        raise RateLimited("{name} is still refusing requests after {max_attempts} attempts ({value}); the next sync will try again.", name=name, max_attempts=self.max_attempts, value=verdict.message or 'rate limited')


# -- the connector interface --------------------------------------------------------------------------

class Connector:
    """One platform. Subclasses set the class attributes from the platform's documentation and
    implement identify() and fetch()."""

    platform = ""
    name = ""
    authorize_url = ""
    token_url = ""
    revoke_url: str | None = None
    scopes: tuple[str, ...] = ()
    scope_separator = " "
    pkce = False
    token_auth = "client_secret_post"  # how the client authenticates at the token endpoint
    authorize_params: dict = {}
    docs: dict[str, str] = {}  # what each part follows, for the page and for reviewers
    console_url = ""
    registration: tuple[str, ...] = ()  # English steps to register the app, shown when not configured
    refresh_margin = dt.timedelta(minutes=10)

    # -- OAuth (Authlib) ----------------------------------------------------------------------
    def oauth_client(self, app, redirect_uri: str | None, transport: httpx.BaseTransport | None = None) -> OAuth2Client:
        headers = {"User-Agent": self.user_agent(app)}
        client = OAuth2Client(
            client_id=app.client_id, client_secret=app.client_secret, redirect_uri=redirect_uri,
            scope=self.scope_separator.join(self.scopes) if redirect_uri else None,
            token_endpoint_auth_method=self.token_auth, revocation_endpoint_auth_method=self.token_auth,
            code_challenge_method="S256" if self.pkce else None, transport=transport, timeout=HTTP_TIMEOUT,
            headers=headers)
        return client

    def authorization_url(self, app, redirect_uri: str, state: str, code_verifier: str | None) -> str:
        client = self.oauth_client(app, redirect_uri)
        try:
            url, _ = client.create_authorization_url(
                rewrite_origin(self.authorize_url, app.server_override), state=state,
                code_verifier=code_verifier if self.pkce else None, **self.authorize_params)
        finally:
            client.close()
        return url

    def exchange_code(self, app, redirect_uri: str, code: str, code_verifier: str | None, now: dt.datetime,
                      transport=None) -> TokenSet:
        with self.oauth_client(app, redirect_uri, transport) as client:
            extra = {"code_verifier": code_verifier} if self.pkce and code_verifier else {}
            token = self._token_call(lambda: client.fetch_token(
                rewrite_origin(self.token_url, app.server_override), code=code, grant_type="authorization_code",
                **extra), "exchange the authorization code")
        return TokenSet.from_response(dict(token), now)

    def refresh(self, app, tokens: TokenSet, now: dt.datetime, transport=None) -> TokenSet:
        if not tokens.refresh_token:
            raise TokenRevoked("The {name} token expired and cannot be renewed without you: connect again.",
                               name=self.name)
        with self.oauth_client(app, None, transport) as client:
            token = self._token_call(lambda: client.refresh_token(
                rewrite_origin(self.token_url, app.server_override), refresh_token=tokens.refresh_token),
                "renew the token")
        return TokenSet.from_response(dict(token), now, refresh_token=tokens.refresh_token)

    def revoke(self, app, tokens: TokenSet, transport=None) -> bool:
        """Revoke at the platform where it offers a way; False when it does not."""
        if not self.revoke_url:
            return False
        with self.oauth_client(app, None, transport) as client:
            response = client.revoke_token(rewrite_origin(self.revoke_url, app.server_override),
                                           token=tokens.refresh_token or tokens.access_token,
                                           token_type_hint="refresh_token" if tokens.refresh_token else "access_token")
        if response.status_code >= 400:
            raise PlatformError("{name} did not revoke the token (HTTP {status_code}).",
                                name=self.name, status_code=response.status_code)
        return True

    def _token_call(self, call, what: str):
        try:
            return call()
        except OAuthError as exc:
            description = f": {exc.description}" if getattr(exc, "description", None) else ""
            raise TokenRevoked("{name} refused to {what} ({error}{description}). Connect the account again.",
                               name=self.name, what=what, error=exc.error, description=description) from None
        except httpx.HTTPStatusError as exc:
            if exc.response.status_code in (400, 401, 403):
                raise TokenRevoked("{name} refused to {what} (HTTP {status_code}{response}). Connect the account again.", name=self.name, what=what, status_code=exc.response.status_code, response=self._body_hint(exc.response)) from None
            raise PlatformError("{name} failed to {what} (HTTP {status_code}); try again later.",
                                name=self.name, what=what, status_code=exc.response.status_code) from None
        except httpx.TransportError as exc:
            raise PlatformError("{name} could not be reached to {what}: {exc}",
                                name=self.name, what=what, exc=exc) from None
        except (ValueError, KeyError) as exc:
            raise PlatformError("{name} answered the request to {what} with something unexpected: {exc}",
                                name=self.name, what=what, exc=exc) from None

    @staticmethod
    def _body_hint(response: httpx.Response) -> str:
        try:
            body = response.json()
        except ValueError:
            return ""
        if isinstance(body, dict):
            text = body.get("message") or body.get("error_description") or body.get("error")
            if isinstance(text, str):
                return f": {text}"
        return ""

    def refresh_due(self, account: dict, tokens: TokenSet, now: dt.datetime) -> bool:
        return tokens.expires_at is not None and tokens.expires_at - now < self.refresh_margin

    # -- API ----------------------------------------------------------------------------------------
    def user_agent(self, app) -> str:
        return "creator-portal/1.0 (self-hosted)"

    def api_headers(self, app, tokens: TokenSet) -> dict:
        return {"Authorization": f"Bearer {tokens.access_token}", "Accept": "application/json",
                "User-Agent": self.user_agent(app)}

    def verdict(self, response: httpx.Response) -> Verdict:
        """Generic reading: 2xx ok; 429 and 5xx retry (after the wait the platform asked for); 401
        rejected; other 4xx an error with the platform's own message."""
        status = response.status_code
        if 200 <= status < 300:
            return Verdict("ok")
        message = f"{self.name} answered HTTP {status}{self._body_hint(response)}"
        if status == 429:
            return Verdict("retry", message, server_wait(response))
        if status >= 500:
            return Verdict("retry", message, server_wait(response))
        if status == 401:
            return Verdict("rejected", message)
        return Verdict("error", message)

    def identify(self, api: ApiClient, tokens: TokenSet) -> Identity:
        raise NotImplementedError

    def fetch(self, api: ApiClient, tokens: TokenSet, account: dict, window: Window, progress: Progress) -> SyncBatch:
        raise NotImplementedError
