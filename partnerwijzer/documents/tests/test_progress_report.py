"""The progress report of a project (issue 13): downloaded from the results page as PDF and DOCX,
opened and checked for the KPIs, gate decisions, cost against the estimate, realised return and
next steps, in the reader's language."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader

from partnerwijzer.budget.models import Budget
from partnerwijzer.results import services
from partnerwijzer.results.models import PhaseKey, Project
from partnerwijzer.results.tests.conftest import *  # noqa: F403 - the results fixtures (project, budget, ...)
from partnerwijzer.results.tests.conftest import kpi
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _seed(project: Project, personas: Personas) -> None:
    time = kpi(project.use_case, "Processing time")
    for day, value in ((date(2026, 2, 1), "11"), (date(2026, 3, 1), "9.5"), (date(2026, 4, 1), "8")):
        services.measurement_add(actor=personas.owner, row=services.MeasurementInput(time, day, Decimal(value)))
    gate = project.phases.get(key=PhaseKey.ANALYSIS).gate
    services.gate_decide(actor=personas.owner, gate=gate, outcome="go", rationale="Analyse afgerond.",
                         decided_on=date(2026, 2, 2))
    services.actual_cost_set(actor=personas.owner, project=project, category="development",
                             categories=["development"], month=date(2026, 2, 1), amount=Decimal(9000))


def test_the_results_page_links_the_report_and_the_pdf_holds_its_chapters(personas: Personas, project: Project,
                                                                           budget: Budget) -> None:
    _seed(project, personas)
    client = personas.client("viewer")
    page = client.get(reverse("results:project", args=[project.pk]), HTTP_ACCEPT_LANGUAGE="nl")
    url = reverse("documents:progress_report", kwargs={"project_id": project.pk, "fmt": "pdf"})
    assert url in page.content.decode()
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="nl")
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = _squash("\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(response.content)).pages))
    for expected in ("Voortgangsrapport", "Processing time", "Analyse afgerond.", "Acme AI"):
        assert expected in text, expected


def test_the_docx_report_has_every_section(personas: Personas, project: Project, budget: Budget) -> None:
    _seed(project, personas)
    url = reverse("documents:progress_report", kwargs={"project_id": project.pk, "fmt": "docx"})
    response = personas.client("owner").get(url)  # the organisation's language: Dutch
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = " ".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    for heading in ("KPI's tegenover nulmeting en doel", "Fasen en besluiten bij de beslismomenten",
                    "Werkelijke tegenover geschatte kosten", "Gerealiseerd rendement", "Volgende stappen"):
        assert heading in text, heading
    assert "Processing time" in cells
    assert "Go (" in cells


def test_unknown_format_and_other_organisations_are_404(personas: Personas, project: Project) -> None:
    url = reverse("documents:progress_report", kwargs={"project_id": project.pk, "fmt": "exe"})
    assert personas.client("owner").get(url).status_code == 404
    url = reverse("documents:progress_report", kwargs={"project_id": project.pk, "fmt": "pdf"})
    assert personas.client("outsider").get(url).status_code == 404


def test_the_report_sets_the_partner_reviews_beside_the_selection(personas: Personas, project: Project,
                                                                  budget: Budget) -> None:
    url = reverse("documents:progress_report", kwargs={"project_id": project.pk, "fmt": "docx"})
    before = docx.Document(io.BytesIO(personas.client("owner").get(url).content))
    assert "Nog geen beoordeling van de partner." in "\n".join(p.text for p in before.paragraphs)
    services.partner_review_set(actor=personas.owner, project=project, period=date(2026, 5, 1),
                                scores={"delivery": 2, "quality": 4, "communication": 5, "knowledge_transfer": 3})
    document = docx.Document(io.BytesIO(personas.client("owner").get(url).content))
    text = "\n".join(p.text for p in document.paragraphs)
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert "Prestaties van de partner" in text
    assert "mei 2026" in text
    assert ["Levering volgens plan", "–", "2", "2,0"] in rows
