"""AppTest for the Audience and Engagement pages on the seeded demo workspace: numbers match the services,
every KPI carries its formula, filters round-trip through the URL query string, bad input gets a message,
and a creator without data gets an empty state that says what to do next."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import re

import pandas as pd
import pytest
from streamlit import dataframe_util

from services.core import formatting as fmt
from portal import menu
from tests.support.catalogues import record_missing
from services.audience import followers as audience
from services.audience import dashboards
from services.demo import generator as demo
from services.audience import engagement
from services.core.db.gateway import Person, person_id_for
from services.core.db.postgres import PostgresGateway
from services.demo.people import demo_person
from tests.support.app import app_for, texts
from tests.support.databases import as_demo, seeded_demo

DAYS = 90  # as tests/people/test_pages.py, which seeds the same database
AUDIENCE, ENGAGEMENT = "../pages/audience/audience.py", "../pages/audience/engagement.py"


@pytest.fixture(scope="module")
def demo_backend(admin_url, pool):
    return seeded_demo(admin_url, pool, days=DAYS)


def open_page(at, page, state=None, **params):
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    for name, value in (state or {}).items():
        at.session_state[name] = value
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def default_query(pool, key, view=dashboards.View()):
    person = demo_person(key)
    gw = PostgresGateway(pool, person.person())
    accounts = dashboards.accounts(gw)
    window = dashboards.resolve_window(view, dashboards.data_bounds(accounts, person.time_zone))
    return gw, dashboards.query_for(view, window, person.time_zone)


def metrics_of(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def helps_of(at) -> dict[str, str]:
    return {m.label: m.proto.help for m in at.metric}


def test_audience_page_shows_followers_growth_demographics_and_health(admin_url, pool, demo_backend):
    at = open_page(as_demo(admin_url, "maya"), AUDIENCE)
    gw, q = default_query(pool, "maya")
    expected = audience.audience(gw, q).summary
    shown = metrics_of(at)
    assert shown["Followers"] == fmt.number(expected.followers_end)
    assert shown["Net new followers"] == fmt.signed(expected.net_new)
    assert shown["Growth rate"] == fmt.percent(expected.growth_rate)
    helps = helps_of(at)
    assert "Growth rate = net new followers in the range / followers the day before the range" in helps["Growth rate"]
    assert "Net new followers on a day = total followers that day − total followers the day before" in \
        helps["Net new followers"]
    page = texts(at)
    for heading in ("Followers over time", "Net new followers", "Demographics", "Audience health"):
        assert heading in page
    assert "Sudden follower spike" in page and "Audience in target countries" in page
    assert len(at.get("plotly_chart")) >= 4  # followers, net new per day and week, demographics
    keys = {d.proto.id for d in at.get("download_button")}
    assert len(keys) >= 4, "every chart's data downloads as CSV"
    assert at.multiselect(key="aud_targets").value == ["GB", "US"], "targets default to the disclosure markets"


def test_audience_page_notes_platforms_that_hide_demographics(admin_url, demo_backend):
    at = open_page(as_demo(admin_url, "leo"), AUDIENCE)
    page = texts(at)
    assert "Twitch's API reports no audience demographics." in page
    assert "Discord reports no audience demographics." in page


def test_engagement_page_labels_the_formula_and_matches_the_service(admin_url, pool, demo_backend):
    at = open_page(as_demo(admin_url, "amira"), ENGAGEMENT)
    gw, q = default_query(pool, "amira")
    expected = engagement.overview(gw, q, "reach")
    shown = metrics_of(at)
    assert shown["Median engagement rate"] == fmt.percent(expected.median)
    assert shown["Mean engagement rate"] == fmt.percent(expected.mean)
    assert shown["Overall engagement rate"] == fmt.percent(expected.pooled)
    assert shown["Posts"] == fmt.number(expected.posts)
    for label, help_text in helps_of(at).items():
        assert "=" in help_text, f"{label} has no formula in its help"
    assert "ER by reach = (likes + comments + shares + saves) / reach" in helps_of(at)["Median engagement rate"]
    page = texts(at)
    assert "ER by reach = (likes + comments + shares + saves) / reach" in page
    for heading in ("Engagement rate over time", "By post type", "Best time to post", "Top and bottom posts",
                    "Compared with published benchmarks"):
        assert heading in page
    assert "Time zone: Asia/Dubai." in page
    assert len(at.get("plotly_chart")) == 3 and len(at.get("download_button")) >= 5
    frames = [d.value for d in at.dataframe]
    benchmarks = next(f for f in frames if "benchmark" in f.columns)
    assert len(benchmarks) == 2  # one row per account at least; no benchmark by reach is published yet
    assert set(benchmarks["benchmark"]) == {"No published benchmark for this platform, tier and formula yet"}
    top = next(f for f in frames if "permalink" in f.columns)
    assert len(top) == engagement.TOP_POSTS and top["permalink"].str.startswith("https://").all()


def test_filters_are_read_from_the_url_and_written_back(admin_url, pool, demo_backend):
    at = open_page(as_demo(admin_url, "maya"), ENGAGEMENT, range="30", platforms="instagram", formula="followers",
                   types="reel,carousel")
    assert at.selectbox(key="eng_range").value == "30"
    assert at.multiselect(key="eng_platforms").value == ["instagram"]
    assert at.multiselect(key="eng_types").value == ["reel", "carousel"]
    assert at.radio(key="eng_formula").value == "followers"
    assert "ER by followers = (likes + comments) / followers" in texts(at)
    view = dashboards.View(range_key="30", platforms=("instagram",), post_types=("reel", "carousel"),
                           formula="followers")
    gw, q = default_query(pool, "maya", view)
    assert metrics_of(at)["Median engagement rate"] == fmt.percent(engagement.overview(gw, q, "followers").median)
    benchmarks = next(d.value for d in at.dataframe if "benchmark" in d.value.columns)
    assert benchmarks["source"].tolist() == ["State of Influencer Marketing 2026 (2026)"]  # Maya's 15.8K: micro
    assert benchmarks["benchmark"].str.contains("HypeAuditor's micro tier").all()

    at.selectbox(key="eng_range").set_value("365").run()
    at.radio(key="eng_formula").set_value("reach").run()
    assert not at.exception
    assert at.query_params["range"] == ["365"] or at.query_params["range"] == "365"
    assert "formula" not in at.query_params, "defaults are left out of the link"
    assert "ER by reach = (likes + comments + shares + saves) / reach" in texts(at)


def test_audience_filters_round_trip_through_the_url(admin_url, demo_backend):
    at = open_page(as_demo(admin_url, "maya"), AUDIENCE, range="all", platforms="tiktok", targets="GB")
    assert at.selectbox(key="aud_range").value == "all"
    assert at.multiselect(key="aud_platforms").value == ["tiktok"]
    assert at.multiselect(key="aud_targets").value == ["GB"]
    at.multiselect(key="aud_platforms").set_value(["instagram", "tiktok"]).run()
    assert not at.exception
    assert _param(at, "platforms") == "instagram,tiktok" and _param(at, "range") == "all"


def _param(at, name):
    value = at.query_params[name]
    return value[0] if isinstance(value, list) else value


@pytest.mark.parametrize("page", [AUDIENCE, ENGAGEMENT])
def test_a_start_after_the_end_gets_a_message_and_no_charts(admin_url, demo_backend, page):
    at = open_page(as_demo(admin_url, "maya"), page, range="custom", **{"from": "2026-05-01", "to": "2026-04-01"})
    assert "The start date May 1, 2026 is after the end date Apr 1, 2026" in texts(at)
    assert not at.get("plotly_chart") and not at.metric


def test_choosing_a_reversed_custom_range_with_the_date_pickers_gets_the_message(admin_url, demo_backend):
    at = open_page(as_demo(admin_url, "amira"), ENGAGEMENT)
    at.selectbox(key="eng_range").set_value("custom").run()
    end = at.date_input(key="eng_to").value
    at.date_input(key="eng_from").set_value(end + dt.timedelta(days=3)).run()
    assert not at.exception
    assert "is after the end date" in texts(at)
    assert not at.get("plotly_chart")
    assert _param(at, "from") == (end + dt.timedelta(days=3)).isoformat()


def test_link_values_that_are_not_understood_are_named_and_dropped(admin_url, demo_backend):
    at = open_page(as_demo(admin_url, "maya"), ENGAGEMENT, platforms="instagram,myspace", formula="likes")
    page = texts(at)
    assert "were not understood and were left out: formula=likes, platforms=myspace" in page
    assert _param(at, "platforms") == "instagram" and "formula" not in at.query_params


@pytest.mark.parametrize("page, message", [
    (AUDIENCE, "No audience numbers yet. Connect an account or import a platform export"),
    (ENGAGEMENT, "No posts yet. Connect an account or import a platform export"),
])
def test_creator_without_data_gets_an_empty_state_that_says_what_to_do(admin_url, demo_backend, page, message):
    at = open_page(app_for(admin_url, issuer="https://idp.test", subject="dashboards-empty", email="e@example.test",
                           name="Empty Dashboards"), page)
    assert message in texts(at)
    assert not at.get("plotly_chart") and not at.metric


def test_brand_partner_cannot_reach_the_dashboards(admin_url, demo_backend):
    at = as_demo(admin_url, "sofia").run()
    for page in (AUDIENCE, ENGAGEMENT):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)


@pytest.fixture(scope="module")
def arabic_creator(admin_url, pool, admin_conn, demo_backend):
    """A creator who reads Arabic, with 60 days of generated numbers and demographics."""
    subject = "dashboards-arabic"
    spec = demo.CreatorSpec(person_id_for("https://idp.test", subject), subject, "food",
                            (demo.AccountSpec("instagram", "arabic.kitchen", 12_000),
                             demo.AccountSpec("youtube", "ArabicKitchen", 3_000)), (8.0, 16.0))
    at = app_for(admin_url, issuer="https://idp.test", subject=subject, email="ar@example.test", name="Salma Aziz")
    at.run()  # creates the profile
    admin_conn.execute("update public.profiles set locale = 'ar', time_zone = 'Asia/Riyadh', "
                       "disclosure_markets = '{SA,AE}' where id = %s", (spec.creator_id,))
    data = demo.generate_creator(spec, days=60)
    gw = PostgresGateway(pool, Person(id=spec.creator_id))
    gw.insert("social_accounts", data.accounts)
    for table, columns, rows in (("account_daily", demo.ACCOUNT_DAILY_COLUMNS, data.account_daily),
                                 ("posts", demo.POST_COLUMNS, data.posts),
                                 ("post_metrics", demo.POST_METRIC_COLUMNS, data.post_metrics),
                                 ("audience_breakdowns", demo.BREAKDOWN_COLUMNS, data.breakdowns)):
        gw.bulk_load(table, columns, rows)
    return subject


def as_arabic(admin_url, subject):
    return app_for(admin_url, issuer="https://idp.test", subject=subject, email="ar@example.test", name="Salma Aziz")


def test_every_dashboard_string_has_an_arabic_translation(admin_url, arabic_creator, monkeypatch):
    """Run both pages for a creator who reads Arabic and record every text looked up in the catalogue."""
    subject = arabic_creator
    missing = record_missing(monkeypatch)
    # A fresh session per view: AppTest re-formats option labels outside the run, in English.
    for page, params in ((AUDIENCE, {}), (AUDIENCE, {"range": "30", "targets": "SA,ZZ"}), (ENGAGEMENT, {}),
                         (ENGAGEMENT, {"formula": "followers"}), (ENGAGEMENT, {"formula": "views"}),
                         (ENGAGEMENT, {"range": "custom", "from": "2026-05-02", "to": "2026-05-01"})):
        at = app_for(admin_url, issuer="https://idp.test", subject=subject, email="ar@example.test", name="Salma Aziz")
        open_page(at, page, **params)
        assert "المتابعون" in texts(at) or "التفاعل" in texts(at)
    others = {entry.title for entries in menu.MENU.values() for entry in entries
              if entry.script not in ("audience/audience", "audience/engagement")}  # other areas' menu titles: their catalogues
    assert not missing - others, f"strings without an Arabic translation: {sorted(missing - others)}"


# -- the pure pieces behind the filters and the benchmark band ---------------------------------------------

def test_view_round_trips_through_url_parameters():
    view = dashboards.View("custom", dt.date(2026, 1, 1), dt.date(2026, 2, 1), ("instagram",), ("a1",),
                           ("reel", "short"), "views", ("GB", "AE"))
    params = dashboards.view_params(view, default_targets=("GB",))
    assert params == {"range": "custom", "from": "2026-01-01", "to": "2026-02-01", "platforms": "instagram",
                      "accounts": "a1", "types": "reel,short", "formula": "views", "targets": "GB,AE"}
    parsed, problems = dashboards.parse_view(params, ["a1"], default_targets=("GB",))
    assert parsed == view and problems == []
    assert dashboards.view_params(dashboards.View()) == {}, "the default view is a plain link"


def test_unknown_url_values_are_reported_and_left_out():
    view, problems = dashboards.parse_view({"range": "7", "from": "yesterday", "platforms": "instagram,myspace",
                                            "accounts": "a1,zz", "formula": "likes", "targets": "GB,Narnia"},
                                           ["a1"])
    assert view == dashboards.View(platforms=("instagram",), accounts=("a1",), targets=("GB",))
    assert problems == ["range=7", "from=yesterday", "formula=likes", "platforms=myspace", "accounts=zz",
                        "targets=Narnia"]


def test_windows_end_on_the_last_day_with_data_and_a_reversed_custom_range_is_refused():
    bounds = dashboards.Window(dt.date(2024, 1, 1), dt.date(2026, 3, 31))
    assert dashboards.resolve_window(dashboards.View("30"), bounds) == dashboards.Window(dt.date(2026, 3, 2),
                                                                                        dt.date(2026, 3, 31))
    assert dashboards.resolve_window(dashboards.View("all"), bounds) == bounds
    assert dashboards.resolve_window(dashboards.View("custom", start=dt.date(2025, 5, 1)), bounds).end == bounds.end
    with pytest.raises(dashboards.InvalidRange, match="The start date 2026-05-01 is after the end date 2026-04-01"):
        dashboards.resolve_window(dashboards.View("custom", dt.date(2026, 5, 1), dt.date(2026, 4, 1)), bounds)
    assert dashboards.default_targets(["UK", "US", "AE"]) == ("GB", "US", "AE")


def test_benchmarks_are_sourced_data_matched_by_the_publishers_tier_bounds():
    from services.audience import benchmarks
    from services.audience import metrics
    rows = benchmarks.load()
    assert rows, "the benchmark file has rows"
    for b in rows:
        assert b.formula in metrics.ENGAGEMENT_FORMULAS and b.platform in dashboards.PLATFORMS
        assert b.publisher and b.report and 2015 <= b.year <= 2030 and b.url.startswith("https://")
        assert b.values and all(Decimal(0) < v < Decimal(1) for v in b.values)
    micro = benchmarks.matching("instagram", 15_800, "followers")
    assert [(b.publisher, b.tier, b.year) for b in micro] == [("HypeAuditor", "micro", 2026)]
    assert benchmarks.matching("instagram", 60_000, "followers") == []  # HypeAuditor's micro ends at 50K
    assert benchmarks.matching("instagram", 15_800, "reach") == []
    band = benchmarks.band(benchmarks.matching("instagram", 5_000, "followers"))
    assert (band.low, band.high) == (Decimal("0.0178"), Decimal("0.0278"))
    assert [benchmarks.tier_for(n) for n in (999, 1_000, 10_000, 99_999, 100_000, 2_000_000)] == \
        [None, "nano", "micro", "micro", "mid", "mega"]


# -- tables in the person's language -------------------------------------------------------------------------

def shown_cells(frame) -> pd.DataFrame:
    """What the table displays (its Styler's display values), beside frame.value (the numbers it sorts on)."""
    styler = frame.proto.arrow_data.styler
    assert styler.display_values, f"{frame.key} is not displayed through formatted values"
    return dataframe_util.convert_arrow_bytes_to_pandas_df(styler.display_values)


def table_with(at, *columns):
    """The first table holding these columns (st.dataframe without selections carries no key to find it by)."""
    return next(f for f in at.dataframe if set(columns) <= set(f.value.columns))


def every_cell(at) -> list[str]:
    cells = []
    for frame in at.dataframe:
        cells += [str(v) for v in frame.value.astype(object).to_numpy().ravel() if isinstance(v, str)]
        if frame.proto.arrow_data.styler.display_values:
            cells += [str(v) for v in shown_cells(frame).to_numpy().ravel()]
    return cells


def test_the_demographics_table_in_arabic_shows_groups_and_countries_in_words(admin_url, arabic_creator):
    """Raw "female" and "GB" used to reach the table; the words below are copied from the Arabic catalogue
    (Female, Male, Unknown, Other) and from CLDR's Arabic territory names."""
    # A fresh session per view: AppTest re-formats option labels outside the run, in English.
    at = open_page(as_arabic(admin_url, arabic_creator), AUDIENCE, state={"aud_dimension": "gender"})
    table = table_with(at, "group", "share", "change")
    assert set(table.value["group"]) <= {"أنثى", "ذكر", "غير معروف"} and "أنثى" in set(table.value["group"])
    shares = shown_cells(table)["share"]
    assert all(s.endswith("%") or s.endswith("٪") or "٪" in s for s in shares), list(shares)
    at = open_page(as_arabic(admin_url, arabic_creator), AUDIENCE, state={"aud_dimension": "country"})
    countries = set(table_with(at, "group", "share", "change").value["group"])
    assert countries & {"الإمارات العربية المتحدة", "المملكة العربية السعودية", "المملكة المتحدة",
                        "الولايات المتحدة", "مصر"}, countries
    assert "أخرى" in countries
    assert not any(re.fullmatch(r"[A-Z]{2}", c) for c in countries), countries


def test_tables_sort_on_numbers_and_show_them_in_the_persons_language(admin_url, arabic_creator):
    at = open_page(as_arabic(admin_url, arabic_creator), ENGAGEMENT)
    top = table_with(at, "rate", "interactions", "permalink")
    assert str(top.value["rate"].dtype).startswith("float"), "the rate column sorts as numbers"
    shown = shown_cells(top)
    rate = top.value["rate"].iloc[0]
    assert shown["rate"].iloc[0] == fmt.percent(rate, "ar"), "the rate is shown as Arabic text"
    assert shown["interactions"].iloc[0] == fmt.number(top.value["interactions"].iloc[0], "ar")


@pytest.mark.parametrize("page", [AUDIENCE, ENGAGEMENT])
def test_no_table_cell_reads_none_or_nan(admin_url, arabic_creator, demo_backend, page):
    for at in (open_page(as_arabic(admin_url, arabic_creator), page), open_page(as_demo(admin_url, "maya"), page)):
        cells = every_cell(at)
        assert cells, "the page shows tables"
        for bad in ("None", "nan", "NaN", "<NA>", "NaT"):
            assert bad not in cells, f"a cell reads {bad}"


def test_the_engagement_page_names_no_file_of_the_code(admin_url, demo_backend):
    """The benchmarks' caption used to point at services/audience/engagement_benchmarks.csv."""
    at = open_page(as_demo(admin_url, "amira"), ENGAGEMENT)
    page = texts(at)
    assert "Compared with published benchmarks" in page
    assert "services/" not in page and ".csv" not in page.replace("Download as CSV", "")
    assert "a figure a publisher printed in a named report" in page


@pytest.mark.parametrize("page", [AUDIENCE, ENGAGEMENT])
def test_a_caption_opening_with_a_german_date_is_not_a_numbered_list(admin_url, admin_conn, arabic_creator, page):
    """German writes a day as "8. Sept. 2026": first in a markdown line, "8." would start a numbered list (the page
    showed "8." as a list marker and the rest indented). The date is escaped ("8\\. Sept\\. 2026"), so the caption
    reads as written; the period caption is the one that opens with the window's first day."""
    creator_id = person_id_for("https://idp.test", arabic_creator)
    admin_conn.execute("update public.profiles set locale = 'de' where id = %s", (creator_id,))
    try:
        at = open_page(as_arabic(admin_url, arabic_creator), page)
    finally:
        admin_conn.execute("update public.profiles set locale = 'ar' where id = %s", (creator_id,))
    captions = [c.value for c in at.caption]
    assert any(re.match(r"\d{1,2}\\\. \w+", c) and " bis " in c for c in captions), captions
    assert not [c for c in captions if re.match(r"\d+\. ", c)], "an unescaped list marker opens a caption"
