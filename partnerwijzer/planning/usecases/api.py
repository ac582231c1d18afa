"""Plan endpoints of the JSON API (mounted in partnerwijzer/routers.py): the company profile,
use cases, their KPIs, priorities with the lighthouse candidate, the problem check and the
one-page AI plan.

Access: a use case or KPI is resolved first, then the caller's membership of its organisation
is checked (:func:`membership_for_user`), so an unknown id, a malformed one and another
organisation's give the same 404. Members read; owners write (others get 403). Texts
(problem-check advice, quadrant names, tie notes) come in the caller's language.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Path, Router, Schema
from pydantic import StrictBool, WithJsonSchema

from partnerwijzer.accounts.access import membership_for_user
from partnerwijzer.accounts.roles import Role
from partnerwijzer.api.common import IsoDate, OrganisationId, UseCaseId, caller, decimal_in, responses
from partnerwijzer.knowledge.schema import Figure, normalise_language
from partnerwijzer.planning.lookups import kpi_for, use_case_for
from partnerwijzer.planning.models import CompanyProfile, Kpi, UseCase
from partnerwijzer.planning.usecases import selectors, services
from partnerwijzer.planning.usecases.problem_check import ProblemCheck, problem_check

router = Router(tags=["plan"])

KpiId = Annotated[
    str,
    WithJsonSchema({"type": "string", "format": "uuid"}),
    Path(description="The KPI's id. Unknown ids and other organisations' KPIs both give 404."),
]
CountryName = Literal["NL", "DE", "other"]
RevenueName = Literal["", "lt2m", "2-10m", "10-50m", "gt50m"]
ExperienceName = Literal["none", "first_pilot", "several"]
CapacityName = Literal["", "none", "limited", "team"]
DirectionName = Literal["lower", "higher"]
QuadrantName = Literal["do_first", "plan", "extra", "reconsider"]
IssueName = Literal[
    "no_statement", "technology_not_problem", "no_current_state", "no_baseline_value", "no_measurable_target",
    "no_target_date",
]
Score = Annotated[int, Field(ge=1, le=5)]
KpiNumber = Annotated[Decimal, decimal_in(max_digits=14, decimal_places=4)]


# --- Schemas ----------------------------------------------------------------------------------


class ProfileOut(Schema):
    exists: bool = Field(description="False until an owner first saves the profile; the values are then defaults.")
    nace_section: str = Field(description="NACE Rev. 2 section letter A–U, or empty.")
    nace_name: str
    industry: str
    country: CountryName
    region: str
    staff_count: int | None
    revenue_band: RevenueName
    ai_experience: ExperienceName
    it_capacity: CapacityName
    data_capacity: CapacityName
    executive_sponsor: str
    data_protection_officer: str
    works_council: bool
    updated_at: datetime | None


class ProfileIn(Schema):
    """Fields to set; fields left out keep their value (or the default on the first save)."""

    nace_section: str | None = Field(None, max_length=1, description="NACE Rev. 2 section letter A–U, or empty.")
    industry: str | None = Field(None, max_length=200)
    country: CountryName | None = None
    region: str | None = Field(None, max_length=100)
    staff_count: int | None = Field(None, ge=1, le=10_000_000)
    revenue_band: RevenueName | None = None
    ai_experience: ExperienceName | None = None
    it_capacity: CapacityName | None = None
    data_capacity: CapacityName | None = None
    executive_sponsor: str | None = Field(None, max_length=150)
    data_protection_officer: str | None = Field(None, max_length=150)
    works_council: StrictBool | None = None


class KpiOut(Schema):
    id: UUID
    use_case_id: UUID
    name: str
    unit: str
    direction: DirectionName
    baseline_value: float | None
    baseline_method: str
    baseline_date: date | None
    target_value: float | None
    target_date: date | None
    measurement_method: str


class KpiIn(Schema):
    name: str = Field(min_length=1, max_length=150)
    unit: str = Field(min_length=1, max_length=50)
    direction: DirectionName = "lower"
    baseline_value: KpiNumber | None = None
    baseline_method: str = Field("", max_length=5000)
    baseline_date: IsoDate | None = None
    target_value: KpiNumber | None = None
    target_date: IsoDate | None = None
    measurement_method: str = Field("", max_length=5000)


class KpiPatch(Schema):
    """Fields to change; fields left out keep their value. Send null to clear a value or date."""

    name: str | None = Field(None, min_length=1, max_length=150)
    unit: str | None = Field(None, min_length=1, max_length=50)
    direction: DirectionName | None = None
    baseline_value: KpiNumber | None = None
    baseline_method: str | None = Field(None, max_length=5000)
    baseline_date: IsoDate | None = None
    target_value: KpiNumber | None = None
    target_date: IsoDate | None = None
    measurement_method: str | None = Field(None, max_length=5000)


class IssueOut(Schema):
    code: IssueName
    title: str
    advice: str


class ProblemCheckOut(Schema):
    passed: bool
    issues: list[IssueOut]
    technologies: list[str] = Field(description="Technology words found in the problem statement.")


class UseCaseOut(Schema):
    id: UUID
    organisation_id: UUID
    title: str
    department: str = Field(description="Key from /api/v1/reference/department-budget, or empty.")
    archetype: str = Field(description="Key of the archetype (type of AI application), or empty.")
    problem_statement: str
    current_state: str
    impact: int | None
    feasibility: int | None
    is_lighthouse: bool
    created_at: datetime
    updated_at: datetime


class UseCaseDetailOut(UseCaseOut):
    kpis: list[KpiOut]
    problem_check: ProblemCheckOut


class UseCaseIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    department: str = Field("", max_length=50)
    archetype: str = Field("", max_length=50)
    problem_statement: str = Field("", max_length=10000)
    current_state: str = Field("", max_length=10000)


class UseCasePatch(Schema):
    """Fields to change; fields left out keep their value."""

    title: str | None = Field(None, min_length=1, max_length=200)
    department: str | None = Field(None, max_length=50)
    archetype: str | None = Field(None, max_length=50)
    problem_statement: str | None = Field(None, max_length=10000)
    current_state: str | None = Field(None, max_length=10000)


class RankedOut(Schema):
    position: int
    use_case_id: UUID
    title: str
    impact: int
    feasibility: int
    score: int = Field(description="impact × feasibility (1–25).")
    quadrant: QuadrantName
    quadrant_label: str
    tie_note: str = Field(description="Why it comes after the one above with the same score; empty otherwise.")
    is_lighthouse: bool


class UnscoredUseCaseOut(Schema):
    use_case_id: UUID
    title: str


class PrioritiesOut(Schema):
    ranked: list[RankedOut]
    unscored: list[UnscoredUseCaseOut]
    lighthouse_id: UUID | None


class PriorityIn(Schema):
    impact: Score | None = Field(description="Business impact 1–5, or null to clear.")
    feasibility: Score | None = Field(description="Feasibility 1–5, or null to clear.")


class LighthouseIn(Schema):
    is_lighthouse: StrictBool = Field(
        True, description="True marks it (and unmarks the previous one); false unmarks it.")


class UseCaseFigureOut(Schema):
    text: str = Field(description="Formatted in the caller's language, e.g. '6–10 maanden'.")
    low: float | None
    high: float | None
    value: float | None
    unit: str
    source: str = Field(description="Key of /api/v1/reference/sources.")


class ArchetypeOut(Schema):
    key: str
    name: str
    payback: UseCaseFigureOut | None = Field(
        description="The guide's reference payback; null where the guide gives none.")
    duration: UseCaseFigureOut | None = Field(description="The guide's implementation time; null where it gives none.")


class PriorityOut(Schema):
    position: int
    score: int
    quadrant: QuadrantName


class ReadinessSummaryOut(Schema):
    complete: bool
    answered: int
    total: int
    score: int | None = Field(description="Overall score; null until every question is answered.")
    light: Literal["green", "amber", "red"] | None
    risks: int


class PlanSummaryOut(Schema):
    use_case: UseCaseDetailOut
    department_name: str
    archetype: ArchetypeOut | None
    priority: PriorityOut | None
    readiness: ReadinessSummaryOut | None = Field(description="Null until a readiness question is answered.")
    recommended_model: str | None = Field(description="Key of the recommended implementation model, or null.")
    chosen_model: str = Field(description="Key of the model the company chose, or empty.")
    ai_act_tier: str | None = Field(description="Risk tier of the AI Act screening; null until it is complete.")
    dpia: str | None = Field(description="DPIA verdict of the GDPR screening; null until it is complete.")


class DeletedOut(Schema):
    deleted: bool = True


# --- Access helpers ------------------------------------------------------------------------------





# --- Shaping -------------------------------------------------------------------------------------


def _profile_out(profile: CompanyProfile | None, exists: bool) -> ProfileOut:
    profile = profile or CompanyProfile()
    return ProfileOut(
        exists=exists, nace_section=profile.nace_section,
        nace_name=str(services.NACE_SECTIONS.get(profile.nace_section, "")), industry=profile.industry,
        country=profile.country, region=profile.region, staff_count=profile.staff_count,  # type: ignore[arg-type]
        revenue_band=profile.revenue_band, ai_experience=profile.ai_experience,  # type: ignore[arg-type]
        it_capacity=profile.it_capacity, data_capacity=profile.data_capacity,  # type: ignore[arg-type]
        executive_sponsor=profile.executive_sponsor, data_protection_officer=profile.data_protection_officer,
        works_council=profile.works_council, updated_at=profile.updated_at if exists else None,
    )


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _kpi_out(kpi: Kpi) -> KpiOut:
    return KpiOut(
        id=kpi.id, use_case_id=kpi.use_case_id, name=kpi.name, unit=kpi.unit,
        direction=kpi.direction,  # type: ignore[arg-type]
        baseline_value=_float(kpi.baseline_value), baseline_method=kpi.baseline_method,
        baseline_date=kpi.baseline_date, target_value=_float(kpi.target_value), target_date=kpi.target_date,
        measurement_method=kpi.measurement_method,
    )


def _use_case_fields(use_case: UseCase) -> dict[str, object]:
    return {
        "id": use_case.id, "organisation_id": use_case.organisation_id, "title": use_case.title,
        "department": use_case.department, "archetype": use_case.archetype,
        "problem_statement": use_case.problem_statement, "current_state": use_case.current_state,
        "impact": use_case.impact, "feasibility": use_case.feasibility, "is_lighthouse": use_case.is_lighthouse,
        "created_at": use_case.created_at, "updated_at": use_case.updated_at,
    }


def _use_case_out(use_case: UseCase) -> UseCaseOut:
    return UseCaseOut(**_use_case_fields(use_case))  # type: ignore[arg-type]


def _check_out(check: ProblemCheck) -> ProblemCheckOut:
    return ProblemCheckOut(
        passed=check.passed,
        issues=[
            IssueOut(code=text.code, title=str(text.title), advice=str(text.advice))  # type: ignore[arg-type]
            for text in selectors.problem_check_texts(check)
        ],
        technologies=list(check.technologies),
    )


def _use_case_detail_out(use_case: UseCase) -> UseCaseDetailOut:
    kpis = list(selectors.kpis_of(use_case=use_case))
    check = problem_check(statement=use_case.problem_statement, current_state=use_case.current_state, kpis=kpis)
    return UseCaseDetailOut(
        **_use_case_fields(use_case),  # type: ignore[arg-type]
        kpis=[_kpi_out(k) for k in kpis], problem_check=_check_out(check),
    )


def _figure_out(figure: Figure | None) -> UseCaseFigureOut | None:
    if figure is None:
        return None
    return UseCaseFigureOut(
        text=figure.format(normalise_language(translation.get_language())), low=figure.low, high=figure.high,
        value=figure.value, unit=figure.unit, source=figure.source,
    )


def _priorities_out(priorities: selectors.Priorities) -> PrioritiesOut:
    return PrioritiesOut(
        ranked=[
            RankedOut(
                position=row.position, use_case_id=row.use_case.id, title=row.use_case.title,
                impact=row.use_case.impact or 0, feasibility=row.use_case.feasibility or 0, score=row.score,
                quadrant=row.quadrant, quadrant_label=row.quadrant_label,  # type: ignore[arg-type]
                tie_note=row.tie_note, is_lighthouse=row.use_case.is_lighthouse,
            )
            for row in priorities.ranked
        ],
        unscored=[UnscoredUseCaseOut(use_case_id=u.id, title=u.title) for u in priorities.unscored],
        lighthouse_id=priorities.lighthouse.id if priorities.lighthouse else None,
    )


# --- Company profile -------------------------------------------------------------------------------

_REQUIRED_PROFILE_FIELDS = frozenset({"country", "ai_experience", "works_council"})


@router.get(
    "/organisations/{organisation_id}/profile", response=responses(ProfileOut, 404),
    summary="The company profile",
)
def profile_detail(request: HttpRequest, organisation_id: OrganisationId) -> ProfileOut:
    """Any member may read it. Before the first save ``exists`` is false and the values are defaults."""
    membership = membership_for_user(caller(request), organisation_id)
    profile = selectors.profile_of(organisation=membership.organisation)
    return _profile_out(profile, profile is not None)


@router.put(
    "/organisations/{organisation_id}/profile", response=responses(ProfileOut, 400, 403, 404, 422),
    summary="Save the company profile (owners)",
)
def profile_update(request: HttpRequest, organisation_id: OrganisationId, payload: ProfileIn) -> ProfileOut:
    """Sets the fields given; fields left out keep their value. The first save creates the profile."""
    user = caller(request)
    membership = membership_for_user(user, organisation_id, role=Role.OWNER)
    fields: dict[str, object] = {}
    for key, value in payload.model_dump(exclude_unset=True).items():
        if value is not None:
            fields[key] = value
        elif key not in _REQUIRED_PROFILE_FIELDS:  # null cannot clear a field that always has a value
            fields[key] = None if key == "staff_count" else ""
    profile = services.profile_update(actor=user, organisation=membership.organisation, **fields)
    return _profile_out(profile, True)


# --- Use cases ---------------------------------------------------------------------------------


@router.get(
    "/organisations/{organisation_id}/use-cases", response=responses(list[UseCaseOut], 404),
    summary="Use cases of an organisation",
)
def use_case_list(request: HttpRequest, organisation_id: OrganisationId) -> list[UseCaseOut]:
    """The organisation's use cases by title. Any member may read them."""
    membership = membership_for_user(caller(request), organisation_id)
    return [_use_case_out(u) for u in UseCase.objects.filter(organisation=membership.organisation).order_by("title")]


@router.post(
    "/organisations/{organisation_id}/use-cases", response=responses(UseCaseDetailOut, 400, 403, 404, 422),
    summary="Describe a use case (owners)",
)
def use_case_create(request: HttpRequest, organisation_id: OrganisationId, payload: UseCaseIn) -> UseCaseDetailOut:
    """``department`` and ``archetype`` must be keys of the reference data (or empty); 422 otherwise."""
    user = caller(request)
    membership = membership_for_user(user, organisation_id, role=Role.OWNER)
    use_case = services.use_case_create(actor=user, organisation=membership.organisation, **payload.model_dump())
    return _use_case_detail_out(use_case)


@router.get("/use-cases/{use_case_id}", response=responses(UseCaseDetailOut, 404), summary="One use case")
def use_case_detail(request: HttpRequest, use_case_id: UseCaseId) -> UseCaseDetailOut:
    """The use case with its KPIs and its problem check."""
    return _use_case_detail_out(use_case_for(caller(request), use_case_id))


@router.patch(
    "/use-cases/{use_case_id}", response=responses(UseCaseDetailOut, 400, 403, 404, 422),
    summary="Change a use case (owners)",
)
def use_case_update(request: HttpRequest, use_case_id: UseCaseId, payload: UseCasePatch) -> UseCaseDetailOut:
    user = caller(request)
    use_case = use_case_for(user, use_case_id, role=Role.OWNER)
    services.use_case_update(actor=user, use_case=use_case, **payload.model_dump(exclude_none=True))
    return _use_case_detail_out(use_case)


@router.delete(
    "/use-cases/{use_case_id}", response=responses(DeletedOut, 403, 404),
    summary="Delete a use case with its KPIs and answers (owners)",
)
def use_case_delete(request: HttpRequest, use_case_id: UseCaseId) -> DeletedOut:
    user = caller(request)
    services.use_case_delete(actor=user, use_case=use_case_for(user, use_case_id, role=Role.OWNER))
    return DeletedOut()


@router.get(
    "/use-cases/{use_case_id}/problem-check", response=responses(ProblemCheckOut, 404),
    summary="The problem-statement check of a use case",
)
def use_case_problem_check(request: HttpRequest, use_case_id: UseCaseId) -> ProblemCheckOut:
    """What is missing for a measurable problem: codes with a title and advice in the caller's language."""
    use_case = use_case_for(caller(request), use_case_id)
    kpis = list(selectors.kpis_of(use_case=use_case))
    return _check_out(
        problem_check(statement=use_case.problem_statement, current_state=use_case.current_state, kpis=kpis)
    )


# --- KPIs --------------------------------------------------------------------------------------


@router.get("/use-cases/{use_case_id}/kpis", response=responses(list[KpiOut], 404), summary="KPIs of a use case")
def kpi_list(request: HttpRequest, use_case_id: UseCaseId) -> list[KpiOut]:
    use_case = use_case_for(caller(request), use_case_id)
    return [_kpi_out(k) for k in selectors.kpis_of(use_case=use_case)]


@router.post(
    "/use-cases/{use_case_id}/kpis", response=responses(KpiOut, 400, 403, 404, 422),
    summary="Add a KPI to a use case (owners)",
)
def kpi_create(request: HttpRequest, use_case_id: UseCaseId, payload: KpiIn) -> KpiOut:
    """422 when the target is on the wrong side of the baseline for the direction, or the target date
    is not after the baseline date."""
    user = caller(request)
    use_case = use_case_for(user, use_case_id, role=Role.OWNER)
    return _kpi_out(services.kpi_create(actor=user, use_case=use_case, **payload.model_dump()))


@router.patch("/kpis/{kpi_id}", response=responses(KpiOut, 400, 403, 404, 422), summary="Change a KPI (owners)")
def kpi_update(request: HttpRequest, kpi_id: KpiId, payload: KpiPatch) -> KpiOut:
    user = caller(request)
    kpi = kpi_for(user, kpi_id, role=Role.OWNER)
    changes = payload.model_dump(exclude_unset=True)
    for key in ("name", "unit", "direction"):
        if key in changes and changes[key] is None:
            del changes[key]
    services.kpi_update(actor=user, kpi=kpi, **changes)
    return _kpi_out(kpi)


@router.delete("/kpis/{kpi_id}", response=responses(DeletedOut, 403, 404), summary="Delete a KPI (owners)")
def kpi_delete(request: HttpRequest, kpi_id: KpiId) -> DeletedOut:
    user = caller(request)
    services.kpi_delete(actor=user, kpi=kpi_for(user, kpi_id, role=Role.OWNER))
    return DeletedOut()


# --- Priorities --------------------------------------------------------------------------------


@router.get(
    "/organisations/{organisation_id}/priorities", response=responses(PrioritiesOut, 404),
    summary="Use cases ranked by impact × feasibility",
)
def priority_list(request: HttpRequest, organisation_id: OrganisationId) -> PrioritiesOut:
    """Scored use cases by impact × feasibility (ties: higher impact first, then title, with a note),
    the unscored ones, and the lighthouse candidate."""
    membership = membership_for_user(caller(request), organisation_id)
    return _priorities_out(selectors.priorities_for(organisation=membership.organisation))


@router.put(
    "/use-cases/{use_case_id}/priority", response=responses(PrioritiesOut, 400, 403, 404, 422),
    summary="Score a use case on impact and feasibility (owners)",
)
def priority_update(request: HttpRequest, use_case_id: UseCaseId, payload: PriorityIn) -> PrioritiesOut:
    """Returns the organisation's new ranking."""
    user = caller(request)
    use_case = use_case_for(user, use_case_id, role=Role.OWNER)
    services.priority_set(actor=user, use_case=use_case, impact=payload.impact, feasibility=payload.feasibility)
    return _priorities_out(selectors.priorities_for(organisation=use_case.organisation))


@router.post(
    "/use-cases/{use_case_id}/lighthouse", response=responses(PrioritiesOut, 400, 403, 404, 422),
    summary="Mark or unmark the lighthouse candidate (owners)",
)
def lighthouse_update(request: HttpRequest, use_case_id: UseCaseId, payload: LighthouseIn) -> PrioritiesOut:
    """One lighthouse candidate per organisation: marking one unmarks the previous one."""
    user = caller(request)
    use_case = use_case_for(user, use_case_id, role=Role.OWNER)
    services.lighthouse_set(actor=user, use_case=use_case, is_lighthouse=payload.is_lighthouse)
    return _priorities_out(selectors.priorities_for(organisation=use_case.organisation))


# --- AI plan summary ---------------------------------------------------------------------------


@router.get(
    "/use-cases/{use_case_id}/summary", response=responses(PlanSummaryOut, 404),
    summary="The one-page AI plan of a use case",
)
def plan_summary(request: HttpRequest, use_case_id: UseCaseId) -> PlanSummaryOut:
    """Problem, KPIs, problem check, priority, the guide's reference figures for the archetype, and the
    results of the readiness check, model advice, AI Act and GDPR screening (null where not done)."""
    use_case = use_case_for(caller(request), use_case_id)
    summary = selectors.plan_summary_for(use_case)
    info = summary.archetype
    lang = normalise_language(translation.get_language())
    archetype = None
    if info is not None:
        archetype = ArchetypeOut(
            key=info.archetype.key, name=info.archetype.name.get(lang), payback=_figure_out(info.archetype.payback),
            duration=_figure_out(info.duration.duration if info.duration else None),
        )
    priority = summary.priority
    readiness = summary.readiness
    return PlanSummaryOut(
        use_case=_use_case_detail_out(use_case), department_name=summary.department, archetype=archetype,
        priority=PriorityOut(
            position=priority.position, score=priority.score, quadrant=priority.quadrant,  # type: ignore[arg-type]
        ) if priority else None,
        readiness=ReadinessSummaryOut(
            complete=readiness.complete, answered=readiness.answered, total=readiness.total, score=readiness.score,
            light=str(readiness.light) if readiness.light else None,  # type: ignore[arg-type]
            risks=len(readiness.risks),
        ) if readiness else None,
        recommended_model=summary.model_advice.recommended if summary.model_advice else None,
        chosen_model=use_case.chosen_model,
        ai_act_tier=summary.ai_act.tier if summary.ai_act else None,
        dpia=summary.gdpr.verdict if summary.gdpr else None,
    )
