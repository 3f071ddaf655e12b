"""Server-drawn bar charts (portal/svg_charts): bar heights against hand-computed scales, values in the reader's
language, right-to-left order, and labels that stay text."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from portal import svg_charts, ticks
from services.core import formatting as fmt

NS = {"s": "http://www.w3.org/2000/svg"}


def _chart(categories, series, **kw):
    svg = svg_charts.bar_chart(categories, series, tick_text=lambda v: fmt.number(int(v), "de"),
                               value_text=lambda v: fmt.number(int(v), "de"), label="Views", **kw)
    return ET.fromstring(svg)


def test_ticks_are_round_steps_covering_the_largest_value():
    assert ticks.nice_ticks(0, 1960, whole=True) == [0, 500, 1000, 1500, 2000]
    assert ticks.nice_ticks(0, 7, whole=True) == [0, 2, 4, 6, 8]
    assert ticks.nice_ticks(0, 3, whole=True) == [0, 1, 2, 3]
    assert ticks.nice_ticks(0, 0.0512, whole=False) == [0, 0.02, 0.04, 0.06]
    assert ticks.nice_ticks(0, 0, whole=True) == [0, 1]


def test_bar_heights_follow_the_scale_and_a_missing_value_draws_no_bar():
    """Ticks 0..2,000 (largest value 1,960); plot height = 300 - 28 (legend) - 58 = 214 px, so 1,960 → 209.72 px
    and 500 → 53.5 px."""
    root = _chart(["1. Reel", "2. Video"], [
        svg_charts.Series("Views", [1960, None], ["#111111", "#111111"]),
        svg_charts.Series("Reach", [500, 500], ["#222222", "#222222"])])
    bars = [r for r in root.findall("s:rect", NS) if r.find("s:title", NS) is not None]
    assert [(float(b.get("height")), b.find("s:title", NS).text) for b in bars] == [
        (209.7, "1. Reel · Views: 1.960"), (53.5, "1. Reel · Reach: 500"), (53.5, "2. Video · Reach: 500")]
    ticks = [t.text for t in root.findall("s:text", NS)][:5]
    assert ticks == ["0", "500", "1.000", "1.500", "2.000"]  # CLDR de: "." groups thousands


def test_right_to_left_puts_the_first_category_on_the_right():
    series = [svg_charts.Series("Views", [1, 2], ["#111111", "#111111"])]
    ltr = [float(r.get("x")) for r in _chart(["a", "b"], series).findall("s:rect", NS)]
    rtl = [float(r.get("x")) for r in _chart(["a", "b"], series, rtl=True).findall("s:rect", NS)]
    assert ltr[0] < ltr[1] and rtl[0] > rtl[1]


def test_labels_stay_text():
    root = _chart(['<img src=x onerror="alert(1)">'], [svg_charts.Series('<b>"', [1], ["red"])])
    assert root.find(".//s:img", NS) is None and root.find(".//s:b", NS) is None
    assert root.findall("s:rect", NS)[0].find("s:title", NS).text == '<img src=x onerror="alert(1)"> · <b>": 1'
