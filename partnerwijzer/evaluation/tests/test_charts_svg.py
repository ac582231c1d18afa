"""The SVG charts are well-formed XML, escape user text, carry a title and description, and use
presentation attributes only (no ``style``, no scripts), so they pass the strict CSP."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from partnerwijzer.evaluation.ranking import charts

NS = "{http://www.w3.org/2000/svg}"
EVIL = '<script>alert("x")</script> & Söhne "B.V."'


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg.encode())  # noqa: S314 - our own output, parsed to check it
    assert root.tag == f"{NS}svg"
    return root


def _assert_safe(root: ET.Element) -> None:
    for element in root.iter():
        assert element.tag != f"{NS}script"
        assert element.tag != f"{NS}style"
        assert "style" not in element.attrib
        assert not any(k.startswith("on") for k in element.attrib)
        assert not any(k.endswith("href") for k in element.attrib)
    assert root.find(f"{NS}title") is not None
    assert root.find(f"{NS}desc") is not None
    assert root.get("role") == "img"


def _texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{NS}text")]


def _all_charts(name: str) -> dict[str, str]:
    return {
        "radar": charts.radar_svg(
            axes=[name, "Price", "Technology"], values=[4.5, 3.0, 2.0], reference=[3, 3, 3],
            reference_label="Average", series_label=name, title=f"Scores of {name}", desc=f"About {name}",
        ),
        "acceptability": charts.acceptability_svg(
            candidates=[name, "Beta"], acceptability=[[0.7, 0.3], [0.3, 0.7]], rank_label="Rank {rank}",
            title=f"Acceptability {name}", desc=f"{name} first in 70 %",
        ),
        "tornado": charts.tornado_svg(
            bars=[charts.TornadoBar(name, 0.2, 0.1, 0.35), charts.TornadoBar("Price", 0.3, 0.0, 1.0)],
            axis_label="Weight", title=f"Sensitivity {name}", desc=f"{name} is most sensitive",
        ),
    }


@pytest.mark.parametrize("kind", ["radar", "acceptability", "tornado"])
def test_chart_is_well_formed_and_escapes_names(kind: str) -> None:
    svg = _all_charts(EVIL)[kind]
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "&amp; Söhne" in svg
    root = _parse(svg)
    _assert_safe(root)
    # The parsed text is the original name again (possibly shortened with an ellipsis).
    title = root.find(f"{NS}title")
    assert title is not None
    assert EVIL in (title.text or "")
    assert any(t.startswith('<script>alert("x")') for t in _texts(root))


def test_radar_geometry() -> None:
    svg = charts.radar_svg(
        axes=["A", "B", "C", "D"], values=[5, 1, 3, 5], series_label="X", title="t", desc="d", scale=(1, 5)
    )
    root = _parse(svg)
    polygons = [p for p in root.iter(f"{NS}polygon") if p.get("fill") == charts.BRAND]
    (shape,) = polygons
    points = [tuple(float(v) for v in p.split(",")) for p in (shape.get("points") or "").split()]
    # centre (280, 200), radius 125; axis 0 points up, axis 1 right, ...
    assert points[0] == pytest.approx((280, 75))
    assert points[1] == pytest.approx((280, 200))  # score 1 sits in the centre
    assert points[2] == pytest.approx((280, 262.5), abs=0.01)  # 3 is half way, pointing down
    assert points[3] == pytest.approx((155, 200))


def test_acceptability_segments_add_up_to_the_full_bar() -> None:
    svg = charts.acceptability_svg(
        candidates=["A", "B", "C"], acceptability=[[0.5, 0.25, 0.25], [0.5, 0.5, 0], [0, 0.25, 0.75]],
        rank_label="Rank {rank}", title="t", desc="d",
    )
    root = _parse(svg)
    segments = [r for r in root.iter(f"{NS}rect") if r.find(f"{NS}title") is not None]
    assert len(segments) == 7  # zero shares draw nothing
    by_row: dict[str, float] = {}
    for r in segments:
        by_row[r.get("y") or ""] = by_row.get(r.get("y") or "", 0.0) + float(r.get("width") or 0)
    assert all(total == pytest.approx(500) for total in by_row.values())
    assert [s.get("fill") for s in segments[:3]] == [charts.rank_colour(r) for r in (1, 2, 3)]


def test_tornado_bar_spans_the_safe_range() -> None:
    svg = charts.tornado_svg(
        bars=[charts.TornadoBar("Price", 0.2, 0.1, 0.5)], axis_label="Weight", title="t", desc="d"
    )
    root = _parse(svg)
    (bar,) = [r for r in root.iter(f"{NS}rect") if r.find(f"{NS}title") is not None]
    assert float(bar.get("x") or 0) == pytest.approx(250 + 42)
    assert float(bar.get("width") or 0) == pytest.approx(420 * 0.4)


def test_long_radar_labels_wrap_on_two_lines() -> None:
    svg = charts.radar_svg(
        axes=["Industry expertise and understanding of your business model", "B", "C"], values=[3, 3, 3],
        series_label="X", title="t", desc="d",
    )
    root = _parse(svg)
    label = next(t for t in root.iter(f"{NS}text") if len(list(t)) > 1)
    lines = [span.text or "" for span in label]
    assert lines[0] == "Industry expertise"
    assert len(lines) == 2
    assert lines[1].endswith("…")


def test_rank_colours_run_out_gracefully() -> None:
    assert charts.rank_colour(1) == charts.RANK_COLOURS[0]
    assert charts.rank_colour(30) == charts.RANK_COLOURS[-1]
