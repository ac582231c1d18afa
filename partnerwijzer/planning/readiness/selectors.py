"""Reads of the readiness check: a use case's answers, its result, and the journey status.

``readiness_result(use_case)`` is the seam for other pages (the plan summary): ``None`` when
nothing is answered yet, else a :class:`~partnerwijzer.planning.readiness.rules.ReadinessResult`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Final
from uuid import UUID

from partnerwijzer.accounts.models import Organisation
from partnerwijzer.journey.steps import Status
from partnerwijzer.knowledge.topics import readiness as readiness_data
from partnerwijzer.planning.models import Answer, GuidedCheck, Kpi, UseCase
from partnerwijzer.planning.readiness.rules import ReadinessResult, score_readiness

KPI_QUESTIONS: Final = ("baseline_measured", "kpi_targets")
"""Readiness questions the use case's KPIs already answer: the check does not ask them again."""


def kpi_answers(kpis: Iterable[Kpi]) -> dict[str, str]:
    """The answers the KPIs give: a measured baseline, a target with a number and a date (or
    without a date: "vague"). Nothing for a question the KPIs cannot answer yet."""
    kpis = list(kpis)
    answers: dict[str, str] = {}
    if any(k.baseline_value is not None for k in kpis):
        answers["baseline_measured"] = "measured"
    if any(k.target_value is not None and k.target_date is not None for k in kpis):
        answers["kpi_targets"] = "measurable"
    elif any(k.target_value is not None for k in kpis):
        answers["kpi_targets"] = "vague"
    return answers


def readiness_answers(use_case: UseCase) -> dict[str, Any]:
    """Question key → value (an option key) of the use case's readiness answers: the stored ones,
    and where the KPIs hold the baseline or a target, what they say (see :data:`KPI_QUESTIONS`)."""
    rows = Answer.objects.filter(use_case=use_case, questionnaire=GuidedCheck.READINESS)
    stored = dict(rows.values_list("question_key", "value"))
    return {**stored, **kpi_answers(use_case.kpis.all())} if stored else stored


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
    kpis: dict[UUID, list[Kpi]] = defaultdict(list)
    for kpi in Kpi.objects.filter(use_case__organisation=organisation):
        kpis[kpi.use_case_id].append(kpi)
    for use_case in use_cases:
        if answers.get(use_case.pk):  # the KPIs complete a check that was started, never start one
            answers[use_case.pk].update(kpi_answers(kpis[use_case.pk]))
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


def readiness_status_many(organisations: list[Organisation]) -> dict[Any, Status]:
    """:func:`readiness_status` of many organisations in three queries (use cases, readiness
    answers, KPIs), whatever their number: the adviser's portfolio."""
    # Only the ids are needed of the use cases, and only the target and baseline of the KPIs: with
    # an adviser's 2,000 clients building full model instances was most of this rule's time.
    by_org: dict[Any, list[UUID]] = {o.pk: [] for o in organisations}
    for use_case_id, org_id in UseCase.objects.filter(organisation__in=organisations).values_list(
            "pk", "organisation_id"):
        by_org[org_id].append(use_case_id)
    answers: dict[UUID, dict[str, Any]] = defaultdict(dict)
    rows = Answer.objects.filter(use_case__organisation__in=organisations, questionnaire=GuidedCheck.READINESS)
    for use_case_id, key, value in rows.values_list("use_case_id", "question_key", "value"):
        answers[use_case_id][key] = value
    kpis: dict[UUID, list[Kpi]] = defaultdict(list)
    for kpi in (Kpi.objects.filter(use_case__organisation__in=organisations, use_case_id__in=list(answers))
                .only("use_case_id", "baseline_value", "target_value", "target_date")):
        kpis[kpi.use_case_id].append(kpi)
    data = readiness_data.load()
    out: dict[Any, Status] = {}
    for org_id, use_case_ids in by_org.items():
        started = [uc for uc in use_case_ids if answers.get(uc)]
        # Done as soon as one check is complete (the rest need not be scored); in progress when
        # any was started: the same as scoring them all.
        complete = any(score_readiness(data, {**answers[uc], **kpi_answers(kpis[uc])}).complete for uc in started)
        out[org_id] = Status.DONE if complete else Status.IN_PROGRESS if started else Status.NOT_STARTED
    return out
