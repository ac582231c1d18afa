"""Issue 16, item 4: a firm asks a question through its portal link until the deadline for
questions; the owner answers privately or publishes an anonymised addendum to every firm. Firms see
only their own questions and the published answers; everything is audited, in the decision report,
and an owner's open question is a task on the dashboard."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.documents.decision_report import build_decision_report
from partnerwijzer.documents.render_docx import render_docx
from partnerwijzer.journey.selectors import journey_for
from partnerwijzer.portal import firm_questions
from partnerwijzer.portal.models import FirmQuestion, FirmQuestionStatus
from partnerwijzer.portal.tests import builders as f
from partnerwijzer.questionnaires import services as questionnaire_services
from partnerwijzer.questionnaires.models import Questionnaire, QuestionnaireStatus
from tests.personas import Personas


@pytest.fixture
def setup(personas: Personas) -> f.PortalSetup:
    return f.make_portal(personas)


def portal_url(token: str, name: str = "questionnaire") -> str:
    return reverse(f"portal:{name}", kwargs={"token": token})


def owner_page(setup: f.PortalSetup) -> str:
    return reverse("portal:firm_questions", args=[setup.selection.pk, setup.questionnaire.pk])


def answer_url(setup: f.PortalSetup, question: FirmQuestion) -> str:
    return reverse("portal:firm_question_answer", args=[setup.selection.pk, setup.questionnaire.pk, question.pk])


def test_a_firm_asks_through_its_link_and_sees_only_its_own_question(setup: f.PortalSetup) -> None:
    response = Client().post(portal_url(setup.token_a, "ask"), {"question": "Do you have labelled failure data?"})
    assert response.status_code == 302
    question = FirmQuestion.objects.get()
    assert (question.link, question.status, question.text) == (setup.link_a, "open",
                                                                 "Do you have labelled failure data?")
    own = Client().get(portal_url(setup.token_a)).content.decode()
    assert "Do you have labelled failure data?" in own
    assert "Not answered yet." in own
    other = Client().get(portal_url(setup.token_b)).content.decode()
    assert "labelled failure data" not in other
    event = AuditEvent.objects.get(action="portal.question_ask")
    assert event.actor is None
    assert setup.token_a not in json.dumps(event.changes)


def test_an_empty_or_control_character_question_is_refused_and_nothing_stored(setup: f.PortalSetup) -> None:
    for text in ("   ", "Hello\x00there"):
        response = Client().post(portal_url(setup.token_a, "ask"), {"question": text})
        assert response.status_code == 400
        assert 'id="ask-error"' in response.content.decode()
    assert not FirmQuestion.objects.exists()


def test_after_the_deadline_for_questions_the_portal_says_questions_are_closed(setup: f.PortalSetup,
                                                                               personas: Personas) -> None:
    questionnaire = setup.questionnaire
    questionnaire_services.questionnaire_update(actor=personas.owner, questionnaire=questionnaire,
                                                questions_until=timezone.now() + timedelta(hours=1))
    assert 'id="ask-question"' in Client().get(portal_url(setup.token_a)).content.decode()
    Questionnaire.objects.filter(pk=questionnaire.pk).update(questions_until=timezone.now() - timedelta(minutes=1))
    page = Client().get(portal_url(setup.token_a)).content.decode()
    assert 'id="questions-closed"' in page
    assert 'id="ask-question"' not in page
    response = Client().post(portal_url(setup.token_a, "ask"), {"question": "Too late?"})
    assert response.status_code == 400
    assert "that deadline has passed" in response.content.decode()
    assert not FirmQuestion.objects.exists()


def test_the_deadline_for_questions_must_not_be_after_the_answer_deadline(setup: f.PortalSetup,
                                                                          personas: Personas) -> None:
    with pytest.raises(ValidationError) as error:
        questionnaire_services.questionnaire_update(
            actor=personas.owner, questionnaire=setup.questionnaire,
            questions_until=setup.questionnaire.deadline + timedelta(days=1))
    assert "questions_until" in error.value.message_dict
    setup.questionnaire.refresh_from_db()
    assert setup.questionnaire.questions_until is None
    # The owner's page: a date after the deadline is refused at the field, nothing stored.
    day = (timezone.localtime(setup.questionnaire.deadline) + timedelta(days=2)).date().isoformat()
    response = personas.client("owner").post(owner_page(setup), {"questions_until": day})
    assert response.status_code == 400
    assert "on or before the deadline for answers" in response.content.decode()
    ok_day = timezone.localdate().isoformat()
    assert personas.client("owner").post(owner_page(setup), {"questions_until": ok_day}).status_code == 302
    setup.questionnaire.refresh_from_db()
    assert timezone.localtime(setup.questionnaire.questions_until).date().isoformat() == ok_day


def test_a_private_answer_is_read_only_by_the_asking_firm(setup: f.PortalSetup, personas: Personas) -> None:
    question = firm_questions.question_ask(link=setup.link_a, text="Can we visit the plant?")
    response = personas.client("owner").post(answer_url(setup, question), {
        f"{question.pk}-answer": "Yes, on 3 March.", f"{question.pk}-public_text": "", "action": "private"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == FirmQuestionStatus.PRIVATE
    assert question.public_text == ""
    assert "Yes, on 3 March." in Client().get(portal_url(setup.token_a)).content.decode()
    assert "Yes, on 3 March." not in Client().get(portal_url(setup.token_b)).content.decode()
    assert AuditEvent.objects.filter(action="portal.question_answer", actor=personas.owner).count() == 1


def test_a_published_answer_is_an_addendum_for_every_firm_without_the_firms_name(setup: f.PortalSetup,
                                                                                 personas: Personas) -> None:
    question = firm_questions.question_ask(link=setup.link_a, text="Acme asks: is our SAP data usable?")
    owner = personas.client("owner")
    page = owner.get(owner_page(setup)).content.decode()
    assert "Acme AI" in page
    assert "Acme asks: is our SAP data usable?" in page
    response = owner.post(answer_url(setup, question), {
        f"{question.pk}-answer": "Yes: five years of SAP PM data.",
        f"{question.pk}-public_text": "Is the SAP data usable?", "action": "publish"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == FirmQuestionStatus.PUBLISHED
    assert question.published_at is not None
    for token in (setup.token_a, setup.token_b):
        html = Client().get(portal_url(token)).content.decode()
        assert "Is the SAP data usable?" in html
        assert "Yes: five years of SAP PM data." in html
    beta = Client().get(portal_url(setup.token_b)).content.decode()
    assert "Acme" not in beta  # neither the firm's name nor its own wording
    event = AuditEvent.objects.get(action="portal.question_publish")
    assert event.changes["status"] == ["open", "published"]


def test_a_published_answer_cannot_become_private_again(setup: f.PortalSetup, personas: Personas) -> None:
    question = firm_questions.question_ask(link=setup.link_a, text="When do you decide?")
    firm_questions.question_answer(actor=personas.owner, question=question, answer="In May.", publish=True)
    response = personas.client("owner").post(answer_url(setup, question), {
        f"{question.pk}-answer": "In June.", "action": "private"})
    assert response.status_code == 400
    question.refresh_from_db()
    assert (question.status, question.answer) == ("published", "In May.")


def test_only_owners_see_and_answer_questions(setup: f.PortalSetup, personas: Personas) -> None:
    question = firm_questions.question_ask(link=setup.link_a, text="Budget?")
    for persona in ("viewer", "evaluator"):
        client = personas.client(persona)
        assert client.get(owner_page(setup)).status_code == 403
        assert client.post(answer_url(setup, question), {f"{question.pk}-answer": "x", "action": "publish"}
                           ).status_code == 403
    question.refresh_from_db()
    assert question.status == "open"


def test_an_open_question_is_a_task_for_owners_only(setup: f.PortalSetup, personas: Personas) -> None:
    question = firm_questions.question_ask(link=setup.link_a, text="Budget?")
    tasks = journey_for(organisation=personas.organisation, user=personas.owner).tasks
    mine = [t for t in tasks if t.url.endswith(f"#fq-{question.pk}")]
    assert len(mine) == 1
    assert "Acme AI" in mine[0].text
    for persona in ("viewer", "evaluator"):
        user = getattr(personas, persona)
        assert not [t for t in journey_for(organisation=personas.organisation, user=user).tasks if "#fq-" in t.url]
    firm_questions.question_answer(actor=personas.owner, question=question, answer="Open.", publish=False)
    after = journey_for(organisation=personas.organisation, user=personas.owner).tasks
    assert not [t for t in after if "#fq-" in t.url]


def test_the_decision_report_lists_the_questions_and_the_addenda(setup: f.PortalSetup, personas: Personas) -> None:
    asked = firm_questions.question_ask(link=setup.link_a, text="Acme: may we subcontract?")
    firm_questions.question_answer(actor=personas.owner, question=asked, answer="Only with our consent.",
                                   publish=True, public_text="May firms subcontract?")
    firm_questions.question_ask(link=setup.link_b, text="Is there parking?")
    document = build_decision_report(personas.organisation, setup.selection.pk, "en")
    text = json.dumps([repr(block) for block in document.blocks])
    assert "Questions from firms and addenda" in text
    assert "May firms subcontract?" in text
    assert "Only with our consent." in text
    assert "Is there parking?" in text
    import io

    import docx

    opened = docx.Document(io.BytesIO(render_docx(document)))
    body = "\n".join(p.text for p in opened.paragraphs)
    assert "Questions from firms and addenda" in body


def test_after_submission_the_portal_is_read_only_also_for_questions(setup: f.PortalSetup) -> None:
    from partnerwijzer.portal import services

    services.answer_save(link=setup.link_a, question_id=setup.questions[0].pk, text="Done")
    services.submit(link=setup.link_a)
    page = Client().get(portal_url(setup.token_a)).content.decode()
    assert 'id="questions-closed"' in page
    assert "<textarea" not in page
    assert Client().post(portal_url(setup.token_a, "ask"), {"question": "One more?"}).status_code == 400
    assert not FirmQuestion.objects.exists()


def test_closed_questionnaire_takes_no_questions(setup: f.PortalSetup) -> None:
    Questionnaire.objects.filter(pk=setup.questionnaire.pk).update(status=QuestionnaireStatus.CLOSED)
    setup.link_a.refresh_from_db()
    with pytest.raises(ValidationError):
        firm_questions.question_ask(link=setup.link_a, text="Still open?")
    assert not FirmQuestion.objects.exists()


def test_the_api_lists_and_answers_questions(setup: f.PortalSetup, personas: Personas) -> None:
    question = firm_questions.question_ask(link=setup.link_a, text="Budget?")
    client = personas.client("owner")
    listed = client.get(f"/api/v1/questionnaires/{setup.questionnaire.pk}/firm-questions").json()
    assert [(q["id"], q["candidate_name"], q["status"]) for q in listed] == [(str(question.pk), "Acme AI", "open")]
    response = client.post(f"/api/v1/firm-questions/{question.pk}/answer",
                           json.dumps({"answer": "About 80k.", "publish": True, "public_text": "What is the budget?"}),
                           content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "published"
    refused = client.post(f"/api/v1/firm-questions/{question.pk}/answer",
                          json.dumps({"answer": "x", "publish": False}), content_type="application/json")
    assert refused.status_code == 422
