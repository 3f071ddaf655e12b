"""Round tick values for a value axis, shared by the Plotly charts (portal/charts.py) and the SVG charts drawn for
signed-out links (portal/svg_charts.py)."""
from __future__ import annotations

import math

TICKS = 5


def nice_ticks(low: float, high: float, *, whole: bool = False) -> list[float]:
    """From min(low, 0) to at least max(high, 0) in about five round steps (1, 2, 2.5 or 5 × a power of ten);
    with `whole`, steps of at least 1 (for counts)."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high == low:
        high = low + 1
    raw = (high - low) / TICKS
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(s * magnitude for s in (1, 2, 2.5, 5, 10) if s * magnitude >= raw)
    if whole:
        step = max(1.0, math.ceil(step))
    start = math.floor(low / step) * step
    count = math.ceil((high - start) / step - 1e-9)
    return [round(start + i * step, 12) for i in range(count + 1)]
