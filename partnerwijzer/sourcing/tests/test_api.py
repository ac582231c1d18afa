"""The sourcing endpoints of /api/v1/: selections, candidates, stage changes, red flags, funnel."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.test import Client

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.sourcing.models import Candidate, CandidateRedFlag, Selection, StageMove
from partnerwijzer.sourcing.stages import Stage
from partnerwijzer.sourcing.tests.conftest import MakeCandidate
from tests.api.conftest import bearer_client
from tests.personas import Personas


def _send(client: Client, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    if body is None:
        return client.generic(method, url)
    return client.generic(method, url, data=json.dumps(body), content_type="application/json")


def test_members_list_selections_of_their_organisation(
    personas: Personas, selection: Selection, other_selection: Selection
) -> None:
    body = bearer_client(personas.viewer).get(f"/api/v1/organisations/{personas.organisation.pk}/selections").json()
    assert [s["id"] for s in body] == [str(selection.pk)]
    assert body[0]["title"] == "Predictive maintenance partner"


def test_owner_creates_a_selection_with_criteria(personas: Personas) -> None:
    response = _send(
        bearer_client(personas.owner),
        "POST",
        f"/api/v1/organisations/{personas.organisation.pk}/selections",
        {"title": "Vision inspection"},
    )
    assert response.status_code == 200
    selection = Selection.objects.get(pk=response.json()["id"])
    assert selection.organisation == personas.organisation
    assert selection.criteria.count() == 8


def test_patch_and_delete_selection(personas: Personas, selection: Selection) -> None:
    client = bearer_client(personas.owner)
    response = _send(client, "PATCH", f"/api/v1/selections/{selection.pk}", {"description": "Spindles"})
    assert response.json()["description"] == "Spindles"
    assert response.json()["title"] == "Predictive maintenance partner"
    assert _send(client, "DELETE", f"/api/v1/selections/{selection.pk}").json() == {"deleted": True}
    assert not Selection.objects.exists()


@pytest.mark.parametrize(
    "path", ["/api/v1/selections/{}", "/api/v1/selections/{}/candidates", "/api/v1/selections/{}/funnel"]
)
def test_unknown_malformed_and_foreign_ids_are_the_same_404(
    personas: Personas, other_selection: Selection, path: str
) -> None:
    client = bearer_client(personas.owner)
    answers = [client.get(path.format(value)) for value in (other_selection.pk, uuid.uuid4(), "not-a-uuid")]
    assert {a.status_code for a in answers} == {404}
    assert len({a.content for a in answers}) == 1


def test_owner_adds_and_reads_a_candidate(personas: Personas, selection: Selection) -> None:
    client = bearer_client(personas.owner)
    response = _send(
        client,
        "POST",
        f"/api/v1/selections/{selection.pk}/candidates",
        {
            "name": "Acme AI",
            "country": "de",
            "provider_type": "ai_startup_ecosystem",
            "evidence_links": ["https://acme.example/case"],
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["country"], body["stage"], body["evidence_links"]) == ("DE", "longlist", ["https://acme.example/case"])
    assert [f["flag"] for f in body["red_flags"]] == [
        "pushes_platform",
        "promises_without_risks",
        "no_comparable_projects",
        "key_competences_subcontracted",
        "talks_more_than_listens",
    ]
    listed = bearer_client(personas.viewer).get(f"/api/v1/selections/{selection.pk}/candidates").json()
    assert [c["name"] for c in listed] == ["Acme AI"]


def test_invalid_candidate_is_422_with_the_field_and_nothing_saved(personas: Personas, selection: Selection) -> None:
    response = _send(
        bearer_client(personas.owner),
        "POST",
        f"/api/v1/selections/{selection.pk}/candidates",
        {"name": "Acme AI", "country": "XX", "website": "javascript:alert(1)"},
    )
    assert response.status_code == 422
    locations = {tuple(e["loc"]) for e in response.json()["errors"]}
    assert {("body", "country"), ("body", "website")} <= locations
    assert not Candidate.objects.exists()


def test_patch_candidate_changes_only_given_fields(personas: Personas, make_candidate: MakeCandidate) -> None:
    candidate = make_candidate("Acme AI", city="Delft", country="NL")
    response = _send(bearer_client(personas.owner), "PATCH", f"/api/v1/candidates/{candidate.pk}", {"city": "Venlo"})
    assert response.status_code == 200
    candidate.refresh_from_db()
    assert (candidate.name, candidate.city, candidate.country) == ("Acme AI", "Venlo", "NL")


def test_stage_move_reject_and_reinstate(personas: Personas, make_candidate: MakeCandidate) -> None:
    candidate = make_candidate("Acme AI")
    client = bearer_client(personas.owner)
    url = f"/api/v1/candidates/{candidate.pk}/stage"
    moved = _send(client, "POST", url, {"to_stage": "shortlist"}).json()
    assert moved["stage"] == "shortlist"
    assert moved["stage_moves"][0]["from_stage"] == "longlist"
    assert moved["stage_moves"][0]["actor_email"] == "owner@example.com"

    no_reason = _send(client, "POST", url, {"reject": True})
    assert no_reason.status_code == 422
    assert no_reason.json()["errors"][0]["loc"] == ["body", "reason"]
    assert not Candidate.objects.get(pk=candidate.pk).rejected

    rejected = _send(client, "POST", url, {"reject": True, "reason": "Too far away"}).json()
    assert (rejected["rejected"], rejected["rejected_reason"]) == (True, "Too far away")
    back = _send(client, "POST", url, {"reinstate": True}).json()
    assert back["rejected"] is False
    assert StageMove.objects.filter(candidate=candidate).count() == 3
    assert AuditEvent.objects.filter(action__startswith="candidate.", target_id=str(candidate.pk)).count() == 4


@pytest.mark.parametrize(
    "body", [{}, {"to_stage": "rfp", "reinstate": True}, {"to_stage": "mars"}, {"to_stage": "longlist"}]
)
def test_bad_stage_changes_are_422_and_change_nothing(
    personas: Personas, make_candidate: MakeCandidate, body: dict[str, Any]
) -> None:
    candidate = make_candidate("Acme AI")
    response = _send(bearer_client(personas.owner), "POST", f"/api/v1/candidates/{candidate.pk}/stage", body)
    assert response.status_code == 422
    assert Candidate.objects.get(pk=candidate.pk).stage == Stage.LONGLIST
    assert not StageMove.objects.exists()


def test_evaluator_cannot_move_and_outsider_gets_404(personas: Personas, make_candidate: MakeCandidate) -> None:
    candidate = make_candidate("Acme AI")
    url = f"/api/v1/candidates/{candidate.pk}/stage"
    assert _send(bearer_client(personas.evaluator), "POST", url, {"to_stage": "shortlist"}).status_code == 403
    assert _send(bearer_client(personas.outsider), "POST", url, {"to_stage": "shortlist"}).status_code == 404
    assert not StageMove.objects.exists()


def test_red_flag_endpoint(personas: Personas, make_candidate: MakeCandidate) -> None:
    candidate = make_candidate("Acme AI")
    url = f"/api/v1/candidates/{candidate.pk}/red-flags/talks_more_than_listens"
    body = _send(bearer_client(personas.owner), "PUT", url, {"observed": True, "note": "Monologue"}).json()
    flag = next(f for f in body["red_flags"] if f["flag"] == "talks_more_than_listens")
    assert (flag["observed"], flag["note"]) == (True, "Monologue")
    assert CandidateRedFlag.objects.get().note == "Monologue"
    unknown = _send(
        bearer_client(personas.owner), "PUT", url.replace("talks_more_than_listens", "smells"), {"observed": True}
    )
    assert unknown.status_code == 422


def test_funnel_endpoint(personas: Personas, selection: Selection, make_candidate: MakeCandidate) -> None:
    for index in range(9):
        make_candidate(f"Firm {index}", stage=Stage.SHORTLIST)
    body = bearer_client(personas.viewer).get(f"/api/v1/selections/{selection.pk}/funnel").json()
    assert body["active"] == 9
    assert body["source"] == "guide-2025"
    assert body["rows"][0] == {"stage": "shortlist", "count": 9, "guide_low": 5, "guide_high": 8, "verdict": "too_many"}
    assert [(w["stage"], w["verdict"]) for w in body["warnings"]] == [("shortlist", "too_many")]
    assert "9" in body["warnings"][0]["message"]


def test_delete_candidate(personas: Personas, make_candidate: MakeCandidate) -> None:
    candidate = make_candidate("Typo")
    response = _send(bearer_client(personas.owner), "DELETE", f"/api/v1/candidates/{candidate.pk}")
    assert response.json() == {"deleted": True}
    assert not Candidate.objects.exists()
