"""Write actions on conflict-of-interest declarations (issue 16, item 7).

``conflict_declare``: the seat holder declares, per candidate and before scoring it, whether they
have a relationship with the firm (final once given). ``conflict_decide``: an owner decides on a
declared relationship: exclude the seat from that candidate's scores, or accept it with a reason.
``conflict_reopen``: an owner reopens a declaration (a relationship changed), with a reason; the
evaluator is told and declares again before scoring that firm.
Each records an audit event; bad input raises ``ValidationError`` and stores nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerwijzer.accounts.access import memberships_of
from partnerwijzer.accounts.models import User
from partnerwijzer.audit.services import audit_record
from partnerwijzer.evaluation.conflicts import messages
from partnerwijzer.evaluation.models import ConflictDecision, ConflictDeclaration, Evaluator, Relationship
from partnerwijzer.evaluation.selectors import scoring_setup_of
from partnerwijzer.sourcing.models import Candidate
from partnerwijzer.textrules import validate_no_control_characters

TEXT_LIMIT = 2000


def _text(value: str | None, field: str, *, required_message: str = "") -> str:
    text = (value or "").strip()
    if required_message and not text:
        raise ValidationError({field: required_message}, code="required")
    if len(text) > TEXT_LIMIT:
        raise ValidationError({field: _("Keep this under %(limit)s characters.") % {"limit": TEXT_LIMIT}},
                              code="too_long")
    try:
        validate_no_control_characters(text)
    except ValidationError as error:
        raise ValidationError({field: error.messages}, code="control_character") from error
    return text


@transaction.atomic
def conflict_declare(
    *, actor: User, evaluator: Evaluator, candidate: Candidate, relationship: str, description: str = ""
) -> ConflictDeclaration:
    """Record the actor's own declaration about ``candidate``; a relationship needs a description
    and then waits for an owner's decision."""
    if evaluator.user_id != actor.pk:
        raise PermissionDenied(_("You can only declare for your own evaluator seat."))
    if candidate.selection_id != evaluator.selection_id:
        raise ValidationError({"candidate": _("Choose one of the candidates of this selection.")},
                              code="wrong_candidate")
    if relationship not in Relationship.values:
        raise ValidationError(
            {"relationship": _("Choose whether you have a relationship with this firm.")}, code="invalid_choice"
        )
    if scoring_setup_of(evaluator.selection).closed:
        raise ValidationError(_("Scoring is closed; declarations can no longer be made."), code="closed")
    if evaluator.submitted_at is not None:
        raise ValidationError(_("You have submitted your scores; an owner can reopen them."), code="submitted")
    conflict = relationship == Relationship.CONFLICT
    text = _text(description, "description",
                 required_message=_("Describe the relationship in a sentence, so the owner can decide on it.")
                 if conflict else "")
    if ConflictDeclaration.objects.filter(evaluator=evaluator, candidate=candidate).exists():
        raise ValidationError(_("You have already declared for %(name)s; a declaration cannot be changed. "
                                "Ask an owner if something has changed.") % {"name": candidate.name},
                              code="declared")
    try:
        with transaction.atomic():
            declaration = ConflictDeclaration.objects.create(
                evaluator=evaluator, candidate=candidate, relationship=relationship,
                description=text if conflict else "", decision=ConflictDecision.PENDING if conflict else "",
            )
    except IntegrityError as error:  # two tabs declaring at once: the first one counts
        raise ValidationError(_("You have already declared for %(name)s.") % {"name": candidate.name},
                              code="declared") from error
    audit_record(
        actor=actor, organisation=evaluator.selection.organisation, action="conflict.declare", target=declaration,
        changes={"candidate": candidate.name, "relationship": relationship},
    )
    return declaration


@transaction.atomic
def conflict_decide(
    *, actor: User, declaration: ConflictDeclaration, decision: str, reason: str = ""
) -> ConflictDeclaration:
    """An owner's decision on a declared relationship: ``excluded`` leaves the seat's scores of that
    candidate out of the ranking; ``accepted`` keeps them and needs a reason. May be changed later."""
    selection = declaration.evaluator.selection
    if not any(m.organisation_id == selection.organisation_id and m.is_owner for m in memberships_of(actor)):
        raise PermissionDenied(_("Only an owner decides on a declared conflict of interest."))
    if declaration.relationship != Relationship.CONFLICT:
        raise ValidationError(_("This evaluator declared no relationship; there is nothing to decide."),
                              code="no_conflict")
    if decision not in {ConflictDecision.EXCLUDED, ConflictDecision.ACCEPTED}:
        raise ValidationError({"decision": _("Choose: exclude the seat for this candidate, or accept it.")},
                              code="invalid_choice")
    text = _text(reason, "reason", required_message=_("Say why you accept this relationship.")
                 if decision == ConflictDecision.ACCEPTED else "")
    before = declaration.decision
    declaration.decision = decision
    declaration.decision_reason = text
    declaration.decided_by = actor
    declaration.decided_at = timezone.now()
    declaration.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
    audit_record(
        actor=actor, organisation=selection.organisation, action="conflict.decide", target=declaration,
        changes={"decision": [before, decision], "reason": text, "candidate": declaration.candidate.name,
                 "evaluator": declaration.evaluator.user.email},
    )
    return declaration


@transaction.atomic
def conflict_reopen(*, actor: User, declaration: ConflictDeclaration, reason: str) -> bool:
    """An owner reopens an evaluator's declaration about a candidate (e.g. a relationship changed).

    The declaration (and any decision on it) is removed, so the evaluator declares again before
    scoring that candidate; its content stays in the audit event with the owner's reason. A seat
    that had submitted is reopened too (its scores stop counting until it submits again), since a
    submitted seat cannot declare. Scoring must be open. The evaluator gets a message. Returns
    whether the seat was reopened.
    """
    from partnerwijzer.evaluation.scoring.services import evaluator_reopen

    seat = declaration.evaluator
    selection = seat.selection
    if not any(m.organisation_id == selection.organisation_id and m.is_owner for m in memberships_of(actor)):
        raise PermissionDenied(_("Only an owner can reopen a declaration."))
    text = _text(reason, "reason", required_message=_("Say why the evaluator should declare again."))
    if scoring_setup_of(selection).closed:
        raise ValidationError(_("Scoring is closed; reopen scoring first, then the declaration."), code="closed")
    seat_reopened = seat.submitted_at is not None
    if seat_reopened:
        evaluator_reopen(actor=actor, evaluator=seat)
    audit_record(
        actor=actor, organisation=selection.organisation, action="conflict.reopen", target=declaration,
        changes={"candidate": declaration.candidate.name, "evaluator": seat.user.email, "reason": text,
                 "relationship": declaration.relationship, "description": declaration.description,
                 "decision": declaration.decision, "decision_reason": declaration.decision_reason,
                 "seat_reopened": seat_reopened},
    )
    messages.declaration_reopened(declaration, by=actor, reason=text, seat_reopened=seat_reopened)
    declaration.delete()
    return seat_reopened
