"""Home's "Needs you" list, for both roles: one line per thing waiting for the person, each a link that opens that
exact offer, payout or report (?id=…); an overdue payout also has a one-click reminder."""
from __future__ import annotations

from typing import Callable

import streamlit as st

from services.core import formatting as fmt
from portal import menu, session
from portal.i18n import error_text, mid_sentence, t, tn
from portal.layout import user_text
from portal.widgets import offers as ow
from portal.widgets import payouts as pw
from services.audience import home_actions as ha
from services.core.errors import DomainError
from services.payouts import invoices, tax
from services.payouts import payouts, reminders

SHOWN = 5  # items per kind; the rest are one link away


def _link(script: str, label: str, item_id: str, icon: str) -> None:
    st.page_link(menu.page_path(script), label=label, icon=icon, query_params={"id": item_id})


def _more(items: tuple, script: str, label: str) -> None:
    """label: already translated, with the count of items not listed in it."""
    if len(items) > SHOWN:
        st.page_link(menu.page_path(script), label=label, icon=":material/more_horiz:")


def _box(actions: ha.CreatorActions | ha.BrandActions, items: Callable[[], None]) -> None:
    """The list's heading, then its lines (drawn by `items`) in one box, or a word that nothing waits."""
    st.subheader(t("Needs you"))
    if actions.empty:
        st.success(t("Nothing needs you right now."), icon=":material/done_all:")
        return
    with st.container(border=True, key="home_actions"):
        items()


# -- creator ----------------------------------------------------------------------------------------------------

def creator(actions: ha.CreatorActions, ctx) -> None:
    _box(actions, lambda: _creator_items(actions, ctx))


def _creator_items(actions: ha.CreatorActions, ctx) -> None:
    inbox, pay, reps = "offers/offers_inbox", "payouts/creator_payouts", "reports/reports_and_media_kit"
    for o in actions.offers[:SHOWN]:
        _link(inbox, t("Answer {brand}'s offer “{campaign}”: {fee}, expires {when}", brand=user_text(o.party),
                       campaign=user_text(o.campaign), fee=fmt.money(o.fee, o.currency, ctx.locale),
                       when=fmt.local_datetime(o.expires_at, ctx.time_zone, ctx.locale)),
              o.id, ":material/inbox:")
    _more(actions.offers, inbox,
          tn("{n} more offer to answer", "{n} more offers to answer", len(actions.offers) - SHOWN))
    today = pw.today_local(ctx)
    for d in actions.deliverables[:SHOWN]:
        what = f"{ow.platform_label(d.platform)} {mid_sentence(ow.format_label(d.format))}"
        when = fmt.day(d.due_date, ctx.locale)
        text = t("{what} for {brand} “{campaign}” was due {date}: not posted yet", what=what,
                 brand=user_text(d.party), campaign=user_text(d.campaign), date=when) if d.due_date < today \
            else t("{what} for {brand} “{campaign}” due {date}", what=what, brand=user_text(d.party),
                   campaign=user_text(d.campaign), date=when)
        _link(inbox, text, d.offer_id, ":material/event:")
    _more(actions.deliverables, inbox,
          tn("{n} more deliverable due", "{n} more deliverables due", len(actions.deliverables) - SHOWN))
    for m in actions.payments[:SHOWN]:
        _link(pay, t("Confirm {amount} from {brand}, reported sent on {date}",
                     amount=fmt.money(m.amount, m.currency, ctx.locale), brand=user_text(m.brand_name),
                     date=fmt.day(m.sent_on, ctx.locale)),
              m.payout_id, ":material/mark_email_unread:")
    _more(actions.payments, pay,
          tn("{n} more payment to confirm", "{n} more payments to confirm", len(actions.payments) - SHOWN))
    for p in actions.overdue[:SHOWN]:
        _overdue(p, ctx)
    _more(actions.overdue, pay,
          tn("{n} more overdue payout", "{n} more overdue payouts", len(actions.overdue) - SHOWN))
    for r in actions.report_views[:SHOWN]:
        _link(reps, tn("{brands} opened “{title}” {n} time in the last {days} days, last on {when}",
                       "{brands} opened “{title}” {n} times in the last {days} days, last on {when}", r.views,
                       brands=", ".join(user_text(b) for b in r.names) or t("A brand"),
                       title=user_text(r.title), days=ha.RECENT_DAYS,
                       when=fmt.local_datetime(r.at, ctx.time_zone, ctx.locale)),
              r.id, ":material/visibility:")
    _more(actions.report_views, reps,
          tn("{n} more report opened", "{n} more reports opened", len(actions.report_views) - SHOWN))


def _overdue(p: ha.PayoutDue, ctx) -> None:
    left, right = st.columns([4, 1], vertical_alignment="center")
    with left:
        _link("payouts/creator_payouts",
              tn("{brand} owes {amount} for “{description}”, {n} day overdue",
                 "{brand} owes {amount} for “{description}”, {n} days overdue", p.days_overdue,
                 brand=user_text(p.party), amount=fmt.money(p.amount, p.currency, ctx.locale),
                 description=user_text(p.description)),
              p.id, ":material/schedule:")
        if p.last_reminder_at:
            st.caption(t("Last reminder {when}", when=fmt.local_datetime(p.last_reminder_at, ctx.time_zone,
                                                                          ctx.locale)))
    right.button(t("Send reminder"), key=f"home_remind_{p.id}", icon=":material/outgoing_mail:",
                 on_click=_remind, args=(p.id,))
    sent = session.home_reminder()
    if sent and sent[0] == p.id:
        st.caption(t("Recorded with the payout. Copy this text into your email to {brand}:", brand=user_text(p.party)))
        st.code(sent[1], language=None, wrap_lines=True)


def _remind(payout_id: str) -> None:
    """The suggested reminder (polite, or firm once FIRM_AFTER_DAYS late) in the person's language, recorded with
    the payout through the same service as the Payouts page; its text is then shown to copy."""
    ctx = session.context()
    gw = ctx.gateway
    try:
        p = payouts.get(gw, payout_id)
        billing = invoices.billing_details(gw)
        facts = payouts.reminder_facts(p, creator_name=billing.legal_name or ctx.profile["display_name"],
                                       payment_instructions=billing.payment_instructions,
                                       interest=tax.payout_late_interest(gw, p))
        text = reminders.reminder_text(facts, ctx.locale)
        payouts.log_reminder(gw, p, facts.tone, text)
    except DomainError as exc:
        session.set_flash("error", error_text(exc))
        return
    session.set_home_reminder((payout_id, text))
    session.set_flash("success", t("Reminder recorded with the payout."))


# -- brand partner ----------------------------------------------------------------------------------------------

def brand(actions: ha.BrandActions, ctx) -> None:
    _box(actions, lambda: _brand_items(actions, ctx))


def _brand_items(actions: ha.BrandActions, ctx) -> None:
    offers_page, pay, shared = "offers/brand_offers", "payouts/brand_payouts", "reports/shared_reports"
    for o in actions.counters[:SHOWN]:
        _link(offers_page, t("Answer {creator}'s counter on “{campaign}”: {fee}, expires {when}",
                             creator=user_text(o.party), campaign=user_text(o.campaign),
                             fee=fmt.money(o.fee, o.currency, ctx.locale),
                             when=fmt.local_datetime(o.expires_at, ctx.time_zone, ctx.locale)),
              o.id, ":material/reply:")
    _more(actions.counters, offers_page,
          tn("{n} more counter to answer", "{n} more counters to answer", len(actions.counters) - SHOWN))
    for d in actions.drafts[:SHOWN]:
        _link(offers_page, t("Review {creator}'s draft: {what} for “{campaign}”, due {date}",
                             creator=user_text(d.party), campaign=user_text(d.campaign),
                             what=f"{ow.platform_label(d.platform)} {mid_sentence(ow.format_label(d.format))}",
                             date=fmt.day(d.due_date, ctx.locale)),
              d.offer_id, ":material/rate_review:")
    _more(actions.drafts, offers_page,
          tn("{n} more draft to review", "{n} more drafts to review", len(actions.drafts) - SHOWN))
    for p in actions.owed[:SHOWN]:
        values = dict(creator=user_text(p.party), amount=fmt.money(p.amount, p.currency, ctx.locale),
                      description=user_text(p.description), date=fmt.day(p.due_date, ctx.locale))
        text = t("Pay {creator} {amount} for “{description}”: overdue since {date}", **values) if p.overdue \
            else t("Pay {creator} {amount} for “{description}” by {date}", **values)
        _link(pay, text, p.id, ":material/payments:")
    _more(actions.owed, pay, tn("{n} more payout to pay", "{n} more payouts to pay", len(actions.owed) - SHOWN))
    for r in actions.reports[:SHOWN]:
        _link(shared, t("New report from {creator}: “{title}”, shared {when}",
                        creator=", ".join(user_text(n) for n in r.names) or "—", title=user_text(r.title),
                        when=fmt.local_datetime(r.at, ctx.time_zone, ctx.locale)),
              r.id, ":material/description:")
    _more(actions.reports, shared, tn("{n} more new report", "{n} more new reports", len(actions.reports) - SHOWN))
