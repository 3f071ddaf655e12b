"""The one clock the portal reads. Code asks `clock.now()` / `clock.today(tz)`, never the system
directly, so tests (and a demo on another day) can move time for the whole process.

- `PORTAL_NOW` (ISO date or datetime, UTC when no offset is given) in the environment starts the
  clock at that instant: time then runs on from there. A server started by a test gets it this way.
- `set_now(when)` in a test freezes the clock at `when`; `reset()` returns to the real time."""
from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

UTC = dt.timezone.utc

_frozen: dt.datetime | None = None
_offset = dt.timedelta(0)


def _aware(when: dt.datetime | dt.date | str) -> dt.datetime:
    if isinstance(when, str):
        when = dt.datetime.fromisoformat(when) if "T" in when or " " in when else dt.date.fromisoformat(when)
    if not isinstance(when, dt.datetime):
        when = dt.datetime.combine(when, dt.time(12, 0))
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _system_now() -> dt.datetime:
    return dt.datetime.now(UTC)


def now() -> dt.datetime:
    """The current instant, timezone-aware in UTC."""
    if _frozen is not None:
        return _frozen
    return _system_now() + _offset


def today(time_zone: str | None = None) -> dt.date:
    """Today's date in a time zone (an IANA name), UTC by default."""
    current = now()
    return current.astimezone(ZoneInfo(time_zone)).date() if time_zone else current.date()


def set_now(when: dt.datetime | dt.date | str) -> None:
    """Freeze the clock at `when` (a date means noon UTC that day)."""
    global _frozen
    _frozen = _aware(when)


def run_from(when: dt.datetime | dt.date | str) -> None:
    """Let the clock run on from `when`, as PORTAL_NOW does at start."""
    global _frozen, _offset
    _frozen = None
    _offset = _aware(when) - _system_now()


def is_moved() -> bool:
    """True when the clock is not the system's: frozen by set_now, or running from PORTAL_NOW / run_from.
    The gateways then send it to the database (the portal_now claim, read by app.now())."""
    return _frozen is not None or _offset != dt.timedelta(0)


def reset() -> None:
    global _frozen, _offset
    _frozen, _offset = None, dt.timedelta(0)


if os.environ.get("PORTAL_NOW"):
    run_from(os.environ["PORTAL_NOW"])
