"""End to end in headless Chromium: a creator shares a report by secret link, a signed-out browser opens the link
and sees the report, the creator revokes the link, and the same signed-out browser then sees only the plain "this
link is no longer valid" page. One portal served by `streamlit run` in local mode over a fresh demo workspace."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from services.reports import reports
from services.core.db.postgres import PostgresGateway
from services.demo.people import demo_person
from tests.support.browser import RENDER_TIMEOUT, diagnose
from tests.support.demo_browser import module_fixtures, new_page, sign_in, wait_idle

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

pytestmark = pytest.mark.browser

REPORT = "Spring denim edit · results"  # made by services/demo/reports.py


browser_dir, db, portal, chromium = module_fixtures("reports")


def test_creator_shares_a_link_a_signed_out_browser_opens_it_and_after_revoking_sees_it_is_no_longer_valid(
        chromium, portal, db, browser_dir):
    url, pool = db
    as_maya = PostgresGateway(pool, demo_person("maya").person())
    report = next(r for r in reports.list_reports(as_maya) if r.title == REPORT)

    maya_context, maya = new_page(chromium)
    visitor_context, visitor = new_page(chromium)
    try:
        with diagnose(portal, page=maya, artifacts=browser_dir):
            # 1. The creator opens the report and creates a secret link.
            sign_in(maya, portal, "maya")
            maya.get_by_test_id("stSidebarNav").get_by_role("link", name="Reports & media kit").click()
            expect(maya.get_by_role("heading", name="Reports", exact=True)).to_be_visible()
            wait_idle(maya)
            maya.locator(f".st-key-open_report_{report.id} button").click()
            wait_idle(maya)
            expect(maya.get_by_role("heading", name=REPORT)).to_be_visible()
            maya.get_by_role("tab", name="By secret link").click()
            maya.locator(".st-key-share_link_submit button").click()
            expect(maya.get_by_text("Link created. Copy it now: it is shown only once.")).to_be_visible()
            wait_idle(maya)
            code = maya.get_by_test_id("stCode").filter(has_text="/?report=").first.inner_text()
            link = re.search(r"https?://\S+/\?report=[A-Za-z0-9_-]{22}", code).group(0)
        assert link.startswith(portal.url)
        share = next(s for s in reports.shares(as_maya, report.id) if s.kind == "link" and s.status() == "active")

        with diagnose(portal, page=visitor, artifacts=browser_dir):
            # 2. Someone who is not signed in opens the link and sees the report.
            visitor.goto(link, wait_until="domcontentloaded")
            expect(visitor.get_by_role("heading", name=REPORT)).to_be_visible(timeout=RENDER_TIMEOUT)
            expect(visitor.get_by_text(re.compile("^By \u2068?Maya Okafor\u2069? · for \u2068?Green Thread Apparel"))).to_be_visible(
                timeout=RENDER_TIMEOUT)
            expect(visitor.get_by_role("button", name="Download as PDF")).to_be_visible(timeout=RENDER_TIMEOUT)  # below the charts
            expect(visitor.get_by_role("button", name="Sign in as Maya")).to_have_count(0)
            wait_idle(visitor)
            visitor.screenshot(path=str(browser_dir / "shared-report.png"), full_page=True)
            # The PDF is made when clicked, not while the page draws; clicking does not rerun the page.
            with visitor.expect_download(timeout=RENDER_TIMEOUT) as pdf:
                visitor.get_by_role("button", name="Download as PDF").click()
            assert Path(pdf.value.path()).read_bytes()[:5] == b"%PDF-"
            # A second tab keeps the page as it was drawn before the revoke.
            stale_context, stale = new_page(chromium)
            stale.goto(link, wait_until="domcontentloaded")
            expect(stale.get_by_role("button", name="Download posts as CSV")).to_be_visible(timeout=RENDER_TIMEOUT)
            wait_idle(stale)
        assert [v.share_id for v in reports.views(as_maya, report.id)][:1] == [share.id]

        with diagnose(portal, page=maya, artifacts=browser_dir):
            # 3. The creator revokes the link.
            maya.locator(f".st-key-revoke_{share.id} button").click()
            expect(maya.get_by_text("Share revoked: it stops working at once.")).to_be_visible()
            wait_idle(maya)
        assert next(s for s in reports.shares(as_maya, report.id) if s.id == share.id).status() == "revoked"

        with diagnose(portal, page=stale, artifacts=browser_dir):
            # 3b. The tab drawn before the revoke gets no file: downloads are made from the link as it is now.
            with pytest.raises(playwright_sync.TimeoutError):
                with stale.expect_download(timeout=5_000):
                    stale.get_by_role("button", name="Download posts as CSV").click()
        stale_context.close()

        with diagnose(portal, page=visitor, artifacts=browser_dir):
            # 4. The same signed-out browser opens the link again: no data, one plain page.
            visitor.goto(link, wait_until="domcontentloaded")
            expect(visitor.get_by_role("heading", name="This link is no longer valid")).to_be_visible(
                timeout=RENDER_TIMEOUT)
            wait_idle(visitor)
            body = visitor.inner_text("body")
            assert REPORT not in body and "Maya" not in body and "Green Thread" not in body
            visitor.screenshot(path=str(browser_dir / "link-no-longer-valid.png"), full_page=True)
    finally:
        maya_context.close()
        visitor_context.close()
