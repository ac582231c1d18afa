"""The results page's server-rendered charts: one per KPI (baseline, target, measurements, trend
with its band, the estimated date for the target) and the budget burn against the estimate's
P10/P50/P90 band. Pure drawing: the numbers and the translated words come from the view."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from partnerwijzer import svg

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 24, 44
BLUE, GREEN, RED, GREY, BAND = "#1d4ed8", "#15803d", "#b91c1c", "#6b7280", "#bfdbfe"


@dataclass(frozen=True)
class KpiSeries:
    start: date
    end: date
    baseline: float | None
    target: float | None
    target_date: date | None
    points: Sequence[tuple[date, float]]
    trend: Sequence[tuple[date, float, float, float]]
    """(day, mid, low, high) along the trend; empty without enough data."""
    reached: date | None


@dataclass(frozen=True)
class Words:
    title: str
    desc: str
    baseline: str = ""
    target: str = ""
    measured: str = ""
    trend: str = ""
    reached: str = ""


class _Scale:
    def __init__(self, start: date, end: date, low: float, high: float) -> None:
        if high <= low:
            high, low = low + 1, low - 1
        pad = (high - low) * 0.08
        self.low, self.high = low - pad, high + pad
        self.start, self.days = start, max((end - start).days, 1)

    def x(self, day: date) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (day - self.start).days / self.days

    def y(self, value: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (self.high - value) / (self.high - self.low)


def _axes(scale: _Scale, label: Callable[[float], str], month: Callable[[date], str]) -> list[str]:
    body = [f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="{GREY}"/>']
    for i in range(5):
        value = scale.low + (scale.high - scale.low) * i / 4
        y = svg.num(scale.y(value))
        body.append(f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="#e5e7eb"/>')
        body.append(f'<text x="{LEFT - 6}" y="{y}" text-anchor="end" dominant-baseline="middle" font-size="11" '
                    f'fill="{svg.INK_SOFT}">{svg.text(label(value))}</text>')
    ticks = (scale.start, date.fromordinal(scale.start.toordinal() + scale.days // 2),
             date.fromordinal(scale.start.toordinal() + scale.days))
    for tick, anchor in zip(ticks, ("start", "middle", "end"), strict=True):
        body.append(f'<text x="{svg.num(scale.x(tick))}" y="{HEIGHT - BOTTOM + 16}" text-anchor="{anchor}" '
                    f'font-size="11" fill="{svg.INK_SOFT}">{svg.text(month(tick))}</text>')
    return body


def _legend(items: list[tuple[str, str, str]]) -> list[str]:
    body: list[str] = []
    x: float = LEFT
    for colour, dash, label in items:
        if not label:
            continue
        body.append(f'<line x1="{x}" y1="{HEIGHT - 10}" x2="{x + 18}" y2="{HEIGHT - 10}" stroke="{colour}" '
                    f'stroke-width="3"{dash}/>')
        body.append(f'<text x="{x + 22}" y="{HEIGHT - 6}" font-size="11">{svg.text(label)}</text>')
        x += 30 + 6.2 * len(label)
    return body


def _kpi_range(series: KpiSeries) -> tuple[float, float]:
    """The value range to draw: the measurements, baseline and target, widened to show the trend
    line near them; a band far into the future is cut at the frame rather than squashing the rest."""
    core = [v for _d, v in series.points] + [v for v in (series.baseline, series.target) if v is not None]
    if not core:
        core = [m for _d, m, _l, _h in series.trend] or [0.0, 1.0]
    low, high = min(core), max(core)
    span = max(high - low, abs(high) * 0.1, 1e-9)
    mids = [m for _d, m, _l, _h in series.trend]
    low = max(min([low, *mids]), low - span * 0.5)
    high = min(max([high, *mids]), high + span * 0.5)
    return low, high


def kpi_chart_svg(series: KpiSeries, words: Words, *, label: Callable[[float], str],
                  month: Callable[[date], str]) -> str:
    scale = _Scale(series.start, series.end, *_kpi_range(series))
    body = _axes(scale, label, month)
    body.append(f'<clipPath id="plot"><rect x="{LEFT}" y="{TOP}" width="{WIDTH - LEFT - RIGHT}" '
                f'height="{HEIGHT - TOP - BOTTOM}"/></clipPath><g clip-path="url(#plot)">')
    if series.trend:
        upper = [f"{svg.num(scale.x(d))},{svg.num(scale.y(h))}" for d, _m, _l, h in series.trend]
        lower = [f"{svg.num(scale.x(d))},{svg.num(scale.y(lo))}" for d, _m, lo, _h in reversed(series.trend)]
        body.append(f'<polygon points="{" ".join(upper + lower)}" fill="{BAND}" fill-opacity="0.6" '
                    'class="trend-band"/>')
        mid = " ".join(f"{svg.num(scale.x(d))},{svg.num(scale.y(m))}" for d, m, _l, _h in series.trend)
        body.append(f'<polyline points="{mid}" fill="none" stroke="{BLUE}" stroke-width="2" stroke-dasharray="6 4" '
                    f'class="trend"/>')
    body.append("</g>")
    if series.baseline is not None:
        y = svg.num(scale.y(series.baseline))
        body.append(f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="{GREY}" stroke-width="2" '
                    f'stroke-dasharray="2 3" class="baseline"/>')
    if series.target is not None:
        y = svg.num(scale.y(series.target))
        body.append(f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="{GREEN}" stroke-width="2" '
                    f'class="target"/>')
        if series.target_date is not None and series.start <= series.target_date <= series.end:
            body.append(f'<circle cx="{svg.num(scale.x(series.target_date))}" cy="{y}" r="6" fill="none" '
                        f'stroke="{GREEN}" stroke-width="2" class="target-date"/>')
    if series.reached is not None and series.start <= series.reached <= series.end:
        x = svg.num(scale.x(series.reached))
        body.append(f'<line x1="{x}" y1="{TOP}" x2="{x}" y2="{HEIGHT - BOTTOM}" stroke="{BLUE}" '
                    f'stroke-dasharray="3 3" class="reached"/>')
    for day, value in series.points:
        body.append(f'<circle cx="{svg.num(scale.x(day))}" cy="{svg.num(scale.y(value))}" r="4" fill="{BLUE}" '
                    f'class="measurement"/>')
    body += _legend([(GREY, ' stroke-dasharray="2 3"', words.baseline), (GREEN, "", words.target),
                     (BLUE, "", words.measured), (BLUE, ' stroke-dasharray="6 4"', words.trend)])
    return svg.document(WIDTH, HEIGHT, words.title, words.desc, body)


@dataclass(frozen=True)
class BurnSeries:
    months: Sequence[date]
    p10: Sequence[float]
    p50: Sequence[float]
    p90: Sequence[float]
    actual: Sequence[float]
    """Cumulative actuals for the months up to now (may be shorter than ``months``)."""


def burn_chart_svg(series: BurnSeries, words: Words, *, label: Callable[[float], str],
                   month: Callable[[date], str]) -> str:
    top = max([*series.p90, *series.actual, 1.0])
    end = series.months[-1] if series.months else date.today()
    start = series.months[0] if series.months else end
    scale = _Scale(start, end, 0.0, top)
    scale.low = 0.0
    body = _axes(scale, label, month)
    if series.months:
        upper = [f"{svg.num(scale.x(m))},{svg.num(scale.y(v))}"
                 for m, v in zip(series.months, series.p90, strict=True)]
        lower = [f"{svg.num(scale.x(m))},{svg.num(scale.y(v))}"
                 for m, v in reversed(list(zip(series.months, series.p10, strict=True)))]
        body.append(f'<polygon points="{" ".join(upper + lower)}" fill="{BAND}" fill-opacity="0.6" class="burn-band"/>')
        mid = " ".join(f"{svg.num(scale.x(m))},{svg.num(scale.y(v))}" for m, v in zip(series.months, series.p50,
                                                                                          strict=True))
        body.append(f'<polyline points="{mid}" fill="none" stroke="{GREY}" stroke-width="2" stroke-dasharray="6 4" '
                    f'class="burn-p50"/>')
    if series.actual:
        points = list(zip(series.months, series.actual, strict=False))
        line = " ".join(f"{svg.num(scale.x(m))},{svg.num(scale.y(v))}" for m, v in points)
        body.append(f'<polyline points="{line}" fill="none" stroke="{RED}" stroke-width="2.5" class="burn-actual"/>')
        for m, v in points:
            body.append(f'<circle cx="{svg.num(scale.x(m))}" cy="{svg.num(scale.y(v))}" r="3.5" fill="{RED}"/>')
    body += _legend([(BAND, "", words.target), (GREY, ' stroke-dasharray="6 4"', words.baseline),
                     (RED, "", words.measured)])
    return svg.document(WIDTH, HEIGHT, words.title, words.desc, body)
