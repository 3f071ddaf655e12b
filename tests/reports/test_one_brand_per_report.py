"""A report shared with one brand holds only that brand's deals, whatever window it covers: two brands' deals
posted in the same window, the report shared with brand B (account share and secret link, live and frozen), and
B's reader never gets brand A's campaign, fee, currency, status or conversions. The window's posts may stay.
Secret links log every opening: the parameter that let a caller skip the log is gone, checked through the real
PostgREST as a visitor."""
from __future__ import annotations

import datetime as dt
import io
import json
import re
import uuid
from decimal import Decimal

import httpx
import pytest
from pypdf import PdfReader

from services.core import clock
from services.core.csv_export import to_safe_csv
from services.core.db.gateway import ANONYMOUS, eq
from services.core.db.postgres import PostgresGateway
from services.core.errors import ValidationError
from services.offers import deliverables, offers
from services.offers.offers import Item, Terms
from services.reports import pdf as report_pdf
from services.reports import reports
from services.core.db.tokens import sign_person_token
from tests.conftest import ANON_KEY, JWT_SECRET
from tests.support.reports import build_world

A_CAMPAIGN = "Verdant pantry launch"
B_CAMPAIGN = "Green thread capsule"


@pytest.fixture(scope="module")
def two_deals(pool, admin_conn):
    """Brand A's deal (600.00 EUR, from build_world, renamed) and brand B's deal (250.00 USD), each posted as one
    of the creator's posts in the same week; plus a conversion brand A entered on the window report."""
    world = build_world(pool, admin_conn, posts=3)
    admin_conn.execute("update public.offers set campaign = %s where id = %s", (A_CAMPAIGN, world.offer_id))
    owner = PostgresGateway(pool, world.creator)
    today = clock.today()
    terms = Terms(B_CAMPAIGN, Decimal("250.00"), "USD",
                  (Item("instagram", "reel", 1, today + dt.timedelta(days=9)),), today + dt.timedelta(days=4))
    b_offer = offers.create(PostgresGateway(pool, world.partner_b), world.creator.id, terms, time_zone="UTC",
                            send=True)
    offers.accept(owner, b_offer.id)
    item = deliverables.for_offers(owner, [b_offer.id])[b_offer.id][0]
    deliverables.mark_posted(owner, item, world.permalinks[1])
    report = reports.create_report(owner, f"Window {uuid.uuid4().hex[:6]}", start=today - dt.timedelta(days=30),
                                   end=today)
    admin_conn.execute("""insert into public.report_conversions (report_id, creator_id, brand_id, label, conversions,
                          revenue, currency) values (%s, %s, %s, 'Promo VERDANT', 41, 990.00, 'EUR')""",
                       (report.id, world.creator.id, world.brand_a))
    world.extra["brand_a_name"] = admin_conn.execute("select name from public.brands where id = %s",
                                                     (world.brand_a,)).fetchone()["name"]
    return world, report, b_offer


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _text(envelope) -> str:
    return json.dumps(envelope, default=str)


def assert_nothing_of_brand_a(envelope: dict, world, data: reports.ReportData) -> None:
    raw = _text(envelope)
    for leaked in (A_CAMPAIGN, world.offer_id, world.deliverable_id, "600.00", "EUR", "Promo VERDANT",
                   world.extra["brand_a_name"]):
        assert leaked not in raw, f"{leaked!r} reached brand B's reader"
    # the revenue as a number, not three digits that happen to sit inside an id or a timestamp
    assert not re.search(r"(?<![\w.:-])990(\.0+)?(?![\w.:-])", raw), "brand A's revenue reached brand B's reader"
    csv = (to_safe_csv(reports.rows_frame(data)) + to_safe_csv(reports.summary_frame(data))).decode("utf-8")
    assert A_CAMPAIGN not in csv and "600.00" not in csv and "EUR" not in csv
    # the window's posts stay: all three, brand A's among them, without its deal
    assert data.totals.posts == 3 and len(data.rows) == 3
    assert {r.permalink for r in data.rows} == set(world.permalinks)


def test_the_creator_still_sees_both_deals_of_the_window(two_deals, gateway_for):
    world, report, b_offer = two_deals
    data = reports.data(gateway_for(world.creator), report.id)
    assert {o.campaign for o in data.offers} == {A_CAMPAIGN, B_CAMPAIGN}
    assert {(o.fee, o.currency) for o in data.offers} == {(Decimal("600.00"), "EUR"), (Decimal("250.00"), "USD")}
    assert len(data.conversions) == 1


@pytest.mark.parametrize("mode", ["live", "frozen"])
def test_a_window_report_shared_with_brand_b_holds_only_brand_b_s_deal(two_deals, gateway_for, pool, mode):
    world, report, b_offer = two_deals
    owner = PostgresGateway(pool, world.creator)
    share = reports.share_with_brand(owner, report.id, world.brand_b, mode)
    try:
        reader = gateway_for(world.partner_b)
        envelope = reader.rpc("report_data", {"p_report_id": report.id})
        data = reports.parse_envelope(envelope)
        assert_nothing_of_brand_a(envelope, world, data)
        [offer] = data.offers
        assert (offer.id, offer.campaign, offer.fee, offer.currency) == (b_offer.id, B_CAMPAIGN, Decimal("250.00"),
                                                                         "USD")
        assert data.spend == reports.Spend(Decimal("250.00"), "USD", 2, ("USD",), Decimal("250.00"))
        assert data.conversions == ()
        deal_rows = [r for r in data.rows if r.campaign]
        assert [(r.campaign, r.permalink, r.relationship) for r in deal_rows] == \
            [(B_CAMPAIGN, world.permalinks[1], "paid")]
        pdf = _pdf_text(report_pdf.render_report(data))
        assert "250.00" in pdf and A_CAMPAIGN not in pdf and "600.00" not in pdf
        # the share row brand B may read holds no more than the report does
        stored = reader.select("report_shares", filters=[eq("id", share.id)])
        assert A_CAMPAIGN not in _text(stored) and "600.00" not in _text(stored)
    finally:
        reports.revoke(owner, share.id)


@pytest.mark.parametrize("mode", ["live", "frozen"])
def test_a_secret_link_to_a_window_report_without_a_brand_names_no_deal(two_deals, gateway_for, pool, mode):
    world, report, _ = two_deals
    link = reports.share_link(PostgresGateway(pool, world.creator), report.id, mode, valid_days=2)
    envelope = gateway_for(ANONYMOUS).rpc("shared_report", {"p_token": link.token})
    data = reports.parse_envelope(envelope)
    assert_nothing_of_brand_a(envelope, world, data)
    assert B_CAMPAIGN not in _text(envelope) and "250.00" not in _text(envelope)
    assert data.offers == () and data.conversions == () and all(r.campaign is None for r in data.rows)
    assert data.spend == reports.Spend(None, None, None, ())


@pytest.mark.parametrize("mode", ["live", "frozen"])
def test_a_secret_link_to_brand_b_s_window_report_holds_only_brand_b_s_deal(two_deals, gateway_for, pool, mode):
    world, _, b_offer = two_deals
    owner = PostgresGateway(pool, world.creator)
    today = clock.today()
    report = reports.create_report(owner, f"B window {uuid.uuid4().hex[:6]}", start=today - dt.timedelta(days=30),
                                   end=today, brand_id=world.brand_b)
    link = reports.share_link(owner, report.id, mode, valid_days=2)
    data = reports.open_link(gateway_for(ANONYMOUS), link.token)
    assert [o.campaign for o in data.offers] == [B_CAMPAIGN]
    assert data.spend.amount == Decimal("250.00") and data.spend.currency == "USD"
    assert A_CAMPAIGN not in to_safe_csv(reports.rows_frame(data)).decode("utf-8")


def test_a_report_about_one_brand_s_offers_cannot_be_shared_with_another_brand(two_deals, pool):
    world, _, _ = two_deals
    owner = PostgresGateway(pool, world.creator)
    report = reports.create_report(owner, "A only", offer_ids=[world.offer_id])
    with pytest.raises(ValidationError, match="share it with that brand only"):
        reports.share_with_brand(owner, report.id, world.brand_b, "live")


def test_a_frozen_snapshot_kept_whole_is_cut_down_when_read(two_deals, gateway_for, pool, admin_conn):
    """A snapshot stored before shares were cut down (written here behind RLS) still reaches brand B without A."""
    world, report, _ = two_deals
    owner = PostgresGateway(pool, world.creator)
    share = reports.share_with_brand(owner, report.id, world.brand_b, "frozen")
    try:
        admin_conn.execute("update public.report_shares set snapshot = app.report_payload(report_id) where id = %s",
                           (share.id,))
        whole = admin_conn.execute("select snapshot::text as s from public.report_shares where id = %s",
                                   (share.id,)).fetchone()["s"]
        assert A_CAMPAIGN in whole  # the arrangement really holds brand A's deal
        envelope = gateway_for(world.partner_b).rpc("report_data", {"p_report_id": report.id})
        assert_nothing_of_brand_a(envelope, world, reports.parse_envelope(envelope))
    finally:
        reports.revoke(owner, share.id)


# -- a secret link's opening is always logged -------------------------------------------------------------------

def _views(admin_conn, share_id: str) -> int:
    return admin_conn.execute("select count(*) as n from public.report_views where share_id = %s",
                              (share_id,)).fetchone()["n"]


def test_a_visitor_cannot_skip_the_view_log_through_postgrest(two_deals, pool, admin_conn, postgrest):
    world, report, _ = two_deals
    link = reports.share_link(PostgresGateway(pool, world.creator), report.id, "live", valid_days=2)
    headers = {"apikey": ANON_KEY, "Authorization": f"Bearer {ANON_KEY}", "Content-Type": "application/json"}

    def call(body: dict) -> httpx.Response:
        return httpx.post(f"{postgrest.url}/rpc/shared_report", headers=headers, content=json.dumps(body), timeout=10)

    refused = call({"p_token": link.token, "p_log": False})
    assert refused.status_code == 404 and refused.json()["code"] == "PGRST202"
    assert _views(admin_conn, link.share.id) == 0
    opened = call({"p_token": link.token})
    assert opened.status_code == 200 and opened.json()["share_id"] == link.share.id
    assert _views(admin_conn, link.share.id) == 1
    visit = reports.new_visit_key()
    for _ in range(3):
        assert call({"p_token": link.token, "p_visit": visit}).status_code == 200
    assert _views(admin_conn, link.share.id) == 2, "one visit key is one entry, logged on its first use"
    assert call({"p_token": link.token, "p_visit": reports.new_visit_key()}).status_code == 200
    assert _views(admin_conn, link.share.id) == 3


def test_signed_in_link_openers_are_logged_too(two_deals, gateway_for, pool, admin_conn):
    world, report, _ = two_deals
    link = reports.share_link(PostgresGateway(pool, world.creator), report.id, "live", valid_days=2)
    assert reports.open_link(gateway_for(world.partner_b), link.token) is not None
    row = admin_conn.execute("select viewer_id::text as v from public.report_views where share_id = %s",
                             (link.share.id,)).fetchone()
    assert row["v"] == world.partner_b.id


# -- a brand member's opening is always logged too ----------------------------------------------------------------

def test_a_brand_partner_cannot_skip_the_view_log_through_postgrest(two_deals, pool, admin_conn, postgrest):
    world, report, _ = two_deals
    owner = PostgresGateway(pool, world.creator)
    share = reports.share_with_brand(owner, report.id, world.brand_b, "live")
    token = sign_person_token(world.partner_b, JWT_SECRET,
                              extra={"portal_now": clock.now().isoformat()} if clock.is_moved() else None)
    headers = {"apikey": ANON_KEY, "Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def call(body: dict) -> httpx.Response:
        return httpx.post(f"{postgrest.url}/rpc/report_data", headers=headers, content=json.dumps(body), timeout=10)

    try:
        refused = call({"p_report_id": report.id, "p_log": False})
        assert refused.status_code == 404 and refused.json()["code"] == "PGRST202"
        assert _views(admin_conn, share.id) == 0
        assert call({"p_report_id": report.id}).status_code == 200
        assert _views(admin_conn, share.id) == 1
        visit = reports.new_visit_key()
        for _ in range(3):
            assert call({"p_report_id": report.id, "p_visit": visit}).status_code == 200
        assert _views(admin_conn, share.id) == 2, "one visit key is one entry, logged on its first use"
        reports.data(owner, report.id)
        assert _views(admin_conn, share.id) == 2, "the creator's own reading is not a visit"
    finally:
        reports.revoke(owner, share.id)
