"""A click's country (GeoIP, off by default): the setting, the reader on a small .mmdb built here (mmdb-writer,
tests/support/geoip.py), a missing or damaged file (one warning, no country, the redirect still answers), the
column's check, and who reads clicks per country (both gateways). The real redirect server is in
tests/links/test_redirect_route.py."""
from __future__ import annotations

import logging

import psycopg
import pytest

from services.core import config
from services.core.db.gateway import ANONYMOUS
from services.core.db.postgres import PostgresGateway
from services.core.errors import PermissionDenied
from services.links import geo, links
from services.links.clicks import LINK_SERVER
from services.links.redirects import LinkServer, Resolver
from tests.support.geoip import UNMAPPED, write_country_database
from tests.support.reports import build_world

PORTAL = ["http://localhost:8501"]
DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


@pytest.fixture(scope="module")
def database_file(tmp_path_factory):
    return write_country_database(tmp_path_factory.mktemp("geoip") / "countries.mmdb")


def test_geoip_is_off_unless_the_operator_names_a_database(monkeypatch, tmp_path):
    monkeypatch.delenv("PORTAL_GEOIP_DATABASE", raising=False)
    assert config.load_settings({}).geoip_database is None
    named = tmp_path / "GeoLite2-Country.mmdb"
    assert config.load_settings({"portal": {"geoip_database": str(named)}}).geoip_database == named
    monkeypatch.setenv("PORTAL_GEOIP_DATABASE", str(tmp_path / "dbip-country-lite.mmdb"))
    assert config.load_settings({"portal": {"geoip_database": str(named)}}).geoip_database == \
        tmp_path / "dbip-country-lite.mmdb"
    monkeypatch.setenv("PORTAL_GEOIP_DATABASE", "geo/countries.mmdb")  # relative: to the project, as data_dir
    assert config.load_settings({}).geoip_database == config.PROJECT_ROOT / "geo" / "countries.mmdb"
    assert geo.open_reader(None) is None


def test_the_reader_gives_only_the_two_letter_code_of_the_mapped_networks(database_file):
    reader = geo.open_reader(database_file)
    assert reader is not None
    found = {a: reader.country(a) for a in ("203.0.113.5", "203.0.113.254", "198.51.100.7", UNMAPPED, "127.0.0.1",
                                             "::1", "2001:db8::1", "::ffff:198.51.100.9", "not an address", "", None)}
    assert found == {"203.0.113.5": "DE", "203.0.113.254": "DE", "198.51.100.7": "FR", UNMAPPED: None,
                     "127.0.0.1": None, "::1": None, "2001:db8::1": None, "::ffff:198.51.100.9": "FR",
                     "not an address": None, "": None, None: None}
    reader.close()


def test_only_two_capital_letters_count_as_a_country():
    assert geo.iso_code({"country": {"iso_code": "DE"}}) == "DE"
    assert geo.iso_code({"country_code": "FR"}) == "FR"
    for record in ({"country": {"iso_code": "de"}}, {"country": {"iso_code": "DEU"}}, {"country": {}},
                   {"continent": {"code": "EU"}}, {"country": "DE"}, None, "DE", []):
        assert geo.iso_code(record) is None, record


@pytest.mark.parametrize("content", [None, b"", b"not a database" * 50], ids=["missing", "empty", "corrupt"])
def test_a_missing_or_damaged_file_logs_one_warning_naming_the_setting_and_gives_no_countries(tmp_path, caplog,
                                                                                             content):
    path = tmp_path / "countries.mmdb"
    if content is not None:
        path.write_bytes(content)
    with caplog.at_level(logging.WARNING, logger="services.links.geo"):
        assert geo.open_reader(path) is None
        assert geo.open_reader(path) is None  # a second start in the same process does not repeat it
    warnings = [r.getMessage() for r in caplog.records if r.name == "services.links.geo"]
    assert len(warnings) == 1
    assert "PORTAL_GEOIP_DATABASE" in warnings[0] and "[portal] geoip_database" in warnings[0]
    assert str(path) in warnings[0]
    assert ("does not exist" in warnings[0]) == (content is None)


class _Queue:
    def __init__(self):
        self.clicks = []

    def add(self, click):
        self.clicks.append(click)


def test_the_link_server_looks_up_the_address_the_repeat_filter_sees_and_keeps_only_the_code(database_file):
    queue = _Queue()
    server = LinkServer(Resolver(lambda code: None), queue, countries=geo.open_reader(database_file))
    found = ("link-1", "https://brand.example/x")
    for address in ("203.0.113.5", "203.0.113.5", "198.51.100.7", UNMAPPED, None):
        assert server.answer("AAAAAAAAAAAAAA", found, method="GET", user_agent=DESKTOP, referer=None,
                             address=address, host="portal.example").status == 302
    assert [(c.country, c.repeat) for c in queue.clicks] == [("DE", False), ("DE", True), ("FR", False),
                                                             (None, False), (None, False)]
    stored = " ".join(str(v) for c in queue.clicks for v in c.as_json().values())
    assert "203.0.113" not in stored and "198.51.100" not in stored and UNMAPPED not in stored
    off = _Queue()
    LinkServer(Resolver(lambda code: None), off).answer("AAAAAAAAAAAAAA", found, method="GET", user_agent=DESKTOP,
                                                        referer=None, address="203.0.113.5", host=None)
    assert off.clicks[0].country is None


# -- the database --------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def world(pool, admin_conn):
    return build_world(pool, admin_conn)


def _click(link_id: str, country, *, bot=False, repeat=False) -> dict:
    click = {"link_id": link_id, "at": "2026-01-03T00:00:00+00:00", "device": "mobile", "bot": bot, "repeat": repeat}
    if country is not ...:
        click["country"] = country
    return click


def test_the_column_takes_only_a_two_letter_code_or_nothing(pool, admin_conn, world):
    link = links.create_link(PostgresGateway(pool, world.creator), world.offer_id, "https://brand.example/geo-check",
                             portal_urls=PORTAL, platform="instagram")
    server = PostgresGateway(pool, LINK_SERVER)
    # an older click (spooled before this version) has no country at all; "" is no country either
    assert server.rpc("record_link_clicks", {"p_clicks": [_click(link.id, "DE"), _click(link.id, None),
                                                          _click(link.id, ...), _click(link.id, "")]}) == 4
    stored = admin_conn.execute("select country from public.link_clicks where link_id = %s order by id",
                                (link.id,)).fetchall()
    assert [r["country"] for r in stored] == ["DE", None, None, None]
    for bad in ("de", "DEU", "D", "203.0.113.5", "D1"):
        with pytest.raises(psycopg.errors.CheckViolation):
            admin_conn.execute("insert into public.link_clicks (link_id, creator_id, offer_id, clicked_at, device, "
                               "country) values (%s, %s, %s, now(), 'mobile', %s)",
                               (link.id, world.creator.id, world.offer_id, bad))
        with pytest.raises(Exception, match="link_clicks_country_check"):
            server.rpc("record_link_clicks", {"p_clicks": [_click(link.id, "DE"), _click(link.id, bad)]})
    assert admin_conn.execute("select count(*) as n from public.link_clicks where link_id = %s",
                              (link.id,)).fetchone()["n"] == 4, "a batch with a bad country writes nothing"


def test_clicks_per_country_are_people_s_first_clicks_seen_by_the_deal_s_two_sides_only(gateway_for, pool, world):
    link = links.create_link(PostgresGateway(pool, world.creator), world.offer_id, "https://brand.example/geo",
                             portal_urls=PORTAL, platform="instagram")
    PostgresGateway(pool, LINK_SERVER).rpc("record_link_clicks", {"p_clicks": [
        _click(link.id, "DE"), _click(link.id, "DE"), _click(link.id, "FR"), _click(link.id, None),
        _click(link.id, "DE", repeat=True), _click(link.id, "FR", bot=True), _click(link.id, "US", bot=True)]})
    expected = {(link.id, "DE", 2), (link.id, "FR", 1)}  # counted by hand from the seven clicks above
    for person in (world.creator, world.partner_a):
        rows = gateway_for(person).rpc("link_click_countries", {"p_link_ids": [link.id]})
        assert {(r["link_id"], r["country"], int(r["clicks"])) for r in rows} == expected
        [seen] = [l for l in links.links_for_offers(gateway_for(person), [world.offer_id])[world.offer_id]
                  if l.id == link.id]
        assert seen.countries == (("DE", 2), ("FR", 1)) and seen.clicks == 4
    for person in (world.other_creator, world.partner_b):
        assert gateway_for(person).rpc("link_click_countries", {"p_link_ids": [link.id]}) == []
    with pytest.raises(PermissionDenied):
        gateway_for(ANONYMOUS).rpc("link_click_countries", {"p_link_ids": [link.id]})


def test_links_without_countries_show_none(pool, world):
    link = links.create_link(PostgresGateway(pool, world.creator), world.offer_id, "https://brand.example/nogeo",
                             portal_urls=PORTAL, platform="instagram")
    PostgresGateway(pool, LINK_SERVER).rpc("record_link_clicks", {"p_clicks": [_click(link.id, None)]})
    [seen] = [l for l in links.links_for_offers(PostgresGateway(pool, world.creator), [world.offer_id])[world.offer_id]
              if l.id == link.id]
    assert (seen.clicks, seen.countries) == (1, ())

