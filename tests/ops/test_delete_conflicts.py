"""Issue 12 item 3: deleting something others depend on is a 409 or a page that says what to do
first, never a ProtectedError (500)."""

from __future__ import annotations

import pytest

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.contract.models import ContractItem, PartnerDecision
from partnerwijzer.contract.services import decision_save
from partnerwijzer.sourcing.models import Candidate, Selection
from partnerwijzer.sourcing.services import candidate_create, selection_create
from tests.api.conftest import bearer_client
from tests.personas import Personas


@pytest.fixture
def decided(personas: Personas) -> tuple[Selection, Candidate, Candidate]:
    selection = selection_create(actor=personas.owner, organisation=personas.organisation, title="Maintenance")
    chosen = candidate_create(actor=personas.owner, selection=selection, name="Chosen BV")
    other = candidate_create(actor=personas.owner, selection=selection, name="Other BV")
    decision_save(actor=personas.owner, selection=selection, candidate=chosen, rationale="Best references")
    return selection, chosen, other


@pytest.mark.django_db
def test_api_refuses_to_delete_the_preferred_partner_with_409(personas: Personas, decided: tuple) -> None:
    _selection, chosen, other = decided
    client = bearer_client(personas.owner)
    response = client.delete(f"/api/v1/candidates/{chosen.pk}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert "Chosen BV is the preferred partner" in response.json()["detail"]
    assert Candidate.objects.filter(pk=chosen.pk).exists()
    assert not AuditEvent.objects.filter(action="candidate.delete").exists()
    # Another candidate can still be removed.
    assert client.delete(f"/api/v1/candidates/{other.pk}").status_code == 200


@pytest.mark.django_db
def test_the_page_says_what_to_do_first(personas: Personas, decided: tuple) -> None:
    _, chosen, _ = decided
    response = personas.client("owner").post(f"/candidates/{chosen.pk}/delete/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 409
    html = response.content.decode()
    assert "Chosen BV is de voorkeurspartner van deze selectie" in html
    assert "Kies eerst in de stap Contract een andere voorkeurspartner" in html
    assert "Yes, remove" not in html
    assert "Ja, verwijderen" not in html
    assert Candidate.objects.filter(pk=chosen.pk).exists()


@pytest.mark.django_db
def test_a_selection_with_a_partner_decision_is_deleted_with_it_via_the_api(
    personas: Personas, decided: tuple
) -> None:
    selection, _, _ = decided
    assert ContractItem.objects.filter(decision__selection=selection).exists()
    response = bearer_client(personas.owner).delete(f"/api/v1/selections/{selection.pk}")
    assert response.status_code == 200
    assert not Selection.objects.filter(pk=selection.pk).exists()
    assert not PartnerDecision.objects.exists()
    assert not ContractItem.objects.exists()
    assert AuditEvent.objects.filter(action="selection.delete").count() == 1


@pytest.mark.django_db
def test_a_selection_with_a_partner_decision_is_deleted_on_the_page(personas: Personas, decided: tuple) -> None:
    selection, _, _ = decided
    client = personas.client("owner")
    confirm = client.get(f"/selections/{selection.pk}/delete/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Een partnerkeuze en de contractchecklist van deze selectie worden ook verwijderd." in confirm
    response = client.post(f"/selections/{selection.pk}/delete/")
    assert response.status_code == 302
    assert not Selection.objects.filter(pk=selection.pk).exists()
    assert not Candidate.objects.exists()
