"""The questionnaire endpoints of /api/v1/: create with generated questions, read, settings and status,
question CRUD and reordering, frozen after sending, validation, uniform 404."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from partnerwijzer.questionnaires.models import Question, Questionnaire
from partnerwijzer.questionnaires.tests.conftest import MakeQuestionnaire, future
from partnerwijzer.sourcing.models import Selection
from partnerwijzer.sourcing.services import selection_create
from tests.api.conftest import bearer_client
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _send(client: Client, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    if body is None:
        return client.generic(method, url)
    return client.generic(method, url, data=json.dumps(body), content_type="application/json")


def test_owner_creates_and_members_read(personas: Personas, selection: Selection) -> None:
    response = _send(bearer_client(personas.owner), "POST", f"/api/v1/selections/{selection.pk}/questionnaires",
                     {"kind": "rfi", "title": "RFI via API", "deadline": future().isoformat(), "show_weights": True})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["kind"] == "rfi"
    assert body["status"] == "draft"
    assert body["question_count"] == 9
    assert [q["position"] for q in body["questions"]] == list(range(9))
    assert {"industry_expertise", "data_protection", "references", "end_to_end"} <= {
        q["reference_key"] for q in body["questions"]}
    viewer = bearer_client(personas.viewer)
    listed = viewer.get(f"/api/v1/selections/{selection.pk}/questionnaires").json()
    assert [(q["id"], q["question_count"]) for q in listed] == [(body["id"], 9)]
    assert viewer.get(f"/api/v1/questionnaires/{body['id']}").json()["questions"] == body["questions"]


def test_past_deadline_is_422_and_nothing_is_stored(personas: Personas, selection: Selection) -> None:
    past = (timezone.now() - timedelta(days=1)).isoformat()
    response = _send(bearer_client(personas.owner), "POST", f"/api/v1/selections/{selection.pk}/questionnaires",
                     {"kind": "rfp", "title": "RFP", "deadline": past})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "deadline"]
    assert not Questionnaire.objects.exists()


def test_status_transition_freezes_questions(personas: Personas, make_questionnaire: MakeQuestionnaire) -> None:
    questionnaire = make_questionnaire("rfi")
    client = bearer_client(personas.owner)
    url = f"/api/v1/questionnaires/{questionnaire.pk}"
    assert _send(client, "PATCH", url, {"status": "sent"}).json()["status"] == "sent"
    refused = client.post(f"{url}/questions", data=json.dumps({"text": "Late?"}), content_type="application/json",
                          headers={"accept-language": "en"})  # messages follow the request's language
    assert refused.status_code == 422
    assert "has been sent" in refused.json()["errors"][0]["msg"]
    question = questionnaire.questions.first()
    assert _send(client, "PATCH", f"/api/v1/questions/{question.pk}", {"text": "x"}).status_code == 422
    assert _send(client, "DELETE", f"/api/v1/questions/{question.pk}").status_code == 422
    assert _send(client, "PATCH", url, {"status": "draft"}).status_code == 422
    assert _send(client, "PATCH", url, {"status": "closed"}).json()["status"] == "closed"
    assert questionnaire.questions.count() == 9


def test_question_crud_and_reorder(personas: Personas, make_questionnaire: MakeQuestionnaire) -> None:
    questionnaire = make_questionnaire("rfi")
    client = bearer_client(personas.owner)
    criterion = questionnaire.selection.criteria.get(reference_key="cultural_fit")
    created = _send(client, "POST", f"/api/v1/questionnaires/{questionnaire.pk}/questions",
                    {"text": "Who leads the project?", "criterion_id": str(criterion.pk)}).json()
    assert created["position"] == 9
    assert created["criterion_id"] == str(criterion.pk)
    assert created["reference_key"] == ""
    patched = _send(client, "PATCH", f"/api/v1/questions/{created['id']}", {"general": True, "help_text": "A name."})
    assert patched.json()["criterion_id"] is None
    assert patched.json()["help_text"] == "A name."
    ids = [str(pk) for pk in questionnaire.questions.values_list("pk", flat=True)]
    reordered = _send(client, "PUT", f"/api/v1/questionnaires/{questionnaire.pk}/questions/order",
                      {"order": list(reversed(ids))}).json()
    assert [q["id"] for q in reordered["questions"]] == list(reversed(ids))
    bad = _send(client, "PUT", f"/api/v1/questionnaires/{questionnaire.pk}/questions/order", {"order": ids[:3]})
    assert bad.status_code == 422
    assert _send(client, "DELETE", f"/api/v1/questions/{created['id']}").json() == {"deleted": True}
    assert not Question.objects.filter(pk=created["id"]).exists()


def test_criterion_of_another_selection_is_refused(personas: Personas, make_questionnaire: MakeQuestionnaire) -> None:
    questionnaire = make_questionnaire("rfi")
    other = selection_create(actor=personas.owner, organisation=personas.organisation, title="Other")
    response = _send(bearer_client(personas.owner), "POST", f"/api/v1/questionnaires/{questionnaire.pk}/questions",
                     {"text": "Q?", "criterion_id": str(other.criteria.first().pk)})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "criterion_id"]


def test_viewer_cannot_write(personas: Personas, make_questionnaire: MakeQuestionnaire) -> None:
    questionnaire = make_questionnaire("rfi")
    response = _send(bearer_client(personas.viewer), "PATCH", f"/api/v1/questionnaires/{questionnaire.pk}",
                     {"title": "Mine now"})
    assert response.status_code == 403
    questionnaire.refresh_from_db()
    assert questionnaire.title == "RFI predictive maintenance"


def test_unknown_malformed_and_foreign_ids_are_the_same_404(
    personas: Personas, make_questionnaire: MakeQuestionnaire
) -> None:
    questionnaire = make_questionnaire("rfi")
    client = bearer_client(personas.outsider)
    answers = [client.get(f"/api/v1/questionnaires/{value}") for value in (questionnaire.pk, uuid.uuid4(), "nope")]
    assert {a.status_code for a in answers} == {404}
    assert len({a.content for a in answers}) == 1


# --- The deadline for firms' questions: absent keeps it, null clears it (issue 16) -------------------


def test_patch_null_clears_the_questions_deadline_and_absent_keeps_it(
    personas: Personas, make_questionnaire: MakeQuestionnaire,
) -> None:
    from partnerwijzer.audit.models import AuditEvent
    from partnerwijzer.portal import firm_questions

    until = future(days=7)
    questionnaire = make_questionnaire("rfi", questions_until=until)
    client = bearer_client(personas.owner)
    url = f"/api/v1/questionnaires/{questionnaire.pk}"
    kept = _send(client, "PATCH", url, {"title": "RFI renamed"})
    assert kept.status_code == 200, kept.content
    assert kept.json()["questions_until"] is not None
    questionnaire.refresh_from_db()
    assert questionnaire.questions_until == until
    cleared = _send(client, "PATCH", url, {"questions_until": None})
    assert cleared.status_code == 200, cleared.content
    assert cleared.json()["questions_until"] is None
    questionnaire.refresh_from_db()
    assert questionnaire.questions_until is None
    assert firm_questions.questions_until(questionnaire) == questionnaire.deadline  # firms ask until the deadline
    changes = [e.changes["questions_until"] for e in AuditEvent.objects.filter(
        action="questionnaire.update", target_id=str(questionnaire.pk)) if "questions_until" in e.changes]
    assert len(changes) == 1  # the rename did not touch it; the null cleared it
    assert changes[0][1] is None


def test_the_questions_deadline_can_be_cleared_once_sent(
    personas: Personas, make_questionnaire: MakeQuestionnaire,
) -> None:
    questionnaire = make_questionnaire("rfi", questions_until=future(days=7))
    client = bearer_client(personas.owner)
    url = f"/api/v1/questionnaires/{questionnaire.pk}"
    assert _send(client, "PATCH", url, {"status": "sent"}).status_code == 200
    response = _send(client, "PATCH", url, {"questions_until": None})
    assert response.status_code == 200, response.content
    questionnaire.refresh_from_db()
    assert questionnaire.questions_until is None


def test_the_schema_says_null_clears_the_questions_deadline(personas: Personas) -> None:
    schema = personas.client("owner").get("/api/openapi.json").json()
    field = schema["components"]["schemas"]["QuestionnairePatch"]["properties"]["questions_until"]
    assert {"type": "null"} in field["anyOf"]
    assert {"type": "string", "format": "date-time"} in field["anyOf"]
    assert "null: cleared" in field["description"]
