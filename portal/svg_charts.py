"""Bar charts drawn on the server as SVG, for the pages someone opens from a link without signing in (a shared
report): the browser shows them with the rest of the page, where a Plotly chart first loads the charting library,
which was most of a visitor's wait. Values and ticks are written by services/core/formatting in the reader's
language; in a right-to-left language the categories run from right to left and the value axis stands on the right.
Each bar carries a <title> (the browser shows it on hover) with its category, series and value. Every text is
escaped here: a label cannot become markup."""
from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Callable, Sequence

from portal.ticks import nice_ticks

WIDTH = 640
LABEL_CHARS = 18
MUTED = "currentColor"


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    colours: Sequence[str]  # one per category


def bar_chart(categories: Sequence[str], series: Sequence[Series], *, tick_text: Callable[[float], str],
              value_text: Callable[[float], str], label: str, rtl: bool = False, whole: bool = True,
              height: int = 300) -> str:
    """Grouped bars (one group per category, one bar per series) as an SVG figure; `label` names the chart for
    screen readers. A missing value draws no bar."""
    values = [v for s in series for v in s.values if v is not None]
    ticks = nice_ticks(0.0, max(values, default=0.0), whole=whole)
    legend = len(series) > 1
    top_pad, bottom_pad, axis_pad, end_pad = (28 if legend else 10), 58, 64, 12
    plot_h = height - top_pad - bottom_pad
    plot_w = WIDTH - axis_pad - end_pad
    left = end_pad if rtl else axis_pad
    scale = plot_h / ticks[-1]
    slot = plot_w / max(1, len(categories))
    bar_w = min(36.0, slot * 0.8 / max(1, len(series)))
    tilted = len(categories) > 5
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" '
             f'role="img" aria-label="{escape(label)}" style="font: 11px sans-serif; color: inherit">']
    axis_x = left + plot_w if rtl else left
    for tick in ticks:
        y = top_pad + plot_h - tick * scale
        parts.append(f'<line x1="{left:.1f}" x2="{left + plot_w:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="{MUTED}" stroke-opacity="0.15"/>')
        tx, anchor = (axis_x + 6, "start") if rtl else (axis_x - 6, "end")
        parts.append(f'<text x="{tx:.1f}" y="{y + 4:.1f}" text-anchor="{anchor}" fill="{MUTED}" '
                     f'fill-opacity="0.75">{escape(tick_text(tick))}</text>')
    for i, category in enumerate(categories):
        position = len(categories) - 1 - i if rtl else i
        centre = left + slot * (position + 0.5)
        group_w = bar_w * len(series)
        for j, s in enumerate(series):
            value = s.values[i]
            if value is None:
                continue
            order = len(series) - 1 - j if rtl else j
            x = centre - group_w / 2 + order * bar_w
            h = max(0.0, value * scale)
            y = top_pad + plot_h - h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                         f'fill="{escape(s.colours[i])}"><title>{escape(category)} · {escape(s.name)}: '
                         f'{escape(value_text(value))}</title></rect>')
        short = category if len(category) <= LABEL_CHARS else category[:LABEL_CHARS - 1] + "…"
        ly = top_pad + plot_h + 14
        if tilted:
            parts.append(f'<text x="{centre:.1f}" y="{ly:.1f}" text-anchor="{"start" if rtl else "end"}" '
                         f'transform="rotate({35 if rtl else -35} {centre:.1f} {ly:.1f})" fill="{MUTED}">'
                         f'{escape(short)}</text>')
        else:
            parts.append(f'<text x="{centre:.1f}" y="{ly:.1f}" text-anchor="middle" fill="{MUTED}">'
                         f'{escape(short)}</text>')
    if legend:
        x = WIDTH - end_pad if rtl else left
        for s in series:
            width = 18 + 7 * len(s.name)
            if rtl:
                x -= width
            parts.append(f'<rect x="{x:.1f}" y="6" width="10" height="10" fill="{escape(s.colours[0])}"/>'
                         f'<text x="{x + 14:.1f}" y="15" fill="{MUTED}">{escape(s.name)}</text>')
            if not rtl:
                x += width
    parts.append("</svg>")
    return "".join(parts)
