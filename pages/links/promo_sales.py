"""Promo-code sales (brand partner): the sales of the promo codes on the brand's deals, from the shop's own export
(Shopify's sales by discount report, WooCommerce's orders report, or a generic CSV), previewed and then imported all
or nothing, or typed in one day at a time. Codes are made on a deal's page."""
from __future__ import annotations

import datetime as dt
import hashlib

import pandas as pd
import streamlit as st

from services.core import formatting as fmt
from portal import tables
from portal.i18n import error_text, t, tm
from portal.layout import escape_md, import_plan, plain_text, run_change
from portal.session import context
from services.core import clock
from services.core.errors import DomainError
from services.links import links, redemptions, shop_files
from services.reports import tracking

PARSED_KEY = "promo_sales_parsed_upload"   # (sha256, name, currency, day) -> the file read from it, or the refusal
DONE_KEY = "promo_sales_import_done"       # the outcome of the last import, shown once
PREVIEW_ROWS = 50


def render() -> None:
    ctx = context()
    gw = ctx.gateway
    st.title(t("Promo-code sales"))
    st.markdown(t("The orders and revenue your promo codes brought, as your shop counted them. They go into the "
                  "creators' reports marked as imported from your shop or entered by you."))
    try:
        brands = redemptions.my_brands(gw)
    except DomainError as exc:
        st.error(error_text(exc))
        return
    if not brands:
        st.info(t("You are not a member of a brand yet."))
        return
    names = {b["id"]: b["name"] for b in brands}
    brand_id = brands[0]["id"] if len(brands) == 1 else st.selectbox(
        t("Brand"), list(names), format_func=lambda b: plain_text(names[b]), key="promo_sales_brand")
    codes = redemptions.brand_codes(gw, brand_id)
    currencies = redemptions.currencies(gw)
    imported, entered, listed, history = st.tabs([t("Import a shop file"), t("Enter a day's sales"),
                                                 t("Codes and sales"), t("Imports")])
    with imported:
        _import(ctx, brand_id, currencies)
    with entered:
        _enter(ctx, codes, currencies)
    with listed:
        _codes(ctx, codes)
    with history:
        _history(ctx, brand_id)


def _no_codes() -> None:
    st.info(t("No promo code on your deals yet. Add one on a deal's page: Offers, open an active deal, then "
              "“Add a promo code”."), icon=":material/sell:")


def _import(ctx, brand_id: str, currencies: dict[str, int]) -> None:
    with st.expander(t("Which files, and where to find them")):
        st.markdown(t(
            "- **Shopify**: Analytics › Reports › Sales by discount, grouped by day, › Export as CSV. Revenue is its "
            "Net sales (else Total sales).\n"
            "- **WooCommerce**: Analytics › Orders › Download (CSV). Each order counts for each of its coupons; "
            "refunded, cancelled and failed orders are left out.\n"
            "- **Any other shop**: a CSV with the columns code, date, orders, revenue, currency — one row per code and "
            "day, dates as 2026-11-30, amounts as 1234.50, currencies as EUR."))
    uploaded = st.file_uploader(t("Shop export (CSV)"), type=["csv"], key="promo_sales_file")
    left, right = st.columns(2)
    codes = list(currencies)
    default = codes.index(ctx.currency) if ctx.currency in codes else 0
    currency = left.selectbox(t("The shop's currency"), codes, index=default, key="promo_sales_currency",
                              help=t("Shopify's and WooCommerce's exports do not say it."))
    day = right.date_input(t("Last day of the report"), value=clock.today(ctx.time_zone), key="promo_sales_day",
                           help=t("Only for a Shopify report without a Day column: its sales are dated this day."))
    done = st.session_state.get(DONE_KEY)
    if uploaded is None:
        st.session_state.pop(DONE_KEY, None)
        return
    shop, error = _read_once(uploaded, currency, day)
    if error:
        st.error(t("Nothing was imported: {reason}", reason=error), icon=":material/error:")
        return
    if done and done.get("sha256") == shop.sha256:
        if done.get("error"):
            st.error(t("Nothing was imported: {reason}", reason=done["error"]), icon=":material/error:")
            st.session_state.pop(DONE_KEY, None)
        else:
            outcome = done["outcome"]
            st.success(t("Imported {file}: {created} new and {updated} updated days of sales, marked as imported "
                         "from your shop.", file=escape_md(shop.file_name), created=outcome.created,
                         updated=outcome.updated), icon=":material/check_circle:")
            _unknown(outcome)
        return
    st.subheader(t(shop.label))
    if shop.first_day:
        st.caption(t("{rows} rows from {start} to {end}", rows=fmt.number(len(shop.rows), ctx.locale),
                     start=fmt.day(shop.first_day, ctx.locale), end=fmt.day(shop.last_day, ctx.locale)))
    for note in shop.notes:
        st.caption(tm(note))
    day, orders, revenue = t("Day"), t("Orders"), t("Revenue")
    frame = pd.DataFrame([{t("Row"): r.row, t("Code"): plain_text(r.code), day: r.day, orders: r.orders,
                           revenue: r.revenue, t("Currency"): r.currency} for r in shop.rows[:PREVIEW_ROWS]])
    frame[day] = pd.to_datetime(frame[day])
    if len(shop.rows) > PREVIEW_ROWS:
        st.caption(t("The first {shown} of {rows} rows.", shown=PREVIEW_ROWS, rows=len(shop.rows)))
    currencies = {r.currency for r in shop.rows[:PREVIEW_ROWS]}
    amount = ((lambda v, c=next(iter(currencies)): fmt.money(v, c, ctx.locale)) if len(currencies) == 1  # noqa: E731
              and all(currencies) else tables.decimals(ctx.locale, 2))
    st.dataframe(tables.shown(frame, {day: tables.days(ctx.locale), orders: tables.numbers(ctx.locale),
                                      revenue: amount}), hide_index=True, key="promo_sales_preview")
    plan = import_plan(lambda: redemptions.run(ctx.gateway, brand_id, shop, dry_run=True),
                       lambda reason: t("Nothing was imported: {reason}", reason=reason),
                       lambda date: t("This file was already imported on {date}: nothing to do.", date=date), ctx)
    if plan is None:
        return
    if plan.codes:
        st.dataframe(pd.DataFrame([{t("Code"): plain_text(c.code), t("Days"): c.days, t("Orders"): c.orders,
                                    t("Revenue"): fmt.money(c.revenue, c.currency, ctx.locale)} for c in plan.codes]),
                     hide_index=True, key="promo_sales_plan")
    _unknown(plan)
    if not plan.codes:
        st.info(t("None of the file's codes belongs to one of your deals: there is nothing to import."))
        return
    st.button(t("Import: {created} new and {updated} updated days", created=plan.created, updated=plan.updated),
              type="primary", key="promo_sales_confirm", icon=":material/upload:", on_click=_confirm,
              args=(ctx.gateway, brand_id, shop))


def _unknown(outcome: redemptions.ImportOutcome) -> None:
    if outcome.unknown_codes:
        st.warning(t("Not in any of your deals, so left out (the portal does not guess): {codes}",
                     codes=", ".join(f"`{escape_md(c, 60)}`" for c in outcome.unknown_codes)),
                   icon=":material/help:")


def _read_once(uploaded, currency: str, day: dt.date):
    data = uploaded.getvalue()
    key = (hashlib.sha256(data).hexdigest(), uploaded.name, currency, day)
    kept = st.session_state.get(PARSED_KEY)
    if kept and kept[0] == key:
        return kept[1], kept[2]
    try:
        result = (shop_files.read(data, uploaded.name, currency=currency, day=day), None)
    except DomainError as exc:
        result = (None, error_text(exc))
    st.session_state[PARSED_KEY] = (key, *result)
    return result


def _confirm(gateway, brand_id: str, shop: shop_files.ShopFile) -> None:
    try:
        st.session_state[DONE_KEY] = {"sha256": shop.sha256,
                                      "outcome": redemptions.run(gateway, brand_id, shop, dry_run=False)}
    except DomainError as exc:
        st.session_state[DONE_KEY] = {"sha256": shop.sha256, "error": error_text(exc)}


def _enter(ctx, codes: list[redemptions.BrandCode], currencies: dict[str, int]) -> None:
    live = [c for c in codes if not c.revoked]
    if not live:
        _no_codes()
        return
    labels = {c.id: f"{plain_text(c.code)} · {plain_text(c.campaign)}" for c in live}
    with st.form("promo_sales_enter"):
        code_id = st.selectbox(t("Code"), list(labels), format_func=labels.get, key="promo_enter_code")
        left, middle, right = st.columns(3)
        day = left.date_input(t("Day"), value=clock.today(ctx.time_zone), max_value=clock.today(ctx.time_zone),
                              key="promo_enter_day")
        orders = middle.text_input(t("Orders"), key="promo_enter_orders", placeholder="0")
        revenue = right.text_input(t("Revenue"), key="promo_enter_revenue", placeholder="0.00")
        codes_list = list(currencies)
        currency = st.selectbox(t("Currency"), codes_list, key="promo_enter_currency",
                                index=codes_list.index(ctx.currency) if ctx.currency in codes_list else 0)
        st.caption(t("Entering the same code and day again replaces what you entered for it."))
        submitted = st.form_submit_button(t("Save the day's sales"), type="primary")
    if submitted:
        run_change(lambda: links.enter_sales(ctx.gateway, code_id, day, orders, revenue, currency,
                                             currencies.get(currency, 2)),
                   t("Sales saved, marked as entered by the brand."))


def _codes(ctx, codes: list[redemptions.BrandCode]) -> None:
    if not codes:
        _no_codes()
        return
    st.dataframe(pd.DataFrame([{
        t("Code"): plain_text(c.code), t("Campaign"): plain_text(c.campaign), t("Creator"): plain_text(c.creator_name),
        t("Orders"): c.orders,
        t("Revenue"): ", ".join(fmt.money(v, k, ctx.locale) for k, v in sorted(c.revenue.items())) or "—",
        t("Latest day"): fmt.day(c.last_day, ctx.locale) if c.last_day else "—",
        t("Source"): ", ".join(t(tracking.MARKS[s]) for s in c.sources) or "—",
        t("Status"): t("Ended") if c.revoked else t("Active")} for c in codes]), hide_index=True,
        key="promo_sales_codes")


def _history(ctx, brand_id: str) -> None:
    rows = redemptions.history(ctx.gateway, brand_id)
    if not rows:
        st.info(t("No shop file imported yet."), icon=":material/upload_file:")
        return
    st.dataframe(pd.DataFrame([{
        t("File"): plain_text(r["file_name"]), t("Format"): t(shop_files.FORMATS.get(r["file_format"], r["file_format"])),
        t("Imported"): fmt.local_datetime(r["imported_at"], ctx.time_zone, ctx.locale),
        t("New days"): (r.get("summary") or {}).get("created", 0),
        t("Updated days"): (r.get("summary") or {}).get("updated", 0),
        t("Codes not in your deals"): ", ".join((r.get("summary") or {}).get("unknown_codes") or []) or "—"}
        for r in rows]), hide_index=True, key="promo_sales_history")


render()
