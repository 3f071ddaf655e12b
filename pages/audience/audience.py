"""Audience: followers over time per platform and combined, net new followers per day and week, growth
rate, demographics with their change since the previous snapshot, and the audience health panel. Every
number carries its formula; every chart's data downloads as CSV; the filters live in the URL."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from services.core import formatting as fmt
from portal.widgets import audience_charts as charts
from portal.widgets import audience_filters as filters
from portal import tables
from portal.i18n import t, tn
from portal.layout import escape_md
from services.audience import followers as audience
from services.audience import dashboards
from services.audience import health
from services.audience import metrics

DIMENSION_LABELS = tables.DIMENSION_LABELS


def render() -> None:
    ctx, accounts = filters.opened(t("Audience"), t("No audience numbers yet. Connect an account or import a "
                                                    "platform export, and your followers, growth and demographics "
                                                    "appear here."))
    if accounts is None:
        return
    locale = ctx.locale
    targets = dashboards.default_targets(ctx.profile.get("disclosure_markets"))
    bounds = dashboards.data_bounds(accounts, ctx.time_zone)
    view = filters.filter_bar("aud", accounts, bounds, filters.read_view(accounts, targets))
    picked = filters.chosen(view, bounds, accounts, locale, keep=lambda: filters.keep_in_url(view, targets))
    if picked is None:
        return
    window, chosen = picked
    q = dashboards.query_for(view, window, ctx.time_zone)
    st.caption(t("{start} to {end}. Daily follower counts are dated as the platforms report them (UTC).",
                 start=escape_md(fmt.day(window.start, locale)), end=escape_md(fmt.day(window.end, locale))))

    page = audience.page(ctx.gateway, q)
    data = page.audience
    if data.empty:
        st.info(t("No follower counts in this range. Choose a longer range or other accounts."))
    else:
        _kpis(data.summary, locale)
        _followers(data, locale)
        _net_new(data)
    _demographics(page.demographics, chosen, locale)
    view = _health(page, view, locale)
    filters.keep_in_url(view, targets)


def _help(metric: metrics.Metric) -> str:
    return t(metric.formula) + (f"\n\n{t(metric.note)}" if metric.note else "")


def _kpis(summary: audience.AudienceSummary, locale: str) -> None:
    followers, net, growth = st.columns(3)
    followers.metric(t(metrics.FOLLOWERS_AT_END.label), fmt.number(summary.followers_end, locale),
                     help=_help(metrics.FOLLOWERS_AT_END))
    net.metric(t(metrics.NET_NEW_FOLLOWERS.label), fmt.signed(summary.net_new, locale),
               help=_help(metrics.NET_NEW_FOLLOWERS))
    growth.metric(t(metrics.GROWTH_RATE.label), fmt.percent(summary.growth_rate, locale),
                  help=_help(metrics.GROWTH_RATE))


def _followers(data: audience.Audience, locale: str) -> None:
    st.subheader(t("Followers over time"))
    st.caption(t(metrics.FOLLOWERS_AT_END.note))
    st.plotly_chart(charts.localized(charts.make_followers_figure(
                        data.by_platform, data.combined, combined_name=t("All platforms"), y_title=t("Followers"))),
                    width="stretch", key="aud_followers_chart")
    export = pd.concat([data.by_platform, data.combined.assign(platform="all")], ignore_index=True)
    tables.csv_download(export.assign(day=export["day"].dt.date)[["day", "platform", "followers", "net_new"]],
                        "followers.csv", "aud_followers_csv")
    platforms = data.platforms[["platform", "followers_before", "followers_end", "net_new", "growth_rate"]]
    st.dataframe(
        tables.shown(platforms.assign(platform=platforms["platform"].map(filters.platform_name)),
                     {"followers_before": tables.numbers(locale), "followers_end": tables.numbers(locale),
                      "net_new": tables.signed(locale), "growth_rate": tables.percents(locale)}),
        hide_index=True, width="stretch", key="aud_platforms_table",
        column_config={"platform": t("Platform"), "followers_before": t("Followers before the range"),
                       "followers_end": t("Followers at the end"), "net_new": t("Net new followers"),
                       "growth_rate": t("Growth rate")})


def _net_new(data: audience.Audience) -> None:
    st.subheader(t("Net new followers"))
    daily, weekly = st.columns(2)
    with daily:
        st.caption(t(metrics.NET_NEW_FOLLOWERS.formula))
        st.plotly_chart(charts.localized(charts.make_net_new_figure(data.combined, x="day", y_title=t("Per day"),
                                                                    name=t("Net new followers"))),
                        width="stretch", key="aud_net_daily_chart")
        tables.csv_download(data.combined.assign(day=data.combined["day"].dt.date)[["day", "net_new"]],
                            "net-new-per-day.csv", "aud_net_daily_csv")
    with weekly:
        st.caption(t(metrics.WEEKLY_NET_NEW.formula))
        st.plotly_chart(charts.localized(charts.make_net_new_figure(data.weekly, x="week", y_title=t("Per week"),
                                                                    name=t("Net new followers"))),
                        width="stretch", key="aud_net_weekly_chart")
        tables.csv_download(data.weekly.assign(week=data.weekly["week"].dt.date),
                            "net-new-per-week.csv", "aud_net_weekly_csv")


def _demographics(frame: pd.DataFrame, chosen: list[dashboards.Account], locale: str) -> None:
    st.subheader(t("Demographics"))
    for account, reason in audience.hidden_breakdowns(chosen):
        st.caption(f"{account.handle} · {filters.platform_name(account.platform)}: {t(reason)}")
    if frame.empty:
        st.info(t("No demographics for these accounts yet."))
        return
    first = frame.iloc[0]
    when = t("At the latest snapshot ({as_of})", as_of=fmt.day(first["as_of"], locale))
    if first["previous_as_of"]:
        when += " · " + t("change since {previous}", previous=fmt.day(first["previous_as_of"], locale))
    st.caption(when + ". " + t(metrics.DEMOGRAPHIC_SHARE.formula) + ". " + t(metrics.DEMOGRAPHIC_SHARE.note))
    dimensions = [d for d in audience.DIMENSIONS if d in set(frame["dimension"])]
    # One dimension at a time (tabs would build every chart on every run).
    dimension = st.segmented_control(t("Audience by"), dimensions, default=dimensions[0],
                                     format_func=lambda d: t(DIMENSION_LABELS[d]), key="aud_dimension") \
        or dimensions[0]
    part = frame[frame["dimension"] == dimension].reset_index(drop=True)
    part = part.assign(label=[tables.bucket_label(dimension, b, locale) for b in part["bucket"]])
    chart, table = st.columns([3, 2])
    chart.plotly_chart(charts.localized(charts.make_demographics_figure(part, latest_name=t("Latest"),
                                                                        previous_name=t("Previous"))),
                       width="stretch", key="aud_demo_chart")
    table.dataframe(
        tables.shown(pd.DataFrame({
            "group": part["label"],
            "share": [None if v is None else float(v) for v in part["share"]],
            "change": [None if v is None else float(v) * 100 for v in part["change"]]}),
            {"share": tables.percents(locale, 1), "change": tables.points(locale)}),
        hide_index=True, width="stretch", key="aud_demo_table",
        column_config={"group": t("Group"), "share": t("Share"), "change": t("Change")})
    with table:
        columns = ["dimension", "bucket", "share", "previous_share", "change", "as_of", "previous_as_of"]
        tables.csv_download(frame[columns], "demographics.csv", "aud_demo_csv")


def _health(page: audience.AudiencePage, view: dashboards.View, locale: str) -> dashboards.View:
    st.subheader(t("Audience health"))
    data, countries = page.audience, page.countries

    signal, spikes = health.follower_spikes(data.combined)
    with st.container(border=True):
        st.markdown("**" + t(metrics.FOLLOWER_SPIKE.label) + "**", help=_help(metrics.FOLLOWER_SPIKE))
        if signal.status == "unknown":
            st.info(t("Not enough days to look for spikes: at least {needed} days of follower counts are needed.",
                      needed=signal.values["needed"]))
        elif signal.status == "ok":
            st.success(t("No sudden spikes: every day's net new followers is within your usual range "
                         "(robust z-score at most {threshold}).", threshold=signal.values["threshold"]))
        else:
            st.warning(tn("Sudden follower spikes on {count} day. A spike is a day whose net new followers are far "
                          "above your usual day (median {median}); after a post that took off that is normal, "
                          "with no such post it can mean bought followers.",
                          "Sudden follower spikes on {count} days. A spike is a day whose net new followers are far "
                          "above your usual day (median {median}); after a post that took off that is normal, "
                          "with no such post it can mean bought followers.", int(signal.values["count"]),
                          count=signal.values["count"], median=fmt.signed(signal.values["median"], locale)))
            table = spikes.assign(day=spikes["day"].dt.date, z=spikes["z"].round(1))
            st.dataframe(tables.shown(spikes[["day", "net_new", "z"]],
                                      {"day": tables.days(locale), "net_new": tables.signed(locale),
                                       "z": tables.decimals(locale)}),
                         hide_index=True, width="stretch", key="aud_spikes_table",
                         column_config={"day": t("Day"), "net_new": t("Net new followers"), "z": t("Robust z")})
            tables.csv_download(table, "follower-spikes.csv", "aud_spikes_csv")

    with st.container(border=True):
        st.markdown("**" + t(metrics.ENGAGEMENT_VS_GROWTH.label) + "**", help=_help(metrics.ENGAGEMENT_VS_GROWTH))
        if page.halves is None:
            signal = health.engagement_vs_growth(None, None, 0, None, 0)
        else:
            early, late = page.halves
            signal = health.engagement_vs_growth(data.summary.growth_rate, early.median, early.rated_posts,
                                                 late.median, late.rated_posts)
        values = signal.values
        if signal.status == "unknown":
            st.info(t("Not enough posts in each half of the range to compare engagement with growth (at least "
                      "{posts} in each half).", posts=health.MIN_POSTS_PER_HALF))
        else:
            words = dict(growth=fmt.percent(values["growth_rate"], locale, 1),
                         before=fmt.percent(values["before"], locale), after=fmt.percent(values["after"], locale))
            if signal.status == "warning":
                st.warning(t("Followers grew {growth} in this range but the median ER by followers fell from {before} "
                             "to {after}: new followers engage less than earlier ones, which can mean they are not "
                             "real or not interested.", **words))
            else:
                st.success(t("Engagement keeps up with growth: followers changed by {growth} and the median ER by "
                             "followers went from {before} in the first half of the range to {after} in the second.",
                             **words))

    with st.container(border=True):
        st.markdown("**" + t(metrics.TARGET_COUNTRY_SHARE.label) + "**", help=_help(metrics.TARGET_COUNTRY_SHARE))
        options = sorted({b for b in countries["bucket"] if b != "Other"} | set(view.targets)) if not countries.empty \
            else sorted(set(view.targets))
        targets = st.multiselect(t("Target countries"), options, default=[c for c in view.targets if c in options],
                                 format_func=lambda code: fmt.territory(code, locale),
                                 placeholder=t("Choose countries"), key="aud_targets")
        view = dashboards.replace_targets(view, targets)
        signal = health.target_share(countries, view.targets)
        if signal.status == "unknown" and signal.values.get("reason") == "no_targets":
            st.info(t("Choose your target countries to see how much of your audience lives there."))
        elif signal.status == "unknown":
            st.info(t("No country breakdown yet for these accounts."))
        else:
            text = t("{share} of your audience is in your target countries ({countries}) at the latest snapshot.",
                     share=fmt.percent(signal.values["share"], locale, 1),
                     countries=fmt.list_of([fmt.territory(c, locale) for c in view.targets], locale))
            if signal.values.get("previous") is not None:
                text += " " + t("At the snapshot before it was {previous}.",
                                previous=fmt.percent(signal.values["previous"], locale, 1))
            st.success(text)
    return view


render()
