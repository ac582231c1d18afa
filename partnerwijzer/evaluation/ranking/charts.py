"""Server-rendered SVG charts of the ranking: radar, rank acceptability (stacked bars), tornado.

The charts are served as images from their own URLs, so they work under the app's strict
Content-Security-Policy (no inline styles or scripts on the page) and can be embedded in PDF
reports as they are. Inside the SVG only presentation attributes are used, never ``style``.

Every function takes plain numbers and already-translated strings and returns a complete SVG
document. All text passes through :func:`_text` / :func:`_attr`, because candidate and criterion
names are user input. Each chart carries ``<title>`` and ``<desc>`` and ``role="img"``; the page
shows an accessible table beside it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from partnerwijzer.svg import INK, INK_SOFT
from partnerwijzer.svg import attr as _attr
from partnerwijzer.svg import document as _document
from partnerwijzer.svg import num as _num
from partnerwijzer.svg import text as _text

__all__ = ["TornadoBar", "acceptability_svg", "radar_svg", "rank_colour", "tornado_svg"]

LINE = "#d8dde4"
BRAND = "#1d4f91"
ACCENT = "#b26b00"
# Rank 1 darkest; a sequential blue scale that stays distinguishable in greyscale print.
# Ordered from dark to light with clear steps, so neighbouring ranks stay apart.
RANK_COLOURS = ("#12345f", "#2f6fb3", "#6fa3dc", "#a9c8ec", "#d3e1f6", "#e3ebf7", "#eef3fa", "#f5f8fc")


def rank_colour(rank: int) -> str:
    """Fill for rank ``rank`` (1-based); ranks beyond the palette reuse its lightest shade."""
    return RANK_COLOURS[min(rank, len(RANK_COLOURS)) - 1]


def _shorten(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _wrap(label: str, width: int, max_lines: int) -> list[str]:
    """Split a label into at most ``max_lines`` lines of about ``width`` characters (word breaks)."""
    lines: list[str] = []
    current = ""
    for word in label.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    return [_shorten(line, width + 2) for line in lines] or [""]


# --- Radar -------------------------------------------------------------------------------------------


def radar_svg(
    *,
    axes: Sequence[str],
    values: Sequence[float],
    reference: Sequence[float] | None = None,
    reference_label: str = "",
    series_label: str = "",
    title: str,
    desc: str,
    scale: tuple[float, float] = (1.0, 5.0),
) -> str:
    """One candidate's criterion scores on a radar, optionally over a dashed reference polygon.

    Axis ``k`` points up and turns clockwise; the centre is ``scale[0]``, the rim ``scale[1]``.
    Fewer than three axes still draw (a line or a point) but say little; the page's table says it.
    """
    width, height = 560.0, 420.0
    cx, cy, radius = width / 2, 200.0, 125.0
    lo, hi = scale
    n = len(axes)
    body: list[str] = []

    def point(k: int, v: float) -> tuple[float, float]:
        share = 0.0 if hi == lo else (min(max(v, lo), hi) - lo) / (hi - lo)
        angle = -math.pi / 2 + 2 * math.pi * k / max(n, 1)
        return cx + radius * share * math.cos(angle), cy + radius * share * math.sin(angle)

    steps = int(hi - lo) if float(hi - lo).is_integer() and hi - lo <= 10 else 4
    for s in range(1, steps + 1):
        level = lo + (hi - lo) * s / steps
        ring = " ".join(f"{_num(x)},{_num(y)}" for x, y in (point(k, level) for k in range(n)))
        if n >= 3:
            body.append(f'<polygon points="{ring}" fill="none" stroke="{LINE}" stroke-width="1"/>')
        body.append(
            f'<text x="{_num(cx + 4)}" y="{_num(cy - radius * s / steps + 4)}" font-size="10" '
            f'fill="{INK_SOFT}">{_text(_num(level))}</text>'
        )
    for k, label in enumerate(axes):
        x, y = point(k, hi)
        body.append(f'<line x1="{_num(cx)}" y1="{_num(cy)}" x2="{_num(x)}" y2="{_num(y)}" stroke="{LINE}"/>')
        lx, ly = point(k, hi + (hi - lo) * 0.1)
        anchor = "middle" if abs(lx - cx) < 8 else ("start" if lx > cx else "end")
        lines = _wrap(label, 20, 2)
        # Labels above the centre grow upwards, those below downwards, the rest around the point.
        if ly < cy - radius * 0.9:
            first = ly - 6 - 15 * (len(lines) - 1)
        elif ly > cy + radius * 0.9:
            first = ly + 14
        else:
            first = ly + 4 - 7.5 * (len(lines) - 1)
        spans = "".join(
            f'<tspan x="{_num(lx)}" y="{_num(first + 15 * n)}">{_text(line)}</tspan>' for n, line in enumerate(lines)
        )
        body.append(f'<text text-anchor="{anchor}" font-size="13">{spans}</text>')

    def polygon(vals: Sequence[float], **attrs: str) -> str:
        pts = " ".join(f"{_num(x)},{_num(y)}" for x, y in (point(k, v) for k, v in enumerate(vals)))
        extra = " ".join(f'{key.replace("_", "-")}="{_attr(val)}"' for key, val in attrs.items())
        return f'<polygon points="{pts}" {extra}/>'

    if reference is not None and len(reference) == n:
        body.append(polygon(reference, fill="none", stroke=ACCENT, stroke_width="2", stroke_dasharray="5 4"))
    if len(values) == n:
        body.append(polygon(values, fill=BRAND, fill_opacity="0.22", stroke=BRAND, stroke_width="2.5"))
        for k, v in enumerate(values):
            x, y = point(k, v)
            body.append(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="3.5" fill="{BRAND}"/>')
    # legend
    ly = height - 14
    body.append(f'<rect x="16" y="{_num(ly - 11)}" width="16" height="12" fill="{BRAND}" fill-opacity="0.5"/>')
    body.append(f'<text x="38" y="{_num(ly)}" font-size="13">{_text(_shorten(series_label, 34))}</text>')
    if reference is not None and reference_label:
        body.append(
            f'<line x1="290" y1="{_num(ly - 5)}" x2="314" y2="{_num(ly - 5)}" stroke="{ACCENT}" '
            'stroke-width="2" stroke-dasharray="5 4"/>'
        )
        body.append(f'<text x="320" y="{_num(ly)}" font-size="13">{_text(_shorten(reference_label, 34))}</text>')
    return _document(width, height, title, desc, body)


# --- Rank acceptability ----------------------------------------------------------------------------


def acceptability_svg(
    *,
    candidates: Sequence[str],
    acceptability: Sequence[Sequence[float]],
    rank_label: str,
    title: str,
    desc: str,
) -> str:
    """One horizontal 100 % bar per candidate, split by the share of simulations per rank.

    ``acceptability[i][r]`` is candidate i's share of rank r + 1; ``rank_label`` is a format
    string with ``{rank}`` for the legend ("Rank {rank}"). Segments of 8 % or more are labelled.
    """
    m = len(candidates)
    label_w, bar_w, row_h, top = 210.0, 500.0, 36.0, 16.0
    legend_h = 28.0 * math.ceil(m / 6) + 8
    width = label_w + bar_w + 24
    height = top + row_h * m + 30 + legend_h
    body: list[str] = []
    axis_y = top + m * row_h + 4
    for tick in (0, 25, 50, 75, 100):
        tx = label_w + bar_w * tick / 100
        body.append(f'<line x1="{_num(tx)}" y1="{_num(top)}" x2="{_num(tx)}" y2="{_num(axis_y)}" stroke="{LINE}"/>')
        body.append(
            f'<text x="{_num(tx)}" y="{_num(axis_y + 15)}" text-anchor="middle" font-size="12" '
            f'fill="{INK_SOFT}">{tick}%</text>'
        )
    for i, (name, row) in enumerate(zip(candidates, acceptability, strict=True)):
        y = top + i * row_h
        body.append(
            f'<text x="{_num(label_w - 10)}" y="{_num(y + row_h / 2 + 5)}" text-anchor="end" font-size="14">'
            f"{_text(_shorten(name, 26))}</text>"
        )
        x = label_w
        for r, share in enumerate(row):
            w = bar_w * max(share, 0.0)
            if w <= 0:
                continue
            fill = rank_colour(r + 1)
            body.append(
                f'<rect x="{_num(x)}" y="{_num(y + 5)}" width="{_num(w)}" height="{_num(row_h - 10)}" fill="{fill}">'
                f"<title>{_text(rank_label.format(rank=r + 1))}: {_text(_num(100 * share))} %</title></rect>"
            )
            if share >= 0.08:
                colour = "#ffffff" if r < 2 else INK
                # Name the rank with the share where there is room ("#2 35%"), so the label reads
                # without the legend.
                label = f"#{r + 1} {round(100 * share)}%" if share >= 0.14 else f"{round(100 * share)}%"
                body.append(
                    f'<text x="{_num(x + w / 2)}" y="{_num(y + row_h / 2 + 4)}" text-anchor="middle" '
                    f'font-size="12" fill="{colour}">{label}</text>'
                )
            x += w
    ly = axis_y + 38
    for r in range(m):
        col, line = r % 6, r // 6
        lx = label_w + col * 84
        yy = ly + line * 28
        body.append(f'<rect x="{_num(lx)}" y="{_num(yy - 11)}" width="14" height="14" fill="{rank_colour(r + 1)}"/>')
        legend = _text(rank_label.format(rank=r + 1))
        body.append(f'<text x="{_num(lx + 19)}" y="{_num(yy)}" font-size="13">{legend}</text>')
    return _document(width, height, title, desc, body)


# --- Tornado ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TornadoBar:
    """One criterion: its weight and the range of weights that keep the current winner (fractions)."""

    label: str
    weight: float
    low: float
    high: float


def tornado_svg(*, bars: Sequence[TornadoBar], axis_label: str, title: str, desc: str) -> str:
    """Per criterion, a bar over the weights (0–100 %) that keep the winner, with a tick at the set weight.

    Bars come in the order given (the most sensitive criterion first, so the narrowest bar is on
    top); outside a bar another candidate would win.
    """
    n = len(bars)
    label_w, plot_w, row_h, top = 250.0, 420.0, 36.0, 14.0
    width = label_w + plot_w + 30
    height = top + row_h * n + 56
    body: list[str] = []

    def xpos(share: float) -> float:
        return label_w + plot_w * min(max(share, 0.0), 1.0)

    axis_y = top + n * row_h + 2
    for tick in (0, 25, 50, 75, 100):
        tx = xpos(tick / 100)
        body.append(f'<line x1="{_num(tx)}" y1="{_num(top)}" x2="{_num(tx)}" y2="{_num(axis_y)}" stroke="{LINE}"/>')
        body.append(
            f'<text x="{_num(tx)}" y="{_num(axis_y + 15)}" text-anchor="middle" font-size="12" '
            f'fill="{INK_SOFT}">{tick}%</text>'
        )
    body.append(
        f'<text x="{_num(label_w + plot_w / 2)}" y="{_num(axis_y + 36)}" text-anchor="middle" font-size="13" '
        f'fill="{INK_SOFT}">{_text(axis_label)}</text>'
    )
    for i, bar in enumerate(bars):
        y = top + i * row_h
        body.append(
            f'<text x="{_num(label_w - 10)}" y="{_num(y + row_h / 2 + 5)}" text-anchor="end" font-size="14">'
            f"{_text(_shorten(bar.label, 28))}</text>"
        )
        x0, x1 = xpos(bar.low), xpos(bar.high)
        body.append(
            f'<rect x="{_num(x0)}" y="{_num(y + 7)}" width="{_num(max(x1 - x0, 1.5))}" height="{_num(row_h - 14)}" '
            f'fill="#8aafe0"><title>{_text(bar.label)}: {_text(_num(100 * bar.low))}–{_text(_num(100 * bar.high))} %'
            "</title></rect>"
        )
        wx = xpos(bar.weight)
        body.append(
            f'<line x1="{_num(wx)}" y1="{_num(y + 3)}" x2="{_num(wx)}" y2="{_num(y + row_h - 3)}" '
            f'stroke="{INK}" stroke-width="3"/>'
        )
    return _document(width, height, title, desc, body)
