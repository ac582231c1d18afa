"""Others' scores stay hidden until one submits; owners without a seat see progress, not values,
until scoring is closed; viewers see results once scoring is closed. Checked on the pages and in the API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerwijzer.evaluation.models import Evaluator
from partnerwijzer.evaluation.scoring import services
from partnerwijzer.evaluation.tests.builders import (
    candidates_of,
    criteria_of,
    make_selection,
    seat,
    second_evaluator,
)
from partnerwijzer.sourcing.models import Selection
from tests.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(personas: Personas) -> tuple[Selection, Evaluator, Evaluator]:
    """The evaluator persona scored everything with 2; a second evaluator scored 5 and submitted."""
    selection = make_selection(personas)
    mine = seat(selection, personas.evaluator)
    other_user = second_evaluator(personas)
    other = seat(selection, other_user)
    for candidate in candidates_of(selection):
        for criterion in criteria_of(selection):
            services.score_set(actor=personas.evaluator, evaluator=mine, candidate=candidate, criterion=criterion,
                               value=2, comment="my-secret-comment")
            services.score_set(actor=other_user, evaluator=other, candidate=candidate, criterion=criterion,
                               value=5, comment="other-secret-comment")
    services.evaluator_submit(actor=other_user, evaluator=other)
    return selection, mine, other


def _score_page(personas: Personas, who: str, selection: Selection) -> str:
    url = reverse("evaluation:score_candidate", args=[selection.pk, candidates_of(selection)[0].pk])
    response = personas.client(who).get(url)
    assert response.status_code == 200
    return response.content.decode()


def _api_scores(personas: Personas, who: str, selection: Selection) -> list[dict]:
    url = f"/api/v1/organisations/{personas.organisation.pk}/selections/{selection.pk}/scores"
    response = personas.client(who).get(url)
    assert response.status_code == 200
    return response.json()


def test_an_evaluator_sees_only_their_own_scores_until_they_submit(personas: Personas, scored: tuple) -> None:
    selection, mine, other = scored
    html = _score_page(personas, "evaluator", selection)
    assert "other-secret-comment" not in html
    assert 'data-other-score="5"' not in html
    assert {s["evaluator_id"] for s in _api_scores(personas, "evaluator", selection)} == {str(mine.pk)}
    consensus = personas.client("evaluator").get(reverse("evaluation:consensus", args=[selection.pk]))
    assert b"data-results-hidden" in consensus.content
    assert b"data-cell=" not in consensus.content

    services.evaluator_submit(actor=personas.evaluator, evaluator=mine)
    html = _score_page(personas, "evaluator", selection)
    assert "other-secret-comment" in html
    assert 'data-other-score="5"' in html
    assert {s["evaluator_id"] for s in _api_scores(personas, "evaluator", selection)} == {str(mine.pk), str(other.pk)}


def test_owners_without_a_seat_see_progress_and_values_only_once_scoring_is_closed(
    personas: Personas, scored: tuple
) -> None:
    selection, mine, other = scored
    page = personas.client("owner").get(reverse("evaluation:evaluators", args=[selection.pk])).content.decode()
    filled = len(candidates_of(selection)) * len(criteria_of(selection))
    assert f'data-evaluator="{mine.pk}" data-filled="{filled}" data-submitted="false"' in page
    assert f'data-evaluator="{other.pk}" data-filled="{filled}" data-submitted="true"' in page
    # Blind scoring (issue 11): an owner without a seat sees progress, no values, until scoring closes.
    assert _api_scores(personas, "owner", selection) == []
    hidden = personas.client("owner").get(reverse("evaluation:consensus", args=[selection.pk]))
    assert b"data-results-hidden" in hidden.content
    services.scoring_close(actor=personas.owner, selection=selection)
    assert {s["evaluator_id"] for s in _api_scores(personas, "owner", selection)} == {str(other.pk)}
    consensus = personas.client("owner").get(reverse("evaluation:consensus", args=[selection.pk]))
    assert consensus.context["table"].evaluators == [other]
    assert "my-secret-comment" not in consensus.content.decode()


def test_viewers_see_results_only_after_scoring_is_closed(personas: Personas, scored: tuple) -> None:
    selection, _mine, other = scored
    client = personas.client("viewer")
    url = reverse("evaluation:consensus", args=[selection.pk])
    assert b"data-results-hidden" in client.get(url).content
    assert _api_scores(personas, "viewer", selection) == []
    api = f"/api/v1/organisations/{personas.organisation.pk}/selections/{selection.pk}/consensus"
    assert client.get(api).status_code == 403

    services.scoring_close(actor=personas.owner, selection=selection)
    response = client.get(url)
    assert b"data-results-hidden" not in response.content
    assert b'data-disagreement="false"' in response.content
    assert {s["evaluator_id"] for s in _api_scores(personas, "viewer", selection)} == {str(other.pk)}
    assert client.get(api).status_code == 200
