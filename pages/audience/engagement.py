"""Engagement: the engagement-rate trend with its formula chosen and always labelled, median and mean, by post
type, top and bottom posts with permalinks, the weekday × hour heatmap in the person's time zone, and the
published benchmark for the platform and tier with its source. Filters live in the URL."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from services.core import formatting as fmt
from portal.widgets import audience_charts as charts
from portal.widgets import audience_filters as filters
from portal import tables
from portal.i18n import t
from portal.layout import escape_md, plain_text
from services.audience import benchmarks
from services.audience import dashboards
from services.audience import engagement
from services.audience import metrics
from services.core.messages import N_

WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"), N_("Sunday"))
TIER_LABELS = {"nano": N_("Nano (1K–10K)"), "micro": N_("Micro (10K–100K)"), "mid": N_("Mid (100K–500K)"),
               "macro": N_("Macro (500K–1M)"), "mega": N_("Mega (1M+)")}
FORMULA_NOTES = {"reach": metrics.ENGAGEMENT_RATE_BY_REACH_NOTE_POST,
                 "followers": metrics.ENGAGEMENT_RATE_BY_FOLLOWERS_NOTE,
                 "views": metrics.ENGAGEMENT_RATE_BY_VIEWS_NOTE}


def render() -> None:
    ctx, accounts = filters.opened(t("Engagement"), t("No posts yet. Connect an account or import a platform "
                                                      "export to see how your posts perform."))
    if accounts is None:
        return
    locale = ctx.locale
    bounds = dashboards.data_bounds(accounts, ctx.time_zone)
    view = filters.filter_bar("eng", accounts, bounds, filters.read_view(accounts), post_types=True, formula=True)
    filters.keep_in_url(view)
    picked = filters.chosen(view, bounds, accounts, locale, keep=lambda: None)  # the URL is already kept
    if picked is None:
        return
    window, chosen = picked
    q = dashboards.query_for(view, window, ctx.time_zone)
    metric = metrics.ENGAGEMENT_FORMULAS[view.formula]
    st.markdown(f"**{t(metric.label)}** · {t(metric.formula)}")
    st.caption(t("{start} to {end}, posts placed by their date in your time zone ({zone}).",
                 start=escape_md(fmt.day(window.start, locale)), end=escape_md(fmt.day(window.end, locale)),
                 zone=ctx.time_zone)  # "8. Sept. 2026" (de) first in a line would start a numbered list
               + " " + t(FORMULA_NOTES[view.formula]))
    if view.formula == "views" and not any(a.platform in metrics.VIEWS_PLATFORMS for a in chosen):
        st.info(t("ER by views is for TikTok, YouTube and Twitch. Choose one of those accounts or another formula."))
        return

    data = engagement.page(ctx.gateway, q, view.formula)
    overview = data.overview
    if overview.posts == 0:
        st.info(t("No posts in this range. Choose a longer range or other filters."))
        return
    _kpis(overview, locale)
    if overview.rated_posts == 0:
        st.info(t("None of these posts has the numbers this formula needs. Choose another formula."))
        return
    _trend(data, view, chosen)
    _by_type(data, view)
    _heatmap(ctx, data, view)
    _top_posts(ctx, data, view, locale)
    _benchmarks(view, chosen, data.by_account, locale)


def _help(*items: str) -> str:
    return "\n\n".join(t(i) for i in items if i)


def _kpis(o: engagement.Overview, locale: str) -> None:
    formula = o.metric.formula
    median, mean, pooled, posts = st.columns(4)
    median.metric(t(metrics.MEDIAN_ER.label), fmt.percent(o.median, locale),
                  help=_help(formula, metrics.MEDIAN_ER.formula, metrics.MEDIAN_ER.note))
    mean.metric(t(metrics.MEAN_ER.label), fmt.percent(o.mean, locale),
                help=_help(formula, metrics.MEAN_ER.formula, metrics.MEAN_ER.note))
    pooled.metric(t(metrics.POOLED_ER.label), fmt.percent(o.pooled, locale),
                  help=_help(formula, metrics.POOLED_ER.formula, metrics.POOLED_ER.note))
    posts.metric(t(metrics.POSTS_WITH_RATE.label), fmt.number(o.posts, locale),
                 delta=t("{rated} with a rate", rated=fmt.number(o.rated_posts, locale)), delta_color="off",
                 delta_arrow="off", help=_help(metrics.POSTS_WITH_RATE.formula))
    template = {"reach": "Overall: {interactions} interactions / {denominator} reach",
                "followers": N_("Overall: {interactions} interactions / {denominator} followers"),
                "views": N_("Overall: {interactions} interactions / {denominator} views")}[o.formula]
    st.caption(t(template, interactions=fmt.number(o.interactions, locale), denominator=fmt.number(o.denominator, locale)))


def _benchmark_rows(view: dashboards.View, chosen: list[dashboards.Account]) -> dict[str, list[benchmarks.Benchmark]]:
    return {a.id: benchmarks.matching(a.platform, a.followers, view.formula) for a in chosen}


def _trend(data: engagement.EngagementPage, view: dashboards.View, chosen: list[dashboards.Account]) -> None:
    st.subheader(t("Engagement rate over time"))
    grain, frame = data.grain, data.trend
    per_account = _benchmark_rows(view, chosen)
    distinct = {tuple(rows) for rows in per_account.values()}
    band = benchmarks.band(next(iter(distinct))) if len(distinct) == 1 else None
    band_name = ""
    if band is not None:
        band_name = t("Benchmark: {sources}", sources="; ".join(b.source for b in band.rows))
    st.caption(t({"day": N_("Median and mean per day of posting."), "week": N_("Median and mean per week of posting "
                  "(weeks start on Monday)."), "month": N_("Median and mean per month of posting.")}[grain])
               + (" " + t("The green band spans the published benchmark values for this platform, tier and formula.")
                  if band is not None else " " + t("The benchmark band appears when the chosen accounts share one "
                                                   "platform and tier with a published benchmark.")))
    st.plotly_chart(charts.localized(charts.make_engagement_trend_figure(
        frame, median_name=t("Median"), mean_name=t("Mean"), y_title=t(metrics.ENGAGEMENT_FORMULAS[view.formula].label),
        band=(band.low, band.high) if band else None, band_name=band_name)), width="stretch", key="eng_trend_chart")
    tables.csv_download(frame.assign(bucket=frame["bucket"].dt.date, formula=view.formula),
                        "engagement-trend.csv", "eng_trend_csv")


def _by_type(data: engagement.EngagementPage, view: dashboards.View) -> None:
    st.subheader(t("By post type"))
    frame = data.by_post_type
    frame = frame.assign(label=[t(filters.POST_TYPE_LABELS.get(k, k)) for k in frame["group_key"]])
    st.plotly_chart(charts.localized(charts.make_group_figure(
                        frame, median_name=t("Median"), mean_name=t("Mean"),
                        y_title=t(metrics.ENGAGEMENT_FORMULAS[view.formula].label))),
                    width="stretch", key="eng_types_chart")
    tables.csv_download(frame.drop(columns="label").rename(columns={"group_key": "post_type"})
                        .assign(formula=view.formula), "engagement-by-post-type.csv", "eng_types_csv")


def _heatmap(ctx, data: engagement.EngagementPage, view: dashboards.View) -> None:
    st.subheader(t("Best time to post"))
    st.caption(t(metrics.HEATMAP_MEDIAN.formula) + ". " + t("Time zone: {zone}.", zone=ctx.time_zone))
    frame = data.heatmap
    st.plotly_chart(charts.localized(charts.make_heatmap_figure(frame, weekday_names=[t(d) for d in WEEKDAYS],
                                                                colorbar_title=t("Median"), hour_title=t("Hour"))),
                    width="stretch", key="eng_heatmap_chart")
    tables.csv_download(frame.assign(time_zone=ctx.time_zone, formula=view.formula),
                        "engagement-heatmap.csv", "eng_heatmap_csv")


def _posts_table(frame: pd.DataFrame, key: str, time_zone: str, locale: str) -> None:
    shown = pd.DataFrame({
        "posted": list(frame["posted_at"]),
        "account": [f"{plain_text(h)} · {filters.platform_name(p)}" for h, p in zip(frame["handle"], frame["platform"])],
        "type": [t(filters.POST_TYPE_LABELS.get(v, v)) for v in frame["post_type"]],
        "rate": [None if v is None else float(v) for v in frame["rate"]],
        "interactions": list(frame["interactions"]), "denominator": list(frame["denominator"]),
        "caption": tables.texts(plain_text(c) for c in frame["caption"]), "permalink": list(frame["permalink"])})
    when = (lambda v: tables.EMPTY if pd.isna(v) else fmt.local_datetime(v.to_pydatetime(), time_zone, locale))
    st.dataframe(tables.shown(shown, {"posted": when, "rate": tables.percents(locale),
                                      "interactions": tables.numbers(locale), "denominator": tables.numbers(locale)}),
                 hide_index=True, width="stretch", key=key, column_config={
        "posted": t("Posted on"), "account": t("Account"), "type": t("Type"),
        "rate": t("Engagement rate"),
        "interactions": t("Interactions"), "denominator": t("Divided by"), "caption": t("Caption"),
        "permalink": st.column_config.LinkColumn(t("Link"), display_text=t("Open"))})


def _top_posts(ctx, data: engagement.EngagementPage, view: dashboards.View, locale: str) -> None:
    st.subheader(t("Top and bottom posts"))
    best, worst = data.top, data.bottom
    top, bottom = st.tabs([t("Top {n}", n=engagement.TOP_POSTS), t("Bottom {n}", n=engagement.TOP_POSTS)])
    with top:
        _posts_table(best, "eng_top_table", ctx.time_zone, locale)
        tables.csv_download(best.assign(formula=view.formula), "top-posts.csv", "eng_top_csv")
    with bottom:
        _posts_table(worst, "eng_bottom_table", ctx.time_zone, locale)
        tables.csv_download(worst.assign(formula=view.formula), "bottom-posts.csv", "eng_bottom_csv")


def _benchmarks(view: dashboards.View, chosen: list[dashboards.Account], by_account: pd.DataFrame,
                locale: str) -> None:
    st.subheader(t("Compared with published benchmarks"))
    medians = dict(zip(by_account["group_key"], by_account["median"]))
    rows = []
    for account in chosen:
        tier = benchmarks.tier_for(account.followers)
        found = benchmarks.matching(account.platform, account.followers, view.formula)
        base = {"account": f"{plain_text(account.handle)} · {filters.platform_name(account.platform)}",
                "tier": t(TIER_LABELS[tier]) if tier else t("Under 1K"),
                "followers": account.followers,
                "median": None if medians.get(account.id) is None else float(medians[account.id])}
        if not found:
            rows.append({**base, "benchmark": t("No published benchmark for this platform, tier and formula yet"),
                         "value": None, "source": "", "link": None})
        for b in found:
            bounds = f"{fmt.number(b.followers_min, locale)}–{fmt.number(b.followers_max, locale)}" \
                if b.followers_max else f"{fmt.number(b.followers_min, locale)}+"
            rows.append({**base, "benchmark": t("{publisher}'s {tier} tier ({bounds} followers), average",
                                                publisher=b.publisher, tier=b.tier, bounds=bounds),
                         "value": float(b.values[0]) if len(b.values) == 1 else None,
                         "source": f"{b.report} ({b.year})", "link": b.url})
    frame = pd.DataFrame(rows)
    st.caption(t("Each benchmark is a figure a publisher printed in a named report: the table gives the publisher, "
                 "the report and its year with a link to it, and the follower bounds and formula the publisher used. "
                 "Only published figures are listed."))
    st.dataframe(tables.shown(frame.assign(source=tables.texts(frame["source"])),
                              {"followers": tables.numbers(locale), "median": tables.percents(locale),
                               "value": tables.percents(locale)}),
                 hide_index=True, width="stretch", key="eng_benchmarks_table", column_config={
        "account": t("Account"), "tier": t("Your tier"), "followers": t("Followers"),
        "median": t("Your median"), "benchmark": t("Benchmark"), "value": t("Published value"),
        "source": t("Source"), "link": st.column_config.LinkColumn(t("Link"), display_text=t("Open"))})
    tables.csv_download(frame.assign(formula=view.formula), "benchmarks.csv", "eng_benchmarks_csv")


render()
