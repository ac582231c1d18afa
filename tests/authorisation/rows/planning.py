"""Plan core routes and API operations: company profile, use cases, KPIs, priorities, AI plan.

One use case (with one KPI) is made per test through ``personas.memo("use_case", ...)``; the
readiness, model-advice and compliance rows reuse the same memo key and the ``use_case_id``
path value defined here. For the outsider these are another organisation's ids: the uniform 404.
"""

from __future__ import annotations

from typing import Any

from partnerwijzer.planning.models import Kpi, UseCase
from partnerwijzer.planning.usecases.services import kpi_create, use_case_create
from tests.authorisation.matrix import MEMBERS, OWNERS, Case, Op, members, object_readers, owner_only
from tests.personas import Personas


def use_case_for(p: Personas) -> UseCase:
    """The shared use case of the personas' organisation (memo key "use_case")."""
    return p.memo(
        "use_case",
        lambda: use_case_create(
            actor=p.owner, organisation=p.organisation, title="Predictive maintenance",
            department="production_operations", archetype="predictive_maintenance",
            problem_statement="Cut unplanned downtime of the CNC lines by 30%.",
            current_state="42 hours of unplanned downtime per month.",
        ),
    )


def _kpi(p: Personas) -> Kpi:
    return p.memo(
        "kpi", lambda: kpi_create(actor=p.owner, use_case=use_case_for(p), name="Downtime", unit="hours/month")
    )


def use_case_kwargs(p: Personas) -> dict[str, Any]:
    """The URL kwargs of the shared use case (every use-case route of planning and budget)."""
    return {"use_case_id": use_case_for(p).pk}


def _k(p: Personas) -> dict[str, Any]:
    return {"kpi_id": _kpi(p).pk}


def _scores(p: Personas) -> dict[str, Any]:
    prefix = f"uc-{use_case_for(p).pk}"
    return {f"{prefix}-impact": "4", f"{prefix}-feasibility": "3"}


ROUTES: dict[str, Case] = {
    "planning:profile": Case(members(200)),
    # The outsider owns their own organisation, so its profile form is theirs to use.
    "planning:profile_edit": Case(owner_only(200, outsider=200)),
    "planning:usecase_list": Case(members(200)),
    "planning:usecase_create": Case(owner_only(200, outsider=200)),
    "planning:usecase_detail": Case(object_readers(200), kwargs=use_case_kwargs),
    "planning:usecase_update": Case(owner_only(200, outsider=404), kwargs=use_case_kwargs),
    "planning:usecase_delete": Case(owner_only(200, outsider=404), kwargs=use_case_kwargs),
    "planning:kpi_create": Case(owner_only(200, outsider=404), kwargs=use_case_kwargs),
    "planning:kpi_update": Case(owner_only(200, outsider=404), kwargs=_k),
    "planning:kpi_delete": Case(owner_only(200, outsider=404), kwargs=_k),
    "planning:plan_summary": Case(object_readers(200), kwargs=use_case_kwargs),
    "planning:priorities": Case(members(200)),
    "planning:priority_chart": Case(members(200)),
    "planning:priority_set": Case(owner_only(302, outsider=404), method="post", kwargs=use_case_kwargs, data=_scores),
    "planning:lighthouse_set": Case(
        owner_only(302, outsider=404), method="post", kwargs=use_case_kwargs, data=lambda p: {"is_lighthouse": "1"}
    ),
}

API: dict[tuple[str, str], Op] = {
    ("GET", "/api/v1/organisations/{organisation_id}/profile"): Op(MEMBERS),
    ("PUT", "/api/v1/organisations/{organisation_id}/profile"): Op(OWNERS, body={"staff_count": 120}),
    ("GET", "/api/v1/organisations/{organisation_id}/use-cases"): Op(MEMBERS),
    ("POST", "/api/v1/organisations/{organisation_id}/use-cases"): Op(OWNERS, body={"title": "From the matrix"}),
    ("GET", "/api/v1/use-cases/{use_case_id}"): Op(MEMBERS),
    ("PATCH", "/api/v1/use-cases/{use_case_id}"): Op(OWNERS, body={"title": "Renamed by the matrix"}),
    ("DELETE", "/api/v1/use-cases/{use_case_id}"): Op(OWNERS),
    ("GET", "/api/v1/use-cases/{use_case_id}/problem-check"): Op(MEMBERS),
    ("GET", "/api/v1/use-cases/{use_case_id}/summary"): Op(MEMBERS),
    ("GET", "/api/v1/use-cases/{use_case_id}/kpis"): Op(MEMBERS),
    ("POST", "/api/v1/use-cases/{use_case_id}/kpis"): Op(OWNERS, body={"name": "Lead time", "unit": "hours"}),
    ("PATCH", "/api/v1/kpis/{kpi_id}"): Op(OWNERS, body={"unit": "hours per month"}),
    ("DELETE", "/api/v1/kpis/{kpi_id}"): Op(OWNERS),
    ("GET", "/api/v1/organisations/{organisation_id}/priorities"): Op(MEMBERS),
    ("PUT", "/api/v1/use-cases/{use_case_id}/priority"): Op(OWNERS, body={"impact": 4, "feasibility": 3}),
    ("POST", "/api/v1/use-cases/{use_case_id}/lighthouse"): Op(OWNERS, body={"is_lighthouse": True}),
}

PATH_VALUES = {
    "use_case_id": lambda p: str(use_case_for(p).pk),
    "kpi_id": lambda p: str(_kpi(p).pk),
}
