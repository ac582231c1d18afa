"""The one accessor per results concept, for views and the API alike (built on accounts/access.py).

Another organisation's object, a missing one and a malformed id give the same 404.
"""

from __future__ import annotations

from typing import Any

from partnerwijzer.accounts.access import Caller, object_of, require_role_or_named
from partnerwijzer.accounts.roles import Role
from partnerwijzer.planning.models import Kpi
from partnerwijzer.results.models import ActualCost, Gate, KpiPlan, Measurement, Phase, Project


def project_for(caller: Caller, project_id: Any, role: Role = Role.VIEWER) -> Project:
    return object_of(caller, Project.objects.select_related("organisation", "use_case", "candidate"), project_id,
                     role=role)


def phase_for(caller: Caller, phase_id: Any, role: Role = Role.VIEWER) -> Phase:
    return object_of(caller, Phase.objects.select_related("project__organisation", "project__use_case"), phase_id,
                     via="project__organisation", role=role)


def gate_for(caller: Caller, gate_id: Any, role: Role = Role.VIEWER) -> Gate:
    return object_of(caller, Gate.objects.select_related("phase__project__organisation", "phase__project__use_case"),
                     gate_id, via="phase__project__organisation", role=role)


def actual_cost_for(caller: Caller, cost_id: Any, role: Role = Role.VIEWER) -> ActualCost:
    return object_of(caller, ActualCost.objects.select_related("project__organisation"), cost_id,
                     via="project__organisation", role=role)


def project_kpi_for(caller: Caller, project: Project, kpi_id: Any) -> Kpi:
    """One KPI of the project's use case (read access), or the uniform 404."""
    return object_of(caller, Kpi.objects.select_related("use_case__organisation").filter(use_case=project.use_case),
                     kpi_id, via="use_case__organisation")


def check_may_measure(caller: Caller, kpi: Kpi) -> None:
    """Owners, and the member named as the KPI's measurer, enter its measurements; else 403."""
    require_role_or_named(caller, kpi.use_case.organisation, role=Role.OWNER, named_user_id=_measurer_id(kpi))


def _measurer_id(kpi: Kpi) -> Any:
    return KpiPlan.objects.filter(kpi=kpi).values_list("measurer_id", flat=True).first()


def measurement_for(caller: Caller, measurement_id: Any) -> Measurement:
    """A measurement the caller may correct (owners and the KPI's measurer), or 404 / 403."""
    measurement = object_of(caller, Measurement.objects.select_related("kpi__use_case__organisation"),
                            measurement_id, via="kpi__use_case__organisation")
    check_may_measure(caller, measurement.kpi)
    return measurement
