"""Consensus view: mean, spread and disagreement over submitted evaluators; owner's consensus
score needs a justification; fixed query count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.evaluation.models import ConsensusScore
from partnerwijzer.evaluation.scoring import services
from partnerwijzer.evaluation.tests.builders import (
    candidates_of,
    criteria_of,
    make_selection,
    seat,
    second_evaluator,
)
from partnerwijzer.sourcing.models import Candidate, Selection
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _score_all(personas: Personas, selection: Selection, values: list[int], *, start: int = 0) -> None:
    for i, value in enumerate(values, start=start):
        user = second_evaluator(personas, email=f"c{i}@example.com")
        evaluator = seat(selection, user)
        for candidate in candidates_of(selection):
            for criterion in criteria_of(selection):
                services.score_set(actor=user, evaluator=evaluator, candidate=candidate, criterion=criterion,
                                   value=value)
        services.evaluator_submit(actor=user, evaluator=evaluator)


def test_mean_spread_and_disagreement_count_only_submitted_evaluators(personas: Personas) -> None:
    selection = make_selection(personas, candidates=1)
    _score_all(personas, selection, [2, 4])
    unsubmitted = seat(selection, personas.evaluator)
    candidate, criterion = candidates_of(selection)[0], criteria_of(selection)[0]
    services.score_set(actor=personas.evaluator, evaluator=unsubmitted, candidate=candidate, criterion=criterion,
                       value=5)
    services.scoring_close(actor=personas.owner, selection=selection)  # the owner holds no seat
    response = personas.client("owner").get(reverse("evaluation:consensus", args=[selection.pk]))
    cell = response.context["table"].rows[0].cells[0]
    assert (cell.mean, cell.spread, cell.count, cell.disagreement) == (3.0, 2.0, 2, True)
    assert f'data-cell="{candidate.pk}:{criterion.pk}" data-disagreement="true"' in response.content.decode()


def test_a_spread_below_30_percent_of_the_scale_is_no_disagreement(personas: Personas) -> None:
    selection = make_selection(personas, candidates=1)
    _score_all(personas, selection, [3, 4])
    services.scoring_close(actor=personas.owner, selection=selection)
    response = personas.client("owner").get(reverse("evaluation:consensus", args=[selection.pk]))
    assert response.context["table"].disagreements == 0


def test_owner_sets_a_consensus_score_only_with_a_justification(personas: Personas) -> None:
    selection = make_selection(personas, candidates=1)
    _score_all(personas, selection, [2, 4])
    services.scoring_close(actor=personas.owner, selection=selection)
    candidate, criterion = candidates_of(selection)[0], criteria_of(selection)[0]
    url = reverse("evaluation:consensus_set", args=[selection.pk, candidate.pk, criterion.pk])
    client = personas.client("owner")
    response = client.post(url, {"value": "4", "justification": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["justification"]
    assert not ConsensusScore.objects.exists()
    assert client.post(url, {"value": "4", "justification": "Reference call confirmed two plants"}).status_code == 302
    page = client.get(reverse("evaluation:consensus", args=[selection.pk])).content.decode()
    assert 'data-consensus="4"' in page
    assert 'data-mean="3.00"' in page
    assert AuditEvent.objects.filter(action="consensus.set").count() == 1
    assert personas.client("evaluator").post(url, {"value": "1", "justification": "x"}).status_code == 403
    assert ConsensusScore.objects.get().value == 4


def _count(client: object, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200  # type: ignore[attr-defined]
    return len(ctx.captured_queries)


def test_consensus_page_runs_a_fixed_number_of_queries(personas: Personas) -> None:
    selection = make_selection(personas, candidates=2)
    _score_all(personas, selection, [2])
    owner_seat = seat(selection, personas.owner)  # the owner scores too and has submitted
    services.evaluator_submit(actor=personas.owner, evaluator=owner_seat)
    client = personas.client("owner")
    url = reverse("evaluation:consensus", args=[selection.pk])
    client.get(url)  # the first view after signing in renews (saves) the session; later ones do not
    small = _count(client, url)
    for i in range(6):
        Candidate.objects.create(selection=selection, name=f"Extra {i}")
    _score_all(personas, selection, [3, 4, 5, 1], start=10)
    candidate, criterion = candidates_of(selection)[0], criteria_of(selection)[0]
    services.consensus_set(actor=personas.owner, candidate=candidate, criterion=criterion, value=3,
                           justification="Agreed")
    assert _count(client, url) == small
    # pinned: grows with neither candidates nor evaluators (no session save per view); one of them
    # reads the organisation's own values of the guide's figures (issue 14, point 15), one the seats
    # excluded for a conflict of interest (issue 16); the switcher reuses the middleware's
    # memberships (issue 17, one fewer)
    assert small == 13
