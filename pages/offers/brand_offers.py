"""Offers (brand partner): send an offer to a creator who invited you, follow each offer's state and
history, answer a counter, withdraw before acceptance, review drafts and see each deliverable's status."""
from __future__ import annotations

import streamlit as st

from services.core import formatting as fmt
from portal.widgets import links as link_widgets
from portal.widgets import offers as ow
from portal import links
from portal.i18n import t, error_text
from portal.layout import escape_md, loaded, page, run_change
from services.offers import deliverables
from services.offers import offers
from services.people import partners
from services.people import profiles
from services.core.errors import DomainError
from services.core.messages import N_

TABS = (("countered", N_("Needs your answer")), ("draft", N_("Drafts")), ("sent", N_("Waiting for the creator")),
        ("active", N_("Active")), ("closed", N_("Closed")))
EMPTY = {
    "countered": N_("No counter is waiting for your answer."),
    "draft": N_("No drafts."),
    "sent": N_("No offer is waiting for a creator."),
    "active": N_("No deal in progress."),
    "closed": N_("Nothing closed yet."),
}


def render() -> None:
    ctx = page(t("Offers"))
    gw = ctx.gateway
    creators = [p for p in partners.partner_profiles(gw) if p.get("role") == "creator"]
    if not creators:
        st.info(t("No creator has invited you yet. Offers can be sent only to creators who invited you."),
                icon=":material/mail:")
        return
    everything = loaded(lambda: offers.list_offers(gw))
    if everything is None:
        return
    by_id = {o.id: o for o in everything}
    if opened := links.opened_with_back(by_id, t("Back to all offers"), key="offer_back"):
        _detail(by_id[opened], ctx)  # the offer's own URL (?id=)
        return
    _new_offer_form(ctx, creators)
    _as_of(ctx)
    groups = {key: [] for key, _ in TABS}
    for offer in everything:
        key = offer.status if offer.status in ("countered", "draft", "sent") else \
            "active" if offer.status in offers.ACTIVE else "closed"
        groups[key].append(offer)
    groups["countered"].sort(key=lambda o: o.expires_at)
    groups["sent"].sort(key=lambda o: o.expires_at)
    tabs = st.tabs([f"{t(label)} ({len(groups[key])})" for key, label in TABS])
    for tab, (key, _) in zip(tabs, TABS):
        with tab:
            _offer_list(groups[key], key, ctx)


def _as_of(ctx) -> None:
    """When offer expiry last ran (scheduled work; this page only reads)."""
    when = offers.scheduled_work_as_of(ctx.gateway)
    if when is None:
        st.caption(t("Expired offers are not checked yet: the portal checks them when it starts and on a schedule."))
    else:
        st.caption(t("Expired offers as of {time}.", time=fmt.local_datetime(when, ctx.time_zone, ctx.locale)))


def _offer_list(items: list[offers.Offer], key: str, ctx) -> None:
    ow.offer_cards(items, t(EMPTY[key]), lambda o: o.creator_name or "—", lambda o: _when(o, ctx), ctx)


def _when(offer: offers.Offer, ctx) -> str:
    if offer.status in offers.OPEN or offer.status == "draft":
        return t("expires {when}", when=fmt.local_datetime(offer.expires_at, ctx.time_zone, ctx.locale))
    return t("{status} on {when}", status=ow.status_label(offer.status),
             when=fmt.local_datetime(offer.status_changed_at, ctx.time_zone, ctx.locale))


def _new_offer_form(ctx, creators: list[dict]) -> None:
    gw = ctx.gateway
    with st.expander(t("New offer"), icon=":material/add:"):
        # outside the form, so choosing another creator redraws the deliverables with that creator's platforms
        names = {c["id"]: c["display_name"] for c in creators}
        creator = st.selectbox(t("Creator"), list(names), format_func=names.get, key="new_creator")
        try:
            have = offers.creator_platforms(gw, creator)
        except DomainError as exc:
            st.error(error_text(exc))
            return
        if not have:
            st.info(t("{creator} has not connected any account on the portal yet: offers cannot be sent to them.",
                      creator=escape_md(names[creator])), icon=":material/link_off:")
            return
        st.caption(t("Deliverables on {creator}'s platforms: {platforms}.", creator=escape_md(names[creator]),
                     platforms=", ".join(ow.platform_label(k) for k in have)))
        lines = ow.item_lines("new")
        with st.form("new_offer_form"):
            raw = ow.terms_fields("new", currencies=profiles.currency_codes(gw), default_currency=ctx.currency,
                                  lines=lines, time_zone=ctx.time_zone, kinds=ow.kinds_on(have))
            category = st.selectbox(t("Product category"), [None, *ow.CATEGORIES], format_func=ow.category_label,
                                    key="new_category",
                                    help=t("Some markets restrict or ban influencer promotion of these products; "
                                           "the creator sees the conditions before accepting."))
            left, right = st.columns(2)
            save = left.form_submit_button(t("Save draft"))
            send = right.form_submit_button(t("Send offer"), type="primary")
        if save or send:
            def create():
                offer = offers.create(gw, creator, raw.terms(), time_zone=ctx.time_zone, send=bool(send),
                                      category=category)
                links.open_item(offer.id)
            run_change(create, t("Offer sent. The creator answers next.") if send else t("Draft saved."))


def _detail(offer: offers.Offer, ctx) -> None:
    gw = ctx.gateway
    st.caption(t("For {creator}", creator=escape_md(offer.creator_name or "—")))
    progress = markets = tracked = None
    if offer.status in offers.ACTIVE or offer.status in ("completed", "cancelled"):
        markets = deliverables.creator_markets(gw, offer.creator_id)
        tracked = link_widgets.read(offer, ctx)
        progress = deliverables.deal_progress(gw, offer, markets, carried=link_widgets.carried(tracked))
    ow.terms_summary(offer, ctx, progress=progress)
    _actions(offer, ctx)
    if progress is not None:
        _deliverables(offer, progress, markets, ctx)
        link_widgets.deal_section(offer, [g.deliverable for g in progress.groups], ctx, brand=True,
                                 tracked=tracked)
    with st.expander(t("History"), expanded=offer.status in ("countered", "draft")):
        ow.history(offers.history(gw, offer.id), ctx, me=ctx.signed_in.person.id, currency=offer.currency)


def _actions(offer: offers.Offer, ctx) -> None:
    gw = ctx.gateway
    allowed = offers.actions(offer, ctx.signed_in.person.id)
    if "send" in allowed and st.button(t("Send offer"), key="offer_send", type="primary", icon=":material/send:"):
        run_change(lambda: offers.send(gw, offer.id), t("Offer sent. The creator answers next."))
    if "accept" in allowed and st.button(t("Accept the counter"), key="offer_accept", type="primary",
                                         icon=":material/check:"):
        run_change(lambda: offers.accept(gw, offer.id), t("Counter accepted: the deal is on."))
    if "complete" in allowed and st.button(t("Confirm completion"), key="offer_complete", type="primary"):
        run_change(lambda: offers.complete(gw, offer.id), t("Deal completed."))
    if "withdraw" in allowed:
        with st.expander(t("Withdraw the offer")):
            with st.form("withdraw_form"):
                note = st.text_input(t("A few words for the creator (optional)"), key="offer_withdraw_note")
                submitted = st.form_submit_button(t("Withdraw the offer"))
            if submitted:
                run_change(lambda: offers.withdraw(gw, offer.id, note), t("Offer withdrawn."))
    if "decline" in allowed:
        with st.expander(t("Decline the counter")):
            with st.form("decline_form"):
                reason = st.selectbox(t("Reason"), list(offers.DECLINE_REASONS), format_func=ow.reason_label,
                                      key="offer_decline_reason")
                note = st.text_area(t("A few words for the creator (optional)"), key="offer_decline_note")
                submitted = st.form_submit_button(t("Decline the counter"))
            if submitted:
                run_change(lambda: offers.decline(gw, offer.id, reason, note), t("Counter declined."))
    for action, title, button, done in (
            ("counter", t("Answer with new terms"), t("Send new terms"), t("New terms sent. The creator answers next.")),
            ("edit", t("Edit the draft"), t("Save the draft"), t("Draft saved."))):
        if action not in allowed:
            continue
        prefix = "brand_counter" if action == "counter" else "edit"
        with st.expander(title):
            lines = ow.item_lines(prefix, default=max(1, len(offer.items)))
            with st.form(f"{prefix}_form"):
                raw = ow.terms_fields(prefix, currencies=profiles.currency_codes(gw), default_currency=offer.currency,
                                      lines=lines, time_zone=ctx.time_zone, current=offer.terms(ctx.time_zone),
                                      kinds=ow.kinds_on(offers.creator_platforms(gw, offer.creator_id)))
                note = st.text_area(t("Message (optional)"), key=f"{prefix}_message") if action == "counter" else None
                submitted = st.form_submit_button(button, type="primary")
            if submitted:
                if action == "counter":
                    run_change(lambda: offers.counter(gw, offer.id, raw.terms(), time_zone=ctx.time_zone, note=note), done)
                else:
                    run_change(lambda: offers.update_draft(gw, offer.id, raw.terms(), time_zone=ctx.time_zone), done)
    ow.cancel_form(gw, offer, allowed)


def _deliverables(offer: offers.Offer, progress: deliverables.DealProgress, markets: list[str], ctx) -> None:
    if not ow.deliverables_heading(progress):
        return
    gw = ctx.gateway
    names = {offer.creator_id: offer.creator_name or "—"}
    for group, d in ow.deliverable_cards(progress, ctx):
        if d.draft_url or d.draft_note:
            st.caption(t("Draft: {link} {note}", link=escape_md(d.draft_url or ""), note=escape_md(d.draft_note or "")))
        if d.permalink:
            st.markdown(f"{t('Permalink')}: {escape_md(d.permalink)}")
        if d.caption is not None:
            st.code(d.caption, language=None, wrap_lines=True)
            ow.caption_results(deliverables.caption_checks(d, offer, markets), ctx)
        if d.status == "draft_submitted":
            with st.form(f"review_form_{d.id}"):
                note = st.text_input(t("Note for the creator (needed to ask for changes)"), key=f"review_note_{d.id}")
                left, right = st.columns(2)
                approve = left.form_submit_button(t("Approve draft"), type="primary")
                changes = right.form_submit_button(t("Ask for changes"))
            if approve or changes:
                run_change(lambda d=d, note=note, approve=approve: deliverables.review(gw, d.id, bool(approve), note),
                     t("Draft approved.") if approve else t("Changes requested."))
        ow.checklist(group, ctx, editable=False, names=names)


render()
