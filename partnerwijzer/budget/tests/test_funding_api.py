"""Funding in the JSON API: the catalogue, a use case's funding, saving and removing applications."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from partnerwijzer.budget.models import Budget, FundingApplication
from partnerwijzer.budget.simulation import inputs_for
from partnerwijzer.planning.models import CompanyProfile
from tests.authorisation.rows.planning import use_case_for
from tests.personas import Personas


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 11, 27))


def _path(p: Personas, programme: str = "") -> str:
    base = f"/api/v1/use-cases/{use_case_for(p).pk}/funding"
    return f"{base}/{programme}" if programme else base


def _put(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.put(url, data=json.dumps(body), content_type="application/json")


def test_catalogue_in_each_language(personas: Personas) -> None:
    client = personas.client("outsider")
    body = client.get("/api/v1/reference/funding?lang=de").json()
    assert body["lang"] == "de"
    assert len(body["items"]) == 16
    items = {item["key"]: item for item in body["items"]}
    bafa = items["de-bafa-beratung"]
    assert bafa["status"] == "open"
    assert bafa["closes_on"] == "2026-12-31"
    assert bafa["max_staff"] == 249
    assert bafa["sme_only"]
    assert bafa["rate"]["value"] == 50
    assert bafa["rate"]["source"]["key"] == "bafa-beratung"
    assert items["de-go-digital"]["status_today"] == "ended"
    assert items["de-zim"]["not_verified"]
    assert items["de-zim"]["cap"]["value"] == 690000
    assert items["de-zim"]["verify_by"] == "2027-06-30"
    assert items["nl-mit"]["stale"] is True  # last verified 2024, past its verify_by
    assert items["de-by-digitalbonus"]["region"] == "Bayern"
    assert items["de-by-digitalbonus"]["verified_on_text"] == "7. Dezember 2026"
    assert items["de-by-digitalbonus"]["stale"] is False
    assert items["eu-edih"]["free_of_charge"] is True
    assert items["de-mittelstand-digital-zentren"]["free_of_charge"] is True
    assert items["eu-edih"]["rate"] is None
    assert not bafa["free_of_charge"]
    assert client.get("/api/v1/reference/funding?lang=fr").status_code == 422
    assert Client().get("/api/v1/reference/funding").status_code == 401


def test_use_case_funding_without_profile(personas: Personas) -> None:
    body = personas.client("viewer").get(_path(personas)).json()
    assert body["profile_complete"] is False
    assert body["matched"] == []
    assert body["applications"] == []
    assert body["total_in_roi"] == "0"


def test_use_case_funding_matches_and_reasons(personas: Personas) -> None:
    CompanyProfile.objects.create(organisation=personas.organisation, country="NL", staff_count=120)
    body = personas.client("viewer").get(_path(personas) + "?project_type=rnd").json()
    assert body["project_type"] == "rnd"
    matched = {m["programme"]: m for m in body["matched"]}
    assert {"nl-wbso", "nl-mit", "nl-innovatiekrediet"} <= set(matched)
    assert matched["nl-wbso"]["reasons"]
    assert {"de-go-digital", "de-digital-jetzt"} <= {m["programme"] for m in body["ended"]}
    assert "de-zim" in {m["programme"] for m in body["excluded"]}
    assert personas.client("viewer").get(_path(personas) + "?project_type=marketing").status_code == 422


def test_owner_saves_and_the_amount_reduces_the_roi_cost(personas: Personas) -> None:
    client = personas.client("owner")
    response = _put(client, _path(personas, "nl-wbso"), {"status": "granted", "expected_amount": 4200.5})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["expected_amount"] == "4200.50"
    assert body["counts_in_roi"] is True
    assert inputs_for(Budget.objects.get()).cost_reduction == 4200.5
    listed = client.get(_path(personas)).json()
    assert listed["total_in_roi"] == "4200.50"
    assert listed["applications"][0]["programme"] == "nl-wbso"


@pytest.mark.parametrize(
    ("programme", "body", "field"),
    [
        ("nl-wbso", {"status": "applied", "expected_amount": -1}, "expected_amount"),
        ("nl-wbso", {"status": "applied"}, "expected_amount"),
        ("de-go-digital", {"status": "applied", "expected_amount": 100}, "status"),
        ("no-such-programme", {"status": "considering"}, "programme"),
        ("nl-wbso", {"status": "won"}, "status"),
    ],
    ids=["negative", "applied-without-amount", "ended-programme", "unknown-programme", "unknown-status"],
)
def test_invalid_input_is_a_422_and_nothing_is_stored(
    personas: Personas, programme: str, body: dict[str, Any], field: str
) -> None:
    response = _put(personas.client("owner"), _path(personas, programme), body)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert any(field in error["loc"] for error in errors), errors
    assert all(error["msg"] for error in errors)
    assert not FundingApplication.objects.exists()


def test_roles_on_writes(personas: Personas) -> None:
    body = {"status": "considering"}
    assert _put(personas.client("viewer"), _path(personas, "eu-edih"), body).status_code == 403
    assert _put(personas.client("evaluator"), _path(personas, "eu-edih"), body).status_code == 403
    assert _put(personas.client("outsider"), _path(personas, "eu-edih"), body).status_code == 404
    assert personas.client("outsider").get(_path(personas)).status_code == 404
    assert not FundingApplication.objects.exists()


def test_delete(personas: Personas) -> None:
    client = personas.client("owner")
    _put(client, _path(personas, "eu-edih"), {"status": "considering"})
    assert client.delete(_path(personas, "eu-edih")).json() == {"deleted": True}
    assert client.delete(_path(personas, "eu-edih")).status_code == 404
    assert not FundingApplication.objects.exists()


def test_a_free_programme_is_applied_at_zero(personas: Personas) -> None:
    client = personas.client("owner")
    response = _put(client, _path(personas, "eu-edih"), {"status": "granted", "expected_amount": 0})
    assert response.status_code == 200
    assert response.json()["expected_amount"] == "0.00"
    assert _put(client, _path(personas, "nl-wbso"), {"status": "granted", "expected_amount": 0}).status_code == 422


def test_the_project_type_is_stored_and_used_as_the_default(personas: Personas) -> None:
    CompanyProfile.objects.create(organisation=personas.organisation, country="DE", region="Bayern", staff_count=40)
    viewer = personas.client("viewer")
    body = viewer.get(_path(personas)).json()
    assert body["project_type"] == body["saved_project_type"] == "consulting"  # the use case's stage
    owner = personas.client("owner")
    response = _put(owner, _path(personas), {"project_type": "rnd"})
    assert response.status_code == 200
    assert response.json()["project_type"] == response.json()["saved_project_type"] == "rnd"
    assert Budget.objects.get().funding_project_type == "rnd"
    body = viewer.get(_path(personas)).json()
    assert body["project_type"] == body["saved_project_type"] == "rnd"
    body = viewer.get(_path(personas) + "?project_type=training").json()
    assert (body["project_type"], body["saved_project_type"]) == ("training", "rnd")
    assert _put(owner, _path(personas), {"project_type": "marketing"}).status_code == 422
    assert _put(viewer, _path(personas), {"project_type": "training"}).status_code == 403
    assert _put(personas.client("outsider"), _path(personas), {"project_type": "training"}).status_code == 404
    assert Budget.objects.get().funding_project_type == "rnd"
