"""AppTest for the payouts pages (creator Payouts and Earnings, brand partner Payouts) and Home's overdue figure,
on a demo workspace with its demo payouts, in a database of its own (so other modules' counts stay as they are).

Downloads are captured by wrapping st.download_button, so the tests read the PDF and CSV bytes a person gets."""
from __future__ import annotations

import datetime as dt
import io
import re
import uuid
from decimal import Decimal
from pathlib import Path

import pandas as pd
import psycopg
import pypdf
import pytest
import streamlit
from psycopg import sql
from streamlit import dataframe_util

from services.core import formatting as fmt
from tests.support.catalogues import record_missing
from services.payouts import earnings
from services.payouts import fx
from services.payouts import invoices
from services.payouts import payouts
from services.core.db.gateway import Person, eq, person_id_for
from services.core.db.postgres import PostgresGateway
from services.demo.people import demo_person
from tests.support.app import app_for, submit, texts
from tests.support import databases
from tests.support.databases import demo_workspace
from services.core import clock
from tests.support.demo_pages import gw, open_page

ECB_DAILY = Path(__file__).parent / "fixtures" / "ecb" / "eurofxref.csv"


@pytest.fixture(scope="module")
def demo(database):
    with demo_workspace(database, "payouts_pages", days=30) as backend:
        yield backend


@pytest.fixture
def downloads(monkeypatch):
    """{widget key: bytes} of every download button drawn (st.download_button or a column's)."""
    from streamlit.delta_generator import DeltaGenerator
    captured: dict[str, bytes] = {}
    real = DeltaGenerator.download_button

    def recording(self, label, data, *args, **kwargs):
        captured[kwargs.get("key")] = data if isinstance(data, bytes) else str(data).encode()
        return real(self, label, data, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", recording)
    main = streamlit.download_button.__self__
    monkeypatch.setattr(streamlit, "download_button", lambda *a, **k: recording(main, *a, **k))
    return captured


def today_in(key: str) -> dt.date:
    return clock.today(demo_person(key).time_zone)


def by_description(demo, key: str, description: str) -> payouts.Payout:
    return next(p for p in payouts.list_payouts(gw(demo, key)) if p.description == description)


def fresh_payout(demo, key: str, *, amount="300.00", currency="GBP", due_in=20, brand_key="sofia") -> payouts.Payout:
    g = gw(demo, key)
    brand = g.select("brands", filters=[eq("name", demo_person(brand_key).brand)])[0]["id"]
    return payouts.create(g, payouts.PayoutTerms(f"Page test {uuid.uuid4().hex[:6]}", currency, amount,
                                                 today_in(key) + dt.timedelta(days=due_in), brand_id=brand),
                          today=today_in(key))


def count(demo, table: str, creator_id: str) -> int:
    with psycopg.connect(demo.admin_url) as conn:
        return conn.execute(sql.SQL("select count(*) from {} where creator_id = %s").format(
            sql.Identifier("public", table)), (creator_id,)).fetchone()[0]


def pdf_text(data: bytes) -> str:
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages))


# -- Home ----------------------------------------------------------------------------------------------------

def test_home_shows_what_is_overdue_in_the_home_currency_with_the_rate_used(demo):
    at = open_page(demo, "maya", None)
    page = texts(at)
    # £456.75 (450.00 and one month's 1.5 % late fee) + 1,800.00 AED at the demo rate 0.21 = £378.00
    assert "**Overdue: £834.75** · 2 payouts, oldest due " in page
    assert "AED\u00a01,800.00 → £378.00 at 1 AED = 0.21 GBP (entered by hand" in page
    assert [m.label for m in at.metric] == ["Total followers", "Posts in the last 30 days", "Engagement rate by reach"], \
        "Home's own numbers stay as they are"


def test_home_has_no_money_section_for_a_creator_without_payouts(demo):
    at = app_for(demo.admin_url, issuer="https://idp.test", subject=f"new-{uuid.uuid4().hex[:6]}",
                 email="new@example.test", name="New Creator").run()
    assert not at.exception
    assert "Overdue" not in texts(at)
    assert "No numbers yet" in texts(at)


# -- creator: Payouts ------------------------------------------------------------------------------------------

def test_payouts_page_lists_overdue_first_with_tabs_and_counts(demo):
    at = open_page(demo, "maya", "payouts/creator_payouts")
    labels = [tab.label for tab in at.tabs]
    assert labels[0] == "Overdue (2)" and labels[1].startswith("Open (") and labels[2].startswith("Paid (")
    page = texts(at)
    assert "Summer linen lookbook" in page and "£456.75" in page and "45 days overdue" in page
    assert "Ramadan pantry box" not in page, "another creator's payout"
    assert {m.label: m.value for m in at.metric}["Overdue"] == "£834.75"


def test_an_overdue_payout_offers_polite_and_firm_reminders_filled_with_its_facts(demo):
    p = by_description(demo, "maya", "Summer linen lookbook")
    at = open_page(demo, "maya", "payouts/creator_payouts")
    at.button(key=f"payout_open_{p.id}").click().run()
    assert not at.exception
    codes = [c.value for c in at.code]
    polite = next(c for c in codes if c.startswith("Subject: Friendly reminder"))
    firm = next(c for c in codes if c.startswith("Subject: Overdue"))
    assert "Subject: Overdue: Summer linen lookbook, 45 days past due" in firm
    assert "Hello Green Thread Apparel team" in firm and "The outstanding balance is £456.75, including a late fee of " \
                                                        "£6.75 (1.5 % per month, as agreed)" in firm
    assert "Sort code 00-00-00" in firm and firm.rstrip().endswith("Maya Okafor Studio")
    assert "the payment of £450.00 for Summer linen lookbook was due on " + fmt.day(p.due_date) in polite
    assert "Firm · suggested now" in [e.label for e in at.expander]
    both = firm + polite
    assert both.count("Summer linen lookbook") == 4, "the name once per subject and once per body"
    assert "invoice" not in both.lower(), "never invoiced: no reminder mentions an invoice"


def test_a_reminder_marked_sent_is_recorded_and_shown_on_the_payout(demo):
    p = by_description(demo, "maya", "Summer linen lookbook")
    maya = demo_person("maya").id
    before = count(demo, "payout_reminders", maya)
    at = open_page(demo, "maya", "payouts/creator_payouts")
    at.button(key=f"payout_open_{p.id}").click().run()
    firm = next(c.value for c in at.code if c.value.startswith("Subject: Overdue"))
    at.button(key=f"reminder_sent_firm_{p.id}").click().run()
    assert not at.exception and [e.value for e in at.success] == ["Reminder recorded with the payout."]
    assert count(demo, "payout_reminders", maya) == before + 1
    sent = payouts.reminders(gw(demo, "maya"), p.id)
    assert (sent[0].tone, sent[0].body, sent[0].sent_by) == ("firm", firm, maya)
    at.run()
    assert any(e.label.startswith("Firm reminder sent ") for e in at.expander)
    assert "sent a payment reminder" in texts(at)


@pytest.mark.parametrize("key", ["maya", "leo", "amira"])
def test_each_demo_creator_opens_a_payout_dated_after_today_and_sees_edit_write_off_and_history(demo, key):
    today = today_in(key)
    ahead = [p for p in payouts.list_payouts(gw(demo, key), creator_id=demo_person(key).id)
             if p.is_open and p.editable and p.due_date > today]
    assert ahead, "the demo gives every creator an open payout due after today"
    p = max(ahead, key=lambda x: (x.billed_on, x.due_date))  # a deal's balance is billed ahead too
    at = open_page(demo, key, "payouts/creator_payouts")
    at.button(key=f"payout_open_{p.id}").click().run()
    assert not at.exception, at.exception
    labels = [e.label for e in at.expander]
    assert {"Edit the payout", "Write the payout off", "History"} <= set(labels), labels
    assert at.date_input(key=f"edit_{p.id}_billed").value == p.billed_on
    assert at.date_input(key=f"edit_{p.id}_due").value == p.due_date
    at.button(key=f"FormSubmitter:edit_form_{p.id}-Save changes").click().run()
    assert not at.exception and [e.value for e in at.success] == ["Payout saved."], [e.value for e in at.error]
    assert payouts.get(gw(demo, key), p.id).billed_on == p.billed_on


def test_a_total_converted_at_an_old_rate_shows_its_date_and_warns(demo):
    at = open_page(demo, "maya", None)
    rate_day = today_in("maya") - dt.timedelta(days=400)
    page = texts(at)
    assert f"(entered by hand, rate of {fmt.day(rate_day)})" in page
    assert [w.value for w in at.warning if "The rate from AED to GBP" in w.value] == [
        f"The rate from AED to GBP is from {fmt.day(rate_day)}, 400 days ago: add a newer one on the Earnings page "
        "for a current total."]


def test_creator_records_a_payment_and_bad_amounts_are_refused_with_nothing_written(demo):
    p = fresh_payout(demo, "maya", amount="300.00")
    maya = demo_person("maya").id
    at = open_page(demo, "maya", "payouts/creator_payouts")
    at.button(key=f"payout_open_{p.id}").click().run()
    before = count(demo, "payments", maya)
    submit = f"FormSubmitter:record_form_{p.id}-Record payment"
    for amount, message in (("10.001", "The payment in GBP has at most 2 decimal places (got 10.001)."),
                            ("300.01", "A payment of 300.01 GBP is more than the balance: 300.00 GBP is still due "
                                       "(late fees included)."),
                            ("lots", 'The payment "lots" is not a number.')):
        at.text_input(key=f"record_{p.id}_amount").input(amount)
        at.text_input(key=f"record_{p.id}_reference").input(f"REF-{uuid.uuid4().hex[:6]}")
        at.button(key=submit).click().run()
        assert not at.exception and [e.value for e in at.error] == [message]
        assert count(demo, "payments", maya) == before
    at.text_input(key=f"record_{p.id}_amount").input("120.00")
    at.text_input(key=f"record_{p.id}_reference").input("FPS-2026-1181")
    at.selectbox(key=f"record_{p.id}_method").set_value("paypal")
    at.button(key=submit).click().run()
    assert not at.exception and "Payment recorded." in texts(at)
    after = payouts.get(gw(demo, "maya"), p.id)
    assert (after.status, after.received, after.balance) == ("partially_paid", Decimal("120.00"), Decimal("180.00"))
    [payments] = [d for d in at.dataframe if "Method" in d.value.columns]
    assert payments.value["Amount"].tolist() == [120.0], "the amount column sorts as a number"
    shown = displayed(payments)
    assert shown["Amount"].tolist() == ["£120.00"] and shown["Method"].tolist() == ["PayPal"]
    assert shown["Date"].tolist() == [fmt.day(after.last_received_on, "en")]


def test_creator_issues_an_invoice_downloads_its_pdf_and_corrects_it_with_a_credit_note(demo, downloads):
    p = fresh_payout(demo, "maya", amount="640.00")
    at = open_page(demo, "maya", "payouts/creator_payouts")
    at.button(key=f"payout_open_{p.id}").click().run()
    submit(at, f"invoice_form_{p.id}", "Issue invoice", {f"bill_name_{p.id}": "Green Thread Apparel Ltd",
                                                         f"bill_address_{p.id}": "Unit 4, Mill Lane, Leeds"})
    assert not at.exception and "Invoice issued. Download the PDF below." in texts(at)
    issued = payouts.get(gw(demo, "maya"), p.id)
    assert issued.status == "invoiced"
    pdf = next(data for key, data in downloads.items() if key.startswith(f"invoice_pdf_{p.id}"))
    text = pdf_text(pdf)
    # Maya is VAT-registered in the UK and Green Thread's billing entity is in the UK (demo tax profiles): domestic
    # VAT at 20 % (VAT Act 1994 s.2(1)) is added: 640.00 + 128.00 = 768.00
    assert issued.invoice_number in text and "VAT 20 % on 640.00 GBP 128.00 GBP" in text
    assert "Amount due 768.00 GBP" in text and "Green Thread Apparel Ltd" in text
    submit(at, f"credit_form_{p.id}", "Issue credit note",
           {f"credit_reason_{p.id}": "Wrong amount: the agreed fee was 600"})
    assert not at.exception and "Credit note issued." in texts(at)
    assert payouts.get(gw(demo, "maya"), p.id).status == "scheduled"
    notes = [data for key, data in downloads.items() if key.startswith(f"invoice_pdf_{p.id}")]
    assert any("CREDIT NOTE" in pdf_text(d) and "Wrong amount: the agreed fee was 600" in pdf_text(d) for d in notes)


def test_creator_logs_a_payout_by_hand_and_an_amount_with_too_many_decimals_is_refused(demo):
    leo = demo_person("leo").id
    at = open_page(demo, "leo", "payouts/creator_payouts")
    before = count(demo, "payouts", leo)
    submit(at, "log_payout_form", "Log payout", {"log_brand": "Retro Pad Co", "log_description": "Controller review",
                                                 "log_currency": "JPY", "log_amount": "12000.5"})
    assert [e.value for e in at.error] == ["The amount in JPY has no decimal places (got 12000.5)."]
    assert count(demo, "payouts", leo) == before
    submit(at, "log_payout_form", "Log payout", {"log_amount": "12000", "log_late": "2"})
    assert not at.exception and "Payout logged." in texts(at)
    logged = by_description(demo, "leo", "Controller review")
    assert (logged.currency, logged.amount, logged.brand_name, logged.late_fee_percent) == (
        "JPY", Decimal("12000"), "Retro Pad Co", Decimal("2.00"))


def test_creator_confirms_a_payment_the_brand_reported_sent(demo):
    p = by_description(demo, "leo", "Speedrun charity stream")
    at = open_page(demo, "leo", "payouts/creator_payouts")
    assert "1 payout has a payment reported sent by the brand" in texts(at)
    at.button(key=f"payout_open_{p.id}").click().run()
    payment = payouts.payments_for(gw(demo, "leo"), [p.id])[p.id][0]
    assert "reported a payment of **$200.00** sent on" in texts(at)
    at.button(key=f"FormSubmitter:confirm_form_{payment.id}-Confirm receipt").click().run()
    assert not at.exception and "Payment confirmed as received." in texts(at)
    after = payouts.get(gw(demo, "leo"), p.id)
    assert (after.status, after.received, after.pending) == ("partially_paid", Decimal("200.00"), Decimal("0"))


def test_creator_saves_billing_details_and_writes_a_payout_off(demo):
    at = open_page(demo, "amira", "payouts/creator_payouts")
    submit(at, "billing_form", "Save billing details", {"billing_instructions": "IBAN AE00 1234 (demo)",
                                                        "billing_fy_month": 4, "billing_fy_day": 6})
    assert not at.exception and "Billing details saved." in texts(at)
    saved = invoices.billing_details(gw(demo, "amira"))
    assert (saved.payment_instructions, saved.fiscal_year_start_month, saved.fiscal_year_start_day) == (
        "IBAN AE00 1234 (demo)", 4, 6)
    p = fresh_payout(demo, "amira", currency="AED", amount="900.00", brand_key="nadia")
    at.run()
    at.button(key=f"payout_open_{p.id}").click().run()
    submit(at, f"write_off_form_{p.id}", "Write off",
           {f"write_off_note_{p.id}": "The campaign was cancelled before launch"})
    assert not at.exception and "Payout written off." in texts(at)
    assert payouts.get(gw(demo, "amira"), p.id).status == "written_off"


def test_an_accepted_deal_without_payouts_can_be_scheduled_from_the_page(demo):
    p = by_description(demo, "leo", "Fee · Starfall demo stream")
    with psycopg.connect(demo.admin_url, autocommit=True) as conn:  # as if accepted before payouts existed
        conn.execute("delete from public.payouts where id = %s", (p.id,))
    at = open_page(demo, "leo", "payouts/creator_payouts")
    assert "Accepted deals without payouts" in texts(at)
    at.button(key=f"schedule_{p.offer_id}").click().run()
    assert not at.exception and "Payouts scheduled from the deal's payment terms." in texts(at)
    again = by_description(demo, "leo", "Fee · Starfall demo stream")
    assert (again.amount, again.currency) == (Decimal("650.00"), "USD")


def opened_id(at) -> str | None:
    """The payout the page's URL names (?id=), as the next run reads it."""
    value = at.query_params.get("id")
    return value[0] if isinstance(value, list) else value


def test_open_puts_the_payout_in_the_url_shows_it_first_with_its_status_amount_and_due_date(demo):
    p = fresh_payout(demo, "maya", amount="320.00", due_in=9)
    at = open_page(demo, "maya", "payouts/creator_payouts")
    assert opened_id(at) is None and at.tabs
    at.button(key=f"payout_open_{p.id}").click().run()
    assert not at.exception and opened_id(at) == p.id, "the payout has its own URL"
    assert at.main.button[0].key == "payout_back" and at.main.button[0].label == "Back to all payouts"
    assert p.description in at.main.markdown[0].value, "the payout's heading comes first"
    due = fmt.day(today_in("maya") + dt.timedelta(days=9))
    assert at.main.markdown[1].value == f"**Scheduled · £320.00 to pay · due {due}**"
    assert not at.tabs and f"payout_open_{p.id}" not in {b.key for b in at.button}, "the list is not drawn"
    assert "Billing details" in {e.label for e in at.expander}, "the invoice section's pointer still lands"
    at.button(key="payout_back").click().run()
    assert not at.exception and opened_id(at) is None and at.tabs


def test_an_overdue_payout_s_header_says_how_late_it_is(demo):
    # Leo's, to a brand that is not a partner: the other tests' overdue counts (Maya's, Green Thread's) stay as they are
    p = payouts.create(gw(demo, "leo"), payouts.PayoutTerms(
        f"Page test {uuid.uuid4().hex[:6]}", "USD", "80.00", today_in("leo") - dt.timedelta(days=3),
        brand_name="Retro Pad Co", billed_on=today_in("leo") - dt.timedelta(days=20)), today=today_in("leo"))
    at = databases.as_demo(demo.admin_url, "leo").run()
    at.query_params["id"] = p.id  # the URL Open gives, typed or shared
    at.switch_page("../pages/payouts/creator_payouts.py").run()
    assert not at.exception and opened_id(at) == p.id
    due = fmt.day(today_in("leo") - dt.timedelta(days=3))
    assert at.main.markdown[1].value == f"**Overdue · $80.00 to pay · due {due}, 3 days ago**"


# -- brand partner: Payouts ---------------------------------------------------------------------------------------

def test_brand_partner_opens_a_payout_on_its_own_url_and_goes_back_to_the_list(demo):
    p = fresh_payout(demo, "maya", amount="145.00", due_in=15)
    at = open_page(demo, "sofia", "payouts/brand_payouts")
    assert opened_id(at) is None and "You owe" in texts(at)
    at.button(key=f"payout_open_{p.id}").click().run()
    assert not at.exception and opened_id(at) == p.id
    assert at.main.button[0].key == "payout_back"
    due = fmt.day(today_in("maya") + dt.timedelta(days=15))
    assert at.main.markdown[0].value == f"**Scheduled · £145.00 to pay · due {due}**"
    assert "You owe" not in texts(at) and "Summer linen lookbook" not in texts(at), "only the opened payout"
    assert at.text_input(key=f"sent_{p.id}_amount"), "its payment form, where the person is looking"
    at.button(key="payout_back").click().run()
    assert not at.exception and opened_id(at) is None and "You owe" in texts(at)

def test_brand_partner_sees_what_it_owes_each_creator_and_marks_a_payment_sent(demo):
    p = fresh_payout(demo, "maya", amount="210.00")
    at = open_page(demo, "sofia", "payouts/brand_payouts")
    page = texts(at)
    assert "Maya Okafor" in page and "You owe" in page and "Summer linen lookbook" in page
    assert "1 payout overdue" in page
    assert "Verdant Pantry" not in page and "Pantry staples story set" not in page, "another brand's payout"
    submit = f"FormSubmitter:sent_form_{p.id}-Mark payment sent"
    at.text_input(key=f"sent_{p.id}_amount").input("210.01")
    at.text_input(key=f"sent_{p.id}_reference").input("GT-PAY-90210")
    at.button(key=submit).click().run()
    assert [e.value for e in at.error] == ["A payment of 210.01 GBP is more than the balance: 210.00 GBP is still due "
                                           "(late fees included)."]
    at.text_input(key=f"sent_{p.id}_amount").input("210.00")
    at.button(key=submit).click().run()
    assert not at.exception and "Payment marked sent. The creator confirms when it arrives." in texts(at)
    assert "You reported £210.00 sent on" in texts(at)
    after = payouts.get(gw(demo, "maya"), p.id)
    assert (after.pending, after.received, after.status) == (Decimal("210.00"), Decimal("0"), "scheduled")


def test_brand_partner_downloads_the_invoice_and_opens_a_dispute(demo, downloads):
    p = by_description(demo, "maya", "Fee · Spring denim edit")
    at = open_page(demo, "sofia", "payouts/brand_payouts")
    pdf = next(data for key, data in downloads.items() if key.startswith(f"brand_invoice_{p.id}"))
    # Maya is VAT-registered in the UK and so is Green Thread: 500.00 GBP + 20 % UK VAT (100.00) = 600.00 GBP
    assert "INV-0001" in pdf_text(pdf) and "Amount due 600.00 GBP" in pdf_text(pdf)
    submit(at, f"brand_dispute_form_{p.id}", "Open dispute",
           {f"brand_dispute_note_{p.id}": "The reel was posted a week late"})
    assert not at.exception and "Dispute opened." in texts(at)
    assert payouts.get(gw(demo, "maya"), p.id).dispute_note == "The reel was posted a week late"
    creator = open_page(demo, "maya", "payouts/creator_payouts")
    creator.button(key=f"payout_open_{p.id}").click().run()
    assert "Dispute open since" in texts(creator) and "The reel was posted a week late" in texts(creator)


def test_a_brand_partner_cannot_reach_the_creator_pages_and_a_creator_not_the_brand_page(demo):
    at = open_page(demo, "tom", None)
    for page in ("payouts/creator_payouts", "payouts/earnings"):
        with pytest.raises(ValueError):
            at.switch_page(f"../pages/{page}.py")
    creator = open_page(demo, "leo", None)
    with pytest.raises(ValueError):
        creator.switch_page("../pages/payouts/brand_payouts.py")


# -- creator: Earnings -------------------------------------------------------------------------------------------

def displayed(element):
    """What a table shows (its formatted text), beside .value, the numbers it sorts on."""
    return dataframe_util.convert_arrow_bytes_to_pandas_df(element.proto.arrow_data.styler.display_values)


def test_earnings_page_shows_received_vs_expected_by_month_brand_and_platform(demo):
    at = open_page(demo, "maya", "payouts/earnings")
    metrics = {m.label: m.value for m in at.metric}
    start, end = at.date_input(key="earnings_from").value, at.date_input(key="earnings_to").value
    data = earnings.load(gw(demo, "maya"), start, end, "GBP")
    assert metrics["Received"] == fmt.money(data.total("received"), "GBP")
    assert metrics["Expected"] == fmt.money(data.total("expected"), "GBP")
    assert at.get("plotly_chart"), "the monthly chart is drawn"
    frames = {tuple(d.value.columns): d.value for d in at.dataframe}
    elements = {tuple(d.value.columns): d for d in at.dataframe}
    by_brand = next(f for cols, f in frames.items() if cols[0] == "Brand" and "Expected" in cols)
    rows = {r["Brand"]: (r["Received"], r["Expected"]) for r in by_brand.to_dict("records")}
    # €300.00 received and expected, at the demo rate 0.85: £255.00, a number underneath (the column sorts on it)
    assert rows["Refash Berlin"] == (255.0, 255.0)
    brand_text = displayed(elements[tuple(by_brand.columns)])
    assert brand_text[brand_text["Brand"] == "Refash Berlin"][["Received", "Expected"]].iloc[0].tolist() == \
        ["£255.00", "£255.00"]
    by_platform = next(f for cols, f in frames.items() if cols[0] == "Platform")
    assert {"TikTok", "Instagram"} <= set(by_platform["Platform"])
    rates = next(f for cols, f in frames.items() if "Rate date" in cols)
    assert "1 EUR = 0.85 GBP" in set(rates["Rate"]) and set(rates["Source"]) == {"entered by hand"}
    speed_cols = next(cols for cols in frames if cols[0] == "Brand" and "Average days to pay" in cols)
    speed, speed_text = frames[speed_cols], displayed(elements[speed_cols])
    green = speed[speed["Brand"] == "Green Thread Apparel"].iloc[0]
    green_text = speed_text[speed_text["Brand"] == "Green Thread Apparel"].iloc[0]
    # Spring capsule try-on: billed 160 days ago, due 130 days ago, paid 121 days ago
    assert (green["Paid payouts"], green["Average days to pay"], green["Average days late"]) == (1, 39.0, 9.0)
    assert (green_text["Paid payouts"], green_text["Average days to pay"], green_text["Average days late"]) == \
        ("1", "39.0", "9.0")


def test_the_tax_year_summary_follows_the_chosen_start_and_its_csv_neutralises_formulas(demo, downloads):
    maya = gw(demo, "maya")
    sneaky = payouts.create(maya, payouts.PayoutTerms("+1 formula in a description", "GBP", "80.00",
                                                      today_in("maya") + dt.timedelta(days=5),
                                                      brand_name="=HYPERLINK(\"https://evil.example\")"),
                            today=today_in("maya"))
    payouts.record_payment(maya, sneaky, payouts.PaymentDetails("80.00", "cash", "-CASH-1", today_in("maya")))
    at = open_page(demo, "maya", "payouts/earnings")
    assert at.radio(key="earnings_year_kind").value == "fiscal", "Maya's billing details start the year on 6 April"
    table = next(d.value for d in at.dataframe if "Tax year" in d.value.columns)
    assert all(re.fullmatch(r"\d{4}/\d{2}", label) for label in table["Tax year"])
    assert {(d.month, d.day) for d in pd.to_datetime(table["From"])} == {(4, 6)}
    summary_csv = downloads["earnings_tax_csv"].decode()
    assert summary_csv.splitlines()[0].startswith("Tax year,From,To,Currency,Received,Invoiced")
    detail = downloads["earnings_tax_detail_csv"].decode()
    assert "'=HYPERLINK(\"\"https://evil.example\"\")" in detail and "'+1 formula in a description" in detail
    assert "'-CASH-1" in detail and ",=" not in detail and ",+" not in detail
    at.radio(key="earnings_year_kind").set_value("calendar").run()
    table = next(d.value for d in at.dataframe if "Tax year" in d.value.columns)
    assert all(re.fullmatch(r"\d{4}", label) for label in table["Tax year"])


def test_rates_are_entered_by_hand_or_imported_from_the_ecb_file_on_the_earnings_page(demo):
    at = open_page(demo, "leo", "payouts/earnings")
    submit(at, "fx_rate_form", "Save rate", {"fx_rate": "0,86"})
    assert [e.value for e in at.error] == ['The rate "0,86" is not a number: write decimals with a point, e.g. 0.8612.']
    assert fx.list_rates(gw(demo, "leo"))[0].rate_date < today_in("leo"), "nothing was saved"
    submit(at, "fx_rate_form", "Save rate", {"fx_base": "CHF", "fx_quote": "EUR", "fx_rate": "1.0731"})
    assert not at.exception and "Rate saved." in texts(at)
    at.file_uploader(key="fx_ecb_file").set_value(("eurofxref.csv", ECB_DAILY.read_bytes(), "text/csv")).run()
    at.button(key="fx_ecb_import").click().run()
    assert not at.exception
    assert "Imported 30 rates (2026-11-27 to 2026-11-27); 0 were already stored, 0 are for currencies" in texts(at)
    assert {(r.base, r.quote, r.source) for r in fx.list_rates(gw(demo, "leo"))} >= {
        ("CHF", "EUR", "manual"), ("EUR", "USD", "ecb"), ("EUR", "GBP", "ecb")}


def test_the_payouts_pages_are_translated_into_arabic(demo, monkeypatch):
    subject = f"ar-{uuid.uuid4().hex[:6]}"
    person_id = person_id_for("https://idp.test", subject)
    at = app_for(demo.admin_url, issuer="https://idp.test", subject=subject, email="ar@example.test",
                 name="Salma Aziz").run()
    g = PostgresGateway(demo.pool, Person(id=person_id))
    g.rpc("update_profile", {"p_display_name": "Salma Aziz", "p_niche": None, "p_home_currency": "SAR",
                             "p_time_zone": "Asia/Riyadh", "p_locale": "ar", "p_disclosure_markets": ["SA"]})
    invoices.save_billing_details(g, invoices.BillingDetails(payment_instructions="IBAN SA00 (demo)"))
    p = payouts.create(g, payouts.PayoutTerms("حملة رمضان", "SAR", "1500.00",
                                              today_in("amira") - dt.timedelta(days=3), brand_name="متجر",
                                              billed_on=today_in("amira") - dt.timedelta(days=40)), today=today_in("amira"))
    missing = record_missing(monkeypatch)
    for page in ("payouts/creator_payouts", "payouts/earnings", None):
        # A fresh session per view, no clicks: AppTest re-formats option labels outside the run, in English.
        at = app_for(demo.admin_url, issuer="https://idp.test", subject=subject, email="ar@example.test",
                     name="Salma Aziz")
        at.query_params["id"] = p.id  # the payout opened on its own URL (portal/links.py)
        at.run()
        if page:
            at.switch_page(f"../pages/{page}.py").run()
        assert not at.exception, at.exception
        expected = {"payouts/creator_payouts": "نصوص التذكير", "payouts/earnings": "ملخص السنة الضريبية",
                    None: "**المتأخر: "}[page]
        assert expected in texts(at), page
        if page == "payouts/creator_payouts":
            assert "الموضوع: تذكير ودي" in texts(at), "the opened payout's reminder, in Arabic"
    from portal import menu
    mine = {"Payouts", "Earnings"}
    others = {entry.title for entries in menu.MENU.values() for entry in entries} - mine
    assert not missing - others, f"strings without an Arabic translation: {sorted(missing - others)}"


def test_the_tax_return_figures_open_on_request_and_say_they_are_not_advice(demo):
    at = open_page(demo, "maya", "payouts/earnings")
    assert "it is not tax advice" not in texts(at), "closed until asked for: the page stays at its two database calls"
    at.toggle(key="earnings_country_summary").set_value(True).run()
    assert not at.exception, at.exception
    page = texts(at)
    assert "it is not tax advice" in page
    assert "Download this summary as CSV" in [b.proto.label for b in at.get("download_button")] \
        or "No payments received in this tax year yet." in page
