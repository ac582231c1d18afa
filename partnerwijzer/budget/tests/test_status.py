"""The dashboard's Budget step: not started, in progress with cost lines, done with a benefit."""

from __future__ import annotations

from decimal import Decimal

from partnerwijzer.budget.estimate import services
from partnerwijzer.budget.models import BenefitLine
from partnerwijzer.budget.services import ensure_budget
from partnerwijzer.budget.status import budget_status
from partnerwijzer.journey.steps import STATUS_PROVIDERS, Status
from partnerwijzer.planning.models import UseCase
from tests.personas import Personas


def test_budget_status_follows_the_estimate_and_the_benefits(personas: Personas) -> None:
    assert STATUS_PROVIDERS["budget"] is budget_status
    organisation = personas.organisation
    assert budget_status(organisation) == Status.NOT_STARTED
    use_case = UseCase.objects.create(organisation=organisation, title="Forecasting")
    ensure_budget(actor=personas.owner, use_case=use_case)
    assert budget_status(organisation) == Status.NOT_STARTED  # a budget row alone is no estimate
    services.estimate_start(actor=personas.owner, use_case=use_case)
    assert budget_status(organisation) == Status.IN_PROGRESS
    BenefitLine.objects.create(budget=use_case.budget, name="Less downtime", factor="cost_savings",
                               low=Decimal(1), likely=Decimal(2), high=Decimal(3))
    assert budget_status(organisation) == Status.DONE
    # Another organisation's estimate does not count.
    assert budget_status(personas.other_organisation) == Status.NOT_STARTED


def test_a_second_use_case_without_benefits_keeps_it_done(personas: Personas) -> None:
    organisation = personas.organisation
    first = UseCase.objects.create(organisation=organisation, title="A")
    second = UseCase.objects.create(organisation=organisation, title="B")
    services.estimate_start(actor=personas.owner, use_case=first)
    BenefitLine.objects.create(budget=first.budget, name="x", factor="productivity", low=Decimal(1),
                               likely=Decimal(1), high=Decimal(1))
    services.estimate_start(actor=personas.owner, use_case=second)
    assert budget_status(organisation) == Status.DONE
