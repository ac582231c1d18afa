"""The prioritisation matrix: a server-rendered SVG, served as an image from its own URL.

Like ``evaluation/ranking/charts.py``: it works under the strict Content-Security-Policy (no inline
styles or scripts), uses presentation attributes only, and escapes every text, because use-case
titles are user input. The chart carries ``<title>`` and ``<desc>``; the page shows the ranked
list as an accessible table beside it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from partnerwijzer.svg import FONT, INK, INK_SOFT
from partnerwijzer.svg import attr as _attr
from partnerwijzer.svg import num as _num
from partnerwijzer.svg import text as _text

__all__ = ["MatrixPoint", "priority_matrix_svg"]

LINE = "#b9c1cc"
BRAND = "#1d4f91"
ACCENT = "#b26b00"
# Quadrant fills: do first (green), plan (blue), extra (grey), reconsider (warm); light enough for labels.
QUADRANT_FILLS = {"do_first": "#e6f4ec", "plan": "#e8f0fb", "extra": "#f2f4f7", "reconsider": "#fff4dc"}


@dataclass(frozen=True, slots=True)
class MatrixPoint:
    """One scored use case: its place in the ranking, title and scores (1–5)."""

    position: int
    label: str
    impact: int
    feasibility: int
    lighthouse: bool = False


def _shorten(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def priority_matrix_svg(
    *,
    points: Sequence[MatrixPoint],
    quadrant_labels: dict[str, str],
    x_label: str,
    y_label: str,
    lighthouse_label: str,
    title: str,
    desc: str,
) -> str:
    """Feasibility (x, 1–5) against business impact (y, 1–5), split into quadrants between 2 and 3
    (scores from 3 up count as high, as in ``selectors.quadrant``).

    Each use case is a numbered dot (its place in the ranking) with its title beside it; use
    cases on the same spot are spread on a small circle so none hides another. The lighthouse
    candidate has a ring. ``quadrant_labels`` maps ``do_first``, ``plan``, ``extra`` and
    ``reconsider`` to short texts.
    """
    left, top, size = 64.0, 16.0, 400.0
    width, height = left + size + 176.0, top + size + 84.0
    lo, hi, mid = 0.5, 5.5, 2.5

    def px(feasibility: float) -> float:
        return left + size * (feasibility - lo) / (hi - lo)

    def py(impact: float) -> float:
        return top + size * (hi - impact) / (hi - lo)

    body: list[str] = []
    cx, cy = px(mid), py(mid)
    quads = [
        ("plan", left, top, cx - left, cy - top),
        ("do_first", cx, top, left + size - cx, cy - top),
        ("reconsider", left, cy, cx - left, top + size - cy),
        ("extra", cx, cy, left + size - cx, top + size - cy),
    ]
    for key, x, y, w, h in quads:
        body.append(
            f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" fill="{QUADRANT_FILLS[key]}"/>'
        )
        label = _shorten(quadrant_labels.get(key, ""), 30)
        anchor_x = x + 8 if key in ("plan", "reconsider") else x + w - 8
        anchor = "start" if key in ("plan", "reconsider") else "end"
        label_y = y + 18 if key in ("plan", "do_first") else y + h - 10
        body.append(
            f'<text x="{_num(anchor_x)}" y="{_num(label_y)}" text-anchor="{anchor}" font-size="12" '
            f'fill="{INK_SOFT}">{_text(label)}</text>'
        )
    body.append(
        f'<rect x="{_num(left)}" y="{_num(top)}" width="{_num(size)}" height="{_num(size)}" fill="none" '
        f'stroke="{LINE}"/>'
    )
    dash = f'stroke="{LINE}" stroke-dasharray="4 4"'
    body.append(f'<line x1="{_num(cx)}" y1="{_num(top)}" x2="{_num(cx)}" y2="{_num(top + size)}" {dash}/>')
    body.append(f'<line x1="{_num(left)}" y1="{_num(cy)}" x2="{_num(left + size)}" y2="{_num(cy)}" {dash}/>')
    for tick in range(1, 6):
        body.append(
            f'<text x="{_num(px(tick))}" y="{_num(top + size + 18)}" text-anchor="middle" font-size="12" '
            f'fill="{INK_SOFT}">{tick}</text>'
        )
        body.append(
            f'<text x="{_num(left - 10)}" y="{_num(py(tick) + 4)}" text-anchor="end" font-size="12" '
            f'fill="{INK_SOFT}">{tick}</text>'
        )
    body.append(
        f'<text x="{_num(left + size / 2)}" y="{_num(top + size + 42)}" text-anchor="middle" font-size="13">'
        f"{_text(x_label)} →</text>"
    )
    body.append(
        f'<text transform="translate({_num(left - 36)} {_num(top + size / 2)}) rotate(-90)" text-anchor="middle" '
        f'font-size="13">{_text(y_label)} →</text>'
    )

    spots: dict[tuple[int, int], list[MatrixPoint]] = {}
    for point in points:
        spots.setdefault((point.feasibility, point.impact), []).append(point)
    for (feasibility, impact), group in spots.items():
        for index, point in enumerate(group):
            x, y = px(feasibility), py(impact)
            if len(group) > 1:
                angle = -math.pi / 2 + 2 * math.pi * index / len(group)
                spread = 16.0 if len(group) <= 4 else 24.0
                x, y = x + spread * math.cos(angle), y + spread * math.sin(angle)
            if point.lighthouse:
                body.append(
                    f'<circle cx="{_num(x)}" cy="{_num(y)}" r="17" fill="none" stroke="{ACCENT}" stroke-width="3"/>'
                )
            body.append(
                f'<circle cx="{_num(x)}" cy="{_num(y)}" r="12" fill="{BRAND}"><title>{_text(point.label)}: '
                f"{_text(y_label)} {point.impact}, {_text(x_label)} {point.feasibility}</title></circle>"
            )
            body.append(
                f'<text x="{_num(x)}" y="{_num(y + 4.5)}" text-anchor="middle" font-size="12" font-weight="700" '
                f'fill="#ffffff">{point.position}</text>'
            )
            if len(group) == 1:
                right = feasibility < 4
                lx = x + 20 if right else x - 20
                body.append(
                    f'<text x="{_num(lx)}" y="{_num(y + 4.5)}" text-anchor="{"start" if right else "end"}" '
                    f'font-size="12">{_text(_shorten(point.label, 24))}</text>'
                )
    # Legend: numbers refer to the ranked list; the ring marks the lighthouse candidate.
    ly = top + size + 68
    body.append(
        f'<circle cx="{_num(left + 8)}" cy="{_num(ly - 4)}" r="8" fill="none" stroke="{ACCENT}" stroke-width="3"/>'
    )
    legend = _text(_shorten(lighthouse_label, 80))
    body.append(f'<text x="{_num(left + 24)}" y="{_num(ly)}" font-size="12">{legend}</text>')
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_num(width)} {_num(height)}" '
        f'width="{_num(width)}" height="{_num(height)}" role="img" aria-labelledby="chart-title chart-desc" '
        f'font-family="{_attr(FONT)}" font-size="13" fill="{INK}">'
        f'<title id="chart-title">{_text(title)}</title><desc id="chart-desc">{_text(desc)}</desc>'
        f'<rect x="0" y="0" width="{_num(width)}" height="{_num(height)}" fill="#ffffff"/>'
    )
    return head + "".join(body) + "</svg>\n"
