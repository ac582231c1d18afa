"""The return charts are valid SVG documents, escape every text and carry title and description."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from partnerwijzer.budget.returns.charts import cashflow_svg, empty_svg, nice_ticks, payback_svg

SVG = "{http://www.w3.org/2000/svg}"
EVIL = '<script>alert("x")</script> & “quotes”'


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg.encode())  # noqa: S314 - our own output, parsed to check it
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-title chart-desc"
    assert "style" not in svg
    assert "<script" not in svg
    return root


def _cashflow(**changes: object) -> str:
    band = [[-12_000 + 1_000 * m for m in range(1, 37)], [-12_000 + 2_000 * m for m in range(1, 37)],
            [-12_000 + 3_000 * m for m in range(1, 37)]]
    args: dict[str, object] = {
        "band": band, "go_live_month": 6, "money": lambda v: f"€ {v:,.0f}", "month_label": "Months",
        "band_label": "P10–P90", "median_label": "Median", "go_live_label": "Go-live", "title": "Cash flow",
        "desc": "Cumulative cash flow",
    }
    args.update(changes)
    return cashflow_svg(**args)  # type: ignore[arg-type]


def test_cashflow_chart_has_band_median_zero_line_and_go_live() -> None:
    root = _parse(_cashflow())
    assert root.find(f"{SVG}title").text == "Cash flow"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == "Cumulative cash flow"  # type: ignore[union-attr]
    polygon = root.find(f"{SVG}polygon")
    assert polygon is not None
    assert len(polygon.get("points", "").split()) == 72
    polyline = root.find(f"{SVG}polyline")
    assert polyline is not None
    assert len(polyline.get("points", "").split()) == 36
    dashed = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert len(dashed) == 1  # the go-live marker
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "Go-live" in labels
    assert "€ 0" in labels


def test_cashflow_texts_are_escaped() -> None:
    svg = _cashflow(title=EVIL, desc=EVIL, go_live_label=EVIL, median_label=EVIL, money=lambda v: EVIL)
    root = _parse(svg)
    assert root.find(f"{SVG}title").text == EVIL  # type: ignore[union-attr]
    assert "&lt;script&gt;" in svg


def test_payback_histogram_has_one_bar_per_month_with_payback_and_a_no_payback_bar() -> None:
    counts = [0] * 38  # horizon 36: months 0..36 and "no payback"
    counts[10], counts[12], counts[37] = 50, 30, 20
    root = _parse(payback_svg(
        counts=counts, go_live_month=6, month_label="Month", share_label="Share", none_label="No payback",
        go_live_label="Go-live", title="Payback", desc="Payback per month",
    ))
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    titles = [r.find(f"{SVG}title").text for r in bars]  # type: ignore[union-attr]
    assert titles == ["Month 10: 50 %", "Month 12: 30 %", "No payback: 20 %"]
    heights = [float(r.get("height", "0")) for r in bars]
    assert heights[0] > heights[1] > heights[2] > 0


def test_payback_histogram_escapes_labels() -> None:
    svg = payback_svg(counts=[1, 0, 0, 0], go_live_month=0, month_label=EVIL, share_label=EVIL, none_label=EVIL,
                      go_live_label=EVIL, title=EVIL, desc=EVIL)
    _parse(svg)
    assert "<script>" not in svg


def test_empty_chart_says_why() -> None:
    root = _parse(empty_svg(message="No costs yet <b>", title="Cash flow"))
    assert [t.text for t in root.iter(f"{SVG}text")] == ["No costs yet <b>"]


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 100, [0, 20, 40, 60, 80, 100]),
        (-12_000, 60_000, [-20_000, 0, 20_000, 40_000, 60_000]),
        (0, 0, [0, 0.2, 0.4, 0.6, 0.8, 1]),
    ],
)
def test_nice_ticks(low: float, high: float, expected: list[float]) -> None:
    assert nice_ticks(low, high) == pytest.approx(expected)
