"""The dashboard's "Budget" step: done when a use case has an estimate and a return plan."""

from __future__ import annotations

from typing import Any

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


def budget_status_many(organisations: list[Organisation]) -> dict[Any, Status]:
    """:func:`budget_status` of many organisations in two queries."""
    budgets = Budget.objects.filter(use_case__organisation__in=organisations, cost_lines__isnull=False)
    with_costs = set(budgets.values_list("use_case__organisation_id", flat=True))
    done = set(budgets.filter(benefits__isnull=False).values_list("use_case__organisation_id", flat=True))
    return {
        o.pk: Status.DONE if o.pk in done else Status.IN_PROGRESS if o.pk in with_costs else Status.NOT_STARTED
        for o in organisations
    }
