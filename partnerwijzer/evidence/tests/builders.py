"""Test data of the evidence app: the portal's two firms (``make_portal``) with submitted answers
and real files built in memory (PDF, DOCX, XLSX), indexed through the same service the worker runs."""

from __future__ import annotations

import io

from partnerwijzer.demo import demo_docx, demo_pdf
from partnerwijzer.evaluation.tests import builders as evaluation_builders
from partnerwijzer.evidence.services import link_index
from partnerwijzer.portal import services
from partnerwijzer.portal.models import PortalLink
from partnerwijzer.portal.tests import builders as portal_builders
from tests.personas import Personas

ACME_PDF_PAGES = [
    ["Company profile", "Acme AI builds predictive maintenance for packaging machines since 2017."],
    ["Data protection", ("All training data stays in a data centre in the EU. We never use public cloud AI services "
                        "to train models on customer data; a GDPR data processing agreement is signed first.")],
]
ACME_DOCX_PAGES = [
    ["Approach", "Our team covers strategy, design, development and support after go-live."],
    ["References", ("Three comparable SME projects with quantified results: 40% less downtime at a packaging "
                   "machine builder. You may call the reference customers.")],
]
BETA_ANSWER = "Beta also stores training data in the EU and knows the GDPR by heart."


def openpyxl_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    for default in list(workbook.worksheets):  # the empty sheet a new workbook has
        workbook.remove(default)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def submit_with_files(link: PortalLink, answers: list[str], files: dict[str, bytes]) -> PortalLink:
    questions = list(link.questionnaire.questions.order_by("position"))
    for question, text in zip(questions, answers, strict=False):
        services.answer_save(link=link, question_id=question.pk, text=text)
    for name, data in files.items():
        services.upload_add(link=link, stream=io.BytesIO(data), filename=name)
    return services.submit(link=link)


def make_evidence(personas: Personas, *, language: str = "en", index: bool = True) -> portal_builders.PortalSetup:
    """Acme submitted answers, a PDF (two pages) and a DOCX (two pages); Beta submitted one
    answer. Both indexed (unless ``index`` is False). The evaluator persona holds a seat."""
    setup = portal_builders.make_portal(personas, language=language)
    submit_with_files(setup.link_a, [
        "We have worked for machine builders since 2017 and know spindle and bearing failures well.",
        "Training data never leaves the EU; public cloud AI services are not used for your data.",
        "Three comparable SME projects, each with a contact for a reference call.",
    ], {"Acme profile.pdf": demo_pdf(ACME_PDF_PAGES), "Acme approach.docx": demo_docx(ACME_DOCX_PAGES)})
    submit_with_files(setup.link_b, ["", BETA_ANSWER], {})
    evaluation_builders.seat(setup.selection, personas.evaluator, by=personas.owner)
    if index:
        link_index(link_id=setup.link_a.pk)
        link_index(link_id=setup.link_b.pk)
    return setup
