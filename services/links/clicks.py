"""Writing clicks without making a redirect wait for the database.

The redirect only appends the click to an in-memory queue (a deque: no lock, no I/O) and answers. One writer thread
takes everything queued every FLUSH_SECONDS (sooner once BATCH clicks wait) and writes it with one call of
public.record_link_clicks, one transaction. How no click is lost:

- a failed write keeps the batch at the head of the queue and is retried with a growing pause (up to 5 s), in order;
- stopping the server (Ctrl+C, SIGTERM: the app's lifespan ends) stops the thread and writes what is queued; if the
  database cannot take it then, the clicks go to a spool file (JSON lines, SPOOL_NAME in the data folder), which the
  next start writes first and then removes;
- while the database is away, at most MAX_QUEUED clicks wait in memory; beyond that the oldest go to the spool file
  rather than growing the process without bound.
Only a process killed outright (SIGKILL, power loss) loses what was queued: at most FLUSH_SECONDS of clicks."""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import threading
import time
from collections import deque
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterable

from services.core.db.gateway import Gateway, Person

FLUSH_SECONDS = 0.25
BATCH = 2000
MAX_QUEUED = 200_000
SPOOL_NAME = "link_clicks.spool.jsonl"
LINK_SERVER = Person(id=None, database_role="portal_links")
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Click:
    link_id: str
    at: dt.datetime
    referrer_host: str | None
    device: str
    bot: bool
    repeat: bool
    country: str | None = None  # ISO 3166-1 alpha-2, only with a GeoIP database (services/links/geo.py)

    def as_json(self) -> dict:
        return {**asdict(self), "at": self.at.isoformat()}


def database_writer(gateway: Gateway) -> Callable[[list[dict]], int]:
    """Writes a batch through public.record_link_clicks as the link server (portal_links)."""
    def write(batch: list[dict]) -> int:
        return int(gateway.rpc("record_link_clicks", {"p_clicks": batch}) or 0)
    return write


class ClickWriter:
    def __init__(self, write: Callable[[list[dict]], int], *, spool_dir: Path | None = None,
                 flush_seconds: float = FLUSH_SECONDS, batch: int = BATCH, max_queued: int = MAX_QUEUED):
        self._write = write
        self._spool = (Path(spool_dir) / SPOOL_NAME) if spool_dir else None
        self._flush_seconds = flush_seconds
        self._batch = batch
        self._max_queued = max_queued
        self._queue: deque[dict] = deque()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._thread: threading.Thread | None = None
        self.written = 0
        self.failures = 0

    # -- the redirect's side ------------------------------------------------------------------------------------

    def add(self, click: Click) -> None:
        """Queues one click; never blocks on the database."""
        self._queue.append(click.as_json())
        if len(self._queue) >= self._batch:
            self._wake.set()

    @property
    def queued(self) -> int:
        return len(self._queue)

    # -- the writer thread ------------------------------------------------------------------------------------

    def start(self) -> "ClickWriter":
        self._replay_spool()
        self._thread = threading.Thread(target=self._run, name="link-click-writer", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        pause = self._flush_seconds
        while not self._stopping.is_set():
            self._wake.wait(pause)
            self._wake.clear()
            try:
                self.flush()
                pause = self._flush_seconds
            except Exception as exc:  # the database is away: keep the clicks, try again a bit later
                self.failures += 1
                pause = min(5.0, max(pause * 2, 0.5))
                _log.warning("Link clicks could not be written yet (%s clicks wait): %s", len(self._queue), exc)
                self._shed_overflow()

    def flush(self) -> int:
        """Writes everything queued now, in batches; a batch that fails goes back to the head of the queue."""
        done = 0
        while self._queue:
            self._idle.clear()
            batch = []
            while self._queue and len(batch) < self._batch:
                batch.append(self._queue.popleft())
            try:
                self._write(batch)
            except Exception:
                self._queue.extendleft(reversed(batch))
                raise
            finally:
                self._idle.set()
            done += len(batch)
            self.written += len(batch)
        return done

    def close(self, timeout: float = 10.0) -> None:
        """Stops the thread and writes what is left; whatever the database cannot take goes to the spool file."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._idle.wait(timeout)
        try:
            self.flush()
        except Exception as exc:
            _log.warning("Link clicks could not be written at shutdown (%s); kept for the next start", exc)
            self._to_spool(list(self._queue))
            self._queue.clear()

    # -- the spool file ---------------------------------------------------------------------------------------

    def _shed_overflow(self) -> None:
        extra = len(self._queue) - self._max_queued
        if extra > 0 and self._spool is not None:
            self._to_spool([self._queue.popleft() for _ in range(extra)])

    def _to_spool(self, clicks: Iterable[dict]) -> None:
        clicks = list(clicks)
        if not clicks:
            return
        if self._spool is None:
            _log.error("%s link clicks are lost: no data folder to keep them in", len(clicks))
            return
        self._spool.parent.mkdir(parents=True, exist_ok=True)
        with open(self._spool, "a", encoding="utf-8") as out:
            for click in clicks:
                out.write(json.dumps(click) + "\n")
            out.flush()
            os.fsync(out.fileno())

    def _replay_spool(self) -> None:
        if self._spool is None or not self._spool.exists():
            return
        pending = self._spool.with_suffix(".replaying")
        self._spool.rename(pending)
        clicks = [json.loads(line) for line in pending.read_text(encoding="utf-8").splitlines() if line.strip()]
        self._queue.extendleft(reversed(clicks))
        try:
            self.flush()
            pending.unlink()
        except Exception as exc:  # still away: they stay queued, and on disk until written
            _log.warning("Spooled link clicks could not be written yet: %s", exc)
            left = list(self._queue)
            self._queue.clear()
            self._to_spool(left)
            pending.unlink()


def wait_until_written(writer: ClickWriter, timeout: float = 10.0) -> bool:
    """For tests and the benchmark: True once nothing is queued."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if writer.queued == 0 and writer._idle.is_set():
            return True
        time.sleep(0.02)
    return False
