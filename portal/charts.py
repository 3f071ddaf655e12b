"""Pure chart builders: plain frames in, Plotly figures out. One template and palette for all."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from services.core import platforms

PLATFORM_COLOURS = platforms.COLOURS
PLATFORM_NAMES = platforms.LABELS
FONT = "Inter, system-ui, sans-serif"

TEMPLATE = go.layout.Template(layout=go.Layout(
    font=dict(family=FONT, size=13, color="#1F2933"),
    paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
    margin=dict(l=8, r=8, t=36, b=8),
    xaxis=dict(showgrid=False, linecolor="#CBD2D9"),
    yaxis=dict(gridcolor="#E4E7EB", zeroline=False),
    # below the plot: above it, the chart toolbar (full screen, download) covered the legend on narrow screens
    legend=dict(orientation="h", yanchor="top", x=0),
    hoverlabel=dict(font_family=FONT),
))


def make_follower_growth_figure(frame: pd.DataFrame, *, title: str = "", y_title: str = "Followers") -> go.Figure:
    """frame: day, platform, followers — one line per platform."""
    fig = go.Figure()
    for platform, part in frame.groupby("platform", sort=True):
        fig.add_trace(go.Scatter(
            x=part["day"], y=part["followers"], mode="lines", name=PLATFORM_NAMES.get(platform, platform),
            line=dict(color=PLATFORM_COLOURS.get(platform), width=2),
            hovertemplate="%{x|%d %b %Y}: %{y:,}<extra>%{fullData.name}</extra>",
        ))
    fig.update_layout(template=TEMPLATE, title=title or None, yaxis_title=y_title, hovermode="x unified", height=360)
    return fig
