"""AppTest for the report pages, every role: the creator's Reports page (its Campaign reports and Media kit tabs),
the brand partner's Shared reports page and Home, and the page a secret link opens for a visitor who is not signed in. A demo workspace with
its demo offers, reports and media kit, on its own database."""
from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import replace
from decimal import Decimal

import psycopg
import pandas as pd
import pytest
from streamlit import dataframe_util

from services.audience import engagement
from services.reports import media_kit
from services.offers import offers
from services.people import profiles
from services.reports import reports
from services.audience.dashboards import Query
from services.core.db.gateway import ANONYMOUS
from services.core.db.postgres import PostgresGateway
from services.demo.people import demo_person
from services.offers.offers import Item, Terms
from services.core import clock
from tests.support.app import submit, texts
from tests.support.databases import demo_workspace
from tests.support.demo_pages import as_demo, gw, open_page, visitor


@pytest.fixture(scope="module")
def demo(database):
    with demo_workspace(database, "reports_pages", days=60) as backend:
        yield backend


def report_by_title(demo, key: str, title: str) -> reports.Report:
    return next(r for r in reports.list_reports(gw(demo, key)) if r.title == title)


def downloads(at) -> set[str]:
    return {d.proto.id.split("-")[-1] if not d.key else d.key for d in at.get("download_button")}


# -- creator: Reports --------------------------------------------------------------------------------------------

def test_creator_builds_a_report_from_a_brand_s_accepted_offers(demo):
    at = open_page(demo, "maya", "reports/reports_and_media_kit")
    title = f"Denim wrap-up {uuid.uuid4().hex[:4]}"
    at.text_input(key="report_title").input(title)
    at.radio(key="report_scope").set_value("offers")
    at.button(key="report_create").click().run()
    assert not at.exception
    page = texts(at)
    assert "Report created. Check the preview, then share it." in page
    created = report_by_title(demo, "maya", title)
    assert created.scope == "offers" and created.brand_name == "Green Thread Apparel"
    assert title in page and "Live report: the numbers follow new syncs" in page
    assert "Offers: Spring denim edit" in page


def test_a_window_report_on_the_page_shows_the_engagement_page_s_numbers(demo):
    maya = demo_person("maya")
    at = open_page(demo, "maya", "reports/reports_and_media_kit")
    end = offers.today_in(maya.time_zone)
    start = end - dt.timedelta(days=29)
    title = f"Month {uuid.uuid4().hex[:4]}"
    at.text_input(key="report_title").input(title)
    at.radio(key="report_scope").set_value("window").run()
    at.date_input(key="report_from").set_value(start)
    at.date_input(key="report_to").set_value(end)
    at.button(key="report_create").click().run()
    assert not at.exception
    overview = engagement.overview(gw(demo, "maya"), Query(start, end, maya.time_zone), "reach")
    values = {m.label: m.value for m in at.metric}
    assert values["Posts"] == f"{overview.posts:,}"
    assert values["Engagement rate by reach"] == f"{overview.pooled * 100:.2f}%"
    assert "No fee to divide" in texts(at)
    assert {"creator_report_csv_posts", "creator_report_csv_totals", "creator_report_pdf"} <= downloads(at)
    posts = next(f for f in at.dataframe if "er_reach" in f.value.columns)
    shown = dataframe_util.convert_arrow_bytes_to_pandas_df(posts.proto.arrow_data.styler.display_values)
    assert str(posts.value["views"].dtype) == "Int64", "the views column sorts as numbers"
    for raw, text in zip(posts.value["views"], shown["views"]):
        assert text == ("—" if pd.isna(raw) else f"{int(raw):,}")
    cells = [str(v) for v in shown.to_numpy().ravel()]
    assert not {"None", "nan", "<NA>", "NaT"} & set(cells), cells


def test_a_report_with_nothing_posted_yet_says_so_on_the_page(demo):
    today = offers.today_in("Europe/Stockholm")
    fresh = offers.create(gw(demo, "sofia"), demo_person("maya").id,
                          Terms(f"Later {uuid.uuid4().hex[:4]}", Decimal("200.00"), "GBP",
                                (Item("tiktok", "video", 1, today + dt.timedelta(days=10)),),
                                today + dt.timedelta(days=4)), time_zone="Europe/Stockholm", send=True)
    offers.accept(gw(demo, "maya"), fresh.id)
    created = reports.create_report(gw(demo, "maya"), f"Nothing yet {uuid.uuid4().hex[:4]}", offer_ids=[fresh.id])
    at = open_page(demo, "maya", "reports/reports_and_media_kit")
    at.button(key=f"open_report_{created.id}").click().run()
    page = texts(at)
    assert "No deliverable of this report has been posted yet." in page
    assert "Not posted yet" in page


def test_creator_shares_a_link_that_is_shown_once_then_revokes_it(demo):
    report = report_by_title(demo, "maya", "Spring denim edit · results")
    at = open_page(demo, "maya", "reports/reports_and_media_kit")
    at.button(key=f"open_report_{report.id}").click().run()
    at.radio(key="share_link_mode").set_value("frozen")
    at.number_input(key="share_link_days").set_value(7)
    at.text_input(key="share_link_label").input("For the agency")
    at.button(key="share_link_submit").click().run()
    assert not at.exception
    assert "Link created. Copy it now: it is shown only once." in texts(at)
    [url] = [c.value for c in at.code if "/?report=" in c.value]
    token = url.split("/?report=", 1)[1]
    assert len(token) == 22
    assert reports.open_link(PostgresGateway(demo.pool, ANONYMOUS), token).frozen

    shares = reports.shares(gw(demo, "maya"), report.id)
    link = next(s for s in shares if s.kind == "link" and s.label == "For the agency")
    at.run()
    assert not [c for c in at.code if token in c.value], "the token is shown only once"
    assert "Secret link · For the agency" in texts(at) and "views: 1" in texts(at), "the visit above is logged"
    at.button(key=f"revoke_{link.id}").click().run()
    assert not at.exception and "Share revoked: it stops working at once." in texts(at)
    assert reports.open_link(PostgresGateway(demo.pool, ANONYMOUS), token) is None
    assert "Revoked" in texts(at)


def test_creator_shares_with_the_brand_partner_s_account_and_sees_the_view_log(demo):
    created = reports.create_report(gw(demo, "maya"), f"For Sofia {uuid.uuid4().hex[:4]}",
                                    offer_ids=[o.id for o in reports.eligible_offers(gw(demo, "maya"))
                                               if o.campaign == "Spring denim edit"])
    at = open_page(demo, "maya", "reports/reports_and_media_kit")
    at.button(key=f"open_report_{created.id}").click().run()
    at.radio(key="share_brand_mode").set_value("live")
    at.button(key="share_brand_submit").click().run()
    assert not at.exception and "Shared with Green Thread Apparel." in texts(at)
    reports.data(gw(demo, "sofia"), created.id)  # a brand member's reading is always logged
    at = open_page(demo, "maya", "reports/reports_and_media_kit")
    at.button(key=f"open_report_{created.id}").click().run()
    [log] = [d.value for d in at.dataframe if "Who" in d.value.columns]
    assert list(log["Who"]) == ["Sofia Lindqvist"]


# -- brand partner -----------------------------------------------------------------------------------------------

def test_brand_home_lists_the_reports_shared_with_you(demo):
    at = as_demo(demo, "sofia").run()
    assert not at.exception
    page = texts(at)
    assert "Reports shared with you" in page and "Spring denim edit · results" in page and "Last 30 days" in page


def test_brand_partner_opens_a_shared_report_sees_marks_and_downloads_it(demo):
    report = report_by_title(demo, "amira", "Ramadan pantry box · results")
    at = open_page(demo, "nadia", "reports/shared_reports")
    page = texts(at)
    assert "Ramadan pantry box · results" in page and "Frozen report: these numbers were kept on" in page
    assert "Verified" in page and "Entered by the brand" in page and "Boxes sold with code AMIRA10" in page
    values = {m.label: m.value for m in at.metric}
    # both of the two reels are posted: the delivered share is the whole 4,500.00 AED fee
    assert values["CPA"] == "AED\u00a0145.16" and values["Spend on delivered"] == "AED\u00a04,500.00"
    assert values["Committed spend"] == "AED\u00a04,500.00"
    assert {"brand_report_csv_posts", "brand_report_pdf"} <= downloads(at)
    assert report.id in {s.report.id for s in reports.shared_with_me(gw(demo, "nadia"))}


def test_brand_partner_adds_conversions_which_feed_cpa(demo):
    report = report_by_title(demo, "maya", "Spring denim edit · results")
    at = open_page(demo, "sofia", "reports/shared_reports")
    at.button(key=f"open_shared_{report.id}").click().run()
    submit(at, "conversion_form", "Add conversions", {"conv_label": "Newsletter sign-ups", "conv_count": "25",
                                                      "conv_revenue": "0"})
    assert not at.exception and "Conversions added: CPA is updated." in texts(at)
    data = reports.data(gw(demo, "maya"), report.id)
    assert "Newsletter sign-ups" in {c.label for c in data.conversions}
    values = {m.label: m.value for m in at.metric}
    expected = report_metrics_cpa(data)
    assert values["CPA"] == expected


def report_metrics_cpa(data) -> str:
    costs = data.costs()
    from services.core import formatting as fmt
    return fmt.money(costs.cpa, costs.currency)


@pytest.mark.parametrize("count, message", [
    ("-5", "Conversions cannot be negative (got -5)."),
    ("lots", 'Conversions must be a whole number (got "lots").'),
])
def test_brand_partner_bad_conversion_figures_get_a_message_and_nothing_is_written(demo, count, message):
    report = report_by_title(demo, "maya", "Spring denim edit · results")
    before = len(reports.data(gw(demo, "maya"), report.id).conversions)
    at = open_page(demo, "sofia", "reports/shared_reports")
    at.button(key=f"open_shared_{report.id}").click().run()
    submit(at, "conversion_form", "Add conversions", {"conv_label": "Bad figures", "conv_count": count})
    assert not at.exception
    assert message in [e.value for e in at.error]
    assert len(reports.data(gw(demo, "maya"), report.id).conversions) == before


def test_each_role_reaches_only_its_own_report_pages(demo):
    with pytest.raises(ValueError):
        as_demo(demo, "sofia").run().switch_page("../pages/reports/reports_and_media_kit.py")
    with pytest.raises(ValueError):
        as_demo(demo, "maya").run().switch_page("../pages/reports/shared_reports.py")


# -- visitors: the page a link opens -------------------------------------------------------------------------------

def test_a_visitor_opens_a_report_link_without_signing_in(demo):
    report = report_by_title(demo, "amira", "Ramadan pantry box · results")
    link = reports.share_link(gw(demo, "amira"), report.id, "live", valid_days=2)
    at = visitor(demo, report=link.token)
    assert not at.exception
    page = texts(at)
    assert "Ramadan pantry box · results" in page and "Live report" in page and "By Amira Haddad" in page
    assert "Choose a demo person" not in page and not [b for b in at.button if (b.key or "").startswith("local_")]
    assert {"link_report_pdf", "link_report_csv_posts"} <= downloads(at)
    assert [v.share_id for v in reports.views(gw(demo, "amira"), report.id)][0] == link.share.id


def test_a_visitor_reads_a_link_in_the_language_they_choose(demo):
    """No profile: ?lang= (the page's language switch) picks the language; the switch offers the five."""
    report = report_by_title(demo, "amira", "Ramadan pantry box · results")
    link = reports.share_link(gw(demo, "amira"), report.id, "live", valid_days=2)
    at = visitor(demo, report=link.token, lang="fr")
    assert not at.exception
    switch = at.selectbox(key="link_language")
    assert switch.value == "fr" and switch.options == ["English", "العربية", "Français", "Deutsch", "Español"]
    page = texts(at)
    assert "Live report" not in page and "Ramadan pantry box · results" in page
    at = visitor(demo, report=reports.new_token(), lang="de")
    assert [t.value for t in at.title] == ["Dieser Link ist nicht mehr gültig"]


# The language a visitor reads a link in: their switch, else the creator's choice for the link, else the browser's,
# else English. Expected texts copied from portal/locale/<lang>/LC_MESSAGES/portal.po ("Live report: the numbers
# follow new syncs (latest numbers from {date})." and "Download as PDF"); French puts a no-break space before ":".
LIVE_REPORT = {"en": "Live report: the numbers follow new syncs", "fr": "Rapport en direct\u00a0: les chiffres suivent",
               "de": "Live-Bericht: Die Zahlen folgen", "es": "Informe dinámico: las cifras se actualizan"}
DOWNLOAD_PDF = {"en": "Download as PDF", "fr": "Télécharger en PDF", "de": "Als PDF herunterladen",
                "es": "Descargar en PDF"}


def _reads_in(at, lang: str) -> None:
    assert not at.exception
    assert at.selectbox(key="link_language").value == lang
    page = texts(at)
    assert LIVE_REPORT[lang] in page, lang
    assert [other for other, words in LIVE_REPORT.items() if other != lang and words in page] == []
    assert {d.label for d in at.get("download_button") if d.key == "link_report_pdf"} == {DOWNLOAD_PDF[lang]}


def _amira_link(demo, language: str | None, *, chosen: bool = True) -> reports.NewLink:
    report = report_by_title(demo, "amira", "Ramadan pantry box · results")
    link = reports.share_link(gw(demo, "amira"), report.id, "live", valid_days=2, language=language)
    if not chosen:  # a link shared before creators chose a language
        with psycopg.connect(demo.admin_url, autocommit=True) as conn:
            conn.execute("update public.report_shares set language = null where id = %s", (link.share.id,))
    return link


def test_a_visitor_reads_a_link_in_the_creator_s_language_before_the_browser_s_and_can_switch(demo):
    link = _amira_link(demo, "fr")
    at = visitor(demo, browser="de-DE", report=link.token)
    _reads_in(at, "fr")
    at.selectbox(key="link_language").set_value("es").run()
    _reads_in(at, "es")
    assert at.query_params["lang"] == "es"
    _reads_in(visitor(demo, browser="de-DE", report=link.token, lang="es"), "es")


def test_a_link_without_the_creator_s_choice_opens_in_the_browser_s_language(demo):
    link = _amira_link(demo, None, chosen=False)
    _reads_in(visitor(demo, browser="de-DE", report=link.token), "de")


def test_a_link_with_no_language_anywhere_opens_in_english(demo):
    link = _amira_link(demo, None, chosen=False)
    _reads_in(visitor(demo, report=link.token), "en")
    _reads_in(visitor(demo, browser="tlh", report=link.token), "en")


def test_a_visitor_reads_the_media_kit_in_the_creator_s_language(demo):
    # "As of {date}: always current, computed when this page was opened." in es and de, from the catalogues.
    maya = gw(demo, "maya")
    current = media_kit.get_settings(maya)
    media_kit.save(maya, replace(current, language="es"))
    try:
        at = visitor(demo, browser="de-DE", kit="maya-okafor")
        assert not at.exception and at.selectbox(key="link_language").value == "es"
        assert "A fecha de" in texts(at) and "Stand " not in texts(at)
        at.selectbox(key="link_language").set_value("de").run()
        assert "Stand " in texts(at) and "A fecha de" not in texts(at)
    finally:
        media_kit.save(maya, current)


def test_signed_in_people_keep_their_profile_language_whatever_the_link_or_browser_says(demo):
    # nadia's profile language is English; "Frozen report: these numbers were kept on" is the report's English text.
    link = _amira_link(demo, "fr")
    at = as_demo(demo, "nadia")
    at.context = {"locale": "de-DE"}
    at.query_params["report"] = link.token
    at.run()
    assert not at.exception and not [s for s in at.selectbox if s.key == "link_language"]
    at.switch_page("../pages/reports/shared_reports.py").run()
    page = texts(at)
    assert "Frozen report: these numbers were kept on" in page
    assert not [words for words in LIVE_REPORT.values() if words in page]
    assert "Rapport " not in page and "Bericht" not in page


def test_creator_chooses_the_language_of_a_new_link_and_of_the_media_kit(demo):
    report = report_by_title(demo, "amira", "Ramadan pantry box · results")
    at = open_page(demo, "amira", "reports/reports_and_media_kit")
    at.button(key=f"open_report_{report.id}").click().run()
    language = at.selectbox(key="share_link_language")
    assert language.options == ["English", "العربية", "Français", "Deutsch", "Español"]
    assert language.value == "en", "the creator's own language unless they choose"
    language.set_value("de")
    at.button(key="share_link_submit").click().run()
    assert not at.exception
    newest = reports.shares(gw(demo, "amira"), report.id)[0]
    assert newest.kind == "link" and newest.language == "de"
    assert at.selectbox(key=f"share_language_{newest.id}").value == "de"
    at.selectbox(key=f"share_language_{newest.id}").set_value("es").run()
    assert not at.exception and "The link is now read in Español." in texts(at)
    assert reports.shares(gw(demo, "amira"), report.id)[0].language == "es"
    reports.revoke(gw(demo, "amira"), newest.id)
    at.run()
    assert "read in Español" in texts(at) and not [s for s in at.selectbox if s.key == f"share_language_{newest.id}"]

    submit(at, "kit_form", "Save media kit", {"kit_language": "ar"})
    assert not at.exception and "Media kit saved." in texts(at)
    assert media_kit.get_settings(gw(demo, "amira")).language == "ar"
    assert at.selectbox(key="kit_language").value == "ar"


@pytest.mark.parametrize("how", ["revoked", "expired", "unknown"])
def test_a_dead_link_shows_only_the_no_longer_valid_page(demo, how):
    report = report_by_title(demo, "amira", "Ramadan pantry box · results")
    link = reports.share_link(gw(demo, "amira"), report.id, "frozen", valid_days=1)
    token = link.token
    if how == "revoked":
        reports.revoke(gw(demo, "amira"), link.share.id)
    elif how == "expired":
        with psycopg.connect(demo.admin_url, autocommit=True) as conn:
            conn.execute("update public.report_shares set expires_at = %s::timestamptz - interval '1 minute' "
                         "where id = %s", (clock.now(), link.share.id))
    else:
        token = reports.new_token()
    at = visitor(demo, report=token)
    assert not at.exception
    assert [t.value for t in at.title] == ["This link is no longer valid"]
    page = texts(at)
    assert "Ramadan" not in page and "Amira" not in page and not at.metric and not at.dataframe


def test_a_visitor_opens_the_public_media_kit_and_a_switched_off_kit_is_invalid(demo):
    at = visitor(demo, kit="maya-okafor")
    assert not at.exception
    page = texts(at)
    assert "Maya Okafor" in page and "Green Thread Apparel" in page and "As of" in page
    assert "Engagement rate by reach" in page and "link_kit_pdf" in downloads(at)
    maya = gw(demo, "maya")
    current = media_kit.get_settings(maya)
    media_kit.save(maya, replace(current, enabled=False))
    try:
        at = visitor(demo, kit="maya-okafor")
        assert [t.value for t in at.title] == ["This link is no longer valid"]
    finally:
        media_kit.save(maya, current)


def test_the_media_kit_names_genders_and_countries_in_words(demo):
    """The kit's demographics tables used to show the platforms' raw "female" and "GB"."""
    at = visitor(demo, kit="maya-okafor")
    assert not at.exception
    tables = [f.value.map(lambda v: re.sub(r"\\(.)", r"\1", v)) for f in at.table
              if list(f.value.columns) == ["Group", "Share"]]  # cells are markdown-escaped; read them as shown
    groups = {v for f in tables for v in f["Group"]}
    assert "Female" in groups and "United Kingdom" in groups, groups
    assert not groups & {"female", "male", "unknown", "GB", "US", "NG"}, groups
    assert all(re.fullmatch(r"\d+\.\d%", v) for f in tables for v in f["Share"]), [list(f["Share"]) for f in tables]


# -- creator: the Media kit tab -----------------------------------------------------------------------------------------

def test_creator_edits_the_media_kit_and_previews_it(demo):
    at = open_page(demo, "leo", "reports/reports_and_media_kit")
    assert "Your media kit is off" in texts(at)
    at.number_input(key="kit_rate_count").set_value(1).run()
    at.toggle(key="kit_enabled").set_value(True)
    at.text_input(key="kit_slug").input("leo-plays")
    at.checkbox(key="kit_show_rates").check()
    submit(at, "kit_form", "Save media kit", {"kit_rate_platform_0": "twitch", "kit_rate_format_0": "stream",
                                              "kit_rate_fee_0": "320.00", "kit_rate_currency_0": "EUR"})
    assert not at.exception and "Media kit saved." in texts(at)
    saved = media_kit.get_settings(gw(demo, "leo"))
    assert saved.enabled and saved.public_slug == "leo-plays"
    assert saved.rates == (media_kit.Rate("twitch", "stream", Decimal("320.00"), "EUR"),)
    assert any("/?kit=leo-plays" in c.value for c in at.code)
    assert "Rates" in texts(at) and "kit_preview_pdf" in downloads(at)

    at.button(key="kit_secret_new").click().run()
    [url] = [c.value for c in at.code if "/?kit=" in c.value and "leo-plays" not in c.value]
    assert media_kit.open_link(PostgresGateway(demo.pool, ANONYMOUS), url.split("/?kit=")[1]) is not None


def test_a_bad_rate_is_refused_on_the_media_kit_page(demo):
    before = media_kit.get_settings(gw(demo, "amira"))
    at = open_page(demo, "amira", "reports/reports_and_media_kit")
    at.number_input(key="kit_rate_count").set_value(1).run()
    submit(at, "kit_form", "Save media kit", {"kit_rate_fee_0": "-40"})
    assert not at.exception
    assert any("Rate 1: the fee cannot be negative (got -40)." in e.value for e in at.error)
    assert media_kit.get_settings(gw(demo, "amira")) == before


def test_the_reports_page_in_arabic(demo):
    amira = gw(demo, "amira")
    profile = profiles.get_profile(amira)
    changes = profiles.ProfileChanges(profile["display_name"], profile["niche"], profile["home_currency"],
                                      profile["time_zone"], "ar", tuple(profile["disclosure_markets"]))
    profiles.update_profile(amira, changes)
    try:
        at = open_page(demo, "amira", "reports/reports_and_media_kit")
        assert at.title[0].value == "التقارير"
        assert {"تقارير الحملات", "الملف الإعلامي"} <= {tab.label for tab in at.tabs}
        assert "مشاركة هذا التقرير" in texts(at) and "ما يعرضه" in texts(at)
    finally:
        profiles.update_profile(amira, replace(changes, locale="en"))


def test_the_brand_sees_costs_on_the_delivered_share_with_the_committed_spend_beside(demo):
    # Spring denim edit: 500.00 GBP for an Instagram reel and a TikTok video; only the reel is posted, so the
    # delivered share is 500.00 × 1 / 2 = 250.00 GBP (worked out by hand), the committed spend 500.00 GBP.
    report = report_by_title(demo, "maya", "Spring denim edit · results")
    at = open_page(demo, "sofia", "reports/shared_reports")
    at.button(key=f"open_shared_{report.id}").click().run()
    assert not at.exception
    values = {m.label: m.value for m in at.metric}
    assert values["Spend on delivered"] == "£250.00" and values["Committed spend"] == "£500.00"
    page = texts(at)
    assert "Spend on delivered = Σ per offer (fee × posted deliverables / all deliverables of that offer)" in page
    assert "Spring denim edit: £500.00 × 1 / 2 = £250.00" in page
