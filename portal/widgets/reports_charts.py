"""Pure chart builders for campaign reports and media kits: small frames in, Plotly figures out. Labels arrive
translated; template and platform colours come from portal.charts."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from portal.charts import PLATFORM_COLOURS, PLATFORM_NAMES, TEMPLATE
from portal.widgets.audience_charts import ACCENT, SECONDARY, _float


def make_post_numbers_figure(frame: pd.DataFrame, *, views_name: str, reach_name: str) -> go.Figure:
    """Views and reach per post, side by side (frame: label, views, reach), in the report's order."""
    fig = go.Figure([
        go.Bar(x=frame["label"], y=_float(frame["views"]), name=views_name, marker_color=ACCENT,
               hovertemplate="%{x}: %{y:,}<extra>%{fullData.name}</extra>"),
        go.Bar(x=frame["label"], y=_float(frame["reach"]), name=reach_name, marker_color=SECONDARY,
               hovertemplate="%{x}: %{y:,}<extra>%{fullData.name}</extra>"),
    ])
    fig.update_layout(template=TEMPLATE, barmode="group", height=320)
    return fig


def make_post_rate_figure(frame: pd.DataFrame, *, y_title: str) -> go.Figure:
    """Each post's engagement rate (frame: label, platform, rate as a fraction), one colour per platform."""
    fig = go.Figure(go.Bar(
        x=frame["label"], y=_float(frame["rate"]),
        marker_color=[PLATFORM_COLOURS.get(p, ACCENT) for p in frame["platform"]],
        hovertemplate="%{x}: %{y:.2%}<extra></extra>"))
    fig.update_layout(template=TEMPLATE, yaxis_title=y_title, yaxis_tickformat=".1%", height=300, showlegend=False)
    return fig


def make_audience_figure(frame: pd.DataFrame, *, x_title: str) -> go.Figure:
    """Followers per account (frame: platform, handle, followers), largest first, in platform colours."""
    ordered = frame.sort_values("followers", ascending=True)
    labels = [f"{h} · {PLATFORM_NAMES.get(p, p)}" for h, p in zip(ordered["handle"], ordered["platform"])]
    fig = go.Figure(go.Bar(
        y=labels, x=_float(ordered["followers"]), orientation="h",
        marker_color=[PLATFORM_COLOURS.get(p, ACCENT) for p in ordered["platform"]],
        hovertemplate="%{y}: %{x:,}<extra></extra>"))
    fig.update_layout(template=TEMPLATE, xaxis_title=x_title, height=max(180, 48 * len(frame) + 80),
                      showlegend=False)
    return fig
