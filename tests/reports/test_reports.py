"""Campaign reports and the media kit, below the pages: the numbers (equal to the dashboards' for the same window,
exact money, marks from each snapshot's source), frozen against live, conversions feeding CPA, bad input, and the
PDF and CSV holding what the page shows."""
from __future__ import annotations

import datetime as dt
import csv
import io
import re
import uuid
from dataclasses import replace
from decimal import Decimal

import pytest
from babel.dates import format_date
from pypdf import PdfReader

from services.audience import engagement
from services.reports import media_kit
from services.offers import offers
from services.reports import metrics as report_metrics
from services.reports import pdf as report_pdf
from services.reports import reports
from services.demo import seed
from services.core.backend import Backend
from services.core.config import Settings
from services.core.csv_export import to_safe_csv
from services.audience.dashboards import Query
from services.core.db.gateway import ANONYMOUS
from services.core.db.postgres import PostgresGateway
from services.demo.people import demo_person
from services.core.errors import NotFound, ValidationError
from services.offers.offers import Item, Terms
from tests.support.reports import build_world
from services.core import clock


@pytest.fixture(scope="module")
def demo(admin_url, pool):
    """The demo workspace on the shared database (as tests/people/test_pages.py seeds it)."""
    backend = Backend(Settings(backend="postgres", database_url=admin_url), admin_url=admin_url, pool=pool)
    seed.seed_demo(backend, days=90)
    return backend


@pytest.fixture(scope="module")
def world(pool, admin_conn):
    return build_world(pool, admin_conn)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


# -- one definition per metric -----------------------------------------------------------------------------------

def test_report_totals_equal_the_engagement_dashboard_for_the_same_window(gateway_for, demo):
    maya = demo_person("maya")
    gw = gateway_for(maya.person())
    end = clock.today(maya.time_zone)
    start = end - dt.timedelta(days=59)
    report = reports.create_report(gw, f"Window {uuid.uuid4().hex[:6]}", start=start, end=end)
    data = reports.data(gw, report.id)
    q = Query(start, end, maya.time_zone)

    by_reach = engagement.overview(gw, q, "reach")
    assert data.totals.posts == by_reach.posts > 20
    assert data.totals.er_reach == by_reach.pooled
    assert data.totals.er_reach_median == by_reach.median
    assert (data.totals.er_reach_posts, data.totals.er_reach_interactions, data.totals.er_reach_reach) == \
        (by_reach.rated_posts, by_reach.interactions, by_reach.denominator)
    by_views = engagement.overview(gw, q, "views")
    assert data.totals.er_views == by_views.pooled
    assert (data.totals.er_views_interactions, data.totals.er_views_views) == (by_views.interactions,
                                                                              by_views.denominator)
    top = engagement.top_posts(gw, q, "reach", limit=5)
    rates = {r.post_id: r.er_reach for r in data.rows}
    assert [rates[p] for p in top["post_id"]] == list(top["rate"])


def test_a_brand_window_report_lists_only_that_brand_s_deliverables(demo, pool):
    amira = PostgresGateway(pool, demo_person("amira").person())
    brand = next(b["id"] for b in reports.shareable_brands(amira) if b["name"] == "Verdant Pantry")
    end = offers.today_in("Asia/Dubai")
    report = reports.create_report(amira, f"Verdant {uuid.uuid4().hex[:6]}", start=end - dt.timedelta(days=700),
                                   end=end, brand_id=brand)
    data = reports.data(amira, report.id)
    assert {r.campaign for r in data.rows} == {"Ramadan pantry box"} and len(data.rows) == 2
    assert all(r.permalink.startswith("https://www.instagram.com/") and r.posted_at for r in data.rows)
    assert data.spend.amount == Decimal("4500.00") and data.spend.currency == "AED"


# -- the report's content ------------------------------------------------------------------------------------------

def test_an_offer_report_lists_deliverables_with_permalinks_dates_numbers_marks_and_disclosure(world, pool):
    gw = PostgresGateway(pool, world.creator)
    data = reports.data(gw, reports.create_report(gw, "Content", offer_ids=[world.offer_id]).id)
    [row] = data.rows
    assert row.permalink == world.permalinks[0] and row.status == "verified"
    assert (row.views, row.reach, row.likes, row.comments, row.shares, row.saves, row.link_clicks) == \
        (4000, 3000, 200, 20, 10, 30, 12)
    assert row.engagements == 260 and row.er_reach == Decimal("0.086667")
    assert row.mark == "verified" and data.totals.marks == {"verified": 1}
    assert reports.disclosure_status(row, data.markets) == "pass"
    assert data.spend == reports.Spend(Decimal("600.00"), "EUR", 2, ("EUR",), Decimal("600.00"))
    assert data.report.brand_name.startswith("Brand A") and data.creator_name == "Report Creator"


def test_costs_are_exact_decimals_with_their_formulas(world, pool):
    gw = PostgresGateway(pool, world.creator)
    report = reports.create_report(gw, "Costs", offer_ids=[world.offer_id])
    reports.share_with_brand(gw, report.id, world.brand_a, "live")
    reports.add_conversion(PostgresGateway(pool, world.partner_a), report.id, "Promo code", "7", "350.10", "EUR")
    costs = reports.data(gw, report.id).costs()
    assert costs == report_metrics.Costs("EUR", Decimal("600.00"), cpm=Decimal("150.00"), cpv=Decimal("0.1500"),
                                         cpe=Decimal("2.3077"), cpa=Decimal("85.71"), minor_units=2,
                                         committed=Decimal("600.00"))
    assert all(isinstance(v, Decimal) for v in (costs.cpm, costs.cpv, costs.cpe, costs.cpa))


@pytest.mark.parametrize("spend, views, engagements, conversions, expected", [
    (None, 100, 10, 1, (None, None, None, None)),
    (Decimal("100"), 0, 0, 0, (None, None, None, None)),
    (Decimal("1000"), 3, 7, 3, (Decimal("333333.33"), Decimal("333.3333"), Decimal("142.8571"), Decimal("333.33"))),
    (Decimal("0.01"), 1000000, 1, None, (Decimal("0.00"), Decimal("0.0000"), Decimal("0.0100"), None)),
])
def test_cost_metrics_are_none_without_a_divisor_and_rounded_half_even(spend, views, engagements, conversions,
                                                                     expected):
    c = report_metrics.costs(spend, "EUR" if spend is not None else None, 2, views=views, engagements=engagements,
                             conversions=conversions)
    assert (c.cpm, c.cpv, c.cpe, c.cpa) == expected


def test_costs_use_the_currency_s_minor_units():
    c = report_metrics.costs(Decimal("50000"), "JPY", 0, views=3, engagements=7, conversions=6)
    assert (c.cpm, c.cpv, c.cpe, c.cpa) == (Decimal("16666667"), Decimal("16666.67"), Decimal("7142.86"),
                                            Decimal("8333"))
    assert report_metrics.money_text(c.cpv, "JPY", c.places("cpv")) == "16,666.67 JPY"


def test_marks_follow_the_source_of_each_post_s_latest_snapshot(pool, admin_conn):
    w = build_world(pool, admin_conn, posts=3)
    gw = PostgresGateway(pool, w.creator)
    admin_conn.execute("update public.post_metrics set source = 'import' where post_id = %s", (w.post_ids[1],))
    admin_conn.execute("update public.post_metrics set source = 'manual' where post_id = %s", (w.post_ids[2],))
    end = clock.today()
    data = reports.data(gw, reports.create_report(gw, "Marks", start=end - dt.timedelta(days=30), end=end).id)
    marks = {r.post_id: r.mark for r in data.rows}
    assert marks == {w.post_ids[0]: "verified", w.post_ids[1]: "imported", w.post_ids[2]: "self-reported"}
    assert data.totals.marks == {"verified": 1, "imported": 1, "self-reported": 1}
    assert data.totals.mark == "mixed"
    assert [r["mark"] for r in reports.summary_rows(data) if r["metric"] == "Views"] == ["mixed"]


def test_a_report_with_nothing_posted_yet_says_so(world, pool):
    today = clock.today()
    fresh = offers.create(PostgresGateway(pool, world.partner_a), world.creator.id,
                          Terms("Not yet", Decimal("90.00"), "EUR", (Item("instagram", "story", 2, today + dt.timedelta(days=5)),),
                                today + dt.timedelta(days=3)), time_zone="UTC", send=True)
    gw = PostgresGateway(pool, world.creator)
    offers.accept(gw, fresh.id)
    data = reports.data(gw, reports.create_report(gw, "Pending", offer_ids=[fresh.id]).id)
    assert data.nothing_posted and len(data.pending_rows) == 2 and data.totals.posts == 0
    assert all(reports.disclosure_status(r, data.markets) == "not_posted" for r in data.rows)
    assert "No deliverable of this report has been posted yet" in text_of(report_pdf.render_report(data))


def test_frozen_keeps_the_numbers_of_sharing_and_live_follows_new_syncs(gateway_for, pool, admin_conn):
    world = build_world(pool, admin_conn, posts=1)
    owner = PostgresGateway(pool, world.creator)
    report = reports.create_report(owner, "Frozen and live", offer_ids=[world.offer_id])
    frozen = reports.share_link(owner, report.id, "frozen", valid_days=3)
    live = reports.share_link(owner, report.id, "live", valid_days=3)
    # a new sync (only the sync's identity writes source api; here on the privileged connection)
    admin_conn.execute("insert into public.post_metrics (post_id, creator_id, captured_at, views, reach, likes, "
                       "comments, shares, saves, source) values (%s, %s, %s, 9000, 6000, 400, 40, 20, 60, 'api')",
                       (world.post_ids[0], world.creator.id, clock.now()))
    visitor = gateway_for(ANONYMOUS)
    kept, followed = reports.open_link(visitor, frozen.token), reports.open_link(visitor, live.token)
    assert kept.frozen and kept.frozen_at is not None and kept.totals.views == 4000
    assert not followed.frozen and followed.totals.views == 9000
    assert reports.data(owner, report.id).totals.views == 9000


# -- conversions ---------------------------------------------------------------------------------------------------

def test_conversions_the_brand_enters_feed_cpa(gateway_for, world, pool):
    owner = PostgresGateway(pool, world.creator)
    report = reports.create_report(owner, f"CPA {uuid.uuid4().hex[:4]}", offer_ids=[world.offer_id])
    reports.share_with_brand(owner, report.id, world.brand_a, "frozen")
    brand = gateway_for(world.partner_a)
    assert reports.data(brand, report.id).costs().cpa is None
    added = reports.add_conversion(brand, report.id, "Sales", "1,200", "", None)
    assert (added.conversions, added.revenue) == (1200, None)
    data = reports.data(brand, report.id)
    assert data.total_conversions == 1200 and data.costs().cpa == Decimal("0.50")
    [entry] = data.conversions
    assert entry.entered_by.startswith("Brand A") and entry.entered_by.endswith(" team")
    reports.remove_conversion(brand, added.id)
    assert reports.data(owner, report.id).conversions == ()
    with pytest.raises(NotFound):
        reports.remove_conversion(gateway_for(world.partner_b), added.id)


@pytest.mark.parametrize("count, revenue, message", [
    ("-3", "", "Conversions cannot be negative"),
    ("abc", "", 'Conversions must be a whole number (got "abc")'),
    ("2.5", "", "Conversions must be a whole number"),
    ("", "", "Enter how many conversions"),
    ("4", "-10.00", "The revenue cannot be negative"),
    ("4", "ten", 'The revenue "ten" is not a number'),
    ("4", "10.001", "Revenue in EUR has at most 2 decimal places"),
])
def test_bad_conversion_figures_are_refused_with_a_message_and_nothing_is_written(world, pool, admin_conn, count,
                                                                                revenue, message):
    owner = PostgresGateway(pool, world.creator)
    report = reports.create_report(owner, "Bad input", offer_ids=[world.offer_id])
    reports.share_with_brand(owner, report.id, world.brand_a, "live")
    brand = PostgresGateway(pool, world.partner_a)
    with pytest.raises(ValidationError, match=re.escape(message)):
        reports.add_conversion(brand, report.id, "Promo", count, revenue, "EUR")
    # The database refuses the same figures, with the same message, from any client that skips the page.
    with pytest.raises(ValidationError, match=re.escape(message)):
        brand.rpc("add_report_conversion", {"p_report_id": report.id, "p_label": "Promo", "p_conversions": count,
                                            "p_revenue": revenue or None, "p_currency": "EUR"})
    assert admin_conn.execute("select count(*) as n from public.report_conversions where report_id = %s",
                              (report.id,)).fetchone()["n"] == 0


def test_the_creator_cannot_enter_conversions_for_the_brand(world, pool):
    owner = PostgresGateway(pool, world.creator)
    report = reports.create_report(owner, "Own figures", offer_ids=[world.offer_id])
    with pytest.raises(NotFound):
        reports.add_conversion(owner, report.id, "Made up", "1000")


# -- building and sharing: bad input ----------------------------------------------------------------------------

def test_building_a_report_refuses_incomplete_or_mixed_input(world, pool):
    gw = PostgresGateway(pool, world.creator)
    with pytest.raises(ValidationError, match="Give the report a title"):
        reports.create_report(gw, " ", offer_ids=[world.offer_id])
    with pytest.raises(ValidationError, match="Choose the offers the report covers, or a start and an end date"):
        reports.create_report(gw, "Nothing")
    with pytest.raises(ValidationError, match="is after the end date"):
        reports.create_report(gw, "Reversed", start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 1))
    today = clock.today()

    def offer(partner, fee, currency, accept=True):
        made = offers.create(PostgresGateway(pool, partner), world.creator.id,
                             Terms(f"Mix {uuid.uuid4().hex[:4]}", Decimal(fee), currency,
                                   (Item("instagram", "story", 1, today + dt.timedelta(days=6)),),
                                   today + dt.timedelta(days=3)), time_zone="UTC", send=True)
        if accept:
            offers.accept(gw, made.id)
        return made.id

    with pytest.raises(ValidationError, match="a report covers accepted offers only"):
        reports.create_report(gw, "Sent only", offer_ids=[offer(world.partner_a, "10.00", "EUR", accept=False)])
    with pytest.raises(ValidationError, match="Choose offers of one brand"):
        reports.create_report(gw, "Two brands", offer_ids=[world.offer_id, offer(world.partner_b, "10.00", "EUR")])
    with pytest.raises(ValidationError, match="in EUR, GBP: a report adds up fees in one currency"):
        reports.create_report(gw, "Two currencies", offer_ids=[world.offer_id, offer(world.partner_a, "10.00", "GBP")])
    with pytest.raises(NotFound):
        reports.create_report(PostgresGateway(pool, world.other_creator), "Not mine", offer_ids=[world.offer_id])


def test_sharing_refuses_bad_modes_days_and_duplicate_brand_shares(world, pool):
    gw = PostgresGateway(pool, world.creator)
    report = reports.create_report(gw, "Sharing rules", offer_ids=[world.offer_id])
    with pytest.raises(ValidationError, match="live .* or frozen"):
        reports.share_link(gw, report.id, "sometimes")
    with pytest.raises(ValidationError, match="1 to 365 days"):
        reports.share_link(gw, report.id, "live", valid_days=0)
    with pytest.raises(ValidationError, match="1 to 365 days"):
        gw.rpc("share_report", {"p_report_id": report.id, "p_kind": "link", "p_mode": "live", "p_brand_id": None,
                                "p_token_hash": "0" * 64, "p_valid_days": 900, "p_label": None})
    with pytest.raises(ValidationError, match="SHA-256"):
        gw.rpc("share_report", {"p_report_id": report.id, "p_kind": "link", "p_mode": "live", "p_brand_id": None,
                                "p_token_hash": "my-own-token", "p_valid_days": 3, "p_label": None})
    first = reports.share_with_brand(gw, report.id, world.brand_a, "live")
    with pytest.raises(ValidationError, match="already shared"):
        reports.share_with_brand(gw, report.id, world.brand_a, "frozen")
    reports.revoke(gw, first.id)
    with pytest.raises(ValidationError, match="already revoked"):
        reports.revoke(gw, first.id)
    assert reports.share_with_brand(gw, report.id, world.brand_a, "frozen").mode == "frozen"


def test_the_view_log_records_link_and_brand_openings_but_not_the_creator_s_previews(world, pool):
    owner = PostgresGateway(pool, world.creator)
    report = reports.create_report(owner, "Views", offer_ids=[world.offer_id])
    brand_share = reports.share_with_brand(owner, report.id, world.brand_a, "live")
    link = reports.share_link(owner, report.id, "live", valid_days=2, label="Agency")
    reports.data(owner, report.id, visit=reports.new_visit_key())
    visit = reports.new_visit_key()
    reports.open_link(PostgresGateway(pool, ANONYMOUS), link.token, visit=visit)
    reports.open_link(PostgresGateway(pool, ANONYMOUS), link.token, visit=visit)  # a rerun of the same visit
    reports.data(PostgresGateway(pool, world.partner_a), report.id)
    seen = reports.views(owner, report.id)
    assert [(v.share_id, v.viewer_id) for v in seen] == [(brand_share.id, world.partner_a.id), (link.share.id, None)]
    assert seen[0].viewer_name.endswith(" team") and seen[0].viewed_at >= seen[1].viewed_at


# -- downloads ---------------------------------------------------------------------------------------------------

def test_the_pdf_holds_the_numbers_marks_mode_and_permalinks(world, pool):
    owner = PostgresGateway(pool, world.creator)
    report = reports.create_report(owner, "PDF check", offer_ids=[world.offer_id])
    reports.share_with_brand(owner, report.id, world.brand_a, "frozen")
    brand = PostgresGateway(pool, world.partner_a)
    reports.add_conversion(brand, report.id, "Promo PDF", "12", "240.00", "EUR")
    data = reports.data(brand, report.id)
    text = text_of(report_pdf.render_report(data, time_zone="Europe/Berlin"))
    for expected in ("PDF check", "Frozen: numbers as of", "4,000", "3,000", "260", "8.67%", "600.00 EUR",
                     "150.00 EUR", "0.1500 EUR", "2.3077 EUR", "50.00 EUR", "Promo PDF", "240.00 EUR", "Verified",
                     "Entered by the brand", world.permalinks[0], "CPM = spend on delivered / views × 1,000", "Pass"):
        assert expected in text, expected
    live = reports.data(owner, report.id)
    assert "Live: numbers follow new syncs" in text_of(report_pdf.render_report(live))


def test_the_csv_holds_every_row_with_its_mark_and_neutralises_formulas(world, pool):
    owner = PostgresGateway(pool, world.creator)
    data = reports.data(owner, reports.create_report(owner, "CSV", offer_ids=[world.offer_id]).id)
    data = replace(data, rows=tuple(replace(r, campaign="=HYPERLINK(\"http://evil\")") for r in data.rows))
    csv = to_safe_csv(reports.rows_frame(data)).decode()
    assert "'=HYPERLINK" in csv and ",4000,3000,200,20,10,30,12,260,0.086667," in csv and "verified" in csv
    summary = to_safe_csv(reports.summary_frame(data)).decode()
    assert "CPM,150.00,money,EUR,\"CPM = spend on delivered / views × 1,000\"" in summary


def test_the_totals_csv_holds_plain_numbers_that_sum_with_the_currency_apart(world, pool):
    """Totals used to read "1,350.00 GBP" and "8.67%": text a spreadsheet cannot add. Each value now parses as a
    Decimal; the sums below are the world's numbers added by hand (likes 200 + comments 20 + shares 10 + saves 30
    = 260 engagements; EUR 600.00 fee over 4,000 views × 1,000 = 150.00 CPM)."""
    owner = PostgresGateway(pool, world.creator)
    data = reports.data(owner, reports.create_report(owner, "Totals CSV", offer_ids=[world.offer_id]).id)
    text = to_safe_csv(reports.summary_frame(data)).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["metric", "value", "unit", "currency", "formula", "mark"]
    for row in rows:
        assert row["value"] == "" or re.fullmatch(r"-?\d+(\.\d+)?", row["value"]), row
        assert row["value"] != "—" and "None" not in row.values() and "nan" not in row.values()
    value = {r["metric"]: Decimal(r["value"]) for r in rows if r["value"]}
    assert value["Likes"] + value["Comments"] + value["Shares"] + value["Saves"] == Decimal(260) == value["Engagements"]
    money = {r["metric"]: (Decimal(r["value"]), r["currency"]) for r in rows if r["unit"] == "money" and r["value"]}
    assert money["Spend on delivered"] == (Decimal("600.00"), "EUR")
    assert money["CPM"] == (Decimal("150.00"), "EUR") and money["CPV"] == (Decimal("0.1500"), "EUR")
    assert value["Engagement rate by reach"] == Decimal("0.086667")  # 260 / 3,000


# -- media kit -----------------------------------------------------------------------------------------------------

def test_the_media_kit_is_current_and_its_engagement_equals_the_dashboard(gateway_for, demo):
    maya = demo_person("maya")
    gw = gateway_for(maya.person())
    kit = media_kit.preview(gw)
    assert kit.as_of is not None and kit.period_end == kit.as_of and (kit.as_of - kit.period_start).days == 89
    q = Query(kit.period_start, kit.period_end, maya.time_zone)
    by_platform = engagement.by_group(gw, q, "reach", "platform")
    assert {(e.platform, e.posts, e.median, e.pooled) for e in kit.engagement_reach} == \
        {(r.group_key, r.posts, r.median, r.pooled) for r in by_platform.itertuples()}
    assert {a.platform for a in kit.audience} == {"instagram", "tiktok"} and kit.total_followers > 20000
    assert all(a.source == "api" for a in kit.audience)
    text = text_of(report_pdf.render_media_kit(kit))
    assert "Maya Okafor" in text and f"{kit.total_followers:,}" in text and "ER by reach = " in text
    assert format_date(kit.as_of, "medium", locale="en") in text  # "Mar 1, 2026": CLDR's medium date, from Babel


def test_media_kit_partners_and_rates_show_only_when_opted_in(world, pool):
    gw = PostgresGateway(pool, world.creator)
    brand_a = offers.get(gw, world.offer_id).brand_name
    base = media_kit.Settings(enabled=True, partner_names=(brand_a, "A brand I never worked with"),
                              rates=(media_kit.Rate("instagram", "reel", Decimal("420.50"), "EUR"),))
    media_kit.save(gw, base)
    kit = media_kit.preview(gw)
    assert not kit.shows("partners") and kit.partners == () and kit.rates == ()
    media_kit.save(gw, replace(base, show_partners=True, show_rates=True, show_demographics=False))
    kit = media_kit.preview(gw)
    assert kit.partners == (brand_a,), "only partners with an accepted deal are listed"
    assert kit.rates == (media_kit.Rate("instagram", "reel", Decimal("420.50"), "EUR"),)
    assert kit.demographics == () and not kit.shows("demographics")
    assert "420.50 EUR" in text_of(report_pdf.render_media_kit(kit))


@pytest.mark.parametrize("change, message", [
    ({"public_slug": "No Spaces!"}, "must be 3 to 40 lowercase letters"),
    ({"contact_email": "not-an-email"}, "is not an email address"),
    ({"rates": ({"platform": "instagram", "format": "reel", "fee": "-5", "currency": "EUR"},)},
     "the fee cannot be negative"),
    ({"rates": ({"platform": "instagram", "format": "reel", "fee": "lots", "currency": "EUR"},)},
     'the fee "lots" is not a number'),
    ({"rates": ({"platform": "instagram", "format": "reel", "fee": "1.005", "currency": "EUR"},)},
     "at most 2 decimal places"),
])
def test_the_database_refuses_bad_media_kit_settings(world, pool, change, message):
    gw = PostgresGateway(pool, world.creator)
    before = media_kit.get_settings(gw)
    payload = {**media_kit.Settings(enabled=True).payload(), **{k: list(v) if isinstance(v, tuple) else v
                                                                  for k, v in change.items()}}
    with pytest.raises(ValidationError, match=message):
        gw.rpc("save_media_kit", {"p_kit": payload})
    assert media_kit.get_settings(gw) == before


def test_media_kit_fee_and_slug_checks_in_python(world, pool, admin_conn):
    with pytest.raises(ValidationError, match="the fee cannot be negative"):
        media_kit.parse_fee("-1", "EUR", 2, 1)
    with pytest.raises(ValidationError, match='the fee "x" is not a number'):
        media_kit.parse_fee("x", "EUR", 2, 1)
    assert media_kit.parse_fee("1,250.50", "EUR", 2, 1) == Decimal("1250.50")
    other = build_world(pool, admin_conn, posts=1)
    taken = f"taken-{uuid.uuid4().hex[:6]}"
    media_kit.save(PostgresGateway(pool, other.creator), media_kit.Settings(enabled=True, public_slug=taken))
    with pytest.raises(ValidationError, match="is taken"):
        media_kit.save(PostgresGateway(pool, world.creator), media_kit.Settings(enabled=True, public_slug=taken))


@pytest.mark.parametrize("value, expected", [("0", 0), ("1,204", 1204), (" 42 ", 42), (7, 7)])
def test_conversion_counts_are_parsed_exactly(value, expected):
    assert reports.parse_conversions(value) == expected


def test_conversion_figures_refuse_floats():
    with pytest.raises(ValidationError):
        reports.parse_conversions(2.0)
    with pytest.raises(ValidationError):
        reports.parse_revenue(2.0, "EUR", 2)
    assert reports.parse_revenue("1,890.00", "GBP", 2) == Decimal("1890.00")
    assert reports.parse_revenue("  ", "GBP", 2) is None
