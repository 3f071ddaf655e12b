"""Tracked links and promo codes on a deal's page (creator and brand partner), what they brought in a report (the
creator's preview, the brand's view, a secret link and its PDF), and the week's clicks on the creator's Home.

Streamlit glue only: values in, services called. Every figure carries its mark (counted by the portal, imported from
the brand's shop, entered by the brand) and every ratio its formula."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from portal import charts, resources
from services.core import formatting as fmt
from portal.i18n import error_text, t, tn
from portal.layout import escape_md, plain_text, run_change
from portal import tables
from portal.widgets import offers as ow
from services.accounts import oauth
from services.core.errors import DomainError
from services.links import links
from services.reports import tracking

MARK_COLOURS = {"portal": "green", "import": "blue", "brand": "violet"}


def base_url() -> str:
    """The portal's address for short links: [portal] public_url, else the address the page was opened at."""
    try:
        settings = resources.settings()
    except Exception:  # a page of a portal that cannot read its settings shows no short link's host
        settings = None
    return oauth.app_base_url(settings, st.context.url) if settings else (st.context.url or "").split("?")[0]


def country_line(countries, locale: str) -> str:
    """People's first clicks by country (names in the reader's language), most first: only when GeoIP is on."""
    parts = [t("{country}: {clicks}", country=fmt.territory(code, locale), clicks=fmt.number(n, locale))
             for code, n in countries]
    return t("Clicks by country: {countries}", countries=fmt.list_of(parts, locale))


def mark_badge(mark: str) -> str:
    return f":{MARK_COLOURS.get(mark, 'gray')}-badge[{t(tracking.MARKS[mark])}]"


# -- a deal's page -------------------------------------------------------------------------------------------------

def read(offer, ctx) -> links.DealLinks | DomainError:
    """The deal's links and codes, read once for the page: the deliverables' checklists and deal_section both use
    them. A refusal is returned, for deal_section to show where the links would be."""
    try:
        return links.for_deal(ctx.gateway, offer)
    except DomainError as exc:
        return exc


def carried(tracked: links.DealLinks | DomainError) -> list[tuple[str | None, str]]:
    """What the deliverables' checklists need of read()'s answer (nothing when the links could not be read)."""
    return [] if isinstance(tracked, DomainError) else tracked.carried


def deal_section(offer, items: list, ctx, *, brand: bool, tracked: links.DealLinks | DomainError) -> None:
    """The deal's tracked links and promo codes (`tracked`, from read()): lists with their counts, forms to add and
    revoke. What the creator's markets ask for when a link or code earns commission is on the checklist of each
    deliverable that carries one. `items`: the deal's deliverables."""
    st.markdown(f"#### {t('Tracked links and promo codes')}")
    if offer.status not in links.DEALS:
        st.caption(t("Links and promo codes can be made once the deal is accepted."))
        return
    if isinstance(tracked, DomainError):
        st.error(error_text(tracked))
        return
    names = {d.id: ow.deliverable_heading(d, ctx) for d in items}
    _links(offer, list(tracked.links), names, ctx)
    _codes(offer, list(tracked.codes), names, ctx, brand=brand)
    if not brand and (tracked.links or tracked.codes):
        st.caption(t("If a link or code earns you a commission, what your markets ask for is on the disclosure "
                     "checklist of each deliverable it is for."))


def _links(offer, made: list[links.Link], names: dict, ctx) -> None:
    served = ctx.backend.pool is not None
    st.markdown(f"**{t('Tracked links')}**")
    if not served:
        st.caption(t("Tracked links need the portal's own database connection ([database] url), which this portal "
                     "does not have."))
        return
    if not made:
        st.info(t("No tracked link yet. Make one per deliverable (or one for the whole campaign): the portal counts "
                  "its clicks itself, without cookies or personal data, and adds UTM parameters for the brand's "
                  "analytics."), icon=":material/link:")
    root = base_url()
    for link in made:
        with st.container(border=True):
            left, right = st.columns([5, 1])
            what = names.get(link.deliverable_id) or t("Whole campaign ({platform})",
                                                       platform=ow.platform_label(link.platform))
            title = f"**{escape_md(what)}**" + (f" · {escape_md(link.label)}" if link.label else "")
            if link.revoked:
                title += " · :gray-badge[" + t("Revoked") + "]"
            left.markdown(title)
            left.code(links.short_url(root, link.code), language=None)
            left.caption(t("Leads to {target}", target=escape_md(link.destination, 600)))
            left.caption(t("{clicks} clicks · {repeats} repeats · {bots} bots and link previews",
                           clicks=fmt.number(link.clicks, ctx.locale), repeats=fmt.number(link.repeats, ctx.locale),
                           bots=fmt.number(link.bots, ctx.locale)) + " · " + mark_badge("portal"))
            if link.countries:
                left.caption(country_line(link.countries, ctx.locale))
            if not link.revoked:
                right.button(t("Revoke"), key=f"link_revoke_{link.id}", icon=":material/link_off:",
                             on_click=_run, args=(lambda link=link: links.revoke_link(ctx.gateway, link.id),
                                                  t("Link revoked: it answers “not found” from now on.")))
    with st.expander(t("Make a tracked link"), icon=":material/add_link:"):
        choices = [None] + list(names)
        with st.form(f"link_form_{offer.id}"):
            target = st.text_input(t("The brand's page"), placeholder="https://", key=f"link_target_{offer.id}")
            deliverable = st.selectbox(t("For"), choices, key=f"link_for_{offer.id}",
                                       format_func=lambda d: names.get(d) if d else t("The whole campaign"))
            platforms = sorted({i.platform for i in offer.items})
            platform = st.selectbox(t("Platform (for a link to the whole campaign)"), platforms,
                                    key=f"link_platform_{offer.id}", format_func=ow.platform_label)
            label = st.text_input(t("Label (optional)"), max_chars=80, key=f"link_label_{offer.id}",
                                  placeholder=t("Link in bio"))
            st.caption(t("The link adds utm_source (the platform), utm_medium=influencer, utm_campaign (the offer) and "
                         "utm_content (the deliverable) to the page's address. Its code is 83 random bits: nobody "
                         "finds it by guessing, and it always leads to this page."))
            submitted = st.form_submit_button(t("Make the link"), type="primary")
        if submitted:
            run_change(lambda: links.create_link(ctx.gateway, offer.id, target, portal_urls=[root, st.context.url],
                                                 deliverable_id=deliverable, platform=platform, label=label),
                       t("Tracked link made: copy it from the list."))


def _codes(offer, codes: list[links.PromoCode], names: dict, ctx, *, brand: bool) -> None:
    st.markdown(f"**{t('Promo codes')}**")
    if not codes:
        st.info(t("No promo code yet. Add the discount code the brand's shop gives out for this deal; its sales "
                  "come from the brand (a shop export or typed in)."), icon=":material/sell:")
    for code in codes:
        with st.container(border=True):
            left, right = st.columns([5, 1])
            what = names.get(code.deliverable_id) or t("Whole campaign")
            title = f"`{escape_md(code.code)}` · {escape_md(what)}"
            if code.revoked:
                title += " · :gray-badge[" + t("Ended") + "]"
            left.markdown(title)
            if code.sales:
                revenue = ", ".join(fmt.money(v, c, ctx.locale) for c, v in sorted(code.revenue().items()))
                sources = " ".join(mark_badge(m) for m in dict.fromkeys(s.source for s in code.sales))
                left.caption(t("{orders} orders · {revenue}", orders=fmt.number(code.orders, ctx.locale),
                               revenue=revenue) + " · " + sources)
            else:
                left.caption(t("No sales recorded yet."))
            if not code.revoked:
                right.button(t("End"), key=f"code_revoke_{code.id}", icon=":material/block:",
                             on_click=_run, args=(lambda code=code: links.revoke_code(ctx.gateway, code.id),
                                                  t("Promo code ended; its sales so far stay.")))
    with st.expander(t("Add a promo code"), icon=":material/sell:"):
        with st.form(f"code_form_{offer.id}"):
            text = st.text_input(t("Code, exactly as the shop spells it"), max_chars=40, key=f"code_text_{offer.id}")
            deliverable = st.selectbox(t("For"), [None] + list(names), key=f"code_for_{offer.id}",
                                       format_func=lambda d: names.get(d) if d else t("The whole campaign"))
            submitted = st.form_submit_button(t("Add the code"), type="primary")
        if submitted:
            run_change(lambda: links.create_code(ctx.gateway, offer.id, text, deliverable_id=deliverable),
                       t("Promo code added."))
    if brand and codes:
        st.caption(t("Enter a day's sales of a code, or import your shop's export, on the Promo-code sales page."))


def _run(action, success: str) -> None:
    """A button's callback: the change, then its outcome as the next run's message."""
    from portal import session
    try:
        action()
        session.set_flash("success", success)
    except DomainError as exc:
        session.set_flash("error", error_text(exc))


# -- a report ------------------------------------------------------------------------------------------------------

def render_tracking(data, *, locale: str, time_zone: str, key: str) -> None:
    """What the report's tracked links and promo codes brought; nothing when its deals have neither."""
    found = tracking.for_report(data)
    if found is None:
        return
    f = found.total
    st.markdown(f"#### {t('Tracked links and promo codes')}")
    st.markdown(t("Where the numbers come from:") + " " + " ".join(mark_badge(m) for m in f.marks))
    if data.frozen:
        st.caption(t("As of {date}, when the report was frozen.",
                     date=fmt.local_datetime(found.tracking.as_of, time_zone, locale)))
    money = lambda v: "—" if v is None or f.currency is None else fmt.money(v, f.currency, locale)  # noqa: E731
    row = st.columns(4)
    row[0].metric(t(tracking.CLICKS.label), fmt.number(f.clicks, locale),
                  help=t(tracking.CLICKS.formula) + "\n\n" + t(tracking.CLICKS.note))
    row[1].metric(t(tracking.CTR.label), fmt.percent(f.ctr, locale), help=t(tracking.CTR.formula))
    row[2].metric(t(tracking.REDEMPTIONS.label), fmt.number(f.orders, locale) if f.has_codes else "—",
                  help=t(tracking.REDEMPTIONS.formula))
    row[3].metric(t(tracking.REVENUE.label), money(f.revenue),
                  help=t(tracking.REVENUE.formula) + "\n\n" + t(tracking.REVENUE.note))
    row = st.columns(4)
    row[0].metric(t(tracking.CONVERSION.label), fmt.percent(f.conversion, locale), help=t(tracking.CONVERSION.formula))
    row[1].metric(t(tracking.CPA.label), money(f.cpa), help=t(tracking.CPA.formula))
    row[2].metric(t(tracking.ROAS.label), fmt.decimal(f.roas, locale, tracking.ROAS_PLACES),
                  help=t(tracking.ROAS.formula))
    row[3].metric(t("Repeats and bots"), fmt.number(f.repeats + f.bots, locale),
                  help=t("Counted apart, not in clicks: a visitor's repeat within 30 minutes, bots and link previews."))
    st.caption("  \n".join(_formulas(f, locale)))
    for s in found.tracking.rates:
        st.caption(t("Rate used: 1 {source} = {rate} {target} ({date}, {kind})", source=s.currency,
                     rate=fmt.decimal(s.rate, locale, 6), target=f.currency, date=fmt.day(s.rate_date, locale),
                     kind=s.rate_source))
    for currency, amount in sorted(f.unconverted.items()):
        st.caption(t("{amount} in {currency} are not in revenue: there is no rate for {currency} yet.",
                     amount=fmt.money(amount, currency, locale), currency=currency))
    _breakdown(found, locale)
    _daily(found.tracking, key)
    _short_links(found.tracking, data, locale)


def _formulas(f: tracking.Figures, locale: str) -> list[str]:
    out = [t("CTR = clicks ÷ reach = {clicks} ÷ {reach}", clicks=fmt.number(f.clicks, locale),
             reach=fmt.number(f.reach, locale))]
    if f.has_codes:
        out.append(t("Conversion rate = redemptions ÷ clicks = {orders} ÷ {clicks}",
                     orders=fmt.number(f.orders, locale), clicks=fmt.number(f.clicks, locale)))
    if f.fee is not None and f.currency:
        out.append(t("CPA = fee ÷ redemptions · ROAS = revenue ÷ fee, with the fee {fee}",
                     fee=fmt.money(f.fee, f.currency, locale)))
    return out


def _breakdown(found: tracking.ReportFigures, locale: str) -> None:
    lines = [(t("Campaign: {name}", name=plain_text(o.campaign)), fig) for o, fig in found.campaigns] + \
            [(t("Deliverable: {name}", name=f"{ow.platform_label(r.platform)} {ow.format_label(r.format or '')}"), fig)
             for r, fig in found.deliverables]
    if not lines:
        return
    ratio = lambda v: None if v is None else float(v)  # noqa: E731
    currency = next((f.currency for _, f in lines if f.currency), None)  # the report's: every line is converted to it
    frame = pd.DataFrame({
        "what": [w for w, _ in lines], "clicks": [f.clicks for _, f in lines],
        "reach": [f.reach for _, f in lines], "ctr": [ratio(f.ctr) for _, f in lines],
        "orders": [f.orders if f.has_codes else None for _, f in lines],
        "revenue": [ratio(f.revenue) for _, f in lines], "conversion": [ratio(f.conversion) for _, f in lines],
        "cpa": [ratio(f.cpa) for _, f in lines], "roas": [ratio(f.roas) for _, f in lines]})
    for column in ("clicks", "reach", "orders"):
        frame[column] = frame[column].astype("Int64")
    money = (lambda v: fmt.money(v, currency, locale)) if currency else tables.numbers(locale)  # noqa: E731
    shown = tables.shown(frame, {"clicks": tables.numbers(locale), "reach": tables.numbers(locale),
                                 "orders": tables.numbers(locale), "ctr": tables.percents(locale),
                                 "conversion": tables.percents(locale), "revenue": money, "cpa": money,
                                 "roas": tables.decimals(locale, 2)})
    st.dataframe(shown, hide_index=True, width="stretch", column_config={
        "what": t("Per campaign and deliverable"), "clicks": t(tracking.CLICKS.label), "reach": t("Reach"),
        "ctr": t(tracking.CTR.label), "orders": t(tracking.REDEMPTIONS.label), "revenue": t(tracking.REVENUE.label),
        "conversion": t(tracking.CONVERSION.label), "cpa": t(tracking.CPA.label), "roas": t(tracking.ROAS.label)})


def make_clicks_per_day_figure(frame: pd.DataFrame, *, y_title: str) -> go.Figure:
    """Bars of people's clicks per day (frame: day, clicks)."""
    figure = go.Figure(go.Bar(x=frame["day"], y=frame["clicks"], name=y_title))
    figure.update_layout(template=charts.TEMPLATE, height=260, margin=dict(l=10, r=10, t=10, b=10),
                         yaxis_title=y_title, showlegend=False)
    return figure


def _daily(t_: tracking.Tracking, key: str) -> None:
    if not t_.daily:
        return
    st.markdown(f"**{t('Clicks per day')}**")
    frame = pd.DataFrame({"day": [d for d, _ in t_.daily], "clicks": [n for _, n in t_.daily]})
    st.plotly_chart(make_clicks_per_day_figure(frame, y_title=t("Clicks")), width="stretch", key=f"{key}_clicks_chart")


def _short_links(t_: tracking.Tracking, data, locale: str) -> None:
    live = [l for l in t_.links if not l.revoked]
    if not live:
        return
    root = base_url()
    st.markdown(f"**{t('The tracked links')}**")
    st.markdown("\n".join(
        f"- [{links.short_url(root, l.code)}]({links.short_url(root, l.code)})"
        + (f" · {escape_md(l.label)}" if l.label else "")
        + " · " + tn("{count} click", "{count} clicks", l.clicks, count=fmt.number(l.clicks, locale)) for l in live))


# -- Home ----------------------------------------------------------------------------------------------------------

def week_clicks(days: tuple[dict, ...], ctx) -> None:
    """The creator's people's clicks of the last seven days (from Home's one call), once they have a tracked link."""
    if not days or not any(d["links"] for d in days):
        return
    total = sum(d["clicks"] for d in days)
    with st.container(border=True, key="home_link_clicks"):
        left, right = st.columns([1, 3])
        left.metric(t("Link clicks this week"), fmt.number(total, ctx.locale),
                    help=t(tracking.CLICKS.formula) + "\n\n" + t(tracking.CLICKS.note))
        left.markdown(mark_badge("portal"))
        frame = pd.DataFrame({"day": [d["day"] for d in days], "clicks": [d["clicks"] for d in days]})
        right.plotly_chart(make_clicks_per_day_figure(frame, y_title=t("Clicks")), width="stretch",
                           key="home_clicks_chart")
