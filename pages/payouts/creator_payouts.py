"""Payouts (creator): what each brand owes, since when, and what arrived. Overdue first, in the home currency
with the rate used; payouts from accepted offers (deposit and balance) and logged by hand; payments recorded or
confirmed; invoices and credit notes as PDFs; reminder texts; disputes and write-offs; billing details."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from services.core import formatting as fmt
from portal.widgets import payouts as pw
from portal.widgets import tax as wtax
from portal import links
from portal.i18n import t, tn
from portal.layout import cards, escape_md, loaded, page, run_change
from services.payouts import invoices
from services.payouts import tax as taxes
from services.payouts import payouts, reminders
from services.people import profiles
from services.core.messages import N_

TABS = (("overdue", "Overdue"), ("open", "Open"), ("paid", "Paid"), ("written_off", "Written off"))
EMPTY = {
    "overdue": "Nothing is overdue.",
    "open": N_("No open payouts. Accepted offers add their deposit and balance here; you can also log one by hand."),
    "paid": N_("Nothing paid yet."),
    "written_off": N_("Nothing written off."),
}
MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"), N_("August"), N_("September"), N_("October"),
          N_("November"), N_("December"))


def render() -> None:
    ctx = page(t("Payouts"))
    gw = ctx.gateway
    read = loaded(lambda: (payouts.list_payouts(gw, creator_id=ctx.signed_in.person.id),
                           payouts.overdue(gw, ctx.currency), payouts.unscheduled_offers(gw),
                           invoices.billing_details(gw)))
    if read is None:
        return
    items, summary, unscheduled, billing = read
    waiting = [p for p in items if p.pending > 0]
    by_id = {p.id: p for p in items}
    if opened := links.opened_with_back(by_id, t("Back to all payouts"), key="payout_back"):
        _detail(by_id[opened], billing, ctx)  # the payout's own URL (?id=)
        st.divider()
        _billing_form(billing, ctx)  # the invoice section points here when payment instructions are missing
        wtax.profile_form(ctx, taxes.creator_profile(gw))
        return
    pw.overdue_headline(summary, ctx)
    if waiting:
        st.info(tn("{n} payout has a payment reported sent by the brand: open it to confirm receipt.",
                   "{n} payouts have a payment reported sent by the brand: open them to confirm receipt.",
                   len(waiting)), icon=":material/mark_email_unread:")
    _unscheduled(unscheduled, ctx)
    grouped = payouts.groups(items)
    tabs = st.tabs([f"{t(label)} ({len(grouped[key])})" for key, label in TABS])
    for tab, (key, _) in zip(tabs, TABS):
        with tab:
            _payout_list(grouped[key], key, ctx)
    st.divider()
    _log_form(ctx)
    _billing_form(billing, ctx)
    wtax.profile_form(ctx, taxes.creator_profile(gw))


def _unscheduled(offers: list[dict], ctx) -> None:
    if not offers:
        return
    with st.container(border=True):
        st.markdown(f"**{t('Accepted deals without payouts')}**")
        for o in offers:
            left, right = st.columns([3, 1])
            left.markdown(f"{escape_md(o['brand_name'])} — {escape_md(o['campaign'])} · "
                          f"{fmt.money(o['fee'], o['currency'], ctx.locale)}")
            if right.button(t("Schedule payouts"), key=f"schedule_{o['id']}"):
                run_change(lambda o=o: payouts.schedule_for_offer(ctx.gateway, o["id"]),
                       t("Payouts scheduled from the deal's payment terms."))


def _payout_list(items: list[payouts.Payout], key: str, ctx) -> None:
    for p, (left, middle, right) in cards(items, t(EMPTY[key])):
        badges = pw.status_badge(p.status) + ("  :red-badge[" + t("Disputed") + "]" if p.disputed else "")
        left.markdown(f"**{escape_md(p.brand_name)}** — {escape_md(p.description)}  {badges}")
        left.caption(" · ".join(x for x in (pw.kind_label(p.kind), p.invoice_number or "",
                                           pw.platform_label(p.platform) if p.platform else "") if x))
        shown = p.balance if p.is_open else p.amount_due
        middle.markdown(f"**{fmt.money(shown, p.currency, ctx.locale)}**")
        middle.caption(pw.due_text(p, ctx.locale) if p.is_open else pw.status_label(p.status))
        right.button(t("Open"), key=f"payout_open_{p.id}", on_click=links.open_item, args=(p.id,),
                     width="stretch")


# -- one payout ----------------------------------------------------------------------------------------------

def _detail(p: payouts.Payout, billing: invoices.BillingDetails, ctx) -> None:
    gw = ctx.gateway
    badges = pw.status_badge(p.status) + ("  :red-badge[" + t("Disputed") + "]" if p.disputed else "")
    st.markdown(f"### {escape_md(p.brand_name)} — {escape_md(p.description)}  {badges}")
    st.markdown(f"**{pw.header_line(p, ctx)}**")
    pw.amounts(p, ctx)
    if p.status_note:
        st.caption(t("Written off: {note}", note=escape_md(p.status_note)))
    if p.disputed:
        st.warning(t("Dispute open since {when}: {note}", when=fmt.local_datetime(p.disputed_at, ctx.time_zone, ctx.locale),
                     note=escape_md(p.dispute_note)), icon=":material/gavel:")
    found = payouts.payments_for(gw, [p.id]).get(p.id, [])
    st.markdown(f"#### {t('Payments')}")
    pw.payments_table(found, ctx, key=f"payments_{p.id}")
    for m in [m for m in found if m.status == "sent"]:
        _confirm(m, p, ctx)
    if p.can_be_paid:
        pw.payment_expander(t("Record a payment received"), p, ctx,
                            lambda details: payouts.record_payment(gw, p, details), t("Payment recorded."), form=f"record_form_{p.id}", key=f"record_{p.id}",
                            date_label=t("Date received"), submit_label=t("Record payment"))
    _invoice(p, billing, ctx)
    if p.status == "overdue":
        _reminders(p, billing, ctx)
    else:
        sent = payouts.reminders(gw, p.id)
        if sent:
            st.markdown(f"#### {t('Reminders sent')}")
            pw.reminders_sent(sent, ctx)
    pw.dispute_forms(p, gw, t("What is the dispute about? (the brand sees this note)"))
    if p.editable:
        _edit_form(p, ctx)
    if p.is_open:
        pw.note_form(t("Write the payout off"), t("Why? (kept with the payout)"), t("Write off"),
                     lambda note: payouts.write_off(gw, p.id, note), t("Payout written off."),
                     form=f"write_off_form_{p.id}", note_key=f"write_off_note_{p.id}", long=True)
    with st.expander(t("History")):
        pw.history(payouts.history(gw, p.id), ctx, me=ctx.signed_in.person.id)


def _confirm(m: payouts.Payment, p: payouts.Payout, ctx) -> None:
    gw = ctx.gateway
    with st.container(border=True):
        st.markdown(t("**{brand}** reported a payment of **{amount}** sent on {date} ({method}, reference {reference}).",
                      brand=escape_md(p.brand_name), amount=fmt.money(m.amount, m.currency, ctx.locale),
                      date=fmt.day(m.sent_on, ctx.locale), method=pw.method_label(m.method),
                      reference=escape_md(m.reference)))
        left, right = st.columns(2)
        with left.form(f"confirm_form_{m.id}"):
            on = st.date_input(t("Date received"), value=m.sent_on, min_value=m.sent_on,
                               max_value=p.today, key=f"confirm_on_{m.id}")
            confirmed = st.form_submit_button(t("Confirm receipt"), type="primary")
        with right.form(f"reject_form_{m.id}"):
            note = st.text_input(t("What is wrong? (for the brand)"), key=f"reject_note_{m.id}")
            rejected = st.form_submit_button(t("It did not arrive"))
        if confirmed:
            run_change(lambda: payouts.confirm_payment(gw, m.id, on), t("Payment confirmed as received."))
        if rejected:
            run_change(lambda: payouts.reject_payment(gw, m.id, note), t("The brand will see that the payment did not arrive."))


def _invoice(p: payouts.Payout, billing: invoices.BillingDetails, ctx) -> None:
    gw = ctx.gateway
    st.markdown(f"#### {t('Invoice')}")
    docs = invoices.list_invoices(gw, payout_ids=[p.id])
    current = next((d for d in docs if d.id == p.invoice_id), None)
    if docs:
        pw.invoice_downloads(gw, docs, ctx, key=f"invoice_pdf_{p.id}")
    if current is not None:
        with st.expander(t("Correct the invoice with a credit note")):
            st.caption(t("An issued invoice is never edited: the credit note cancels {number} in full, then you can "
                         "correct the payout and issue a new invoice.", number=current.display_number))
            with st.form(f"credit_form_{p.id}"):
                reason = st.text_input(t("Reason (printed on the credit note)"), key=f"credit_reason_{p.id}")
                submitted = st.form_submit_button(t("Issue credit note"))
            if submitted:
                run_change(lambda: invoices.credit(gw, current, reason, locale=ctx.locale), t("Credit note issued."))
        return
    if p.status == "written_off":
        return
    if not billing.ready_to_invoice:
        st.info(t("To issue an invoice, add your payment instructions in Billing details below."),
                icon=":material/receipt_long:")
        return
    if p.due_date < p.today:
        st.caption(t("This payout was due on {date}. The invoice is dated today and payable under its terms; the "
                     "payout stays overdue since {date}, late fee included.", date=fmt.day(p.due_date, ctx.locale)))
    defaults = invoices.last_bill_to(gw, p.brand_name)
    with st.expander(t("Issue an invoice"), expanded=not docs):
        with st.form(f"invoice_form_{p.id}"):
            name = st.text_input(t("Bill to (company name)"), value=defaults.name, key=f"bill_name_{p.id}", max_chars=120)
            address = st.text_area(t("Their billing address"), value=defaults.address, key=f"bill_address_{p.id}",
                                   max_chars=500)
            left, right = st.columns(2)
            tax_id = left.text_input(t("Their tax id (optional)"), value=defaults.tax_id, key=f"bill_tax_{p.id}",
                                     max_chars=60)
            email = right.text_input(t("Their billing email (optional)"), value=defaults.email,
                                     key=f"bill_email_{p.id}", max_chars=120)
            notes = st.text_input(t("Note on the invoice (optional)"), key=f"bill_notes_{p.id}", max_chars=1000)
            choices = ["", *wtax.countries()]
            c_left, c_right = st.columns(2)
            country = c_left.selectbox(t("Their country"), choices,
                                       index=choices.index(defaults.country) if defaults.country in choices else 0,
                                       format_func=lambda c: taxes.country_name(c) if c else t("From their billing "
                                                                                               "entity"),
                                       key=f"bill_country_{p.id}")
            supplied = c_right.date_input(t("Date of supply"), value=p.today, key=f"bill_supply_{p.id}")
            st.caption(t("The next number in your series is allocated when you issue it; an issued invoice cannot be "
                         "edited."))
            submitted = st.form_submit_button(t("Issue invoice"), type="primary")
        if submitted:
            run_change(lambda: invoices.issue(gw, p.id, invoices.BillTo(name, address, tax_id, email, notes, country,
                                                                        supplied), locale=ctx.locale),
                   t("Invoice issued. Download the PDF below."))


def _reminders(p: payouts.Payout, billing: invoices.BillingDetails, ctx) -> None:
    st.markdown(f"#### {t('Reminder texts')}")
    interest = taxes.payout_late_interest(ctx.gateway, p)
    recommended = payouts.reminder_facts(p, creator_name=billing.legal_name or ctx.profile["display_name"],
                                         payment_instructions=billing.payment_instructions)
    st.caption(tn("Ready to copy. Polite while the payment is up to {days} day late, firm after that.",
                  "Ready to copy. Polite while the payment is up to {days} days late, firm after that.",
                  payouts.FIRM_AFTER_DAYS, days=payouts.FIRM_AFTER_DAYS))
    for tone, label in (("polite", t("Polite")), ("firm", t("Firm"))):
        facts = payouts.reminder_facts(p, creator_name=billing.legal_name or ctx.profile["display_name"],
                                       payment_instructions=billing.payment_instructions, tone=tone,
                                       interest=interest)
        title = label + (" · " + t("suggested now") if tone == recommended.tone else "")
        text = reminders.reminder_text(facts, ctx.locale)
        with st.expander(title, expanded=tone == recommended.tone):
            st.code(text, language=None, wrap_lines=True)
            if st.button(t("I sent this reminder"), key=f"reminder_sent_{tone}_{p.id}",
                         icon=":material/outgoing_mail:"):
                run_change(lambda text=text, tone=tone: payouts.log_reminder(ctx.gateway, p, tone, text),
                           t("Reminder recorded with the payout."))
    st.markdown(f"##### {t('Reminders sent')}")
    pw.reminders_sent(payouts.reminders(ctx.gateway, p.id), ctx)


# -- forms ------------------------------------------------------------------------------------------------------

def _terms_fields(prefix: str, ctx, *, current: payouts.Payout | None = None, brand: bool = True):
    gw = ctx.gateway
    brand_name = brand_id = None
    if brand:
        linked = payouts.partner_brands(gw)
        options = [""] + list(linked)
        chosen = st.selectbox(t("A brand partner you invited (optional)"), options,
                              format_func=lambda b: linked.get(b, t("Another brand")), key=f"{prefix}_brand_id")
        brand_id = chosen or None
        brand_name = st.text_input(t("Brand name (when it is not one of your partners)"), key=f"{prefix}_brand",
                                   max_chars=120)
    c = current
    description = st.text_input(t("What is it for?"), value=c.description if c else "", key=f"{prefix}_description",
                                max_chars=200)
    currencies = profiles.currency_codes(gw)
    left, middle, right = st.columns(3)
    default_currency = c.currency if c else ctx.currency
    currency = left.selectbox(t("Currency"), currencies, index=currencies.index(default_currency)
                              if default_currency in currencies else 0, key=f"{prefix}_currency")
    amount = middle.text_input(t("Amount (before tax and fees)"), value=str(c.amount) if c else "",
                               key=f"{prefix}_amount", help=t("An exact amount, e.g. 1250.00."))
    platforms = [""] + list(payouts.PLATFORMS)
    platform = right.selectbox(t("Platform"), platforms, index=platforms.index(c.platform) if c and c.platform else 0,
                               format_func=lambda v: pw.platform_label(v or None), key=f"{prefix}_platform")
    today = pw.today_local(ctx)
    left, right = st.columns(2)
    # A payout scheduled from a deal may be billed ahead (when its last deliverable is due): its own dates bound
    # the inputs, so opening it never fails whatever today is.
    latest_billed = max(today, c.billed_on) if c else today
    billed = left.date_input(t("Billed on"), value=c.billed_on if c else today, max_value=latest_billed,
                             min_value=min(c.billed_on, today) - dt.timedelta(days=1100) if c else None,
                             key=f"{prefix}_billed")
    due = right.date_input(t("Due date"), value=c.due_date if c else today + dt.timedelta(days=30),
                           min_value=min(c.due_date, c.billed_on) if c else None,
                           max_value=max(c.due_date, today) + dt.timedelta(days=730) if c else None,
                           key=f"{prefix}_due")
    a, b, c2, d = st.columns(4)
    tax = a.text_input(t("Tax added (%)"), value=str(c.tax_percent) if c else "0", key=f"{prefix}_tax")
    fee = b.text_input(t("Platform or agency fee withheld (%)"), value=str(c.fee_percent) if c else "0",
                       key=f"{prefix}_fee")
    withholding = c2.text_input(t("Withholding tax (%)"), value=str(c.withholding_percent) if c else "0",
                                key=f"{prefix}_withholding")
    late = d.text_input(t("Late fee (% per month)"), value=str(c.late_fee_percent) if c else "0",
                        key=f"{prefix}_late")
    return payouts.PayoutTerms(description=description, currency=currency, amount=amount, due_date=due,
                               brand_name=brand_name or "", brand_id=brand_id, platform=platform or None,
                               billed_on=billed, tax_percent=tax, fee_percent=fee, withholding_percent=withholding,
                               late_fee_percent=late)


def _log_form(ctx) -> None:
    with st.expander(t("Log a payout by hand"), icon=":material/add:"):
        with st.form("log_payout_form"):
            terms = _terms_fields("log", ctx)
            submitted = st.form_submit_button(t("Log payout"), type="primary")
        if submitted:
            def create():
                created = payouts.create(ctx.gateway, terms, today=pw.today_local(ctx))
                links.open_item(created.id)
            run_change(create, t("Payout logged."))


def _edit_form(p: payouts.Payout, ctx) -> None:
    with st.expander(t("Edit the payout")):
        with st.form(f"edit_form_{p.id}"):
            terms = _terms_fields(f"edit_{p.id}", ctx, current=p, brand=False)
            submitted = st.form_submit_button(t("Save changes"), type="primary")
        if submitted:
            run_change(lambda: payouts.update(ctx.gateway, p.id, terms, today=pw.today_local(ctx)), t("Payout saved."))


def _billing_form(billing: invoices.BillingDetails, ctx) -> None:
    with st.expander(t("Billing details"), icon=":material/badge:", expanded=False):
        st.caption(t("Printed on your invoices. Payment instructions are needed before the first invoice."))
        with st.form("billing_form"):
            legal = st.text_input(t("Legal name"), value=billing.legal_name or ctx.profile["display_name"],
                                  key="billing_legal_name", max_chars=120)
            address = st.text_area(t("Address"), value=billing.address or "", key="billing_address", max_chars=500)
            left, right = st.columns(2)
            tax_id = left.text_input(t("Tax id (optional)"), value=billing.tax_id or "", key="billing_tax_id",
                                     max_chars=60)
            email = right.text_input(t("Billing email (optional)"), value=billing.email or "", key="billing_email")
            instructions = st.text_area(t("Payment instructions (bank account, IBAN, payment link)"),
                                        value=billing.payment_instructions or "", key="billing_instructions",
                                        max_chars=1000)
            a, b, c, d = st.columns(4)
            tax = a.text_input(t("Default tax (%)"), value=str(billing.default_tax_percent), key="billing_tax")
            late = b.text_input(t("Default late fee (% per month)"), value=str(billing.default_late_fee_percent),
                                key="billing_late")
            month = c.selectbox(t("Tax year starts in"), list(range(1, 13)), index=billing.fiscal_year_start_month - 1,
                                format_func=lambda m: t(MONTHS[m - 1]), key="billing_fy_month")
            day = d.number_input(t("on day"), min_value=1, max_value=28, value=billing.fiscal_year_start_day, step=1,
                                 key="billing_fy_day")
            submitted = st.form_submit_button(t("Save billing details"), type="primary")
        if submitted:
            run_change(lambda: invoices.save_billing_details(ctx.gateway, invoices.BillingDetails(
                legal, address, tax_id, email, instructions, tax, late, int(month), int(day))),
                t("Billing details saved."))


render()
