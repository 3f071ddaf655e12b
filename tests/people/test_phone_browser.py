"""On a phone the sidebar covers the page: after a menu link is tapped it closes, so the page asked for is what
the person sees. On a desktop it stays open. Headless Chromium, local mode, a fresh demo workspace."""
from __future__ import annotations

import pytest

from tests.support.browser import diagnose
from tests.support.demo_browser import chromium_browser, portal_on, seeded_database, sign_in, wait_idle

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def portal(database, tmp_path_factory):
    with seeded_database(database, "phone_browser") as (url, _pool), \
            portal_on(url, "phone", tmp_path_factory.mktemp("phone")) as server:
        yield server


@pytest.fixture(scope="module")
def chromium():
    with chromium_browser(playwright_sync) as browser:
        yield browser


def _sidebar_width(page) -> float:
    box = page.get_by_test_id("stSidebar").bounding_box()
    return 0 if box is None or box["x"] + box["width"] <= 0 else box["width"]


@pytest.mark.parametrize("width, stays_open", [(390, False), (1280, True)], ids=["phone", "desktop"])
def test_the_sidebar_closes_after_a_menu_link_on_a_phone_only(chromium, portal, tmp_path, width, stays_open):
    context = chromium.new_context(viewport={"width": width, "height": 844}, is_mobile=width < 768,
                                   has_touch=width < 768, locale="en-GB")
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        with diagnose(portal, page=page, artifacts=tmp_path):
            sign_in(page, portal, "maya", expect)
            if _sidebar_width(page) == 0:
                page.get_by_test_id("stExpandSidebarButton").click()
                page.wait_for_function("() => document.querySelector('[data-testid=stSidebar]')"
                                       ".getBoundingClientRect().right > 0")
            assert _sidebar_width(page) > 0
            page.get_by_test_id("stSidebarNav").get_by_role("link", name="Offers").click()
            expect(page.get_by_role("heading", name="Offers", exact=True)).to_be_visible()
            wait_idle(page)
            page.wait_for_timeout(600)  # the sidebar's slide
            assert (_sidebar_width(page) > 0) is stays_open
    finally:
        context.close()
