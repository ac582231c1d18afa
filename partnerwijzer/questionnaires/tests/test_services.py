"""Questionnaire services: validation (deadline in the future), status rules (frozen after sending),
question editing and ordering, audit records."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.evaluation.models import Criterion
from partnerwijzer.questionnaires import services
from partnerwijzer.questionnaires.models import Question, Questionnaire
from partnerwijzer.questionnaires.tests.conftest import MakeQuestionnaire, future
from partnerwijzer.sourcing.models import Selection
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_deadline_in_the_past_is_refused_and_nothing_is_stored(personas: Personas, selection: Selection) -> None:
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        services.questionnaire_create(
            actor=personas.owner, selection=selection, kind="rfi", title="RFI",
            deadline=timezone.now() - timedelta(hours=1),
        )
    assert "deadline" in caught.value.message_dict
    assert "future" in caught.value.message_dict["deadline"][0]
    assert not Questionnaire.objects.exists()
    assert not Question.objects.exists()


@pytest.mark.parametrize(("field", "value"), [("kind", "xyz"), ("title", "  "), ("contact_email", "not-an-address")])
def test_bad_input_is_refused(personas: Personas, selection: Selection, field: str, value: str) -> None:
    data = {"kind": "rfi", "title": "RFI", "deadline": future(), "contact_email": ""}
    data[field] = value
    with pytest.raises(ValidationError) as caught:
        services.questionnaire_create(actor=personas.owner, selection=selection, **data)
    assert field in caught.value.message_dict
    assert not Questionnaire.objects.exists()


def test_create_is_audited(personas: Personas, make_questionnaire: MakeQuestionnaire) -> None:
    questionnaire = make_questionnaire("rfp")
    event = AuditEvent.objects.get(action="questionnaire.create")
    assert event.target_id == str(questionnaire.pk)
    assert event.changes["questions"] == 26


def test_questions_are_frozen_after_sending(personas: Personas, make_questionnaire: MakeQuestionnaire) -> None:
    questionnaire = make_questionnaire("rfi")
    question = questionnaire.questions.first()
    services.questionnaire_send(actor=personas.owner, questionnaire=questionnaire)
    before = list(questionnaire.questions.values_list("pk", "text", "position"))
    attempts = [
        lambda: services.question_create(actor=personas.owner, questionnaire=questionnaire, text="More?"),
        lambda: services.question_update(actor=personas.owner, question=question, text="Changed"),
        lambda: services.question_delete(actor=personas.owner, question=question),
        lambda: services.question_move(actor=personas.owner, question=question, direction="down"),
        lambda: services.questions_reorder(actor=personas.owner, questionnaire=questionnaire,
                                           order=[pk for pk, _t, _p in reversed(before)]),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as caught, translation.override("en"):
            attempt()
        assert caught.value.code == "frozen"
        assert "has been sent" in caught.value.messages[0]
    assert list(questionnaire.questions.values_list("pk", "text", "position")) == before


def test_after_sending_only_deadline_and_contact_change(
    personas: Personas, make_questionnaire: MakeQuestionnaire
) -> None:
    questionnaire = make_questionnaire("rfi")
    services.questionnaire_send(actor=personas.owner, questionnaire=questionnaire)
    with pytest.raises(ValidationError):
        services.questionnaire_update(actor=personas.owner, questionnaire=questionnaire, title="Other")
    later = future(60)
    services.questionnaire_update(actor=personas.owner, questionnaire=questionnaire, deadline=later,
                                  contact_name="Piet")
    questionnaire.refresh_from_db()
    assert (questionnaire.deadline, questionnaire.contact_name, questionnaire.title) == (
        later, "Piet", "RFI predictive maintenance")


def test_status_goes_draft_sent_closed_and_never_back(
    personas: Personas, make_questionnaire: MakeQuestionnaire
) -> None:
    questionnaire = make_questionnaire("rfi")
    services.questionnaire_set_status(actor=personas.owner, questionnaire=questionnaire, status="sent")
    with pytest.raises(ValidationError):
        services.questionnaire_set_status(actor=personas.owner, questionnaire=questionnaire, status="draft")
    services.questionnaire_set_status(actor=personas.owner, questionnaire=questionnaire, status="closed")
    with pytest.raises(ValidationError):
        services.questionnaire_update(actor=personas.owner, questionnaire=questionnaire, deadline=future(90))
    questionnaire.refresh_from_db()
    assert questionnaire.status == "closed"
    actions = list(AuditEvent.objects.filter(target_id=str(questionnaire.pk)).values_list("action", flat=True))
    assert {"questionnaire.send", "questionnaire.close"} <= set(actions)


def test_sending_needs_a_future_deadline(personas: Personas, make_questionnaire: MakeQuestionnaire) -> None:
    questionnaire = make_questionnaire("rfi")
    Questionnaire.objects.filter(pk=questionnaire.pk).update(deadline=timezone.now() - timedelta(days=1))
    questionnaire.refresh_from_db()
    with pytest.raises(ValidationError, match="deadline has passed"), translation.override("en"):
        services.questionnaire_send(actor=personas.owner, questionnaire=questionnaire)


def test_own_question_goes_last_and_criterion_must_be_of_the_selection(
    personas: Personas, make_questionnaire: MakeQuestionnaire, bare_selection: Selection
) -> None:
    questionnaire = make_questionnaire("rfi")
    foreign = Criterion.objects.filter(selection=bare_selection).first()
    with pytest.raises(ValidationError) as caught:
        services.question_create(actor=personas.owner, questionnaire=questionnaire, text="Q?", criterion=foreign)
    assert "criterion" in caught.value.message_dict
    criterion = questionnaire.selection.criteria.get(reference_key="technology")
    question = services.question_create(
        actor=personas.owner, questionnaire=questionnaire, text="  Which MLOps tools?  ", criterion=criterion
    )
    assert question.text == "Which MLOps tools?"
    assert question.position == 9
    assert question.reference_key == ""
    with pytest.raises(ValidationError):
        services.question_create(actor=personas.owner, questionnaire=questionnaire, text="   ")


def test_move_and_reorder(personas: Personas, make_questionnaire: MakeQuestionnaire) -> None:
    questionnaire = make_questionnaire("rfi")
    ids = list(questionnaire.questions.values_list("pk", flat=True))
    second = Question.objects.get(pk=ids[1])
    services.question_move(actor=personas.owner, question=second, direction="up")
    assert list(questionnaire.questions.values_list("pk", flat=True))[:2] == [ids[1], ids[0]]
    first = Question.objects.get(pk=ids[1])
    services.question_move(actor=personas.owner, question=first, direction="up")  # at the top: no change
    assert next(iter(questionnaire.questions.values_list("pk", flat=True))) == ids[1]
    services.questions_reorder(actor=personas.owner, questionnaire=questionnaire, order=list(reversed(ids)))
    assert list(questionnaire.questions.values_list("pk", flat=True)) == list(reversed(ids))
    assert list(questionnaire.questions.values_list("position", flat=True)) == list(range(len(ids)))
    with pytest.raises(ValidationError):
        services.questions_reorder(actor=personas.owner, questionnaire=questionnaire, order=ids[:-1])


def test_delete_renumbers(personas: Personas, make_questionnaire: MakeQuestionnaire) -> None:
    questionnaire = make_questionnaire("rfi")
    services.question_delete(actor=personas.owner, question=questionnaire.questions.get(position=3))
    assert list(questionnaire.questions.values_list("position", flat=True)) == list(range(8))
    assert AuditEvent.objects.filter(action="question.delete").exists()


def test_only_drafts_are_deleted(personas: Personas, make_questionnaire: MakeQuestionnaire) -> None:
    draft, sent = make_questionnaire("rfi"), make_questionnaire("rfp")
    services.questionnaire_send(actor=personas.owner, questionnaire=sent)
    services.questionnaire_delete(actor=personas.owner, questionnaire=draft)
    with pytest.raises(ValidationError):
        services.questionnaire_delete(actor=personas.owner, questionnaire=sent)
    assert list(Questionnaire.objects.values_list("pk", flat=True)) == [sent.pk]
