"""Reads of the readiness check: a use case's answers, its result, and the journey status.

``readiness_result(use_case)`` is the seam for other pages (the plan summary): ``None`` when
nothing is answered yet, else a :class:`~partnerwijzer.planning.readiness.rules.ReadinessResult`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from uuid import UUID

from partnerwijzer.accounts.models import Organisation
from partnerwijzer.journey.steps import Status
from partnerwijzer.knowledge.topics import readiness as readiness_data
from partnerwijzer.planning.models import Answer, GuidedCheck, UseCase
from partnerwijzer.planning.readiness.rules import ReadinessResult, score_readiness


def readiness_answers(use_case: UseCase) -> dict[str, Any]:
    """Question key → stored value (an option key) of the use case's readiness answers."""
    rows = Answer.objects.filter(use_case=use_case, questionnaire=GuidedCheck.READINESS)
    return dict(rows.values_list("question_key", "value"))


def readiness_result(use_case: UseCase) -> ReadinessResult | None:
    """The scored readiness check of ``use_case``, or None when no question is answered yet."""
    answers = readiness_answers(use_case)
    if not answers:
        return None
    return score_readiness(readiness_data.load(), answers)


def readiness_results(organisation: Organisation) -> list[tuple[UseCase, ReadinessResult | None]]:
    """Every use case of the organisation with its readiness result (two queries in all)."""
    use_cases = list(UseCase.objects.filter(organisation=organisation).order_by("title"))
    answers: dict[UUID, dict[str, Any]] = defaultdict(dict)
    rows = Answer.objects.filter(use_case__organisation=organisation, questionnaire=GuidedCheck.READINESS)
    for use_case_id, key, value in rows.values_list("use_case_id", "question_key", "value"):
        answers[use_case_id][key] = value
    data = readiness_data.load()
    return [(uc, score_readiness(data, answers[uc.pk]) if answers.get(uc.pk) else None) for uc in use_cases]


def readiness_status(organisation: Organisation) -> Status:
    """Done when a use case has a complete check; in progress when any answer exists."""
    results = [r for _uc, r in readiness_results(organisation) if r is not None]
    if any(r.complete for r in results):
        return Status.DONE
    if results:
        return Status.IN_PROGRESS
    return Status.NOT_STARTED
