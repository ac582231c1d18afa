"""Write actions on questionnaires and their questions.

Each service validates first, writes in one transaction and records an audit event; on bad
input it raises ``ValidationError`` with a plain-language message and changes nothing.

Status rules: a *draft* can be changed freely. Once *sent*, the questions are frozen (the firms
answer exactly what was sent); only the deadline and the contact can still change. A *closed*
questionnaire changes no more.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerwijzer.accounts.models import User
from partnerwijzer.audit.services import audit_record
from partnerwijzer.evaluation.models import Criterion
from partnerwijzer.questionnaires.generation import drafts_for
from partnerwijzer.questionnaires.models import (
    Question,
    Questionnaire,
    QuestionnaireKind,
    QuestionnaireStatus,
    QuestionnaireTemplate,
    SharedSection,
    default_shared_sections,
)
from partnerwijzer.sourcing.models import Selection

TITLE_MAX: Final = 200
TEXT_MAX: Final = 2000
HELP_MAX: Final = 2000
LONG_TEXT_MAX: Final = 5000

SETTINGS_FIELDS: Final = (
    "title", "introduction", "deadline", "show_weights", "contact_name", "contact_email", "timeline",
    "shared_sections", "questions_until",
)
"""The fields of a questionnaire its owner edits (status has its own services)."""
AFTER_SENDING: Final = frozenset({"deadline", "contact_name", "contact_email", "questions_until"})
"""Settings that may still change once the questionnaire is sent."""


class Unchanged:
    """Marker: keep the question's criterion when none is passed."""


UNCHANGED: Final = Unchanged()


# --- Validation ------------------------------------------------------------------------------


def frozen_error() -> ValidationError:
    return ValidationError(
        _("This questionnaire has been sent, so its questions can no longer be changed: the firms answer "
          "exactly what they received. Make a new questionnaire if you need other questions."),
        code="frozen",
    )


def _check_draft(questionnaire: Questionnaire) -> None:
    if questionnaire.status != QuestionnaireStatus.DRAFT:
        raise frozen_error()


def _aware(value: datetime) -> datetime:
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _check_deadline(deadline: Any, errors: dict[str, list[str]], now: datetime | None = None) -> datetime | None:
    if not isinstance(deadline, datetime):
        errors.setdefault("deadline", []).append(_("Enter the deadline as a date."))
        return None
    deadline = _aware(deadline)
    if deadline <= (now or timezone.now()):
        errors.setdefault("deadline", []).append(
            _("The deadline must be in the future: give the firms time to answer (the guide's RFI is short, "
              "an RFP needs a few weeks).")
        )
    return deadline


def _clean_settings(fields: dict[str, Any], errors: dict[str, list[str]], now: datetime | None = None) -> None:
    """Normalise and check the editable settings present in ``fields`` (in place)."""
    for name in ("title", "introduction", "contact_name", "contact_email", "timeline"):
        if name in fields:
            fields[name] = str(fields[name] or "").strip()
    if "title" in fields:
        if not fields["title"]:
            errors.setdefault("title", []).append(
                _("Give the questionnaire a title, e.g. “RFI predictive maintenance”.")
            )
        elif len(fields["title"]) > TITLE_MAX:
            errors.setdefault("title", []).append(_("Keep the title to 200 characters or fewer."))
    for name in ("introduction", "timeline"):
        if len(fields.get(name, "")) > LONG_TEXT_MAX:
            errors.setdefault(name, []).append(_("Keep this to 5000 characters or fewer."))
    if len(fields.get("contact_name", "")) > 150:
        errors.setdefault("contact_name", []).append(_("Keep the name to 150 characters or fewer."))
    if fields.get("contact_email"):
        try:
            validate_email(fields["contact_email"])
        except ValidationError:
            errors.setdefault("contact_email", []).append(_("Enter an e-mail address, such as name@example.com."))
    if "deadline" in fields:
        fields["deadline"] = _check_deadline(fields["deadline"], errors, now)
    if "show_weights" in fields:
        fields["show_weights"] = bool(fields["show_weights"])
    _clean_questions_until(fields, errors)
    _clean_sections(fields, errors)


def _clean_questions_until(fields: dict[str, Any], errors: dict[str, list[str]]) -> None:
    if fields.get("questions_until") is None:
        return
    if not isinstance(fields["questions_until"], datetime):
        errors.setdefault("questions_until", []).append(_("Enter the deadline for questions as a date."))
    else:
        fields["questions_until"] = _aware(fields["questions_until"])


def _check_questions_until(questions_until: datetime | None, deadline: datetime | None,
                           errors: dict[str, list[str]]) -> None:
    """Firms' questions close before the answers do: the owner needs time to answer them."""
    if isinstance(questions_until, datetime) and isinstance(deadline, datetime) and questions_until > deadline:
        errors.setdefault("questions_until", []).append(
            _("The deadline for questions must be on or before the deadline for answers, so the firms can "
              "still use your answers."))


def _clean_sections(fields: dict[str, Any], errors: dict[str, list[str]]) -> None:
    if "shared_sections" not in fields:
        return
    chosen = fields["shared_sections"]
    if chosen is None:
        chosen = default_shared_sections()
    if isinstance(chosen, str) or not all(key in SharedSection.values for key in chosen):
        errors.setdefault("shared_sections", []).append(
            _("Choose what the firms may read from the list: %(keys)s.") % {"keys": ", ".join(SharedSection.values)}
        )
    else:
        # Stored in the order of the list, once each.
        fields["shared_sections"] = [key for key in SharedSection.values if key in set(chosen)]


def _clean_text(text: str, help_text: str) -> tuple[str, str]:
    text, help_text = (text or "").strip(), (help_text or "").strip()
    errors: dict[str, list[str]] = {}
    if not text:
        errors["text"] = [_("Enter the question.")]
    elif len(text) > TEXT_MAX:
        errors["text"] = [_("Keep the question to 2000 characters or fewer.")]
    if len(help_text) > HELP_MAX:
        errors["help_text"] = [_("Keep the explanation to 2000 characters or fewer.")]
    if errors:
        raise ValidationError(errors)
    return text, help_text


def _check_criterion(criterion: Criterion | None, questionnaire: Questionnaire) -> None:
    if criterion is not None and criterion.selection_id != questionnaire.selection_id:
        raise ValidationError({"criterion": [_("Choose one of this selection's criteria in the list.")]})


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


# --- Questionnaires --------------------------------------------------------------------------


@transaction.atomic
def questionnaire_create(
    *, actor: User, selection: Selection, kind: str, title: str, deadline: datetime | None,
    show_weights: bool = False, contact_name: str = "", contact_email: str = "", introduction: str = "",
    timeline: str = "", shared_sections: list[str] | None = None, now: datetime | None = None,
    questions_until: datetime | None = None,
) -> Questionnaire:
    """Make an RFI or RFP for ``selection`` with its generated questions (see :mod:`.generation`),
    in the organisation's language. ``shared_sections`` (keys of :class:`SharedSection`) says what
    the firms read about the company; None gives the defaults (facts to quote on, no weak points)."""
    errors: dict[str, list[str]] = {}
    if kind not in QuestionnaireKind.values:
        errors["kind"] = [_("Choose RFI or RFP.")]
    fields: dict[str, Any] = {
        "title": title, "deadline": deadline, "show_weights": show_weights, "contact_name": contact_name,
        "contact_email": contact_email, "introduction": introduction, "timeline": timeline,
        "shared_sections": shared_sections, "questions_until": questions_until,
    }
    _clean_settings(fields, errors, now)
    _check_questions_until(fields["questions_until"], fields["deadline"], errors)
    if errors:
        raise ValidationError(errors)
    questionnaire = Questionnaire.objects.create(selection=selection, kind=kind, created_by=actor, **fields)
    drafts = drafts_for(selection=selection, kind=kind, language=selection.organisation.language)
    Question.objects.bulk_create([
        Question(
            questionnaire=questionnaire, criterion=d.criterion, text=d.text, help_text=d.help_text,
            reference_key=d.reference_key, reference_index=d.reference_index, position=position,
        )
        for position, d in enumerate(drafts)
    ])
    audit_record(
        actor=actor, organisation=selection.organisation, action="questionnaire.create", target=questionnaire,
        changes={"kind": kind, "title": fields["title"], "deadline": _json(fields["deadline"]),
                 "show_weights": fields["show_weights"], "shared_sections": fields["shared_sections"],
                 "questions": len(drafts)},
    )
    return questionnaire


@transaction.atomic
def questionnaire_update(*, actor: User, questionnaire: Questionnaire, now: datetime | None = None,
                         **fields: Any) -> Questionnaire:
    """Change settings (:data:`SETTINGS_FIELDS`); once sent only the deadline and contact."""
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    if questionnaire.status == QuestionnaireStatus.CLOSED:
        raise ValidationError(_("This questionnaire is closed and can no longer be changed."), code="closed")
    if isinstance(fields.get("shared_sections"), list):  # the same choice in another order is no change
        chosen = set(fields["shared_sections"])
        fields["shared_sections"] = [k for k in SharedSection.values if k in chosen] + sorted(
            str(k) for k in chosen if k not in SharedSection.values)
    changed = {k: v for k, v in fields.items() if getattr(questionnaire, k) != v}
    if questionnaire.status == QuestionnaireStatus.SENT and set(changed) - AFTER_SENDING:
        raise ValidationError(
            _("This questionnaire has been sent: only the deadline and the contact can still change."),
            code="frozen",
        )
    errors: dict[str, list[str]] = {}
    _clean_settings(changed, errors, now)
    _check_questions_until(changed.get("questions_until", questionnaire.questions_until),
                           changed.get("deadline", questionnaire.deadline), errors)
    if errors:
        raise ValidationError(errors)
    changes = {k: [_json(getattr(questionnaire, k)), _json(v)] for k, v in changed.items()
               if getattr(questionnaire, k) != v}
    if changes:
        for key in changes:
            setattr(questionnaire, key, changed[key])
        questionnaire.save(update_fields=[*changes, "updated_at"])
        audit_record(
            actor=actor, organisation=questionnaire.selection.organisation, action="questionnaire.update",
            target=questionnaire, changes=changes,
        )
    return questionnaire


@transaction.atomic
def questionnaire_send(*, actor: User, questionnaire: Questionnaire, now: datetime | None = None) -> Questionnaire:
    """Mark a draft as sent: from now on its questions are frozen."""
    if questionnaire.status != QuestionnaireStatus.DRAFT:
        raise ValidationError(_("Only a draft can be marked as sent."), code="status")
    if not questionnaire.questions.exists():
        raise ValidationError(_("Add at least one question before sending."), code="empty")
    errors: dict[str, list[str]] = {}
    _check_deadline(questionnaire.deadline, errors, now)
    if errors:
        raise ValidationError(
            _("The deadline has passed. Set a new deadline before sending."), code="deadline"
        )
    questionnaire.status = QuestionnaireStatus.SENT
    questionnaire.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, organisation=questionnaire.selection.organisation, action="questionnaire.send",
        target=questionnaire, changes={"status": [QuestionnaireStatus.DRAFT, QuestionnaireStatus.SENT]},
    )
    return questionnaire


@transaction.atomic
def questionnaire_close(*, actor: User, questionnaire: Questionnaire) -> Questionnaire:
    """Close a questionnaire: no more answers, no more changes."""
    if questionnaire.status == QuestionnaireStatus.CLOSED:
        raise ValidationError(_("This questionnaire is already closed."), code="status")
    before = questionnaire.status
    questionnaire.status = QuestionnaireStatus.CLOSED
    questionnaire.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, organisation=questionnaire.selection.organisation, action="questionnaire.close",
        target=questionnaire, changes={"status": [before, QuestionnaireStatus.CLOSED]},
    )
    return questionnaire


def questionnaire_set_status(*, actor: User, questionnaire: Questionnaire, status: str,
                             now: datetime | None = None) -> Questionnaire:
    """The API's status transitions: ``sent`` (from draft) or ``closed``; the same status is a no-op."""
    if status == questionnaire.status:
        return questionnaire
    if status == QuestionnaireStatus.SENT:
        return questionnaire_send(actor=actor, questionnaire=questionnaire, now=now)
    if status == QuestionnaireStatus.CLOSED:
        return questionnaire_close(actor=actor, questionnaire=questionnaire)
    raise ValidationError({"status": [_("A sent or closed questionnaire cannot go back to draft.")]})


@transaction.atomic
def questionnaire_delete(*, actor: User, questionnaire: Questionnaire) -> None:
    """Delete a draft with its questions (sent questionnaires are kept as a record: close them)."""
    _check_draft(questionnaire)
    organisation = questionnaire.selection.organisation
    audit_record(
        actor=actor, organisation=organisation, action="questionnaire.delete", target=questionnaire,
        changes={"title": questionnaire.title, "kind": questionnaire.kind},
    )
    questionnaire.delete()


# --- Questions -------------------------------------------------------------------------------


@transaction.atomic
def question_create(
    *, actor: User, questionnaire: Questionnaire, text: str, help_text: str = "", criterion: Criterion | None = None,
) -> Question:
    """Add the owner's own question at the end (optionally for one criterion)."""
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    _check_draft(questionnaire)
    text, help_text = _clean_text(text, help_text)
    _check_criterion(criterion, questionnaire)
    last = questionnaire.questions.aggregate(m=Max("position"))["m"]
    question = Question.objects.create(
        questionnaire=questionnaire, text=text, help_text=help_text, criterion=criterion,
        position=0 if last is None else last + 1,
    )
    audit_record(
        actor=actor, organisation=questionnaire.selection.organisation, action="question.create", target=question,
        changes={"questionnaire": str(questionnaire.pk), "criterion": str(criterion.pk) if criterion else None},
    )
    return question


@transaction.atomic
def question_update(
    *, actor: User, question: Question, text: str | None = None, help_text: str | None = None,
    criterion: Criterion | Unchanged | None = UNCHANGED,
) -> Question:
    """Change a question's text, explanation or criterion while the questionnaire is a draft."""
    questionnaire = question.questionnaire
    _check_draft(questionnaire)
    new_text, new_help = _clean_text(
        question.text if text is None else text, question.help_text if help_text is None else help_text
    )
    criterion_id = question.criterion_id
    if not isinstance(criterion, Unchanged):
        _check_criterion(criterion, questionnaire)
        criterion_id = criterion.pk if criterion is not None else None
    before = {"text": question.text, "help_text": question.help_text,
              "criterion": str(question.criterion_id) if question.criterion_id else None}
    after = {"text": new_text, "help_text": new_help, "criterion": str(criterion_id) if criterion_id else None}
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if changes:
        question.text, question.help_text, question.criterion_id = new_text, new_help, criterion_id
        question.save(update_fields=["text", "help_text", "criterion"])
        audit_record(
            actor=actor, organisation=questionnaire.selection.organisation, action="question.update",
            target=question, changes=changes,
        )
    return question


@transaction.atomic
def question_delete(*, actor: User, question: Question) -> None:
    questionnaire = question.questionnaire
    _check_draft(questionnaire)
    audit_record(
        actor=actor, organisation=questionnaire.selection.organisation, action="question.delete", target=question,
        changes={"text": question.text},
    )
    question.delete()
    _renumber(questionnaire, [q.pk for q in questionnaire.questions.all()])


def _renumber(questionnaire: Questionnaire, order: Sequence[UUID]) -> None:
    by_id = {q.pk: q for q in questionnaire.questions.all()}
    changed = []
    for position, pk in enumerate(order):
        question = by_id[pk]
        if question.position != position:
            question.position = position
            changed.append(question)
    Question.objects.bulk_update(changed, ["position"])


@transaction.atomic
def question_move(*, actor: User, question: Question, direction: str) -> Question:
    """Move a question one place ``up`` or ``down``; at either end nothing changes."""
    questionnaire = question.questionnaire
    _check_draft(questionnaire)
    if direction not in ("up", "down"):
        raise ValidationError(_("Move a question up or down."), code="direction")
    order = list(questionnaire.questions.values_list("pk", flat=True))
    index = order.index(question.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(order):
        order[index], order[other] = order[other], order[index]
        _renumber(questionnaire, order)
        audit_record(
            actor=actor, organisation=questionnaire.selection.organisation, action="question.move",
            target=question, changes={"position": [index, other]},
        )
        question.position = other
    return question


@transaction.atomic
def questions_reorder(*, actor: User, questionnaire: Questionnaire, order: Sequence[UUID | str]) -> None:
    """Put the questions in ``order`` (every question id exactly once)."""
    _check_draft(questionnaire)
    current = [str(pk) for pk in questionnaire.questions.values_list("pk", flat=True)]
    wanted = [str(pk) for pk in order]
    if sorted(wanted) != sorted(current):
        raise ValidationError(
            {"order": [_("List every question of this questionnaire exactly once.")]}, code="order"
        )
    by_text = {str(pk): pk for pk in questionnaire.questions.values_list("pk", flat=True)}
    _renumber(questionnaire, [by_text[pk] for pk in wanted])
    audit_record(
        actor=actor, organisation=questionnaire.selection.organisation, action="question.reorder",
        target=questionnaire, changes={"order": wanted},
    )


# --- Templates: reuse a questionnaire in later selections (issue 16, item 9) -----------------


def _criterion_key(criterion: Criterion | None) -> str:
    if criterion is None:
        return ""
    return criterion.reference_key or f"custom:{criterion.custom_name.strip().lower()}"


@transaction.atomic
def template_save(*, actor: User, questionnaire: Questionnaire, name: str) -> QuestionnaireTemplate:
    """Save the questionnaire's settings and questions as a template of its organisation. The
    deadlines are not kept (each selection sets its own)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("Give the template a name, e.g. “RFI for an AI pilot”.")]})
    if len(name) > TITLE_MAX:
        raise ValidationError({"name": [_("Keep the name to 200 characters or fewer.")]})
    organisation = questionnaire.selection.organisation
    questions = list(Question.objects.filter(questionnaire=questionnaire).select_related("criterion")
                     .order_by("position", "id"))
    template = QuestionnaireTemplate.objects.create(
        organisation=organisation, name=name, kind=questionnaire.kind, introduction=questionnaire.introduction,
        timeline=questionnaire.timeline, show_weights=questionnaire.show_weights,
        shared_sections=list(questionnaire.shared_sections or []), contact_name=questionnaire.contact_name,
        contact_email=questionnaire.contact_email, source_questionnaire=questionnaire, created_by=actor,
        questions=[{"text": q.text, "help_text": q.help_text, "criterion_key": _criterion_key(q.criterion),
                    "reference_key": q.reference_key, "reference_index": q.reference_index} for q in questions],
    )
    audit_record(actor=actor, organisation=organisation, action="questionnaire.template_save", target=template,
                 changes={"name": name, "questionnaire": str(questionnaire.pk), "questions": len(questions)})
    return template


@transaction.atomic
def template_delete(*, actor: User, template: QuestionnaireTemplate) -> None:
    """Questionnaires made from the template keep their questions."""
    audit_record(actor=actor, organisation=template.organisation, action="questionnaire.template_delete",
                 target=template, changes={"name": template.name})
    template.delete()


@transaction.atomic
def questionnaire_from_template(
    *, actor: User, selection: Selection, template: QuestionnaireTemplate, title: str, deadline: datetime | None,
    questions_until: datetime | None = None, now: datetime | None = None,
) -> Questionnaire:
    """A new draft for ``selection`` with the template's settings and questions. A question keeps
    its criterion when the selection has a criterion with the same reference key (or the same own
    name); otherwise it becomes a general question. The owner edits it like any draft."""
    if template.organisation_id != selection.organisation_id:
        raise ValidationError({"template": [_("Choose a template of your organisation.")]})
    errors: dict[str, list[str]] = {}
    fields: dict[str, Any] = {
        "title": title, "deadline": deadline, "show_weights": template.show_weights,
        "contact_name": template.contact_name, "contact_email": template.contact_email,
        "introduction": template.introduction, "timeline": template.timeline,
        "shared_sections": list(template.shared_sections or []), "questions_until": questions_until,
    }
    _clean_settings(fields, errors, now)
    _check_questions_until(fields["questions_until"], fields["deadline"], errors)
    if errors:
        raise ValidationError(errors)
    questionnaire = Questionnaire.objects.create(selection=selection, kind=template.kind, created_by=actor, **fields)
    criteria = {_criterion_key(c): c for c in Criterion.objects.filter(selection=selection).order_by("position", "id")}
    items = [item for item in template.questions if isinstance(item, dict) and str(item.get("text", "")).strip()]
    Question.objects.bulk_create([
        Question(
            questionnaire=questionnaire, criterion=criteria.get(str(item.get("criterion_key") or "")) or None,
            text=str(item["text"]), help_text=str(item.get("help_text") or ""),
            reference_key=str(item.get("reference_key") or ""),
            reference_index=item.get("reference_index") if isinstance(item.get("reference_index"), int) else None,
            position=position,
        )
        for position, item in enumerate(items)
    ])
    audit_record(
        actor=actor, organisation=selection.organisation, action="questionnaire.create", target=questionnaire,
        changes={"kind": template.kind, "title": fields["title"], "deadline": _json(fields["deadline"]),
                 "template": str(template.pk), "questions": len(items)},
    )
    return questionnaire
