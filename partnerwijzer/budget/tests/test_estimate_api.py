"""Estimate API: settings, start, cost lines, roles, hidden costs and the result; money as decimal
strings; 422 with nothing stored on bad input; other use cases' lines are 404."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from partnerwijzer.budget.estimate import services
from partnerwijzer.budget.models import CostLine, EffortRole, HiddenCost
from partnerwijzer.planning.models import UseCase
from tests.personas import Personas


def _base(use_case: UseCase) -> str:
    return f"/api/v1/use-cases/{use_case.pk}/budget"


def _call(client: Client, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    if body is None:
        return client.generic(method, url)
    return client.generic(method, url, data=json.dumps(body), content_type="application/json")


def test_settings_before_and_after(personas: Personas, use_case: UseCase) -> None:
    client = personas.client("owner")
    data = _call(client, "GET", f"{_base(use_case)}/estimate/settings").json()
    assert data["exists"] is False
    assert data["buffer_percent"] == data["default_buffer_percent"] == "30.00"
    assert data["reference_buffer"]["low"] == 20
    assert data["reference_buffer"]["source"] == "guide-2025"
    response = _call(client, "PUT", f"{_base(use_case)}/estimate/settings", {"buffer_percent": "22.5"})
    assert response.status_code == 200
    assert response.json()["buffer_percent"] == "22.50"
    assert response.json()["exists"] is True
    response = _call(client, "PUT", f"{_base(use_case)}/estimate/settings", {"buffer_percent": 150})
    assert response.status_code == 422


def test_start_then_result_with_money_as_strings(personas: Personas, use_case: UseCase) -> None:
    client = personas.client("owner")
    assert _call(client, "GET", f"{_base(use_case)}/estimate").json()["available"] is False
    lines = _call(client, "POST", f"{_base(use_case)}/estimate/start").json()
    assert len(lines) == 6
    strategy = next(line for line in lines if line["category"] == "strategy")
    assert (strategy["low"], strategy["likely"], strategy["high"]) == ("20000.00", "35000.00", "50000.00")
    assert strategy["reference"]["low"] == 20000
    assert strategy["reference"]["source"] == "guide-2025"
    result = _call(client, "GET", f"{_base(use_case)}/estimate").json()
    assert result["available"] is True
    assert result["samples"] == 10_000
    assert result["running_years"] == 3
    for key in ("one_off", "buffer", "one_off_total", "running_per_year", "total"):
        band = result[key]
        assert all(isinstance(band[p], str) for p in ("p10", "p50", "p90"))
        assert Decimal(band["p10"]) <= Decimal(band["p50"]) <= Decimal(band["p90"])
    assert result["internal_effort"] is None
    assert len(result["items"]) == 6
    assert {item["kind"] for item in result["items"]} == {"one_off", "running"}
    # The same figures as the page (one seed per budget)
    assert result == _call(client, "GET", f"{_base(use_case)}/estimate").json()


def test_cost_line_crud(personas: Personas, use_case: UseCase) -> None:
    client = personas.client("owner")
    created = _call(client, "POST", f"{_base(use_case)}/cost-lines",
                    {"name": "Licences", "kind": "running", "low": 1000, "likely": "1500.5", "high": 3000})
    assert created.status_code == 200, created.content
    line = created.json()
    assert (line["likely"], line["kind"], line["label"], line["reference"]) == ("1500.50", "running", "Licences", None)
    url = f"{_base(use_case)}/cost-lines/{line['id']}"
    patched = _call(client, "PATCH", url, {"high": 2500})
    assert patched.json()["high"] == "2500.00"
    bad = _call(client, "PATCH", url, {"high": 1000})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["loc"] == ["body", "high"]
    assert CostLine.objects.get().high == Decimal(2500)
    assert len(_call(client, "GET", f"{_base(use_case)}/cost-lines").json()) == 1
    assert _call(client, "DELETE", url).json() == {"deleted": True}
    assert not CostLine.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"name": "x", "low": 10, "likely": 5, "high": 20},
        {"name": "x", "low": -1, "likely": 5, "high": 20},
        {"name": "x", "low": "1.001", "likely": 5, "high": 20},
        {"name": "", "low": 1, "likely": 5, "high": 20},
    ],
    ids=["order", "negative", "three-decimals", "no-name"],
)
def test_invalid_cost_line_is_422_and_nothing_stored(personas: Personas, use_case: UseCase,
                                                     body: dict[str, Any]) -> None:
    response = _call(personas.client("owner"), "POST", f"{_base(use_case)}/cost-lines", body)
    assert response.status_code == 422
    assert not CostLine.objects.exists()


def test_line_of_another_use_case_is_404(personas: Personas, use_case: UseCase) -> None:
    other = UseCase.objects.create(organisation=personas.organisation, title="Other")
    line = services.cost_line_create(actor=personas.owner, use_case=other, name="x", low=1, likely=1, high=1)
    response = _call(personas.client("owner"), "PATCH", f"{_base(use_case)}/cost-lines/{line.pk}", {"low": 0})
    assert response.status_code == 404
    assert _call(personas.client("owner"), "DELETE", f"{_base(use_case)}/cost-lines/not-a-uuid").status_code == 404


def test_effort_roles(personas: Personas, use_case: UseCase) -> None:
    client = personas.client("owner")
    role = _call(client, "POST", f"{_base(use_case)}/effort-roles", {
        "name": "Service lead", "basis": "share", "people": 2, "share_low": 10, "share_high": 30,
        "weekly_hours": 40, "months": 6, "hourly_rate": 65}).json()
    assert (role["hours_low"], role["hours_high"]) == ("104.0", "312.0")
    assert (role["cost_low"], role["cost_high"]) == ("13520.00", "40560.00")  # 104 h x 65 x 2
    url = f"{_base(use_case)}/effort-roles/{role['id']}"
    role = _call(client, "PATCH", url, {"basis": "hours", "hours_low": 50, "hours_high": 60}).json()
    assert (role["basis"], role["hours_low"], role["share_low"]) == ("hours", "50.0", None)
    missing = _call(client, "POST", f"{_base(use_case)}/effort-roles", {
        "name": "x", "basis": "share", "share_low": 10, "hourly_rate": 50})
    assert missing.status_code == 422
    assert EffortRole.objects.count() == 1
    result = _call(client, "GET", f"{_base(use_case)}/estimate").json()
    assert result["internal_effort"] is not None
    assert [item["key"] for item in result["items"]] == ["internal_effort"]
    assert _call(client, "DELETE", url).status_code == 200
    assert _call(client, "GET", f"{_base(use_case)}/effort-roles").json() == []


def test_hidden_costs(personas: Personas, use_case: UseCase) -> None:
    client = personas.client("owner")
    rows = _call(client, "GET", f"{_base(use_case)}/hidden-costs").json()
    assert [r["key"] for r in rows] == ["data_cleaning", "legacy_integration", "retraining", "change_management",
                                        "scaling"]
    assert {r["status"] for r in rows} == {"open"}
    assert rows[0]["figure"]["value"] == 68
    assert _call(client, "PUT", f"{_base(use_case)}/hidden-costs/retraining", {"status": "planned"}).status_code == 422
    assert not HiddenCost.objects.exists()
    row = _call(client, "PUT", f"{_base(use_case)}/hidden-costs/retraining",
                {"status": "planned", "amount": 6000}).json()
    assert (row["status"], row["amount"], row["kind"]) == ("planned", "6000.00", "running")
    assert _call(client, "PUT", f"{_base(use_case)}/hidden-costs/other", {"status": "open"}).status_code == 404


@pytest.mark.parametrize("persona", ["viewer", "evaluator"])
def test_readers_read_but_cannot_write(personas: Personas, use_case: UseCase, persona: str) -> None:
    services.estimate_start(actor=personas.owner, use_case=use_case)
    client = personas.client(persona)
    assert _call(client, "GET", f"{_base(use_case)}/estimate").status_code == 200
    response = _call(client, "PUT", f"{_base(use_case)}/estimate/settings", {"buffer_percent": 10})
    assert response.status_code == 403
    assert _call(client, "POST", f"{_base(use_case)}/estimate/start").status_code == 403


def test_outsider_gets_404(personas: Personas, use_case: UseCase) -> None:
    assert _call(personas.client("outsider"), "GET", f"{_base(use_case)}/estimate").status_code == 404
