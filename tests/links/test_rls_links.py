"""Row-level security for tracked links, their clicks, promo codes, shop imports and redemptions.

Five personas: an anonymous visitor, the owner creator (whose deal it is), another creator, a partner of the deal's
brand (A) and a partner of brand B, whom the same creator also invited. Nobody writes these tables directly: links and
codes through their functions, clicks only through the link server's identity (tests/links/test_links.py), sales
through the brand's entry or import. Visitors have no privilege on them at all. Every cell is one test, on both
gateways."""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest

from services.core import clock
from services.core.db.gateway import eq
from services.core.db.postgres import PostgresGateway
from services.core.errors import PermissionDenied
from services.links import links, redemptions, shop_files
from services.links.clicks import LINK_SERVER
from tests.support.reports import World, build_world
from tests.support.rls import NO, REFUSED, YES, assert_covers, cases, check, report_people, rights

EXPECTED = {
    # cells: anon, owner, other creator, partner (brand A, whose deal it is), unrelated partner (brand B)
    **rights("tracked_links", "link_clicks", "promo_codes", "promo_redemptions", select=(REFUSED, YES, NO, YES, NO),
             writes=(REFUSED,) * 5, insert=(REFUSED, NO, NO, NO, NO)),
    **rights("promo_imports", select=(REFUSED, NO, NO, YES, NO), writes=(REFUSED,) * 5,
             insert=(REFUSED, NO, NO, NO, NO)),
}
CASES = cases(EXPECTED)


@dataclass
class Rows:
    world: World
    link_id: str
    code_id: str
    targets: dict[str, list]  # per table: the filters of the row its cells read and change


@pytest.fixture(scope="module")
def rows(pool, admin_conn) -> Rows:
    world = build_world(pool, admin_conn)
    owner, brand = PostgresGateway(pool, world.creator), PostgresGateway(pool, world.partner_a)
    link = links.create_link(owner, world.offer_id, "https://brand.example/rls", portal_urls=[],
                             deliverable_id=world.deliverable_id)
    PostgresGateway(pool, LINK_SERVER).rpc("record_link_clicks", {"p_clicks": [
        {"link_id": link.id, "at": clock.now().isoformat(), "device": "mobile", "bot": False}]})
    code = links.create_code(owner, world.offer_id, f"RLS{uuid.uuid4().hex[:6]}")
    day = (clock.today() - dt.timedelta(days=1)).isoformat()
    shop = shop_files.read(f"code,date,orders,revenue,currency\n{code.code},{day},4,120.00,EUR\n".encode(), "rls.csv")
    redemptions.run(brand, world.brand_a, shop, dry_run=False)
    one = lambda q, *a: [eq("id", admin_conn.execute(q, a).fetchone()["id"])]  # noqa: E731
    return Rows(world, link.id, code.id, {
        "tracked_links": [eq("id", link.id)], "promo_codes": [eq("id", code.id)],
        "link_clicks": one("select id from public.link_clicks where link_id = %s", link.id),
        "promo_imports": one("select id from public.promo_imports where brand_id = %s", world.brand_a),
        "promo_redemptions": one("select id from public.promo_redemptions where promo_code_id = %s", code.id)})


def _new_row(r: Rows, table: str) -> tuple[dict, tuple]:
    w, u = r.world, uuid.uuid4().hex[:8]
    rows = {
        "tracked_links": ({"code": f"Forged{u}ab", "creator_id": w.creator.id, "offer_id": w.offer_id,
                           "platform": "instagram", "target_url": "https://evil.example/",
                           "destination": "https://evil.example/"}, ("code",)),
        "link_clicks": ({"link_id": r.link_id, "creator_id": w.creator.id, "offer_id": w.offer_id,
                         "clicked_at": "2001-01-01T00:00:00+00:00", "device": "desktop"}, ("clicked_at",)),
        "promo_codes": ({"code": f"FORGED{u}", "creator_id": w.creator.id, "offer_id": w.offer_id,
                         "shop_key": "forged"}, ("shop_key",)),
        "promo_imports": ({"brand_id": w.brand_a, "file_name": f"forged-{u}.csv", "file_sha256": "0" * 64,
                           "file_format": "generic"}, ("file_name",)),
        "promo_redemptions": ({"promo_code_id": r.code_id, "creator_id": w.creator.id, "offer_id": w.offer_id,
                               "day": "2001-01-01", "orders": 999, "revenue": "1.00", "currency": "EUR",
                               "source": "brand"}, ("day",)),
    }[table]
    return rows


CHANGES = {"tracked_links": {"target_url": "https://evil.example/"}, "link_clicks": {"bot": True},
           "promo_codes": {"code": "STOLEN"}, "promo_imports": {"file_name": "renamed.csv"},
           "promo_redemptions": {"orders": 99999}}


@pytest.mark.parametrize("table, persona, operation, expected", CASES)
def test_rls(gateway_for, rows, admin_conn, table, persona, operation, expected):
    check(gateway_for(report_people(rows.world)[persona]), admin_conn, table, operation, expected,
          row=lambda: rows.targets[table], new_row=lambda: _new_row(rows, table), change=lambda: CHANGES[table])


def test_matrix_covers_every_operation_of_its_tables():
    assert_covers(EXPECTED, {"tracked_links", "link_clicks", "promo_codes", "promo_imports", "promo_redemptions"})


def test_brand_b_cannot_import_or_enter_sales_for_brand_a_s_codes(pool, rows):
    from services.core.errors import NotFound
    brand_b = PostgresGateway(pool, rows.world.partner_b)
    shop = shop_files.read(b"code,date,orders,revenue,currency\nX,2026-01-01,1,1.00,EUR\n", "b.csv")
    with pytest.raises(PermissionDenied):
        redemptions.run(brand_b, rows.world.brand_a, shop)
    with pytest.raises(NotFound):
        links.enter_sales(brand_b, rows.code_id, clock.today(), "1", "1.00", "EUR", 2)
    with pytest.raises(NotFound):  # the creator reads their sales but does not enter them: the brand's shop does
        links.enter_sales(PostgresGateway(pool, rows.world.creator), rows.code_id, clock.today(), "1", "1.00", "EUR", 2)
