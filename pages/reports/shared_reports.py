"""Shared reports (brand partner): the reports creators shared with your brand, each with its charts, which
numbers are verified, CSV and PDF downloads, and a form to add the conversions your brand measured (promo codes
redeemed, sales), which then feed CPA."""
from __future__ import annotations

import streamlit as st

from portal import session
from services.core import formatting as fmt
from portal.widgets import reports as report_widgets
from portal.i18n import t, error_text
from portal.layout import escape_md, page
from services.offers import offers
from services.people import profiles
from services.reports import reports
from services.core.errors import DomainError


def render() -> None:
    ctx = page(t("Shared reports"))
    shown = report_widgets.picked_report(
        reports.shared_with_me(ctx.gateway),
        t("No creator has shared a report with your brand yet. Shared reports appear here, and on Home."),
        lambda items: _picker(ctx, items),
        lambda selected: reports.data(ctx.gateway, selected.report.id, visit=session.visit_key(reports.new_visit_key)),
        t("This report is no longer shared with you."))
    if shown is None:
        return
    selected, data = shown
    report_id = selected.report.id
    report_widgets.render_report(data, locale=ctx.locale, time_zone=ctx.time_zone, key="brand_report",
                                 current=lambda: reports.data(ctx.gateway, report_id))
    st.divider()
    report_widgets.render_conversions(data, locale=ctx.locale, time_zone=ctx.time_zone, key="brand_conversions",
                                      on_remove=lambda conversion_id: _remove(ctx, conversion_id))
    _conversion_form(ctx, data)


def _picker(ctx, items: list[reports.SharedReport]) -> reports.SharedReport:
    by_id = {i.report.id: i for i in items}
    wanted = st.query_params.get("id")
    if wanted in by_id and session.first_view(f"link-param:{wanted}"):
        session.set_selected_report(wanted)
    selected = session.selected_report()
    if selected not in by_id:
        selected = items[0].report.id
        session.set_selected_report(selected)
    for item in items:
        left, right = st.columns([6, 1])
        mode = t("Frozen on {date}", date=fmt.local_datetime(item.share.frozen_at, ctx.time_zone, ctx.locale)) \
            if item.share.mode == "frozen" else t("Live")
        marker = "▸ " if item.report.id == selected else ""
        left.markdown(f"{marker}**{escape_md(item.report.title)}** · {escape_md(item.creator_name or '')}  \n"
                      + t("Shared {date}", date=fmt.local_datetime(item.share.created_at, ctx.time_zone, ctx.locale))
                      + f" · {mode}")
        right.button(t("Open"), key=f"open_shared_{item.report.id}", on_click=session.set_selected_report,
                     args=(item.report.id,))
    return by_id[selected]


def _remove(ctx, conversion_id: str) -> None:
    try:
        reports.remove_conversion(ctx.gateway, conversion_id)
    except DomainError as exc:
        session.set_flash("error", error_text(exc))
    else:
        session.set_flash("success", t("Conversions removed."))


def _conversion_form(ctx, data: reports.ReportData) -> None:
    if not data.report.brand_id:
        st.caption(t("Conversions can be added to reports about your brand's offers."))
        return
    currencies = profiles.currency_codes(ctx.gateway)
    default = data.spend.currency or ctx.currency
    with st.form("conversion_form", clear_on_submit=False):
        st.markdown(f"**{t('Add conversions')}**")
        st.caption(t("What your brand measured from this campaign: promo codes redeemed, sales, sign-ups. They feed "
                     "CPA and are marked as entered by the brand."))
        label = st.text_input(t("What was counted"), key="conv_label", max_chars=120,
                              placeholder=t("Promo code MAYA15 redeemed"))
        left, middle, right = st.columns(3)
        count = left.text_input(t("Conversions"), key="conv_count", placeholder="42")
        revenue = middle.text_input(t("Revenue (optional)"), key="conv_revenue", placeholder="1,890.00")
        currency = right.selectbox(t("Currency"), currencies,
                                   index=currencies.index(default) if default in currencies else 0, key="conv_currency")
        submitted = st.form_submit_button(t("Add conversions"), type="primary")
    if not submitted:
        return
    try:
        units = offers.minor_units(ctx.gateway).get(currency, 2)
        reports.add_conversion(ctx.gateway, data.report.id, label, count, revenue, currency, minor_units=units)
    except DomainError as exc:
        st.error(error_text(exc))
        return
    session.set_flash("success", t("Conversions added: CPA is updated."))
    st.rerun()


render()
