"""Creator Home: first what needs the creator (offers to answer, deliverables due, payments to confirm, overdue
payouts with a one-click reminder, reports brands opened); then total followers and their 30-day change, posts,
engagement rate by reach with its formula, and follower growth per platform; and what brands owe that is overdue."""
from __future__ import annotations

import streamlit as st

from portal import charts, tables
from services.core import formatting as fmt
from portal.widgets import home_actions
from portal.widgets import links as link_widgets
from portal.widgets import payouts as payout_widgets
from portal.i18n import error_text, t, tn
from portal.session import context
from services.audience import home
from services.audience import metrics
from services.core.errors import DomainError


def render() -> None:
    ctx = context()
    st.title(t("Welcome back, {name}", name=ctx.profile["display_name"].split()[0]))
    try:
        view = home.page(ctx.gateway, ctx.currency)
    except DomainError as exc:
        st.error(error_text(exc))
        return
    home_actions.creator(view.actions, ctx)
    _overdue(ctx, view)
    link_widgets.week_clicks(view.link_clicks, ctx)
    summary = view.summary
    if not summary.has_data:
        st.info(t("No numbers yet. Connect an account or import a platform export to see your audience here."),
                icon=":material/add_link:")
        return
    st.caption(tn("Last {days} day of data: {start} to {end}", "Last {days} days of data: {start} to {end}", home.HOME_DAYS,
                  days=home.HOME_DAYS,
                 start=fmt.day(summary.period_start, ctx.locale), end=fmt.day(summary.period_end, ctx.locale)))
    _kpis(summary, ctx.locale)
    _growth(view.growth)


def _overdue(ctx, view: home.CreatorHome) -> None:
    """What brands owe past its due date, in the home currency (shown once the creator has payouts)."""
    if not view.shows_payouts:
        return
    with st.container(border=True, key="home_overdue"):
        payout_widgets.overdue_headline(view.overdue, ctx, compact=True)
        st.caption(t("Details, invoices and reminder texts are on the Payouts page."))


def _kpis(summary: home.HomeSummary, locale: str) -> None:
    followers, posts, rate = st.columns(3)
    followers.metric(t("Total followers"), fmt.number(summary.total_followers, locale),
                     delta=tn("{change} in {days} day", "{change} in {days} days", home.HOME_DAYS,
                              change=fmt.signed(summary.followers_change, locale),
                             days=home.HOME_DAYS),
                     delta_color="normal" if summary.followers_change >= 0 else "inverse",
                     help=t(metrics.TOTAL_FOLLOWERS.formula) + "\n\n" + t(metrics.FOLLOWER_CHANGE.formula))
    posts.metric(tn("Posts in the last {days} day", "Posts in the last {days} days", home.HOME_DAYS, days=home.HOME_DAYS), fmt.number(summary.posts_in_period, locale),
                 help=t(metrics.POSTS_IN_PERIOD.formula))
    rate.metric(t(metrics.ENGAGEMENT_RATE_BY_REACH.label), fmt.percent(summary.engagement_rate_by_reach, locale),
                help=t(metrics.ENGAGEMENT_RATE_BY_REACH.note))
    st.caption(t(metrics.ENGAGEMENT_RATE_BY_REACH.formula) + " = "
               + t("{interactions} interactions / {reach} reach",
                   interactions=fmt.number(summary.interactions, locale), reach=fmt.number(summary.reach, locale)))


def _growth(frame) -> None:
    st.subheader(t("Follower growth per platform"))
    if frame.empty:
        st.info(t("No daily follower counts yet for this period."))
        return
    st.plotly_chart(charts.localized(charts.make_follower_growth_figure(frame, y_title=t("Followers"))),
                    width="stretch",
                    key="home_growth_chart")
    export = frame.assign(day=frame["day"].dt.date)
    tables.csv_download(export, "follower-growth.csv", "home_growth_csv")


render()
