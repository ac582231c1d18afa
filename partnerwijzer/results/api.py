"""The results endpoints of the JSON API: projects, their phases with gates and decisions, KPI
measurements (an ERP or a spreadsheet script can push values with a token) and actual costs.

Access: the object is resolved first, then the caller's membership of its organisation is checked
(``results/lookups.py`` on ``accounts.access``), so an unknown id, a malformed one and another
organisation's give the same 404. Members read; owners write; a member named as a KPI's measurer
may post its measurements. Invalid input is a 422 with the field and a plain message; nothing is
stored.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema
from pydantic import WithJsonSchema

from partnerwijzer.accounts.access import membership_for_user
from partnerwijzer.accounts.roles import Role
from partnerwijzer.api.common import IsoDate, OrganisationId, UseCaseId, caller, decimal_in, responses
from partnerwijzer.planning.lookups import use_case_for
from partnerwijzer.planning.models import Kpi
from partnerwijzer.results import selectors, services
from partnerwijzer.results.lookups import check_may_measure, gate_for, project_for
from partnerwijzer.results.models import ActualCost, GateDecision, Measurement, PartnerReview, Project

router = Router(tags=["results"])

StatusName = Literal["on_track", "at_risk", "off_track", "not_enough_data", "no_target"]
OutcomeName = Literal["go", "go_with_changes", "stop"]
PhaseState = Literal["done", "running", "stopped", "planned"]


def _id_path(what: str) -> object:
    return Path(description=f"The {what}'s id. Unknown ids and other organisations' {what}s both give 404.")


# Strings, not UUIDs, on purpose: a malformed id gives the same 404 as another organisation's.
ProjectId = Annotated[str, WithJsonSchema({"type": "string", "format": "uuid"}), _id_path("project")]
GateId = Annotated[str, WithJsonSchema({"type": "string", "format": "uuid"}), _id_path("gate")]


# --- Schemas ----------------------------------------------------------------------------------


class KpiStatusOut(Schema):
    kpi_id: UUID
    name: str
    unit: str
    status: StatusName = Field(description="The trend's prediction against the target (decisioncore.results).")
    reason: str = Field(description="The status's reason in words, in the organisation's language.")
    measurements: int
    estimated_target_date: date | None = Field(description="When the trend reaches the target; None if never or "
                                                           "with too few measurements.")
    next_due: date


class ProjectOut(Schema):
    id: UUID
    use_case_id: UUID
    use_case_title: str
    candidate_id: UUID | None = Field(description="The candidate chosen in the contract step; None for a partner "
                                                  "the company already worked with.")
    partner_name: str
    start_date: date
    contract_reference: str


class ProjectDetailOut(ProjectOut):
    kpis: list[KpiStatusOut]
    spent: Decimal = Field(description="Actual cost to date (EUR).")
    buffer_left: Decimal | None = Field(description="The estimate's P90 total minus the actual cost; None without "
                                                    "an estimate.")
    burn_outside: Literal["", "below", "above"] = Field(description="Whether the actuals left the estimate's band "
                                                                    "this month.")


class ProjectIn(Schema):
    partner_name: str = Field("", max_length=200, description="Required unless the use case's selection has a "
                                                               "preferred partner (then that partner is taken).")
    start_date: IsoDate
    contract_reference: str = Field("", max_length=100)


class GateDecisionOut(Schema):
    id: UUID
    outcome: OutcomeName
    rationale: str
    decided_on: date
    decided_by_email: str | None
    recorded_at: datetime
    superseded_by_id: UUID | None = Field(description="Set when a later decision superseded this one.")


class GateCriterionOut(Schema):
    kpi_id: UUID
    threshold: Decimal


class PhaseOut(Schema):
    id: UUID
    key: str
    name: str
    position: int
    planned_start: date
    planned_end: date
    budget_share: Decimal
    state: PhaseState
    gate_id: UUID
    burn_limit_percent: Decimal | None
    open_risks: str
    free_criteria: str
    kpi_criteria: list[GateCriterionOut]
    decision: GateDecisionOut | None = Field(description="The decision in force at the gate.")
    decisions: list[GateDecisionOut] = Field(description="Every decision at the gate, oldest first.")


class GateDecisionIn(Schema):
    outcome: OutcomeName
    rationale: str = Field(max_length=5000)
    decided_on: IsoDate = Field(description="Not in the future.")


class MeasurementOut(Schema):
    id: UUID
    kpi_id: UUID
    measured_on: date
    value: Decimal
    source: str
    note: str
    entered_by_email: str | None


class MeasurementIn(Schema):
    kpi_id: str = Field(description="A KPI of the project's use case.")
    measured_on: IsoDate = Field(description="Not in the future.")
    value: Annotated[Decimal, decimal_in(
        max_digits=14, decimal_places=4,
        description="Within the KPI's bounds, read from its unit and figures: not negative, and at most 100 for a "
                    "percentage, unless its baseline, target or a measurement already crosses that bound; a value "
                    "outside them is a 422 on this field.")]
    source: str = Field("", max_length=200)
    note: str = Field("", max_length=5000)


class ActualCostOut(Schema):
    id: UUID
    category: str
    month: date = Field(description="The first day of the month.")
    amount: Decimal
    note: str


class ActualCostIn(Schema):
    category: str = Field(max_length=50, description="One of the budget's cost categories (see the cost "
                                                     "categories of the project), or 'other'.")
    month: IsoDate = Field(description="Any day of the month; stored as its first day. Not in the future.")
    amount: Annotated[Decimal, decimal_in(max_digits=12, decimal_places=2, ge=0)]
    note: str = Field("", max_length=5000)


Score = Annotated[int, Field(ge=1, le=5, description="1 (poor) to 5 (excellent), the selection's rubric scale.")]


class PartnerReviewOut(Schema):
    id: UUID
    period: date = Field(description="The first day of the month reviewed.")
    delivery: int = Field(description="Delivery to plan, 1 (poor) to 5 (excellent).")
    quality: int
    communication: int
    knowledge_transfer: int
    note: str


class AspectOut(Schema):
    aspect: Literal["delivery", "quality", "communication", "knowledge_transfer"]
    selection_score: float | None = Field(description="The chosen candidate's score in its selection on the "
                                                      "corresponding criterion (consensus, else the evaluators' "
                                                      "mean); None without it.")
    latest: int | None = Field(description="The latest review's score; None without a review.")
    average: float | None = Field(description="The average of all reviews; None without a review.")


class PartnerScorecardOut(Schema):
    aspects: list[AspectOut]
    reviews: list[PartnerReviewOut] = Field(description="Newest first.")


class PartnerReviewIn(Schema):
    period: IsoDate = Field(description="Any day of the month reviewed; stored as its first day. Not in the future. "
                                     "A second review of a month replaces the first.")
    delivery: Score
    quality: Score
    communication: Score
    knowledge_transfer: Score
    note: str = Field("", max_length=5000)


# --- Helpers ------------------------------------------------------------------------------------


def _project_out(project: Project) -> ProjectOut:
    return ProjectOut(id=project.id, use_case_id=project.use_case_id, use_case_title=project.use_case.title,
                      candidate_id=project.candidate_id, partner_name=project.partner_name,
                      start_date=project.start_date, contract_reference=project.contract_reference)


def _decision_out(decision: GateDecision) -> GateDecisionOut:
    return GateDecisionOut(id=decision.id, outcome=decision.outcome, rationale=decision.rationale,  # type: ignore[arg-type]
                       decided_on=decision.decided_on, recorded_at=decision.recorded_at,
                       decided_by_email=decision.decided_by.email if decision.decided_by else None,
                       superseded_by_id=decision.superseded_by_id)


def _measurement_out(m: Measurement) -> MeasurementOut:
    return MeasurementOut(id=m.id, kpi_id=m.kpi_id, measured_on=m.measured_on, value=m.value, source=m.source,
                          note=m.note, entered_by_email=m.entered_by.email if m.entered_by else None)


def _cost_out(cost: ActualCost) -> ActualCostOut:
    return ActualCostOut(id=cost.id, category=cost.category, month=cost.month, amount=cost.amount, note=cost.note)


# --- Projects -----------------------------------------------------------------------------------


@router.get("/organisations/{organisation_id}/projects", response=responses(list[ProjectOut], 404),
            summary="The organisation's projects after the contract")
def project_list(request: HttpRequest, organisation_id: OrganisationId) -> list[ProjectOut]:
    membership = membership_for_user(caller(request), organisation_id)
    return [_project_out(p) for p in selectors.projects_of(membership.organisation)]


@router.post("/use-cases/{use_case_id}/project", response=responses(ProjectOut, 400, 403, 404, 422),
             summary="Start the use case's project (owners)")
def project_start(request: HttpRequest, use_case_id: UseCaseId, payload: ProjectIn) -> ProjectOut:
    """With the preferred partner of the use case's selection when there is one, else with
    ``partner_name``. Creates the guide's five phases from ``start_date``, each with a gate."""
    user = caller(request)
    use_case = use_case_for(user, use_case_id, role=Role.OWNER)
    prefill = selectors.start_prefill(use_case)
    project = services.project_start(actor=user, use_case=use_case, candidate=prefill.candidate,
                                     partner_name=payload.partner_name, start_date=payload.start_date,
                                     contract_reference=payload.contract_reference)
    return _project_out(project)


@router.get("/projects/{project_id}", response=responses(ProjectDetailOut, 404),
            summary="A project with its KPI status and budget burn")
def project_get(request: HttpRequest, project_id: ProjectId) -> ProjectDetailOut:
    project = project_for(caller(request), project_id)
    with translation.override(project.organisation.language):
        views = [selectors.kpi_view(project, k) for k in selectors.kpis_with_measurements(project)]
        burn = selectors.burn_view(project)
    return ProjectDetailOut(
        **_project_out(project).model_dump(),
        kpis=[KpiStatusOut(kpi_id=v.kpi.pk, name=v.kpi.name, unit=v.kpi.unit, status=v.status,  # type: ignore[arg-type]
                           reason=v.reason, measurements=len(v.measurements), estimated_target_date=v.reached_on,
                           next_due=v.next_due) for v in views],
        spent=burn.spent if burn else sum((c.amount for c in selectors.actual_costs_of(project)), Decimal(0)),
        buffer_left=burn.buffer_left if burn else None, burn_outside=burn.outside if burn else "",  # type: ignore[arg-type]
    )


# --- Phases and gates -----------------------------------------------------------------------------


@router.get("/projects/{project_id}/phases", response=responses(list[PhaseOut], 404),
            summary="The project's phases with their gates and decisions")
def phase_list(request: HttpRequest, project_id: ProjectId) -> list[PhaseOut]:
    project = project_for(caller(request), project_id)
    out = []
    for row in selectors.phase_rows(project):
        gate = row.gate
        out.append(PhaseOut(
            id=row.phase.id, key=row.phase.key, name=row.phase.label, position=row.phase.position,
            planned_start=row.phase.planned_start, planned_end=row.phase.planned_end,
            budget_share=row.phase.budget_share, state=row.state, gate_id=gate.id,  # type: ignore[arg-type]
            burn_limit_percent=gate.burn_limit_percent, open_risks=gate.open_risks, free_criteria=gate.free_criteria,
            kpi_criteria=[GateCriterionOut(kpi_id=c.kpi_id, threshold=c.threshold) for c in gate.kpi_criteria.all()],
            decision=_decision_out(row.decision) if row.decision else None,
            decisions=[_decision_out(d) for d in row.history],
        ))
    return out


@router.post("/gates/{gate_id}/decisions", response=responses(GateDecisionOut, 400, 403, 404, 422),
             summary="Record the decision at a gate (owners)")
def gate_decide(request: HttpRequest, gate_id: GateId, payload: GateDecisionIn) -> GateDecisionOut:
    """A decision already there is not changed: the new one supersedes it."""
    user = caller(request)
    gate = gate_for(user, gate_id, role=Role.OWNER)
    decision = services.gate_decide(actor=user, gate=gate, outcome=payload.outcome, rationale=payload.rationale,
                                    decided_on=payload.decided_on)
    return _decision_out(decision)


# --- Measurements ---------------------------------------------------------------------------------


@router.get("/projects/{project_id}/measurements", response=responses(list[MeasurementOut], 404),
            summary="The KPI measurements of a project")
def measurement_list(request: HttpRequest, project_id: ProjectId) -> list[MeasurementOut]:
    """Every measurement of every KPI of the project's use case, by KPI and date."""
    project = project_for(caller(request), project_id)
    rows = (Measurement.objects.filter(kpi__use_case=project.use_case_id).select_related("entered_by")
            .order_by("kpi__position", "kpi__name", "measured_on", "pk"))
    return [_measurement_out(m) for m in rows]


@router.post("/projects/{project_id}/measurements", response=responses(MeasurementOut, 400, 403, 404, 422),
             summary="Push a KPI measurement (owners and the KPI's measurer)")
def measurement_create(request: HttpRequest, project_id: ProjectId, payload: MeasurementIn) -> MeasurementOut:
    user = caller(request)
    project = project_for(user, project_id)
    kpi_pk = _uuid(payload.kpi_id)
    kpi = Kpi.objects.select_related("use_case__organisation").filter(
        use_case=project.use_case_id, pk=kpi_pk).first() if kpi_pk else None
    if kpi is None:
        raise ValidationError({"kpi_id": [_("Choose a KPI of this project's use case.")]})
    check_may_measure(user, kpi)
    measurement = services.measurement_add(actor=user, row=services.MeasurementInput(
        kpi=kpi, measured_on=payload.measured_on, value=payload.value, source=payload.source, note=payload.note))
    return _measurement_out(measurement)


def _uuid(value: str) -> UUID | None:
    try:
        return UUID(value)
    except ValueError:
        return None


# --- Actual costs -----------------------------------------------------------------------------------


@router.get("/projects/{project_id}/actual-costs", response=responses(list[ActualCostOut], 404),
            summary="The actual costs of a project")
def cost_list(request: HttpRequest, project_id: ProjectId) -> list[ActualCostOut]:
    project = project_for(caller(request), project_id)
    return [_cost_out(c) for c in selectors.actual_costs_of(project)]


@router.post("/projects/{project_id}/actual-costs", response=responses(ActualCostOut, 400, 403, 404, 422),
             summary="Record the actual cost of a month and category (owners)")
def cost_set(request: HttpRequest, project_id: ProjectId, payload: ActualCostIn) -> ActualCostOut:
    """A second amount for the same category and month replaces the first (the audit log keeps it)."""
    user = caller(request)
    project = project_for(user, project_id, role=Role.OWNER)
    categories = [key for key, _label in selectors.cost_categories(selectors.budget_of_project(project))]
    cost = services.actual_cost_set(actor=user, project=project, category=payload.category, categories=categories,
                                    month=payload.month, amount=payload.amount, note=payload.note)
    return _cost_out(cost)


# --- The partner's performance ----------------------------------------------------------------------


def _review_out(review: PartnerReview) -> PartnerReviewOut:
    return PartnerReviewOut(id=review.id, period=review.period, delivery=review.delivery, quality=review.quality,
                            communication=review.communication, knowledge_transfer=review.knowledge_transfer,
                            note=review.note)


@router.get("/projects/{project_id}/partner-reviews", response=responses(PartnerScorecardOut, 404),
            summary="The partner's scorecard: the reviews and the selection's scores beside them")
def partner_reviews(request: HttpRequest, project_id: ProjectId) -> PartnerScorecardOut:
    project = project_for(caller(request), project_id)
    card = selectors.partner_scorecard(project)
    return PartnerScorecardOut(
        aspects=[AspectOut(aspect=row.aspect, selection_score=row.selected, latest=row.latest, average=row.average)
                 for row in card["aspects"]],
        reviews=[_review_out(r) for r in card["reviews"]])


@router.post("/projects/{project_id}/partner-reviews", response=responses(PartnerReviewOut, 400, 403, 404, 422),
             summary="Review the partner for a month (owners)")
def partner_review_set(request: HttpRequest, project_id: ProjectId, payload: PartnerReviewIn) -> PartnerReviewOut:
    """A second review of the same month replaces the first (the audit log keeps it)."""
    user = caller(request)
    project = project_for(user, project_id, role=Role.OWNER)
    review = services.partner_review_set(
        actor=user, project=project, period=payload.period, note=payload.note,
        scores={"delivery": payload.delivery, "quality": payload.quality, "communication": payload.communication,
                "knowledge_transfer": payload.knowledge_transfer})
    return _review_out(review)
