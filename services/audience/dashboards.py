"""What a dashboard shows: the person's accounts, the view they chose (range, platforms, accounts, post
types, formula, target countries) as it is kept in the URL query string, and the date window it resolves to.

Plain values in and out; no streamlit import. Pages read the URL, call parse_view, and write view_params
back, so a link reopens the same view."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Iterable, Mapping
from zoneinfo import ZoneInfo

from services.core import clock, platforms
from services.core.db.gateway import Gateway
from services.core.errors import ValidationError
from services.core.values import as_date, as_datetime

RANGES = ("30", "90", "365", "all", "custom")
DEFAULT_RANGE = "90"
FORMULAS = ("reach", "followers", "views")
DEFAULT_FORMULA = "reach"
PLATFORMS = platforms.KEYS
POST_TYPES = ("reel", "image", "carousel", "video", "short", "stream", "story", "text")
# Markets a creator discloses for (profiles.disclosure_markets) → the ISO 3166 country codes platforms report.
MARKET_COUNTRIES = {"UK": "GB"}


class InvalidRange(ValidationError):
    """A date range that cannot be shown (its start is after its end)."""


@dataclass(frozen=True)
class Account:
    id: str
    platform: str
    handle: str
    status: str
    first_day: dt.date | None
    last_day: dt.date | None
    followers: int | None
    first_post_at: dt.datetime | None
    last_post_at: dt.datetime | None
    breakdowns_as_of: dt.date | None

    @property
    def label(self) -> str:
        return f"{self.handle} ({self.platform})"


@dataclass(frozen=True)
class View:
    """What the person chose. Empty tuples mean "all"."""
    range_key: str = DEFAULT_RANGE
    start: dt.date | None = None  # custom range only
    end: dt.date | None = None
    platforms: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()
    post_types: tuple[str, ...] = ()
    formula: str = DEFAULT_FORMULA
    targets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Window:
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Query:
    """One dashboard request as the SQL functions take it."""
    start: dt.date
    end: dt.date
    time_zone: str
    platforms: tuple[str, ...] = ()
    account_ids: tuple[str, ...] = ()
    post_types: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict, compare=False)

    def params(self) -> dict:
        return {"p_start": self.start.isoformat(), "p_end": self.end.isoformat(), "p_time_zone": self.time_zone,
                "p_platforms": list(self.platforms) or None, "p_account_ids": list(self.account_ids) or None,
                "p_post_types": list(self.post_types) or None}

    def account_params(self) -> dict:
        return {"p_platforms": list(self.platforms) or None, "p_account_ids": list(self.account_ids) or None}

    def with_dates(self, start: dt.date, end: dt.date) -> "Query":
        return replace(self, start=start, end=end)


# -- accounts -------------------------------------------------------------------------------------------

def accounts(gw: Gateway) -> list[Account]:
    """The person's accounts with the span of their data (one round trip)."""
    return [Account(
        id=r["account_id"], platform=r["platform"], handle=r["handle"], status=r["status"],
        first_day=as_date(r["first_day"]), last_day=as_date(r["last_day"]),
        followers=None if r["followers"] is None else int(r["followers"]),
        first_post_at=as_datetime(r["first_post_at"]), last_post_at=as_datetime(r["last_post_at"]),
        breakdowns_as_of=as_date(r["breakdowns_as_of"])) for r in gw.rpc("dashboard_accounts") or []]


def has_data(items: Iterable[Account]) -> bool:
    return any(a.last_day or a.last_post_at for a in items)


def data_bounds(items: Iterable[Account], time_zone: str, today: dt.date | None = None) -> Window:
    """First and last day with data. The last day is the last daily count (as on Home), else the local date
    of the last post, else today in the person's time zone."""
    items = list(items)
    zone = ZoneInfo(time_zone)
    today = today or clock.today(time_zone)
    daily_last = [a.last_day for a in items if a.last_day]
    post_last = [a.last_post_at.astimezone(zone).date() for a in items if a.last_post_at]
    last = max(daily_last) if daily_last else max(post_last) if post_last else today
    firsts = [a.first_day for a in items if a.first_day] + \
             [a.first_post_at.astimezone(zone).date() for a in items if a.first_post_at]
    first = min(firsts) if firsts else last
    return Window(min(first, last), last)


# -- the view in the URL --------------------------------------------------------------------------------

def parse_view(params: Mapping[str, str], account_ids: Iterable[str] = (),
               default_targets: Iterable[str] = ()) -> tuple[View, list[str]]:
    """The view from URL query parameters, and what had to be ignored (unknown values), each as
    (English message template, value) pairs flattened into strings the page translates."""
    problems: list[str] = []
    known_accounts = set(account_ids)

    range_key = (params.get("range") or DEFAULT_RANGE).strip()
    if range_key not in RANGES:
        problems.append(f"range={range_key}")
        range_key = DEFAULT_RANGE
    start = _parse_day(params.get("from"), "from", problems)
    end = _parse_day(params.get("to"), "to", problems)
    if range_key != "custom":
        start = end = None

    formula = (params.get("formula") or DEFAULT_FORMULA).strip()
    if formula not in FORMULAS:
        problems.append(f"formula={formula}")
        formula = DEFAULT_FORMULA

    platforms = _choices(params.get("platforms"), PLATFORMS, "platforms", problems)
    post_types = _choices(params.get("types"), POST_TYPES, "types", problems)
    accounts_ = _choices(params.get("accounts"), known_accounts, "accounts", problems) if known_accounts else ()
    if "targets" in params:
        targets = tuple(dict.fromkeys(c.strip().upper() for c in params["targets"].split(",")
                                      if _is_country(c.strip().upper())))
        bad = [c for c in params["targets"].split(",") if c.strip() and not _is_country(c.strip().upper())]
        if bad:
            problems.append("targets=" + ",".join(bad))
    else:
        targets = tuple(default_targets)
    return View(range_key, start, end, platforms, accounts_, post_types, formula, targets), problems


def view_params(view: View, default_targets: Iterable[str] = ()) -> dict[str, str]:
    """The URL query parameters for a view (defaults left out, so plain links stay short)."""
    out: dict[str, str] = {}
    if view.range_key != DEFAULT_RANGE:
        out["range"] = view.range_key
    if view.range_key == "custom":
        if view.start:
            out["from"] = view.start.isoformat()
        if view.end:
            out["to"] = view.end.isoformat()
    if view.platforms:
        out["platforms"] = ",".join(view.platforms)
    if view.accounts:
        out["accounts"] = ",".join(view.accounts)
    if view.post_types:
        out["types"] = ",".join(view.post_types)
    if view.formula != DEFAULT_FORMULA:
        out["formula"] = view.formula
    if tuple(view.targets) != tuple(default_targets):
        out["targets"] = ",".join(view.targets)
    return out


def default_targets(disclosure_markets: Iterable[str] | None) -> tuple[str, ...]:
    """A creator's target countries default to the markets they disclose for."""
    return tuple(dict.fromkeys(MARKET_COUNTRIES.get(m, m) for m in (disclosure_markets or ())))


def resolve_window(view: View, bounds: Window) -> Window:
    """The dates a view covers. Presets end on the last day with data; a custom range keeps its dates
    (filled from the 90-day preset when one is missing). Raises InvalidRange when start > end."""
    if view.range_key == "all":
        return bounds
    if view.range_key == "custom":
        preset = resolve_window(replace(view, range_key=DEFAULT_RANGE), bounds)
        start, end = view.start or preset.start, view.end or preset.end
        if start > end:
            raise InvalidRange("The start date {isoformat} is after the end date {isoformat2}.",
                               isoformat=start.isoformat(), isoformat2=end.isoformat())
        return Window(start, end)
    days = int(view.range_key)
    return Window(bounds.end - dt.timedelta(days=days - 1), bounds.end)


def query_for(view: View, window: Window, time_zone: str) -> Query:
    return Query(window.start, window.end, time_zone, tuple(view.platforms), tuple(view.accounts),
                 tuple(view.post_types))


def replace_targets(view: View, targets: Iterable[str]) -> View:
    return replace(view, targets=tuple(targets))


def selected_accounts(items: Iterable[Account], view: View) -> list[Account]:
    """The accounts a view covers (platform and account filters combined)."""
    return [a for a in items if (not view.platforms or a.platform in view.platforms)
            and (not view.accounts or a.id in view.accounts)]


# -- helpers --------------------------------------------------------------------------------------------

def _parse_day(text: str | None, name: str, problems: list[str]) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        problems.append(f"{name}={text}")
        return None


def _choices(text: str | None, allowed, name: str, problems: list[str]) -> tuple[str, ...]:
    if not text:
        return ()
    values = [v.strip() for v in text.split(",") if v.strip()]
    bad = [v for v in values if v not in allowed]
    if bad:
        problems.append(f"{name}={','.join(bad)}")
    return tuple(dict.fromkeys(v for v in values if v in allowed))


def _is_country(code: str) -> bool:
    return len(code) == 2 and code.isalpha() and code.isascii()
