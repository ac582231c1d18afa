"""The cost-range chart: P10-P90 per cost item with the P50 mark and, faint behind it, the
guide's typical range. A server-rendered SVG served from its own URL (``budget:cost_chart``).

Like ``planning/usecases/charts.py``: presentation attributes only (the strict Content-Security-Policy
allows no inline styles), every text escaped (line names are user input), ``<title>`` and
``<desc>`` for screen readers; the page has the same figures as a table.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Final

from partnerwijzer.svg import FONT, INK, INK_SOFT
from partnerwijzer.svg import attr as _attr
from partnerwijzer.svg import num as _num
from partnerwijzer.svg import text as _text

__all__ = ["RangeBar", "cost_range_svg", "nice_ticks"]

LINE = "#b9c1cc"
BRAND = "#1d4f91"
REFERENCE = "#d9dee5"
ROW_HEIGHT = 34.0
CHART_EXTRA = 16.0 + 96.0 + 12.0
"""Height besides the rows: top margin, axis and legend."""


@dataclass(frozen=True, slots=True)
class RangeBar:
    """One row: its label, P10/P50/P90 in euro and the guide's typical range (or None)."""

    label: str
    p10: float
    p50: float
    p90: float
    reference: tuple[float, float] | None = None


def _shorten(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


LABEL_CHARS = 38
"""Characters per label line that fit the label column at font size 12."""
LABEL_LINE_HEIGHT = 14.0
NICE_STEPS: Final = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5))
MAX_INTERVALS: Final = 5
"""At most six ticks (zero included), so the amounts below the axis do not collide."""


def nice_ticks(value: float, *, max_intervals: int = MAX_INTERVALS) -> tuple[float, ...]:
    """Axis ticks from zero whose last tick is the smallest "nice" amount at or above ``value``.

    The step is 1, 2, 2.5 or 5 times a power of ten, with at most ``max_intervals`` steps; of the
    steps that reach ``value`` the one with the lowest last tick wins (the bars use most of the
    width), on a tie the one with more ticks. Steps are whole euros. 80,000 gives 0-80,000 in steps
    of 20,000; 61,200 gives 0-75,000 in steps of 25,000. Computed in Decimal, so ticks are exact.
    """
    if not math.isfinite(value) or value <= 0:
        return (0.0, 1.0)
    target = Decimal(repr(float(value)))
    exponent = math.floor(math.log10(value / max_intervals))
    best: tuple[Decimal, int, Decimal] | None = None
    for power in sorted({max(p, 0) for p in (exponent - 1, exponent, exponent + 1)}):
        for multiple in NICE_STEPS:
            step = multiple * Decimal(10) ** power
            if step != step.to_integral_value():
                continue  # whole euros on the axis: no step of 2.50
            count = int((target / step).to_integral_value(rounding=ROUND_CEILING))
            if not 1 <= count <= max_intervals:
                continue
            candidate = (step * count, -count, step)
            if best is None or candidate < best:
                best = candidate
    if best is None:  # pragma: no cover - 5 x 10^(exponent + 1) (at least 5) reaches value in one or two steps
        return (0.0, float(value))
    _, negative_count, step = best
    return tuple(float(step * i) for i in range(-negative_count + 1))


def _label_lines(label: str) -> tuple[list[str], bool]:
    """``label`` wrapped over at most two lines; True when it had to be cut (the rest is in a title)."""
    lines = textwrap.wrap(label, LABEL_CHARS) or [""]
    if len(lines) <= 2:
        return lines, False
    second = textwrap.wrap(" ".join(lines[1:]), LABEL_CHARS - 1)[0]
    return [lines[0], second + "…"], True


def _label(label: str, x: float, mid: float) -> str:
    lines, cut = _label_lines(label)
    first_y = mid + 4 - LABEL_LINE_HEIGHT * (len(lines) - 1) / 2
    title = f"<title>{_text(label)}</title>" if cut else ""
    spans = "".join(
        f'<tspan x="{_num(x)}" y="{_num(first_y + LABEL_LINE_HEIGHT * i)}">{_text(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text x="{_num(x)}" y="{_num(first_y)}" text-anchor="end" font-size="12">{title}{spans}</text>'


def cost_range_svg(
    *,
    bars: Sequence[RangeBar],
    money: object,
    title: str,
    desc: str,
    legend_range: str,
    legend_median: str,
    legend_reference: str,
) -> str:
    """Horizontal bars from P10 to P90 with a mark at P50; the guide's range as a faint band.

    ``money`` formats an axis amount (a callable taking a float), so the ticks follow the locale.
    """
    fmt = money if callable(money) else str
    label_w, plot_w, row_h, top = 250.0, 440.0, ROW_HEIGHT, 16.0
    left = label_w + 12
    width = left + plot_w + 28
    height = top + row_h * max(len(bars), 1) + 96
    top_value = max([b.p90 for b in bars] + [b.reference[1] for b in bars if b.reference] + [0.0])
    ticks = nice_ticks(top_value)
    axis_max = ticks[-1]

    def px(value: float) -> float:
        return left + plot_w * max(0.0, min(value, axis_max)) / axis_max

    body: list[str] = []
    bottom = top + row_h * max(len(bars), 1)
    for value in ticks:
        x = px(value)
        body.append(f'<line x1="{_num(x)}" y1="{_num(top)}" x2="{_num(x)}" y2="{_num(bottom)}" stroke="{LINE}" '
                    f'stroke-dasharray="3 3"/>')
        body.append(f'<text x="{_num(x)}" y="{_num(bottom + 16)}" text-anchor="middle" font-size="11" '
                    f'fill="{INK_SOFT}">{_text(fmt(value))}</text>')
    for index, bar in enumerate(bars):
        y = top + row_h * index
        mid = y + row_h / 2
        body.append(_label(bar.label, label_w, mid))
        if bar.reference is not None:
            lo, hi = bar.reference
            body.append(
                f'<rect x="{_num(px(lo))}" y="{_num(y + 4)}" width="{_num(max(px(hi) - px(lo), 1.0))}" '
                f'height="{_num(row_h - 8)}" fill="{REFERENCE}" rx="2"><title>{_text(legend_reference)}: '
                f"{_text(fmt(lo))} – {_text(fmt(hi))}</title></rect>"
            )
        body.append(
            f'<rect x="{_num(px(bar.p10))}" y="{_num(mid - 6)}" width="{_num(max(px(bar.p90) - px(bar.p10), 2.0))}" '
            f'height="12" fill="{BRAND}" fill-opacity="0.55" rx="2"><title>{_text(bar.label)}: P10 '
            f"{_text(fmt(bar.p10))}, P50 {_text(fmt(bar.p50))}, P90 {_text(fmt(bar.p90))}</title></rect>"
        )
        body.append(f'<line x1="{_num(px(bar.p50))}" y1="{_num(mid - 10)}" x2="{_num(px(bar.p50))}" '
                    f'y2="{_num(mid + 10)}" stroke="{INK}" stroke-width="3"/>')
    # Legend, from the left edge so long translations fit.
    lx, ly = 16.0, bottom + 40
    body.append(f'<rect x="{_num(lx)}" y="{_num(ly - 9)}" width="28" height="10" fill="{BRAND}" '
                f'fill-opacity="0.55" rx="2"/>')
    body.append(f'<text x="{_num(lx + 36)}" y="{_num(ly)}" font-size="12">{_text(_shorten(legend_range, 105))}</text>')
    body.append(f'<line x1="{_num(lx + 14)}" y1="{_num(ly + 8)}" x2="{_num(lx + 14)}" y2="{_num(ly + 24)}" '
                f'stroke="{INK}" stroke-width="3"/>')
    body.append(f'<text x="{_num(lx + 36)}" y="{_num(ly + 20)}" font-size="12">'
                f"{_text(_shorten(legend_median, 105))}</text>")
    body.append(f'<rect x="{_num(lx)}" y="{_num(ly + 30)}" width="28" height="12" fill="{REFERENCE}" rx="2"/>')
    body.append(f'<text x="{_num(lx + 36)}" y="{_num(ly + 40)}" font-size="12">'
                f"{_text(_shorten(legend_reference, 105))}</text>")
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_num(width)} {_num(height + 12)}" '
        f'width="{_num(width)}" height="{_num(height + 12)}" role="img" aria-labelledby="chart-title chart-desc" '
        f'font-family="{_attr(FONT)}" font-size="13" fill="{INK}">'
        f'<title id="chart-title">{_text(title)}</title><desc id="chart-desc">{_text(desc)}</desc>'
        f'<rect x="0" y="0" width="{_num(width)}" height="{_num(height + 12)}" fill="#ffffff"/>'
    )
    return head + "".join(body) + "</svg>\n"
