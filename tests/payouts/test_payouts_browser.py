"""End to end in headless Chromium: a brand partner marks an overdue payout paid, the creator confirms receipt, and
the overdue figure on the creator's Home drops by exactly that payout. Two browser contexts, one per person, on
one portal served by `streamlit run` in local mode over a fresh demo workspace (with its demo payouts)."""
from __future__ import annotations

import re
import uuid
from decimal import Decimal

import pytest

from services.core.db.postgres import PostgresGateway
from services.demo.people import demo_person
from services.payouts import payouts
from tests.support.browser import diagnose
from tests.support.demo_browser import from_menu, module_fixtures, pages, press, sign_in, wait_idle

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

pytestmark = pytest.mark.browser


browser_dir, db, portal, chromium = module_fixtures("payouts")


def _overdue_on_home(page) -> str:
    text = page.locator(".st-key-home_overdue").inner_text()
    return re.search(r"Overdue: (\S+)", text).group(1)


def test_brand_marks_paid_creator_confirms_and_homes_overdue_figure_drops(chromium, portal, db, browser_dir):
    url, pool = db
    maya = PostgresGateway(pool, demo_person("maya").person())
    linen = next(p for p in payouts.list_payouts(maya) if p.description == "Summer linen lookbook")
    assert (linen.status, linen.balance) == ("overdue", Decimal("456.75"))
    reference = f"GT-{uuid.uuid4().hex[:6].upper()}"

    with pages(chromium, 2) as (maya_page, sofia_page):
        with diagnose(portal, page=maya_page, artifacts=browser_dir):
            # 1. Home shows what is overdue: £456.75 + 1,800.00 AED at the demo rate 0.21 (£378.00).
            sign_in(maya_page, portal, "maya")
            assert _overdue_on_home(maya_page) == "£834.75"

        with diagnose(portal, page=sofia_page, artifacts=browser_dir):
            # 2. The brand partner marks the overdue payout paid (the amount is filled with what is left).
            sign_in(sofia_page, portal, "sofia")
            from_menu(sofia_page, "Payouts")
            card = sofia_page.locator(f".st-key-brand_payout_{linen.id}")
            expect(card.get_by_text("Summer linen lookbook")).to_be_visible()
            card.get_by_text("Mark a payment sent").click()
            amount = card.locator(f".st-key-sent_{linen.id}_amount input")
            expect(amount).to_have_value("456.75")
            field = card.locator(f".st-key-sent_{linen.id}_reference input")
            field.fill(reference)
            field.press("Tab")
            press(sofia_page, "Mark payment sent", "Payment marked sent. The creator confirms when it arrives.",
                  within=card)
        pending = payouts.get(maya, linen.id)
        assert (pending.pending, pending.status) == (Decimal("456.75"), "overdue"), "not counted until confirmed"

        with diagnose(portal, page=maya_page, artifacts=browser_dir):
            # 3. Until the creator confirms, Home still shows it overdue; then she confirms receipt.
            sign_in(maya_page, portal, "maya")
            assert _overdue_on_home(maya_page) == "£834.75"
            from_menu(maya_page, "Payouts")
            expect(maya_page.get_by_text("1 payout has a payment reported sent by the brand")).to_be_visible()
            maya_page.locator(f".st-key-payout_open_{linen.id} button").click()
            wait_idle(maya_page)
            expect(maya_page.get_by_text(f"reference {reference}")).to_be_visible()
            press(maya_page, "Confirm receipt", "Payment confirmed as received.")

            # 4. Home's overdue figure drops by the payout that was paid.
            sign_in(maya_page, portal, "maya")
            assert _overdue_on_home(maya_page) == "£378.00"
            maya_page.screenshot(path=str(browser_dir / "home-after-payment.png"), full_page=True)

    done = payouts.get(maya, linen.id)
    assert (done.status, done.received, done.balance) == ("paid", Decimal("456.75"), Decimal("0.00"))
    actions = [e.action for e in payouts.history(maya, linen.id)]
    assert actions == ["logged", "payment_sent", "payment_confirmed", "paid"]
