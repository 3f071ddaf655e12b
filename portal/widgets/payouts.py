"""Widgets shared by the creator's Payouts and Earnings pages, the brand partner's Payouts page and Home: labels,
status badges, the amounts of a payout, its payments and history, invoice downloads, the payment form and
reminder texts. Streamlit glue only: values in, services called by the pages."""
from __future__ import annotations

import datetime as dt
from typing import Callable

import pandas as pd
import streamlit as st

from services.core import formatting as fmt
from portal.i18n import N_, action_sentence, error_text, pt, t, tn
from portal.layout import escape_md, plain_text, run_change
from portal import tables
from services.core import clock, platforms
from services.payouts import invoices, tax
from services.payouts import payouts
from services.payouts.reminders import percent_figure
from services.core.errors import DomainError


def status_label(status: str | None) -> str:
    return {"scheduled": t("Scheduled"), "invoiced": t("Invoiced"), "partially_paid": t("Partially paid"),
            "paid": t("Paid"), "overdue": t("Overdue"), "written_off": t("Written off")}.get(status or "", status or "")


def status_badge(status: str) -> str:
    colour = {"scheduled": "blue", "invoiced": "violet", "partially_paid": "orange", "paid": "green",
              "overdue": "red", "written_off": "gray"}.get(status, "gray")
    return f":{colour}-badge[{status_label(status)}]"


def kind_label(kind: str) -> str:
    return {"deposit": pt("payout kind", "Deposit"), "balance": pt("payout kind", "Balance"), "manual": t("Logged by hand")}.get(kind, kind)


def method_label(method: str) -> str:
    return {"bank_transfer": t("Bank transfer"), "paypal": "PayPal", "wise": "Wise", "stripe": "Stripe",
            "card": t("Card"), "cash": t("Cash"), "cheque": t("Cheque"), "platform": t("Platform payout"),
            "other": t("Other")}.get(method, method)


def payment_status_label(status: str) -> str:
    return {"sent": t("Reported sent, waiting for confirmation"), "received": t("Received"),
            "rejected": t("Not received")}.get(status, status)


def platform_label(platform: str | None) -> str:
    return {**platforms.LABELS, "several": t("Several platforms"), "unspecified": t("Not specified"),
            None: t("Not specified")}.get(platform, platform or t("Not specified"))


def source_label(source: str | None) -> str:
    return {"manual": t("entered by hand"), "ecb": t("ECB reference rate"), "same currency": t("same currency"),
            None: t("no rate")}.get(source, source or t("no rate"))


def entry_label(entry: str) -> str:
    return {"received": t("Received"), "expected": t("Expected"), "invoiced": t("Invoiced"),
            "tax_charged": t("Tax charged"), "fee_withheld": t("Fees withheld"),
            "tax_withheld": t("Withholding tax withheld"), "written_off": t("Written off")}.get(entry, entry)


PAYOUT_ACTIONS = {
    "logged": (N_("You logged the payout"), N_("{who} logged the payout"), N_("The payout was logged")),
    "scheduled": (N_("You scheduled it from the accepted offer"), N_("{who} scheduled it from the accepted offer"),
                  N_("Scheduled from the accepted offer")),
    "edited": (N_("You edited the payout"), N_("{who} edited the payout"), N_("The payout was edited")),
    "invoice_issued": (N_("You issued the invoice"), N_("{who} issued the invoice"), N_("The invoice was issued")),
    "credit_note_issued": (N_("You issued a credit note"), N_("{who} issued a credit note"),
                           N_("A credit note was issued")),
    "invoiced": (N_("Status: invoiced"), N_("Status: invoiced"), N_("Status: invoiced")),
    "payment_sent": (N_("You marked a payment sent"), N_("{who} marked a payment sent"),
                     N_("A payment was marked sent")),
    "payment_confirmed": (N_("You confirmed a payment arrived"), N_("{who} confirmed a payment arrived"),
                          N_("A payment was confirmed")),
    "payment_received": (N_("You recorded a payment received"), N_("{who} recorded a payment received"),
                         N_("A payment was recorded")),
    "payment_rejected": (N_("You said a payment did not arrive"), N_("{who} said a payment did not arrive"),
                         N_("A payment was reported missing")),
    "partially_paid": (N_("Status: partially paid"), N_("Status: partially paid"), N_("Status: partially paid")),
    "paid": (N_("Status: paid in full"), N_("Status: paid in full"), N_("Status: paid in full")),
    "written_off": (N_("You wrote the payout off"), N_("{who} wrote the payout off"), N_("The payout was written off")),
    "dispute_opened": (N_("You opened a dispute"), N_("{who} opened a dispute"), N_("A dispute was opened")),
    "dispute_resolved": (N_("You resolved the dispute"), N_("{who} resolved the dispute"),
                         N_("The dispute was resolved")),
    "reminder_sent": (N_("You sent a payment reminder"), N_("{who} sent a payment reminder"),
                      N_("A payment reminder was sent")),
}


def due_text(p: payouts.Payout, locale: str) -> str:
    if p.status == "overdue":
        return tn("due {date} · {days} day overdue", "due {date} · {days} days overdue", p.days_overdue,
                  date=fmt.day(p.due_date, locale), days=fmt.number(p.days_overdue, locale))
    return t("due {date}", date=fmt.day(p.due_date, locale))


def header_line(p: payouts.Payout, ctx) -> str:
    """One line at the top of an opened payout: its status, what is left to pay (or what was due, once closed) and
    the due date."""
    status, due = status_label(p.status), fmt.day(p.due_date, ctx.locale)
    if p.status == "overdue":
        return tn("{status} · {amount} to pay · due {date}, {n} day ago",
                  "{status} · {amount} to pay · due {date}, {n} days ago", p.days_overdue, status=status,
                  amount=fmt.money(p.balance, p.currency, ctx.locale), date=due)
    if p.is_open:
        return t("{status} · {amount} to pay · due {date}", status=status,
                 amount=fmt.money(p.balance, p.currency, ctx.locale), date=due)
    return t("{status} · {amount} · was due {date}", status=status,
             amount=fmt.money(p.amount_due, p.currency, ctx.locale), date=due)


def amounts(p: payouts.Payout, ctx) -> None:
    """The headline figures and the breakdown from the gross amount to what is due."""
    money = lambda v: fmt.money(v, p.currency, ctx.locale)  # noqa: E731
    a, b, c, d = st.columns(4)
    a.metric(t("Amount due"), money(p.amount_due))
    b.metric(t("Balance"), money(p.balance) if p.is_open else "—")
    c.metric(t("Received"), money(p.received))
    d.metric(t("Due date"), fmt.day(p.due_date, ctx.locale),
             delta=tn("{days} day overdue", "{days} days overdue", p.days_overdue, days=p.days_overdue) if p.status == "overdue" else None,
             delta_color="inverse")
    parts = []
    if p.tax_amount or p.fee_amount or p.withholding_amount:
        parts.append(t("Fee {amount}", amount=money(p.amount)))
    if p.tax_amount:
        parts.append(t("+ tax {amount} ({percent} %)", amount=money(p.tax_amount), percent=percent_figure(p.tax_percent)))
    if p.fee_amount:
        parts.append(t("− platform or agency fee withheld {amount} ({percent} %)", amount=money(p.fee_amount),
                       percent=percent_figure(p.fee_percent)))
    if p.withholding_amount:
        parts.append(t("− withholding tax {amount} ({percent} %)", amount=money(p.withholding_amount),
                       percent=percent_figure(p.withholding_percent)))
    if parts:
        parts.append(t("= due {amount}", amount=money(p.amount_due)))
    if p.late_fee:
        parts.append(t("+ late fee so far {amount} ({percent} % per month)", amount=money(p.late_fee),
                       percent=percent_figure(p.late_fee_percent)))
    elif p.late_fee_percent:
        parts.append(t("late fee {percent} % per whole month overdue", percent=percent_figure(p.late_fee_percent)))
    if p.pending:
        parts.append(t("{amount} reported sent, waiting for confirmation", amount=money(p.pending)))
    if parts:
        st.caption(" · ".join(parts))
    interest = tax.payout_late_interest(ctx.gateway, p)
    if interest is not None:
        st.caption(statutory_interest_text(interest, ctx.locale))


def statutory_interest_text(li, locale: str) -> str:
    """The statutory late interest so far, with each period's rate, the reference rate's date and the law."""
    periods = "; ".join(tn("{days} day at {rate} % a year ({reference} {ref_rate} % of {ref_date} + points)",
                           "{days} days at {rate} % a year ({reference} {ref_rate} % of {ref_date} + points)",
                           x.days, days=x.days, rate=percent_figure(x.annual_rate), reference=li.reference_name,
                           ref_rate=percent_figure(x.reference_rate), ref_date=fmt.day(x.reference_date, locale))
                        for x in li.periods)
    return t("Statutory late interest so far: {interest} ({periods}), plus fixed compensation of {lump}. "
             "Source: {source}", interest=fmt.money(li.interest, li.currency, locale), periods=periods,
             lump=fmt.money(li.lump_sum, li.lump_sum_currency, locale), source=li.source)


def payments_table(items: list[payouts.Payment], ctx, *, key: str) -> None:
    if not items:
        st.caption(t("No payment yet."))
        return
    day, amount, currency = t("Date"), t("Amount"), items[0].currency  # a payout's payments share its currency
    rows = pd.DataFrame([{day: m.received_on or m.sent_on, amount: m.amount, t("Method"): method_label(m.method),
                          t("Reference"): plain_text(m.reference), t("Status"): payment_status_label(m.status),
                          t("Note"): plain_text(m.note)} for m in items])
    rows[day] = pd.to_datetime(rows[day])  # sorts as dates, shown as the person writes them
    st.dataframe(tables.shown(rows, {day: tables.days(ctx.locale), amount: lambda v: fmt.money(v, currency, ctx.locale)}),
                 hide_index=True, width="stretch", key=key)


def history(events: list[payouts.Event], ctx, *, me: str | None) -> None:
    if not events:
        st.caption(t("No history yet."))
        return
    for e in events:
        what = action_sentence(PAYOUT_ACTIONS, e.action, mine=bool(e.actor_id and e.actor_id == me),
                               who=escape_md(e.actor_name) if e.actor_name else None)
        when = fmt.local_datetime(e.occurred_at, ctx.time_zone, ctx.locale)
        extra = ""
        if e.detail.get("number"):
            extra = f" {escape_md(str(e.detail['number']))}"
        elif e.detail.get("reference"):
            extra = f" ({escape_md(str(e.detail['reference']))})"
        st.markdown(f"**{when}** · {what}{extra}")
        if e.note:
            st.caption(f"“{escape_md(e.note)}”")


def invoice_downloads(gw, docs: list[invoices.Invoice], ctx, *, key: str) -> None:
    """A download button per issued invoice or credit note (the stored PDF)."""
    for doc in docs:
        label = (t("Credit note {number} ({date})", number=doc.display_number, date=fmt.day(doc.issue_date, ctx.locale))
                 if doc.is_credit_note else
                 t("Invoice {number} ({date})", number=doc.display_number, date=fmt.day(doc.issue_date, ctx.locale)))
        try:
            pdf = invoices.document(gw, doc, locale=ctx.locale)
        except DomainError as exc:
            st.error(error_text(exc))
            continue
        if pdf is None:
            st.caption(t("{label}: the PDF is not ready yet.", label=label))
            continue
        st.download_button(t("Download {label}", label=label), pdf, file_name=doc.file_name, mime="application/pdf",
                           key=f"{key}_{doc.id}", icon=":material/picture_as_pdf:")


def payment_form(p: payouts.Payout, ctx, *, form_key: str, date_label: str, submit_label: str):
    """Inside the caller's st.form: amount (default: what is left), method, reference, date, note."""
    amount = st.text_input(t("Amount ({currency})", currency=p.currency), value=str(p.payable),
                           key=f"{form_key}_amount", help=t("An exact amount, e.g. 1250.00."))
    left, right = st.columns(2)
    method = left.selectbox(t("Method"), list(payouts.METHODS), format_func=method_label, key=f"{form_key}_method")
    reference = right.text_input(t("Reference"), key=f"{form_key}_reference", max_chars=120,
                                 help=t("The transfer or transaction id: a payment is recorded once."))
    left, right = st.columns(2)
    on = left.date_input(date_label, value=p.today, max_value=p.today, key=f"{form_key}_on")
    note = right.text_input(t("Note (optional)"), key=f"{form_key}_note", max_chars=1000)
    submitted = st.form_submit_button(submit_label, type="primary")
    return submitted, payouts.PaymentDetails(amount, method, reference, on, note)


def overdue_headline(summary: payouts.OverdueSummary, ctx, *, compact: bool = False) -> None:
    """The overdue figure in the home currency, with each conversion's rate, date and source. compact (Home): one
    line of text instead of a metric, so Home's own metrics stay as they are."""
    home = summary.home_currency
    total = fmt.money(summary.total, home, ctx.locale)
    explained = t("Payouts past their due date with something left to pay, late fees included, in {currency} at the "
                  "latest rate on or before today.", currency=home)
    if compact:
        if summary.lines:
            st.markdown(tn("**Overdue: {amount}** · {n} payout, due {date}", "**Overdue: {amount}** · {n} payouts, oldest due {date}",
                           summary.payouts, amount=total,
                          date=fmt.day(summary.oldest_due, ctx.locale)), help=explained)
        else:
            st.markdown(t("**Overdue: {amount}** · nothing is overdue.", amount=total))
    elif not summary.lines:
        st.metric(t("Overdue"), total, help=t("Payouts past their due date with something left to pay."))
        st.caption(t("Nothing is overdue."))
        return
    else:
        st.metric(t("Overdue"), total,
                  delta=tn("{n} payout, due {date}", "{n} payouts, oldest due {date}", summary.payouts,
                          date=fmt.day(summary.oldest_due, ctx.locale)),
                  delta_color="off", delta_arrow="off", help=explained)
    today = today_local(ctx)
    for line in summary.converted:
        st.caption(t("{amount} → {converted} at {rate} ({source}, rate of {date})",
                     amount=fmt.money(line.balance, line.currency, ctx.locale),
                     converted=fmt.money(line.home_amount, home, ctx.locale),
                     rate=fmt.fx_rate(line.rate, line.currency, home, ctx.locale), source=source_label(line.rate_source),
                     date=fmt.day(line.rate_date, ctx.locale)))
        if line.rate_is_stale(today):
            st.warning(tn("The rate from {currency} to {home} is from {date}, {n} day ago: add a newer one on the "
                          "Earnings page for a current total.",
                          "The rate from {currency} to {home} is from {date}, {n} days ago: add a newer one on the "
                          "Earnings page for a current total.", line.rate_age(today), currency=line.currency,
                          home=home, date=fmt.day(line.rate_date, ctx.locale)), icon=":material/history:")
    for line in summary.unconverted:
        st.warning(t("{amount} overdue is not in the total: there is no exchange rate from {currency} to {home}. "
                     "Add one on the Earnings page.", amount=fmt.money(line.balance, line.currency, ctx.locale),
                     currency=line.currency, home=home), icon=":material/currency_exchange:")


# -- reminders --------------------------------------------------------------------------------------------------

def reminders_sent(items: list[payouts.Reminder], ctx) -> None:
    """The reminders sent for a payout: when, which tone, and the text as sent."""
    if not items:
        st.caption(t("No reminder recorded yet."))
        return
    for r in items:
        tone = t("Polite") if r.tone == "polite" else t("Firm")
        with st.expander(t("{tone} reminder sent {when}", tone=tone,
                           when=fmt.local_datetime(r.sent_at, ctx.time_zone, ctx.locale))):
            st.code(r.body, language=None, wrap_lines=True)



def today_local(ctx) -> dt.date:
    return clock.today(ctx.time_zone)



def note_form(title: str, label: str, button: str, change: Callable[[str], None], done: str, *, form: str,
              note_key: str, long: bool = False) -> None:
    """A change that takes one note (write off, open or resolve a dispute) in an expander holding the form `form`:
    the note (a text area when `long`), then `button`; sent, it runs `change(note)` and announces `done`."""
    with st.expander(title):
        with st.form(form):
            note = (st.text_area if long else st.text_input)(label, key=note_key)
            submitted = st.form_submit_button(button)
        if submitted:
            run_change(lambda: change(note), done)


def payment_expander(title: str, p: payouts.Payout, ctx, change: Callable[[dict], None], done: str, *, form: str,
                     key: str, date_label: str, submit_label: str) -> None:
    """A payment to report (received, or sent) in an expander holding the form `form` (payment_form's fields, `key`
    their prefix); sent, it runs `change(details)` and announces `done`."""
    with st.expander(title):
        with st.form(form):
            submitted, details = payment_form(p, ctx, form_key=key, date_label=date_label, submit_label=submit_label)
        if submitted:
            run_change(lambda: change(details), done)


def dispute_forms(p: payouts.Payout, gw, about: str, *, prefix: str = "") -> None:
    """Resolve the payout's open dispute, or else open one with a note (`about` asks for it and says who sees it);
    `prefix` keeps each page's form keys its own."""
    if p.disputed:
        note_form(t("Resolve the dispute"), t("How was it resolved?"), t("Mark resolved"),
                  lambda note: payouts.resolve_dispute(gw, p.id, note), t("Dispute resolved."),
                  form=f"{prefix}resolve_form_{p.id}", note_key=f"{prefix}resolve_note_{p.id}")
    else:
        note_form(t("Open a dispute"), about, t("Open dispute"), lambda note: payouts.open_dispute(gw, p.id, note),
                  t("Dispute opened."), form=f"{prefix}dispute_form_{p.id}", note_key=f"{prefix}dispute_note_{p.id}",
                  long=True)
