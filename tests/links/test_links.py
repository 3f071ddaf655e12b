"""Tracked links: who may make them, the code (83 random bits, never reused for another target), the destination's
UTM parameters, refusals in words, revocation, and the link server's two functions that no person may call."""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import psycopg
import pytest

from services.core.db.gateway import ANONYMOUS, Person
from services.core.db.postgres import PostgresGateway
from services.core.errors import NotFound, PermissionDenied, ValidationError
from services.links import links
from services.links.clicks import LINK_SERVER
from tests.support.reports import build_world

PORTAL = ["http://localhost:8501"]


@pytest.fixture(scope="module")
def world(pool, admin_conn):
    return build_world(pool, admin_conn)


def _deliverable(admin_conn, world) -> dict:
    return admin_conn.execute("select * from public.deliverables where id = %s", (world.deliverable_id,)).fetchone()


def test_creator_makes_a_link_whose_destination_carries_the_utm_parameters(pool, admin_conn, world):
    creator = PostgresGateway(pool, world.creator)
    link = links.create_link(creator, world.offer_id, "https://brand.example/jacket?colour=green#buy",
                             portal_urls=PORTAL, deliverable_id=world.deliverable_id, label="Bio link")
    assert re.fullmatch(r"[A-Za-z0-9]{14}", link.code)
    d = _deliverable(admin_conn, world)
    # By hand: the campaign "Report campaign" as a slug, the deliverable as platform-format-item-seq.
    expected = ("https://brand.example/jacket?colour=green&utm_source=instagram&utm_medium=influencer"
                f"&utm_campaign=report-campaign&utm_content=instagram-reel-{d['item_position']}-{d['seq']}#buy")
    assert link.destination == expected
    assert link.platform == "instagram" and link.label == "Bio link" and not link.revoked


def test_the_brand_makes_a_campaign_link_and_keeps_its_own_utm_values(pool, world):
    brand = PostgresGateway(pool, world.partner_a)
    link = links.create_link(brand, world.offer_id, "https://brand.example/?utm_source=newsletter",
                             portal_urls=PORTAL, platform="instagram")
    query = dict(parse_qsl(urlsplit(link.destination).query))
    assert query == {"utm_source": "newsletter", "utm_medium": "influencer", "utm_campaign": "report-campaign"}


def test_codes_are_83_random_bits_and_never_repeat(pool, world):
    assert links.CODE_BITS == 83  # 14 characters, each one of 62: 14 × log2(62) = 83.4
    creator = PostgresGateway(pool, world.creator)
    codes = {links.create_link(creator, world.offer_id, f"https://brand.example/{n}", portal_urls=PORTAL,
                               platform="instagram").code for n in range(30)}
    assert len(codes) == 30
    alphabet = set("".join(codes))
    assert len(alphabet) > 40  # 420 characters drawn from 62 use most of them


@pytest.mark.parametrize("target, message", [
    ("", "Enter the address"),
    ("javascript:alert(1)", "must start with https://"),
    ("ftp://brand.example/file", "must start with https://"),
    ("https://brand.example/a b", "spaces"),
    ("https://user:secret@brand.example/", "without a user name"),
    ("http://localhost:8501/?report=x", "back into the portal"),
    ("http://127.0.0.1:8501/l/abc", "back into the portal"),
])
def test_a_bad_target_is_refused_in_words_and_nothing_is_written(pool, admin_conn, world, target, message):
    before = admin_conn.execute("select count(*) as n from public.tracked_links").fetchone()["n"]
    with pytest.raises(ValidationError, match=message):
        links.create_link(PostgresGateway(pool, world.creator), world.offer_id, target, portal_urls=PORTAL,
                          platform="instagram")
    assert admin_conn.execute("select count(*) as n from public.tracked_links").fetchone()["n"] == before


def test_the_database_refuses_a_target_that_is_not_http_even_called_directly(pool, world):
    gw = PostgresGateway(pool, world.creator)
    for target in ("javascript:alert(1)", "data:text/html,hi", "https:///nohost", "https://a b.example/"):
        with pytest.raises(ValidationError, match="must be a web address"):
            gw.rpc("create_tracked_link", {"p_offer_id": world.offer_id, "p_target_url": target,
                                           "p_platform": "instagram"})


def test_people_outside_the_deal_cannot_make_or_revoke_its_links(pool, world):
    link = links.create_link(PostgresGateway(pool, world.creator), world.offer_id, "https://brand.example/x",
                             portal_urls=PORTAL, platform="instagram")
    for person in (world.other_creator, world.partner_b):
        gw = PostgresGateway(pool, person)
        with pytest.raises(NotFound):
            links.create_link(gw, world.offer_id, "https://brand.example/y", portal_urls=PORTAL, platform="instagram")
        with pytest.raises(NotFound):
            links.revoke_link(gw, link.id)
    with pytest.raises(PermissionDenied):
        PostgresGateway(pool, ANONYMOUS).rpc("create_tracked_link", {"p_offer_id": world.offer_id,
                                                                     "p_target_url": "https://brand.example/"})


def test_a_code_keeps_its_target_and_a_revoked_code_stays_dead(pool, admin_conn, world):
    link = links.create_link(PostgresGateway(pool, world.creator), world.offer_id, "https://brand.example/keep",
                             portal_urls=PORTAL, platform="instagram")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="keeps its code and target"):
        admin_conn.execute("update public.tracked_links set target_url = 'https://evil.example/', "
                           "destination = 'https://evil.example/' where id = %s", (link.id,))
    server = PostgresGateway(pool, LINK_SERVER)
    assert server.rpc("resolve_tracked_link", {"p_code": link.code})[0]["destination"] == link.destination
    revoked = links.revoke_link(PostgresGateway(pool, world.partner_a), link.id)
    assert revoked.revoked
    assert server.rpc("resolve_tracked_link", {"p_code": link.code}) == []
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="stays revoked"):
        admin_conn.execute("update public.tracked_links set revoked_at = null where id = %s", (link.id,))


def test_only_the_link_server_resolves_codes_and_records_clicks(pool, gateway_for, world):
    link = links.create_link(PostgresGateway(pool, world.creator), world.offer_id, "https://brand.example/srv",
                             portal_urls=PORTAL, platform="instagram")
    click = [{"link_id": link.id, "at": "2026-01-01T00:00:00+00:00", "device": "mobile", "bot": False}]
    for person in (ANONYMOUS, world.creator, world.partner_a):
        gw = gateway_for(person)
        with pytest.raises(PermissionDenied):
            gw.rpc("resolve_tracked_link", {"p_code": link.code})
        with pytest.raises(PermissionDenied):
            gw.rpc("record_link_clicks", {"p_clicks": click})
    assert PostgresGateway(pool, LINK_SERVER).rpc("record_link_clicks", {"p_clicks": click}) == 1


def test_unknown_revoked_and_malformed_codes_resolve_to_the_same_nothing(pool, world):
    server = PostgresGateway(pool, LINK_SERVER)
    for code in ("AAAAAAAAAAAAAA", "short", "' or 1=1 --", "x" * 300, ""):
        assert server.rpc("resolve_tracked_link", {"p_code": code}) == []


def test_links_codes_and_a_shop_import_work_the_same_through_postgrest(gateway_for, pool, world):
    from services.links import redemptions, shop_files
    creator, brand = gateway_for(world.creator), gateway_for(world.partner_a)
    link = links.create_link(creator, world.offer_id, "https://brand.example/rest", portal_urls=PORTAL,
                             platform="instagram")
    PostgresGateway(pool, LINK_SERVER).rpc("record_link_clicks", {"p_clicks": [
        {"link_id": link.id, "at": "2026-01-02T00:00:00+00:00", "device": "desktop", "bot": True}]})
    seen = {l.id: l for l in links.links_for_offers(brand, [world.offer_id])[world.offer_id]}
    assert (seen[link.id].clicks, seen[link.id].bots) == (0, 1)
    code = links.create_code(creator, world.offer_id, f"REST{link.code[:6]}")
    shop = shop_files.read(f"code,date,orders,revenue,currency\n{code.code.lower()},2026-01-02,3,45.50,EUR\n".encode(),
                           f"rest-{link.code}.csv")
    plan = redemptions.run(brand, world.brand_a, shop)
    assert (plan.created, plan.unknown_codes) == (1, ())
    redemptions.run(brand, world.brand_a, shop, dry_run=False)
    [found] = [c for c in links.codes_for_offers(creator, [world.offer_id])[world.offer_id] if c.id == code.id]
    assert found.orders == 3 and str(found.revenue()["EUR"]) == "45.50"
    assert links.revoke_link(creator, link.id).revoked


def test_the_link_server_can_do_nothing_but_resolve_and_record(pool, world):
    server = PostgresGateway(pool, LINK_SERVER)
    for table in ("tracked_links", "link_clicks", "offers", "profiles", "promo_codes"):
        with pytest.raises(PermissionDenied):
            server.select(table, limit=1)
    with pytest.raises(PermissionDenied):
        server.rpc("create_tracked_link", {"p_offer_id": world.offer_id, "p_target_url": "https://x.example/",
                                           "p_platform": "instagram"})
