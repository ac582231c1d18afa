"""The prioritisation matrix SVG: well-formed, escaped, one dot per scored use case."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from django.urls import reverse

from partnerwijzer.planning.usecases.charts import MatrixPoint, priority_matrix_svg
from partnerwijzer.planning.usecases.services import lighthouse_set, priority_set, use_case_create
from tests.personas import Personas

NS = "{http://www.w3.org/2000/svg}"
XSS = '<script>alert("x")</script> & "quotes"'
LABELS = {"do_first": "Do first", "plan": "Plan", "extra": "Extra", "reconsider": "Reconsider"}


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode())  # noqa: S314 - our own output, parsed to check it


def _svg(points: list[MatrixPoint]) -> str:
    return priority_matrix_svg(
        points=points, quadrant_labels=LABELS, x_label="Feasibility", y_label="Impact & <value>",
        lighthouse_label="Ring: lighthouse", title="Matrix <1>", desc='Desc "2"',
    )


def test_svg_is_well_formed_and_escaped() -> None:
    svg = _svg([MatrixPoint(1, XSS, 5, 4, lighthouse=True), MatrixPoint(2, "Quotes", 3, 2)])
    root = _parse(svg)
    assert root.tag == f"{NS}svg"
    assert root.find(f"{NS}title").text == "Matrix <1>"  # type: ignore[union-attr]
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    circles = root.findall(f".//{NS}circle")
    assert len([c for c in circles if c.get("r") == "12"]) == 2
    assert len([c for c in circles if c.get("r") == "17"]) == 1  # the lighthouse ring
    assert "style=" not in svg


def test_points_on_the_same_spot_do_not_hide_each_other() -> None:
    svg = _svg([MatrixPoint(1, "A", 3, 3), MatrixPoint(2, "B", 3, 3)])
    root = _parse(svg)
    dots = [(c.get("cx"), c.get("cy")) for c in root.findall(f".//{NS}circle") if c.get("r") == "12"]
    assert len(set(dots)) == 2


def test_an_empty_matrix_still_draws() -> None:
    _parse(_svg([]))


def test_chart_view_serves_the_organisations_use_cases(personas: Personas) -> None:
    mine = use_case_create(actor=personas.owner, organisation=personas.organisation, title=XSS)
    priority_set(actor=personas.owner, use_case=mine, impact=4, feasibility=4)
    lighthouse_set(actor=personas.owner, use_case=mine)
    theirs = use_case_create(actor=personas.outsider, organisation=personas.other_organisation, title="Fremd")
    priority_set(actor=personas.outsider, use_case=theirs, impact=2, feasibility=2)
    response = personas.client("viewer").get(reverse("planning:priority_chart"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response["Cache-Control"] == "private, no-cache"
    svg = response.content.decode()
    _parse(svg)
    assert "Fremd" not in svg
    assert "&lt;script&gt;" in svg
    assert "<script>" not in svg
