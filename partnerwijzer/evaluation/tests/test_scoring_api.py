"""Scoring endpoints of the JSON API: rules and errors (the role matrix covers who may call)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from partnerwijzer.evaluation.models import ConsensusScore, Criterion, Evaluator, KnockoutCheck, Score
from partnerwijzer.evaluation.tests.builders import candidates_of, criteria_of, make_selection, seat
from partnerwijzer.sourcing.models import Selection
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _base(personas: Personas, selection: Selection) -> str:
    return f"/api/v1/organisations/{personas.organisation.pk}/selections/{selection.pk}"


def _send(client: Client, method: str, url: str, body: Any = None) -> Any:
    return client.generic(method, url, json.dumps(body) if body is not None else "", content_type="application/json")


def test_criteria_list_create_update_delete(personas: Personas) -> None:
    selection = make_selection(personas)
    base = _base(personas, selection)
    owner = personas.client("owner")
    listed = owner.get(base + "/criteria?lang=en").json()
    assert len(listed) == 8
    assert listed[-1]["is_price"]
    assert [r["score"] for r in listed[0]["rubric"]] == [1, 3, 5]
    created = _send(owner, "POST", base + "/criteria", {"name": "After-sales", "factor": "soft"}).json()
    assert created["weight"] in ("0", "0.00", 0) or Decimal(str(created["weight"])) == 0
    patched = _send(owner, "PATCH", base + f"/criteria/{created['id']}", {"knockout": True, "move": "up"}).json()
    assert patched["knockout"]
    assert patched["position"] == 7
    assert _send(owner, "DELETE", base + f"/criteria/{created['id']}").json() == {"deleted": True}
    assert _send(owner, "DELETE", base + f"/criteria/{created['id']}").status_code == 404
    assert _send(owner, "DELETE", base + "/criteria/not-a-uuid").status_code == 404


def test_weights_put_with_a_wrong_sum_is_422_and_changes_nothing(personas: Personas) -> None:
    selection = make_selection(personas)
    base = _base(personas, selection)
    before = [c.weight for c in criteria_of(selection)]
    body = {"weights": [{"criterion_id": str(c.pk), "weight": "10"} for c in criteria_of(selection)]}
    response = _send(personas.client("owner"), "PUT", base + "/weights", body)
    assert response.status_code == 422
    assert response.json()["errors"]
    assert [c.weight for c in criteria_of(selection)] == before
    body = {"weights": [{"criterion_id": str(c.pk), "weight": "12.5"} for c in criteria_of(selection)]}
    result = _send(personas.client("owner"), "PUT", base + "/weights", body).json()
    assert result["method"] == "direct"
    assert result["price_warning"]["level"] == "none"
    assert "38" in result["price_warning"]["reference"]


def test_scores_reject_values_off_the_scale(personas: Personas) -> None:
    selection = make_selection(personas)
    mine = seat(selection, personas.evaluator)
    url = _base(personas, selection) + f"/evaluators/{mine.pk}/scores"
    body = {"candidate_id": str(candidates_of(selection)[0].pk), "criterion_id": str(criteria_of(selection)[0].pk)}
    client = personas.client("evaluator")
    for bad in (0, 6, 42):
        response = _send(client, "PUT", url, {**body, "value": bad})
        assert response.status_code == 422, bad
    assert not Score.objects.exists()
    assert _send(client, "PUT", url, {**body, "value": 4}).json()["value"] == 4
    other_selection = make_selection(personas, title="Other")
    foreign = {**body, "candidate_id": str(candidates_of(other_selection)[0].pk), "value": 3}
    assert _send(client, "PUT", url, foreign).status_code == 404


def test_own_pairwise_judgements_and_submission(personas: Personas) -> None:
    selection = make_selection(personas)
    mine = seat(selection, personas.evaluator)
    base = _base(personas, selection)
    a, b = criteria_of(selection)[:2]
    client = personas.client("evaluator")
    saved = _send(client, "PUT", base + f"/evaluators/{mine.pk}/pairwise",
                  {"judgements": [{"a": str(b.pk), "b": str(a.pk), "value": 5}]}).json()
    # Stored once, row before column in the criteria order: a vs b = 1/5.
    assert saved["judgements"] == [{"a": str(a.pk), "b": str(b.pk), "value": 0.2}]
    assert _send(client, "PUT", base + f"/evaluators/{mine.pk}/pairwise",
                 {"judgements": [{"a": str(a.pk), "b": str(b.pk), "value": 10}]}).status_code == 422
    submitted = _send(client, "POST", base + f"/evaluators/{mine.pk}/submit").json()
    assert submitted["submitted_at"] is not None
    reopened = _send(personas.client("owner"), "POST", base + f"/evaluators/{mine.pk}/reopen").json()
    assert reopened["submitted_at"] is None


def test_evaluators_consensus_and_knockouts(personas: Personas) -> None:
    selection = make_selection(personas)
    base = _base(personas, selection)
    owner = personas.client("owner")
    assert _send(owner, "POST", base + "/evaluators", {"user_id": str(personas.viewer.pk)}).status_code == 422
    added = _send(owner, "POST", base + "/evaluators", {"user_id": str(personas.evaluator.pk)}).json()
    assert added["filled"] == 0
    assert Evaluator.objects.filter(pk=added["id"]).exists()
    cell = {"candidate_id": str(candidates_of(selection)[0].pk), "criterion_id": str(criteria_of(selection)[0].pk)}
    # Blind scoring: an owner without a seat settles scores only once scoring is closed.
    assert _send(owner, "PUT", base + "/consensus", {**cell, "value": 4, "justification": "Agreed"}).status_code == 403
    assert owner.get(base + "/consensus").status_code == 403
    assert _send(owner, "PUT", base + "/scoring", {"closed": True}).json()["closed"] is True
    assert _send(owner, "PUT", base + "/consensus", {**cell, "value": 4, "justification": ""}).status_code == 422
    assert not ConsensusScore.objects.exists()
    result = _send(owner, "PUT", base + "/consensus", {**cell, "value": 4, "justification": "Agreed"}).json()
    assert result["consensus"] == 4
    assert result["mean"] is None
    assert owner.get(base + "/consensus").json()["cells"][0]["consensus"] == 4
    assert _send(owner, "PUT", base + "/knockout-checks",
                 {**cell, "passed": False, "reason": "No EU hosting"}).status_code == 422  # not knock-out yet
    Criterion.objects.filter(pk=cell["criterion_id"]).update(knockout=True)
    assert _send(owner, "PUT", base + "/knockout-checks",
                 {**cell, "passed": False, "reason": "No EU hosting"}).status_code == 200
    assert KnockoutCheck.objects.get().reason == "No EU hosting"
    assert _send(owner, "PUT", base + "/scoring", {"closed": False}).json()["closed"] is False


def test_another_organisations_selection_is_the_uniform_404(personas: Personas) -> None:
    selection = make_selection(personas)
    response = personas.client("outsider").get(_base(personas, selection) + "/criteria")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    own = f"/api/v1/organisations/{personas.other_organisation.pk}/selections/{selection.pk}/criteria"
    assert personas.client("outsider").get(own).status_code == 404


def test_foreign_and_unknown_evaluator_get_the_same_answer(personas: Personas) -> None:
    selection = make_selection(personas)
    base = _base(personas, selection)
    owner = personas.client("owner")
    answers = [
        _send(owner, "POST", base + "/evaluators", {"user_id": user_id})
        for user_id in (str(personas.outsider.pk), "00000000-0000-0000-0000-000000000000")
    ]
    assert [a.status_code for a in answers] == [422, 422]
    assert answers[0].json() == answers[1].json()
    assert [e["loc"] for e in answers[0].json()["errors"]] == [["body", "user_id"]]
    assert not Evaluator.objects.filter(selection=selection, user=personas.outsider).exists()


def test_current_paths_answer_like_the_deprecated_ones(personas: Personas) -> None:
    """``/selections/{id}/...`` is the style of the whole API; the old paths below the organisation
    still answer the same until release 2, and say so in the OpenAPI schema."""
    selection = make_selection(personas)
    owner = personas.client("owner")
    current = f"/api/v1/selections/{selection.pk}"
    old_style = owner.get(_base(personas, selection) + "/criteria?lang=en").json()
    assert owner.get(current + "/criteria?lang=en").json() == old_style
    created = _send(owner, "POST", current + "/criteria", {"name": "After-sales", "factor": "soft"})
    assert created.status_code == 200
    assert Criterion.objects.filter(selection=selection, custom_name="After-sales").exists()

    paths = personas.client("anonymous").get("/api/openapi.json").json()["paths"]
    old = paths["/api/v1/organisations/{organisation_id}/selections/{selection_id}/criteria"]["get"]
    new = paths["/api/v1/selections/{selection_id}/criteria"]["get"]
    assert old["deprecated"] is True
    assert "deprecated" not in new
    assert new["operationId"] == "criteria_list"


def test_a_deprecated_path_naming_another_organisation_is_404(personas: Personas) -> None:
    selection = make_selection(personas)
    wrong = f"/api/v1/organisations/{personas.other_organisation.pk}/selections/{selection.pk}"
    response = personas.client("owner").get(wrong + "/criteria")
    assert response.status_code == 404
    assert personas.client("outsider").get(f"/api/v1/selections/{selection.pk}/criteria").status_code == 404
