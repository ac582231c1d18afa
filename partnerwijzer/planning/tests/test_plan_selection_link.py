"""A selection is for a use case: owners pick it when they start or edit a selection."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.planning.usecases.services import use_case_create
from partnerwijzer.sourcing.models import Selection
from partnerwijzer.sourcing.services import selection_create, selection_update
from tests.personas import Personas


def test_owner_starts_a_selection_for_a_use_case(personas: Personas) -> None:
    use_case = use_case_create(actor=personas.owner, organisation=personas.organisation, title="Maintenance")
    use_case_create(actor=personas.outsider, organisation=personas.other_organisation, title="Fremd")
    client = personas.client("owner")
    html = client.get(reverse("sourcing:selection_create")).content.decode()
    assert f'value="{use_case.pk}"' in html
    assert "Fremd" not in html
    response = client.post(reverse("sourcing:selection_create"), {"title": "Partner", "use_case": str(use_case.pk)})
    assert response.status_code == 302
    selection = Selection.objects.get()
    assert selection.use_case == use_case
    assert AuditEvent.objects.get(action="selection.create").changes["use_case"] == str(use_case.pk)


def test_another_organisations_use_case_cannot_be_picked(personas: Personas) -> None:
    theirs = use_case_create(actor=personas.outsider, organisation=personas.other_organisation, title="Fremd")
    response = personas.client("owner").post(
        reverse("sourcing:selection_create"), {"title": "Partner", "use_case": str(theirs.pk)}
    )
    assert response.status_code == 400
    assert not Selection.objects.exists()
    with pytest.raises(ValidationError):
        selection_create(actor=personas.owner, organisation=personas.organisation, title="X", use_case=theirs)


def test_owner_links_and_unlinks_on_edit(personas: Personas) -> None:
    use_case = use_case_create(actor=personas.owner, organisation=personas.organisation, title="Maintenance")
    selection = selection_create(actor=personas.owner, organisation=personas.organisation, title="Partner")
    url = reverse("sourcing:selection_update", args=[selection.pk])
    client = personas.client("owner")
    client.post(url, {"title": "Partner", "use_case": str(use_case.pk)})
    selection.refresh_from_db()
    assert selection.use_case == use_case
    assert f'value="{use_case.pk}" selected' in client.get(url).content.decode()
    client.post(url, {"title": "Partner", "use_case": ""})
    selection.refresh_from_db()
    assert selection.use_case is None
    changes = [e.changes for e in AuditEvent.objects.filter(action="selection.update").order_by("created_at")]
    assert changes == [{"use_case": [None, str(use_case.pk)]}, {"use_case": [str(use_case.pk), None]}]


def test_callers_that_pass_no_use_case_keep_the_link(personas: Personas) -> None:
    use_case = use_case_create(actor=personas.owner, organisation=personas.organisation, title="Maintenance")
    selection = selection_create(
        actor=personas.owner, organisation=personas.organisation, title="Partner", use_case=use_case
    )
    selection_update(actor=personas.owner, selection=selection, title="Renamed", description="")
    selection.refresh_from_db()
    assert (selection.title, selection.use_case) == ("Renamed", use_case)
