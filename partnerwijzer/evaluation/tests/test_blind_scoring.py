"""Issue 11, finding 3: blind scoring holds for owners too.

Nobody who holds a seat sees another seat's scores, the ranking or disagreement figures before
submitting their own; an owner without a seat follows progress only until scoring is closed;
documents with scores follow the same rule; the decision report says what the audit log shows.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from partnerwijzer.documents import services as documents
from partnerwijzer.documents.report_selection import _blind_scoring
from partnerwijzer.evaluation.models import Evaluator
from partnerwijzer.evaluation.scoring import services
from partnerwijzer.evaluation.scoring.selectors import blind_scoring_breaches
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


def _score_all(selection: Selection, evaluator: Evaluator, value: int) -> None:
    for candidate in candidates_of(selection):
        for criterion in criteria_of(selection):
            services.score_set(actor=evaluator.user, evaluator=evaluator, candidate=candidate, criterion=criterion,
                               value=value, comment=f"comment-{value}")


@pytest.fixture
def other_submitted(personas: Personas) -> tuple[Selection, Evaluator]:
    """A second evaluator scored everything with 5 and submitted."""
    selection = make_selection(personas)
    other = seat(selection, second_evaluator(personas))
    _score_all(selection, other, 5)
    services.evaluator_submit(actor=other.user, evaluator=other)
    return selection, other


def _api(personas: Personas, selection: Selection, tail: str) -> str:
    return f"/api/v1/organisations/{personas.organisation.pk}/selections/{selection.pk}/{tail}"


def _sees_results(personas: Personas, selection: Selection) -> dict[str, bool]:
    client = personas.client("owner")
    candidate, criterion = candidates_of(selection)[0], criteria_of(selection)[0]
    return {
        # The page answers 200 either way (a refusal is a page with the reason, not a 403); the
        # ranking itself shows only when no refusal panel does.
        "ranking": b'data-testid="ranking-denied"' not in client.get(
            reverse("evaluation:ranking", args=[selection.pk])).content,
        "ranking_api": client.get(f"/api/v1/selections/{selection.pk}/ranking").status_code == 200,
        "consensus": b"data-cell=" in client.get(reverse("evaluation:consensus", args=[selection.pk])).content,
        "consensus_api": client.get(_api(personas, selection, "consensus")).status_code == 200,
        "consensus_set": client.get(
            reverse("evaluation:consensus_set", args=[selection.pk, candidate.pk, criterion.pk])
        ).status_code == 200,
        "others_scores_api": any(s["value"] == 5 for s in client.get(_api(personas, selection, "scores")).json()),
    }


def test_an_owner_holding_a_seat_sees_nothing_of_the_others_before_submitting(
    personas: Personas, other_submitted: tuple[Selection, Evaluator]
) -> None:
    selection, _other = other_submitted
    mine = seat(selection, personas.owner)
    _score_all(selection, mine, 2)
    assert _sees_results(personas, selection) == dict.fromkeys(_sees_results(personas, selection), False)
    page = personas.client("owner").get(reverse("evaluation:ranking", args=[selection.pk]))
    assert page.status_code == 200
    assert 'data-testid="ranking-denied"' in page.content.decode()

    services.evaluator_submit(actor=personas.owner, evaluator=mine)
    assert _sees_results(personas, selection) == dict.fromkeys(_sees_results(personas, selection), True)


def test_an_owner_without_a_seat_follows_progress_but_sees_values_only_once_scoring_is_closed(
    personas: Personas, other_submitted: tuple[Selection, Evaluator]
) -> None:
    selection, other = other_submitted
    progress = personas.client("owner").get(reverse("evaluation:evaluators", args=[selection.pk])).content.decode()
    assert f'data-evaluator="{other.pk}"' in progress
    assert 'data-submitted="true"' in progress
    assert _sees_results(personas, selection) == dict.fromkeys(_sees_results(personas, selection), False)
    with pytest.raises(PermissionDenied):
        services.consensus_set(actor=personas.owner, candidate=candidates_of(selection)[0],
                               criterion=criteria_of(selection)[0], value=3, justification="agreed")

    services.scoring_close(actor=personas.owner, selection=selection)
    assert _sees_results(personas, selection) == dict.fromkeys(_sees_results(personas, selection), True)


def test_documents_with_scores_follow_the_same_rule(
    personas: Personas, other_submitted: tuple[Selection, Evaluator]
) -> None:
    selection, _other = other_submitted
    for kind, fmt in (("decision_report", "pdf"), ("scoring_matrix", "xlsx")):
        with pytest.raises(ValidationError):
            documents.request_document(actor=personas.owner, organisation=personas.organisation, kind=kind,
                                       format=fmt, target=selection.pk)
    services.scoring_close(actor=personas.owner, selection=selection)
    job = documents.request_document(actor=personas.owner, organisation=personas.organisation,
                                     kind="decision_report", format="pdf", target=selection.pk)
    assert job.kind == "decision_report"


def test_the_report_states_what_the_audit_log_shows(
    personas: Personas, other_submitted: tuple[Selection, Evaluator]
) -> None:
    selection, other = other_submitted
    assert blind_scoring_breaches(selection) == []
    with translation.override("en"):
        assert "nobody saw another's scores" in _blind_scoring(selection)[0].text

    services.evaluator_reopen(actor=personas.owner, evaluator=other)
    services.evaluator_submit(actor=other.user, evaluator=other)
    services.scoring_close(actor=personas.owner, selection=selection)
    services.scoring_reopen(actor=personas.owner, selection=selection)
    late = seat(selection, personas.evaluator)
    _score_all(selection, late, 3)
    services.evaluator_submit(actor=personas.evaluator, evaluator=late)

    breaches = blind_scoring_breaches(selection)
    assert [(b.kind, b.who) for b in breaches] == [
        ("reopened", other.user.display_name),
        ("scoring_reopened", personas.owner.display_name),
        ("after_close", personas.evaluator.display_name),
    ]
    with translation.override("en"):
        blocks = _blind_scoring(selection)
    assert "exceptions recorded in the audit log" in blocks[0].text
    assert "nobody saw" not in blocks[0].text
    assert len(blocks[1].items) == 3
