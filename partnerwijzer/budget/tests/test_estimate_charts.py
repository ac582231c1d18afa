"""The cost-range chart on its own: ticks that fit the data, labels wrapped over two lines."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

import pytest

from partnerwijzer.budget.estimate.charts import RangeBar, cost_range_svg, nice_ticks

NS = "{http://www.w3.org/2000/svg}"
LONG = "Technical implementation and integration into existing systems"


@pytest.mark.parametrize(
    ("maximum", "ticks"),
    [
        (80_000, (0, 20_000, 40_000, 60_000, 80_000)),  # was 0-100,000: 20 % of the width unused
        (61_200, (0, 25_000, 50_000, 75_000)),  # was 0-100,000: 39 % unused
        (81_600, (0, 20_000, 40_000, 60_000, 80_000, 100_000)),
        (45_000, (0, 10_000, 20_000, 30_000, 40_000, 50_000)),
        (123_456, (0, 25_000, 50_000, 75_000, 100_000, 125_000)),
        (2_500.5, (0, 1_000, 2_000, 3_000)),
        (999, (0, 200, 400, 600, 800, 1_000)),
        (7, (0, 2, 4, 6, 8)),  # whole euros: no step of 2.50
        (0.3, (0, 1)),
        (0, (0, 1)),
        (float("nan"), (0, 1)),
    ],
)
def test_ticks_are_nice_and_fit_the_data(maximum: float, ticks: tuple[float, ...]) -> None:
    assert nice_ticks(maximum) == ticks


@pytest.mark.parametrize("maximum", [1, 3, 9.99, 10, 11, 99, 101, 1_234, 38_000, 80_001, 250_000, 7_654_321])
def test_ticks_reach_the_maximum_with_at_most_six_nice_steps(maximum: float) -> None:
    ticks = nice_ticks(maximum)
    steps = {b - a for a, b in itertools.pairwise(ticks)}
    assert ticks[0] == 0
    assert ticks[-1] >= maximum
    assert 2 <= len(ticks) <= 6
    assert len(steps) == 1
    step = steps.pop()
    while step >= 10:
        step /= 10
    assert step in {1, 2, 2.5, 5}
    # Tight: one step less would not reach the maximum.
    assert ticks[-2] < maximum


def _svg(*bars: RangeBar) -> ET.Element:
    svg = cost_range_svg(bars=bars, money=lambda v: f"€{v:,.0f}", title="Costs", desc="Ranges",
                         legend_range="Bar", legend_median="Mark", legend_reference="Band")
    assert "style=" not in svg
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to check it is well-formed


def _axis(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{NS}text") if (t.text or "").startswith("€")]


def test_axis_ends_at_the_nice_tick_above_the_largest_value() -> None:
    root = _svg(RangeBar("Data", 30_000, 50_000, 76_000, (40_000, 80_000)), RangeBar("Model", 5_000, 8_000, 12_000))
    assert _axis(root) == ["€0", "€20,000", "€40,000", "€60,000", "€80,000"]


def _label(root: ET.Element, start: str) -> ET.Element:
    return next(t for t in root.iter(f"{NS}text") if "".join(t.itertext()).startswith(start))


def test_long_label_wraps_over_two_lines_without_cutting() -> None:
    label = _label(_svg(RangeBar(LONG, 1, 2, 3)), "Technical")
    lines = [span.text for span in label.iter(f"{NS}tspan")]
    assert lines == ["Technical implementation and", "integration into existing systems"]
    assert label.find(f"{NS}title") is None  # nothing hidden
    assert len({span.get("y") for span in label.iter(f"{NS}tspan")}) == 2


def test_short_label_is_one_line() -> None:
    label = _label(_svg(RangeBar("Data", 1, 2, 3)), "Data")
    assert [span.text for span in label.iter(f"{NS}tspan")] == ["Data"]


def test_label_beyond_two_lines_is_cut_with_the_full_text_in_a_title() -> None:
    text = LONG + " plus the training of all staff in three plants <&> the ERP (per year)"
    label = _label(_svg(RangeBar(text, 1, 2, 3)), "Technical")
    lines = [span.text or "" for span in label.iter(f"{NS}tspan")]
    assert len(lines) == 2
    assert lines[1].endswith("…")
    assert all(len(line) <= 38 for line in lines)
    title = label.find(f"{NS}title")
    assert title is not None
    assert title.text == text  # escaped in the SVG, whole again once parsed
