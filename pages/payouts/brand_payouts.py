"""Payouts (brand partner): what your brand owes each creator who invited you, since when; mark a payment sent
(the creator confirms receipt); download the invoices; open or resolve a dispute with a note."""
from __future__ import annotations

import streamlit as st

from services.core import formatting as fmt
from portal import links
from portal.widgets import payouts as pw
from portal.widgets import tax as wtax
from portal.i18n import t, tn, error_text
from portal.layout import loaded, page, user_text
from services.payouts import invoices, tax
from services.core.db.gateway import eq
from services.payouts import payouts
from services.core.errors import DomainError


def _read(gw) -> tuple[list, list[invoices.Invoice], dict]:
    """The brand's ledgers (one per creator), the invoices it received, and the payments of every payout."""
    ledgers = payouts.brand_ledgers(gw)
    return (ledgers, invoices.list_invoices(gw),
            payouts.payments_for(gw, [p.id for ledger in ledgers for p in ledger.payouts]))


def render() -> None:
    ctx = page(t("Payouts"))
    gw = ctx.gateway
    read = loaded(lambda: _read(gw))
    if read is None:
        return
    ledgers, docs, found = read
    if not ledgers:
        st.info(t("Nothing to pay yet. Payouts appear here when a creator accepts your offer or links a payout to "
                  "your brand."), icon=":material/payments:")
        _billing_entities(ctx)
        return
    by_payout: dict[str, list[invoices.Invoice]] = {}
    for doc in docs:
        by_payout.setdefault(doc.payout_id, []).append(doc)
    everything = {p.id: p for ledger in ledgers for p in ledger.payouts}
    opened = links.opened(everything)
    if opened:
        # the payout's own URL (?id=): drawn where the person is looking, instead of the list
        _opened(everything[opened], found.get(opened, []), by_payout.get(opened, []), ctx)
        return
    st.markdown(t("What your brand owes each creator. Mark a payment sent when you pay; it counts once the creator "
                  "confirms it arrived."))
    for ledger in ledgers:
        st.subheader(user_text(ledger.creator_name))
        owed = ledger.owed()
        overdue = [p for p in ledger.payouts if p.status == "overdue"]
        if owed:
            st.markdown(t("You owe {amounts}", amounts=", ".join(f"**{fmt.money(v, c, ctx.locale)}**"
                                                                  for c, v in sorted(owed.items()))))
        else:
            st.caption(t("Nothing open with this creator."))
        if overdue:
            st.warning(tn("{n} payout overdue: it was due {date}.", "{n} payouts overdue: the oldest was due {date}.",
                          len(overdue),
                         date=fmt.day(min(p.due_date for p in overdue), ctx.locale)), icon=":material/schedule:")
        for p in ledger.payouts:
            _payout(p, found.get(p.id, []), by_payout.get(p.id, []), ctx)
    st.divider()
    _billing_entities(ctx)


def _billing_entities(ctx) -> None:
    """The billing entity (tax profile) of each brand the partner acts for: creators invoice it."""
    gw = ctx.gateway
    try:
        memberships = gw.select("brand_memberships", filters=[eq("profile_id", ctx.signed_in.person.id)])
    except DomainError as exc:
        st.error(error_text(exc))
        return
    for m in memberships:
        wtax.profile_form(ctx, tax.brand_profile(gw, m["brand_id"]), brand_id=m["brand_id"],
                          key=f"brand_tax_{m['brand_id']}")


def _opened(p: payouts.Payout, items: list[payouts.Payment], docs: list[invoices.Invoice], ctx) -> None:
    """The payout its own URL names (Open, or Home's "what you owe"): back to the list, who it is for, one line with
    its status, amount and due date, then the payout."""
    links.back_button(t("Back to all payouts"), key="payout_back")
    st.subheader(t("Opened: {creator}", creator=user_text(p.creator_name)))
    st.markdown(f"**{pw.header_line(p, ctx)}**")
    _payout(p, items, docs, ctx, opened=True)


def _payout(p: payouts.Payout, items: list[payouts.Payment], docs: list[invoices.Invoice], ctx, *,
            opened: bool = False) -> None:
    gw = ctx.gateway
    with st.container(border=True, key=f"brand_payout_{p.id}"):
        badges = pw.status_badge(p.status) + ("  :red-badge[" + t("Disputed") + "]" if p.disputed else "")
        if opened:
            st.markdown(f"**{user_text(p.description)}**  {badges}")
        else:
            left, right = st.columns([5, 1], vertical_alignment="center")
            left.markdown(f"**{user_text(p.description)}**  {badges}")
            right.button(t("Open"), key=f"payout_open_{p.id}", on_click=links.open_item, args=(p.id,),
                         width="stretch")
        pw.amounts(p, ctx)
        if docs:
            pw.invoice_downloads(gw, docs, ctx, key=f"brand_invoice_{p.id}")
        sent = [m for m in items if m.status == "sent"]
        for m in sent:
            st.info(t("You reported {amount} sent on {date} (reference {reference}): waiting for the creator to "
                      "confirm it arrived.", amount=fmt.money(m.amount, m.currency, ctx.locale),
                      date=fmt.day(m.sent_on, ctx.locale), reference=user_text(m.reference)), icon=":material/hourglass_top:")
        for m in [m for m in items if m.status == "rejected"]:
            st.warning(t("The creator says the payment {reference} of {amount} did not arrive: {note}",
                         reference=user_text(m.reference), amount=fmt.money(m.amount, m.currency, ctx.locale), note=user_text(m.note)),
                       icon=":material/report:")
        if p.disputed:
            st.warning(t("Dispute open since {when}: {note}", when=fmt.local_datetime(p.disputed_at, ctx.time_zone,
                                                                                     ctx.locale), note=user_text(p.dispute_note)),
                       icon=":material/gavel:")
        if items:
            with st.expander(t("Payments")):
                pw.payments_table(items, ctx, key=f"brand_payments_{p.id}")
        if p.can_be_paid:
            pw.payment_expander(t("Mark a payment sent"), p, ctx, lambda details: payouts.mark_sent(gw, p, details),
                                t("Payment marked sent. The creator confirms when it arrives."),
                                form=f"sent_form_{p.id}", key=f"sent_{p.id}", date_label=t("Date sent"),
                                submit_label=t("Mark payment sent"))
        pw.dispute_forms(p, gw, t("What is the dispute about? (the creator sees this note)"), prefix="brand_")


render()
