"""The cost-range chart: P10-P90 per cost item with the P50 mark and, faint behind it, the
guide's typical range. A server-rendered SVG served from its own URL (``budget:cost_chart``).

Like ``planning/charts.py``: presentation attributes only (the strict Content-Security-Policy
allows no inline styles), every text escaped (line names are user input), ``<title>`` and
``<desc>`` for screen readers; the page has the same figures as a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

__all__ = ["RangeBar", "cost_range_svg"]

FONT = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"
INK = "#1b1f24"
INK_SOFT = "#4a5260"
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


def _text(value: object) -> str:
    return escape(str(value), quote=False)


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _num(value: float) -> str:
    out = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if out in {"-0", ""} else out


def _shorten(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _nice_max(value: float) -> float:
    """A round upper end for the axis (1, 2, 2.5 or 5 times a power of ten)."""
    if value <= 0:
        return 1.0
    power = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10.0 * power  # pragma: no cover


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
    axis_max = _nice_max(top_value * 1.02)

    def px(value: float) -> float:
        return left + plot_w * max(0.0, min(value, axis_max)) / axis_max

    body: list[str] = []
    bottom = top + row_h * max(len(bars), 1)
    for i in range(5):
        value = axis_max * i / 4
        x = px(value)
        body.append(f'<line x1="{_num(x)}" y1="{_num(top)}" x2="{_num(x)}" y2="{_num(bottom)}" stroke="{LINE}" '
                    f'stroke-dasharray="3 3"/>')
        body.append(f'<text x="{_num(x)}" y="{_num(bottom + 16)}" text-anchor="middle" font-size="11" '
                    f'fill="{INK_SOFT}">{_text(fmt(value))}</text>')
    for index, bar in enumerate(bars):
        y = top + row_h * index
        mid = y + row_h / 2
        body.append(f'<text x="{_num(label_w)}" y="{_num(mid + 4)}" text-anchor="end" font-size="12">'
                    f"{_text(_shorten(bar.label, 38))}</text>")
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
