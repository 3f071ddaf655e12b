"""Home's "Needs you" list end to end in headless Chromium, one walk per role: the link opens the exact item on its
own URL, the person completes it there, and Home no longer lists it. A portal served by `streamlit run` in local
mode over a fresh demo workspace."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from services.core.db.postgres import PostgresGateway
from services.demo.people import demo_person
from services.offers import offers
from tests.support.browser import diagnose
from tests.support.demo_browser import module_fixtures, new_page, sign_in, wait_idle

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

pytestmark = pytest.mark.browser
STEP = 30_000  # a shared 2-core machine can take seconds per step


browser_dir, db, portal, chromium = module_fixtures("home")


def _first_action(page, starts: str) -> tuple[object, str]:
    """The first link in Needs you whose sentence starts with `starts` (after the icon's name), and the id it opens."""
    link = page.locator(".st-key-home_actions a").filter(
        has=page.locator("p").filter(has_text=re.compile(rf"^{re.escape(starts)}"))).first
    expect(link).to_be_visible(timeout=STEP)
    return link, parse_qs(urlparse(link.get_attribute("href")).query)["id"][0]


def _action_ids(page) -> set[str]:
    return {parse_qs(urlparse(href).query).get("id", [""])[0]
            for href in page.locator(".st-key-home_actions a").evaluate_all("els => els.map(e => e.href)")}


def _decline(page) -> None:
    page.get_by_text("Decline", exact=True).click()
    page.get_by_role("button", name="Decline offer").click()
    expect(page.get_by_text("Offer declined.")).to_be_visible(timeout=STEP)


def _accept_the_counter(page) -> None:
    page.get_by_role("button", name="Accept the counter").click()
    expect(page.get_by_text("Counter accepted: the deal is on.")).to_be_visible(timeout=STEP)


@pytest.mark.parametrize("key, waiting, answer, after", [
    ("maya", {"sent", "countered"}, _decline, "declined"),  # the creator declines an offer waiting for her
    ("sofia", {"countered"}, _accept_the_counter, "accepted"),  # the brand partner accepts a counter
], ids=["creator declines", "brand accepts a counter"])
def test_an_offer_answered_from_homes_list_leaves_the_list(chromium, portal, db, browser_dir, key, waiting, answer,
                                                           after):
    _, pool = db
    gw = PostgresGateway(pool, demo_person(key).person())
    context, page = new_page(chromium)
    try:
        with diagnose(portal, page=page, artifacts=browser_dir):
            sign_in(page, portal, key, expect)
            link, offer_id = _first_action(page, "Answer")
            assert offers.get(gw, offer_id).status in waiting  # really waiting for this person's answer
            link.click()
            expect(page).to_have_url(re.compile(rf"[?&]id={offer_id}"), timeout=STEP)
            expect(page.get_by_role("button", name="Back to all offers")).to_be_visible(timeout=STEP)
            wait_idle(page)
            answer(page)
            assert offers.get(gw, offer_id).status == after

            sign_in(page, portal, key, expect)
            expect(page.locator(".st-key-home_actions")).to_be_visible(timeout=STEP)
            assert offer_id not in _action_ids(page)
    finally:
        context.close()


def test_a_creator_records_a_reminder_for_an_overdue_payout_from_home(chromium, portal, db, browser_dir):
    url, _ = db
    context, page = new_page(chromium)
    try:
        with diagnose(portal, page=page, artifacts=browser_dir):
            sign_in(page, portal, "maya", expect)
            row = page.locator(".st-key-home_actions [data-testid=stHorizontalBlock]").filter(
                has=page.get_by_role("button", name="Send reminder")).first
            link = row.locator("a").first
            payout_id = parse_qs(urlparse(link.get_attribute("href")).query)["id"][0]
            row.get_by_role("button", name="Send reminder").click()
            expect(page.get_by_text("Reminder recorded with the payout.")).to_be_visible(timeout=STEP)
            expect(page.get_by_text(re.compile(r"Copy this text into your email to"))).to_be_visible(timeout=STEP)
        import psycopg
        with psycopg.connect(url) as conn:
            logged = conn.execute("select count(*) from public.payout_reminders where payout_id = %s",
                                  (payout_id,)).fetchone()[0]
        assert logged == 1
    finally:
        context.close()
