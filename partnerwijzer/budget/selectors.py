"""Read-side helpers of the budget app shared by its pages and API."""

from __future__ import annotations

from partnerwijzer.budget.models import Budget
from partnerwijzer.planning.models import UseCase


def budget_of(use_case: UseCase) -> Budget | None:
    """The use case's budget, or None while nobody has entered anything (pages show an empty state)."""
    return Budget.objects.filter(use_case=use_case).first()
