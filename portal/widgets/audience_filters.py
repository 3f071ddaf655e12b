"""The filter bar of the Audience and Engagement pages, kept in the URL query string.

The URL is read once per run into a View (services.audience.dashboards.parse_view); each widget starts from it and
has a stable key; the chosen view is written back to st.query_params, so a copied link reopens it."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Callable

import streamlit as st

from portal.charts import PLATFORM_NAMES
from portal.i18n import t
from portal.session import context
from services.audience import dashboards
from services.audience.dashboards import Account, View, Window
from services.core import formatting as fmt
from services.core.messages import N_

RANGE_LABELS = {"30": N_("Last 30 days"), "90": N_("Last 90 days"), "365": N_("Last 365 days"), "all": N_("All time"),
                "custom": N_("Custom range")}
FORMULA_LABELS = {"reach": N_("By reach"), "followers": N_("By followers"), "views": N_("By views")}
POST_TYPE_LABELS = {"reel": "Reel", "image": N_("Image"), "carousel": "Carousel", "video": "Video", "short": "Short",
                    "stream": N_("Stream"), "story": "Story", "text": N_("Text")}


def platform_name(platform: str) -> str:
    return PLATFORM_NAMES.get(platform, platform)


def read_view(accounts: list[Account], default_targets: tuple[str, ...] = ()) -> View:
    """The view in the URL; values that were not understood are named in a warning and left out."""
    params = {key: st.query_params.get(key) for key in st.query_params.keys()}
    view, problems = dashboards.parse_view(params, [a.id for a in accounts], default_targets)
    if problems:
        st.warning(t("Some settings in this link were not understood and were left out: {items}",
                     items=", ".join(problems)), icon=":material/link_off:")
    return view


def filter_bar(prefix: str, accounts: list[Account], bounds: Window, view: View, *,
               post_types: bool = False, formula: bool = False) -> View:
    """Draws the filters (keys <prefix>_range, _from, _to, _platforms, _accounts, _types, _formula) starting
    from `view`, and returns what the person chose."""
    platforms = sorted({a.platform for a in accounts}, key=dashboards.PLATFORMS.index)
    with st.container(border=True):
        top = st.columns([2, 2, 3] + ([2] if post_types else []))
        range_key = top[0].selectbox(
            t("Date range"), dashboards.RANGES, index=dashboards.RANGES.index(view.range_key),
            format_func=lambda k: t(RANGE_LABELS[k]), key=f"{prefix}_range")
        chosen_platforms = top[1].multiselect(
            t("Platforms"), platforms, default=[p for p in view.platforms if p in platforms],
            format_func=platform_name, placeholder=t("All platforms"), key=f"{prefix}_platforms")
        by_id = {a.id: a for a in accounts}
        chosen_accounts = top[2].multiselect(
            t("Accounts"), list(by_id), default=[a for a in view.accounts if a in by_id],
            format_func=lambda i: f"{by_id[i].handle} · {platform_name(by_id[i].platform)}",
            placeholder=t("All accounts"), key=f"{prefix}_accounts")
        chosen_types: list[str] = []
        if post_types:
            chosen_types = top[3].multiselect(
                t("Post types"), dashboards.POST_TYPES, default=list(view.post_types),
                format_func=lambda p: t(POST_TYPE_LABELS[p]), placeholder=t("All post types"), key=f"{prefix}_types")
        start, end = view.start, view.end
        chosen_formula = view.formula
        row = st.columns([2, 2, 3]) if range_key == "custom" or formula else []
        if range_key == "custom":
            preset = dashboards.resolve_window(replace(view, range_key=dashboards.DEFAULT_RANGE), bounds)
            start = row[0].date_input(t("From"), value=start or preset.start, format="YYYY-MM-DD",
                                      min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31),
                                      key=f"{prefix}_from")
            end = row[1].date_input(t("To"), value=end or preset.end, format="YYYY-MM-DD",
                                    min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31),
                                    key=f"{prefix}_to")
        else:
            start = end = None
        if formula:
            chosen_formula = row[-1].radio(
                t("Engagement rate formula"), dashboards.FORMULAS, index=dashboards.FORMULAS.index(view.formula),
                format_func=lambda f: t(FORMULA_LABELS[f]), horizontal=True, key=f"{prefix}_formula")
    return replace(view, range_key=range_key, start=start, end=end, platforms=tuple(chosen_platforms),
                   accounts=tuple(chosen_accounts), post_types=tuple(chosen_types), formula=chosen_formula)


def keep_in_url(view: View, default_targets: tuple[str, ...] = ()) -> None:
    """Write the view to the URL query string (only when it changed, so the browser history stays clean)."""
    wanted = dashboards.view_params(view, default_targets)
    current = {key: st.query_params.get(key) for key in st.query_params.keys()}
    if current != wanted:
        st.query_params.from_dict(wanted)


def opened(title: str, empty: str):
    """A dashboard page's start: its title, then (context, the person's accounts); the accounts are None, and `empty`
    is said instead, while no account has numbers yet."""
    ctx = context()
    st.title(title)
    accounts = dashboards.accounts(ctx.gateway)
    if not dashboards.has_data(accounts):
        st.info(empty, icon=":material/add_link:")
        return ctx, None
    return ctx, accounts


def chosen(view: View, bounds: Window, accounts: list[Account], locale: str,
           keep: Callable[[], None]) -> tuple[Window, list[Account]] | None:
    """The view's date range and the accounts it keeps; None, after `keep` (the URL) and a sentence saying why,
    when the range runs backwards or no account matches the filters."""
    try:
        window = dashboards.resolve_window(view, bounds)
    except dashboards.InvalidRange:
        keep()
        st.error(t("The start date {start} is after the end date {end}. Choose a start date on or before the end "
                   "date.", start=fmt.day(view.start, locale), end=fmt.day(view.end, locale)),
                 icon=":material/event_busy:")
        return None
    accounts = dashboards.selected_accounts(accounts, view)
    if not accounts:
        keep()
        st.info(t("No account matches these filters. Choose other platforms or accounts."))
        return None
    return window, accounts
