"""Server-rendered SVG charts of the return: the cumulative cash flow with its P10-P90 band and
the payback distribution (histogram).

Like ``planning/usecases/charts.py`` and ``evaluation/ranking/charts.py``: served as images from their own URLs,
so they work under the strict Content-Security-Policy; presentation attributes only (never
``style``); every text escaped; ``<title>``, ``<desc>`` and ``role="img"`` on each chart. The
functions take plain numbers, already-translated strings and a money formatter, and return a
complete SVG document.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from partnerwijzer.svg import INK, INK_SOFT
from partnerwijzer.svg import document as _document
from partnerwijzer.svg import num as _num
from partnerwijzer.svg import text as _text

__all__ = ["cashflow_svg", "empty_svg", "nice_ticks", "payback_svg"]

LINE = "#d8dde4"
BRAND = "#1d4f91"
BAND = "#c9daf1"
ACCENT = "#b26b00"
NEGATIVE = "#9b2c2c"


def empty_svg(*, message: str, title: str) -> str:
    """A small chart that only says why there is nothing to draw yet."""
    body = [f'<text x="16" y="40" font-size="14" fill="{INK_SOFT}">{_text(message)}</text>']
    return _document(640, 72, title, message, body)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering ``low``..``high`` (1, 2, 2.5 or 5 times a power of ten)."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return [0.0]
    if high < low:
        low, high = high, low
    if high == low:
        high = low + 1.0
    raw = (high - low) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def cashflow_svg(
    *,
    band: Sequence[Sequence[float]],
    go_live_month: int,
    money: Callable[[float], str],
    month_label: str,
    band_label: str,
    median_label: str,
    go_live_label: str,
    title: str,
    desc: str,
) -> str:
    """Cumulative cash flow per month: the P10-P90 band, the median line, the zero line and a
    dashed go-live marker. ``band`` is (P10, P50, P90), each one value per month (month 1..H)."""
    p10, p50, p90 = (list(map(float, row)) for row in band)
    horizon = len(p50)
    left, top, plot_w, plot_h = 96.0, 16.0, 560.0, 260.0
    width, height = left + plot_w + 24.0, top + plot_h + 88.0
    ticks = nice_ticks(min(0.0, *p10), max(0.0, *p90))
    y_lo, y_hi = ticks[0], ticks[-1]

    def px(month: float) -> float:
        return left + plot_w * month / max(horizon, 1)

    def py(value: float) -> float:
        return top + plot_h * (y_hi - value) / (y_hi - y_lo)

    body: list[str] = []
    for tick in ticks:
        y = py(tick)
        body.append(f'<line x1="{_num(left)}" y1="{_num(y)}" x2="{_num(left + plot_w)}" y2="{_num(y)}" '
                    f'stroke="{LINE}"/>')
        body.append(f'<text x="{_num(left - 8)}" y="{_num(y + 4)}" text-anchor="end" font-size="12" '
                    f'fill="{INK_SOFT}">{_text(money(tick))}</text>')
    body.extend(_month_axis(horizon, px, baseline=top + plot_h, centre=left + plot_w / 2, label=month_label))
    # Band: P90 forward, P10 back; points at the end of each month (month m at x = m).
    upper = [f"{_num(px(m + 1))},{_num(py(v))}" for m, v in enumerate(p90)]
    lower = [f"{_num(px(m + 1))},{_num(py(v))}" for m, v in reversed(list(enumerate(p10)))]
    body.append(f'<polygon points="{" ".join(upper + lower)}" fill="{BAND}" stroke="none">'
                f'<title>{_text(band_label)}</title></polygon>')
    zero = py(0.0)
    body.append(f'<line x1="{_num(left)}" y1="{_num(zero)}" x2="{_num(left + plot_w)}" y2="{_num(zero)}" '
                f'stroke="{INK}" stroke-width="1.5"/>')
    median = " ".join(f"{_num(px(m + 1))},{_num(py(v))}" for m, v in enumerate(p50))
    body.append(f'<polyline points="{median}" fill="none" stroke="{BRAND}" stroke-width="2.5">'
                f'<title>{_text(median_label)}</title></polyline>')
    gx = px(go_live_month)
    body.append(f'<line x1="{_num(gx)}" y1="{_num(top)}" x2="{_num(gx)}" y2="{_num(top + plot_h)}" '
                f'stroke="{ACCENT}" stroke-width="2" stroke-dasharray="6 4"/>')
    anchor = "start" if go_live_month < horizon * 0.7 else "end"
    offset = 6 if anchor == "start" else -6
    body.append(f'<text x="{_num(gx + offset)}" y="{_num(top + 14)}" text-anchor="{anchor}" font-size="12" '
                f'fill="{ACCENT}">{_text(go_live_label)}</text>')
    body.append(f'<rect x="{_num(left)}" y="{_num(top)}" width="{_num(plot_w)}" height="{_num(plot_h)}" '
                f'fill="none" stroke="{LINE}"/>')
    # Legend
    ly = top + plot_h + 66
    body.append(f'<rect x="{_num(left)}" y="{_num(ly - 10)}" width="18" height="12" fill="{BAND}"/>')
    body.append(f'<text x="{_num(left + 24)}" y="{_num(ly)}" font-size="12">{_text(band_label)}</text>')
    mx = left + plot_w / 2
    body.append(f'<line x1="{_num(mx)}" y1="{_num(ly - 4)}" x2="{_num(mx + 18)}" y2="{_num(ly - 4)}" '
                f'stroke="{BRAND}" stroke-width="2.5"/>')
    body.append(f'<text x="{_num(mx + 24)}" y="{_num(ly)}" font-size="12">{_text(median_label)}</text>')
    return _document(width, height, title, desc, body)


def _month_axis(
    horizon: int, x_of: Callable[[int], float], *, baseline: float, centre: float, label: str
) -> list[str]:
    """The month labels under a chart (every 3, 6, 12 or 24 months, by the horizon) and the axis title."""
    step = 24 if horizon > 72 else 12 if horizon > 24 else 6 if horizon > 12 else 3
    out = [
        f'<text x="{_num(x_of(month))}" y="{_num(baseline + 18)}" text-anchor="middle" '
        f'font-size="12" fill="{INK_SOFT}">{month}</text>'
        for month in range(0, horizon + 1, step)
    ]
    out.append(f'<text x="{_num(centre)}" y="{_num(baseline + 40)}" text-anchor="middle">{_text(label)}</text>')
    return out


def _two_lines(label: str) -> list[str]:
    """A label on at most two lines, split at the space nearest its middle."""
    if " " not in label.strip():
        return [label]
    middle = len(label) / 2
    cut = min((i for i, ch in enumerate(label) if ch == " "), key=lambda i: abs(i - middle))
    return [label[:cut], label[cut + 1:]]


def payback_svg(
    *,
    counts: Sequence[int],
    go_live_month: int,
    month_label: str,
    share_label: str,
    none_label: str,
    go_live_label: str,
    title: str,
    desc: str,
) -> str:
    """Histogram of the payback month: one bar per month 0..H (share of the simulations), then a
    separate bar for "no payback within the horizon". ``counts`` has H + 2 entries."""
    values = [int(c) for c in counts]
    horizon = len(values) - 2
    total = sum(values) or 1
    shares = [v / total for v in values]
    left, top, plot_w, plot_h = 56.0, 16.0, 560.0, 200.0
    gap = 24.0
    none_w = 40.0
    none_lines = _two_lines(none_label)
    # Room right of the bar for the longest line of its label (about 7 px a character at 12 px),
    # so "Niet terugverdiend" or "Keine Amortisation" is never cut off.
    label_half = max(len(line) for line in none_lines) * 7.0 / 2
    width = left + plot_w + gap + none_w / 2 + max(none_w / 2 + 32.0, label_half + 8.0)
    height = top + plot_h + 72.0
    peak = max(shares) or 1.0
    ticks = nice_ticks(0.0, peak, 4)
    y_hi = ticks[-1] or 1.0
    bar_w = plot_w / (horizon + 1)

    def py(share: float) -> float:
        return top + plot_h * (1 - share / y_hi)

    body: list[str] = []
    for tick in ticks:
        y = py(tick)
        body.append(f'<line x1="{_num(left)}" y1="{_num(y)}" x2="{_num(left + plot_w)}" y2="{_num(y)}" '
                    f'stroke="{LINE}"/>')
        body.append(f'<text x="{_num(left - 6)}" y="{_num(y + 4)}" text-anchor="end" font-size="12" '
                    f'fill="{INK_SOFT}">{_num(tick * 100)} %</text>')
    for month in range(horizon + 1):
        share = shares[month]
        if share <= 0:
            continue
        x = left + month * bar_w
        body.append(f'<rect x="{_num(x + 0.5)}" y="{_num(py(share))}" width="{_num(max(bar_w - 1, 0.5))}" '
                    f'height="{_num(top + plot_h - py(share))}" fill="{BRAND}"><title>{_text(month_label)} '
                    f'{month}: {_num(share * 100)} %</title></rect>')
    none_share = shares[-1]
    nx = left + plot_w + gap
    body.append(f'<rect x="{_num(nx)}" y="{_num(py(none_share))}" width="{_num(none_w)}" '
                f'height="{_num(top + plot_h - py(none_share))}" fill="{NEGATIVE}"><title>{_text(none_label)}: '
                f'{_num(none_share * 100)} %</title></rect>')
    for i, line in enumerate(none_lines):
        body.append(f'<text x="{_num(nx + none_w / 2)}" y="{_num(top + plot_h + 18 + 14 * i)}" '
                    f'text-anchor="middle" font-size="12" fill="{NEGATIVE}">{_text(line)}</text>')
    body.extend(_month_axis(horizon, lambda month: left + (month + 0.5) * bar_w, baseline=top + plot_h,
                            centre=left + plot_w / 2, label=month_label))
    body.append(f'<text transform="translate(14 {_num(top + plot_h / 2)}) rotate(-90)" text-anchor="middle" '
                f'font-size="12">{_text(share_label)}</text>')
    gx = left + go_live_month * bar_w
    body.append(f'<line x1="{_num(gx)}" y1="{_num(top)}" x2="{_num(gx)}" y2="{_num(top + plot_h)}" '
                f'stroke="{ACCENT}" stroke-width="2" stroke-dasharray="6 4"/>')
    body.append(f'<text x="{_num(gx + 6)}" y="{_num(top + 14)}" font-size="12" fill="{ACCENT}">'
                f'{_text(go_live_label)}</text>')
    body.append(f'<line x1="{_num(left)}" y1="{_num(top + plot_h)}" x2="{_num(left + plot_w)}" '
                f'y2="{_num(top + plot_h)}" stroke="{INK}"/>')
    return _document(width, height, title, desc, body)
