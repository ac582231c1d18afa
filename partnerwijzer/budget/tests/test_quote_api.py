"""The quotes endpoints of /api/v1/: the use case's quotes with comparison and TCO, a
candidate's quote (GET, PUT, DELETE) and the price-from-quotes choice."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.test import Client

from partnerwijzer.budget.models import Quote
from partnerwijzer.budget.quotes.services import quote_save
from partnerwijzer.budget.tests.builders import make_quote_world
from partnerwijzer.evaluation.selectors import scoring_setup_of
from tests.api.conftest import bearer_client
from tests.personas import Personas


def _send(client: Client, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    if body is None:
        return client.generic(method, url)
    return client.generic(method, url, data=json.dumps(body), content_type="application/json")


def test_list_has_comparison_tco_and_order(personas: Personas) -> None:
    use_case, selection, (alpha, beta, gamma) = make_quote_world(personas)
    quote_save(actor=personas.owner, candidate=alpha, lines={"strategy": 9000, "data": 50000}, running_per_year=20000)
    quote_save(actor=personas.owner, candidate=beta, lines={"strategy": 30000}, running_per_year=10000)
    response = bearer_client(personas.viewer).get(f"/api/v1/use-cases/{use_case.pk}/quotes")
    assert response.status_code == 200
    body = response.json()
    assert body["tco_years"] == 3
    assert Decimal(body["far_below_factor"]) == Decimal("0.5")
    assert body["estimate_total"] is None
    (sel,) = body["selections"]
    assert sel["id"] == str(selection.pk)
    assert sel["has_price_criterion"] is True
    assert sel["price_from_quotes"] is False
    assert sel["missing_quotes"] == [{"id": str(gamma.pk), "name": "Gamma"}]
    assert [(c["candidate_name"], c["tco"]) for c in sel["candidates"]] == [
        ("Beta", "60000.00"), ("Alpha", "119000.00"), ("Gamma", None)
    ]
    alpha_rows = {row["category"]: row for row in sel["candidates"][1]["comparison"]}
    assert alpha_rows["strategy"]["flags"] == ["far_below_guide"]
    assert Decimal(alpha_rows["strategy"]["guide_low"]) == Decimal(20000)
    assert alpha_rows["model"]["amount"] is None
    assert sel["candidates"][2]["quote"] is None


def test_get_put_delete_a_quote(personas: Personas) -> None:
    _uc, _sel, (alpha, *_rest) = make_quote_world(personas)
    url = f"/api/v1/candidates/{alpha.pk}/quote"
    owner = bearer_client(personas.owner)
    assert owner.get(url).json()["quote"] is None
    response = _send(owner, "PUT", url, {"lines": {"strategy": "30000", "data": 45000.5}, "running_per_year": "20000",
                                         "received_on": "2026-03-14", "note": "Valid 60 days"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["quote"]["lines"] == {"strategy": "30000.00", "data": "45000.50"}
    assert body["quote"]["source"] == "manual"
    assert body["tco"] == "135000.50"
    assert bearer_client(personas.evaluator).get(url).json()["quote"]["running_per_year"] == "20000.00"
    assert _send(owner, "DELETE", url).json() == {"deleted": True}
    assert _send(owner, "DELETE", url).json() == {"deleted": False}
    assert not Quote.objects.exists()


def test_invalid_put_is_422_naming_the_field_and_stores_nothing(personas: Personas) -> None:
    _uc, _sel, (alpha, *_rest) = make_quote_world(personas)
    url = f"/api/v1/candidates/{alpha.pk}/quote"
    owner = bearer_client(personas.owner)
    negative = _send(owner, "PUT", url, {"lines": {"strategy": "-1"}})
    assert negative.status_code == 422
    assert [e["loc"] for e in negative.json()["errors"]] == [["body", "lines", "strategy"]]
    unknown = _send(owner, "PUT", url, {"lines": {"consulting": "1000"}})
    assert unknown.status_code == 422
    assert [e["loc"] for e in unknown.json()["errors"]] == [["body", "lines"]]
    assert "consulting" in unknown.json()["errors"][0]["msg"]
    assert not Quote.objects.exists()


def test_members_read_owners_write_outsiders_get_404(personas: Personas) -> None:
    use_case, _sel, (alpha, *_rest) = make_quote_world(personas)
    url = f"/api/v1/candidates/{alpha.pk}/quote"
    assert _send(bearer_client(personas.viewer), "PUT", url, {"lines": {"strategy": "1"}}).status_code == 403
    assert bearer_client(personas.outsider).get(url).status_code == 404
    assert bearer_client(personas.outsider).get(f"/api/v1/use-cases/{use_case.pk}/quotes").status_code == 404
    assert not Quote.objects.exists()


def test_price_from_quotes_toggle_reports_who_lacks_a_quote(personas: Personas) -> None:
    _uc, selection, (alpha, beta, gamma) = make_quote_world(personas)
    url = f"/api/v1/selections/{selection.pk}/price-from-quotes"
    owner = bearer_client(personas.owner)
    body = _send(owner, "PUT", url, {"enabled": True}).json()
    assert body["enabled"] is True
    assert body["active"] is False
    assert [m["name"] for m in body["missing_quotes"]] == ["Alpha", "Beta", "Gamma"]
    for candidate in (alpha, beta, gamma):
        quote_save(actor=personas.owner, candidate=candidate, lines={"strategy": 30000})
    body = _send(owner, "PUT", url, {"enabled": True}).json()
    assert body["active"] is True
    assert body["missing_quotes"] == []
    assert _send(owner, "PUT", url, {"enabled": False}).json()["enabled"] is False
    selection.refresh_from_db()
    assert scoring_setup_of(selection).price_from_quotes is False
