"""The contract API: decision, items, refresh, readiness; validation gives 422 and stores nothing."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from partnerwijzer.contract.models import ContractItem, PartnerDecision
from partnerwijzer.sourcing.models import Candidate, Selection
from tests.personas import Personas

from .conftest import HIGH_RISK_WALK, store_answers


def _call(client: Client, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    if body is None:
        return client.generic(method, url)
    return client.generic(method, url, data=json.dumps(body), content_type="application/json")


def _base(selection: Selection) -> str:
    return f"/api/v1/selections/{selection.pk}/contract"


def test_get_decision_before_and_after_choosing(
    personas: Personas, selection: Selection, candidates: dict[str, Candidate]
) -> None:
    Candidate.objects.filter(pk=candidates["beta"].pk).update(stage="negotiation")
    viewer, owner = personas.client("viewer"), personas.client("owner")
    state = viewer.get(f"{_base(selection)}/decision").json()
    assert state == {"decision": None, "suggested_candidate_id": str(candidates["beta"].pk)}
    assert viewer.get(f"{_base(selection)}/items").json() == []
    response = _call(owner, "PUT", f"{_base(selection)}/decision", {
        "candidate_id": str(candidates["beta"].pk), "rationale": "Strong references.",
        "disagreement_resolution": "Talked it through.",
    })
    assert response.status_code == 200
    body = response.json()
    assert body["created"] is True
    assert body["added_items"] == 13
    assert body["decision"]["candidate_name"] == "Beta Data"
    state = viewer.get(f"{_base(selection)}/decision").json()
    assert state["decision"]["disagreement_resolution"] == "Talked it through."


def test_put_decision_validation_is_422_and_stores_nothing(
    personas: Personas, selection: Selection, candidates: dict[str, Candidate]
) -> None:
    owner = personas.client("owner")
    other = Selection.objects.create(organisation=personas.organisation, title="Other")
    stranger = Candidate.objects.create(selection=other, name="Stranger")
    for body, field in (
        ({"candidate_id": str(candidates["acme"].pk), "rationale": ""}, "rationale"),
        ({"candidate_id": str(stranger.pk), "rationale": "x"}, "candidate"),
        ({"candidate_id": "not-a-uuid", "rationale": "x"}, "candidate"),
        ({"candidate_id": str(candidates["dropped"].pk), "rationale": "x"}, "candidate"),
    ):
        response = _call(owner, "PUT", f"{_base(selection)}/decision", body)
        assert response.status_code == 422, body
        assert response.json()["errors"][0]["loc"] == ["body", field]
    assert not PartnerDecision.objects.exists()


def test_items_in_the_requested_language_with_refs(personas: Personas, decision: PartnerDecision) -> None:
    items = personas.client("viewer").get(f"{_base(decision.selection)}/items?lang=de").json()
    assert len(items) == 13
    assert items[0]["key"] == "scope_deliverables"
    assert items[0]["title"] == "Leistungsumfang und Ergebnisse"
    assert items[0]["refs"] == [{"source": "guide-2025", "article": ""}]
    protection = next(i for i in items if i["key"] == "data_protection")
    assert {"source": "gdpr-2016", "article": "Artikel 32 (Sicherheit)"} in protection["refs"]
    assert [i["source"] for i in items[-2:]] == ["kpi", "kpi"]


def test_patch_item_sets_and_clears_the_owner(personas: Personas, decision: PartnerDecision) -> None:
    owner = personas.client("owner")
    item = ContractItem.objects.get(decision=decision, key="acceptance")
    url = f"/api/v1/contract-items/{item.pk}"
    body = _call(owner, "PATCH", url, {"status": "agreed", "wording": "Annex B.", "owner_id": str(personas.viewer.pk)})
    assert body.status_code == 200
    assert body.json()["owner_email"] == "viewer@example.com"
    assert _call(owner, "PATCH", url, {"status": "open"}).json()["owner_email"] == "viewer@example.com"
    cleared = _call(owner, "PATCH", url, {"owner_id": None}).json()
    assert cleared["owner_id"] is None
    assert cleared["wording"] == "Annex B."
    assert cleared["status"] == "open"
    refused = _call(owner, "PATCH", url, {"owner_id": str(personas.outsider.pk)})
    assert refused.status_code == 422
    refused = _call(owner, "PATCH", url, {"status": "done"})
    assert refused.status_code == 422
    item.refresh_from_db()
    assert (item.status, item.owner) == ("open", None)


def test_own_items_create_and_delete_guide_items_stay(personas: Personas, decision: PartnerDecision) -> None:
    owner = personas.client("owner")
    created = _call(owner, "POST", f"{_base(decision.selection)}/items", {"title": "Penalty clause"})
    assert created.status_code == 200
    assert created.json()["source"] == "own"
    assert _call(owner, "POST", f"{_base(decision.selection)}/items", {"title": " "}).status_code == 422
    assert _call(owner, "DELETE", f"/api/v1/contract-items/{created.json()['id']}").json() == {"deleted": True}
    guide = ContractItem.objects.get(decision=decision, key="exit_strategy")
    assert _call(owner, "DELETE", f"/api/v1/contract-items/{guide.pk}").status_code == 422
    assert ContractItem.objects.filter(pk=guide.pk).exists()


def test_refresh_and_readiness(personas: Personas, decision: PartnerDecision) -> None:
    owner = personas.client("owner")
    selection = decision.selection
    assert _call(owner, "POST", f"{_base(selection)}/refresh").json() == {"added": []}
    assert selection.use_case is not None
    store_answers(selection.use_case, "ai_act", HIGH_RISK_WALK)
    added = _call(owner, "POST", f"{_base(selection)}/refresh").json()["added"]
    assert len(added) == 6
    assert {a["source"] for a in added} == {"ai_act"}
    assert _call(owner, "POST", f"{_base(selection)}/refresh").json() == {"added": []}
    readiness = personas.client("viewer").get(f"{_base(selection)}/readiness?lang=en").json()
    assert readiness["decided"] is True
    assert readiness["ready"] is False
    assert (readiness["total"], readiness["missing"]) == (19, 19)
    assert readiness["verdict"] == "Not ready to sign: 19 of 19 items are still missing and 0 open."
    assert "AI Act: keep the logs for at least six months" in [i["title"] for i in readiness["missing_items"]]


def test_refresh_and_own_item_without_decision_are_422(personas: Personas, selection: Selection) -> None:
    owner = personas.client("owner")
    assert _call(owner, "POST", f"{_base(selection)}/refresh").status_code == 422
    assert _call(owner, "POST", f"{_base(selection)}/items", {"title": "x"}).status_code == 422
    readiness = owner.get(f"{_base(selection)}/readiness").json()
    assert readiness["decided"] is False
    assert readiness["ready"] is False
