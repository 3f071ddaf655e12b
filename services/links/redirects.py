"""The redirect behind <portal>/l/<code>: find the link's destination, note the click, answer.

A code is looked up once through public.resolve_tracked_link (as the link server, portal_links) and then kept in
memory: live codes for LIVE_SECONDS, unknown ones for UNKNOWN_SECONDS (a flood of guesses does not reach the database
for each guess). Making or revoking a link notifies the channel `portal_links` with its code, and a listener thread
drops that code from memory at once, so a revoked link answers 404 on the next click and a new one works at once;
the expiries are only a safety net should a notification be missed.

Unknown, revoked and malformed codes get the same 404 with the same body: nothing tells which codes exist."""
from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

from services.core import clock
from services.core.db.gateway import Gateway
from services.links import geo, visitors
from services.links.clicks import Click, ClickWriter

CODE = re.compile(r"^[A-Za-z0-9]{14}$")
LIVE_SECONDS = 60.0
UNKNOWN_SECONDS = 5.0
MAX_CACHED = 100_000
NOTIFY_CHANNEL = "portal_links"
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Answer:
    status: int                 # 302 or 404
    location: str | None = None


NOT_FOUND = Answer(404)


class Resolver:
    """code → (link id, destination) | None, cached; `forget(code)` drops one code (after a change)."""

    def __init__(self, lookup: Callable[[str], tuple[str, str] | None], *, live_seconds: float = LIVE_SECONDS,
                 unknown_seconds: float = UNKNOWN_SECONDS):
        self._lookup = lookup
        self._live = live_seconds
        self._unknown = unknown_seconds
        self._cache: dict[str, tuple[float, tuple[str, str] | None]] = {}
        self.lookups = 0

    def cached(self, code: str) -> tuple[bool, tuple[str, str] | None]:
        """(found in memory, value): no I/O, for the event loop."""
        hit = self._cache.get(code)
        if hit is None or hit[0] < time.monotonic():
            return False, None
        return True, hit[1]

    def resolve(self, code: str) -> tuple[str, str] | None:
        """Looks the code up in the database (blocking) and remembers the answer."""
        found, value = self.cached(code)
        if found:
            return value
        self.lookups += 1
        value = self._lookup(code)
        if len(self._cache) >= MAX_CACHED:
            self._cache.clear()
        self._cache[code] = (time.monotonic() + (self._live if value else self._unknown), value)
        return value

    def forget(self, code: str | None = None) -> None:
        if code is None:
            self._cache.clear()
        else:
            self._cache.pop(code, None)


def database_lookup(gateway: Gateway) -> Callable[[str], tuple[str, str] | None]:
    def lookup(code: str) -> tuple[str, str] | None:
        rows = gateway.rpc("resolve_tracked_link", {"p_code": code})
        if not rows:
            return None
        row = rows[0] if isinstance(rows, list) else rows
        return str(row["link_id"]), row["destination"]
    return lookup


class LinkServer:
    """The route's state: the resolver, the repeat filter, the click writer and (with a GeoIP database) the
    country reader."""

    def __init__(self, resolver: Resolver, writer: ClickWriter, repeats: visitors.RepeatFilter | None = None,
                 countries: geo.CountryReader | None = None):
        self.resolver = resolver
        self.writer = writer
        self.repeats = repeats or visitors.RepeatFilter()
        self.countries = countries

    def answer(self, code: str, found: tuple[str, str] | None, *, method: str, user_agent: str | None,
               referer: str | None, address: str | None, host: str | None) -> Answer:
        """The answer for a code already resolved (found: its link id and destination, or None), noting the click."""
        if found is None:
            return NOT_FOUND
        link_id, destination = found
        if host and urlsplit(destination).netloc.lower() == host.lower():
            return NOT_FOUND  # refused when the link was made; never a loop back into the portal
        now = clock.now()
        bot = method == "HEAD" or visitors.is_bot(user_agent)
        country = self.countries.country(address) if self.countries is not None else None
        self.writer.add(Click(link_id, now, visitors.referrer_host(referer), visitors.device_class(user_agent), bot,
                              (not bot) and self.repeats.repeat(link_id, address, user_agent, now), country))
        return Answer(302, destination)


def valid_code(code: str) -> bool:
    return bool(CODE.match(code or ""))


class ChangeListener:
    """LISTEN portal_links on its own connection; each notification (a code) is dropped from the resolver's memory.
    Reconnects after a failure; after a reconnect everything cached is dropped (a change may have been missed)."""

    def __init__(self, url: str, resolver: Resolver):
        self._url = url
        self._resolver = resolver
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="link-change-listener", daemon=True)
        self.listening = threading.Event()

    def start(self) -> "ChangeListener":
        self._thread.start()
        return self

    def _run(self) -> None:
        import psycopg
        pause = 0.5
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._url, autocommit=True, connect_timeout=5) as conn:
                    conn.execute(f"listen {NOTIFY_CHANNEL}")
                    self._resolver.forget()
                    self.listening.set()
                    pause = 0.5
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=1.0):
                            self._resolver.forget(note.payload or None)
            except Exception as exc:
                self.listening.clear()
                if not self._stop.is_set():
                    _log.warning("Listening for link changes failed (%s); retrying", exc)
                    self._stop.wait(pause)
                    pause = min(pause * 2, 10.0)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(3)
