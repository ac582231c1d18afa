"""The document builders: the RFI/RFP carries the company's own content in its language, weights only
when shown, user text passed through as plain text; the talk and reference-call guides carry the
guide's questions, warning signs and red flags."""

from __future__ import annotations

import uuid

import pytest
from django.utils import translation

from partnerwijzer.documents.content import Document, QuestionBlock, Table
from partnerwijzer.documents.questionnaire_documents import (
    build_first_talk_guide,
    build_questionnaire,
    build_reference_call_guide,
)
from partnerwijzer.documents.registry import KINDS
from partnerwijzer.knowledge.loader import reference
from partnerwijzer.questionnaires.models import Questionnaire
from partnerwijzer.questionnaires.services import question_create
from partnerwijzer.questionnaires.tests.conftest import BASELINE, HOSTILE, PROBLEM, MakeQuestionnaire
from partnerwijzer.questionnaires.tests.helpers import document_text
from partnerwijzer.sourcing.models import RedFlag, Selection
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_registry_points_at_these_builders() -> None:
    from django.utils.module_loading import import_string

    for key in ("rfi", "rfp", "first_talk_guide", "reference_call_guide"):
        assert callable(import_string(KINDS[key].builder))


def test_questionnaire_document_has_the_companys_content(
    personas: Personas, make_questionnaire: MakeQuestionnaire
) -> None:
    questionnaire = make_questionnaire("rfp")
    document = build_questionnaire(personas.organisation, questionnaire.pk, "en")
    text = document_text(document)
    assert isinstance(document, Document)
    assert document.language == "en"
    assert document.organisation == "Van Dijk Machinebouw"
    assert document.title == "RFP predictive maintenance"
    assert ("Company", "Van Dijk Machinebouw") in document.meta
    assert any(label == "Deadline" for label, _value in document.meta)
    for expected in (PROBLEM, BASELINE, "Unplanned downtime", "High risk", "DPIA required",
                     "Start in March, pilot by summer.", "Industry expertise and understanding of your business model",
                     "Data protection and compliance"):
        assert expected in text, expected
    kpis = next(b for b in document.blocks if isinstance(b, Table) and "KPI" in b.header)
    assert kpis.rows[0][2:4] == ("42", "29")
    questions = [b for b in document.blocks if isinstance(b, QuestionBlock)]
    assert len(questions) == questionnaire.questions.count() == 26
    assert [q.number for q in questions] == [str(n) for n in range(1, 27)]
    assert document.filename_stem.startswith("rfp-")


def test_weights_only_when_shown(personas: Personas, make_questionnaire: MakeQuestionnaire) -> None:
    hidden = build_questionnaire(personas.organisation, make_questionnaire("rfi").pk, "en")
    shown = build_questionnaire(personas.organisation, make_questionnaire("rfi", show_weights=True).pk, "en")
    assert not any(isinstance(b, Table) and "Weight" in b.header for b in hidden.blocks)
    table = next(b for b in shown.blocks if isinstance(b, Table) and "Weight" in b.header)
    assert len(table.rows) == 8
    assert all(row[1].endswith("%") for row in table.rows)


def test_hostile_text_is_passed_through_as_plain_text(
    personas: Personas, make_questionnaire: MakeQuestionnaire
) -> None:
    questionnaire = make_questionnaire("rfi", title=HOSTILE)
    question_create(actor=personas.owner, questionnaire=questionnaire, text=HOSTILE, help_text="=CMD()")
    document = build_questionnaire(personas.organisation, questionnaire.pk, "en")
    block = next(b for b in document.blocks if isinstance(b, QuestionBlock) and b.text == HOSTILE)
    assert block.hint == "=CMD()"  # unchanged: the renderers escape per format
    assert document.title == HOSTILE


@pytest.mark.parametrize("language", ["nl", "de"])
def test_questionnaire_document_in_the_chosen_language(
    personas: Personas, make_questionnaire: MakeQuestionnaire, language: str
) -> None:
    personas.organisation.language = language
    personas.organisation.save()
    document = build_questionnaire(personas.organisation, make_questionnaire("rfi").pk, language)
    text = document_text(document)
    assert reference().criterion("data_protection").practical_tests[0].get(language) in text
    assert reference().criterion("references").name.get(language) in text
    assert document.language == language


def test_another_organisations_questionnaire_is_not_found(
    personas: Personas, make_questionnaire: MakeQuestionnaire
) -> None:
    questionnaire = make_questionnaire("rfi")
    with pytest.raises(Questionnaire.DoesNotExist):
        build_questionnaire(personas.other_organisation, questionnaire.pk, "de")
    with pytest.raises(Questionnaire.DoesNotExist):
        build_questionnaire(personas.organisation, uuid.uuid4(), "nl")


def test_first_talk_guide_has_tests_warning_signs_and_red_flags(personas: Personas, selection: Selection) -> None:
    document = build_first_talk_guide(personas.organisation, selection.pk, "en")
    text = document_text(document)
    for key in ("industry_expertise", "technology", "references"):
        criterion = reference().criterion(key)
        assert all(t.get("en") in text for t in criterion.practical_tests)
        assert all(w.get("en") in text for w in criterion.warning_signs)
    with translation.override("en"):
        labels = [str(flag.label) for flag in RedFlag]
    assert all(label in text for label in labels)
    assert PROBLEM in text
    assert sum(isinstance(b, QuestionBlock) for b in document.blocks) == 23


def test_reference_call_guide(personas: Personas, selection: Selection) -> None:
    document = build_reference_call_guide(personas.organisation, selection.pk, "en")
    text = document_text(document)
    questions = [b for b in document.blocks if isinstance(b, QuestionBlock)]
    assert len(questions) == 10
    assert all(q.hint for q in questions)
    assert "similar industry" in text
    assert "Which results did the project achieve, in numbers" in text
    assert "Cannot show comparable projects" in text
    assert ("Selection", selection.title) in document.meta


def test_guides_refuse_another_organisations_selection(personas: Personas, selection: Selection) -> None:
    for build in (build_first_talk_guide, build_reference_call_guide):
        with pytest.raises(Selection.DoesNotExist):
            build(personas.other_organisation, selection.pk, "de")
