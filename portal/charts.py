"""Pure chart builders: plain frames in, Plotly figures out. One template and palette for all, and localized():
every figure passes through it on its way to the page, for the reader's language and direction."""
from __future__ import annotations

import datetime as dt
import functools
import math
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_date
from babel.numbers import format_decimal

from portal import i18n
from portal.ticks import nice_ticks
from services.core import formatting as fmt
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


# -- the person's language: numbers, month names and, in Arabic, the chart mirrored ---------------------------

_TOKEN = re.compile(r"%\{([xyz])(?:([|:])([^}]*))?\}")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def localized(fig: go.Figure, locale: str | None = None) -> go.Figure:
    """fig written for `locale` (default: the language being written in, portal.i18n.current_locale): tick labels
    and hover values formatted for the language (numbers through services.core.formatting, month names from CLDR), and
    in a right-to-left language the chart mirrored: the value axis and the legend on the right, time and
    categories running from right to left. Titles arrive translated (t()) from the page."""
    locale = locale or i18n.current_locale()
    rtl = locale in i18n.RTL_LOCALES
    for trace in fig.data:
        _localize_hover(trace, locale)
    horizontal = any(getattr(tr, "orientation", None) == "h" for tr in fig.data)
    value_axis = "xaxis" if horizontal else "yaxis"
    heatmap = any(tr.type == "heatmap" for tr in fig.data)
    if not heatmap:
        _value_ticks(fig, value_axis, locale)
    xs = [v for tr in fig.data for v in _values(tr.x)]
    if not horizontal and not heatmap and xs:
        _date_ticks(fig, xs, locale)
    if heatmap:
        fig.update_xaxes(tickvals=list(range(0, 24, 2)), ticktext=[fmt.number(h, locale) for h in range(0, 24, 2)])
    if rtl:
        fig.update_xaxes(autorange="reversed")
        fig.update_yaxes(side="right")
        fig.update_layout(legend=dict(x=1, xanchor="right"), title=dict(x=1, xanchor="right"))
        for trace in fig.data:
            if trace.type == "heatmap":
                trace.colorbar.update(x=-0.02, xanchor="right")
    return fig


def _values(values) -> list:
    return [] if values is None else list(values)


@functools.lru_cache(maxsize=16384)
def _number(value: float, locale: str, spec: str) -> str:
    """A value as a d3 format spec in the figure asks for (",", "+,", ".1%", ",.2f"), in the language. Kept once
    formatted: hover labels repeat the same counts across a chart's traces and across runs."""
    if spec.endswith("%"):
        places = int(spec[spec.index(".") + 1:-1]) if "." in spec else 0
        return fmt.percent(value, locale, places)
    if spec.endswith("f") and "." in spec:
        return format_decimal(value, format="#,##0." + "0" * int(spec[spec.index(".") + 1:-1]), locale=locale)
    if spec.startswith("+"):
        return fmt.signed(round(value), locale)
    if float(value).is_integer():
        return fmt.number(value, locale)
    return format_decimal(value, locale=locale)


def _dates(values) -> list[dt.date] | None:
    """values as days when every one is a date (a date, a timestamp, an ISO day or a YYYY-MM month), else None."""
    out = []
    for v in values:
        if isinstance(v, str):
            if _MONTH.match(v):
                out.append(dt.date(int(v[:4]), int(v[5:]), 1))
            elif _DAY.match(v):
                out.append(dt.date.fromisoformat(v[:10]))
            else:
                return None
        elif isinstance(v, (dt.date, pd.Timestamp, np.datetime64)):
            out.append(pd.Timestamp(v).date())
        else:
            return None
    return out or None


def _localize_hover(trace, locale: str) -> None:
    """Hover values (%{x|%d %b %Y}, %{y:,}, %{x:.1%}) replaced by the same values written for the language,
    carried in customdata. A trace that already carries its own customdata keeps its hover as it is."""
    template = getattr(trace, "hovertemplate", None)
    if not template or getattr(trace, "customdata", None) is not None:
        return
    columns, text = [], template
    for m in list(_TOKEN.finditer(template)):
        axis, kind, spec = m.groups()
        values = getattr(trace, axis)
        if kind is None or values is None:
            continue
        if kind == "|":
            days = _dates(values)
            if days is None:
                continue
            column = [fmt.day(d, locale) for d in days]
        else:
            column = ["" if v is None or pd.isna(v) else _number(float(v), locale, spec) for v in values]
        text = text.replace(m.group(0), "%{customdata[" + str(len(columns)) + "]}", 1)
        columns.append(column)
    if columns:
        trace.customdata = list(zip(*columns))
        trace.hovertemplate = text


def _value_ticks(fig: go.Figure, axis: str, locale: str) -> None:
    """The value axis's ticks written for the language: explicit tick values, each label formatted as the axis's
    tick format asks (a percentage or a number)."""
    key = axis[0]
    values = [float(v) for tr in fig.data for v in _values(getattr(tr, key))
              if v is not None and not isinstance(v, (str, dt.date, np.datetime64)) and not pd.isna(v)]
    if not values:
        return
    ticks = nice_ticks(min(values), max(values))
    spec = getattr(fig.layout, axis).tickformat or ""
    if spec.endswith("%"):
        step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
        spec = f".{max(0, -math.floor(math.log10(step * 100) + 1e-9))}%"
    else:
        spec = ","
    getattr(fig.layout, axis).update(tickmode="array", tickvals=ticks,
                                     ticktext=[_number(v, locale, spec) for v in ticks])


def _date_ticks(fig: go.Figure, xs, locale: str) -> None:
    """A time axis (days, weeks or YYYY-MM months) labelled with the language's month names: one tick per month
    (every other or third month over a long range), or per week over two months or less."""
    days = _dates(xs)
    if days is None:
        return
    months_only = all(isinstance(v, str) and _MONTH.match(v) for v in xs)
    first, last = min(days), max(days)
    one_year = first.year == last.year
    if months_only:
        ticks = sorted(set(days))
        vals = [f"{d:%Y-%m}" for d in ticks]
        text = [format_date(d, "MMM" if one_year else "MMM y", locale=locale) for d in ticks]
    elif (last - first).days <= 62:
        ticks = [first + dt.timedelta(days=7 * i) for i in range((last - first).days // 7 + 1)]
        vals = [d.isoformat() for d in ticks]
        text = [format_date(d, "d MMM", locale=locale) for d in ticks]
    else:
        months = []
        d = dt.date(first.year, first.month, 1) if first.day == 1 else _next_month(first)
        while d <= last:
            months.append(d)
            d = _next_month(d)
        every = max(1, math.ceil(len(months) / 8))
        ticks = months[::every]
        vals = [d.isoformat() for d in ticks]
        text = [format_date(d, "MMM" if one_year else "MMM y", locale=locale) for d in ticks]
    fig.update_xaxes(tickmode="array", tickvals=vals, ticktext=text)


def _next_month(d: dt.date) -> dt.date:
    return dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
