"""Row-level security for reports, their shares, view log and conversions, and the media kit.

Five personas: an anonymous visitor, the owner creator, another creator, a partner of brand A (the report is shared
with brand A) and a partner of brand B, whom the same creator also invited, so B is as close as a stranger can be.
Nobody writes these tables directly (every change is a SQL function), and visitors have no privilege on them at all:
they read a shared report only through public.shared_report(token). Every cell of EXPECTED is one test, on both
gateways."""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, replace
from decimal import Decimal

import pytest

from services.reports import media_kit
from services.reports import reports
from services.core.db.gateway import ANONYMOUS, eq
from services.core.db.postgres import PostgresGateway
from services.core.errors import NotFound
from services.core import clock
from tests.support.reports import World, build_world
from tests.support.rls import NO, REFUSED, YES, assert_covers, cases, check, report_people, rights

WRITES = (REFUSED, NO, NO, NO, NO)  # cells: anon, owner, other creator, partner (brand A), unrelated partner (B)
EXPECTED = {
    **rights("reports", "report_shares", "report_conversions", select=(REFUSED, YES, NO, YES, NO), writes=WRITES),
    # what the brand never sees: who opened a link, and the creator's media kit
    **rights("report_views", "media_kits", "media_kit_rates", select=(REFUSED, YES, NO, NO, NO), writes=WRITES),
}
CASES = cases(EXPECTED)


@dataclass
class Rows:
    world: World
    report_id: str
    share_id: str
    link_token: str
    link_share_id: str
    view_id: int
    conversion_id: str


@pytest.fixture(scope="module")
def rows(pool, admin_conn) -> Rows:
    world = build_world(pool, admin_conn)
    owner = PostgresGateway(pool, world.creator)
    report = reports.create_report(owner, "RLS report", offer_ids=[world.offer_id])
    share = reports.share_with_brand(owner, report.id, world.brand_a, "frozen")
    link = reports.share_link(owner, report.id, "live", valid_days=5)
    assert reports.open_link(PostgresGateway(pool, ANONYMOUS), link.token) is not None  # logs a view
    conversion = reports.add_conversion(PostgresGateway(pool, world.partner_a), report.id, "Promo RLS", "7")
    media_kit.save(owner, media_kit.Settings(enabled=True, show_rates=True, rates=(
        media_kit.Rate("instagram", "reel", Decimal("300.00"), "EUR"),)))
    view_id = admin_conn.execute("select min(id) as id from public.report_views where report_id = %s",
                                 (report.id,)).fetchone()["id"]
    return Rows(world, report.id, share.id, link.token, link.share.id, view_id, conversion.id)


def _target(r: Rows, table: str) -> list:
    owner = r.world.creator.id
    return {
        "reports": [eq("id", r.report_id)],
        "report_shares": [eq("id", r.share_id)],
        "report_views": [eq("id", r.view_id)],
        "report_conversions": [eq("id", r.conversion_id)],
        "media_kits": [eq("creator_id", owner)],
        "media_kit_rates": [eq("creator_id", owner), eq("position", 1)],
    }[table]


def _new_row(r: Rows, table: str) -> tuple[dict, tuple]:
    """A row that would be valid, and the columns that find it again."""
    owner, u = r.world.creator.id, uuid.uuid4().hex[:8]
    rows = {
        "reports": ({"creator_id": owner, "title": f"Forged {u}", "scope": "window", "period_start": "2026-01-01",
                     "period_end": "2026-01-31", "time_zone": "UTC"}, ("title",)),
        "report_shares": ({"report_id": r.report_id, "creator_id": owner, "kind": "brand", "brand_id": r.world.brand_b,
                           "mode": "live", "label": f"forged {u}"}, ("label",)),
        "report_views": ({"share_id": r.share_id, "report_id": r.report_id, "creator_id": owner,
                          "viewed_at": "2001-01-01T00:00:00+00:00"}, ("viewed_at",)),
        "report_conversions": ({"report_id": r.report_id, "creator_id": owner, "brand_id": r.world.brand_a,
                                "label": f"Forged {u}", "conversions": 1000}, ("label",)),
        "media_kits": ({"creator_id": r.world.other_creator.id, "enabled": True, "headline": f"Forged {u}"},
                       ("headline",)),
        "media_kit_rates": ({"creator_id": owner, "position": 9, "platform": "tiktok", "format": "video",
                             "fee": "1.00", "currency": "EUR"}, ("creator_id", "position")),
    }[table]
    return rows


CHANGES = {
    "reports": {"title": "Rewritten"},
    "report_shares": {"revoked_at": None, "mode": "live", "expires_at": "2099-01-01T00:00:00+00:00"},
    "report_views": {"viewer_id": None},
    "report_conversions": {"conversions": 9999},
    "media_kits": {"enabled": False},
    "media_kit_rates": {"fee": "1.00"},
}


@pytest.mark.parametrize("table, persona, operation, expected", CASES)
def test_rls(gateway_for, rows, admin_conn, table, persona, operation, expected):
    check(gateway_for(report_people(rows.world)[persona]), admin_conn, table, operation, expected,
          row=lambda: _target(rows, table), new_row=lambda: _new_row(rows, table), change=lambda: CHANGES[table])


def test_matrix_covers_every_operation_of_its_tables():
    assert_covers(EXPECTED, {"reports", "report_shares", "report_views", "report_conversions", "media_kits",
                             "media_kit_rates"})


# -- around the matrix ------------------------------------------------------------------------------------------

def test_brand_b_never_sees_a_report_shared_with_brand_a(gateway_for, rows):
    brand_b = gateway_for(rows.world.partner_b)
    assert reports.shared_with_me(brand_b) == []
    assert rows.report_id not in {r["id"] for r in brand_b.select("reports")}
    for table in ("report_shares", "report_conversions", "report_views"):
        assert brand_b.select(table, filters=[eq("report_id", rows.report_id)]) == [], table
    with pytest.raises(NotFound):
        reports.data(brand_b, rows.report_id)
    with pytest.raises(NotFound):
        reports.add_conversion(brand_b, rows.report_id, "Sneaky", "1")
    brand_a = gateway_for(rows.world.partner_a)
    assert [s.report.id for s in reports.shared_with_me(brand_a)] == [rows.report_id]
    assert reports.data(brand_a, rows.report_id).frozen


def test_a_brand_sees_only_its_own_share_and_never_the_link_token_hash(gateway_for, rows):
    brand_a = gateway_for(rows.world.partner_a)
    seen = brand_a.select("report_shares", filters=[eq("report_id", rows.report_id)])
    assert [s["id"] for s in seen] == [rows.share_id]
    assert all(s["token_hash"] is None for s in seen)


def test_a_link_returns_the_report_until_it_is_revoked_then_nothing(gateway_for, rows, pool):
    owner = PostgresGateway(pool, rows.world.creator)
    link = reports.share_link(owner, rows.report_id, "frozen", valid_days=2)
    visitor = gateway_for(ANONYMOUS)
    opened = reports.open_link(visitor, link.token)
    assert opened is not None and opened.frozen and opened.report.title == "RLS report"
    assert opened.posted_rows and opened.posted_rows[0].permalink == rows.world.permalinks[0]
    reports.revoke(owner, link.share.id)
    assert reports.open_link(visitor, link.token) is None
    assert visitor.rpc("shared_report", {"p_token": link.token}) is None
    assert reports.open_link(gateway_for(rows.world.partner_a), link.token) is None, "signed in changes nothing"


def test_a_link_after_its_expiry_returns_nothing(gateway_for, rows, pool, admin_conn):
    owner = PostgresGateway(pool, rows.world.creator)
    link = reports.share_link(owner, rows.report_id, "live", valid_days=1)
    visitor = gateway_for(ANONYMOUS)
    assert reports.open_link(visitor, link.token) is not None
    admin_conn.execute("update public.report_shares set expires_at = %s::timestamptz - interval '1 second' "
                       "where id = %s", (clock.now(), link.share.id))
    views_before = admin_conn.execute("select count(*) as n from public.report_views where share_id = %s",
                                      (link.share.id,)).fetchone()["n"]
    assert reports.open_link(visitor, link.token) is None
    assert admin_conn.execute("select count(*) as n from public.report_views where share_id = %s",
                              (link.share.id,)).fetchone()["n"] == views_before, "a dead link logs nothing"


def test_unknown_and_malformed_tokens_return_nothing(gateway_for):
    visitor = gateway_for(ANONYMOUS)
    for token in ("", "short", "x" * 22, "' or 1=1 --" * 3, "y" * 500):
        assert reports.open_link(visitor, token) is None
        assert visitor.rpc("shared_report", {"p_token": token}) is None


def test_a_revoked_brand_share_hides_the_report_from_the_brand(gateway_for, rows, pool):
    owner = PostgresGateway(pool, rows.world.creator)
    report = reports.create_report(owner, "Revocable", offer_ids=[rows.world.offer_id])
    share = reports.share_with_brand(owner, report.id, rows.world.brand_a, "live")
    brand_a = gateway_for(rows.world.partner_a)
    assert reports.data(brand_a, report.id).mode == "live"
    reports.revoke(owner, share.id)
    with pytest.raises(NotFound):
        reports.data(brand_a, report.id)
    assert brand_a.select("reports", filters=[eq("id", report.id)]) == []


def test_a_report_about_brand_a_cannot_be_shared_with_brand_b(rows, pool):
    from services.core.errors import ValidationError
    owner = PostgresGateway(pool, rows.world.creator)
    with pytest.raises(ValidationError, match="share it with that brand only"):
        reports.share_with_brand(owner, rows.report_id, rows.world.brand_b, "live")


def test_other_people_cannot_share_revoke_or_delete_the_report(gateway_for, rows):
    for person in (rows.world.other_creator, rows.world.partner_a, rows.world.partner_b):
        gw = gateway_for(person)
        with pytest.raises(NotFound):
            reports.share_link(gw, rows.report_id, "live")
        with pytest.raises(NotFound):
            reports.revoke(gw, rows.share_id)
        with pytest.raises(NotFound):
            reports.delete_report(gw, rows.report_id)


def test_visitors_can_call_only_the_two_token_readers(admin_conn):
    executable = {r["fn"] for r in admin_conn.execute("""
        select p.oid::regprocedure::text as fn from pg_proc p
        where p.pronamespace = 'public'::regnamespace and has_function_privilege('anon', p.oid, 'execute')""")}
    assert executable == {"shared_report(text,text)", "shared_media_kit(text)"}
    privileges = admin_conn.execute("""
        select count(*) as n from information_schema.role_table_grants
        where grantee = 'anon' and table_schema = 'public'
          and table_name in ('reports', 'report_shares', 'report_views', 'report_conversions', 'media_kits',
                             'media_kit_rates')""").fetchone()["n"]
    assert privileges == 0


def test_the_media_kit_is_readable_by_visitors_only_through_its_link(gateway_for, rows, pool):
    owner = PostgresGateway(pool, rows.world.creator)
    visitor = gateway_for(ANONYMOUS)
    slug = f"kit-{uuid.uuid4().hex[:8]}"
    media_kit.save(owner, replace(media_kit.get_settings(owner), public_slug=slug, enabled=True))
    assert media_kit.open_link(visitor, slug).display_name == "Report Creator"
    token = media_kit.new_secret_link(owner)
    assert media_kit.open_link(visitor, token) is not None
    media_kit.revoke_secret_link(owner)
    assert media_kit.open_link(visitor, token) is None
    media_kit.save(owner, replace(media_kit.get_settings(owner), enabled=False))
    assert media_kit.open_link(visitor, slug) is None, "a switched-off kit answers nothing"
    media_kit.save(owner, replace(media_kit.get_settings(owner), enabled=True))


def test_the_secret_link_token_is_128_random_bits_and_only_its_hash_is_stored(rows, pool, admin_conn):
    owner = PostgresGateway(pool, rows.world.creator)
    link = reports.share_link(owner, rows.report_id, "live", valid_days=3)
    assert len(link.token) == 22 and len(reports.new_token()) == 22  # 16 bytes, URL-safe base64
    stored = admin_conn.execute("select * from public.report_shares where id = %s", (link.share.id,)).fetchone()
    assert stored["token_hash"] == reports.token_hash(link.token)
    assert link.token not in str(dict(stored))
    dump = admin_conn.execute("select string_agg(x::text, '|') as t from public.report_shares x").fetchone()["t"]
    assert link.token not in dump
    assert stored["expires_at"] - stored["created_at"] == dt.timedelta(days=3)
