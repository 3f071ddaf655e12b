"""Pure pieces of the portal: formatting, chart builders, translation catalogue, local-mode rule."""
import re
import string
from decimal import Decimal

import pandas as pd
import pytest

from portal import charts
from portal.identity import local_mode_allowed
from services.audience import metrics


def test_follower_growth_figure_has_one_coloured_line_per_platform():
    frame = pd.DataFrame({
        "day": pd.to_datetime(["2026-01-01", "2026-01-02", "2026-01-01", "2026-01-02"]),
        "platform": ["instagram", "instagram", "tiktok", "tiktok"],
        "followers": [100, 110, 50, 55],
    })
    fig = charts.make_follower_growth_figure(frame)
    assert [t.name for t in fig.data] == ["Instagram", "TikTok"]
    assert list(fig.data[0].y) == [100, 110]
    assert fig.data[0].line.color == charts.PLATFORM_COLOURS["instagram"]


def test_the_legend_sits_below_the_plot_where_the_chart_toolbar_cannot_cover_it():
    legend = charts.TEMPLATE.layout.legend
    # Plotly puts a horizontal legend whose y is unset at -0.1 of the plot height, below the x axis; the
    # Streamlit toolbar sits above the top-right corner.
    assert (legend.orientation, legend.yanchor) == ("h", "top")
    assert legend.y is None or legend.y < 0


@pytest.mark.parametrize("address, allowed", [
    ("localhost", True), ("127.0.0.1", True), ("::1", True),
    ("0.0.0.0", False), ("", False), (None, False), ("192.168.1.20", False), ("portal.example.com", False),
])
def test_local_mode_is_allowed_only_on_localhost(address, allowed):
    assert local_mode_allowed(address) is allowed


def test_engagement_rate_by_reach_is_none_without_reach():
    assert metrics.engagement_rate_by_reach(10, 2, 1, 1, 0) is None
    assert metrics.engagement_rate_by_reach(40, 5, 3, 2, 1000) == Decimal("0.05")


def test_sentences_about_n_things_use_the_singular_only_for_one(monkeypatch):
    from portal import i18n
    monkeypatch.setattr(i18n.session, "locale", lambda: "en")
    assert i18n.tn("{n} payout overdue: it was due {date}.", "{n} payouts overdue: the oldest was due {date}.",
                   1, date="1 Oct") == "1 payout overdue: it was due 1 Oct."
    assert i18n.tn("{n} payout overdue: it was due {date}.", "{n} payouts overdue: the oldest was due {date}.",
                   3, date="1 Oct") == "3 payouts overdue: the oldest was due 1 Oct."
