"""The click writer: the redirect only queues; a thread writes batches; a failed write is retried in order; stopping
writes what is left, or keeps it in the spool file for the next start, which writes it first. No click is lost."""
from __future__ import annotations

import datetime as dt
import threading
import time

from services.links.clicks import SPOOL_NAME, Click, ClickWriter, wait_until_written

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _click(n: int) -> Click:
    return Click(f"link-{n % 3}", T0 + dt.timedelta(milliseconds=n), None, "mobile", False, False)


class Database:
    """Stands for record_link_clicks: keeps what it was given; can be told to fail or to be slow."""

    def __init__(self):
        self.rows: list[dict] = []
        self.calls = 0
        self.down = False
        self.slow = 0.0
        self.held = threading.Event()  # cleared: every write waits until it is set
        self.held.set()

    def write(self, batch: list[dict]) -> int:
        self.calls += 1
        self.held.wait()
        if self.slow:
            time.sleep(self.slow)
        if self.down:
            raise ConnectionError("database away")
        self.rows.extend(batch)
        return len(batch)


def test_adding_never_waits_for_the_database_and_batches_are_written_in_order(tmp_path):
    db = Database()
    db.held.clear()  # the database does not answer until the clicks are queued
    writer = ClickWriter(db.write, spool_dir=tmp_path, flush_seconds=0.05, batch=500).start()
    adding = threading.Thread(target=lambda: [writer.add(_click(n)) for n in range(5000)])
    adding.start()
    adding.join(timeout=30)
    assert not adding.is_alive(), "queuing 5,000 clicks must not wait for the writes"
    assert db.rows == [], "nothing was written while the clicks were queued"
    db.held.set()
    assert wait_until_written(writer, timeout=20)
    writer.close()
    assert [r["at"] for r in db.rows] == [_click(n).as_json()["at"] for n in range(5000)]
    assert db.calls < 5000 / 100, "clicks go in batches"


def test_a_failed_write_is_retried_and_nothing_is_lost_or_doubled(tmp_path):
    db = Database()
    db.down = True
    writer = ClickWriter(db.write, spool_dir=tmp_path, flush_seconds=0.02, batch=100).start()
    for n in range(250):
        writer.add(_click(n))
    time.sleep(0.3)
    assert db.rows == [] and writer.queued == 250
    db.down = False
    assert wait_until_written(writer, timeout=20)
    writer.close()
    assert len(db.rows) == 250 and len({r["at"] for r in db.rows}) == 250


def test_stopping_writes_what_is_queued(tmp_path):
    db = Database()
    writer = ClickWriter(db.write, spool_dir=tmp_path, flush_seconds=60).start()  # never flushes by itself
    for n in range(1234):
        writer.add(_click(n))
    writer.close()
    assert len(db.rows) == 1234
    assert not (tmp_path / SPOOL_NAME).exists()


def test_stopping_while_the_database_is_away_keeps_the_clicks_for_the_next_start(tmp_path):
    db = Database()
    db.down = True
    writer = ClickWriter(db.write, spool_dir=tmp_path, flush_seconds=60).start()
    for n in range(300):
        writer.add(_click(n))
    writer.close(timeout=2)
    assert db.rows == []
    assert len((tmp_path / SPOOL_NAME).read_text().splitlines()) == 300
    db.down = False
    again = ClickWriter(db.write, spool_dir=tmp_path, flush_seconds=60).start()  # the next start
    again.close()
    assert [r["at"] for r in db.rows] == [_click(n).as_json()["at"] for n in range(300)]
    assert not (tmp_path / SPOOL_NAME).exists()


def test_clicks_queued_from_many_threads_all_arrive(tmp_path):
    db = Database()
    writer = ClickWriter(db.write, spool_dir=tmp_path, flush_seconds=0.01, batch=50).start()

    def burst(offset: int):
        for n in range(1000):
            writer.add(_click(offset + n))

    threads = [threading.Thread(target=burst, args=(k * 1000,)) for k in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    writer.close()
    assert len(db.rows) == 8000 and len({r["at"] for r in db.rows}) == 8000
