"""End to end in headless Chromium: a signed-out visitor opens a creator's shared report, follows the tracked link it
shows to the brand's page (a local server standing for it), lands there with the UTM parameters, and the report then
counts the click. One portal served by `streamlit run` in local mode over a fresh demo workspace."""
from __future__ import annotations

import http.server
import re
import threading
from urllib.parse import parse_qs, urlsplit

import pytest

from services.core.db.embedded import free_port
from services.core.db.postgres import PostgresGateway
from services.demo.people import demo_person
from services.links import links
from services.offers import offers
from services.reports import reports
from tests.support.browser import RENDER_TIMEOUT, diagnose
from tests.support.demo_browser import (
    STEP_TIMEOUT,
    VIEWPORT,
    module_fixtures,
    wait_idle,
)

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

pytestmark = pytest.mark.browser

# Chromium as people run it: headless Chromium says "HeadlessChrome", which the bot list counts apart.
DESKTOP = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
           "Safari/537.36")


class BrandSite:
    """The brand's page: a local HTTP server that answers every GET with a landing page and remembers the paths."""

    def __init__(self):
        self.paths: list[str] = []
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the standard library's name)
                site.paths.append(self.path)
                body = b"<html><head><title>Green Thread</title></head><body><h1>Spring denim</h1></body></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_):
        self.server.shutdown()
        self.server.server_close()


browser_dir, db, portal, chromium = module_fixtures("links")


def test_a_visitor_follows_a_tracked_link_from_a_shared_report_and_the_report_counts_the_click(
        chromium, portal, db, browser_dir):
    _, pool = db
    maya = PostgresGateway(pool, demo_person("maya").person())
    deal = next(o for o in offers.list_offers(maya) if o.campaign == "Spring denim edit")
    with BrandSite() as brand:
        link = links.create_link(maya, deal.id, f"{brand.url}/denim?colour=indigo", portal_urls=[portal.url],
                                 platform="instagram", label="Bio link")
        report = reports.create_report(maya, "Denim clicks", offer_ids=[deal.id])
        shared = reports.share_link(maya, report.id, "live", valid_days=7)
        context = chromium.new_context(viewport=VIEWPORT, locale="en-GB", user_agent=DESKTOP)
        context.set_default_timeout(STEP_TIMEOUT)
        page = context.new_page()
        try:
            with diagnose(portal, page=page, artifacts=browser_dir):
                page.goto(f"{portal.url}/?report={shared.token}", wait_until="domcontentloaded")
                expect(page.get_by_role("heading", name="Tracked links and promo codes")).to_be_visible(
                    timeout=RENDER_TIMEOUT)
                wait_idle(page)
                short = links.short_url(portal.url, link.code)
                anchor = page.get_by_role("link", name=short)
                expect(anchor).to_be_visible()
                expect(page.get_by_text(re.compile(r"Bio link · 0 clicks"))).to_be_visible()
                with context.expect_page() as opened:
                    anchor.click()
                landing = opened.value
                landing.wait_for_load_state()
                expect(landing.get_by_role("heading", name="Spring denim")).to_be_visible()
                query = parse_qs(urlsplit(landing.url).query)
                assert landing.url.startswith(f"{brand.url}/denim?")
                assert query == {"colour": ["indigo"], "utm_source": ["instagram"], "utm_medium": ["influencer"],
                                 "utm_campaign": ["spring-denim-edit"]}
                assert brand.paths[0] == urlsplit(landing.url).path + "?" + urlsplit(landing.url).query
                landing.close()
                # The report, opened again, counts the click.
                for _ in range(20):
                    page.goto(f"{portal.url}/?report={shared.token}", wait_until="domcontentloaded")
                    expect(page.get_by_role("heading", name="Tracked links and promo codes")).to_be_visible(
                        timeout=RENDER_TIMEOUT)
                    wait_idle(page)
                    if page.get_by_text(re.compile(r"Bio link · 1 click$")).count():
                        break
                expect(page.get_by_text(re.compile(r"Bio link · 1 click$"))).to_be_visible()
                clicks = page.get_by_test_id("stMetric").filter(has=page.get_by_text("Clicks", exact=True))
                expect(clicks.get_by_test_id("stMetricValue")).to_have_text("1")
        finally:
            context.close()
