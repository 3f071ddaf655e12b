"""AppTest for links and promo codes on the pages: a deal's page (creator and brand partner) with its empty states,
forms and refusals; the brand's Promo-code sales page; the week's clicks on the creator's Home; the report preview."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from services.core import clock
from services.core.db.postgres import PostgresGateway
from services.demo import offers as seed_offers
from services.demo.people import demo_person
from services.links import links
from services.links.clicks import LINK_SERVER
from services.offers import deliverables, offers
from tests.support import databases
from tests.support.app import as_read, texts
from tests.support.databases import demo_workspace
from tests.support.demo_pages import gw

CAMPAIGN = "Spring denim edit"  # the demo deal Sofia (Green Thread) made Maya, accepted and under way


@pytest.fixture(scope="module")
def demo(database):
    with demo_workspace(database, "links_pages", days=60, seeders=[seed_offers.seed_offers]) as backend:
        yield backend


def deal(demo) -> offers.Offer:
    return next(o for o in offers.list_offers(gw(demo, "maya")) if o.campaign == CAMPAIGN)


def open_deal(demo, key: str):
    page = "offers/offers_inbox" if key == "maya" else "offers/brand_offers"
    at = databases.open_page(demo.admin_url, key, page)
    at.button(key=f"open_{deal(demo).id}").click().run()
    assert not at.exception, at.exception
    return at


def test_a_deal_without_links_says_what_they_are_for_and_the_creator_makes_one(demo):
    offer = deal(demo)
    at = open_deal(demo, "maya")
    page = texts(at)
    assert "Tracked links and promo codes" in page
    assert "No tracked link yet." in page and "No promo code yet." in page
    at.text_input(key=f"link_target_{offer.id}").input("https://greenthread.example/denim")
    at.text_input(key=f"link_label_{offer.id}").input("Bio link")
    at.button(key=f"FormSubmitter:link_form_{offer.id}-Make the link").click().run()
    assert not at.exception
    made = links.links_for_offers(gw(demo, "maya"), [offer.id])[offer.id]
    assert [(l.label, l.target_url) for l in made] == [("Bio link", "https://greenthread.example/denim")]
    assert "Tracked link made: copy it from the list." in texts(at)
    assert any(c.value.endswith(f"/l/{made[0].code}") for c in at.code)
    # Maya's markets are the UK and the US. A link for the whole campaign is carried by every deliverable, so each
    # deliverable's own checklist gains what the two market files ask of an affiliate relationship: uk.json
    # "uk.affiliate" ("Affiliate links make the post an ad: label the post \"Ad\" upfront") and us.json
    # "us.affiliate-links" ("Say that you earn a commission wherever the affiliate link appears"), with the reason.
    assert not [e for e in at.expander if e.label == "Disclosing links and codes that earn you commission"]
    shown = [e for e in at.expander if e.label.startswith("Disclosure checklist")]
    items = deliverables.for_offers(gw(demo, "maya"), [offer.id])[offer.id]
    assert len(shown) == len(items) >= 1
    for expander, item in zip(shown, items):
        boxes = {c.key: as_read(c.label) for c in expander.checkbox}
        assert boxes[f"tick_{item.id}_uk.affiliate"] == ('[UK] Affiliate links make the post an ad: label the post '
                                                        '"Ad" upfront')
        assert boxes[f"tick_{item.id}_us.affiliate-links"] == ("[US] Say that you earn a commission wherever the "
                                                              "affiliate link appears")
        reasons = [as_read(c.value) for c in expander.caption].count(
            "Applies because this deliverable carries a tracked link.")
        assert reasons == 2, "one reason line under each added rule"
    at.checkbox(key=f"tick_{items[0].id}_uk.affiliate").check().run()
    assert not at.exception, at.exception
    ticks = gw(demo, "maya").select("checklist_ticks", filters=[])
    assert "uk.affiliate" in [t["rule_id"] for t in ticks if t["deliverable_id"] == items[0].id]


def test_a_target_back_into_the_portal_is_refused_in_words(demo):
    offer = deal(demo)
    before = len(links.links_for_offers(gw(demo, "maya"), [offer.id]).get(offer.id, []))
    at = open_deal(demo, "maya")
    at.text_input(key=f"link_target_{offer.id}").input("javascript:alert(1)")
    at.button(key=f"FormSubmitter:link_form_{offer.id}-Make the link").click().run()
    assert any("must start with https://" in e.value for e in at.error)
    assert len(links.links_for_offers(gw(demo, "maya"), [offer.id]).get(offer.id, [])) == before


def test_the_brand_adds_a_promo_code_and_enters_a_day_of_sales(demo):
    offer = deal(demo)
    at = open_deal(demo, "sofia")
    at.text_input(key=f"code_text_{offer.id}").input("MAYADENIM")
    at.button(key=f"FormSubmitter:code_form_{offer.id}-Add the code").click().run()
    assert not at.exception and "Promo code added." in texts(at)
    # A code for the whole deal: the brand reads uk.json's "uk.affiliate" on every deliverable's checklist, with the
    # reason, and cannot tick it (the creator does).
    shown = [e for e in at.expander if e.label.startswith("Disclosure checklist")]
    assert shown
    for expander in shown:
        [box] = [c for c in expander.checkbox if c.key.endswith("_uk.affiliate")]
        assert box.disabled and as_read(box.label).startswith("[UK] Affiliate links make the post an ad")
        reasons = {as_read(c.value) for c in expander.caption if as_read(c.value).startswith("Applies because")}
        assert reasons & {"Applies because this deliverable carries a promo code.",
                          "Applies because this deliverable carries a tracked link and a promo code."}, reasons
    sales = databases.open_page(demo.admin_url, "sofia", "links/promo_sales")
    assert "Promo-code sales" in texts(sales)
    sales.text_input(key="promo_enter_orders").input("4")
    sales.text_input(key="promo_enter_revenue").input("236.00")
    sales.selectbox(key="promo_enter_currency").set_value("GBP")
    sales.button(key="FormSubmitter:promo_sales_enter-Save the day's sales").click().run()
    assert not sales.exception
    assert "Sales saved, marked as entered by the brand." in texts(sales)
    [code] = links.codes_for_offers(gw(demo, "maya"), [offer.id])[offer.id]
    assert (code.code, code.orders, code.revenue()) == ("MAYADENIM", 4, {"GBP": __import__("decimal").Decimal("236.00")})


def test_the_brand_s_sales_page_with_no_codes_says_where_codes_are_made(demo):
    at = databases.open_page(demo.admin_url, "tom", "links/promo_sales")
    assert "No promo code on your deals yet." in texts(at)


def test_home_shows_the_week_s_clicks_once_the_creator_has_a_link(demo):
    assert "Link clicks this week" not in " ".join(m.label for m in databases.open_page(demo.admin_url, "leo", None).metric)
    offer = deal(demo)
    link = links.create_link(gw(demo, "maya"), offer.id, "https://greenthread.example/home", portal_urls=[],
                             platform="instagram")
    now = clock.now()
    PostgresGateway(demo.pool, LINK_SERVER).rpc("record_link_clicks", {"p_clicks": [
        {"link_id": link.id, "at": (now - dt.timedelta(days=d)).isoformat(), "device": "mobile", "bot": False}
        for d in (0, 1, 1, 2, 9)]})  # the one nine days ago is not this week's
    at = databases.open_page(demo.admin_url, "maya", None)
    [metric] = [m for m in at.metric if m.label == "Link clicks this week"]
    assert metric.value == "4"


def test_the_report_preview_shows_the_tracking_figures(demo):
    from services.reports import reports
    offer = deal(demo)
    report = reports.create_report(gw(demo, "maya"), "Denim results", offer_ids=[offer.id])
    data = reports.data(gw(demo, "maya"), report.id)
    assert data.tracking is not None and not data.tracking.empty
    at = databases.open_page(demo.admin_url, "maya", "reports/reports_and_media_kit")
    assert not at.exception


def test_a_link_s_clicks_by_country_show_only_once_a_click_has_a_country(demo):
    offer = deal(demo)
    link = links.create_link(gw(demo, "maya"), offer.id, "https://greenthread.example/geo", portal_urls=[],
                             platform="instagram", label="Geo link")
    server = PostgresGateway(demo.pool, LINK_SERVER)
    at_ = clock.now().isoformat()
    server.rpc("record_link_clicks", {"p_clicks": [{"link_id": link.id, "at": at_, "device": "mobile", "bot": False}]})
    assert "Clicks by country" not in texts(open_deal(demo, "sofia"))  # GeoIP off: no country, no line
    server.rpc("record_link_clicks", {"p_clicks": [
        {"link_id": link.id, "at": at_, "device": "mobile", "bot": False, "country": country}
        for country in ("FR", "DE", "DE")]})
    for key in ("maya", "sofia"):
        assert "Clicks by country: Germany: 2 and France: 1" in texts(open_deal(demo, key))
    import psycopg
    person = demo_person("sofia").person()
    with psycopg.connect(demo.admin_url, autocommit=True) as conn:
        [(before,)] = conn.execute("select locale from public.profiles where id = %s", (person.id,)).fetchall()
        conn.execute("update public.profiles set locale = 'fr' where id = %s", (person.id,))
        try:  # the country names in the reader's language
            assert "Clics par pays : Allemagne : 2 et France : 1" in texts(open_deal(demo, "sofia"))
        finally:
            conn.execute("update public.profiles set locale = %s where id = %s", (before, person.id))


def test_a_shop_file_s_preview_sorts_on_numbers_and_shows_them_as_the_brand_writes_them(demo):
    """generic.csv's first row: MAYA15, 2026-11-02, 4 orders, 204.00 EUR. The preview keeps the day a date and the
    revenue a number underneath, and shows "Nov 2, 2026" and "€204.00" (one currency in the file)."""
    from streamlit import dataframe_util
    deal(demo)
    at = databases.open_page(demo.admin_url, "sofia", "links/promo_sales")
    data = (Path(__file__).parent / "fixtures" / "generic.csv").read_bytes()
    at.file_uploader(key="promo_sales_file").set_value(("generic.csv", data, "text/csv")).run()
    assert not at.exception
    [preview] = [d for d in at.dataframe if "Row" in d.value.columns]
    shown = dataframe_util.convert_arrow_bytes_to_pandas_df(preview.proto.arrow_data.styler.display_values)
    assert (preview.value["Revenue"][0], preview.value["Orders"][0]) == (204.0, 4)
    assert (shown["Day"][0], shown["Orders"][0], shown["Revenue"][0]) == ("Nov 2, 2026", "4", "€204.00")
