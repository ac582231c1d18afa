"""Reading conflict-of-interest declarations (issue 16, item 7).

A seat declares per candidate, before scoring it, whether its holder has a relationship with the
firm; :func:`declaration_of` is what the score form asks first. Owners read every declaration of a
selection (:func:`declarations_of`); the ranking and the decision report read the excluded seats
through :func:`partnerwijzer.evaluation.selectors.excluded_seats` and the rows here.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from partnerwijzer.evaluation.models import ConflictDecision, ConflictDeclaration, Evaluator, Relationship
from partnerwijzer.sourcing.models import Candidate, Selection


def declaration_of(seat: Evaluator, candidate: Candidate) -> ConflictDeclaration | None:
    """The seat's declaration about ``candidate``, or None: then the score form is not offered."""
    return ConflictDeclaration.objects.filter(evaluator=seat, candidate=candidate).first()


def declared_candidate_ids(seat: Evaluator) -> dict[Any, ConflictDeclaration]:
    """The seat's declarations by candidate id (the scores overview marks each candidate)."""
    return {d.candidate_id: d for d in ConflictDeclaration.objects.filter(evaluator=seat)}


def declarations_of(selection: Selection, *, seat: Evaluator | None = None) -> QuerySet[ConflictDeclaration]:
    """Every declaration of the selection's seats (or one seat's), with who and which firm, in the
    order they were made."""
    rows = ConflictDeclaration.objects.filter(evaluator__selection=selection)
    if seat is not None:
        rows = rows.filter(evaluator=seat)
    return rows.select_related("evaluator__user", "candidate", "decided_by").order_by(
        "candidate__name", "declared_at", "id"
    )


def conflicts_of(selection: Selection) -> QuerySet[ConflictDeclaration]:
    """The declared relationships (not the "none" declarations): what an owner decides on."""
    return declarations_of(selection).filter(relationship=Relationship.CONFLICT)


def pending_conflicts(selection: Selection) -> list[ConflictDeclaration]:
    return list(conflicts_of(selection).filter(decision=ConflictDecision.PENDING))

