"""Charts in the reader's language (portal.charts.localized), checked on the figure dict: in Arabic the value
axis and legend sit on the right and time runs right to left, month ticks carry CLDR month names (written out
here by hand), and axis numbers are the portal's formatted numbers."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import pytest

from portal import charts
from services.core import formatting as fmt
from portal.widgets import audience_charts, payouts_charts

ARABIC_MONTHS = ["يناير", "فبراير", "مارس", "أبريل"]


def growth(locale: str):
    days = pd.date_range("2026-01-01", "2026-04-30", freq="D")
    frame = pd.concat([
        pd.DataFrame({"day": days, "platform": "instagram", "followers": range(1000, 1000 + len(days))}),
        pd.DataFrame({"day": days, "platform": "youtube", "followers": range(14700 - len(days), 14700)}),
    ])
    return charts.localized(charts.make_follower_growth_figure(frame, y_title="متابعون"), locale).to_dict()


def test_arabic_puts_the_value_axis_and_legend_on_the_right_and_runs_time_right_to_left():
    layout = growth("ar")["layout"]
    assert layout["yaxis"]["side"] == "right"
    assert layout["xaxis"]["autorange"] == "reversed"
    assert layout["legend"]["x"] == 1 and layout["legend"]["xanchor"] == "right"
    assert layout["yaxis"]["title"]["text"] == "متابعون"


def test_english_keeps_the_chart_left_to_right():
    layout = growth("en")["layout"]
    assert "side" not in layout["yaxis"] and "autorange" not in layout["xaxis"]
    assert layout.get("legend", {}).get("xanchor") != "right"


@pytest.mark.parametrize("locale, months", [
    ("ar", ARABIC_MONTHS), ("en", ["Jan", "Feb", "Mar", "Apr"]), ("de", ["Jan.", "Feb.", "März", "Apr."]),
    ("fr", ["janv.", "févr.", "mars", "avr."]), ("es", ["ene", "feb", "mar", "abr"])])
def test_a_date_axis_has_one_tick_per_month_named_in_the_language(locale, months):
    xaxis = growth(locale)["layout"]["xaxis"]
    assert xaxis["tickvals"] == ["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01"]
    assert xaxis["ticktext"] == months


@pytest.mark.parametrize("locale", ["en", "ar", "fr"])
def test_the_value_axis_has_round_ticks_written_as_the_language_writes_numbers(locale):
    # followers run from 1,000 to 14,699: five steps of at least 2,940 round up to 5,000, from zero
    yaxis = growth(locale)["layout"]["yaxis"]
    assert yaxis["tickvals"] == [0, 5000, 10000, 15000]
    assert yaxis["ticktext"] == [fmt.number(v, locale) for v in (0, 5000, 10000, 15000)]


def test_hover_dates_and_numbers_are_written_in_the_language():
    trace = growth("ar")["data"][0]
    assert trace["hovertemplate"] == "%{customdata[0]}: %{customdata[1]}<extra>%{fullData.name}</extra>"
    assert list(trace["customdata"][0]) == [fmt.day(dt.date(2026, 1, 1), "ar"), fmt.number(1000, "ar")]


def test_a_percentage_axis_keeps_percent_ticks():
    frame = pd.DataFrame({"bucket": pd.to_datetime(["2026-03-02", "2026-03-09", "2026-03-16"]),
                          "median": [0.021, 0.035, 0.058], "mean": [0.025, 0.03, 0.05]})
    fig = charts.localized(audience_charts.make_engagement_trend_figure(frame, median_name="m", mean_name="n",
                                                                         y_title="r"), "ar").to_dict()
    yaxis = fig["layout"]["yaxis"]
    # 0 to 5.8 %: steps of 2 points (1.16 rounds up to 2), labels without decimals
    assert yaxis["tickvals"] == [0, 0.02, 0.04, 0.06]
    assert yaxis["ticktext"] == [fmt.percent(v, "ar", 0) for v in (0, 0.02, 0.04, 0.06)]
    # two weeks apart: weekly ticks, day and month
    assert fig["layout"]["xaxis"]["ticktext"] == ["2 مارس", "9 مارس", "16 مارس"]


def test_months_of_the_earnings_chart_are_named_not_numbered():
    frame = pd.DataFrame({"month": ["2026-01", "2026-02", "2026-03"], "received": [1, 2, 3], "expected": [2, 2, 3]})
    fig = charts.localized(payouts_charts.make_received_vs_expected_figure(frame), "ar").to_dict()
    assert fig["layout"]["xaxis"]["tickvals"] == ["2026-01", "2026-02", "2026-03"]
    assert fig["layout"]["xaxis"]["ticktext"] == ARABIC_MONTHS[:3]
    assert fig["layout"]["xaxis"]["autorange"] == "reversed"


def test_horizontal_bars_grow_from_the_right_in_arabic():
    fig = charts.localized(go.Figure(go.Bar(y=["@a · Instagram", "@b · YouTube"], x=[800, 2300], orientation="h")),
                           "ar").to_dict()
    assert fig["layout"]["xaxis"]["autorange"] == "reversed" and fig["layout"]["yaxis"]["side"] == "right"
    assert fig["layout"]["xaxis"]["tickvals"] == [0, 500, 1000, 1500, 2000, 2500]


def test_the_heatmap_colour_bar_moves_to_the_left_in_arabic():
    frame = pd.DataFrame({"weekday": [1], "hour": [9], "median": [0.03], "posts": [2]})
    fig = charts.localized(audience_charts.make_heatmap_figure(
        frame, weekday_names=list("1234567"), colorbar_title="m", hour_title="h"), "ar").to_dict()
    assert fig["data"][0]["colorbar"]["xanchor"] == "right"
    assert fig["layout"]["xaxis"]["tickvals"] == list(range(0, 24, 2))
