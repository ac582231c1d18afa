"""Editing and deleting a selection (owners; delete asks for confirmation first)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.sourcing.models import Candidate, Selection
from partnerwijzer.sourcing.tests.conftest import MakeCandidate
from tests.personas import Personas


def test_owner_edits_the_selection(personas: Personas, selection: Selection) -> None:
    url = reverse("sourcing:selection_update", args=[selection.pk])
    form = personas.client("owner").get(url)
    assert 'value="Predictive maintenance partner"' in form.content.decode()
    response = personas.client("owner").post(url, {"title": "Vision", "description": "New scope"})
    assert response.status_code == 302
    selection.refresh_from_db()
    assert (selection.title, selection.description) == ("Vision", "New scope")


def test_edit_with_empty_title_changes_nothing(personas: Personas, selection: Selection) -> None:
    url = reverse("sourcing:selection_update", args=[selection.pk])
    response = personas.client("owner").post(url, {"title": " ", "description": "x"})
    assert response.status_code == 400
    selection.refresh_from_db()
    assert selection.title == "Predictive maintenance partner"


@pytest.mark.parametrize(("persona", "status"), [("viewer", 403), ("evaluator", 403), ("outsider", 404)])
def test_others_cannot_edit_or_delete(personas: Personas, selection: Selection, persona: str, status: int) -> None:
    client = personas.client(persona)
    assert client.post(reverse("sourcing:selection_update", args=[selection.pk]), {"title": "X"}).status_code == status
    assert client.post(reverse("sourcing:selection_delete", args=[selection.pk])).status_code == status
    selection.refresh_from_db()
    assert selection.title == "Predictive maintenance partner"


def test_delete_asks_first_then_deletes(
    personas: Personas, selection: Selection, make_candidate: MakeCandidate
) -> None:
    make_candidate("Acme AI")
    url = reverse("sourcing:selection_delete", args=[selection.pk])
    confirm = personas.client("owner").get(url)
    assert confirm.status_code == 200
    assert Selection.objects.filter(pk=selection.pk).exists()
    assert 'class="button button--danger"' in confirm.content.decode()
    response = personas.client("owner").post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("sourcing:selection_list")
    assert not Selection.objects.exists()
    assert not Candidate.objects.exists()
    assert AuditEvent.objects.filter(action="selection.delete", organisation=personas.organisation).exists()
