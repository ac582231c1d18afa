"""Writes of the AI Act and GDPR screenings: answers, the checklist that follows, item edits.

Every write validates first (nothing is stored on bad input), runs in a transaction and leaves
an audit event. When a screening is complete after a write, its checklist is brought in line
with the result (:func:`checklist_sync`): new duties become open items, items that no longer
apply are marked not applicable (never deleted, so owners, notes and history stay), and items
that apply again are reopened.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partnerwijzer.accounts.access import is_member
from partnerwijzer.accounts.models import User
from partnerwijzer.audit.services import audit_record
from partnerwijzer.locking import lock_parent
from partnerwijzer.planning.compliance import ai_act
from partnerwijzer.planning.compliance import selectors as sel
from partnerwijzer.planning.models import Answer, ChecklistItem, ChecklistStatus, GuidedCheck, UseCase

SCREENINGS = (GuidedCheck.AI_ACT, GuidedCheck.GDPR)


def _validation_error(error: ai_act.AnswerError) -> ValidationError:
    messages = {
        "unknown_question": _("There is no such question in this check."),
        "not_on_path": _("This question does not follow from your earlier answers. Go back to the next open question."),
        "unknown_option": _("Choose one of the answers given."),
        "invalid_value": _("Choose one of the answers given. “None of these” cannot be combined with other answers."),
    }
    return ValidationError(messages.get(error.code, error.message), code=error.code, params={"node": error.node})


def _jsonable(value: ai_act.AnswerValue) -> Any:
    return value if isinstance(value, str) else list(value)


@transaction.atomic
def screening_answer_save(
    *, actor: User, use_case: UseCase, questionnaire: str, node_key: str, value: object
) -> ai_act.Walk:
    """Store one answer of the AI Act or GDPR screening and return the walk that follows.

    Raises ValidationError (code unknown_question, not_on_path, unknown_option or invalid_value)
    without storing anything.
    """
    # The use case first, as checklist_sync below and every other writer of it: the client's change
    # marker (raised with the audit event) is then always taken after it, never before (no deadlock).
    lock_parent(use_case)
    state = sel.screening_state(use_case, questionnaire)
    try:
        normalised = ai_act.check_answer(state.tree, state.answers, node_key, value, country=state.country)
    except ai_act.AnswerError as error:
        raise _validation_error(error) from None
    before = state.answers.get(node_key)
    Answer.objects.update_or_create(
        use_case=use_case, questionnaire=questionnaire, question_key=node_key,
        defaults={"value": _jsonable(normalised), "data_version": state.tree.version, "answered_by": actor},
    )
    after = _jsonable(normalised)
    if before != after:
        audit_record(
            actor=actor, organisation=use_case.organisation, action=f"{questionnaire}.answer_save", target=use_case,
            changes={node_key: [before, after]},
        )
    return _after_answers(actor=actor, use_case=use_case, questionnaire=questionnaire)


@transaction.atomic
def screening_answers_replace(
    *, actor: User, use_case: UseCase, questionnaire: str, answers: Mapping[str, object]
) -> ai_act.Walk:
    """Replace all answers of a screening at once (API PUT). The set must be consistent: every
    answered question on the path the set leads along. Raises ValidationError otherwise."""
    # The use case first, as checklist_sync below and every other writer of it: the client's change
    # marker (raised with the audit event) is then always taken after it, never before (no deadlock).
    lock_parent(use_case)
    state = sel.screening_state(use_case, questionnaire)
    try:
        normalised = ai_act.check_answer_set(state.tree, answers, country=state.country)
    except ai_act.AnswerError as error:
        raise _validation_error(error) from None
    Answer.objects.filter(use_case=use_case, questionnaire=questionnaire).exclude(
        question_key__in=list(normalised)
    ).delete()
    for key, value in normalised.items():
        Answer.objects.update_or_create(
            use_case=use_case, questionnaire=questionnaire, question_key=key,
            defaults={"value": _jsonable(value), "data_version": state.tree.version, "answered_by": actor},
        )
    audit_record(
        actor=actor, organisation=use_case.organisation, action=f"{questionnaire}.answers_replace", target=use_case,
        changes={"before": state.answers, "after": {k: _jsonable(v) for k, v in normalised.items()}},
    )
    return _after_answers(actor=actor, use_case=use_case, questionnaire=questionnaire)


def _after_answers(*, actor: User, use_case: UseCase, questionnaire: str) -> ai_act.Walk:
    state = sel.screening_state(use_case, questionnaire)
    if state.walk.complete:
        checklist_sync(actor=actor, use_case=use_case, checklist=questionnaire, items=sel.checklist_plan(use_case,
                                                                                                       questionnaire))
    if questionnaire == GuidedCheck.AI_ACT:
        # The GDPR actions depend on the AI Act tier (align the DPIA with a high-risk system).
        gdpr = sel.screening_state(use_case, GuidedCheck.GDPR)
        if gdpr.walk.complete:
            checklist_sync(actor=actor, use_case=use_case, checklist=GuidedCheck.GDPR,
                           items=sel.checklist_plan(use_case, GuidedCheck.GDPR))
    return state.walk


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    reopened: list[str] = field(default_factory=list)
    not_applicable: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.reopened or self.not_applicable)


@transaction.atomic
def checklist_sync(
    *, actor: User | None, use_case: UseCase, checklist: str, items: Sequence[tuple[str, date | None]]
) -> SyncReport:
    """Make the checklist ``checklist`` of ``use_case`` match ``items`` (key, initial due date).

    Idempotent: a second call with the same items changes nothing and records nothing.
    """
    report = SyncReport()
    wanted = dict(items)
    lock_parent(use_case)  # one item per key, also when two syncs of a new checklist meet
    existing = {item.key: item for item in ChecklistItem.objects.select_for_update().filter(
        use_case=use_case, checklist=checklist)}
    for key, due in wanted.items():
        item = existing.get(key)
        if item is None:
            ChecklistItem.objects.create(use_case=use_case, checklist=checklist, key=key, due_date=due)
            report.created.append(key)
        elif item.status == ChecklistStatus.NOT_APPLICABLE:
            item.status = ChecklistStatus.OPEN
            item.save(update_fields=["status", "updated_at"])
            report.reopened.append(key)
    for key, item in existing.items():
        if key not in wanted and item.status != ChecklistStatus.NOT_APPLICABLE:
            item.status = ChecklistStatus.NOT_APPLICABLE
            item.save(update_fields=["status", "updated_at"])
            report.not_applicable.append(key)
    if report.changed:
        audit_record(
            actor=actor, organisation=use_case.organisation, action=f"{checklist}.checklist_sync", target=use_case,
            changes={"created": report.created, "reopened": report.reopened, "not_applicable": report.not_applicable},
        )
    return report


@transaction.atomic
def checklist_item_update(
    *,
    actor: User,
    item: ChecklistItem,
    owner: User | None,
    status: str,
    note: str,
    due_date: date | None,
) -> ChecklistItem:
    """Change an item's owner (a member of the organisation, or nobody), status, note and due date."""
    organisation_id = item.use_case.organisation_id
    if owner is not None and not is_member(owner, organisation_id):
        raise ValidationError({"owner": _("The owner must be a member of this organisation.")}, code="not_a_member")
    if status not in ChecklistStatus.values:
        raise ValidationError({"status": _("Choose one of the statuses given.")}, code="invalid_status")
    changes: dict[str, list[Any]] = {}
    new = {"owner_id": owner.pk if owner else None, "status": status, "note": note, "due_date": due_date}
    for name, value in new.items():
        old = getattr(item, name)
        if old != value:
            changes[name.removesuffix("_id")] = [
                str(old) if old is not None else None, str(value) if value is not None else None
            ]
            setattr(item, name, value)
    if changes:
        item.save()
        audit_record(
            actor=actor, organisation=item.use_case.organisation, action=f"{item.checklist}.item_update",
            target=item, changes=changes,
        )
    return item
