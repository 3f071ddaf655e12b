"""What a click may tell about its visitor, and nothing more: bot or person, a device class, the referrer's host, and
whether the same visitor clicked the same link a moment ago.

- **Bots** are the user agents matched by services/links/bots.json: the crawler-user-agents list (its source, commit
  and licence are in the file; `python -m services.links.bots --update` refreshes it). Link-preview fetchers
  (facebookexternalhit, Twitterbot, Slackbot, Discordbot, TelegramBot, WhatsApp, LinkedInBot), headless browsers and
  crawlers are in it. A request without a user agent, or a HEAD request (browsers never send one for a click), counts
  as a bot too. Bots are recorded, and counted apart from people.
- **Device class**: mobile, tablet, desktop or other, from a few words of the user agent; the user agent itself is
  never kept.
- **Referrer**: only the host of the Referer header (lowercase, without port, user or path); nothing for anything
  that is not an http(s) address.
- **Repeats**: a visitor is the hash of (a salt, the address, the user agent, the link), BLAKE2b. The salt is 128
  random bits made when the UTC day starts and kept only in this process's memory; at the next day it is replaced and
  every hash of the day before is dropped, so no hash can be linked across days or to its day from anything stored.
  A click by the same visitor on the same link within REPEAT_WINDOW of their previous one is a repeat: recorded,
  counted apart. Nothing of this reaches the database but the repeat flag. (A restart forgets the salt: a repeat
  across a restart counts as a new click.) The address is the one uvicorn gives the request: behind a reverse proxy
  on the same machine, uvicorn already takes it from X-Forwarded-For (its forwarded_allow_ips, 127.0.0.1 by
  default); a proxy elsewhere must be added there (FORWARDED_ALLOW_IPS), or every visitor looks like the proxy.
- **Country** (only with a GeoIP database; services/links/geo.py): the same address, looked up in memory; only the
  two-letter code is kept."""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
import secrets
import threading
from collections import OrderedDict
from pathlib import Path
from urllib.parse import urlsplit

BOTS_FILE = Path(__file__).with_name("bots.json")
REPEAT_WINDOW = dt.timedelta(minutes=30)
MAX_VISITORS = 500_000  # hashes kept at most (oldest dropped first): a flood cannot grow memory without bound
_HOST = re.compile(r"^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$")


@functools.lru_cache(maxsize=1)
def bot_list() -> dict:
    data = json.loads(BOTS_FILE.read_text(encoding="utf-8"))
    if not data.get("patterns") or not data.get("source", {}).get("repository"):
        raise ValueError(f"{BOTS_FILE} holds no patterns or does not say where they come from")
    return data


@functools.lru_cache(maxsize=1)
def _bot_pattern() -> re.Pattern:
    data = bot_list()
    patterns = list(data["patterns"]) + [a["pattern"] for a in data.get("added", [])]
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@functools.lru_cache(maxsize=8192)
def is_bot(user_agent: str | None) -> bool:
    """True for a crawler, link-preview fetcher or headless browser (and for no user agent at all)."""
    if not user_agent or not user_agent.strip():
        return True
    return _bot_pattern().search(user_agent) is not None


@functools.lru_cache(maxsize=8192)
def device_class(user_agent: str | None) -> str:
    """"mobile", "tablet", "desktop" or "other" from the user agent's platform words."""
    ua = user_agent or ""
    if "iPad" in ua or "Tablet" in ua or ("Android" in ua and "Mobile" not in ua):
        return "tablet"
    if "Mobi" in ua or "iPhone" in ua or "Android" in ua:
        return "mobile"
    if any(word in ua for word in ("Windows NT", "Macintosh", "X11", "CrOS")):
        return "desktop"
    return "other"


def referrer_host(referer: str | None) -> str | None:
    """The host of an http(s) Referer, lowercase, without port or anything else; None otherwise."""
    if not referer or len(referer) > 4000:
        return None
    try:
        parts = urlsplit(referer.strip())
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not host:
        return None
    host = host.rstrip(".").lower()
    return host if _HOST.match(host) else None


class RepeatFilter:
    """Tells whether a click repeats the same visitor's click on the same link within the window. Thread-safe."""

    def __init__(self, window: dt.timedelta = REPEAT_WINDOW, max_visitors: int = MAX_VISITORS):
        self.window = window
        self.max_visitors = max_visitors
        self._lock = threading.Lock()
        self._day: dt.date | None = None
        self._salt = b""
        self._seen: OrderedDict[bytes, dt.datetime] = OrderedDict()  # oldest last click first

    def repeat(self, link_id: str, address: str | None, user_agent: str | None, now: dt.datetime) -> bool:
        with self._lock:
            day = now.astimezone(dt.timezone.utc).date()
            if day != self._day:  # a new day: a new salt, and yesterday's hashes are gone
                self._day, self._salt = day, secrets.token_bytes(16)
                self._seen.clear()
            key = hashlib.blake2b(b"\0".join([(address or "").encode(), (user_agent or "").encode(),
                                              link_id.encode()]), key=self._salt, digest_size=16).digest()
            previous = self._seen.pop(key, None)
            self._seen[key] = now
            while self._seen:
                oldest_key, oldest = next(iter(self._seen.items()))
                if now - oldest <= self.window and len(self._seen) <= self.max_visitors:
                    break
                del self._seen[oldest_key]
            return previous is not None and now - previous <= self.window

    def __len__(self) -> int:
        return len(self._seen)
