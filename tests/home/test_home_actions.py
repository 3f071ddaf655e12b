"""Home's "Needs you" list, both roles, on a demo workspace of its own: the items made in each test appear with
their facts, each link carries the item's id, and the page it links to opens that item from ?id=. Expected lists
come from queries written here on the privileged connection, not from the Home document."""
from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import psycopg
import pytest

from services.core import formatting as fmt
from services.core import clock
from services.core.db.gateway import eq
from services.core.db.postgres import PostgresGateway
from services.demo.people import demo_person
from services.offers import deliverables
from services.offers import offers
from services.offers.offers import Item, Terms
from services.payouts import payouts
from services.reports import reports
from tests.support import databases
from tests.support.app import app_for, as_read, texts
from tests.support.databases import demo_workspace
from tests.support.demo_pages import gw


@pytest.fixture(scope="module")
def demo(database):
    with demo_workspace(database, "home_actions", days=30) as backend:
        yield backend


def today(key: str) -> dt.date:
    return offers.today_in(demo_person(key).time_zone)


def rows(demo, query: str, *params) -> list[tuple]:
    with psycopg.connect(demo.admin_url) as conn:
        return conn.execute(query, params).fetchall()


def links(at) -> list[tuple[str, str, str]]:
    """(url path of the page, label as read, query string) of every page link drawn."""
    return [(e.proto.page.rsplit("/", 1)[-1], as_read(e.proto.label), e.proto.query_string)
            for e in at.get("page_link")]


def link_for(at, item_id: str) -> tuple[str, str, str]:
    found = [link for link in links(at) if link[2] == f"id={item_id}"]
    assert found, f"no link carries id={item_id}: {links(at)}"
    return found[0]


def home(demo, key: str):
    return databases.open_page(demo.admin_url, key, None)


def open_with_id(demo, key: str, page: str, item_id: str):
    at = databases.as_demo(demo.admin_url, key).run()
    at.query_params["id"] = item_id
    at.switch_page(f"../pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def offer_to_maya(demo, *, due_in: int = 8, expires_in: int = 4, fee: str = "300.00") -> offers.Offer:
    tz = demo_person("sofia").time_zone
    start = today("sofia")
    terms = Terms(f"Home test {uuid.uuid4().hex[:6]}", Decimal(fee), "GBP",
                  (Item("instagram", "reel", 1, start + dt.timedelta(days=due_in)),),
                  start + dt.timedelta(days=expires_in))
    return offers.create(gw(demo, "sofia"), demo_person("maya").id, terms, time_zone=tz, send=True)


def payout_for_sofia(demo, *, amount: str = "300.00", due_in: int = 20) -> payouts.Payout:
    g = gw(demo, "maya")
    brand = g.select("brands", filters=[eq("name", demo_person("sofia").brand)])[0]["id"]
    return payouts.create(g, payouts.PayoutTerms(f"Home payout {uuid.uuid4().hex[:6]}", "GBP", amount,
                                                 today("maya") + dt.timedelta(days=due_in), brand_id=brand),
                          today=today("maya"))


# -- creator ------------------------------------------------------------------------------------------------------

def test_a_fresh_offer_is_listed_for_the_creator_with_its_expiry_soonest_first(demo):
    offer = offer_to_maya(demo, expires_in=1)
    at = home(demo, "maya")
    assert "Needs you" in [s.value for s in at.subheader]
    page, label, _ = link_for(at, offer.id)
    assert page == "offers"
    expiry = fmt.local_datetime(offer.expires_at, demo_person("maya").time_zone)
    assert label == f"Answer Green Thread Apparel's offer “{offer.campaign}”: £300.00, expires {expiry}"
    due = today("sofia") + dt.timedelta(days=1)
    assert f"{due:%b} {due.day}, {due.year}" in label, "the expiry date written out (CLDR en: MMM d, y)"
    expected = [str(r[0]) for r in rows(demo, "select id from public.offers where creator_id = %s and status = 'sent' "
                                              "and expires_at > %s order by expires_at, id limit 5",
                                        demo_person("maya").id, clock.now())]
    shown = [q.removeprefix("id=") for p, label, q in links(at) if label.startswith("Answer ") and q]
    assert shown == expected and offer.id in shown


def test_the_offer_link_opens_that_offer_in_the_inbox(demo):
    offer = offer_to_maya(demo)
    at = open_with_id(demo, "maya", "offers/offers_inbox", offer.id)
    keys = {b.key for b in at.button}
    assert "offer_accept" in keys, "the offer's detail (with its answer buttons) is open"
    assert "The link names nothing" not in texts(at)
    assert offer.campaign in " ".join(str(m.value) for m in at.markdown)


def test_an_id_the_creator_cannot_see_is_ignored_with_a_short_message(demo):
    other = next(o for o in offers.list_offers(gw(demo, "amira")))
    at = open_with_id(demo, "maya", "offers/offers_inbox", other.id)
    assert "offer_accept" not in {b.key for b in at.button}
    assert "The link names nothing you can open here: it may be closed, or not shared with you." in texts(at)
    assert other.campaign not in texts(at)


def test_a_deliverable_due_within_a_week_is_listed_and_links_to_its_offer(demo):
    offer = offer_to_maya(demo, due_in=3, expires_in=2)
    offers.accept(gw(demo, "maya"), offer.id)
    due = today("sofia") + dt.timedelta(days=3)
    far = offer_to_maya(demo, due_in=9, expires_in=2)
    offers.accept(gw(demo, "maya"), far.id)
    at = home(demo, "maya")
    page, label, _ = link_for(at, offer.id)
    assert page == "offers"
    assert label == f"Instagram reel for Green Thread Apparel “{offer.campaign}” due {fmt.day(due)}"
    assert not [link for link in links(at) if link[2] == f"id={far.id}"], "due in 9 days: not yet"


def test_a_payment_the_brand_reported_sent_asks_the_creator_to_confirm_and_opens_the_payout(demo):
    p = payout_for_sofia(demo, amount="120.00")
    payouts.mark_sent(gw(demo, "sofia"), p, payouts.PaymentDetails("120.00", "bank_transfer",
                                                                   f"HOME-{uuid.uuid4().hex[:6]}", today("maya")))
    at = home(demo, "maya")
    page, label, _ = link_for(at, p.id)
    assert (page, label) == ("payouts",
                             f"Confirm £120.00 from Green Thread Apparel, reported sent on {fmt.day(today('maya'))}")
    opened = open_with_id(demo, "maya", "payouts/creator_payouts", p.id)
    assert any(b.label == "Confirm receipt" for b in opened.button), "the payout's detail is open"


def test_an_overdue_payout_has_a_reminder_button_that_records_the_suggested_reminder(demo):
    lookbook = next(p for p in payouts.list_payouts(gw(demo, "maya")) if p.description == "Summer linen lookbook")
    at = home(demo, "maya")
    page, label, _ = link_for(at, lookbook.id)
    # the demo's overdue payout: £450.00 and one month's 1.5 % late fee, 45 days past its due date
    assert (page, label) == ("payouts",
                             "Green Thread Apparel owes £456.75 for “Summer linen lookbook”, 45 days overdue")
    count = "select count(*) from public.payout_reminders where payout_id = %s"
    before = rows(demo, count, lookbook.id)[0][0]
    at.button(key=f"home_remind_{lookbook.id}").click().run()
    assert not at.exception, at.exception
    assert "Reminder recorded with the payout." in [e.value for e in at.success]
    assert rows(demo, count, lookbook.id)[0][0] == before + 1
    tone, body, by = rows(demo, "select tone, body, sent_by from public.payout_reminders where payout_id = %s "
                                "order by sent_at desc, id desc limit 1", lookbook.id)[0]
    assert (tone, str(by)) == ("firm", demo_person("maya").id), "45 days late is past the 14 days of politeness"
    assert body.startswith("Subject: Overdue: Summer linen lookbook, 45 days past due")
    assert body in [c.value for c in at.code], "the text recorded is the one shown to copy"
    opened = open_with_id(demo, "maya", "payouts/creator_payouts", lookbook.id)
    assert any(c.value.startswith("Subject: Overdue") for c in opened.code), "the payout's reminders are open"


def test_a_report_a_brand_opened_this_week_is_listed_with_its_views_and_opens_on_reports(demo):
    report = next(r for r in reports.list_reports(gw(demo, "maya")) if r.title == "Spring denim edit · results")
    reports.data(gw(demo, "sofia"), report.id, visit=reports.new_visit_key())
    views = rows(demo, "select count(*) from public.report_views v join public.report_shares s on s.id = v.share_id "
                       "where v.report_id = %s and s.kind = 'brand' and v.viewed_at > %s",
                 report.id, clock.now() - dt.timedelta(days=7))[0][0]
    assert views >= 1
    at = home(demo, "maya")
    page, label, _ = link_for(at, report.id)
    assert page == "reports"
    times = "time" if views == 1 else "times"
    assert label.startswith(f"Green Thread Apparel opened “Spring denim edit · results” {views} {times} in the last "
                            "7 days, last on ")
    other = reports.list_reports(gw(demo, "maya"))[-1]  # not the first, which the page opens by default
    assert other.id != reports.list_reports(gw(demo, "maya"))[0].id
    opened = open_with_id(demo, "maya", "reports/reports_and_media_kit", other.id)
    marked = [str(m.value) for m in opened.markdown if str(m.value).startswith("▸ ")]
    assert len(marked) == 1 and as_read(marked[0]).startswith(f"▸ **{other.title}**")


def test_a_creator_with_nothing_waiting_gets_one_line_then_the_page_as_before(demo):
    at = app_for(demo.admin_url, issuer="https://idp.test", subject=f"new-{uuid.uuid4().hex[:6]}",
                 email="new@example.test", name="New Creator").run()
    assert not at.exception, at.exception
    assert [e.value for e in at.success] == ["Nothing needs you right now."]
    assert not at.get("page_link")
    assert "No numbers yet" in texts(at)


# -- brand partner ------------------------------------------------------------------------------------------------

def test_a_counter_waits_for_the_brand_on_home_and_opens_on_its_offers_page(demo):
    offer = offer_to_maya(demo)
    terms = offer.terms(demo_person("maya").time_zone)
    offers.counter(gw(demo, "maya"), offer.id, Terms(terms.campaign, Decimal("350.00"), "GBP", terms.items,
                                                     terms.expires_on), time_zone=demo_person("maya").time_zone)
    countered = offers.get(gw(demo, "sofia"), offer.id)
    at = home(demo, "sofia")
    page, label, _ = link_for(at, offer.id)
    expiry = fmt.local_datetime(countered.expires_at, demo_person("sofia").time_zone)
    assert (page, label) == ("brand-offers",
                             f"Answer Maya Okafor's counter on “{offer.campaign}”: £350.00, expires {expiry}")
    opened = open_with_id(demo, "sofia", "offers/brand_offers", offer.id)
    assert "offer_accept" in {b.key for b in opened.button}, "the counter is open with its answer buttons"


def test_a_draft_waits_for_the_brand_s_approval_and_opens_its_review(demo):
    offer = offer_to_maya(demo, due_in=10, expires_in=2)
    offers.accept(gw(demo, "maya"), offer.id)
    item = deliverables.for_offers(gw(demo, "maya"), [offer.id])[offer.id][0]
    deliverables.submit_draft(gw(demo, "maya"), item.id, "https://example.test/draft", None)
    at = home(demo, "sofia")
    page, label, _ = link_for(at, offer.id)
    assert (page, label) == ("brand-offers", f"Review Maya Okafor's draft: Instagram reel for “{offer.campaign}”, "
                                                f"due {fmt.day(today('sofia') + dt.timedelta(days=10))}")
    opened = open_with_id(demo, "sofia", "offers/brand_offers", offer.id)
    assert any(b.label == "Approve draft" for b in opened.button), "the draft's review form is open"


def test_what_the_brand_owes_is_listed_by_due_date_with_money_in_its_currency(demo):
    p = payout_for_sofia(demo, amount="75.50", due_in=0)
    at = home(demo, "sofia")
    brand = rows(demo, "select id from public.brands where name = %s", demo_person("sofia").brand)[0][0]
    expected = [str(r[0]) for r in rows(demo, """
        select o.id from public.payouts o
        where o.brand_id = %s and o.status not in ('paid', 'written_off')
          and o.amount_due - coalesce((select sum(x.amount) from public.payments x where x.payout_id = o.id
                                       and x.status in ('sent', 'received')), 0) > 0
        order by o.due_date, o.created_at limit 5""", brand)]
    shown = [q.removeprefix("id=") for page, _l, q in links(at) if page == "brand-payouts" and q]
    assert shown == expected and p.id in shown
    _, label, _ = link_for(at, p.id)
    assert label == f"Pay Maya Okafor £75.50 for “{p.description}” by {fmt.day(today('maya'))}"
    opened = open_with_id(demo, "sofia", "payouts/brand_payouts", p.id)
    assert opened.subheader[0].value.replace("\u2068", "").replace("\u2069", "") == "Opened: Maya Okafor"
    assert p.description in as_read(" ".join(str(m.value) for m in opened.markdown[:4]))


def test_a_report_shared_this_week_is_new_for_the_brand_and_opens_on_shared_reports(demo):
    maya = gw(demo, "maya")
    brand = maya.select("brands", filters=[eq("name", demo_person("sofia").brand)])[0]["id"]
    window_end = today("maya")
    report = reports.create_report(maya, f"Home check {uuid.uuid4().hex[:4]}", start=window_end - dt.timedelta(days=9),
                                   end=window_end)
    reports.share_with_brand(maya, report.id, brand, "live")
    at = home(demo, "sofia")
    page, label, _ = link_for(at, report.id)
    assert page == "shared-reports" and label.startswith(f"New report from Maya Okafor: “{report.title}”, shared ")
    older = reports.shared_with_me(gw(demo, "sofia"))[-1].report  # the newest share is open by default
    assert older.id != report.id
    opened = open_with_id(demo, "sofia", "reports/shared_reports", older.id)
    marked = [as_read(str(m.value)) for m in opened.markdown if str(m.value).startswith("▸ ")]
    assert len(marked) == 1 and marked[0].startswith(f"▸ **{older.title}**")


# -- one call --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["maya", "sofia"])
def test_home_with_its_action_list_is_one_database_call(demo, monkeypatch, key):
    at = databases.as_demo(demo.admin_url, key).run()  # signs in (the profile is loaded once, not counted)
    assert not at.exception, at.exception
    made: list[str] = []
    real = PostgresGateway._run

    def counted(self, work):
        made.append(self.person.id)
        return real(self, work)

    monkeypatch.setattr(PostgresGateway, "_run", counted)
    at.run()
    assert not at.exception, at.exception
    assert "Needs you" in [s.value for s in at.subheader] and at.get("page_link"), "the list drew, with its links"
    assert made == [demo_person(key).id]
