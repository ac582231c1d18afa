"""The conflict-of-interest endpoints of the JSON API (issue 16, item 7), mounted in routers.py.

* ``GET /selections/{selection_id}/conflicts``: owners read every declaration of the selection's
  seats; a seat holder reads their own; other members get an empty list.
* ``PUT /selections/{selection_id}/evaluators/{evaluator_id}/conflicts``: the seat holder declares
  about the body's ``candidate_id``, before scoring it, whether they have a relationship with it (final
  once given: a second declaration is 422). Scores of an undeclared candidate are refused (422).
* ``PUT /selections/{selection_id}/conflicts/{declaration_id}/decision``: an owner excludes the
  seat from that candidate's scores or accepts the relationship with a reason.
* ``POST /selections/{selection_id}/conflicts/{declaration_id}/reopen``: an owner reopens a
  declaration with a reason; the evaluator is sent a message and declares again before
  scoring that candidate (a submitted seat is reopened too). 422 when scoring is closed.

Errors: 401 not signed in; 403 role or seat does not allow it; 404 unknown or another
organisation's object; 422 invalid input or a rule (nothing is stored).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Path, Router, Schema
from pydantic import WithJsonSchema

from partnerwijzer.accounts.roles import Role
from partnerwijzer.api.common import SelectionId, caller, responses
from partnerwijzer.evaluation.access import own_seat, seat_of, selection_for_user
from partnerwijzer.evaluation.conflicts import services
from partnerwijzer.evaluation.conflicts.selectors import declarations_of
from partnerwijzer.evaluation.lookups import declaration_in
from partnerwijzer.evaluation.models import ConflictDeclaration
from partnerwijzer.sourcing.lookups import candidate_in

router = Router(tags=["evaluation"])

EvaluatorId = Annotated[
    str, WithJsonSchema({"type": "string", "format": "uuid"}),
    Path(description="Your own evaluator seat; another evaluator's seat gives 403."),
]
DeclarationId = Annotated[
    str, WithJsonSchema({"type": "string", "format": "uuid"}),
    Path(description="The declaration's id. Unknown ids and other organisations' declarations both give 404."),
]


class ConflictOut(Schema):
    id: UUID
    evaluator_id: UUID
    evaluator_name: str
    candidate_id: UUID
    candidate_name: str
    relationship: Literal["none", "conflict"]
    description: str
    declared_at: datetime
    decision: Literal["pending", "excluded", "accepted"] | None = Field(
        description="None for 'no relationship'; 'excluded' leaves the seat's scores of this candidate out of "
                    "the ranking (the averages are over the other seats).")
    decision_reason: str
    decided_by_email: str | None
    decided_at: datetime | None


class ConflictDeclareIn(Schema):
    candidate_id: UUID = Field(description="A candidate of this selection.")
    relationship: Literal["none", "conflict"] = Field(description="Whether you have a relationship with the firm.")
    description: str = Field("", max_length=2000, description="What the relationship is; required for 'conflict'.")


class ConflictDecisionIn(Schema):
    decision: Literal["excluded", "accepted"]
    reason: str = Field("", max_length=2000, description="Required when accepting.")


class ConflictReopenIn(Schema):
    reason: str = Field(min_length=1, max_length=2000,
                        description="Why the evaluator should declare again; sent to them and kept in the audit log.")


class ConflictReopenOut(Schema):
    evaluator_id: UUID = Field(description="The seat that declares again.")
    candidate_id: UUID = Field(description="The candidate it declares about again before scoring it.")
    seat_reopened: bool = Field(description="True when the seat had submitted: its scores were reopened too and "
                                            "count again once it submits.")


def _out(d: ConflictDeclaration) -> ConflictOut:
    return ConflictOut(
        id=d.pk, evaluator_id=d.evaluator_id, evaluator_name=d.evaluator.user.display_name,
        candidate_id=d.candidate_id, candidate_name=d.candidate.name,
        relationship=d.relationship,  # type: ignore[arg-type]
        description=d.description, declared_at=d.declared_at,
        decision=d.decision or None,  # type: ignore[arg-type]
        decision_reason=d.decision_reason, decided_by_email=d.decided_by.email if d.decided_by else None,
        decided_at=d.decided_at,
    )


@router.get("/selections/{selection_id}/conflicts", response=responses(list[ConflictOut], 404),
            summary="Conflict-of-interest declarations")
def conflict_list(request: HttpRequest, selection_id: SelectionId) -> list[ConflictOut]:
    """Owners: every declaration of the selection's seats. A seat holder: their own. Others: none."""
    user = caller(request)
    membership, selection = selection_for_user(user, selection_id)
    if membership.is_owner:
        return [_out(d) for d in declarations_of(selection)]
    seat = seat_of(user, selection)
    return [_out(d) for d in declarations_of(selection, seat=seat)] if seat is not None else []


@router.put("/selections/{selection_id}/evaluators/{evaluator_id}/conflicts",
            response=responses(ConflictOut, 400, 403, 404, 422), summary="Declare my relationship with a candidate")
def conflict_declare(request: HttpRequest, selection_id: SelectionId, evaluator_id: EvaluatorId,
                     payload: ConflictDeclareIn) -> ConflictOut:
    """Before you score a candidate: no relationship, or a relationship with a description (then an
    owner decides). Final once given: declaring again gives 422."""
    user = caller(request)
    membership, selection = selection_for_user(user, selection_id)
    seat = own_seat(user, membership, selection, evaluator_id)
    declaration = services.conflict_declare(
        actor=user, evaluator=seat, candidate=candidate_in(selection, payload.candidate_id),
        relationship=payload.relationship, description=payload.description,
    )
    return _out(declaration_in(selection, declaration.pk))


@router.put("/selections/{selection_id}/conflicts/{declaration_id}/decision",
            response=responses(ConflictOut, 400, 403, 404, 422), summary="Decide on a declared conflict (owners)")
def conflict_decide(request: HttpRequest, selection_id: SelectionId, declaration_id: DeclarationId,
                    payload: ConflictDecisionIn) -> ConflictOut:
    """``excluded`` leaves the seat's scores of that candidate out of the ranking; ``accepted`` keeps
    them and needs a reason. A declaration of no relationship has nothing to decide (422)."""
    user = caller(request)
    _membership, selection = selection_for_user(user, selection_id, role=Role.OWNER)
    declaration = services.conflict_decide(
        actor=user, declaration=declaration_in(selection, declaration_id), decision=payload.decision,
        reason=payload.reason,
    )
    return _out(declaration)


@router.post("/selections/{selection_id}/conflicts/{declaration_id}/reopen",
             response=responses(ConflictReopenOut, 400, 403, 404, 422),
             summary="Reopen a declaration: the evaluator declares again (owners)")
def conflict_reopen(request: HttpRequest, selection_id: SelectionId, declaration_id: DeclarationId,
                    payload: ConflictReopenIn) -> ConflictReopenOut:
    """The declaration (and any decision on it) is removed; the audit log keeps it with the reason.
    The evaluator is sent a message and declares again before scoring that candidate; a seat that
    had submitted is reopened too. 422 when scoring is closed or the reason is empty."""
    user = caller(request)
    _membership, selection = selection_for_user(user, selection_id, role=Role.OWNER)
    declaration = declaration_in(selection, declaration_id)
    evaluator_id, candidate_id = declaration.evaluator_id, declaration.candidate_id
    seat_reopened = services.conflict_reopen(actor=user, declaration=declaration, reason=payload.reason)
    return ConflictReopenOut(evaluator_id=evaluator_id, candidate_id=candidate_id, seat_reopened=seat_reopened)
