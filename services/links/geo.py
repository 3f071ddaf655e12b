"""A click's country, when the operator gives the portal a country database (off by default).

The setting ([portal] geoip_database, or PORTAL_GEOIP_DATABASE in the environment) is the path of a MaxMind-format
(.mmdb) country database: MaxMind's GeoLite2-Country or DB-IP's free "IP to Country Lite" (both give
`country.iso_code`; a city database works too). The link server opens it once, when it starts; each click then looks
up the visitor's address in memory (the same address the repeat filter hashes: the one uvicorn gives the request,
X-Forwarded-For from a trusted proxy included) and keeps only the two-letter ISO 3166-1 code. The address itself is
never stored, logged or passed on.

Anything that goes wrong gives no country and never fails the redirect: an address the database does not know
(private, loopback, not in it) or cannot parse gives None, and a missing or unreadable file logs one warning naming
the setting when the server starts, after which clicks are counted without countries."""
from __future__ import annotations

import ipaddress
import logging
import re
import threading
from pathlib import Path

SETTING = "[portal] geoip_database (PORTAL_GEOIP_DATABASE)"
_ISO = re.compile(r"^[A-Z]{2}$")
_log = logging.getLogger(__name__)


class CountryReader:
    """address → ISO 3166-1 alpha-2 code or None, from an opened database. Thread-safe (the reader is read-only)."""

    def __init__(self, reader, path: Path):
        self._reader = reader
        self.path = path
        self.failures = 0

    def country(self, address: str | None) -> str | None:
        if not address:
            return None
        try:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
            record = self._reader.get(getattr(ip, "ipv4_mapped", None) or ip)
        except ValueError:  # not an IP address (a Unix socket, a proxy's odd header): no country
            return None
        except Exception:  # a damaged record: no country, and the click still counts
            self.failures += 1
            return None
        return iso_code(record)

    def close(self) -> None:
        try:
            self._reader.close()
        except Exception:
            pass


def iso_code(record) -> str | None:
    """The record's country code: `country.iso_code` (GeoLite2 and DB-IP lite, country or city), or a top-level
    `country_code` as some free country databases write it; None for anything that is not two capital letters."""
    if not isinstance(record, dict):
        return None
    country = record.get("country")
    code = country.get("iso_code") if isinstance(country, dict) else record.get("country_code")
    return code if isinstance(code, str) and _ISO.match(code) else None


_warned: set[str] = set()
_warn_lock = threading.Lock()


def open_reader(path: str | Path | None) -> CountryReader | None:
    """The country reader for the configured database, or None when there is none (off) or it cannot be read (one
    warning naming the setting; the portal runs on without countries)."""
    if not path:
        return None
    path = Path(path)
    try:
        import maxminddb
        reader = maxminddb.open_database(str(path))
        reader.get("192.0.2.1")  # a documentation address: proves the tree can be walked before clicks rely on it
    except Exception as exc:
        reason = "the file does not exist" if not path.exists() else f"it is not a readable country database ({exc})"
        with _warn_lock:
            if str(path) not in _warned:
                _warned.add(str(path))
                _log.warning("GeoIP is off: %s is set to %s, but %s. Clicks are counted without their country "
                             "until the setting names a MaxMind-format .mmdb country database.", SETTING, path, reason)
        return None
    return CountryReader(reader, path)
