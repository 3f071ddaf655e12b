"""Pure chart builders for the Earnings page (frames in, figures out), with the portal's one template."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from portal.charts import TEMPLATE

RECEIVED_COLOUR = "#2F9E44"
EXPECTED_COLOUR = "#A5D8FF"


def make_received_vs_expected_figure(frame: pd.DataFrame, *, received: str = "Received", expected: str = "Expected",
                                     y_title: str = "") -> go.Figure:
    """frame: month (YYYY-MM), received, expected (exact Decimals; Plotly writes them out as JSON numbers).
    Two bars per month."""
    fig = go.Figure()
    fig.add_trace(go.Bar(x=frame["month"], y=list(frame["expected"]), name=expected, marker_color=EXPECTED_COLOUR,
                         hovertemplate="%{x}: %{y:,.2f}<extra>%{fullData.name}</extra>"))
    fig.add_trace(go.Bar(x=frame["month"], y=list(frame["received"]), name=received, marker_color=RECEIVED_COLOUR,
                         hovertemplate="%{x}: %{y:,.2f}<extra>%{fullData.name}</extra>"))
    fig.update_layout(template=TEMPLATE, barmode="group", yaxis_title=y_title or None, height=340,
                      xaxis=dict(type="category"))
    return fig
