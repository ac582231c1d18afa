"""Benefits and return API: settings, benefit CRUD, the result with null for "beyond the horizon"."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from partnerwijzer.budget.models import BenefitLine, Budget, CostKind, CostLine
from partnerwijzer.budget.returns.services import benefit_create, return_settings_update
from partnerwijzer.planning.models import Kpi, UseCase
from tests.personas import Personas


@pytest.fixture
def use_case_fields() -> dict[str, Any]:
    return {"title": "PdM", "archetype": "predictive_maintenance"}


def _call(client: Client, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    if body is None:
        return client.generic(method, url)
    return client.generic(method, url, data=json.dumps(body), content_type="application/json")


def _uc(use_case: UseCase, tail: str = "") -> str:
    return f"/api/v1/use-cases/{use_case.pk}{tail}"


def test_settings_defaults_then_saved(personas: Personas, use_case: UseCase) -> None:
    owner = personas.client("owner")
    body = _call(owner, "GET", _uc(use_case, "/return/settings")).json()
    assert body == {"saved": False, "horizon_months": 36, "go_live_month": 9, "ramp_months": 6,
                    "discount_rate": 6.0, "suggested_go_live": 9}
    response = _call(owner, "PUT", _uc(use_case, "/return/settings"),
                     {"horizon_months": 60, "go_live_month": 12, "ramp_months": 9, "discount_rate": 8})
    assert response.status_code == 200
    assert response.json()["saved"] is True
    assert response.json()["horizon_months"] == 60
    assert Budget.objects.get().go_live_month == 12


def test_invalid_settings_are_422_with_the_message(personas: Personas, use_case: UseCase) -> None:
    response = _call(personas.client("owner"), "PUT", _uc(use_case, "/return/settings") + "?lang=en",
                     {"horizon_months": 36, "go_live_month": 36, "ramp_months": 6, "discount_rate": 6})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors[0]["loc"] == ["body", "go_live_month"]
    assert not Budget.objects.exists()


def test_benefit_crud(personas: Personas, use_case: UseCase) -> None:
    owner = personas.client("owner")
    kpi = Kpi.objects.create(use_case=use_case, name="Downtime", unit="h")
    created = _call(owner, "POST", _uc(use_case, "/benefits"), {
        "name": "Less downtime", "factor": "cost_savings", "method": "hours", "kpi_id": str(kpi.pk),
        "low": 100, "likely": "150.5", "high": 200, "unit_value": 80,
    })
    assert created.status_code == 200, created.content
    data = created.json()
    assert data["kpi_id"] == str(kpi.pk)
    assert (data["amount_low"], data["amount_likely"], data["amount_high"]) == (8000.0, 12040.0, 16000.0)
    url = f"/api/v1/benefits/{data['id']}"
    assert _call(personas.client("viewer"), "GET", url).json()["name"] == "Less downtime"
    assert [b["id"] for b in _call(owner, "GET", _uc(use_case, "/benefits")).json()] == [data["id"]]
    patched = _call(owner, "PATCH", url, {"high": 300, "kpi_id": None})
    assert patched.status_code == 200
    assert patched.json()["high"] == 300.0
    assert patched.json()["kpi_id"] is None
    assert _call(owner, "PATCH", url, {"low": 400}).status_code == 422
    assert BenefitLine.objects.get().low == Decimal(100)
    assert _call(owner, "DELETE", url).json() == {"deleted": True}
    assert not BenefitLine.objects.exists()


def test_another_organisations_kpi_is_refused(personas: Personas, use_case: UseCase) -> None:
    other = UseCase.objects.create(organisation=personas.other_organisation, title="Theirs")
    foreign = Kpi.objects.create(use_case=other, name="Secret", unit="h")
    answers = []
    for kpi_id in (str(foreign.pk), "00000000-0000-0000-0000-000000000000"):
        response = _call(personas.client("owner"), "POST", _uc(use_case, "/benefits"), {
            "name": "X", "factor": "productivity", "low": 1, "likely": 2, "high": 3, "kpi_id": kpi_id,
        })
        assert response.status_code == 422
        answers.append(response.json()["errors"])
    # Foreign and made-up ids are told apart neither by the message nor by the location.
    assert answers[0] == answers[1]
    assert [e["loc"] for e in answers[0]] == [["body", "kpi_id"]]
    assert not BenefitLine.objects.exists()


def test_result_not_available_without_costs(personas: Personas, use_case: UseCase) -> None:
    body = _call(personas.client("viewer"), "GET", _uc(use_case, "/return")).json()
    assert body["available"] is False
    assert body["reason"] == "no_costs"
    assert body["payback"] is None
    assert body["cumulative"] == []
    assert body["findings"] == []


def test_result_with_beyond_the_horizon_as_null(personas: Personas, use_case: UseCase) -> None:
    budget = return_settings_update(actor=personas.owner, use_case=use_case, horizon_months=24, go_live_month=0,
                                    ramp_months=0, discount_rate=Decimal(0))
    Budget.objects.filter(pk=budget.pk).update(buffer_percent=0)
    CostLine.objects.create(budget=budget, kind=CostKind.ONE_OFF, name="Build", low=100_000, likely=100_000,
                            high=100_000)
    benefit_create(actor=personas.owner, use_case=use_case, name="Savings", factor="cost_savings", method="amount",
                   low=12_000, likely=12_000, high=12_000)
    body = _call(personas.client("viewer"), "GET", _uc(use_case, "/return") + "?lang=en").json()
    assert body["available"] is True
    assert body["payback"] == {"p10": None, "p50": None, "p90": None}
    assert body["no_payback_probability"] == 1.0
    assert len(body["cumulative"]) == 24
    assert body["cumulative"][-1]["month"] == 24
    assert body["cumulative"][-1]["p50"] == pytest.approx(-76_000)
    assert body["roi"]["p50"] == pytest.approx(-0.76)
    assert body["roi_three_years_p50"] == pytest.approx(-0.64)
    codes = {f["code"] for f in body["findings"]}
    assert "no_payback_likely" in codes
    assert "go_live_early" in codes
    assert [f["factors"] for f in body["factors"]] == [["cost_savings"], ["productivity"], ["revenue", "strategic"],
                                                        ["risk_reduction"]]
    assert body["factors"][0]["share"] == 1.0
    assert body["factors"][0]["guide_share"] == 40
