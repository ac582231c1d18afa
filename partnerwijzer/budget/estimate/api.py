"""Cost estimate in the JSON API (mounted in partnerwijzer/routers.py), under
``/api/v1/use-cases/{use_case_id}/budget/``: the buffer setting, cost lines, internal effort per
role, the five hidden costs and the simulated result.

Money: every amount in euro is a **decimal string with two decimals** (``"45000.00"``), in
answers and in the simulated result (rounded to cents), so no client ever sums binary floats
into money. Requests accept a JSON number or such a string. Percentages and hours are decimal
strings too (``"30.00"``, ``"208.0"``).

Access: the use case is resolved first, then the caller's membership of its organisation, so an
unknown id, a malformed one and another organisation's give the same 404. Members read; owners
write (others get 403). A cost line or role of another use case is a 404 as well. Invalid input
is a 422 with ``errors`` per field and nothing stored.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Path, Router, Schema
from pydantic import WithJsonSchema

from partnerwijzer.accounts.access import not_found, object_for_user
from partnerwijzer.accounts.models import User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.api.common import UseCaseId, caller, decimal_in, responses
from partnerwijzer.budget.estimate import selectors, services
from partnerwijzer.budget.models import CostLine, EffortRole
from partnerwijzer.budget.services import default_buffer
from partnerwijzer.knowledge.schema import Figure, normalise_language
from partnerwijzer.knowledge.topics import costs as cost_reference
from partnerwijzer.planning.lookups import use_case_for
from partnerwijzer.planning.models import UseCase
from partnerwijzer.planning.usecases.api import DeletedOut

router = Router(tags=["budget"])


CostLineId = Annotated[
    str,
    WithJsonSchema({"type": "string", "format": "uuid"}),
    Path(description="The cost line's id. Unknown ids and other use cases' lines both give 404."),
]
EffortRoleId = Annotated[
    str,
    WithJsonSchema({"type": "string", "format": "uuid"}),
    Path(description="The role's id. Unknown ids and other use cases' roles both give 404."),
]
HiddenCostKey = Annotated[
    str,
    WithJsonSchema({"type": "string", "enum": list(cost_reference.HIDDEN_COST_KEYS)}),
    Path(description="One of the guide's five hidden costs; another key gives 404."),
]

Money = Annotated[str, Field(pattern=r"^\d+\.\d{2}$", examples=["45000.00"],
                             description="Euro as a decimal string with two decimals.")]
MoneyIn = Annotated[Decimal, decimal_in(ge=0, max_digits=12, decimal_places=2, examples=["45000.00"],
                                         description="Euro.")]
PercentIn = Annotated[Decimal, decimal_in(ge=0, le=100, max_digits=5, decimal_places=2, examples=["25"])]
HoursIn = Annotated[Decimal, decimal_in(ge=0, max_digits=9, decimal_places=1, examples=["120"])]
WeeklyHoursIn = Annotated[Decimal, decimal_in(gt=0, le=168, max_digits=5, decimal_places=1)]
HourlyRateIn = Annotated[Decimal, decimal_in(ge=0, max_digits=8, decimal_places=2)]
KindName = Literal["one_off", "running"]
BasisName = Literal["share", "hours"]
StatusName = Literal["open", "acknowledged", "planned"]


def _s(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _m(value: Decimal) -> str:
    """Money (and percentages): a decimal string with exactly two decimals."""
    return format(value.quantize(services.CENT), "f")


# --- Schemas -------------------------------------------------------------------------------------


class EstimateFigureOut(Schema):
    """A reference value of the guide, with its source: never a measurement of the project."""

    text: str = Field(description="Formatted for the caller's language, e.g. '€ 20.000 – € 50.000'.")
    low: float | None
    high: float | None
    value: float | None
    unit: str
    label: str
    source: str = Field(description="Key of /api/v1/reference/sources.")
    as_of: str


class EstimateSettingsOut(Schema):
    exists: bool = Field(description="False until someone enters budget data; the values are then defaults.")
    buffer_percent: str = Field(description="Buffer on the one-off costs, in percent (decimal string).")
    default_buffer_percent: str = Field(description="30 for a first AI project, else 20 (from the company profile).")
    reference_buffer: EstimateFigureOut


class EstimateSettingsIn(Schema):
    buffer_percent: PercentIn


class EstimateCostLineOut(Schema):
    id: str
    kind: KindName
    category: str = Field(description="Key of a guide category (costs.yaml), 'running', or empty for an own line.")
    name: str = Field(description="The company's own name; may be empty for a guide category.")
    label: str = Field(description="The name, else the guide's name of the category, in the caller's language.")
    low: Money
    likely: Money
    high: Money
    note: str
    reference: EstimateFigureOut | None = Field(description="The guide's typical range for the category, if any.")


class EstimateCostLineIn(Schema):
    kind: KindName = "one_off"
    name: str = Field(min_length=1, max_length=150)
    low: MoneyIn
    likely: MoneyIn
    high: MoneyIn
    note: str = Field("", max_length=5000)


class EstimateCostLinePatch(Schema):
    """Fields to change; fields left out keep their value. A guide category keeps its kind."""

    kind: KindName | None = None
    name: str | None = Field(None, max_length=150)
    low: MoneyIn | None = None
    likely: MoneyIn | None = None
    high: MoneyIn | None = None
    note: str | None = Field(None, max_length=5000)


class EstimateEffortRoleOut(Schema):
    id: str
    name: str
    basis: BasisName
    people: int
    share_low: str | None
    share_high: str | None
    weekly_hours: str | None
    months: int | None
    hours_low: str = Field(description="Hours per person; for basis 'share' computed as share × weekly hours × "
                                       "months × 52/12.")
    hours_high: str
    hourly_rate: Money
    cost_low: Money = Field(description="hours_low × hourly_rate × people.")
    cost_high: Money


class EstimateEffortRoleIn(Schema):
    name: str = Field(min_length=1, max_length=150)
    basis: BasisName = "share"
    people: int = Field(1, ge=1, le=1000)
    share_low: PercentIn | None = None
    share_high: PercentIn | None = None
    weekly_hours: WeeklyHoursIn | None = None
    months: int | None = Field(None, ge=1, le=120)
    hours_low: HoursIn | None = None
    hours_high: HoursIn | None = None
    hourly_rate: HourlyRateIn


class EstimateEffortRolePatch(Schema):
    """Fields to change; fields left out keep their value."""

    name: str | None = Field(None, min_length=1, max_length=150)
    basis: BasisName | None = None
    people: int | None = Field(None, ge=1, le=1000)
    share_low: PercentIn | None = None
    share_high: PercentIn | None = None
    weekly_hours: WeeklyHoursIn | None = None
    months: int | None = Field(None, ge=1, le=120)
    hours_low: HoursIn | None = None
    hours_high: HoursIn | None = None
    hourly_rate: HourlyRateIn | None = None


class EstimateHiddenCostOut(Schema):
    key: str
    kind: KindName = Field(description="Whether a planned amount is one-off or per year, as the guide says.")
    name: str
    remedy: str
    status: StatusName
    amount: Money | None
    note: str
    figure: EstimateFigureOut | None


class EstimateHiddenCostIn(Schema):
    status: StatusName
    amount: MoneyIn | None = Field(None, description="Required for 'planned'; ignored otherwise.")
    note: str = Field("", max_length=5000)


class EstimateBandOut(Schema):
    p10: Money
    p50: Money
    p90: Money


class EstimateItemOut(Schema):
    key: str = Field(description="'line:<id>', 'internal_effort' or 'hidden:<key>'.")
    label: str
    kind: KindName
    band: EstimateBandOut
    reference: EstimateFigureOut | None


class EstimateResultOut(Schema):
    available: bool = Field(description="False until there is at least one one-off cost; the figures are then null.")
    samples: int | None = Field(description="Number of simulated outcomes.")
    buffer_percent: str | None
    running_years: int | None
    one_off: EstimateBandOut | None = Field(description="One-off costs before buffer.")
    buffer: EstimateBandOut | None
    one_off_total: EstimateBandOut | None = Field(description="One-off costs including the buffer.")
    running_per_year: EstimateBandOut | None
    internal_effort: EstimateBandOut | None = Field(description="Internal effort (part of the one-off costs).")
    total: EstimateBandOut | None = Field(description="One-off incl. buffer plus running_years of running cost.")
    items: list[EstimateItemOut]


# --- Helpers -------------------------------------------------------------------------------------



def _cost_line(user: User, use_case: UseCase, line_id: str, *, role: Role) -> CostLine:
    queryset = CostLine.objects.filter(budget__use_case=use_case).select_related("budget__use_case")
    return object_for_user(user, queryset, line_id, organisation="budget__use_case__organisation", role=role)


def _effort_role(user: User, use_case: UseCase, role_id: str, *, role: Role) -> EffortRole:
    queryset = EffortRole.objects.filter(budget__use_case=use_case).select_related("budget__use_case")
    return object_for_user(user, queryset, role_id, organisation="budget__use_case__organisation", role=role)


def _lang() -> str:
    return normalise_language(translation.get_language())


def _figure(figure: Figure | None) -> EstimateFigureOut | None:
    if figure is None:
        return None
    lang = _lang()
    return EstimateFigureOut(text=figure.format(lang), low=figure.low, high=figure.high, value=figure.value,
                             unit=figure.unit, label=figure.label.get(lang), source=figure.source,
                             as_of=figure.as_of)


def _line_out(line: CostLine) -> EstimateCostLineOut:
    return EstimateCostLineOut(
        id=str(line.pk), kind=line.kind, category=line.category, name=line.name,  # type: ignore[arg-type]
        label=selectors.line_label(line), low=_m(line.low), likely=_m(line.likely), high=_m(line.high),
        note=line.note, reference=_figure(selectors.reference_for(line.category)),
    )


def _role_out(row: selectors.RoleRow) -> EstimateEffortRoleOut:
    role = row.role
    return EstimateEffortRoleOut(
        id=str(role.pk), name=role.name, basis=role.basis, people=role.people,  # type: ignore[arg-type]
        share_low=_s(role.share_low), share_high=_s(role.share_high), weekly_hours=_s(role.weekly_hours),
        months=role.months, hours_low=format(role.hours_low, "f"), hours_high=format(role.hours_high, "f"),
        hourly_rate=_m(role.hourly_rate), cost_low=_m(row.cost_low), cost_high=_m(row.cost_high),
    )


def _band(band: selectors.Band | None) -> EstimateBandOut | None:
    if band is None:
        return None
    return EstimateBandOut(p10=_m(band.p10), p50=_m(band.p50), p90=_m(band.p90))


def _settings_out(use_case: UseCase) -> EstimateSettingsOut:
    budget = selectors.budget_with_lines(use_case)
    fallback = default_buffer(use_case)
    return EstimateSettingsOut(
        exists=budget is not None, buffer_percent=_m(budget.buffer_percent if budget else fallback),
        default_buffer_percent=_m(fallback),
        reference_buffer=_figure(cost_reference.load().buffer),  # type: ignore[arg-type]
    )


# --- Settings ------------------------------------------------------------------------------------


@router.get("/use-cases/{use_case_id}/budget/estimate/settings", response=responses(EstimateSettingsOut, 404),
            summary="Settings of the cost estimate (the buffer)")
def estimate_settings(request: HttpRequest, use_case_id: UseCaseId) -> EstimateSettingsOut:
    """The buffer on the one-off costs, the default for this company, and the guide's 20-30 % reference."""
    return _settings_out(use_case_for(caller(request), use_case_id))


@router.put("/use-cases/{use_case_id}/budget/estimate/settings",
            response=responses(EstimateSettingsOut, 400, 403, 404, 422),
            summary="Set the buffer of the cost estimate (owners)")
def estimate_settings_update(request: HttpRequest, use_case_id: UseCaseId,
                             payload: EstimateSettingsIn) -> EstimateSettingsOut:
    user = caller(request)
    use_case = use_case_for(user, use_case_id, role=Role.OWNER)
    services.buffer_set(actor=user, use_case=use_case, buffer_percent=payload.buffer_percent)
    return _settings_out(use_case)


@router.post("/use-cases/{use_case_id}/budget/estimate/start",
             response=responses(list[EstimateCostLineOut], 400, 403, 404),
             summary="Start from the guide's ranges (owners)")
def estimate_start(request: HttpRequest, use_case_id: UseCaseId) -> list[EstimateCostLineOut]:
    """Adds a line per guide category and the running cost at the guide's typical range (most likely:
    its middle); categories already present are kept. Returns all cost lines."""
    user = caller(request)
    use_case = use_case_for(user, use_case_id, role=Role.OWNER)
    budget = services.estimate_start(actor=user, use_case=use_case)
    return [_line_out(line) for line in budget.cost_lines.all()]


# --- Cost lines ----------------------------------------------------------------------------------


@router.get("/use-cases/{use_case_id}/budget/cost-lines", response=responses(list[EstimateCostLineOut], 404),
            summary="Cost lines of a use case")
def cost_line_list(request: HttpRequest, use_case_id: UseCaseId) -> list[EstimateCostLineOut]:
    """One-off lines first, then running ones (per year); each with the guide's typical range if any."""
    use_case = use_case_for(caller(request), use_case_id)
    return [_line_out(line) for line in CostLine.objects.filter(budget__use_case=use_case)]


@router.post("/use-cases/{use_case_id}/budget/cost-lines",
             response=responses(EstimateCostLineOut, 400, 403, 404, 422),
             summary="Add a cost line of your own (owners)")
def cost_line_create(request: HttpRequest, use_case_id: UseCaseId,
                     payload: EstimateCostLineIn) -> EstimateCostLineOut:
    """422 unless low <= likely <= high."""
    user = caller(request)
    use_case = use_case_for(user, use_case_id, role=Role.OWNER)
    return _line_out(services.cost_line_create(actor=user, use_case=use_case, **payload.model_dump()))


@router.patch("/use-cases/{use_case_id}/budget/cost-lines/{cost_line_id}",
              response=responses(EstimateCostLineOut, 400, 403, 404, 422), summary="Change a cost line (owners)")
def cost_line_update(request: HttpRequest, use_case_id: UseCaseId, cost_line_id: CostLineId,
                     payload: EstimateCostLinePatch) -> EstimateCostLineOut:
    user = caller(request)
    use_case = use_case_for(user, use_case_id, role=Role.OWNER)
    line = _cost_line(user, use_case, cost_line_id, role=Role.OWNER)
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    return _line_out(services.cost_line_update(actor=user, line=line, **changes))


@router.delete("/use-cases/{use_case_id}/budget/cost-lines/{cost_line_id}",
               response=responses(DeletedOut, 403, 404), summary="Delete a cost line (owners)")
def cost_line_delete(request: HttpRequest, use_case_id: UseCaseId, cost_line_id: CostLineId) -> DeletedOut:
    user = caller(request)
    use_case = use_case_for(user, use_case_id, role=Role.OWNER)
    services.cost_line_delete(actor=user, line=_cost_line(user, use_case, cost_line_id, role=Role.OWNER))
    return DeletedOut()


# --- Internal effort -----------------------------------------------------------------------------


@router.get("/use-cases/{use_case_id}/budget/effort-roles", response=responses(list[EstimateEffortRoleOut], 404),
            summary="Internal effort per role")
def effort_role_list(request: HttpRequest, use_case_id: UseCaseId) -> list[EstimateEffortRoleOut]:
    use_case = use_case_for(caller(request), use_case_id)
    return [_role_out(selectors.role_row(r)) for r in EffortRole.objects.filter(budget__use_case=use_case)]


@router.post("/use-cases/{use_case_id}/budget/effort-roles",
             response=responses(EstimateEffortRoleOut, 400, 403, 404, 422), summary="Add a role (owners)")
def effort_role_create(request: HttpRequest, use_case_id: UseCaseId,
                       payload: EstimateEffortRoleIn) -> EstimateEffortRoleOut:
    """Basis 'share' needs share_low, share_high, weekly_hours and months (the hours are computed);
    basis 'hours' needs hours_low and hours_high. 422 otherwise."""
    user = caller(request)
    use_case = use_case_for(user, use_case_id, role=Role.OWNER)
    role = services.effort_role_create(actor=user, use_case=use_case, **payload.model_dump())
    return _role_out(selectors.role_row(role))


@router.patch("/use-cases/{use_case_id}/budget/effort-roles/{effort_role_id}",
              response=responses(EstimateEffortRoleOut, 400, 403, 404, 422), summary="Change a role (owners)")
def effort_role_update(request: HttpRequest, use_case_id: UseCaseId, effort_role_id: EffortRoleId,
                       payload: EstimateEffortRolePatch) -> EstimateEffortRoleOut:
    user = caller(request)
    use_case = use_case_for(user, use_case_id, role=Role.OWNER)
    role = _effort_role(user, use_case, effort_role_id, role=Role.OWNER)
    changes = payload.model_dump(exclude_unset=True)
    for key in ("name", "basis", "people", "hourly_rate"):
        if key in changes and changes[key] is None:
            del changes[key]
    return _role_out(selectors.role_row(services.effort_role_update(actor=user, role=role, **changes)))


@router.delete("/use-cases/{use_case_id}/budget/effort-roles/{effort_role_id}",
               response=responses(DeletedOut, 403, 404), summary="Delete a role (owners)")
def effort_role_delete(request: HttpRequest, use_case_id: UseCaseId, effort_role_id: EffortRoleId) -> DeletedOut:
    user = caller(request)
    use_case = use_case_for(user, use_case_id, role=Role.OWNER)
    services.effort_role_delete(actor=user, role=_effort_role(user, use_case, effort_role_id, role=Role.OWNER))
    return DeletedOut()


# --- Hidden costs --------------------------------------------------------------------------------


def _hidden_out(row: selectors.HiddenRow) -> EstimateHiddenCostOut:
    lang = _lang()
    return EstimateHiddenCostOut(
        key=row.key, kind=row.ref.kind, name=row.ref.name.get(lang), remedy=row.ref.remedy.get(lang),
        status=row.status,  # type: ignore[arg-type]
        amount=_m(row.amount) if row.amount is not None else None, note=row.note, figure=_figure(row.ref.figure),
    )


@router.get("/use-cases/{use_case_id}/budget/hidden-costs", response=responses(list[EstimateHiddenCostOut], 404),
            summary="The guide's five hidden costs and how the company handles them")
def hidden_cost_list(request: HttpRequest, use_case_id: UseCaseId) -> list[EstimateHiddenCostOut]:
    """Always the five, in the guide's order; 'open' until someone considers one."""
    use_case = use_case_for(caller(request), use_case_id)
    return [_hidden_out(row) for row in selectors.hidden_rows(selectors.budget_with_lines(use_case))]


@router.put("/use-cases/{use_case_id}/budget/hidden-costs/{hidden_cost_key}",
            response=responses(EstimateHiddenCostOut, 400, 403, 404, 422),
            summary="Set the status of a hidden cost (owners)")
def hidden_cost_update(request: HttpRequest, use_case_id: UseCaseId, hidden_cost_key: HiddenCostKey,
                       payload: EstimateHiddenCostIn) -> EstimateHiddenCostOut:
    """'planned' needs an amount (one-off, or per year where the guide calls it running): 422 without."""
    user = caller(request)
    use_case = use_case_for(user, use_case_id, role=Role.OWNER)
    if hidden_cost_key not in cost_reference.HIDDEN_COST_KEYS:
        raise not_found()
    services.hidden_cost_set(actor=user, use_case=use_case, key=hidden_cost_key, **payload.model_dump())
    rows = selectors.hidden_rows(selectors.budget_with_lines(use_case))
    return _hidden_out(next(r for r in rows if r.key == hidden_cost_key))


# --- Result --------------------------------------------------------------------------------------


@router.get("/use-cases/{use_case_id}/budget/estimate", response=responses(EstimateResultOut, 404),
            summary="The simulated cost estimate: P10, P50 and P90")
def estimate_result(request: HttpRequest, use_case_id: UseCaseId) -> EstimateResultOut:
    """P10/P50/P90 per item and of the totals, from a Monte Carlo simulation seeded per budget (the
    same inputs give the same figures). P90: 9 in 10 simulated outcomes stay below it."""
    use_case = use_case_for(caller(request), use_case_id)
    result = selectors.estimate_result(selectors.budget_with_lines(use_case))
    if result is None:
        return EstimateResultOut(available=False, samples=None, buffer_percent=None, running_years=None,
                                 one_off=None, buffer=None, one_off_total=None, running_per_year=None,
                                 internal_effort=None, total=None, items=[])
    items = [
        EstimateItemOut(key=row.key, label=row.label, kind=row.kind, band=_band(row.band),  # type: ignore[arg-type]
                        reference=_figure(row.reference))
        for row in (*result.rows, *result.running_rows)
    ]
    return EstimateResultOut(
        available=True, samples=result.samples, buffer_percent=_m(result.buffer_percent),
        running_years=result.running_years, one_off=_band(result.one_off), buffer=_band(result.buffer),
        one_off_total=_band(result.one_off_total), running_per_year=_band(result.running_per_year),
        internal_effort=_band(result.internal_effort), total=_band(result.total), items=items,
    )
