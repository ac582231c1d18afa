"""GET /api/v1/selections/{id}/ranking: body, methods, access per persona, documented errors."""

from __future__ import annotations

import pytest
from django.utils import timezone

from partnerwijzer.evaluation.models import ScoringSetup
from partnerwijzer.evaluation.tests.builders import Built, knock_out, make_scored_selection
from partnerwijzer.routers import api
from tests.personas import Personas

CRITERIA = (("Expertise", 50, False), ("Data protection", 30, False), ("Price", 20, True))
SCORES = [
    [[5, 5, 3], [4, 4, 4], [2, 3, 5], [1, 1, 1]],
    [[4, 4, 3], [4, 4, 4], [2, 3, 3], [1, 1, 1]],
]


@pytest.fixture
def scored(personas: Personas) -> Built:
    built = make_scored_selection(
        organisation=personas.organisation, candidates=("Alpha", "Beta", "Gamma", "Delta"), criteria=CRITERIA,
        scores=SCORES, submitted=[False, True], users=[personas.evaluator, personas.owner],
    )
    knock_out(built, "Delta", "Price", "Over the budget ceiling")
    return built


def _url(built: Built) -> str:
    return f"/api/v1/selections/{built.selection.pk}/ranking"


def test_owner_gets_scores_ranks_probabilities_and_acceptability(personas: Personas, scored: Built) -> None:
    response = personas.client("owner").get(_url(scored), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "ready"
    assert body["method"] == "weighted_sum"
    assert body["iterations"] == 10_000
    # Only the submitted colleague's scores count: Beta 4.0, Alpha 4*.5 + 4*.3 + 3*.2 = 3.8,
    # Gamma 2*.5 + 3*.3 + 3*.2 = 2.5.
    cands = body["candidates"]
    assert [c["name"] for c in cands] == ["Beta", "Alpha", "Gamma"]
    assert [c["rank"] for c in cands] == [1, 2, 3]
    assert [c["score"] for c in cands] == pytest.approx([4.0, 3.8, 2.5])
    assert cands[0]["criterion_scores"] == [4.0, 4.0, 4.0]
    for c in cands:
        assert len(c["rank_acceptability"]) == 3
        assert sum(c["rank_acceptability"]) == pytest.approx(1.0)
        assert c["win_probability"] == c["rank_acceptability"][0]
    assert body["excluded"] == [
        {
            "id": str(scored.candidate("Delta").pk), "name": "Delta",
            "failures": [{"criterion_id": str(scored.criterion("Price").pk), "criterion": "Price",
                          "reason": "Over the budget ceiling"}],
        }
    ]
    assert [c["name"] for c in body["criteria"]] == ["Expertise", "Data protection", "Price"]
    assert {w["code"] for w in body["warnings"]} >= {"one_evaluator", "pending_evaluators"}
    assert body["agreement"] is None  # one submitted evaluator
    assert len(body["sensitivity"]) == 3


def test_topsis_method_and_invalid_method(personas: Personas, scored: Built) -> None:
    client = personas.client("owner")
    body = client.get(_url(scored), {"method": "topsis"}).json()
    assert body["method"] == "topsis"
    assert all(0 <= c["score"] <= 1 for c in body["candidates"])
    bad = client.get(_url(scored), {"method": "borda"})
    assert bad.status_code == 422
    assert bad.json()["detail"]


def test_agreement_once_two_evaluators_submitted(personas: Personas, scored: Built) -> None:
    seat = scored.evaluators[0]
    seat.submitted_at = timezone.now()
    seat.save()
    body = personas.client("evaluator").get(_url(scored)).json()
    assert body["agreement"]["evaluators"] == 2
    assert 0 <= body["agreement"]["kendall_w"] <= 1
    assert body["disagreements"] == [
        {"candidate_id": str(scored.candidate("Gamma").pk), "criterion_id": str(scored.criterion("Price").pk),
         "lowest": 3, "highest": 5, "evaluators": 2, "consensus": None}
    ]


def test_access_per_persona(personas: Personas, scored: Built) -> None:
    url = _url(scored)
    viewer = personas.client("viewer").get(url)
    assert viewer.status_code == 403
    viewer_detail = viewer.json()["detail"]
    evaluator = personas.client("evaluator").get(url)
    assert evaluator.status_code == 403
    assert evaluator.json()["detail"] != viewer_detail  # each is told their own reason
    assert personas.client("outsider").get(url).status_code == 404
    assert personas.client("anonymous").get(url).status_code == 401
    assert personas.client("owner").get("/api/v1/selections/not-a-uuid/ranking").status_code == 404
    ScoringSetup.objects.update_or_create(selection=scored.selection, defaults={"closed_at": timezone.now()})
    assert personas.client("viewer").get(url).status_code == 200
    assert personas.client("outsider").get(url).status_code == 404


def test_empty_state(personas: Personas) -> None:
    built = make_scored_selection(organisation=personas.organisation, criteria=CRITERIA, closed=True)
    body = personas.client("owner").get(_url(built)).json()
    assert body["state"] == "no_submissions"
    assert body["next_step"]
    assert body["candidates"] == []
    assert body["iterations"] == 0


def test_every_error_is_documented() -> None:
    schema = api.get_openapi_schema()
    operation = schema["paths"]["/api/v1/selections/{selection_id}/ranking"]["get"]
    # 503: the busy database, documented on every operation by the contract kit (api/contract.py).
    assert set(operation["responses"]) == {200, 401, 403, 404, 422, 503}
    assert operation["operationId"] == "selection_ranking"
