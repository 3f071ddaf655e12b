"""The redirect route of the real server (`streamlit run portal/app.py`, as the README starts it): 302 to the
destination, the same 404 for unknown, revoked and malformed codes, revocation taking effect on the next click,
and each click written with nothing personal in it, with GeoIP off (the default) and on (a small country database
built by tests/support/geoip.py: 203.0.113.0/24 → DE, 198.51.100.0/24 → FR). The visitor's address reaches the
server as a reverse proxy on the same machine gives it (X-Forwarded-For, trusted from 127.0.0.1 by uvicorn)."""
from __future__ import annotations

import time

import httpx
import psycopg
import pytest
from psycopg.rows import dict_row

from services.core.db.postgres import PostgresGateway, make_pool
from services.links import links
from tests.support.browser import StreamlitServer
from tests.support.databases import fresh_database
from tests.support.geoip import UNMAPPED, write_country_database
from tests.support.reports import build_world

PHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
         "Version/17.5 Mobile/15E148 Safari/604.1")
DESKTOP = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
           "Safari/537.36")
# As the fetchers send them (the crawler-user-agents list's own instances for these two).
PREVIEW = "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"


GEOIP_WARNING = "GeoIP is off: [portal] geoip_database (PORTAL_GEOIP_DATABASE) is set to"


def _serve(database, workdir, name: str, portal: str = ""):
    with fresh_database(database, name) as url:
        pool = make_pool(url)
        with psycopg.connect(url, autocommit=True, row_factory=dict_row) as admin:
            world = build_world(pool, admin)
            server = StreamlitServer(name.replace("_", "-"), f'[database]\nurl = "{url}"\n{portal}', workdir)
            server.start()
            try:
                yield server, pool, admin, world
            finally:
                server.stop()
                pool.close()


@pytest.fixture(scope="module")
def served(database, tmp_path_factory):
    yield from _serve(database, tmp_path_factory.mktemp("route"), "links_route")


@pytest.fixture(scope="module")
def served_with_countries(database, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("route-geoip")
    countries = write_country_database(workdir / "countries.mmdb")
    yield from _serve(database, workdir, "links_route_geoip", f'[portal]\ngeoip_database = "{countries}"\n')


@pytest.fixture(scope="module")
def served_with_a_missing_database(database, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("route-geoip-missing")
    missing = workdir / "GeoLite2-Country.mmdb"
    yield from _serve(database, workdir, "links_route_geoip_missing", f'[portal]\ngeoip_database = "{missing}"\n')


def _base(server) -> str:
    """The server by 127.0.0.1: the address uvicorn trusts X-Forwarded-For from (its forwarded_allow_ips)."""
    return f"http://127.0.0.1:{server.port}"


def _clicks(admin, link_id: str, n: int, timeout: float = 10.0) -> list[dict]:
    end = time.monotonic() + timeout
    while True:
        rows = admin.execute("select * from public.link_clicks where link_id = %s order by id", (link_id,)).fetchall()
        if len(rows) >= n or time.monotonic() > end:
            return rows
        time.sleep(0.1)


@pytest.mark.parametrize("geoip", ["off", "on"])
def test_a_click_redirects_to_the_destination_and_is_counted_without_anything_personal(request, geoip):
    server, pool, admin, world = request.getfixturevalue("served" if geoip == "off" else "served_with_countries")
    link = links.create_link(PostgresGateway(pool, world.creator), world.offer_id, "https://brand.example/jacket",
                             portal_urls=[server.url], platform="instagram")
    proxy = {"X-Forwarded-For": "203.0.113.5"} if geoip == "on" else {}  # a visitor in Germany, through the proxy
    with httpx.Client(base_url=_base(server), follow_redirects=False, timeout=30, headers=proxy) as http:
        first = http.get(f"/l/{link.code}", headers={"User-Agent": PHONE,
                                                     "Referer": "https://l.instagram.com/?u=https%3A%2F%2Fx&e=AT0"})
        again = http.get(f"/l/{link.code}", headers={"User-Agent": PHONE})
        desk = http.get(f"/l/{link.code}", headers={"User-Agent": DESKTOP, "Referer": "http://www.YouTube.com:80/watch"})
        bot = http.get(f"/l/{link.code}", headers={"User-Agent": PREVIEW})
        head = http.head(f"/l/{link.code}", headers={"User-Agent": DESKTOP})
    for response in (first, again, desk, bot, head):
        assert response.status_code == 302
        assert response.headers["location"] == link.destination
        assert response.headers["cache-control"] == "no-store"
    rows = _clicks(admin, link.id, 5)
    country = "DE" if geoip == "on" else None
    assert [(r["device"], r["referrer_host"], r["bot"], r["repeat"], r["country"]) for r in rows] == [
        ("mobile", "l.instagram.com", False, False, country),
        ("mobile", None, False, True, country),          # the same visitor again within the window
        ("desktop", "www.youtube.com", False, False, country),
        ("other", None, True, False, country),           # a link-preview fetcher
        ("desktop", None, True, False, country),         # a HEAD request: no browser sends one for a click
    ]
    columns = {r["column_name"] for r in admin.execute(
        "select column_name from information_schema.columns where table_schema = 'public' "
        "and table_name = 'link_clicks'").fetchall()}
    assert columns == {"id", "link_id", "creator_id", "brand_id", "offer_id", "clicked_at", "referrer_host", "device",
                       "bot", "repeat", "country"}
    stored = " ".join(str(v) for r in rows for v in r.values())
    for personal in ("127.0.0.1", "::1", "203.0.113", "Mozilla", "iPhone", "facebookexternalhit", "Safari", "AT0",
                     "watch"):
        assert personal not in stored, personal
        assert personal not in server.log_path.read_text(errors="replace"), f"{personal} in the server's log"


def test_with_geoip_each_click_keeps_its_visitor_s_country_and_nothing_else(served_with_countries):
    server, pool, admin, world = served_with_countries
    link = links.create_link(PostgresGateway(pool, world.creator), world.offer_id, "https://brand.example/geo",
                             portal_urls=[server.url], platform="instagram")
    visitors = ["203.0.113.5", "198.51.100.7", UNMAPPED, None, "unknown"]  # None: no proxy, the loopback address
    with httpx.Client(base_url=_base(server), follow_redirects=False, timeout=30) as http:
        for address in visitors:
            headers = {"User-Agent": DESKTOP} | ({"X-Forwarded-For": address} if address else {})
            assert http.get(f"/l/{link.code}", headers=headers).status_code == 302
    rows = _clicks(admin, link.id, len(visitors))
    assert [(r["country"], r["repeat"]) for r in rows] == [("DE", False), ("FR", False), (None, False),
                                                           (None, False), (None, False)]
    log = server.log_path.read_text(errors="replace")
    for address in ("203.0.113.5", "198.51.100.7", UNMAPPED):
        assert address not in log
    assert GEOIP_WARNING not in log


def test_geoip_off_or_its_file_missing_records_no_country_and_the_missing_file_is_said_once(
        served, served_with_a_missing_database):
    for server, pool, admin, world in (served, served_with_a_missing_database):
        link = links.create_link(PostgresGateway(pool, world.creator), world.offer_id, "https://brand.example/nogeo",
                                 portal_urls=[server.url], platform="instagram")
        with httpx.Client(base_url=_base(server), follow_redirects=False, timeout=30) as http:
            for address in ("203.0.113.5", "198.51.100.7"):
                answer = http.get(f"/l/{link.code}", headers={"User-Agent": DESKTOP, "X-Forwarded-For": address})
                assert answer.status_code == 302
        assert [r["country"] for r in _clicks(admin, link.id, 2)] == [None, None]
    assert GEOIP_WARNING not in served[0].log_path.read_text(errors="replace")
    log = served_with_a_missing_database[0].log_path.read_text(errors="replace")
    assert log.count(GEOIP_WARNING) == 1, log
    assert "GeoLite2-Country.mmdb, but the file does not exist" in log


def test_unknown_revoked_and_malformed_codes_get_the_same_404(served):
    server, pool, admin, world = served
    link = links.create_link(PostgresGateway(pool, world.creator), world.offer_id, "https://brand.example/gone",
                             portal_urls=[server.url], platform="instagram")
    with httpx.Client(base_url=server.url, follow_redirects=False, timeout=30) as http:
        assert http.get(f"/l/{link.code}", headers={"User-Agent": DESKTOP}).status_code == 302
        links.revoke_link(PostgresGateway(pool, world.creator), link.id)
        time.sleep(0.5)  # the notification reaches the server's listener
        answers = [http.get(path, headers={"User-Agent": DESKTOP})
                   for path in (f"/l/{link.code}", "/l/AAAAAAAAAAAAAA", "/l/short", "/l/%27%20or%201%3D1")]
    assert [a.status_code for a in answers] == [404, 404, 404, 404]
    assert len({(a.text, a.headers.get("content-type")) for a in answers}) == 1
    assert len(_clicks(admin, link.id, 1)) == 1, "a revoked link records nothing"


def test_a_new_link_works_at_once(served):
    server, pool, admin, world = served
    with httpx.Client(base_url=server.url, follow_redirects=False, timeout=30) as http:
        link = links.create_link(PostgresGateway(pool, world.partner_a), world.offer_id, "https://brand.example/new",
                                 portal_urls=[server.url], platform="instagram")
        assert http.get(f"/l/{link.code}", headers={"User-Agent": DESKTOP}).status_code == 302


def test_stopping_the_server_right_after_a_burst_loses_no_click(served):
    """Last in this module: it stops the server (SIGTERM, as an operator's Ctrl+C or service manager does)."""
    server, pool, admin, world = served
    link = links.create_link(PostgresGateway(pool, world.creator), world.offer_id, "https://brand.example/burst",
                             portal_urls=[server.url], platform="instagram")
    with httpx.Client(base_url=server.url, follow_redirects=False, timeout=30) as http:
        answers = [http.get(f"/l/{link.code}", headers={"User-Agent": DESKTOP, "X-N": str(n)}) for n in range(200)]
    assert all(a.status_code == 302 for a in answers)
    server.stop()
    rows = admin.execute("select count(*) as n, count(*) filter (where repeat) as repeats from public.link_clicks "
                         "where link_id = %s", (link.id,)).fetchone()
    assert (rows["n"], rows["repeats"]) == (200, 199)
