"""Readiness check and model advice in the JSON API: questions, answers, result, advice and the
chosen model; validation (422, nothing stored), roles (403) and the uniform 404."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.test import Client

from partnerwijzer.api.services import api_token_create
from partnerwijzer.knowledge.topics import readiness as readiness_data
from partnerwijzer.planning.models import Answer, UseCase
from tests.personas import Personas


def _client(personas: Personas, name: str) -> Client:
    _token, plaintext = api_token_create(user=getattr(personas, name), name="tests")
    return Client(headers={"Authorization": f"Bearer {plaintext}"})


def _put(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.put(url, data=json.dumps(body), content_type="application/json")


def _uc(use_case: UseCase, rest: str) -> str:
    return f"/api/v1/use-cases/{use_case.pk}{rest}"


def test_questions_in_the_requested_language(personas: Personas) -> None:
    body = _client(personas, "viewer").get("/api/v1/readiness/questions?lang=de").json()
    assert [f["key"] for f in body["factors"]] == ["problem_goals", "data", "iterative", "management", "prerequisites"]
    assert (body["green_from"], body["amber_from"]) == (70, 40)
    data = next(f for f in body["factors"] if f["key"] == "data")
    assert data["name"] == readiness_data.load().factor("data").name.de
    assert [fig["text"] for fig in data["figures"]] == ["67\u00a0%", "60\u00a0%"]
    assert data["figures"][0]["source"] == "guide-2025"
    quality = next(q for q in data["questions"] if q["key"] == "data_quality")
    assert [o["score"] for o in quality["options"]] == [0, 1, 2, 3]
    assert _client(personas, "viewer").get("/api/v1/readiness/questions?lang=fr").status_code == 422


def test_put_get_answers_and_result(personas: Personas, use_case: UseCase) -> None:
    owner = _client(personas, "owner")
    response = _put(owner, _uc(use_case, "/readiness/answers"), {"answers": {"sponsor": "none", "budget": "none"}})
    assert response.status_code == 200
    assert response.json()["answers"] == {"sponsor": "none", "budget": "none"}
    # Left-out questions keep their answers; null removes one.
    response = _put(owner, _uc(use_case, "/readiness/answers"), {"answers": {"budget": None, "priority": "yes"}})
    assert response.json()["answers"] == {"sponsor": "none", "priority": "yes"}
    viewer = _client(personas, "viewer")
    assert viewer.get(_uc(use_case, "/readiness/answers")).json()["answers"] == {"sponsor": "none", "priority": "yes"}
    result = viewer.get(_uc(use_case, "/readiness/result?lang=en")).json()
    assert result["complete"] is False
    assert (result["score"], result["light"]) == (None, None)
    management = next(f for f in result["factors"] if f["key"] == "management")
    assert (management["answered"], management["total"], management["light"]) == (2, 4, None)
    assert management["missing"] == ["staff_freed", "budget"]
    assert [r["question"] for r in management["risks"]] == ["sponsor"]
    assert management["risks"][0]["action"] == readiness_data.load().question("sponsor").action.en  # type: ignore[union-attr]


def test_complete_result_has_scores_and_lights(personas: Personas, use_case: UseCase) -> None:
    every = {q.key: max(q.options, key=lambda o: o.score).key for q in readiness_data.load().questions}
    _put(_client(personas, "owner"), _uc(use_case, "/readiness/answers"), {"answers": every})
    result = _client(personas, "evaluator").get(_uc(use_case, "/readiness/result")).json()
    assert result["complete"] is True
    assert (result["score"], result["light"]) == (100, "green")
    assert {f["light"] for f in result["factors"]} == {"green"}


@pytest.mark.parametrize(
    ("answers", "where"),
    [
        ({"sponsor": "active", "data_quality": "perfect"}, "data_quality"),
        ({"sponsor": "active", "mood": "good"}, "mood"),
        ({"sponsor": 3}, "sponsor"),
    ],
    ids=["unknown option", "unknown question", "not a string"],
)
def test_invalid_answers_give_422_and_store_nothing(
    personas: Personas, use_case: UseCase, answers: dict[str, Any], where: str
) -> None:
    response = _put(_client(personas, "owner"), _uc(use_case, "/readiness/answers"), {"answers": answers})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Invalid input."
    assert any(where in e["loc"] for e in body["errors"])
    assert not Answer.objects.filter(use_case=use_case).exists()


def test_roles_and_the_uniform_404(personas: Personas, use_case: UseCase) -> None:
    body = {"answers": {"sponsor": "active"}}
    assert _put(_client(personas, "viewer"), _uc(use_case, "/readiness/answers"), body).status_code == 403
    assert _put(_client(personas, "evaluator"), _uc(use_case, "/readiness/answers"), body).status_code == 403
    outsider = _client(personas, "outsider")
    other = outsider.get(_uc(use_case, "/readiness/result"))
    unknown = outsider.get(f"/api/v1/use-cases/{uuid.uuid4()}/readiness/result")
    malformed = outsider.get("/api/v1/use-cases/not-a-uuid/readiness/result")
    assert other.status_code == unknown.status_code == malformed.status_code == 404
    assert other.json() == unknown.json() == malformed.json() == {"detail": "Not found."}
    assert not Answer.objects.exists()


def test_advice_answers_advice_and_chosen_model(personas: Personas, use_case: UseCase) -> None:
    owner = _client(personas, "owner")
    questions = owner.get("/api/v1/model-advice/questions?lang=en").json()
    assert [q["key"] for q in questions["questions"]][-1] == "convince"
    empty = owner.get(_uc(use_case, "/model-advice")).json()
    assert (empty["complete"], empty["recommended"], empty["answered"]) == (False, None, 0)
    answers = {"coordination": "none", "build_competence": "somewhat", "speed": "normal",
               "problem_bounded": "fairly", "champions": "interested"}
    assert _put(owner, _uc(use_case, "/model-advice/answers"), {"answers": answers}).status_code == 200
    partial = owner.get(_uc(use_case, "/model-advice")).json()
    assert (partial["complete"], partial["missing"], partial["ranking"]) == (False, ["convince"], [])
    _put(owner, _uc(use_case, "/model-advice/answers"), {"answers": {"convince": "not_needed"}})
    advice = _client(personas, "viewer").get(_uc(use_case, "/model-advice?lang=en")).json()
    assert advice["complete"] is True
    assert advice["recommended"] == "generalist"
    assert advice["reasons"][0]["rule"] == "generalist_no_coordination"
    assert advice["typical_path"].startswith("Many companies start")
    specialist = next(r for r in advice["ranking"] if r["model"] == "specialist_network")
    assert specialist["speaks_against"][0]["rule"] == "specialist_no_coordination"
    assert "ai_experience" in advice["missing_context"]

    chosen = _put(owner, _uc(use_case, "/chosen-model"), {"model": "lighthouse", "reason": "Convince the board."})
    assert chosen.json() == {"model": "lighthouse", "reason": "Convince the board."}
    use_case.refresh_from_db()
    assert use_case.chosen_model == "lighthouse"
    assert owner.get(_uc(use_case, "/model-advice")).json()["chosen_model"] == "lighthouse"
    assert _put(owner, _uc(use_case, "/chosen-model"), {"model": "freelancer"}).status_code == 422
    assert _put(_client(personas, "viewer"), _uc(use_case, "/chosen-model"), {"model": "hybrid"}).status_code == 403
    cleared = _put(owner, _uc(use_case, "/chosen-model"), {"model": ""})
    assert cleared.json() == {"model": None, "reason": ""}
