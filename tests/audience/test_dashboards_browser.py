"""In headless Chromium against a real `streamlit run`: a creator opens Audience and Engagement, changes the
date range, and the chart redraws with the new range, which the URL keeps."""
from __future__ import annotations


import pytest

from tests.support.browser import RENDER_TIMEOUT, StreamlitServer, diagnose
from tests.support.databases import demo_workspace
from tests.support.demo_browser import chromium_fixtures, portal_on, wait_idle

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

pytestmark = pytest.mark.browser

SEED_DAYS = 120
STEP_TIMEOUT = 30_000
# Points per trace of the chart with a given key (Streamlit gives a keyed element the class st-key-<key>).
POINTS = """(key) => {
  const plot = document.querySelector(`.st-key-${key} .js-plotly-plot`);
  return plot && plot.data ? plot.data.map(trace => (trace.x || []).length) : null;
}"""


def _points(page, key: str, condition: str) -> list[int]:
    """Waits until the chart's points per trace satisfy `condition` (a JS expression over `n`, the largest
    trace length) and returns them."""
    page.wait_for_function(f"(key) => {{ const p = ({POINTS})(key); if (!p || !p.length) return false; "
                           f"const n = Math.max(...p); return {condition}; }}", arg=key, timeout=STEP_TIMEOUT)
    return page.evaluate(POINTS, key)


@pytest.fixture(scope="module")
def dashboards_portal(database, tmp_path_factory):
    """The portal in local mode over a fresh database seeded with the demo workspace."""
    with demo_workspace(database, "dashboards", days=SEED_DAYS) as backend:
        with portal_on(backend.admin_url, "dashboards", tmp_path_factory.mktemp("dashboards")) as server:
            yield server


chromium, page = chromium_fixtures()


def _sign_in(page, server: StreamlitServer) -> None:
    page.goto(server.url + "/", wait_until="domcontentloaded")
    page.get_by_role("button", name="Sign in as Maya").click(timeout=RENDER_TIMEOUT)
    expect(page.get_by_role("heading", name="Welcome back, Maya")).to_be_visible(timeout=RENDER_TIMEOUT)
    wait_idle(page)


def _open(page, server: StreamlitServer, link_text: str, heading: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=link_text).click()
    page.wait_for_url(f"**/{link_text.lower()}**", timeout=STEP_TIMEOUT)
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=RENDER_TIMEOUT)
    expect(page.get_by_test_id("stPlotlyChart").first.locator(".main-svg").first).to_be_attached(
        timeout=RENDER_TIMEOUT)
    wait_idle(page)


def _choose_range(page, label: str) -> None:
    page.get_by_test_id("stSelectbox").filter(has_text="Date range").click()
    page.get_by_role("option", name=label).click()
    wait_idle(page)


def test_changing_the_range_redraws_the_audience_chart_and_updates_the_url(page, dashboards_portal, tmp_path):
    with diagnose(dashboards_portal, page=page, artifacts=tmp_path):
        _sign_in(page, dashboards_portal)
        _open(page, dashboards_portal, "Audience", "Audience")
        before = _points(page, "aud_followers_chart", "n >= 85")  # 90 days per platform line

        _choose_range(page, "Last 30 days")
        after = _points(page, "aud_followers_chart", "n <= 31")
        assert max(after) == 30 and len(after) == len(before), (before, after)
        page.wait_for_url("**range=30**", timeout=STEP_TIMEOUT)  # a link with it reopens this view
        # (tests/audience/test_dashboards_pages.py opens the pages from such links)


def test_changing_the_range_redraws_the_engagement_trend(page, dashboards_portal, tmp_path):
    with diagnose(dashboards_portal, page=page, artifacts=tmp_path):
        _sign_in(page, dashboards_portal)
        _open(page, dashboards_portal, "Engagement", "Engagement")
        expect(page.get_by_text("ER by reach = (likes + comments + shares + saves) / reach").first).to_be_visible()
        weekly = _points(page, "eng_trend_chart", "n >= 12 && n <= 15")  # 90 days, drawn per week
        _choose_range(page, "Last 30 days")  # 30 days are drawn per day
        daily = _points(page, "eng_trend_chart", "n > 20")
        assert max(daily) > max(weekly), (weekly, daily)
        page.wait_for_url("**range=30**", timeout=STEP_TIMEOUT)
