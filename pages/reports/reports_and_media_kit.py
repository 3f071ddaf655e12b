"""Reports and media kit (creator). Campaign reports: build one from a brand's accepted offers or a date window,
preview it live, share it with the brand partner's account or by a secret link (live or frozen), revoke any share,
and see who opened it and when. Media kit: the opt-in public profile (portal/widgets/media_kit.py)."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from portal import session
from services.core import formatting as fmt
from portal.widgets import media_kit as media_kit_section
from portal.widgets import reports as report_widgets
from portal.widgets.offers import status_label
from portal.i18n import error_text, language_name, t
from portal.layout import escape_md, page, plain_text, user_text
from portal.links import open_linked
from services.accounts import oauth
from services.offers import offers
from services.reports import reports
from services.core.errors import DomainError
from services.core.messages import N_

MODE_LABELS = {"live": N_("Live: follows new syncs"), "frozen": N_("Frozen: keeps today's numbers")}
SCOPE_LABELS = {"offers": N_("A brand's accepted offers"), "window": N_("A date window")}
STATUS_BADGES = {"active": ("green", N_("Active")), "revoked": ("red", N_("Revoked")), "expired": ("gray", "Expired")}


def render() -> None:
    ctx = page(t("Reports"))
    reports_tab, kit_tab = st.tabs([t("Campaign reports"), t("Media kit")])
    with reports_tab:
        _reports(ctx)
    with kit_tab:
        media_kit_section.render(ctx)


def _reports(ctx) -> None:
    st.markdown(t("Build a report from a brand's accepted offers or from a date window, then share it with the brand "
                  "partner's account or by a secret link, live or frozen. Every number says where it came from."))
    items = reports.list_reports(ctx.gateway)
    _builder(ctx, expanded=not items)
    shown = report_widgets.picked_report(
        items, t("No report yet. Build one above: it stays private until you share it."),
        lambda items: _picker(ctx, items), lambda report: reports.data(ctx.gateway, report.id),
        t("This report no longer exists."))
    if shown is None:
        return
    report, data = shown
    st.caption(t("Preview: this is what a brand partner sees of a live share today."))
    report_widgets.render_report(data, locale=ctx.locale, time_zone=ctx.time_zone, key="creator_report",
                                 current=lambda: reports.data(ctx.gateway, report.id))
    report_widgets.render_conversions(data, locale=ctx.locale, time_zone=ctx.time_zone, key="creator_conversions")
    st.divider()
    _sharing(ctx, report)
    _shares_and_views(ctx, report)
    _delete(ctx, report)


# -- building --------------------------------------------------------------------------------------------------

def _offer_label(offer, locale: str) -> str:
    return f"{plain_text(offer.campaign)} · {fmt.money(offer.fee, offer.currency, locale)} · {status_label(offer.status)}"


def _builder(ctx, *, expanded: bool) -> None:
    with st.expander(t("New report"), expanded=expanded, icon=":material/add:"):
        title = st.text_input(t("Title"), key="report_title", max_chars=120,
                              placeholder=t("Spring campaign results"))
        scope = st.radio(t("What the report covers"), list(SCOPE_LABELS), format_func=lambda s: t(SCOPE_LABELS[s]),
                         key="report_scope", horizontal=True)
        eligible = reports.eligible_offers(ctx.gateway)
        offer_ids: list[str] = []
        start = end = None
        brand_id = None
        if scope == "offers":
            groups = reports.offers_by_brand(eligible)
            if not groups:
                st.info(t("No accepted offer yet. Once you accept a brand's offer, build its report here; or cover a "
                          "date window instead."))
            else:
                brand = st.selectbox(t("Brand"), list(groups), format_func=lambda k: plain_text(groups[k][0].brand_name),
                                     key="report_brand")
                by_id = {o.id: o for o in groups[brand]}
                offer_ids = st.multiselect(t("Accepted offers"), list(by_id), default=list(by_id),
                                           format_func=lambda i: _offer_label(by_id[i], ctx.locale),
                                           key=f"report_offers_{brand}")
        else:
            today = offers.today_in(ctx.time_zone)
            left, right = st.columns(2)
            start = left.date_input(t("From"), value=today - dt.timedelta(days=29), key="report_from")
            end = right.date_input(t("To"), value=today, key="report_to")
            brands = {b["id"]: b["name"] for b in reports.shareable_brands(ctx.gateway)}
            brands.update({o.brand_id: o.brand_name for o in eligible if o.brand_id})
            choice = st.selectbox(t("Posts"), [""] + sorted(brands, key=lambda b: brands[b].lower()),
                                  format_func=lambda b: t("Every post in the window") if not b
                                  else t("Only the deliverables for {brand}", brand=plain_text(brands[b])),
                                  key="report_window_brand")
            brand_id = choice or None
            st.caption(t("Posts are placed in the window by their date in your time zone ({zone}), exactly as on the "
                         "Engagement page, so the numbers match it.", zone=ctx.time_zone))
        if st.button(t("Create report"), key="report_create", type="primary", icon=":material/add_chart:"):
            try:
                created = reports.create_report(ctx.gateway, title, offer_ids=offer_ids if scope == "offers" else (),
                                                start=start if scope == "window" else None,
                                                end=end if scope == "window" else None, brand_id=brand_id)
            except DomainError as exc:
                st.error(error_text(exc))
                return
            session.set_selected_report(created.id)
            session.set_flash("success", t("Report created. Check the preview, then share it."))
            st.rerun()


def _picker(ctx, items: list[reports.Report]) -> reports.Report:
    by_id = {r.id: r for r in items}
    open_linked(by_id, session.set_selected_report)
    selected = session.selected_report()
    if selected not in by_id:
        selected = items[0].id
        session.set_selected_report(selected)
    st.subheader(t("Your reports"))
    for r in items:
        what = t(SCOPE_LABELS[r.scope])
        if r.brand_name:
            what += f" · {r.brand_name}"
        if r.scope == "window" and r.period_start and r.period_end:
            what += f" · {fmt.day(r.period_start, ctx.locale)} – {fmt.day(r.period_end, ctx.locale)}"
        left, right = st.columns([6, 1])
        marker = "▸ " if r.id == selected else ""
        left.markdown(f"{marker}**{escape_md(r.title)}**  \n{escape_md(what)}")
        right.button(t("Open"), key=f"open_report_{r.id}", on_click=session.set_selected_report, args=(r.id,))
    return by_id[selected]


# -- sharing ---------------------------------------------------------------------------------------------------

def _sharing(ctx, report: reports.Report) -> None:
    st.subheader(t("Share this report"))
    brand_tab, link_tab = st.tabs([t("With a brand partner's account"), t("By secret link")])
    with brand_tab:
        brands = reports.shareable_brands(ctx.gateway)
        if report.brand_id:
            brands = [b for b in brands if b["id"] == report.brand_id]
        if not brands:
            st.info(t("This report can be shared with the brand partner's account once they have joined through your "
                      "invitation (Brand partners page). Until then, share it by secret link.")
                    if report.brand_id or not report.brand_name else
                    t("{brand} has no account here (a deal you logged yourself): share the report by secret link.",
                      brand=user_text(report.brand_name)))
        else:
            names = {b["id"]: b["name"] for b in brands}
            brand = st.selectbox(t("Brand"), list(names), format_func=lambda b: plain_text(names[b]), key="share_brand")
            mode = st.radio(t("Numbers"), list(MODE_LABELS), format_func=lambda m: t(MODE_LABELS[m]),
                            key="share_brand_mode", horizontal=True)
            st.caption(t("Its members see the report under Shared reports, and can download it and add conversions."))
            if st.button(t("Share with {brand}", brand=user_text(names[brand])), key="share_brand_submit", type="primary",
                         icon=":material/share:"):
                try:
                    reports.share_with_brand(ctx.gateway, report.id, brand, mode)
                except DomainError as exc:
                    st.error(error_text(exc))
                else:
                    st.success(t("Shared with {brand}.", brand=user_text(names[brand])))
    with link_tab:
        mode = st.radio(t("Numbers"), list(MODE_LABELS), format_func=lambda m: t(MODE_LABELS[m]),
                        key="share_link_mode", horizontal=True)
        left, right = st.columns(2)
        days = left.number_input(t("Link works for (days)"), min_value=1, max_value=reports.MAX_LINK_DAYS,
                                 value=reports.LINK_DAYS, step=1, key="share_link_days")
        label = right.text_input(t("Label (only you see it)"), key="share_link_label", max_chars=80,
                                 placeholder=t("For the agency"))
        language = report_widgets.document_language_select(ctx.locale, key="share_link_language")
        st.caption(t("Anyone with the link can open the report without signing in, until it expires or you revoke it."))
        if st.button(t("Create link"), key="share_link_submit", type="primary", icon=":material/link:"):
            try:
                created = reports.share_link(ctx.gateway, report.id, mode, valid_days=int(days), label=label,
                                             language=language)
            except DomainError as exc:
                st.error(error_text(exc))
            else:
                url = reports.link_url(oauth.app_base_url(ctx.settings, st.context.url), created.token)
                st.success(t("Link created. Copy it now: it is shown only once. It works until {date} unless you "
                             "revoke it.", date=fmt.local_datetime(created.share.expires_at, ctx.time_zone,
                                                                  ctx.locale)))
                st.code(url, language=None)


def _shares_and_views(ctx, report: reports.Report) -> None:
    shares = reports.shares(ctx.gateway, report.id)
    views = reports.views(ctx.gateway, report.id)
    st.subheader(t("Shares and views"))
    if not shares:
        st.caption(t("Not shared yet."))
        return
    per_share: dict[str, list[reports.View]] = {}
    for v in views:
        per_share.setdefault(v.share_id, []).append(v)
    names = {s.id: _share_name(s) for s in shares}
    for s in shares:
        status = s.status()
        colour, word = STATUS_BADGES[status]
        seen = per_share.get(s.id, [])
        with st.container(border=True):
            left, right = st.columns([5, 1])
            mode = t("Frozen on {date}", date=fmt.local_datetime(s.frozen_at, ctx.time_zone, ctx.locale)) \
                if s.mode == "frozen" else t("Live")
            left.markdown(f"**{escape_md(names[s.id])}**  :{colour}-badge[{t(word)}]  :blue-badge[{mode}]")
            facts = [t("shared {date}", date=fmt.local_datetime(s.created_at, ctx.time_zone, ctx.locale))]
            if s.revoked_at:
                facts.append(t("revoked {date}", date=fmt.local_datetime(s.revoked_at, ctx.time_zone, ctx.locale)))
            elif s.expires_at:
                facts.append(t("until {date}", date=fmt.local_datetime(s.expires_at, ctx.time_zone, ctx.locale)))
            if s.kind == "link" and s.language and status != "active":  # an active link shows it in its select
                facts.append(t("read in {language}", language=language_name(s.language)))
            facts.append(t("views: {count}", count=fmt.number(len(seen), ctx.locale)))
            if seen:
                facts.append(t("last opened {date}", date=fmt.local_datetime(seen[0].viewed_at, ctx.time_zone,
                                                                          ctx.locale)))
            left.caption(" · ".join(facts))
            if status == "active" and s.kind == "link":
                _link_language(ctx, s, left)
            if status == "active":
                if right.button(t("Revoke"), key=f"revoke_{s.id}", icon=":material/link_off:"):
                    try:
                        reports.revoke(ctx.gateway, s.id)
                    except DomainError as exc:
                        st.error(error_text(exc))
                    else:
                        session.set_flash("success", t("Share revoked: it stops working at once."))
                        st.rerun()
    if views:
        st.markdown(f"**{t('View log')}**")
        st.dataframe([{
            t("When"): fmt.local_datetime(v.viewed_at, ctx.time_zone, ctx.locale),
            t("Through"): names.get(v.share_id, "—"),
            t("Who"): plain_text(v.viewer_name) or t("Someone with the link (not signed in)"),
        } for v in views], hide_index=True, width="stretch", key="report_views_table")


def _link_language(ctx, share: reports.Share, where) -> None:
    """The language an active secret link is read in, changeable; the link itself stays the same."""
    shown = share.language or ctx.locale
    with where:
        chosen = report_widgets.document_language_select(shown, key=f"share_language_{share.id}")
    if chosen == shown:
        return
    try:
        reports.set_language(ctx.gateway, share.id, chosen)
    except DomainError as exc:
        st.error(error_text(exc))
    else:
        session.set_flash("success", t("The link is now read in {language}.", language=language_name(chosen)))
        st.rerun()


def _share_name(share: reports.Share) -> str:
    if share.kind == "brand":
        return t("{brand}'s account", brand=plain_text(share.brand_name) or t("A brand"))
    return t("Secret link") + (f" · {plain_text(share.label)}" if share.label else "")


def _delete(ctx, report: reports.Report) -> None:
    with st.expander(t("Delete this report"), icon=":material/delete:"):
        st.caption(t("Deleting removes its shares (links stop working), its view log and the brand's conversions."))
        sure = st.checkbox(t("Yes, delete \"{title}\"", title=user_text(report.title)), key="report_delete_confirm")
        if st.button(t("Delete report"), key="report_delete", disabled=not sure):
            try:
                reports.delete_report(ctx.gateway, report.id)
            except DomainError as exc:
                st.error(error_text(exc))
                return
            session.set_selected_report(None)
            session.set_flash("success", t("Report deleted."))
            st.rerun()


render()
