"""The API: passages per candidate and criterion, and a search; exact errors."""

from __future__ import annotations

import pytest

from partnerwijzer.evaluation.models import Criterion
from partnerwijzer.evidence.tests.builders import make_evidence
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_passages_per_criterion(personas: Personas) -> None:
    setup = make_evidence(personas)
    criterion = Criterion.objects.get(selection=setup.selection, reference_key="data_protection")
    response = personas.client("viewer").get(f"/api/v1/candidates/{setup.firm_a.pk}/evidence",
                                             {"criterion_id": str(criterion.pk)})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["language"] == "en"
    assert body["waiting"] is False
    assert {s["name"] for s in body["sources"]} >= {"Acme profile.pdf", "Acme approach.docx"}
    [entry] = body["criteria"]
    assert entry["criterion_id"] == str(criterion.pk)
    pdf = next(p for p in entry["passages"] if p["file_name"] == "Acme profile.pdf")
    assert pdf["page"] == 2
    assert pdf["kind"] == "document"
    marked = [pdf["text"][m["start"]:m["end"]] for m in pdf["marks"]]
    assert "GDPR" in marked


def test_search_and_its_errors(personas: Personas) -> None:
    setup = make_evidence(personas)
    client = personas.client("evaluator")
    url = f"/api/v1/candidates/{setup.firm_a.pk}/evidence/search"
    body = client.get(url, {"q": "downtime"}).json()
    assert [p["file_name"] for p in body["passages"]] == ["Acme approach.docx"]
    assert body["passages"][0]["page"] == 2
    stop = client.get(url, {"q": "the"})
    assert stop.status_code == 422
    assert stop.json()["errors"][0]["loc"] == ["query", "q"]
    assert client.get(url, {"q": "x" * 201}).status_code == 422
    assert client.get(url, {"q": "a\x00b"}).status_code == 422
    assert client.get(url).json()["passages"] == []


def test_another_organisation_gets_404(personas: Personas) -> None:
    setup = make_evidence(personas)
    outsider = personas.client("outsider")
    assert outsider.get(f"/api/v1/candidates/{setup.firm_a.pk}/evidence").status_code == 404
    assert outsider.get(f"/api/v1/candidates/{setup.firm_a.pk}/evidence/search", {"q": "gdpr"}).status_code == 404
    other = personas.client("evaluator").get(f"/api/v1/candidates/{setup.firm_a.pk}/evidence",
                                             {"criterion_id": "00000000-0000-0000-0000-000000000000"})
    assert other.status_code == 404
