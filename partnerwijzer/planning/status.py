"""The journey's "Plan" step: done once one use case is a measurable problem, in progress once
any use case exists (registered in ``PlanningConfig.ready``)."""

from __future__ import annotations

from partnerwijzer.accounts.models import Organisation
from partnerwijzer.journey.steps import Status
from partnerwijzer.planning.usecases.selectors import use_case_check, use_cases_of


def plan_status(organisation: Organisation) -> Status:
    """Done when a use case passes the problem check and has a KPI with a baseline and a target."""
    use_cases = list(use_cases_of(organisation=organisation))
    if not use_cases:
        return Status.NOT_STARTED
    for use_case in use_cases:
        complete_kpi = any(k.baseline_value is not None and k.target_value is not None for k in use_case.kpis.all())
        if complete_kpi and use_case_check(use_case).passed:
            return Status.DONE
    return Status.IN_PROGRESS
