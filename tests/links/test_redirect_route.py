"""The redirect route of the real server (`streamlit run portal/app.py`, as the README starts it): 302 to the
destination, the same 404 for unknown, revoked and malformed codes, revocation taking effect on the next click,
and each click written with nothing personal in it."""
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
from tests.support.reports import build_world

PHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
         "Version/17.5 Mobile/15E148 Safari/604.1")
DESKTOP = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
           "Safari/537.36")
# As the fetchers send them (the crawler-user-agents list's own instances for these two).
PREVIEW = "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"


@pytest.fixture(scope="module")
def served(database, tmp_path_factory):
    with fresh_database(database, "links_route") as url:
        pool = make_pool(url)
        with psycopg.connect(url, autocommit=True, row_factory=dict_row) as admin:
            world = build_world(pool, admin)
            server = StreamlitServer("links-route", f'[database]\nurl = "{url}"\n', tmp_path_factory.mktemp("route"))
            server.start()
            try:
                yield server, pool, admin, world
            finally:
                server.stop()
                pool.close()


def _clicks(admin, link_id: str, n: int, timeout: float = 10.0) -> list[dict]:
    end = time.monotonic() + timeout
    while True:
        rows = admin.execute("select * from public.link_clicks where link_id = %s order by id", (link_id,)).fetchall()
        if len(rows) >= n or time.monotonic() > end:
            return rows
        time.sleep(0.1)


def test_a_click_redirects_to_the_destination_and_is_counted_without_anything_personal(served):
    server, pool, admin, world = served
    link = links.create_link(PostgresGateway(pool, world.creator), world.offer_id, "https://brand.example/jacket",
                             portal_urls=[server.url], platform="instagram")
    with httpx.Client(base_url=server.url, follow_redirects=False, timeout=30) as http:
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
    assert [(r["device"], r["referrer_host"], r["bot"], r["repeat"]) for r in rows] == [
        ("mobile", "l.instagram.com", False, False),
        ("mobile", None, False, True),          # the same visitor again within the window
        ("desktop", "www.youtube.com", False, False),
        ("other", None, True, False),           # a link-preview fetcher
        ("desktop", None, True, False),         # a HEAD request: no browser sends one for a click
    ]
    columns = {r["column_name"] for r in admin.execute(
        "select column_name from information_schema.columns where table_schema = 'public' "
        "and table_name = 'link_clicks'").fetchall()}
    assert columns == {"id", "link_id", "creator_id", "brand_id", "offer_id", "clicked_at", "referrer_host", "device",
                       "bot", "repeat"}
    stored = " ".join(str(v) for r in rows for v in r.values())
    for personal in ("127.0.0.1", "::1", "Mozilla", "iPhone", "facebookexternalhit", "Safari", "AT0", "watch"):
        assert personal not in stored, personal


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
