"""Issue 7, "Done when": the generated DOCX, PDF and XLSX are opened as files and hold the
company's own content in the chosen language; a rendered page of the decision report is kept as
a PNG in test-artifacts/.

The demo organisation (Dutch, with its preferred partner and contract checklist) goes through
the real builders and renderers, in Dutch and in German.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import docx
import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from pypdf import PdfReader

from partnerwijzer.accounts.models import User
from partnerwijzer.contract.models import PartnerDecision
from partnerwijzer.demo import DEMO_MAINTENANCE, DEMO_ORGANISATION, DEMO_OWNER_EMAIL, DEMO_SELECTION, demo_seed
from partnerwijzer.documents.decision_report import build_decision_report
from partnerwijzer.documents.questionnaire_documents import build_questionnaire
from partnerwijzer.documents.render_docx import render_docx
from partnerwijzer.documents.render_pdf import render_pdf
from partnerwijzer.documents.scoring_matrix import build_scoring_matrix
from partnerwijzer.knowledge.loader import criterion
from partnerwijzer.questionnaires.models import Questionnaire, QuestionnaireKind
from partnerwijzer.questionnaires.services import questionnaire_create
from partnerwijzer.sourcing.models import Selection

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _letters(text: str) -> str:
    return re.sub(r"[\s\-\u00ad]", "", text)


def _docx_text(data: bytes) -> str:
    doc = docx.Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return _squash("\n".join(parts))


def _pdf_text(data: bytes) -> str:
    return _squash("\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages))


def _demo() -> tuple[object, Selection]:
    organisation = demo_seed().organisation
    return organisation, Selection.objects.get(organisation=organisation, title=DEMO_SELECTION)


@pytest.mark.parametrize("language", ["nl", "de"])
def test_decision_report_docx_and_pdf_hold_the_company_content(language: str) -> None:
    organisation, selection = _demo()
    decision = PartnerDecision.objects.get(selection=selection)
    with translation.override(language):
        heading = _("Cost and return")
    document = build_decision_report(organisation, selection.pk, language)

    docx_text = _docx_text(render_docx(document))
    pdf = render_pdf(document)
    pdf_text = _pdf_text(pdf)
    for text in (docx_text, pdf_text):
        assert DEMO_ORGANISATION in text
        assert DEMO_MAINTENANCE in text
        assert decision.candidate.name in text
        assert heading in text  # a fixed label, in the report's language
        assert _squash(decision.rationale)[:60] in text

    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm (Debian package poppler-utils) is needed; .ci/run installs it"
    ARTIFACTS.mkdir(exist_ok=True)
    source = ARTIFACTS / f"decision-report-{language}.pdf"
    source.write_bytes(pdf)
    stem = ARTIFACTS / f"decision-report-{language}"
    subprocess.run(  # noqa: S603 - fixed arguments, our own file
        [pdftoppm, "-png", "-r", "70", "-f", "1", "-l", "3", str(source), str(stem)], check=True, timeout=120
    )
    source.unlink()
    pages = sorted(ARTIFACTS.glob(f"decision-report-{language}-*.png"))
    assert pages
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in pages)


@pytest.mark.parametrize("language", ["nl", "de"])
def test_scoring_matrix_xlsx_holds_candidates_and_localised_criteria(language: str) -> None:
    organisation, selection = _demo()
    workbook = load_workbook(io.BytesIO(build_scoring_matrix(organisation, selection.pk, language)))
    cells = {str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value}
    assert "Maakindustrie AI Partners" in cells
    assert criterion("industry_expertise").name.get(language) in cells
    formulas = [v for v in cells if v.startswith("=")]
    assert any(f.startswith(("=SUMPRODUCT", "=SUM")) for f in formulas)


@pytest.mark.parametrize("language", ["nl", "de"])
def test_rfi_docx_and_pdf_hold_the_company_and_the_guides_questions(language: str) -> None:
    organisation, selection = _demo()
    organisation.language = language  # a German company's RFI: questions generated in German
    organisation.save(update_fields=["language"])
    Questionnaire.objects.filter(selection=selection).delete()
    rfi = questionnaire_create(
        actor=User.objects.get(email=DEMO_OWNER_EMAIL), selection=selection, kind=QuestionnaireKind.RFI,
        title="RFI", deadline=timezone.now() + timedelta(days=14),
    )
    with translation.override(language):
        heading = _("The problem we want to solve")
    document = build_questionnaire(organisation, rfi.pk, language)
    practical_test = criterion("industry_expertise").practical_tests[0].get(language)
    for text in (_docx_text(render_docx(document)), _pdf_text(render_pdf(document))):
        assert DEMO_ORGANISATION in text
        assert DEMO_MAINTENANCE in text
        assert heading in text
        # Compared without spaces and hyphens: the PDF may hyphenate a long German word.
        assert _letters(practical_test) in _letters(text)
