"""The selection page: board and list of candidates, the funnel, rejected candidates, stage moves."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from partnerwijzer.sourcing.models import Selection
from partnerwijzer.sourcing.services import candidate_reject
from partnerwijzer.sourcing.stages import Stage
from partnerwijzer.sourcing.tests.conftest import XSS, MakeCandidate
from tests.personas import Personas


def _url(selection: Selection, view: str = "") -> str:
    url = reverse("sourcing:selection_detail", kwargs={"selection_id": selection.pk})
    return f"{url}?view={view}" if view else url


@pytest.mark.parametrize("persona", ["owner", "evaluator", "viewer"])
def test_members_see_the_board(
    personas: Personas, selection: Selection, make_candidate: MakeCandidate, persona: str
) -> None:
    acme = make_candidate("Acme AI", stage=Stage.SHORTLIST, provider_type="ai_pure_player", city="Delft", country="NL")
    response = personas.client(persona).get(_url(selection))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="board"' in html
    assert html.count('class="board__column') == len(Stage)
    columns = {
        part.split('data-stage="', 1)[1].split('"', 1)[0]: part
        for part in html.split('<section class="board__column')[1:]
    }
    assert f'data-candidate="{acme.pk}"' in columns["shortlist"]
    assert f'data-candidate="{acme.pk}"' not in columns["longlist"]
    assert "Delft, NL" in html
    can_move = reverse("sourcing:candidate_stage", args=[acme.pk]) in html
    assert can_move is (persona == "owner")
    assert (reverse("sourcing:candidate_create", args=[selection.pk]) in html) is (persona == "owner")


def test_outsider_and_unknown_get_the_same_404(personas: Personas, selection: Selection) -> None:
    client = personas.client("outsider")
    other = client.get(_url(selection))
    missing = client.get(reverse("sourcing:selection_detail", kwargs={"selection_id": uuid.uuid4()}))
    assert other.status_code == missing.status_code == 404
    assert other.content == missing.content


def test_empty_selection_says_what_to_do(personas: Personas, selection: Selection) -> None:
    html = personas.client("owner").get(_url(selection)).content.decode()
    assert 'id="no-candidates"' in html
    assert 'id="board"' not in html
    assert reverse("knowledge:sourcing_channels") in html


def test_list_view_shows_a_table_with_a_stage_select(
    personas: Personas, selection: Selection, make_candidate: MakeCandidate
) -> None:
    acme = make_candidate("Acme AI", stage=Stage.TALKS)
    html = personas.client("owner").get(_url(selection, "list")).content.decode()
    assert 'id="candidate-list"' in html
    assert 'id="board"' not in html
    assert f'data-candidate="{acme.pk}" data-stage="talks"' in html
    assert f'id="stage-{acme.pk}"' in html
    assert 'name="view" value="list"' in html


def test_candidate_names_are_escaped(personas: Personas, selection: Selection, make_candidate: MakeCandidate) -> None:
    evil = make_candidate(XSS)
    candidate_reject(actor=personas.owner, candidate=make_candidate("B"), reason=XSS)
    for view in ("", "list"):
        html = personas.client("owner").get(_url(selection, view)).content.decode()
        assert XSS not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert f'data-candidate="{evil.pk}"' in html


def test_rejected_candidates_are_shown_apart_with_their_reason(
    personas: Personas, selection: Selection, make_candidate: MakeCandidate
) -> None:
    make_candidate("Kept")
    gone = make_candidate("Gone", stage=Stage.TALKS)
    candidate_reject(actor=personas.owner, candidate=gone, reason="Pushed their own platform.")
    response = personas.client("viewer").get(_url(selection))
    html = response.content.decode()
    rejected = html.split('id="rejected"', 1)[1]
    board = html.split('id="board"', 1)[1].split('id="rejected"', 1)[0]
    assert f'data-candidate="{gone.pk}"' in rejected
    assert "Pushed their own platform." in rejected
    assert f'data-candidate="{gone.pk}"' not in board
    assert response.context["overview"].funnel.active == 1


def test_funnel_warnings_are_shown_with_the_guide_as_source(
    personas: Personas, selection: Selection, make_candidate: MakeCandidate
) -> None:
    for index in range(9):
        make_candidate(f"Firm {index}", stage=Stage.SHORTLIST)
    response = personas.client("viewer").get(_url(selection))
    html = response.content.decode()
    assert 'id="funnel-warnings"' in html
    assert 'data-stage="shortlist" data-verdict="too_many"' in html
    assert '<li class="funnel__step funnel__step--too_many" data-stage="shortlist" data-count="9">' in html
    with translation.override("nl"):
        assert gettext("Reference value from the guide") in html


def test_no_warnings_within_the_funnel(personas: Personas, selection: Selection, make_candidate: MakeCandidate) -> None:
    for index in range(6):
        make_candidate(f"Firm {index}", stage=Stage.SHORTLIST)
    html = personas.client("viewer").get(_url(selection)).content.decode()
    assert 'id="funnel-warnings"' not in html


@pytest.mark.parametrize("count", [3, 12])
def test_query_count_does_not_grow_with_candidates(
    personas: Personas,
    selection: Selection,
    make_candidate: MakeCandidate,
    django_assert_num_queries: object,
    count: int,
) -> None:
    for index in range(count):
        candidate = make_candidate(f"Firm {index}", stage=[Stage.LONGLIST, Stage.SHORTLIST, Stage.TALKS][index % 3])
        if index % 4 == 0:
            candidate_reject(actor=personas.owner, candidate=candidate, reason="Too far away")
    client: Client = personas.client("owner")
    client.get(_url(selection))  # warm up the session
    # session, user, memberships (read once: the template context reuses them), selection, candidates (with
    # their red-flag counts), the organisation's own values of the guide's figures the page shows
    # (issue 14, point 15); no session save (the first view renewed it).
    with django_assert_num_queries(6):  # type: ignore[operator]
        response = client.get(_url(selection))
    assert response.status_code == 200
    with django_assert_num_queries(6):  # type: ignore[operator]
        client.get(_url(selection, "list"))


def test_language_of_the_organisation_is_used(personas: Personas, selection: Selection) -> None:
    html = personas.client("viewer").get(_url(selection)).content.decode()
    assert '<html lang="nl">' in html
    with translation.override("nl"):
        assert str(Stage.SHORTLIST.label) in html
