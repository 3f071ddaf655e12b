"""The per-platform rate budget shared by every worker: a token bucket in Postgres (app.rate_buckets), taken
before each request to the platform. The httpx transport below wraps the real one, so the sync code is
unchanged: every request it makes (pages, retries, token renewals) first takes a token, waiting as long as the
bucket says. It also keeps the last Retry-After the platform sent, for the job's retry decision."""
from __future__ import annotations

import time
from typing import Callable

import httpx
import psycopg


def take(conn: psycopg.Connection, platform: str, *, sleep: Callable[[float], None] = time.sleep,
         max_wait: float = 600.0) -> float:
    """Blocks until the platform's bucket gives a token; returns the seconds waited."""
    waited = 0.0
    while True:
        wait = conn.execute("select app.take_rate_token(%s)", (platform,)).fetchone()[0]
        if wait <= 0:
            return waited
        if waited >= max_wait:
            raise TimeoutError(f"no request budget for {platform} after {waited:.0f} s")
        sleep(wait)
        waited += wait


def set_budget(conn: psycopg.Connection, platform: str, capacity: float, per_second: float) -> None:
    conn.execute("select app.set_rate_budget(%s, %s, %s)", (platform, capacity, per_second))


def retry_after_seconds(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        from email.utils import parsedate_to_datetime
        from services.core import clock
        try:
            return max(0.0, (parsedate_to_datetime(value) - clock.now()).total_seconds())
        except (TypeError, ValueError):
            return None


class BudgetTransport(httpx.BaseTransport):
    """Takes a token from the platform's bucket before every request, on a privileged connection from pool (each
    take is its own short transaction, so the bucket's row lock is held for one statement)."""

    def __init__(self, pool, platform: str, inner: httpx.BaseTransport | None = None):
        self.platform = platform
        self.own_inner = inner is None
        self.inner = inner or httpx.HTTPTransport()
        self.pool = pool
        self.retry_after: float | None = None
        self.requests = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        waited = 0.0
        while True:
            with self.pool.connection() as conn:
                wait = conn.execute("select app.take_rate_token(%s)", (self.platform,)).fetchone()[0]
            if wait <= 0:
                break
            if waited >= 600:
                raise httpx.TimeoutException(f"no request budget for {self.platform} after {waited:.0f} s")
            time.sleep(wait)
            waited += wait
        self.requests += 1
        response = self.inner.handle_request(request)
        if response.status_code == 429:
            self.retry_after = retry_after_seconds(response)
        return response

    def close(self) -> None:
        if self.own_inner:  # a transport handed in is shared by every sync of the worker
            self.inner.close()
