"""The dashboard's "Budget" step: done when a use case has an estimate and a return plan."""

from __future__ import annotations

from partnerwijzer.accounts.models import Organisation
from partnerwijzer.budget.models import Budget
from partnerwijzer.journey.steps import Status


def budget_status(organisation: Organisation) -> Status:
    budgets = Budget.objects.filter(use_case__organisation=organisation)
    with_costs = budgets.filter(cost_lines__isnull=False).distinct()
    if not with_costs.exists():
        return Status.NOT_STARTED
    if with_costs.filter(benefits__isnull=False).exists():
        return Status.DONE
    return Status.IN_PROGRESS
