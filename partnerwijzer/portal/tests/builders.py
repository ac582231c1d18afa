"""Test data of the portal: a selection with two candidate firms, a sent RFI with questions tied
to criteria, and files built in memory (valid PDF/DOCX/XLSX, a zip bomb, an XML entity bomb)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from partnerwijzer.evaluation.models import Criterion
from partnerwijzer.evaluation.scoring.services import criteria_initialise
from partnerwijzer.portal import services
from partnerwijzer.portal.models import PortalLink
from partnerwijzer.questionnaires.models import Question, Questionnaire, QuestionnaireStatus
from partnerwijzer.sourcing.models import Candidate, Selection
from tests.personas import Personas

QUESTIONS = (
    "Explain how you would translate our industry's specifics into AI solutions.",
    "How do you handle training data in public cloud AI services?",
    "Name three comparable SME projects with a contact for a reference call.",
)


@dataclass
class PortalSetup:
    selection: Selection
    questionnaire: Questionnaire
    questions: list[Question]
    firm_a: Candidate
    firm_b: Candidate
    link_a: PortalLink
    token_a: str
    link_b: PortalLink
    token_b: str


def make_questionnaire(personas: Personas, selection: Selection, *, status: str = QuestionnaireStatus.SENT,
                       title: str = "RFI predictive maintenance", kind: str = "rfi") -> Questionnaire:
    questionnaire = Questionnaire.objects.create(
        selection=selection, kind=kind, title=title, introduction="We build packaging machines.",
        deadline=timezone.now() + timedelta(days=14), status=status, created_by=personas.owner,
        contact_name="Olga Owner", contact_email="olga@example.com",
    )
    criteria = list(Criterion.objects.filter(selection=selection).order_by("position", "id"))
    for i, text in enumerate(QUESTIONS):
        Question.objects.create(questionnaire=questionnaire, text=text, position=i,
                                criterion=criteria[i] if criteria else None)
    return questionnaire


def make_portal(personas: Personas, *, language: str = "en", kind: str = "rfi") -> PortalSetup:
    organisation = personas.organisation
    organisation.language = language
    organisation.save(update_fields=["language"])
    selection = Selection.objects.create(organisation=organisation, title="Predictive maintenance",
                                         created_by=personas.owner)
    criteria_initialise(selection=selection)
    firm_a = Candidate.objects.create(selection=selection, name="Acme AI")
    firm_b = Candidate.objects.create(selection=selection, name="Beta Analytics")
    title = f"{kind.upper()} predictive maintenance"
    questionnaire = make_questionnaire(personas, selection, kind=kind, title=title)
    link_a, token_a = services.link_create(actor=personas.owner, questionnaire=questionnaire, candidate=firm_a)
    link_b, token_b = services.link_create(actor=personas.owner, questionnaire=questionnaire, candidate=firm_b)
    return PortalSetup(selection=selection, questionnaire=questionnaire,
                       questions=list(questionnaire.questions.order_by("position")), firm_a=firm_a, firm_b=firm_b,
                       link_a=link_a, token_a=token_a, link_b=link_b, token_b=token_b)


# --- Files ---------------------------------------------------------------------------------------

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def docx_bytes(text: str = "Our proposal") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["A1"] = "Day rate"
    sheet["B1"] = 1200
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _rezip(data: bytes, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, replace.get(item.filename, source.read(item.filename)))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def zip_bomb(uncompressed_mb: int = 200) -> bytes:
    """A DOCX-looking archive that is small on disk but unpacks to ``uncompressed_mb`` MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        block = b"\0" * (1024 * 1024)
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            for _ in range(uncompressed_mb):
                entry.write(block)
    return out.getvalue()


def many_entries(count: int = 1500) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(count):
            archive.writestr(f"part{i}.xml", b"<a/>")
    return out.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">&lol9;</Types>
"""


def entity_bomb_in_content_types() -> bytes:
    return _rezip(docx_bytes(), {"[Content_Types].xml": BILLION_LAUGHS})


def entity_bomb_in_document() -> bytes:
    bomb = BILLION_LAUGHS.replace(b"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                                  b"&lol9;</Types>", b"<w:document xmlns:w=\"x\">&lol9;</w:document>")
    return _rezip(docx_bytes(), {"word/document.xml": bomb})


def macro_docx() -> bytes:
    data = docx_bytes()
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml").replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    return _rezip(data, {"[Content_Types].xml": types}, {"word/vbaProject.bin": b"\0" * 64})
