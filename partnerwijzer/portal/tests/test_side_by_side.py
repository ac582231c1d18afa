"""Issue 16, item 5: per questionnaire, one row per question and one column per firm, submitted
answers only, attachments by file name; printable; exported to XLSX (opened here with openpyxl)."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.urls import reverse

from partnerwijzer.portal import services
from partnerwijzer.portal.tests import builders as f
from tests.personas import Personas


@pytest.fixture
def setup(personas: Personas) -> f.PortalSetup:
    setup = f.make_portal(personas)
    for i, question in enumerate(setup.questions):
        services.answer_save(link=setup.link_a, question_id=question.pk, text=f"Acme answer {i}")
    services.answer_save(link=setup.link_a, question_id=setup.questions[1].pk, text="=HYPERLINK(\"x\")")
    services.upload_add(link=setup.link_a, stream=io.BytesIO(f.PDF_BYTES), filename="Acme proposal.pdf")
    services.submit(link=setup.link_a)
    # Beta writes but does not submit: no column for Beta.
    services.answer_save(link=setup.link_b, question_id=setup.questions[0].pk, text="Beta draft, not submitted")
    return setup


def page_url(setup: f.PortalSetup) -> str:
    return reverse("portal:side_by_side", args=[setup.selection.pk, setup.questionnaire.pk])


def xlsx_url(setup: f.PortalSetup) -> str:
    return reverse("documents:answers_xlsx", args=[setup.selection.pk, setup.questionnaire.pk])


@pytest.mark.parametrize("persona", ["viewer", "evaluator", "owner"])
def test_every_member_sees_submitted_answers_only(setup: f.PortalSetup, personas: Personas, persona: str) -> None:
    response = personas.client(persona).get(page_url(setup))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Acme answer 0" in html
    assert "Acme answer 2" in html
    assert "Acme proposal.pdf" in html
    assert "Beta Analytics" not in html
    assert "Beta draft" not in html
    assert html.count('data-question="') == len(setup.questions)
    assert "css/side-by-side.css" in html


def test_the_print_stylesheet_hides_the_navigation_in_landscape() -> None:
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "partnerwijzer" / "static" / "css" / "side-by-side.css").read_text()
    assert "@media print" in css
    assert "landscape" in css
    assert ".site-header" in css


def test_without_submissions_the_page_says_what_to_do(personas: Personas) -> None:
    setup = f.make_portal(personas)
    html = personas.client("viewer").get(page_url(setup)).content.decode()
    assert 'id="no-submissions"' in html


def test_the_xlsx_has_a_row_per_question_and_a_column_per_firm(setup: f.PortalSetup, personas: Personas) -> None:
    response = personas.client("evaluator").get(xlsx_url(setup))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert sheet.cell(row=1, column=1).value == setup.questionnaire.title
    assert [sheet.cell(row=4, column=c).value for c in (1, 2, 3)] == ["Criterion", "Question", "Acme AI"]
    assert sheet.cell(row=4, column=4).value is None  # Beta did not submit
    assert [sheet.cell(row=6 + k, column=2).value for k in range(3)] == [q.text for q in setup.questions]
    assert sheet.cell(row=6, column=3).value == "Acme answer 0"
    formula_like = sheet.cell(row=7, column=3)
    assert formula_like.value == "=HYPERLINK(\"x\")"
    assert formula_like.data_type == "s"
    assert sheet.cell(row=9, column=2).value == "Attachments"
    assert sheet.cell(row=9, column=3).value == "Acme proposal.pdf"


def test_another_organisation_gets_the_uniform_404(setup: f.PortalSetup, personas: Personas) -> None:
    outsider = personas.client("outsider")
    assert outsider.get(page_url(setup)).status_code == 404
    assert outsider.get(xlsx_url(setup)).status_code == 404


def test_the_api_gives_the_same_table(setup: f.PortalSetup, personas: Personas) -> None:
    response = personas.client("viewer").get(f"/api/v1/questionnaires/{setup.questionnaire.pk}/answers-side-by-side")
    assert response.status_code == 200
    body = response.json()
    assert [firm["name"] for firm in body["firms"]] == ["Acme AI"]
    assert [u["name"] for u in body["firms"][0]["uploads"]] == ["Acme proposal.pdf"]
    assert next(row["answers"] for row in body["rows"]) == ["Acme answer 0"]
    assert json.dumps(body).count("Beta") == 0
