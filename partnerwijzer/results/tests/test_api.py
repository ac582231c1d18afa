"""The results API: a token pushes measurements (the KPI's measurer may, other viewers may not),
bad values are a 422 with nothing stored, gate decisions supersede, costs replace a month."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from partnerwijzer.api.services import api_token_create
from partnerwijzer.budget.models import Budget
from partnerwijzer.results import services
from partnerwijzer.results.models import ActualCost, GateDecision, Measurement, Project
from partnerwijzer.results.tests.conftest import kpi
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _token_client(user: Any) -> Client:
    _token, plaintext = api_token_create(user=user, name="ERP export")
    return Client(headers={"Authorization": f"Bearer {plaintext}"})


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_a_token_of_the_kpis_measurer_pushes_values(personas: Personas, project: Project) -> None:
    time = kpi(project.use_case, "Processing time")
    url = f"/api/v1/projects/{project.pk}/measurements"
    body = {"kpi_id": str(time.pk), "measured_on": "2026-06-01", "value": "7.25", "source": "ERP"}
    viewer = _token_client(personas.viewer)
    assert _post(viewer, url, body).status_code == 403
    services.kpi_plan_set(actor=personas.owner, kpi=time, frequency="weekly", measurer=personas.viewer)
    response = _post(viewer, url, body)
    assert response.status_code == 200, response.content
    assert response.json()["value"] == "7.2500"
    assert Measurement.objects.get().entered_by == personas.viewer
    listed = viewer.get(url).json()
    assert [m["measured_on"] for m in listed] == ["2026-06-01"]


def test_bad_measurements_are_422_and_store_nothing(personas: Personas, project: Project) -> None:
    owner = _token_client(personas.owner)
    url = f"/api/v1/projects/{project.pk}/measurements"
    time = kpi(project.use_case, "Processing time")
    future = _post(owner, url, {"kpi_id": str(time.pk), "measured_on": "2026-06-16", "value": 7})
    assert future.status_code == 422
    foreign = _post(owner, url, {"kpi_id": "not-a-kpi", "measured_on": "2026-06-01", "value": 7})
    assert foreign.status_code == 422
    words = _post(owner, url, {"kpi_id": str(time.pk), "measured_on": "2026-06-01", "value": "seven"})
    assert words.status_code == 422
    assert not Measurement.objects.exists()


def test_a_value_outside_the_kpis_bounds_is_422_naming_the_bound(personas: Personas, project: Project) -> None:
    owner = _token_client(personas.owner)
    url = f"/api/v1/projects/{project.pk}/measurements"
    ftr, time = kpi(project.use_case, "First-time right"), kpi(project.use_case, "Processing time")
    above = _post(owner, url, {"kpi_id": str(ftr.pk), "measured_on": "2026-06-01", "value": 120})
    assert above.status_code == 422
    [error] = above.json()["errors"]
    assert error["loc"] == ["body", "value"]
    assert error["msg"] == "“First-time right” is een percentage: een percentage ligt tussen 0 en 100."
    below = _post(owner, url, {"kpi_id": str(time.pk), "measured_on": "2026-06-01", "value": -3})
    assert below.status_code == 422
    assert below.json()["errors"][0]["msg"] == "“Processing time” kan niet negatief zijn: vul 0 of meer in."
    assert not Measurement.objects.exists()
    value = Client().get("/api/openapi.json").json()["components"]["schemas"]["MeasurementIn"]["properties"]["value"]
    assert "at most 100 for a percentage" in value["description"]
    assert "422" in value["description"]


def test_phases_list_the_gate_decisions_and_a_new_one_supersedes(personas: Personas, project: Project) -> None:
    owner = _token_client(personas.owner)
    phases = owner.get(f"/api/v1/projects/{project.pk}/phases").json()
    assert [p["key"] for p in phases][:2] == ["analysis", "proof_of_concept"]
    gate = phases[0]["gate_id"]
    body = {"outcome": "go", "rationale": "Analysis done.", "decided_on": "2026-02-02"}
    first = _post(owner, f"/api/v1/gates/{gate}/decisions", body).json()
    second = _post(owner, f"/api/v1/gates/{gate}/decisions", {**body, "outcome": "stop"}).json()
    phases = owner.get(f"/api/v1/projects/{project.pk}/phases").json()
    assert phases[0]["decision"]["id"] == second["id"]
    assert [d["superseded_by_id"] for d in phases[0]["decisions"]] == [second["id"], None]
    assert phases[0]["state"] == "stopped"
    assert GateDecision.objects.get(pk=first["id"]).outcome == "go"


def test_actual_costs_through_the_api(personas: Personas, project: Project, budget: Budget) -> None:
    owner = _token_client(personas.owner)
    url = f"/api/v1/projects/{project.pk}/actual-costs"
    assert _post(owner, url, {"category": "coffee", "month": "2026-03-01", "amount": 10}).status_code == 422
    # A month before the project's start (January 2026) is refused, not stored to break the burn chart later.
    before = _post(owner, url, {"category": "development", "month": "2025-12-01", "amount": 10})
    assert before.status_code == 422
    assert before.json()["errors"][0]["loc"] == ["body", "month"]
    assert "start van het project (januari 2026)" in before.json()["errors"][0]["msg"]
    assert not ActualCost.objects.exists()
    assert owner.get(f"/api/v1/projects/{project.pk}").status_code == 200
    assert _post(owner, url, {"category": "development", "month": "2026-03-09", "amount": 5000}).status_code == 200
    assert _post(owner, url, {"category": "development", "month": "2026-03-01", "amount": 5500}).status_code == 200
    cost = ActualCost.objects.get()
    assert cost.amount == Decimal(5500)
    assert cost.month == date(2026, 3, 1)
    assert owner.get(url).json()[0]["amount"] == "5500.00"
    detail = owner.get(f"/api/v1/projects/{project.pk}").json()
    assert detail["spent"] == "5500.00"
    assert {k["name"] for k in detail["kpis"]} == {"Processing time", "First-time right"}


def test_starting_a_project_through_the_api_takes_the_preferred_partner(personas: Personas, decision: Any) -> None:
    owner = _token_client(personas.owner)
    use_case = decision.selection.use_case
    response = _post(owner, f"/api/v1/use-cases/{use_case.pk}/project", {"start_date": "2026-01-01"})
    assert response.status_code == 200, response.content
    assert response.json()["partner_name"] == "Acme AI"
    assert response.json()["candidate_id"] == str(decision.candidate_id)
    again = _post(owner, f"/api/v1/use-cases/{use_case.pk}/project", {"start_date": "2026-01-01"})
    assert again.status_code == 422


def test_partner_reviews_through_the_api(personas: Personas, project: Project) -> None:
    from partnerwijzer.results.models import PartnerReview

    owner = _token_client(personas.owner)
    url = f"/api/v1/projects/{project.pk}/partner-reviews"
    body = {"period": "2026-05-09", "delivery": 4, "quality": 3, "communication": 5, "knowledge_transfer": 2}
    assert _post(owner, url, {**body, "quality": 6}).status_code == 422
    assert _post(owner, url, {**body, "period": "2026-08-01"}).status_code == 422  # the future
    assert not PartnerReview.objects.exists()
    stored = _post(owner, url, body)
    assert stored.status_code == 200
    assert stored.json()["period"] == "2026-05-01"
    card = _token_client(personas.viewer).get(url).json()
    assert [r["delivery"] for r in card["reviews"]] == [4]
    assert {a["aspect"]: a["latest"] for a in card["aspects"]} == {
        "delivery": 4, "quality": 3, "communication": 5, "knowledge_transfer": 2}
    assert _post(_token_client(personas.viewer), url, body).status_code == 403


@pytest.mark.parametrize("period", [0, 1780000000, 0.0, True])
def test_a_date_given_as_a_number_is_refused_and_nothing_is_stored(
    personas: Personas, project: Project, period: object
) -> None:
    """Found by the schemathesis run with real ids: pydantic read ``"period": 0`` as Unix time and
    stored a review of January 1970, although the schema says the date is ISO text."""
    from partnerwijzer.results.models import PartnerReview

    body = {"period": period, "delivery": 4, "quality": 3, "communication": 5, "knowledge_transfer": 2}
    response = _post(_token_client(personas.owner), f"/api/v1/projects/{project.pk}/partner-reviews", body)
    assert response.status_code == 422
    assert [(e["loc"], e["type"]) for e in response.json()["errors"]] == [(["body", "period"], "date_type")]
    assert not PartnerReview.objects.exists()
