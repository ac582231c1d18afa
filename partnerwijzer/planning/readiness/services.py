"""Write actions of the readiness check and the implementation-model advice.

Answers are validated against the current question file before anything is written: an unknown
question or option raises ``ValidationError`` (keyed by question) and stores nothing. Each
answer that changes leaves an audit event with the question and option keys only (no free text,
no personal data); re-saving an unchanged answer writes nothing and records nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Protocol

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partnerwijzer.accounts.models import User
from partnerwijzer.audit.services import audit_record
from partnerwijzer.knowledge.topics import model_advice as advice_data
from partnerwijzer.knowledge.topics import readiness as readiness_data
from partnerwijzer.knowledge.topics.model_advice import MODELS
from partnerwijzer.planning.models import Answer, GuidedCheck, UseCase

READINESS_ACTION: Final = "readiness.answer"
ADVICE_ACTION: Final = "model_advice.answer"
CHOOSE_ACTION: Final = "use_case.model_choose"
REASON_MAX_LENGTH: Final = 2000


class _Question(Protocol):
    @property
    def options(self) -> tuple[Any, ...]: ...


def _validate(questions: Mapping[str, _Question], answers: Mapping[str, str | None]) -> None:
    errors: dict[str, str] = {}
    for key, value in answers.items():
        question = questions.get(key)
        if question is None:
            errors[key] = _("There is no question “%(key)s” in this check.") % {"key": key}
        elif value is not None and value not in {o.key for o in question.options}:
            errors[key] = _("Choose one of the options shown for this question.")
    if errors:
        raise ValidationError(errors)


def _answers_set(
    *,
    actor: User,
    use_case: UseCase,
    questionnaire: GuidedCheck,
    questions: Mapping[str, _Question],
    version: str,
    action: str,
    answers: Mapping[str, str | None],
) -> int:
    """Validate every answer, then write them in one transaction; returns how many changed."""
    _validate(questions, answers)
    changed = 0
    with transaction.atomic():
        existing = {
            a.question_key: a
            for a in Answer.objects.select_for_update().filter(
                use_case=use_case, questionnaire=questionnaire, question_key__in=list(answers)
            )
        }
        for key, value in answers.items():
            current = existing.get(key)
            old = current.value if current is not None else None
            if old == value and (current is None or current.data_version == version):
                continue
            if value is None:
                if current is not None:
                    current.delete()
            elif current is None:
                Answer.objects.create(
                    use_case=use_case, questionnaire=questionnaire, question_key=key, value=value,
                    data_version=version, answered_by=actor,
                )
            else:
                current.value, current.data_version, current.answered_by = value, version, actor
                current.save(update_fields=["value", "data_version", "answered_by", "answered_at"])
            if old != value:
                changed += 1
                audit_record(
                    actor=actor, organisation=use_case.organisation, action=action, target=use_case,
                    changes={"question": key, "answer": [old, value]},
                )
    return changed


def readiness_answers_set(*, actor: User, use_case: UseCase, answers: Mapping[str, str | None]) -> int:
    """Save readiness answers (question key → option key; None removes the answer)."""
    data = readiness_data.load()
    return _answers_set(
        actor=actor, use_case=use_case, questionnaire=GuidedCheck.READINESS,
        questions={q.key: q for q in data.questions}, version=data.version, action=READINESS_ACTION,
        answers=answers,
    )


def readiness_answer_set(*, actor: User, use_case: UseCase, question_key: str, option_key: str | None) -> bool:
    """Save one readiness answer; True when it changed."""
    return readiness_answers_set(actor=actor, use_case=use_case, answers={question_key: option_key}) > 0


def advice_answers_set(*, actor: User, use_case: UseCase, answers: Mapping[str, str | None]) -> int:
    """Save model-advice answers (question key → option key; None removes the answer)."""
    data = advice_data.load()
    return _answers_set(
        actor=actor, use_case=use_case, questionnaire=GuidedCheck.MODEL_ADVICE,
        questions={q.key: q for q in data.questions}, version=data.version, action=ADVICE_ACTION,
        answers=answers,
    )


def advice_answer_set(*, actor: User, use_case: UseCase, question_key: str, option_key: str | None) -> bool:
    """Save one model-advice answer; True when it changed."""
    return advice_answers_set(actor=actor, use_case=use_case, answers={question_key: option_key}) > 0


def use_case_model_choose(*, actor: User, use_case: UseCase, model: str, reason: str) -> UseCase:
    """Record the implementation model the company chose (it may differ from the advice).

    ``model`` is a key of implementation_models.yaml, or "" to clear the choice. The audit event
    holds the model keys and whether the reason changed, not the reason's text.
    """
    reason = reason.strip()
    if model and model not in MODELS:
        raise ValidationError({"model": _("Choose one of the four implementation models.")})
    if len(reason) > REASON_MAX_LENGTH:
        message = _("Keep the reason to at most %(max)d characters.") % {"max": REASON_MAX_LENGTH}
        raise ValidationError({"reason": message})
    old_model, old_reason = use_case.chosen_model, use_case.chosen_model_reason
    if (old_model, old_reason) == (model, reason):
        return use_case
    with transaction.atomic():
        use_case.chosen_model, use_case.chosen_model_reason = model, reason
        use_case.save(update_fields=["chosen_model", "chosen_model_reason", "updated_at"])
        audit_record(
            actor=actor, organisation=use_case.organisation, action=CHOOSE_ACTION, target=use_case,
            changes={"chosen_model": [old_model, model], "reason_changed": old_reason != reason},
        )
    return use_case
