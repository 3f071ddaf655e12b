"""A small MaxMind-format country database for tests, written with mmdb-writer (requirements-dev.txt) in the shape
of GeoLite2-Country's records ({"country": {"iso_code": …, "names": {"en": …}}}); IPv6 with the IPv4 space mapped,
as the free country databases are."""
from __future__ import annotations

from pathlib import Path

from mmdb_writer import MMDBWriter
from netaddr import IPSet

# Documentation networks (RFC 5737): never a real visitor.
COUNTRIES = {"203.0.113.0/24": ("DE", "Germany"), "198.51.100.0/24": ("FR", "France")}
UNMAPPED = "192.0.2.77"


def write_country_database(path: Path, countries: dict[str, tuple[str, str]] = COUNTRIES) -> Path:
    writer = MMDBWriter(ip_version=6, ipv4_compatible=True, database_type="GeoLite2-Country",
                        languages=["en"], description="portal test countries")
    for network, (code, name) in countries.items():
        writer.insert_network(IPSet([network]), {"country": {"iso_code": code, "names": {"en": name}}})
    writer.to_db_file(str(path))
    return Path(path)
