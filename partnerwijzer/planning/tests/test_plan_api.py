"""The plan core's JSON API: profile, use cases, KPIs, priorities, problem check, AI plan.
Who may call what is covered by tests/authorisation (rows/planning.py); here: behaviour."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.planning.models import CompanyProfile, Kpi, UseCase
from partnerwijzer.planning.usecases.services import use_case_create
from tests.personas import Personas


def _call(client: Client, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    if body is None:
        return client.generic(method, url)
    return client.generic(method, url, data=json.dumps(body), content_type="application/json")


def test_profile_get_before_and_after_put(personas: Personas) -> None:
    url = f"/api/v1/organisations/{personas.organisation.pk}/profile"
    owner = personas.client("owner")
    assert owner.get(url).json()["exists"] is False
    response = _call(owner, "PUT", url, {"nace_section": "C", "staff_count": 120, "region": "Noord-Brabant",
                                          "ai_experience": "first_pilot", "works_council": True})
    assert response.status_code == 200, response.content
    body = personas.client("viewer").get(url).json()
    assert (body["exists"], body["nace_section"], body["staff_count"], body["works_council"]) == (True, "C", 120, True)
    assert body["nace_name"]
    _call(owner, "PUT", url, {"industry": "Machinebouw"})
    profile = CompanyProfile.objects.get()
    assert (profile.industry, profile.staff_count) == ("Machinebouw", 120)  # left-out fields keep their value


def test_profile_put_rejects_unknown_section(personas: Personas) -> None:
    url = f"/api/v1/organisations/{personas.organisation.pk}/profile"
    response = _call(personas.client("owner"), "PUT", url, {"nace_section": "Z"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "nace_section"]


def test_use_case_lifecycle_with_kpis_and_check(personas: Personas) -> None:
    owner = personas.client("owner")
    response = _call(owner, "POST", f"/api/v1/organisations/{personas.organisation.pk}/use-cases",
                     {"title": "Quotes", "department": "sales_marketing", "problem_statement": "We need AI"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["problem_check"]["passed"] is False
    assert "technology_not_problem" in [i["code"] for i in body["problem_check"]["issues"]]
    uc = body["id"]
    response = _call(owner, "POST", f"/api/v1/use-cases/{uc}/kpis", {
        "name": "Lead time", "unit": "hours", "baseline_value": 16, "target_value": 6, "target_date": "2027-06-30",
    })
    assert response.status_code == 200, response.content
    kpi_id = response.json()["id"]
    response = _call(owner, "PATCH", f"/api/v1/use-cases/{uc}", {
        "problem_statement": "Cut quote preparation time by 60%", "current_state": "16 hours per quote",
    })
    assert response.json()["problem_check"] == {"passed": True, "issues": [], "technologies": []}
    assert personas.client("viewer").get(f"/api/v1/use-cases/{uc}/problem-check").json()["passed"] is True
    response = _call(owner, "PATCH", f"/api/v1/kpis/{kpi_id}", {"target_value": 20})
    assert response.status_code == 422  # lower is better: the target must stay below the baseline
    response = _call(owner, "PATCH", f"/api/v1/kpis/{kpi_id}", {"target_date": None})
    assert response.json()["target_date"] is None
    listed = personas.client("evaluator").get(f"/api/v1/use-cases/{uc}/kpis").json()
    assert [k["name"] for k in listed] == ["Lead time"]
    assert _call(owner, "DELETE", f"/api/v1/kpis/{kpi_id}").json() == {"deleted": True}
    assert not Kpi.objects.exists()
    assert _call(owner, "DELETE", f"/api/v1/use-cases/{uc}").json() == {"deleted": True}
    assert not UseCase.objects.exists()
    assert AuditEvent.objects.filter(action__startswith="use_case.").count() == 3


def test_unknown_department_is_a_422(personas: Personas) -> None:
    response = _call(personas.client("owner"), "POST", f"/api/v1/organisations/{personas.organisation.pk}/use-cases",
                     {"title": "X", "department": "marketing"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "department"]


def test_priorities_and_lighthouse(personas: Personas) -> None:
    owner = personas.client("owner")
    a = use_case_create(actor=personas.owner, organisation=personas.organisation, title="A")
    b = use_case_create(actor=personas.owner, organisation=personas.organisation, title="B")
    _call(owner, "PUT", f"/api/v1/use-cases/{a.pk}/priority", {"impact": 3, "feasibility": 4})
    body = _call(owner, "PUT", f"/api/v1/use-cases/{b.pk}/priority", {"impact": 4, "feasibility": 3}).json()
    ranked = [(r["title"], r["score"], bool(r["tie_note"])) for r in body["ranked"]]
    assert ranked == [("B", 12, False), ("A", 12, True)]
    assert _call(owner, "PUT", f"/api/v1/use-cases/{a.pk}/priority", {"impact": 6, "feasibility": 1}).status_code == 422
    _call(owner, "POST", f"/api/v1/use-cases/{a.pk}/lighthouse", {"is_lighthouse": True})
    body = _call(owner, "POST", f"/api/v1/use-cases/{b.pk}/lighthouse", {}).json()
    assert body["lighthouse_id"] == str(b.pk)
    listed = personas.client("viewer").get(f"/api/v1/organisations/{personas.organisation.pk}/priorities").json()
    assert [r["is_lighthouse"] for r in listed["ranked"]] == [True, False]


def test_summary(personas: Personas) -> None:
    use_case = use_case_create(actor=personas.owner, organisation=personas.organisation, title="Maintenance",
                               department="production_operations", archetype="predictive_maintenance")
    body = personas.client("viewer").get(f"/api/v1/use-cases/{use_case.pk}/summary").json()
    assert body["use_case"]["id"] == str(use_case.pk)
    assert body["archetype"]["payback"]["low"] == 10
    assert body["archetype"]["duration"]["high"] == 12
    assert body["priority"] is None


def test_malformed_and_foreign_ids_are_the_same_404(personas: Personas) -> None:
    theirs = use_case_create(actor=personas.outsider, organisation=personas.other_organisation, title="Fremd")
    owner = personas.client("owner")
    a = owner.get(f"/api/v1/use-cases/{theirs.pk}")
    b = owner.get("/api/v1/use-cases/not-a-uuid")
    assert a.status_code == b.status_code == 404
    assert a.json() == b.json()
