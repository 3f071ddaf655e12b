"""A report's tracked links and promo codes: clicks, CTR, redemptions, revenue in the report's currency with the rate
used, conversion rate, CPA and ROAS, per deliverable, per campaign and in total; frozen shares as of their moment.
Every expected figure is worked out by hand from what the test wrote."""
from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from services.core import clock
from services.core.csv_export import to_safe_csv
from services.core.db.postgres import PostgresGateway
from services.links import links, redemptions, shop_files
from services.links.clicks import LINK_SERVER
from services.reports import reports, tracking
from tests.support.reports import build_world

PORTAL = ["http://localhost:8501"]


def _clicks(pool, link_id: str, *, people: int, repeats: int = 0, bots: int = 0, at: dt.datetime | None = None):
    at = at or clock.now()
    rows = ([{"link_id": link_id, "at": at.isoformat(), "device": "mobile", "bot": False, "repeat": False}] * people
            + [{"link_id": link_id, "at": at.isoformat(), "device": "mobile", "bot": False, "repeat": True}] * repeats
            + [{"link_id": link_id, "at": at.isoformat(), "device": "other", "bot": True, "repeat": False}] * bots)
    assert PostgresGateway(pool, LINK_SERVER).rpc("record_link_clicks", {"p_clicks": rows}) == len(rows)


@pytest.fixture(scope="module")
def setup(pool, admin_conn):
    world = build_world(pool, admin_conn, fee="600.00", currency="EUR")
    creator, brand = PostgresGateway(pool, world.creator), PostgresGateway(pool, world.partner_a)
    link = links.create_link(creator, world.offer_id, "https://brand.example/jacket", portal_urls=PORTAL,
                             deliverable_id=world.deliverable_id)
    campaign_link = links.create_link(brand, world.offer_id, "https://brand.example/", portal_urls=PORTAL,
                                      platform="instagram")
    _clicks(pool, link.id, people=24, repeats=5, bots=4, at=clock.now() - dt.timedelta(days=1))
    _clicks(pool, campaign_link.id, people=6, bots=1)
    code = links.create_code(creator, world.offer_id, "MAYA15", deliverable_id=world.deliverable_id)
    links.enter_sales(brand, code.id, clock.today() - dt.timedelta(days=1), "3", "150.00", "EUR", 2)
    # The creator's own rate for the pound: 1 GBP = 1.15 EUR, the day before.
    admin_conn.execute("insert into public.fx_rates (creator_id, base, quote, rate, rate_date, source) "
                       "values (%s, 'GBP', 'EUR', 1.15, %s, 'manual')",
                       (world.creator.id, clock.today() - dt.timedelta(days=2)))
    day = (clock.today() - dt.timedelta(days=1)).isoformat()
    shop = shop_files.read(f"code,date,orders,revenue,currency\nmaya15,{day},2,80.00,GBP\nOTHER10,{day},9,99.00,EUR\n"
                           .encode(), "sales.csv")
    outcome = redemptions.run(brand, world.brand_a, shop, dry_run=False)
    assert outcome.unknown_codes == ("OTHER10",)
    report = reports.create_report(creator, "Tracked", offer_ids=[world.offer_id])
    return world, report, link, campaign_link


def test_the_creator_sees_each_figure_with_its_formula_s_result(pool, setup):
    world, report, link, campaign_link = setup
    data = reports.data(PostgresGateway(pool, world.creator), report.id)
    found = tracking.for_report(data)
    f = found.total
    assert (f.clicks, f.repeats, f.bots) == (30, 5, 5)
    assert f.reach == 3000                                  # the posted deliverable's post
    assert f.ctr == Decimal("0.010000")                     # 30 ÷ 3,000
    assert f.orders == 5                                    # 3 entered + 2 imported
    assert f.revenue == Decimal("242.00")                   # 150.00 EUR + 80.00 GBP × 1.15
    assert f.conversion == Decimal("0.166667")              # 5 ÷ 30
    assert f.cpa == Decimal("120.00")                       # 600.00 ÷ 5
    assert f.roas == Decimal("0.40")                        # 242.00 ÷ 600.00 = 0.4033
    assert f.marks == ("portal", "brand", "import")
    assert [(s.currency, s.rate, s.converted) for s in found.tracking.rates] == [("GBP", Decimal("1.150000"),
                                                                                 Decimal("92.00"))]
    [(row, own)] = found.deliverables
    assert row.deliverable_id == world.deliverable_id
    assert (own.clicks, own.orders, own.ctr) == (24, 5, Decimal("0.008000"))   # 24 ÷ 3,000
    assert own.fee == Decimal("600.00") and own.cpa == Decimal("120.00")     # the offer's only deliverable
    [(offer, campaign)] = found.campaigns
    assert offer.id == world.offer_id and campaign.clicks == 30
    assert sum(n for _, n in found.tracking.daily) == 30


def _breakdown_page(data, locale):
    from portal.widgets import links as link_widgets
    link_widgets._breakdown(link_widgets.tracking.for_report(data), locale)


def test_the_breakdown_table_sorts_on_numbers_and_shows_them_in_the_readers_language(pool, setup):
    """(Placed before the tests that add clicks: the module shares one world.) The per-campaign and per-deliverable
    table keeps numbers underneath and shows them as German writes them:
    the deliverable's 24 clicks ÷ 3,000 reach = 0.8 % → "0,80 %", its CPA 600.00 ÷ 5 = 120.00 EUR → "120,00 €"
    (CLDR de: decimal comma, a no-break space before % and €)."""
    from streamlit import dataframe_util
    from streamlit.testing.v1 import AppTest

    world, report, _, _ = setup
    data = reports.data(PostgresGateway(pool, world.creator), report.id)
    at = AppTest.from_function(_breakdown_page, args=(data, "de"), default_timeout=30).run()
    assert not at.exception
    [table] = at.dataframe
    shown = dataframe_util.convert_arrow_bytes_to_pandas_df(table.proto.arrow_data.styler.display_values)
    row = [i for i, what in enumerate(table.value["what"]) if what.startswith("Deliverable")][0]
    assert (table.value["clicks"][row], table.value["ctr"][row]) == (24, 0.008)
    assert (shown["clicks"][row], shown["ctr"][row], shown["cpa"][row]) == ("24", "0,80\u00a0%", "120,00\u00a0€")


def test_the_summary_csv_carries_the_figures_with_formulas_and_marks(pool, setup):
    world, report, _, _ = setup
    rows = {r["metric"]: r for r in reports.summary_rows(reports.data(PostgresGateway(pool, world.creator), report.id))}
    assert rows["CTR"]["value"] == "1.00%" and rows["CTR"]["formula"] == "CTR = clicks ÷ reach"
    assert rows["ROAS"]["value"] == "0.40" and rows["ROAS"]["formula"] == "ROAS = revenue ÷ fee"
    assert rows["Revenue"]["value"] == "242.00 EUR"
    assert rows["Clicks"]["mark"] == "Counted by the portal"
    assert rows["Rate used: GBP → EUR"]["value"] == "1.150000"


def test_the_totals_csv_carries_the_tracking_figures_as_plain_numbers(pool, setup):
    """The same figures as above, as a spreadsheet reads them: a ratio for CTR (1.00% = 0.01), the revenue
    without its currency (that is in its own column)."""
    world, report, _, _ = setup
    frame = reports.summary_frame(reports.data(PostgresGateway(pool, world.creator), report.id))
    text = to_safe_csv(frame).decode("utf-8")
    rows = {r["metric"]: r for r in csv.DictReader(io.StringIO(text))}
    assert Decimal(rows["CTR"]["value"]) == Decimal("0.01") and rows["CTR"]["unit"] == "ratio"
    assert (Decimal(rows["Revenue"]["value"]), rows["Revenue"]["currency"]) == (Decimal("242.00"), "EUR")
    assert Decimal(rows["ROAS"]["value"]) == Decimal("0.40")
    assert rows["Rate used: GBP → EUR"]["value"] == "1.150000" and rows["Clicks"]["value"] == "30"


def test_a_frozen_share_counts_as_of_its_moment(pool, setup):
    world, report, link, _ = setup
    creator = PostgresGateway(pool, world.creator)
    share = reports.share_with_brand(creator, report.id, world.brand_a, "frozen")
    _clicks(pool, link.id, people=10, at=clock.now() + dt.timedelta(minutes=5))
    brand_view = tracking.for_report(reports.data(PostgresGateway(pool, world.partner_a), report.id))
    assert brand_view.total.clicks == 30, "clicks after the share was frozen are not in it"
    live = tracking.for_report(reports.data(creator, report.id))
    assert live.total.clicks == 40
    reports.revoke(creator, share.id)


def test_a_report_without_links_or_codes_has_no_tracking_section(pool, admin_conn):
    world = build_world(pool, admin_conn)
    creator = PostgresGateway(pool, world.creator)
    report = reports.create_report(creator, "Plain", offer_ids=[world.offer_id])
    assert tracking.for_report(reports.data(creator, report.id)) is None


def test_the_pdf_carries_the_tracking_figures(pool, setup):
    from io import BytesIO

    from pypdf import PdfReader

    from services.reports import pdf
    world, report, _, _ = setup
    data = reports.data(PostgresGateway(pool, world.creator), report.id)
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf.render_report(data))).pages)
    assert "Tracked links and promo codes" in text
    assert "CTR = clicks ÷ reach" in text and "ROAS = revenue ÷ fee" in text
    flat = " ".join(text.split())
    assert "242.00 EUR" in flat and "Counted by the portal" in flat


def test_ratios_and_rates_are_shown_as_exact_decimals():
    from services.core import formatting as fmt
    assert fmt.decimal(Decimal("0.4033"), "en", 2) == "0.40"      # ROAS 242.00 ÷ 600.00
    assert fmt.decimal(Decimal("0.405"), "en", 2) == "0.40"       # half-even, once
    assert fmt.decimal(Decimal("1.15"), "en", 6) == "1.150000"    # a rate as stored
    assert fmt.decimal(Decimal("1234.5"), "de", 2) == "1.234,50"
    assert fmt.decimal(None) == "—"

