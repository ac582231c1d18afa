"""The one accessor per evaluation concept inside a selection the caller may already reach
(:func:`partnerwijzer.evaluation.access.selection_for` decided that), for views and the API alike.

Anything that is not part of that selection, a made-up id and a malformed one give the same 404
(:func:`partnerwijzer.accounts.access.object_in`).
"""

from __future__ import annotations

from typing import Any

from partnerwijzer.accounts.access import object_in
from partnerwijzer.evaluation.models import ConflictDeclaration, Criterion, Evaluator, Scorecard
from partnerwijzer.sourcing.models import Selection


def criterion_in(selection: Selection, criterion_id: Any) -> Criterion:
    return object_in(Criterion.objects.select_related("selection"), criterion_id, selection=selection)


def seat_in(selection: Selection, evaluator_id: Any) -> Evaluator:
    """An evaluator seat of ``selection``, with its user (any seat: owners manage them)."""
    return object_in(Evaluator.objects.select_related("user", "selection"), evaluator_id, selection=selection)


def scorecard_in(selection: Selection, scorecard_id: Any) -> Scorecard:
    return object_in(
        Scorecard.objects.select_related("evaluator__selection__organisation"), scorecard_id,
        evaluator__selection=selection,
    )


def declaration_in(selection: Selection, declaration_id: Any) -> ConflictDeclaration:
    """A conflict-of-interest declaration of one of the selection's seats."""
    return object_in(
        ConflictDeclaration.objects.select_related(
            "evaluator__user", "evaluator__selection__organisation", "candidate", "decided_by"
        ),
        declaration_id, evaluator__selection=selection,
    )
