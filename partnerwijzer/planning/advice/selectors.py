"""Reads of the implementation-model advice: its inputs, the advice, and the journey status.

``model_advice(use_case)`` is the seam for other pages (the plan summary): ``None`` when no
advice question is answered yet (directly or through the readiness check), else an
:class:`~partnerwijzer.planning.advice.rules.Advice` (``complete`` False while questions are open).
"""

from __future__ import annotations

from typing import Any

from partnerwijzer.accounts.models import Organisation
from partnerwijzer.journey.steps import Status
from partnerwijzer.knowledge.loader import reference
from partnerwijzer.knowledge.topics import model_advice as advice_data
from partnerwijzer.planning.advice.rules import Advice, advise, company_size, resolve_inputs, tech_capacity
from partnerwijzer.planning.models import Answer, CompanyProfile, GuidedCheck, UseCase
from partnerwijzer.planning.readiness.selectors import readiness_answers


def profile_inputs(organisation: Organisation) -> dict[str, str | None]:
    """The advice inputs taken from the company profile; empty when there is no profile yet."""
    profile = CompanyProfile.objects.filter(organisation=organisation).first()
    if profile is None:
        return {}
    return {
        "ai_experience": profile.ai_experience or None,
        "tech_capacity": tech_capacity(profile.it_capacity, profile.data_capacity),
        "company_size": company_size(profile.staff_count),
    }


def advice_answers(use_case: UseCase) -> dict[str, Any]:
    """Question key → stored value of the use case's own model-advice answers."""
    rows = Answer.objects.filter(use_case=use_case, questionnaire=GuidedCheck.MODEL_ADVICE)
    return dict(rows.values_list("question_key", "value"))


def advice_inputs(use_case: UseCase) -> dict[str, str]:
    """Every known input of the advice for ``use_case`` (profile, readiness, advice answers)."""
    return resolve_inputs(
        advice_data.load(), profile=profile_inputs(use_case.organisation),
        readiness=readiness_answers(use_case), answers=advice_answers(use_case),
    )


def model_advice(use_case: UseCase) -> Advice | None:
    """The advice for ``use_case``, or None when none of its questions is answered yet."""
    data = advice_data.load()
    inputs = advice_inputs(use_case)
    if not any(q.key in inputs for q in data.questions):
        return None
    return advise(data, inputs, typical_path=reference().typical_path)


def model_status_many(organisations: list[Organisation]) -> dict[Any, Status]:
    """:func:`model_status` of many organisations in two queries."""
    done = set(
        UseCase.objects.filter(organisation__in=organisations).exclude(chosen_model="")
        .values_list("organisation_id", flat=True)
    )
    answered = set(
        Answer.objects.filter(use_case__organisation__in=organisations, questionnaire=GuidedCheck.MODEL_ADVICE)
        .values_list("use_case__organisation_id", flat=True)
    )
    return {
        o.pk: Status.DONE if o.pk in done else Status.IN_PROGRESS if o.pk in answered else Status.NOT_STARTED
        for o in organisations
    }


def model_status(organisation: Organisation) -> Status:
    """Done when a use case has a chosen model; in progress when advice questions are answered."""
    use_cases = UseCase.objects.filter(organisation=organisation)
    if use_cases.exclude(chosen_model="").exists():
        return Status.DONE
    if Answer.objects.filter(use_case__organisation=organisation, questionnaire=GuidedCheck.MODEL_ADVICE).exists():
        return Status.IN_PROGRESS
    return Status.NOT_STARTED
