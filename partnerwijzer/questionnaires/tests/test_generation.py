"""Which questions a new RFI or RFP gets: counts per kind, the organisation's language, the four
questions of the guide, own criteria and removed criteria."""

from __future__ import annotations

import pytest

from partnerwijzer.evaluation.models import Criterion
from partnerwijzer.knowledge.loader import reference
from partnerwijzer.questionnaires.generation import COMPANY_KEY, GUIDE_QUESTIONS, PROJECT_PLAN_KEY, QUOTE_KEY
from partnerwijzer.questionnaires.tests.conftest import MakeQuestionnaire
from partnerwijzer.sourcing.models import Selection
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _keys(questionnaire) -> list[tuple[str, int | None]]:
    return [(q.reference_key, q.reference_index) for q in questionnaire.questions.order_by("position")]


def test_rfi_asks_the_first_practical_test_per_criterion_after_the_use_case(
    make_questionnaire: MakeQuestionnaire, selection: Selection
) -> None:
    questionnaire = make_questionnaire("rfi")
    criteria = list(selection.criteria.order_by("position"))
    questions = list(questionnaire.questions.order_by("position"))
    assert len(questions) == 1 + len(criteria) == 9
    assert (questions[0].reference_key, questions[0].criterion) == (COMPANY_KEY, None)
    for question, criterion in zip(questions[1:], criteria, strict=True):
        assert question.criterion == criterion
        assert (question.reference_key, question.reference_index) == (criterion.reference_key, 0)
    assert [q.position for q in questions] == list(range(9))


def test_rfp_asks_every_practical_test_plus_project_plan_and_quote(
    make_questionnaire: MakeQuestionnaire, selection: Selection
) -> None:
    questionnaire = make_questionnaire("rfp")
    tests = sum(len(reference().criterion(c.reference_key).practical_tests) for c in selection.criteria.all())
    assert questionnaire.questions.count() == 1 + tests + 2 == 26
    plan = questionnaire.questions.get(reference_key=PROJECT_PLAN_KEY)
    quote = questionnaire.questions.get(reference_key=QUOTE_KEY)
    assert plan.criterion is not None
    assert plan.criterion.reference_key == "end_to_end"
    assert quote.criterion is not None
    assert quote.criterion.is_price
    for category in ("Strategisch advies en concept", "Datavoorbereiding en -integratie", "Modelontwikkeling"):
        assert category in quote.text  # the budget's cost categories, in the organisation's language (nl)


@pytest.mark.parametrize("kind", ["rfi", "rfp"])
def test_the_four_guide_questions_are_always_asked(make_questionnaire: MakeQuestionnaire, kind: str) -> None:
    keys = _keys(make_questionnaire(kind))
    for key, index in GUIDE_QUESTIONS:
        assert (key, index) in keys


def test_the_guide_questions_say_what_the_issue_asks_for() -> None:
    """The four are practical tests of criteria.yaml; their English text carries the guide's point."""
    texts = {key: reference().criterion(key).practical_tests[index].get("en") for key, index in GUIDE_QUESTIONS}
    assert "specifics of our industry" in texts["industry_expertise"]
    assert "training data" in texts["data_protection"]
    assert "public cloud" in texts["data_protection"]
    assert "at least three comparable projects at SMEs" in texts["references"]
    assert "own people" in texts["end_to_end"]
    assert "subcontract" in texts["end_to_end"]


@pytest.mark.parametrize("language", ["nl", "de", "en"])
def test_questions_are_in_the_organisations_language(
    personas: Personas, make_questionnaire: MakeQuestionnaire, language: str
) -> None:
    personas.organisation.language = language
    personas.organisation.save()
    questionnaire = make_questionnaire("rfp")
    for question in questionnaire.questions.exclude(reference_key__in=[COMPANY_KEY, PROJECT_PLAN_KEY, QUOTE_KEY]):
        expected = reference().criterion(question.reference_key).practical_tests[question.reference_index]
        assert question.text == expected.get(language)


def test_german_rfi_has_the_german_industry_question(personas: Personas, make_questionnaire: MakeQuestionnaire) -> None:
    personas.speak("de")
    question = make_questionnaire("rfi").questions.get(reference_key="industry_expertise")
    assert question.text.startswith("Können Sie erklären, wie Sie die Besonderheiten unserer Branche")


def test_guide_question_stays_when_its_criterion_was_removed(
    make_questionnaire: MakeQuestionnaire, selection: Selection
) -> None:
    Criterion.objects.filter(selection=selection, reference_key="data_protection").delete()
    questionnaire = make_questionnaire("rfi")
    question = questionnaire.questions.get(reference_key="data_protection")
    assert question.criterion is None
    assert question.reference_index == 0
    assert question.position == questionnaire.questions.count() - 1  # at the end


def test_own_criterion_gets_one_question_with_its_name(
    make_questionnaire: MakeQuestionnaire, selection: Selection
) -> None:
    own = Criterion.objects.create(selection=selection, custom_name="Works in Dutch", custom_description="On site.",
                                   position=99)
    questionnaire = make_questionnaire("rfp")
    question = questionnaire.questions.get(criterion=own)
    assert "Works in Dutch" in question.text
    assert question.help_text == "On site."
    assert question.reference_key == COMPANY_KEY


def test_without_a_use_case_there_is_no_opening_question(
    make_questionnaire: MakeQuestionnaire, bare_selection: Selection
) -> None:
    questionnaire = make_questionnaire("rfi", selection=bare_selection)
    assert questionnaire.questions.count() == 8
    assert not questionnaire.questions.filter(reference_key=COMPANY_KEY).exists()
