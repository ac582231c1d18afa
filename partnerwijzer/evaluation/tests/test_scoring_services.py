"""Scoring services: validation, own-only writes, locks and the audit trail."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.evaluation.models import ConsensusScore, Criterion, Evaluator, KnockoutCheck, Score
from partnerwijzer.evaluation.scoring import services
from partnerwijzer.evaluation.scoring.selectors import knockout_exclusions
from partnerwijzer.evaluation.tests.builders import candidates_of, criteria_of, make_selection, seat
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _actions() -> list[str]:
    return list(AuditEvent.objects.order_by("created_at").values_list("action", flat=True))


def test_criterion_create_rename_move_delete_are_audited_and_keep_weights_at_100(personas: Personas) -> None:
    selection = make_selection(personas)
    own = services.criterion_create(actor=personas.owner, selection=selection, name="After-sales support",
                                    factor="soft", knockout=True)
    assert own.position == 8
    assert own.weight == 0
    assert own.knockout
    first = criteria_of(selection)[0]
    services.criterion_update(actor=personas.owner, criterion=first, name="Sector knowledge")
    assert Criterion.objects.get(pk=first.pk).custom_name == "Sector knowledge"
    services.criterion_move(actor=personas.owner, criterion=first, direction="down")
    assert criteria_of(selection)[1].pk == first.pk
    services.criterion_delete(actor=personas.owner, criterion=first)
    remaining = criteria_of(selection)
    assert len(remaining) == 8
    assert sum(c.weight for c in remaining) == Decimal(100)
    assert [c.position for c in remaining] == list(range(8))
    assert {"criterion.create", "criterion.update", "criterion.move", "criterion.delete"} <= set(_actions())


def test_reference_criterion_rename_to_empty_restores_the_guide_name(personas: Personas) -> None:
    criterion = criteria_of(make_selection(personas))[0]
    services.criterion_update(actor=personas.owner, criterion=criterion, name="Mine")
    services.criterion_update(actor=personas.owner, criterion=criterion, name="")
    assert Criterion.objects.get(pk=criterion.pk).custom_name == ""
    own = services.criterion_create(actor=personas.owner, selection=criterion.selection, name="Own")
    with pytest.raises(ValidationError):
        services.criterion_update(actor=personas.owner, criterion=own, name=" ")


def test_direct_weights_must_add_up_to_100_and_change_nothing_otherwise(personas: Personas) -> None:
    selection = make_selection(personas)
    criteria = criteria_of(selection)
    before = [c.weight for c in criteria]
    wrong = {c.pk: Decimal(10) for c in criteria}  # 80 %
    with pytest.raises(ValidationError, match="80"):
        services.weights_set_direct(actor=personas.owner, selection=selection, weights=wrong)
    assert [c.weight for c in criteria_of(selection)] == before
    right = {c.pk: Decimal("12.5") for c in criteria}
    services.weights_set_direct(actor=personas.owner, selection=selection, weights=right)
    assert all(c.weight == Decimal("12.5") for c in criteria_of(selection))
    # Rounding within 0.1 is absorbed, so three thirds still make exactly 100.
    thirds = {c.pk: (Decimal("33.33") if i < 3 else Decimal(0)) for i, c in enumerate(criteria)}
    services.weights_set_direct(actor=personas.owner, selection=selection, weights=thirds)
    assert sum(c.weight for c in criteria_of(selection)) == Decimal(100)
    assert AuditEvent.objects.filter(action="weights.set").count() == 2


def test_only_evaluators_and_owners_can_hold_a_seat_and_each_addition_is_audited(personas: Personas) -> None:
    selection = make_selection(personas)
    with pytest.raises(ValidationError):
        services.evaluator_add(actor=personas.owner, selection=selection, user=personas.viewer)
    with pytest.raises(ValidationError):
        services.evaluator_add(actor=personas.owner, selection=selection, user=personas.outsider)
    services.evaluator_add(actor=personas.owner, selection=selection, user=personas.evaluator)
    with pytest.raises(ValidationError):
        services.evaluator_add(actor=personas.owner, selection=selection, user=personas.evaluator)
    event = AuditEvent.objects.get(action="evaluator.add")
    assert event.changes == {"email": personas.evaluator.email}


def test_scores_are_written_only_by_their_own_evaluator_and_only_on_the_scale(personas: Personas) -> None:
    selection = make_selection(personas)
    mine = seat(selection, personas.evaluator)
    candidate, criterion = candidates_of(selection)[0], criteria_of(selection)[0]
    with pytest.raises(PermissionDenied):
        services.score_set(actor=personas.owner, evaluator=mine, candidate=candidate, criterion=criterion, value=3)
    for bad in (0, 6, "4.5", "five", None):
        with pytest.raises(ValidationError):
            services.score_set(actor=personas.evaluator, evaluator=mine, candidate=candidate, criterion=criterion,
                               value=bad)
    assert not Score.objects.exists()
    services.score_set(actor=personas.evaluator, evaluator=mine, candidate=candidate, criterion=criterion, value=4,
                       comment=" strong ")
    services.score_set(actor=personas.evaluator, evaluator=mine, candidate=candidate, criterion=criterion, value=5)
    score = Score.objects.get()
    assert (score.value, score.comment) == (5, "")
    # Score values never reach the audit log, which owners read.
    assert not AuditEvent.objects.filter(action__startswith="score").exists()


def test_submission_locks_scores_until_an_owner_reopens(personas: Personas) -> None:
    selection = make_selection(personas)
    mine = seat(selection, personas.evaluator)
    candidate, criterion = candidates_of(selection)[0], criteria_of(selection)[0]
    with pytest.raises(PermissionDenied):
        services.evaluator_submit(actor=personas.owner, evaluator=mine)
    services.evaluator_submit(actor=personas.evaluator, evaluator=mine)
    with pytest.raises(ValidationError):
        services.score_set(actor=personas.evaluator, evaluator=mine, candidate=candidate, criterion=criterion, value=3)
    services.evaluator_reopen(actor=personas.owner, evaluator=mine)
    services.score_set(actor=personas.evaluator, evaluator=mine, candidate=candidate, criterion=criterion, value=3)
    services.scoring_close(actor=personas.owner, selection=selection)
    with pytest.raises(ValidationError):
        services.score_set(actor=personas.evaluator, evaluator=mine, candidate=candidate, criterion=criterion, value=2)
    assert Evaluator.objects.get(pk=mine.pk).submitted_at is None
    assert {"evaluator.submit", "evaluator.reopen", "scoring.close"} <= set(_actions())


def test_knockout_checks_need_a_reason_and_a_failure_excludes_the_candidate(personas: Personas) -> None:
    selection = make_selection(personas)
    candidate, criterion = candidates_of(selection)[0], criteria_of(selection)[3]
    with pytest.raises(ValidationError):  # not marked knock-out yet
        services.knockout_check_set(actor=personas.owner, candidate=candidate, criterion=criterion, passed=False,
                                    reason="No DPIA")
    services.criterion_update(actor=personas.owner, criterion=criterion, knockout=True)
    with pytest.raises(ValidationError):
        services.knockout_check_set(actor=personas.owner, candidate=candidate, criterion=criterion, passed=False,
                                    reason="  ")
    assert not KnockoutCheck.objects.exists()
    services.knockout_check_set(actor=personas.owner, candidate=candidate, criterion=criterion, passed=False,
                                reason="No DPIA experience")
    exclusions = knockout_exclusions(selection)
    assert list(exclusions) == [candidate.pk]
    assert exclusions[candidate.pk][0][0].pk == criterion.pk
    assert exclusions[candidate.pk][0][1] == "No DPIA experience"
    # Un-marking the criterion lifts the exclusion; a pass never excludes.
    services.criterion_update(actor=personas.owner, criterion=criterion, knockout=False)
    assert knockout_exclusions(selection) == {}
    assert AuditEvent.objects.filter(action="knockout.set").count() == 1


def test_consensus_needs_a_justification_and_every_change_is_audited(personas: Personas) -> None:
    selection = make_selection(personas)
    services.scoring_close(actor=personas.owner, selection=selection)  # blind until then (no seat)
    candidate, criterion = candidates_of(selection)[0], criteria_of(selection)[0]
    with pytest.raises(ValidationError):
        services.consensus_set(actor=personas.owner, candidate=candidate, criterion=criterion, value=4,
                               justification=" ")
    with pytest.raises(ValidationError):
        services.consensus_set(actor=personas.owner, candidate=candidate, criterion=criterion, value=9,
                               justification="x")
    assert not ConsensusScore.objects.exists()
    services.consensus_set(actor=personas.owner, candidate=candidate, criterion=criterion, value=4,
                           justification="Reference call confirmed it")
    services.consensus_set(actor=personas.owner, candidate=candidate, criterion=criterion, value=3,
                           justification="On reflection")
    services.consensus_clear(actor=personas.owner, candidate=candidate, criterion=criterion)
    events = AuditEvent.objects.filter(action__startswith="consensus").order_by("created_at")
    assert [e.action for e in events] == ["consensus.set", "consensus.set", "consensus.clear"]
    assert events[1].changes["before"] == {"value": 4, "justification": "Reference call confirmed it"}
