"""The selections page (/selections/), starting a selection, and the journey status."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerwijzer.journey.selectors import journey_for
from partnerwijzer.journey.steps import Status
from partnerwijzer.sourcing.models import Selection
from partnerwijzer.sourcing.stages import Stage
from partnerwijzer.sourcing.tests.conftest import XSS, MakeCandidate
from tests.personas import Personas

URL = "/selections/"


def test_route_name() -> None:
    assert reverse("sourcing:selection_list") == URL


def test_empty_state_tells_an_owner_what_to_do(personas: Personas) -> None:
    response = personas.client("owner").get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="no-selections"' in html
    assert f'action="{reverse("sourcing:selection_create")}"' in html


@pytest.mark.parametrize("persona", ["viewer", "evaluator"])
def test_readers_see_no_create_form(personas: Personas, persona: str) -> None:
    html = personas.client(persona).get(URL).content.decode()
    assert 'id="no-selections"' in html
    assert reverse("sourcing:selection_create") not in html


def test_list_shows_own_selections_only_escaped(
    personas: Personas, selection: Selection, other_selection: Selection, make_candidate: MakeCandidate
) -> None:
    selection.title = XSS
    selection.save()
    make_candidate("A")
    make_candidate("B", stage=Stage.SHORTLIST)
    response = personas.client("viewer").get(URL)
    html = response.content.decode()
    assert reverse("sourcing:selection_detail", args=[selection.pk]) in html
    assert reverse("sourcing:selection_detail", args=[other_selection.pk]) not in html
    assert XSS not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert response.context["selections"][0].candidate_count == 2


def test_owner_starts_a_selection(personas: Personas) -> None:
    response = personas.client("owner").post(
        reverse("sourcing:selection_create"), {"title": "Vision inspection", "description": "Find scratches."}
    )
    selection = Selection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("sourcing:selection_detail", args=[selection.pk])
    assert (selection.title, selection.organisation, selection.created_by) == (
        "Vision inspection",
        personas.organisation,
        personas.owner,
    )
    assert selection.criteria.count() == 8


def test_create_without_title_shows_the_error_and_keeps_input(personas: Personas) -> None:
    response = personas.client("owner").post(
        reverse("sourcing:selection_create"), {"title": "", "description": "Keep me"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert "Keep me" in html
    assert not Selection.objects.exists()


@pytest.mark.parametrize("persona", ["viewer", "evaluator"])
def test_readers_cannot_start_a_selection(personas: Personas, persona: str) -> None:
    response = personas.client(persona).post(reverse("sourcing:selection_create"), {"title": "Sneaky"})
    assert response.status_code == 403
    assert not Selection.objects.exists()


def test_journey_status_follows_the_selection(personas: Personas, make_candidate: MakeCandidate) -> None:
    def status() -> Status:
        step = next(s for s in journey_for(organisation=personas.organisation).steps if s.step.key == "selection")
        return step.status

    assert journey_for(organisation=personas.other_organisation).steps[4].status == Status.NOT_STARTED
    candidate = make_candidate("Acme AI")  # creates the selection
    assert status() == Status.IN_PROGRESS
    candidate.stage = Stage.CHOSEN
    candidate.save()
    assert status() == Status.DONE


def test_journey_navigation_links_here(personas: Personas) -> None:
    html = personas.client("viewer").get(reverse("journey:dashboard")).content.decode()
    assert f'href="{URL}"' in html
