"""Offers (creator): the inbox in tabs by state, most urgent first; an offer's terms, fair-rate hint and
history; accept, decline with a reason, or counter; then the deliverables, their disclosure checklist and
the caption check of what was posted."""
from __future__ import annotations

import streamlit as st

from services.core import formatting as fmt
from portal.widgets import links as link_widgets
from portal.widgets import offers as ow
from portal import session
from portal import links
from portal.i18n import error_text, mid_sentence, t, tn
from portal.layout import escape_md, loaded, page, run_change
from portal.session import context
from services.offers import deliverables
from services.offers import fair_rate
from services.offers import offers
from services.people import licences
from services.people import profiles
from services.core.errors import DomainError
from services.core.messages import N_

TABS = (("needs_answer", N_("Needs your answer")), ("waiting", N_("Waiting for the brand")), ("active", N_("Active")),
        ("closed", N_("Closed")))
EMPTY = {
    "needs_answer": N_("No offer is waiting for your answer."),
    "waiting": N_("No counter is waiting for a brand."),
    "active": N_("No deal in progress. Accepted offers appear here with their deliverables."),
    "closed": N_("Nothing closed yet."),
}


def render() -> None:
    ctx = page(t("Offers"))
    read = loaded(lambda: _inbox(ctx.gateway))
    if read is None:
        return
    box, work = read
    everything = {o.id: o for group in box.groups.values() for o in group}
    if opened := links.opened_with_back(everything, t("Back to all offers"), key="offer_back"):
        _detail(everything[opened], work.get(opened), ctx)  # the offer's own URL (?id=)
        return
    _as_of(ctx, (offers.EXPIRY_JOB, deliverables.VERIFY_JOB))
    _log_form(ctx)
    tabs = st.tabs([f"{t(label)} ({box.count(group)})" for group, label in TABS])
    for tab, (group, _) in zip(tabs, TABS):
        with tab:
            _offer_list(box.groups[group], group, work, ctx)


def _inbox(gw) -> tuple[offers.Inbox, dict]:
    """The inbox, its active deals sorted by their next due deliverable, and those deals' deliverables."""
    box = offers.inbox(gw)
    work = deliverables.for_offers(gw, [o.id for o in box.groups["active"]])
    box.sort_active(deliverables.next_due(work))
    return box, work


def _as_of(ctx, jobs: tuple[str, ...]) -> None:
    """When expiry and post verification last ran (scheduled work; this page only reads)."""
    when = offers.scheduled_work_as_of(ctx.gateway, jobs)
    if when is None:
        st.caption(t("Expired offers and verified posts are not checked yet: the portal checks them when it starts "
                     "and on a schedule."))
    else:
        st.caption(t("Expired offers and verified posts as of {time}.",
                     time=fmt.local_datetime(when, ctx.time_zone, ctx.locale)))


def _offer_list(items: list[offers.Offer], group: str, work: dict, ctx) -> None:
    ow.offer_cards(items, t(EMPTY[group]), lambda o: o.brand_name, lambda o: _urgency(o, work.get(o.id, []), ctx),
                   ctx)


def _urgency(offer: offers.Offer, items: list[deliverables.Deliverable], ctx) -> str:
    if offer.status in offers.OPEN:
        return t("expires {when}", when=fmt.local_datetime(offer.expires_at, ctx.time_zone, ctx.locale))
    open_items = [d for d in items if not d.done]
    if offer.status in offers.ACTIVE and open_items:
        due = min(d.due_date for d in open_items)
        return t("{n} to deliver, next due {date}", n=len(open_items), date=fmt.day(due, ctx.locale))
    return t("{status} on {when}", status=ow.status_label(offer.status),
             when=fmt.local_datetime(offer.status_changed_at, ctx.time_zone, ctx.locale))


# -- one offer ------------------------------------------------------------------------------------------------

def _detail(offer: offers.Offer, work: list[deliverables.Deliverable] | None, ctx) -> None:
    """`work`: the offer's deliverables when the inbox already read them (active deals)."""
    gw = ctx.gateway
    me = ctx.signed_in.person.id
    markets = list(ctx.profile.get("disclosure_markets") or [])
    progress = tracked = None
    if offer.status in offers.ACTIVE or offer.status in ("completed", "cancelled"):
        tracked = link_widgets.read(offer, ctx)
        progress = deliverables.deal_progress(gw, offer, markets, work, carried=link_widgets.carried(tracked))
    ow.terms_summary(offer, ctx, progress=progress)
    if offer.status in offers.OPEN:
        _fair_rate(offer, ctx)
    _actions(offer, ctx)
    if progress is not None:
        _deliverables(offer, progress, markets, ctx)
        link_widgets.deal_section(offer, [g.deliverable for g in progress.groups], ctx, brand=False,
                                 tracked=tracked)
    with st.expander(t("History"), expanded=offer.status in offers.OPEN):
        ow.history(offers.history(gw, offer.id), ctx, me=me, currency=offer.currency)


def _fair_rate(offer: offers.Offer, ctx) -> None:
    st.markdown(f"#### {t('Fair-rate hint')}")
    try:
        hint = fair_rate.hint(ctx.gateway, offer.items, fee=offer.fee, currency=offer.currency)
    except DomainError as exc:
        st.caption(error_text(exc))
        return
    if hint.low is not None:
        st.markdown(t("At published CPM rates, your typical audience for these deliverables is worth "
                      "**{low} – {high}**.", low=fmt.money(hint.low, hint.currency, ctx.locale),
                      high=fmt.money(hint.high, hint.currency, ctx.locale)))
    for h in hint.items:
        what = f"{ow.platform_label(h.item.platform)} {mid_sentence(ow.format_label(h.item.format))}"
        if h.missing == "no_posts":
            st.caption(tn("{what}: no {format} posts on {platform} in the last {days} day, so no range for this line.",
                          "{what}: no {format} posts on {platform} in the last {days} days, so no range for this line.",
                          hint.days,
                         what=what, format=mid_sentence(ow.format_label(h.item.format)),
                         platform=ow.platform_label(h.item.platform), days=hint.days))
        elif h.missing == "no_benchmark":
            st.caption(t("{what}: no published CPM benchmark for {platform}, so no range for this line.", what=what,
                         platform=ow.platform_label(h.item.platform)))
        else:
            basis = t("views") if h.basis == "views" else t("reach")
            st.caption(t("{what}: median {basis} per post {median} over your last {posts} posts "
                         "({first} – {last}) × {count} × CPM {cpm_low} – {cpm_high} ÷ 1,000 = {low} – {high}",
                         what=what, basis=basis, median=fmt.number(h.per_post, ctx.locale), posts=h.posts,
                         first=h.first_posted or "—", last=h.last_posted or "—", count=h.item.quantity,
                         cpm_low=fmt.money(h.band.low, h.band.currency, ctx.locale),
                         cpm_high=fmt.money(h.band.high, h.band.currency, ctx.locale),
                         low=fmt.money(h.low, h.band.currency, ctx.locale),
                         high=fmt.money(h.high, h.band.currency, ctx.locale)))
    for source in hint.sources:
        st.caption(t("CPM band: {publisher}, “{title}” ({year}) — {url}", publisher=source.publisher,
                     title=source.title, year=source.year, url=source.url))
    if hint.far_below:
        st.warning(t("This offer is far below the range: {fee} is less than half of {low}.",
                     fee=fmt.money(offer.fee, offer.currency, ctx.locale),
                     low=fmt.money(hint.low, hint.currency, ctx.locale)), icon=":material/trending_down:")
    elif hint.low is not None and not hint.comparable and hint.currency != offer.currency:
        st.info(t("The range is in {range_currency} and this offer is in {currency}: compare them yourself. "
                  "The portal converts no money without a dated exchange rate.",
                  range_currency=hint.currency, currency=offer.currency), icon=":material/currency_exchange:")


def _actions(offer: offers.Offer, ctx) -> None:
    gw = ctx.gateway
    allowed = offers.actions(offer, ctx.signed_in.person.id)
    if not allowed:
        return
    logged_brand_turn = offer.logged and offer.status == "countered"
    if "accept" in allowed:
        check = offers.acceptance_check(offer, list(ctx.profile.get("disclosure_markets") or []),
                                        licences.list_licences(gw), offers.today_in(ctx.time_zone))
        ow.acceptance_notes(check, ctx)
        label = t("The brand accepted my counter") if logged_brand_turn else t("Accept offer")
        if st.button(label, key="offer_accept", type="primary", icon=":material/check:", disabled=check.refused):
            run_change(lambda: offers.accept(gw, offer.id), t("Offer accepted. Its deliverables are listed below."))
    if "start" in allowed:
        if st.button(t("Start work"), key="offer_start"):
            run_change(lambda: offers.start(gw, offer.id), t("Work started."))
    if "complete" in allowed:
        if st.button(t("The brand confirmed completion"), key="offer_complete"):
            run_change(lambda: offers.complete(gw, offer.id), t("Deal completed."))
    if "decline" in allowed:
        with st.expander(t("The brand declined my counter") if logged_brand_turn else t("Decline")):
            with st.form("decline_form"):
                reason = st.selectbox(t("Reason"), list(offers.DECLINE_REASONS), format_func=ow.reason_label,
                                      key="offer_decline_reason")
                note = st.text_area(t("A few words for the brand (optional)"), key="offer_decline_note",
                                    max_chars=1000)
                submitted = st.form_submit_button(t("Decline offer"))
            if submitted:
                run_change(lambda: offers.decline(gw, offer.id, reason, note), t("Offer declined."))
    if "counter" in allowed:
        title = t("The brand answered with new terms") if logged_brand_turn else t("Counter with different terms")
        with st.expander(title):
            lines = ow.item_lines("counter", default=max(1, len(offer.items)))
            with st.form("counter_form"):
                raw = ow.terms_fields("counter", currencies=profiles.currency_codes(gw),
                                      default_currency=offer.currency, lines=lines, time_zone=ctx.time_zone,
                                      current=offer.terms(ctx.time_zone),
                                      kinds=ow.kinds_on(offers.creator_platforms(gw, offer.creator_id)))
                note = st.text_area(t("Message with your counter (optional)"), key="counter_message", max_chars=1000)
                submitted = st.form_submit_button(t("Send counter"), type="primary")
            if submitted:
                run_change(lambda: offers.counter(gw, offer.id, raw.terms(), time_zone=ctx.time_zone, note=note),
                     t("Counter sent. The brand answers next."))
    ow.cancel_form(gw, offer, allowed)


def _deliverables(offer: offers.Offer, progress: deliverables.DealProgress, markets: list[str], ctx) -> None:
    if not ow.deliverables_heading(progress):
        return
    gw = ctx.gateway
    editable = offer.status in ("accepted", "in_progress", "delivered")
    numbers = {lic.kind: lic.number for lic in licences.list_licences(gw) if lic.valid_on(offers.today_in(ctx.time_zone))}
    if not markets:
        st.caption(t("Choose your disclosure markets in Settings to see their checklist."))
    for group, d in ow.deliverable_cards(progress, ctx):
        if d.review_note:
            st.caption(t("Brand's note: {note}", note=escape_md(d.review_note)))
        if d.permalink:
            st.markdown(f"{t('Permalink')}: {escape_md(d.permalink)}")
        if d.status == "posted":
            st.caption(t("Not matched to a synced or imported post yet: it is verified once the post arrives "
                         "(same permalink or platform id)."))
        if d.caption is not None:
            st.markdown(f"**{t('Caption of the matched post')}**")
            st.code(d.caption, language=None, wrap_lines=True)
            ow.caption_results(deliverables.caption_checks(d, offer, markets), ctx)
        if editable and d.status == "pending":
            with st.form(f"draft_form_{d.id}"):
                url = st.text_input(t("Link to the draft (optional)"), key=f"draft_url_{d.id}")
                note = st.text_input(t("Note (optional)"), key=f"draft_note_{d.id}")
                submitted = st.form_submit_button(t("Submit draft for approval"))
            if submitted:
                run_change(lambda d=d, url=url, note=note: deliverables.submit_draft(gw, d.id, url, note),
                     t("Draft submitted."))
        if editable and d.status in ("pending", "draft_submitted", "approved"):
            with st.form(f"posted_form_{d.id}"):
                link = st.text_input(t("Permalink of the published post"), key=f"permalink_{d.id}",
                                     placeholder="https://")
                submitted = st.form_submit_button(t("Mark posted"), type="primary")
            if submitted:
                run_change(lambda d=d, link=link: deliverables.mark_posted(gw, d, link),
                     t("Deliverable marked posted."))
        ow.checklist(group, ctx, editable=editable, on_tick=_tick, licence_numbers=numbers)


def _tick(deliverable_id: str, rule_id: str, key: str) -> None:
    ctx = context()
    try:
        deliverables.set_tick(ctx.gateway, deliverable_id, rule_id, bool(session.widget_value(key)))
    except DomainError as exc:
        session.set_flash("error", error_text(exc))


def _log_form(ctx) -> None:
    gw = ctx.gateway
    with st.expander(t("Log a deal that came by email or DM"), icon=":material/add:"):
        have = offers.creator_platforms(gw, gw.person.id)
        if not have:
            st.info(t("Connect or import an account first: a deal's deliverables are on the platforms you have an "
                      "account on."), icon=":material/link_off:")
            return
        lines = ow.item_lines("log")
        with st.form("log_form", clear_on_submit=False):
            brand = st.text_input(t("Brand"), key="log_brand", max_chars=120)
            raw = ow.terms_fields("log", currencies=profiles.currency_codes(gw), default_currency=ctx.currency,
                                  lines=lines, time_zone=ctx.time_zone, kinds=ow.kinds_on(have))
            submitted = st.form_submit_button(t("Log deal"), type="primary")
        if submitted:
            def log():
                offer = offers.log(gw, brand, raw.terms(), time_zone=ctx.time_zone)
                links.open_item(offer.id)
                return offer
            run_change(log, t("Deal logged. It waits for your answer under \"Needs your answer\"."))


render()
