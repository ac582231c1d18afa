"""Budget overview and cost estimate: routes and API operations.

The use case is the shared one of the planning rows (``rows/planning.py``: memo key
"use_case" and the ``use_case_id`` path value). A started estimate (the guide's lines), one
effort role and a cost line are made once per test on it. For the outsider these are another
organisation's ids: the uniform 404.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from partnerwijzer.budget.estimate import services as estimate_services
from partnerwijzer.budget.models import Budget, CostLine, EffortRole
from tests.authorisation.matrix import MEMBERS, OWNERS, Case, Op, members, object_readers, owner_only
from tests.authorisation.rows.planning import use_case_for, use_case_kwargs
from tests.personas import Personas


def _budget(p: Personas) -> Budget:
    return p.memo("estimate_budget", lambda: estimate_services.estimate_start(actor=p.owner, use_case=use_case_for(p)))


def _line(p: Personas) -> CostLine:
    return p.memo("estimate_line", lambda: _budget(p).cost_lines.get(category="strategy"))


def _role(p: Personas) -> EffortRole:
    return p.memo("estimate_role", lambda: estimate_services.effort_role_create(
        actor=p.owner, use_case=use_case_for(p), name="Planner", basis="hours", hours_low=Decimal(100),
        hours_high=Decimal(200), hourly_rate=Decimal(60)))


def _started(p: Personas) -> dict[str, Any]:
    _budget(p)
    return use_case_kwargs(p)


def _l(p: Personas) -> dict[str, Any]:
    return {"use_case_id": use_case_for(p).pk, "line_id": _line(p).pk}


def _r(p: Personas) -> dict[str, Any]:
    return {"use_case_id": use_case_for(p).pk, "role_id": _role(p).pk}


def _hidden(p: Personas) -> dict[str, Any]:
    return {"use_case_id": use_case_for(p).pk, "key": "data_cleaning"}


ROUTES: dict[str, Case] = {
    "budget:overview": Case(members(200)),
    "budget:estimate": Case(object_readers(200), kwargs=_started),
    "budget:cost_chart": Case(object_readers(200), kwargs=_started),
    "budget:estimate_start": Case(owner_only(302, outsider=404), method="post", kwargs=use_case_kwargs),
    "budget:estimate_buffer": Case(
        owner_only(302, outsider=404), method="post", kwargs=use_case_kwargs, data=lambda p: {"buffer_percent": "25"}
    ),
    "budget:hidden_cost_set": Case(
        owner_only(302, outsider=404), method="post", kwargs=_hidden,
        data=lambda p: {"data_cleaning-status": "acknowledged"},
    ),
    "budget:cost_line_create": Case(owner_only(200, outsider=404), kwargs=use_case_kwargs),
    "budget:cost_line_update": Case(owner_only(200, outsider=404), kwargs=_l),
    "budget:cost_line_delete": Case(owner_only(200, outsider=404), kwargs=_l),
    "budget:effort_role_create": Case(owner_only(200, outsider=404), kwargs=use_case_kwargs),
    "budget:effort_role_update": Case(owner_only(200, outsider=404), kwargs=_r),
    "budget:effort_role_delete": Case(owner_only(200, outsider=404), kwargs=_r),
}

B = "/api/v1/use-cases/{use_case_id}/budget"

API: dict[tuple[str, str], Op] = {
    ("GET", f"{B}/estimate/settings"): Op(MEMBERS),
    ("PUT", f"{B}/estimate/settings"): Op(OWNERS, body={"buffer_percent": "25"}),
    ("POST", f"{B}/estimate/start"): Op(OWNERS),
    ("GET", f"{B}/estimate"): Op(MEMBERS),
    ("GET", f"{B}/cost-lines"): Op(MEMBERS),
    ("POST", f"{B}/cost-lines"): Op(OWNERS, body={"name": "Licences", "low": 1000, "likely": 1500, "high": 3000}),
    ("PATCH", f"{B}/cost-lines/{{cost_line_id}}"): Op(OWNERS, body={"likely": "30000"}),
    ("DELETE", f"{B}/cost-lines/{{cost_line_id}}"): Op(OWNERS),
    ("GET", f"{B}/effort-roles"): Op(MEMBERS),
    ("POST", f"{B}/effort-roles"): Op(OWNERS, body={
        "name": "IT administrator", "basis": "share", "share_low": 10, "share_high": 20, "weekly_hours": 40,
        "months": 6, "hourly_rate": 70}),
    ("PATCH", f"{B}/effort-roles/{{effort_role_id}}"): Op(OWNERS, body={"people": 2}),
    ("DELETE", f"{B}/effort-roles/{{effort_role_id}}"): Op(OWNERS),
    ("GET", f"{B}/hidden-costs"): Op(MEMBERS),
    ("PUT", f"{B}/hidden-costs/{{hidden_cost_key}}"): Op(OWNERS, body={"status": "planned", "amount": "8000"}),
}

PATH_VALUES = {
    "cost_line_id": lambda p: str(_line(p).pk),
    "effort_role_id": lambda p: str(_role(p).pk),
    "hidden_cost_key": lambda p: "data_cleaning",
}
