"""Fixtures of the results tests: a use case with two KPIs (one lower-is-better, one
higher-is-better), a selection whose preferred partner is chosen, a budget with costs and a
benefit linked to a KPI, and a project started five months before ``TODAY``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from partnerwijzer.budget.models import BenefitLine, Budget, CostLine
from partnerwijzer.contract.models import PartnerDecision
from partnerwijzer.contract.services import decision_save
from partnerwijzer.planning.models import Kpi, UseCase
from partnerwijzer.results import services
from partnerwijzer.results.models import Project
from partnerwijzer.sourcing.models import Candidate
from partnerwijzer.sourcing.services import candidate_create, selection_create
from tests.personas import Personas

TODAY = date(2026, 6, 15)
START = date(2026, 1, 1)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    """Every results test runs on ``TODAY`` (the services and selectors read ``services.today``)."""
    monkeypatch.setattr(services, "today", lambda: TODAY)
    monkeypatch.setattr("partnerwijzer.results.selectors.today", lambda: TODAY)
    settings.BUDGET_SIMULATION_ITERATIONS = 4000


@pytest.fixture
def use_case(personas: Personas) -> UseCase:
    use_case = UseCase.objects.create(organisation=personas.organisation, title="Invoice processing")
    Kpi.objects.create(use_case=use_case, name="Processing time", unit="min", direction="lower",
                       baseline_value=Decimal("12"), baseline_date=date(2025, 12, 1), target_value=Decimal("4"),
                       target_date=date(2026, 12, 31), position=0)
    Kpi.objects.create(use_case=use_case, name="First-time right", unit="%", direction="higher",
                       baseline_value=Decimal("80"), target_value=Decimal("95"), target_date=date(2026, 9, 30),
                       position=1)
    return use_case


def kpi(use_case: UseCase, name: str) -> Kpi:
    return Kpi.objects.get(use_case=use_case, name=name)


@pytest.fixture
def candidate(personas: Personas, use_case: UseCase) -> Candidate:
    selection = selection_create(actor=personas.owner, organisation=personas.organisation, title="Invoice partner",
                                 use_case=use_case)
    return candidate_create(actor=personas.owner, selection=selection, name="Acme AI")


@pytest.fixture
def decision(personas: Personas, candidate: Candidate) -> PartnerDecision:
    return decision_save(actor=personas.owner, selection=candidate.selection, candidate=candidate,
                         rationale="Best fit.").decision


@pytest.fixture
def budget(use_case: UseCase) -> Budget:
    budget = Budget.objects.create(use_case=use_case, buffer_percent=Decimal(20), go_live_month=4, ramp_months=3)
    CostLine.objects.create(budget=budget, category="development", low=Decimal(40000), likely=Decimal(50000),
                            high=Decimal(70000))
    CostLine.objects.create(budget=budget, category="integration", low=Decimal(10000), likely=Decimal(15000),
                            high=Decimal(25000), position=1)
    BenefitLine.objects.create(budget=budget, name="Hours saved", factor="productivity", method="hours",
                               kpi=kpi(use_case, "Processing time"), low=Decimal(1500), likely=Decimal(2000),
                               high=Decimal(2500), unit_value=Decimal(50))
    return budget


@pytest.fixture
def project(personas: Personas, use_case: UseCase, decision: PartnerDecision) -> Project:
    return services.project_start(actor=personas.owner, use_case=use_case, candidate=decision.candidate,
                                  start_date=START, contract_reference="C-2026-01")
