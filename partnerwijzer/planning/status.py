"""The journey's "Plan" step: done once one use case is a measurable problem, in progress once
any use case exists (registered in ``PlanningConfig.ready``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from partnerwijzer.accounts.models import Organisation
from partnerwijzer.journey.steps import NextAction, Status
from partnerwijzer.planning.models import Kpi, UseCase
from partnerwijzer.planning.usecases.problem_check import problem_check
from partnerwijzer.planning.usecases.selectors import use_case_check, use_cases_of


def plan_status(organisation: Organisation) -> Status:
    """Done when a use case passes the problem check and has a KPI with a baseline and a target."""
    return _plan_status_of(list(use_cases_of(organisation=organisation)))


def _plan_status_of(use_cases: list[UseCase], kpis_of: Mapping[Any, list[Kpi]] | None = None) -> Status:
    """``kpis_of``: the KPIs by use case id when read for many organisations at once; else the use
    cases' own (prefetched) KPIs."""
    if not use_cases:
        return Status.NOT_STARTED
    for use_case in use_cases:
        kpis = kpis_of.get(use_case.pk, []) if kpis_of is not None else list(use_case.kpis.all())
        complete_kpi = any(k.baseline_value is not None and k.target_value is not None for k in kpis)
        if complete_kpi and problem_check(
            statement=use_case.problem_statement, current_state=use_case.current_state, kpis=kpis
        ).passed:
            return Status.DONE
    return Status.IN_PROGRESS


def plan_status_many(organisations: list[Organisation]) -> dict[Any, Status]:
    """:func:`plan_status` of many organisations in two queries (use cases, their KPIs).

    The KPIs are read by organisation and grouped here, not prefetched: a prefetch sends the ids of
    every use case back as a list, which with a hub's 2,000 clients cost more than the rule itself
    (issue 17 item 7, bench/bench_portfolio_scale.py)."""
    by_org: dict[Any, list[UseCase]] = {o.pk: [] for o in organisations}
    kpis_of: dict[Any, list[Kpi]] = defaultdict(list)
    for kpi in Kpi.objects.filter(use_case__organisation__in=organisations).only(
        "use_case_id", "baseline_value", "target_value", "target_date"
    ).order_by("position", "name"):
        kpis_of[kpi.use_case_id].append(kpi)
    use_cases = UseCase.objects.filter(organisation__in=organisations).only(
        "organisation_id", "problem_statement", "current_state"
    ).order_by()
    for use_case in use_cases:
        by_org[use_case.organisation_id].append(use_case)
    return {org_id: _plan_status_of(items, kpis_of) for org_id, items in by_org.items()}


def _lighthouse_first(organisation: Organisation) -> list[UseCase]:
    return sorted(use_cases_of(organisation=organisation), key=lambda uc: (not uc.is_lighthouse, uc.title.lower()))


def plan_next_action(organisation: Organisation) -> NextAction | None:
    """The exact next thing in "Plan": describe a use case, sharpen its problem, or give it a KPI
    with a baseline and a target (the lighthouse candidate first)."""
    use_cases = _lighthouse_first(organisation)
    if not use_cases:
        return NextAction(_("Describe your first use case"), reverse("planning:usecase_create"), owner_only=True)
    for use_case in use_cases:
        if not use_case_check(use_case).passed:
            return NextAction(_("Make the problem of “%(title)s” measurable") % {"title": use_case.title},
                              reverse("planning:usecase_update", args=[use_case.pk]), owner_only=True)
        if not any(k.baseline_value is not None and k.target_value is not None for k in use_case.kpis.all()):
            return NextAction(_("Add a KPI with baseline and target to “%(title)s”") % {"title": use_case.title},
                              reverse("planning:kpi_create", args=[use_case.pk]), owner_only=True)
    return None


def readiness_next_action(organisation: Organisation) -> NextAction | None:
    """The first use case (lighthouse first) whose readiness check is not complete."""
    from partnerwijzer.planning.readiness.selectors import readiness_result

    for use_case in _lighthouse_first(organisation):
        result = readiness_result(use_case)
        if result is None or not result.complete:
            return NextAction(_("Check the readiness for “%(title)s”") % {"title": use_case.title},
                              reverse("planning:readiness", args=[use_case.pk]))
    return None


def model_next_action(organisation: Organisation) -> NextAction | None:
    for use_case in _lighthouse_first(organisation):
        if not use_case.chosen_model:
            return NextAction(_("Choose how to work with a partner on “%(title)s”") % {"title": use_case.title},
                              reverse("planning:advice", args=[use_case.pk]))
    return None
