"""Pure chart builders for the Audience and Engagement pages: already-aggregated frames in, Plotly figures
out. Labels arrive translated; template and platform colours come from portal.charts."""
from __future__ import annotations

from typing import Sequence

import pandas as pd
import plotly.graph_objects as go

from portal.charts import FONT, PLATFORM_COLOURS, PLATFORM_NAMES, TEMPLATE, localized  # noqa: F401 (for pages)

COMBINED_COLOUR = "#1F2933"
ACCENT = "#2F80ED"
SECONDARY = "#9AA5B1"
POSITIVE, NEGATIVE = "#27AE60", "#EB5757"
BAND_COLOUR = "rgba(39, 174, 96, 0.14)"
HEAT_SCALE = [[0.0, "#F0F4F8"], [0.5, "#7FB3E8"], [1.0, "#0B4F9C"]]


def _float(values) -> list:
    return [None if v is None or pd.isna(v) else float(v) for v in values]


def make_followers_figure(by_platform: pd.DataFrame, combined: pd.DataFrame, *, combined_name: str,
                          y_title: str) -> go.Figure:
    """One line per platform (by_platform: day, platform, followers) and a dashed combined line
    (combined: day, followers) when there is more than one platform."""
    fig = go.Figure()
    for platform, part in by_platform.groupby("platform", sort=True):
        fig.add_trace(go.Scatter(
            x=part["day"], y=part["followers"], mode="lines", name=PLATFORM_NAMES.get(platform, platform),
            line=dict(color=PLATFORM_COLOURS.get(platform), width=2),
            hovertemplate="%{x|%d %b %Y}: %{y:,}<extra>%{fullData.name}</extra>"))
    if by_platform["platform"].nunique() > 1:
        fig.add_trace(go.Scatter(
            x=combined["day"], y=combined["followers"], mode="lines", name=combined_name,
            line=dict(color=COMBINED_COLOUR, width=2, dash="dot"),
            hovertemplate="%{x|%d %b %Y}: %{y:,}<extra>%{fullData.name}</extra>"))
    fig.update_layout(template=TEMPLATE, yaxis_title=y_title, hovermode="x unified", height=360)
    return fig


def make_net_new_figure(frame: pd.DataFrame, *, x: str, y_title: str, name: str) -> go.Figure:
    """Bars of net new followers per day or week (frame: x column, net_new); gains green, losses red."""
    values = _float(frame["net_new"])
    fig = go.Figure(go.Bar(
        x=frame[x], y=values, name=name,
        marker_color=[NEGATIVE if (v or 0) < 0 else POSITIVE for v in values],
        hovertemplate="%{x|%d %b %Y}: %{y:+,}<extra></extra>"))
    fig.update_layout(template=TEMPLATE, yaxis_title=y_title, height=280, showlegend=False, bargap=0.15)
    return fig


def make_demographics_figure(frame: pd.DataFrame, *, latest_name: str, previous_name: str) -> go.Figure:
    """Horizontal bars of each bucket's share now and at the snapshot before (frame: label, share,
    previous_share as fractions), largest share on top."""
    ordered = frame.iloc[::-1]
    fig = go.Figure()
    if ordered["previous_share"].notna().any():
        fig.add_trace(go.Bar(y=ordered["label"], x=_float(ordered["previous_share"]), orientation="h",
                             name=previous_name, marker_color=SECONDARY,
                             hovertemplate="%{y}: %{x:.1%}<extra>%{fullData.name}</extra>"))
    fig.add_trace(go.Bar(y=ordered["label"], x=_float(ordered["share"]), orientation="h", name=latest_name,
                         marker_color=ACCENT, hovertemplate="%{y}: %{x:.1%}<extra>%{fullData.name}</extra>"))
    fig.update_layout(template=TEMPLATE, barmode="group", xaxis_tickformat=".0%",
                      height=max(220, 34 * len(frame) + 80))
    return fig


def make_engagement_trend_figure(frame: pd.DataFrame, *, median_name: str, mean_name: str, y_title: str,
                                 band: tuple[float, float] | None = None, band_name: str = "") -> go.Figure:
    """Median and mean rate per bucket (frame: bucket, median, mean as fractions), with the benchmark
    band (low, high) shaded behind them, or drawn as a line when low == high."""
    fig = go.Figure()
    if band is not None:
        low, high = float(band[0]), float(band[1])
        x0, x1 = (frame["bucket"].min(), frame["bucket"].max()) if not frame.empty else (None, None)
        if high > low:
            fig.add_trace(go.Scatter(x=[x0, x1, x1, x0, x0], y=[low, low, high, high, low], fill="toself",
                                     mode="lines", line=dict(width=0), fillcolor=BAND_COLOUR, name=band_name,
                                     hoverinfo="skip"))
        else:
            fig.add_trace(go.Scatter(x=[x0, x1], y=[low, low], mode="lines", name=band_name,
                                     line=dict(color=POSITIVE, width=2, dash="dash"), hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=frame["bucket"], y=_float(frame["median"]), mode="lines+markers", name=median_name,
                             line=dict(color=ACCENT, width=2), marker=dict(size=5),
                             hovertemplate="%{x|%d %b %Y}: %{y:.2%}<extra>%{fullData.name}</extra>"))
    fig.add_trace(go.Scatter(x=frame["bucket"], y=_float(frame["mean"]), mode="lines", name=mean_name,
                             line=dict(color=SECONDARY, width=2, dash="dot"),
                             hovertemplate="%{x|%d %b %Y}: %{y:.2%}<extra>%{fullData.name}</extra>"))
    fig.update_layout(template=TEMPLATE, yaxis_title=y_title, yaxis_tickformat=".1%", hovermode="x unified",
                      height=360)
    return fig


def make_group_figure(frame: pd.DataFrame, *, median_name: str, mean_name: str, y_title: str) -> go.Figure:
    """Median and mean rate per group (frame: label, median, mean), e.g. per post type."""
    fig = go.Figure([
        go.Bar(x=frame["label"], y=_float(frame["median"]), name=median_name, marker_color=ACCENT,
               hovertemplate="%{x}: %{y:.2%}<extra>%{fullData.name}</extra>"),
        go.Bar(x=frame["label"], y=_float(frame["mean"]), name=mean_name, marker_color=SECONDARY,
               hovertemplate="%{x}: %{y:.2%}<extra>%{fullData.name}</extra>"),
    ])
    fig.update_layout(template=TEMPLATE, barmode="group", yaxis_title=y_title, yaxis_tickformat=".1%", height=320)
    return fig


def make_heatmap_figure(frame: pd.DataFrame, *, weekday_names: Sequence[str], colorbar_title: str,
                        hour_title: str) -> go.Figure:
    """Median rate per weekday (rows, Monday first) and local hour (columns); empty cells stay blank.
    frame: weekday (1-7), hour (0-23), median, posts."""
    z = [[None] * 24 for _ in range(7)]
    posts = [[0] * 24 for _ in range(7)]
    for weekday, hour, median, count in zip(frame["weekday"], frame["hour"], _float(frame["median"]),
                                            frame["posts"]):
        z[int(weekday) - 1][int(hour)] = median
        posts[int(weekday) - 1][int(hour)] = int(count)
    fig = go.Figure(go.Heatmap(
        z=z, x=list(range(24)), y=list(weekday_names), customdata=posts, colorscale=HEAT_SCALE, hoverongaps=False,
        colorbar=dict(title=dict(text=colorbar_title), tickformat=".1%"),
        hovertemplate="%{y} %{x}:00 · %{z:.2%} · %{customdata}<extra></extra>"))
    fig.update_layout(template=TEMPLATE, height=320, xaxis=dict(title=hour_title, dtick=2),
                      yaxis=dict(autorange="reversed"), font=dict(family=FONT))
    return fig
