"""End to end in headless Chromium: a brand partner sends an offer, the creator counters, the brand accepts
the counter, the creator marks the deliverable posted with its permalink, and the disclosure checklist (and
the caption check of the matched post) is shown. Two browser contexts, one per person, on one portal
served by `streamlit run` in local mode over a fresh demo workspace."""
from __future__ import annotations

import re
import uuid

import pytest

from services.core.db.gateway import eq
from services.core.db.postgres import PostgresGateway
from services.demo.people import demo_person
from services.offers import deliverables, offers
from tests.support.browser import diagnose
from tests.support.demo_browser import from_menu, module_fixtures, pages, press, sign_in, wait_idle

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

pytestmark = pytest.mark.browser


browser_dir, db, portal, chromium = module_fixtures("offers")


def _offers(page, server, key: str) -> None:
    """Signs in afresh (a new page load, so the other person's changes are read) and opens Offers from the menu."""
    sign_in(page, server, key)
    from_menu(page, "Offers")


def _fill(page, key: str, value: str) -> None:
    field = page.locator(f".st-key-{key} input, .st-key-{key} textarea").first
    field.fill(value)
    field.press("Tab")


def _open_offer(page, server, key: str, tab: str, offer_id: str) -> None:
    """Signs in afresh, opens Offers and, in its tab `tab`, the offer."""
    _offers(page, server, key)
    page.get_by_role("tab", name=re.compile(rf"^{tab} \(\d+\)")).click()  # the demo offers are there too
    page.locator(f".st-key-open_{offer_id} button").click()
    wait_idle(page)


def test_brand_sends_creator_counters_brand_accepts_creator_posts_and_sees_the_checklist(chromium, portal, db,
                                                                                         browser_dir):
    url, pool = db
    maya = demo_person("maya")
    as_maya = PostgresGateway(pool, maya.person())
    account = as_maya.select("social_accounts", filters=[eq("creator_id", maya.id), eq("platform", "instagram")])[0]
    post = as_maya.select("posts", filters=[eq("account_id", account["id"])], order=[("posted_at", True)], limit=1)[0]
    campaign = f"Winter layers {uuid.uuid4().hex[:4]}"

    with pages(chromium, 2) as (sofia_page, maya_page):
        with diagnose(portal, page=sofia_page, artifacts=browser_dir):
            # 1. The brand partner sends an offer.
            _offers(sofia_page, portal, "sofia")
            sofia_page.get_by_text("New offer").click()
            _fill(sofia_page, "new_campaign", campaign)
            _fill(sofia_page, "new_fee", "400.00")
            press(sofia_page, "Send offer", "Offer sent. The creator answers next.")
        offer = next(o for o in offers.list_offers(as_maya) if o.campaign == campaign)
        assert offer.status == "sent"

        with diagnose(portal, page=maya_page, artifacts=browser_dir):
            # 2. The creator counters.
            _open_offer(maya_page, portal, "maya", "Needs your answer", offer.id)
            expect(maya_page.get_by_text("Fair-rate hint")).to_be_visible()
            maya_page.get_by_text("Counter with different terms").click()
            _fill(maya_page, "counter_fee", "520.00")
            _fill(maya_page, "counter_message", "520 covers the reel and two stories")
            press(maya_page, "Send counter", "Counter sent. The brand answers next.")
        assert offers.get(as_maya, offer.id).status == "countered"

        with diagnose(portal, page=sofia_page, artifacts=browser_dir):
            # 3. The brand accepts the counter, after seeing what changed.
            _open_offer(sofia_page, portal, "sofia", "Needs your answer", offer.id)
            expect(sofia_page.get_by_text("520 covers the reel and two stories")).to_be_visible()
            press(sofia_page, "Accept the counter", "Counter accepted: the deal is on.")
        assert offers.get(as_maya, offer.id).status == "accepted"

        with diagnose(portal, page=maya_page, artifacts=browser_dir):
            # 4. The creator posts and records the permalink; the checklist and the caption check appear.
            _open_offer(maya_page, portal, "maya", "Active", offer.id)
            item = deliverables.for_offers(as_maya, [offer.id])[offer.id][0]
            _fill(maya_page, f"permalink_{item.id}", post["permalink"])
            press(maya_page, "Mark posted", "Deliverable marked posted.")
            # the deal's progress on top; the checklist closed under its deliverable until opened
            expect(maya_page.get_by_text("Deliverables: 1/1 posted · Checklist: 0/")).to_be_visible()
            maya_page.get_by_text(re.compile(r"^Disclosure checklist: Instagram reel #1 · 0/\d+ done$")).click()
            expect(maya_page.get_by_text(re.compile("^\\[UK\\] \u2068?Label it"))).to_be_visible()
            expect(maya_page.get_by_text(re.compile(r"^\[Platform\] \u2068?Turn on the .{1,2}Paid partnership.{1,2} label"))).to_be_visible()
            expect(maya_page.get_by_text("Caption of the matched post")).to_be_visible()
            expect(maya_page.get_by_text(re.compile(r"^United Kingdom: (Pass|Fail|Needs review)$"))).to_be_visible()
            maya_page.screenshot(path=str(browser_dir / "offer-delivered.png"), full_page=True)

    done = offers.get(as_maya, offer.id)
    assert (done.status, done.fee) == ("delivered", offers.parse_fee("520.00"))
    posted = deliverables.for_offers(as_maya, [offer.id])[offer.id][0]
    assert (posted.status, posted.permalink) == ("verified", post["permalink"])
    actions = [e.action for e in offers.history(as_maya, offer.id)]
    assert actions == ["created", "sent", "countered", "accepted", "started", "deliverable_posted",
                       "deliverable_verified", "delivered"]
