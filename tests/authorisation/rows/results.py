"""Role-matrix rows of the results app: the portfolio, starting a project, the results page and
its charts, measurements, actual costs, phases and gates; and the results API.

The project follows the planning rows' shared use case (memo ``use_case``) with its KPI (memo
``kpi``); starting a project uses a second use case (memo ``results_fresh_use_case``), since a use
case has one project. Members read; owners write; the viewer and evaluator are not named as the
KPI's measurer here, so they may not enter measurements (403). For the outsider all ids are
another organisation's: the uniform 404.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from partnerwijzer.budget.models import Budget, CostLine
from partnerwijzer.planning.models import UseCase
from partnerwijzer.results import services
from partnerwijzer.results.models import ActualCost, Measurement, Project
from tests.authorisation.matrix import MEMBERS, OWNERS, Case, Op, members, object_readers, owner_only
from tests.authorisation.rows.planning import _kpi, use_case_for
from tests.personas import Personas

START = date(2025, 1, 1)


def _project(p: Personas) -> Project:
    def make() -> Project:
        _kpi(p)
        return services.project_start(actor=p.owner, use_case=use_case_for(p), candidate=None,
                                      partner_name="Acme AI", start_date=START)

    return p.memo("results_project", make)


def _fresh_use_case(p: Personas) -> UseCase:
    return p.memo("results_fresh_use_case",
                  lambda: UseCase.objects.create(organisation=p.organisation, title="Invoice processing"))


def _measurement(p: Personas) -> Measurement:
    _project(p)
    return p.memo("results_measurement", lambda: services.measurement_add(
        actor=p.owner, row=services.MeasurementInput(_kpi(p), date(2025, 2, 1), Decimal(40))))


def _cost(p: Personas) -> ActualCost:
    return p.memo("results_cost", lambda: services.actual_cost_set(
        actor=p.owner, project=_project(p), category="other", categories=["other"], month=date(2025, 2, 1),
        amount=Decimal(1000)))


def _gate(p: Personas) -> Any:
    return _project(p).phases.get(key="analysis").gate


def _pr(p: Personas) -> dict[str, Any]:
    return {"project_id": _project(p).pk}


def _with_budget(p: Personas) -> dict[str, Any]:
    def make() -> Budget:
        budget = Budget.objects.create(use_case=use_case_for(p))
        CostLine.objects.create(budget=budget, category="development", low=Decimal(10000), likely=Decimal(12000),
                                high=Decimal(20000))
        return budget

    p.memo("results_budget", make)
    return _pr(p)


ROUTES: dict[str, Case] = {
    "results:portfolio": Case(members(200)),
    "results:project_start": Case(owner_only(200, outsider=404),
                                  kwargs=lambda p: {"use_case_id": _fresh_use_case(p).pk}),
    "results:project": Case(object_readers(200), kwargs=_pr),
    "results:kpi_chart": Case(object_readers(200), kwargs=lambda p: {**_pr(p), "kpi_id": _kpi(p).pk}),
    "results:kpi_measurements": Case(object_readers(200), kwargs=lambda p: {**_pr(p), "kpi_id": _kpi(p).pk}),
    "results:kpi_plan": Case(owner_only(200, outsider=404), kwargs=lambda p: {**_pr(p), "kpi_id": _kpi(p).pk}),
    "results:burn_chart": Case(object_readers(200), kwargs=_with_budget),
    "results:measurement_create": Case(owner_only(200, outsider=404), kwargs=_pr,
                                       notes=["Viewers and evaluators not named as a KPI's measurer get 403."]),
    "results:measurement_upload": Case(owner_only(200, outsider=404), kwargs=_pr),
    "results:measurement_update": Case(owner_only(200, outsider=404),
                                       kwargs=lambda p: {"measurement_id": _measurement(p).pk}),
    "results:costs": Case(object_readers(200), kwargs=_pr),
    "results:cost_create": Case(owner_only(400, outsider=404), method="post", kwargs=_pr,
                                notes=["An empty form: 400 with the errors, nothing stored."]),
    "results:cost_upload": Case(owner_only(200, outsider=404), kwargs=_pr),
    "results:cost_delete": Case(owner_only(200, outsider=404), kwargs=lambda p: {"cost_id": _cost(p).pk}),
    "results:partner": Case(object_readers(200), kwargs=_pr),
    "results:gates": Case(object_readers(200), kwargs=_pr),
    "results:gate_update": Case(owner_only(200, outsider=404), kwargs=lambda p: {"gate_id": _gate(p).pk}),
    "results:gate_decide": Case(owner_only(200, outsider=404), kwargs=lambda p: {"gate_id": _gate(p).pk}),
    "documents:progress_report": Case(object_readers(200), kwargs=lambda p: {**_pr(p), "fmt": "docx"}),
    "results:phase_update": Case(owner_only(200, outsider=404),
                                 kwargs=lambda p: {"phase_id": _project(p).phases.first().pk}),
}


def _with_project(body: dict[str, Any] | Any) -> Any:
    def make(p: Personas) -> dict[str, Any]:
        _project(p)
        return body(p) if callable(body) else body

    return make


API: dict[tuple[str, str], Op] = {
    ("GET", "/api/v1/organisations/{organisation_id}/projects"): Op(MEMBERS),
    ("POST", "/api/v1/use-cases/{use_case_id}/project"): Op(
        OWNERS, body={"partner_name": "Acme AI", "start_date": "2025-01-01"}),
    ("GET", "/api/v1/projects/{project_id}"): Op(MEMBERS),
    ("GET", "/api/v1/projects/{project_id}/phases"): Op(MEMBERS),
    ("POST", "/api/v1/gates/{gate_id}/decisions"): Op(
        OWNERS, body={"outcome": "go", "rationale": "Analysis done.", "decided_on": "2025-02-01"}),
    ("GET", "/api/v1/projects/{project_id}/measurements"): Op(MEMBERS),
    ("POST", "/api/v1/projects/{project_id}/measurements"): Op(
        OWNERS, body=lambda p: {"kpi_id": str(_kpi(p).pk), "measured_on": "2025-03-01", "value": 38}),
    ("GET", "/api/v1/projects/{project_id}/actual-costs"): Op(MEMBERS),
    ("POST", "/api/v1/projects/{project_id}/actual-costs"): Op(
        OWNERS, body={"category": "other", "month": "2025-03-01", "amount": 1500}),
    ("GET", "/api/v1/projects/{project_id}/partner-reviews"): Op(MEMBERS),
    ("POST", "/api/v1/projects/{project_id}/partner-reviews"): Op(
        OWNERS, body={"period": "2025-03-01", "delivery": 4, "quality": 3, "communication": 5,
                      "knowledge_transfer": 2}),
}

PATH_VALUES = {
    "project_id": lambda p: str(_project(p).pk),
    "gate_id": lambda p: str(_gate(p).pk),
}
