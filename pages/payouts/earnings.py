"""Earnings (creator): money received against money expected by month, brand and platform; how long each brand
takes to pay; a tax-year summary (calendar year or a chosen start) exportable as CSV; all in the home currency,
with every rate used, its date and source; and the exchange rates themselves (by hand or from the ECB file)."""
from __future__ import annotations

import calendar
import datetime as dt

import pandas as pd
import streamlit as st

from portal import session
from services.core import formatting as fmt
from portal.charts import localized
from portal.widgets import payouts_charts as payout_charts
from portal import tables
from portal.widgets import payouts as pw
from portal.i18n import error_text, pt, t
from portal.layout import run_change, plain_text
from portal.session import context
from services.payouts import earnings
from services.payouts import fx
from services.payouts import tax_summary
from portal.widgets import tax as wtax
from services.core import clock
from services.core.csv_export import to_safe_csv
from services.core.errors import DomainError
from services.core.messages import N_

MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"), N_("August"),
          N_("September"), N_("October"), N_("November"), N_("December"))


def render() -> None:
    ctx = context()
    gw = ctx.gateway
    st.title(t("Earnings"))
    today = clock.today(ctx.time_zone)
    start_default = _add_months(today.replace(day=1), -11)
    end_month = _add_months(today.replace(day=1), 2)
    end_default = end_month.replace(day=calendar.monthrange(end_month.year, end_month.month)[1])
    left, right = st.columns(2)
    start = left.date_input(t("From"), value=start_default, key="earnings_from")
    end = right.date_input(t("To"), value=end_default, key="earnings_to")
    if start > end:
        st.error(t("The start date is after the end date."))
        return
    try:
        view = earnings.page(gw, start, end, ctx.currency, today=today)
    except DomainError as exc:
        st.error(error_text(exc))
        return
    data = view.period
    home = data.home_currency
    money = lambda v: fmt.money(v, home, ctx.locale)  # noqa: E731
    st.caption(t("All amounts in {currency}, each converted at the rate of its own date (rates used are listed "
                 "below).", currency=home))
    a, b, c = st.columns(3)
    a.metric(t("Received"), money(data.total("received")))
    b.metric(t("Expected"), money(data.total("expected")),
             help=t("What was due in the period (after fees and withholding tax), paid or not; written-off payouts "
                    "are not expected."))
    c.metric(t("Invoiced"), money(data.total("invoiced")), help=t("Invoices issued in the period, less credit notes."))
    _missing_rates(data)
    if data.is_empty:
        st.info(t("No payouts in this period yet. Payouts appear when offers are accepted or you log one on the "
                  "Payouts page."), icon=":material/payments:")
    else:
        st.subheader(t("Received vs expected by month"))
        st.plotly_chart(localized(payout_charts.make_received_vs_expected_figure(
            data.by_month(), received=t("Received"), expected=t("Expected"), y_title=home)),
            width="stretch", key="earnings_month_chart")
        left, right = st.columns(2)
        with left:
            st.markdown(f"**{t('By brand')}**")
            _group_table(data.by("brand_name"), "brand_name", t("Brand"), money, key="earnings_by_brand")
        with right:
            st.markdown(f"**{t('By platform')}**")
            _group_table(data.by("platform"), "platform", t("Platform"), money, key="earnings_by_platform",
                         label=pw.platform_label)
        _rates_used(data, ctx)
        st.download_button(t("Download these entries as CSV"), to_safe_csv(_detail_frame(data)),
                           file_name=f"earnings-{start}-{end}.csv", mime="text/csv", key="earnings_detail_csv",
                           icon=":material/download:", on_click="ignore")
    _days_to_pay(view.days_to_pay, ctx)
    _tax_years(ctx, view, today)
    _country_summary(ctx, view, today)
    _rates(ctx, view)


def _missing_rates(data: earnings.Earnings) -> None:
    missing = data.missing_rates
    if missing:
        st.warning(t("Some amounts are not in the totals: there is no exchange rate into {home} on or before their "
                     "date for {currencies}. Add a rate below.", home=data.home_currency,
                     currencies=", ".join(f"{c} ({n})" for c, n in sorted(missing.items()))),
                   icon=":material/currency_exchange:")


def _group_table(frame: pd.DataFrame, column: str, title: str, money, *, key: str, label=None) -> None:
    if frame.empty:
        st.caption(t("Nothing in this period."))
        return
    received, expected = t("Received"), t("Expected")
    rows = pd.DataFrame([{title: label(r[column]) if label else plain_text(r[column]), received: r["received"],
                          expected: r["expected"]} for r in frame.to_dict("records")])
    st.dataframe(tables.shown(rows, {received: money, expected: money}), hide_index=True, width="stretch", key=key)


def _rates_used(data: earnings.Earnings, ctx) -> None:
    used = data.rates_used()
    if used.empty:
        return
    with st.expander(t("Exchange rates used ({n})", n=len(used))):
        rows = [{t("Rate"): fmt.fx_rate(r["rate"], r["currency"], data.home_currency, ctx.locale),
                 t("Rate date"): fmt.day(r["rate_date"], ctx.locale), t("Source"): pw.source_label(r["source"])}
                for r in used.to_dict("records")]
        st.dataframe(rows, hide_index=True, width="stretch", key="earnings_rates_used")


def _detail_frame(data: earnings.Earnings) -> pd.DataFrame:
    frame = data.detail()
    frame["entry"] = frame["entry"].map(pw.entry_label)
    return frame.rename(columns={
        "date": t("Date"), "entry": t("Entry"), "brand": t("Brand"), "platform": t("Platform"),
        "description": t("Description"), "document": t("Document or reference"), "currency": t("Currency"),
        "amount": t("Amount"), "home_currency": t("Home currency"), "home_amount": t("Amount in home currency"),
        "rate": t("Rate"), "rate_date": t("Rate date"), "rate_source": t("Rate source")})


def _days_to_pay(frame: pd.DataFrame, ctx) -> None:
    st.subheader(t("How long brands take to pay"))
    if frame.empty:
        st.caption(t("No payout has been paid in full yet."))
        return
    st.caption(t("Over payouts paid in full: days from the invoice (or the billing date) to the last payment, and "
                 "days after the due date (negative: early)."))
    paid, to_pay, late, slowest = t("Paid payouts"), t("Average days to pay"), t("Average days late"), t("Slowest (days)")
    rows = pd.DataFrame([{t("Brand"): plain_text(r["brand_name"]), paid: r["paid_payouts"],
                          to_pay: r["average_days_to_pay"], late: r["average_days_late"], slowest: r["slowest_days"]}
                         for r in frame.to_dict("records")])
    whole, tenths = tables.numbers(ctx.locale), tables.decimals(ctx.locale, 1)
    st.dataframe(tables.shown(rows, {paid: whole, to_pay: tenths, late: tenths, slowest: whole}), hide_index=True,
                 width="stretch", key="earnings_days_to_pay")


def _tax_years(ctx, view: earnings.EarningsPage, today: dt.date) -> None:
    st.subheader(t("Tax-year summary"))
    start_month, start_day = view.fiscal_year_start
    left, middle, right = st.columns(3)
    choice = left.radio(t("Year"), ["calendar", "fiscal"], index=0 if (start_month, start_day) == (1, 1) else 1,
                        format_func=lambda c: t("Calendar year") if c == "calendar" else t("Tax year from a chosen date"),
                        key="earnings_year_kind")
    month, day = 1, 1
    if choice == "fiscal":
        month = middle.selectbox(t("Starts in"), list(range(1, 13)), index=start_month - 1,
                                 format_func=lambda m: t(MONTHS[m - 1]), key="earnings_fy_month")
        day = int(right.number_input(t("on day"), min_value=1, max_value=28, value=start_day,
                                     step=1, key="earnings_fy_day"))
    table, data = view.tax_summary(today, month=int(month), start_day=day)
    home = data.home_currency
    labels = {"tax_year": t("Tax year"), "from": t("From"), "to": t("To"), "received": t("Received"),
              "invoiced": t("Invoiced"), "tax_charged": t("Tax charged"), "fee_withheld": t("Fees withheld"),
              "tax_withheld": t("Withholding tax withheld"), "written_off": t("Written off")}
    frame = table.rename(columns=labels)
    in_home = lambda v: fmt.money(v, home, ctx.locale)  # noqa: E731
    days = tables.days(ctx.locale)
    formats = {labels[k]: in_home for k in earnings.TAX_COLUMNS if labels.get(k) in frame.columns}
    formats.update({labels[k]: days for k in ("from", "to") if labels[k] in frame.columns})
    st.dataframe(tables.shown(frame, formats), hide_index=True, width="stretch", key="earnings_tax_years")
    st.caption(t("Received: money that arrived in the year. Invoiced: invoices issued in the year, less credit "
                 "notes, with the tax you charged and what was withheld. In {currency}.", currency=home))
    _missing_rates(data)
    export = table.rename(columns=labels)
    export.insert(3, t("Currency"), home)
    left, right = st.columns(2)
    left.download_button(t("Download the summary as CSV"), to_safe_csv(export), file_name="tax-years.csv",
                         mime="text/csv", key="earnings_tax_csv", icon=":material/download:", on_click="ignore")
    right.download_button(t("Download every entry as CSV"), to_safe_csv(_detail_frame(data)),
                          file_name="tax-years-detail.csv", mime="text/csv", key="earnings_tax_detail_csv",
                          icon=":material/download:", on_click="ignore")


def _country_summary(ctx, view: earnings.EarningsPage, today: dt.date) -> None:
    """The current tax year's figures as the creator's country's return asks for them, with a CSV."""
    if not st.toggle(t("Show the figures for my tax return"), key="earnings_country_summary",
                     help=t("This year's income as your country's tax return asks for it, with a CSV. It reads "
                            "your invoices when you open it.")):
        return
    month, day = view.fiscal_year_start
    start = earnings.tax_year_start(today, month, day)
    end = earnings.tax_year_end(start)
    try:
        title, rows = tax_summary.summary(ctx.gateway, start, end)
    except DomainError as exc:
        st.error(error_text(exc))
        return
    st.caption(t("{title}: {start} to {end}", title=title, start=fmt.day(start, ctx.locale),
                 end=fmt.day(end, ctx.locale)))
    wtax.summary_section(rows, ctx)
    if rows:
        st.download_button(t("Download this summary as CSV"), to_safe_csv(tax_summary.to_frame(rows)),
                           file_name=f"tax-summary-{start}.csv", mime="text/csv", key="earnings_country_csv",
                           icon=":material/download:", on_click="ignore")


def _rates(ctx, view: earnings.EarningsPage) -> None:
    gw = ctx.gateway
    with st.expander(t("Exchange rates"), icon=":material/currency_exchange:"):
        st.caption(t("Totals use the latest rate on or before each amount's date: a rate you entered before an ECB "
                     "one of the same day, then a direct rate, its inverse, or a cross rate through EUR."))
        codes = view.currencies
        with st.form("fx_rate_form"):
            a, b, c, d = st.columns(4)
            base = a.selectbox(pt("currency pair", "From"), codes, index=codes.index("USD") if "USD" in codes else 0, key="fx_base")
            quote = b.selectbox(pt("currency pair", "To"), codes, index=codes.index(ctx.currency) if ctx.currency in codes else 0,
                                key="fx_quote")
            rate = c.text_input(t("Rate (1 {base} = ? {quote})", base=base, quote=quote), key="fx_rate", help=t("An exact number, e.g. 0.7712."))
            on = d.date_input(t("Date"), value=clock.today(ctx.time_zone), max_value=clock.today(ctx.time_zone), key="fx_date")
            note = st.text_input(t("Note (optional), e.g. your bank's rate"), key="fx_note", max_chars=200)
            submitted = st.form_submit_button(t("Save rate"), type="primary")
        if submitted:
            run_change(lambda: fx.save_rate(gw, base, quote, rate, on, note), t("Rate saved."))
        st.markdown(t("Or import the ECB's euro reference rates: download **eurofxref.zip** (today) or "
                      "**eurofxref-hist.zip** (since 1999) from the ECB website and upload it here (ZIP or CSV)."))
        upload = st.file_uploader(t("ECB reference-rate file"), type=["csv", "zip"], key="fx_ecb_file")
        if upload is not None and st.button(t("Import rates"), key="fx_ecb_import"):
            try:
                result = fx.import_ecb(gw, upload.getvalue(), file_name=upload.name)
            except DomainError as exc:
                st.error(error_text(exc), icon=":material/error:")
            else:  # shown after the rerun that reads the new rates (totals above use them too)
                session.set_flash("success", t(
                    "Imported {imported} rates ({first} to {last}); {unchanged} were already stored, {skipped} are for "
                    "currencies the portal does not list.", imported=result.imported, first=result.first_date,
                    last=result.last_date, unchanged=result.unchanged, skipped=result.skipped))
                st.rerun()
        rates = view.rates
        if rates:
            rows = [{t("Rate"): fmt.fx_rate(r.rate, r.base, r.quote, ctx.locale), t("Date"): fmt.day(r.rate_date, ctx.locale),
                     t("Source"): pw.source_label(r.source), t("Note"): plain_text(r.note)} for r in rates]
            st.dataframe(rows, hide_index=True, width="stretch", key="fx_rates_table")
        else:
            st.caption(t("No exchange rates yet."))


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


render()
