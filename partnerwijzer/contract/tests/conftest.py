"""Fixtures of the contract tests: a selection for a use case with two KPIs and three candidates
(one rejected), and helpers that store AI Act and GDPR screening answers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from partnerwijzer.contract.models import PartnerDecision
from partnerwijzer.contract.services import decision_save
from partnerwijzer.planning.models import Answer, Kpi, UseCase
from partnerwijzer.sourcing.models import Candidate, Selection
from partnerwijzer.sourcing.services import candidate_create, candidate_reject, selection_create
from tests.personas import Personas

HIGH_RISK_WALK: dict[str, Any] = {
    "ai_system": "yes", "scope_exclusions": "none", "role": "buy_use", "role_changes": "none",
    "prohibited": "none", "annex_i": "no", "annex_iii": "employment", "exception_6_3": "none",
    "public_service": "no", "transparency": ["none"], "gpai": "no",
}
MINIMAL_RISK_WALK: dict[str, Any] = {**HIGH_RISK_WALK, "annex_iii": "none"}
MINIMAL_RISK_WALK.pop("exception_6_3")
MINIMAL_RISK_WALK.pop("public_service")


def gdpr_walk(*, processor: bool, personal_data: bool = True) -> dict[str, Any]:
    if not personal_data:
        return {"personal_data": "no"}
    return {"personal_data": "yes", "employees": "no", "edpb_criteria": ["innovative"], "art22": "no",
            "processor": "yes" if processor else "no", "transfer": "no"}


def store_answers(use_case: UseCase, questionnaire: str, answers: dict[str, Any]) -> None:
    Answer.objects.filter(use_case=use_case, questionnaire=questionnaire).delete()
    for key, value in answers.items():
        Answer.objects.create(use_case=use_case, questionnaire=questionnaire, question_key=key, value=value)


@pytest.fixture
def use_case(use_case: UseCase) -> UseCase:
    """The shared use case (tests/fixtures.py) with two KPIs."""
    Kpi.objects.create(use_case=use_case, name="Downtime", unit="hours/month", baseline_value=Decimal("40"),
                       target_value=Decimal("25"), target_date=date(2027, 6, 30), position=0,
                       measurement_method="Maintenance log, monthly")
    Kpi.objects.create(use_case=use_case, name="Scrap rate", unit="%", target_value=Decimal("2.5"), position=1)
    return use_case


@pytest.fixture
def selection(personas: Personas, use_case: UseCase) -> Selection:
    return selection_create(actor=personas.owner, organisation=personas.organisation, title="Maintenance partner",
                            use_case=use_case)


@pytest.fixture
def candidates(personas: Personas, selection: Selection) -> dict[str, Candidate]:
    acme = candidate_create(actor=personas.owner, selection=selection, name="Acme AI")
    beta = candidate_create(actor=personas.owner, selection=selection, name="Beta Data")
    dropped = candidate_create(actor=personas.owner, selection=selection, name="Dropped BV")
    candidate_reject(actor=personas.owner, candidate=dropped, reason="No comparable projects")
    return {"acme": acme, "beta": beta, "dropped": dropped}


@pytest.fixture
def decision(personas: Personas, selection: Selection, candidates: dict[str, Candidate]) -> PartnerDecision:
    return decision_save(actor=personas.owner, selection=selection, candidate=candidates["acme"],
                         rationale="Best industry fit and an honest risk list.").decision
