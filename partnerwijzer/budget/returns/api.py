"""Benefits and return endpoints of the JSON API (mounted in partnerwijzer/routers.py).

The return settings and the benefits of a use case's budget, and the simulated result: payback
percentiles (null: beyond the horizon), the chance of no payback, ROI and NPV percentiles, the
cumulative cash-flow band per month and the findings against the guide's reference values.

Access: the use case (or benefit) is resolved first, then the caller's membership of its
organisation is checked, so unknown, malformed and other organisations' ids give the same 404.
Members read; owners write (others get 403). Invalid values give 422 with the field's message.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema
from pydantic import WithJsonSchema

from partnerwijzer.accounts.access import object_for_user
from partnerwijzer.accounts.models import User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.api.common import UseCaseId, caller, decimal_in, responses
from partnerwijzer.budget.models import BenefitLine
from partnerwijzer.budget.returns import selectors, services
from partnerwijzer.budget.selectors import budget_of
from partnerwijzer.planning.lookups import use_case_for
from partnerwijzer.planning.models import Kpi, UseCase

router = Router(tags=["budget"])

BenefitId = Annotated[
    str,
    WithJsonSchema({"type": "string", "format": "uuid"}),
    Path(description="The benefit's id. Unknown ids and other organisations' benefits both give 404."),
]
FactorName = Literal["cost_savings", "productivity", "revenue", "strategic", "risk_reduction"]
MethodName = Literal["amount", "hours", "errors", "conversions"]
Amount = Annotated[Decimal, decimal_in(max_digits=14, decimal_places=2)]
UnitValue = Annotated[Decimal, decimal_in(max_digits=12, decimal_places=2)]


# --- Schemas ----------------------------------------------------------------------------------


class ReturnSettingsOut(Schema):
    saved: bool = Field(description="False until an owner saves a cost, benefit or setting; then the defaults.")
    horizon_months: int
    go_live_month: int = Field(description="Months from the project start until go-live (0 = at once).")
    ramp_months: int = Field(description="Months from go-live to the full benefit (S-curve).")
    discount_rate: float = Field(description="Percent per year.")
    suggested_go_live: int | None = Field(
        description="The middle of the guide's implementation time for the use case's type; null where it gives none."
    )


class ReturnSettingsIn(Schema):
    horizon_months: int = Field(description="12 to 120.")
    go_live_month: int = Field(description="0 up to horizon_months - 1.")
    ramp_months: int = Field(description="0 to 60.")
    discount_rate: Annotated[Decimal, decimal_in(max_digits=4, decimal_places=2, ge=0, le=50)] = Field(
        description="0 to 50 % per year.")


class BenefitOut(Schema):
    id: UUID
    use_case_id: UUID
    name: str
    factor: FactorName
    method: MethodName
    kpi_id: UUID | None
    low: float = Field(description="Volume per year (hours, errors, conversions, or euro for method amount).")
    likely: float
    high: float
    unit_value: float = Field(description="Euro per unit; 1 for method amount.")
    amount_low: float = Field(description="Euro per year once fully ramped up: low × unit_value.")
    amount_likely: float
    amount_high: float
    note: str


class BenefitIn(Schema):
    name: str = Field(min_length=1, max_length=150)
    factor: FactorName
    method: MethodName = "amount"
    kpi_id: UUID | None = Field(None, description="One of this use case's KPIs, or null.")
    low: Amount
    likely: Amount
    high: Amount
    unit_value: UnitValue | None = Field(
        None, description="Required unless method is amount."
    )
    note: str = Field("", max_length=5000)


class BenefitPatch(Schema):
    """Fields to change; fields left out keep their value. ``kpi_id: null`` unlinks the KPI."""

    name: str | None = Field(None, min_length=1, max_length=150)
    factor: FactorName | None = None
    method: MethodName | None = None
    kpi_id: UUID | None = None
    low: Amount | None = None
    likely: Amount | None = None
    high: Amount | None = None
    unit_value: UnitValue | None = None
    note: str | None = Field(None, max_length=5000)


class PercentilesOut(Schema):
    p10: float | None
    p50: float | None
    p90: float | None


class CumulativeOut(Schema):
    month: int = Field(description="End of month 1 .. horizon, counted from the project start.")
    p10: float
    p50: float
    p90: float


class FactorShareOut(Schema):
    factors: list[FactorName]
    name: str
    share: float = Field(description="Share of the expected benefit over the horizon (0-1).")
    guide_share: float | None = Field(description="The guide's reference share in percent; null if not in it.")


class FindingOut(Schema):
    code: str
    level: Literal["ok", "info", "warning"]
    message: str


class ReturnOut(Schema):
    available: bool
    reason: Literal["no_costs", "no_benefits"] | None = Field(description="Why there is no result yet.")
    horizon_months: int
    go_live_month: int
    expected_funding: float = Field(description="Applied-for and granted funding taken off the one-off costs.")
    iterations: int | None
    payback: PercentilesOut | None = Field(
        description="Payback month from the project start; null percentiles lie beyond the horizon."
    )
    no_payback_probability: float | None
    roi: PercentilesOut | None = Field(description="ROI at the horizon as a fraction (1.5 = 150 %).")
    roi_three_years_p50: float | None = Field(description="Median ROI after 36 months, the guide's period.")
    npv: PercentilesOut | None = Field(description="Net present value at the horizon, euro.")
    cumulative: list[CumulativeOut]
    factors: list[FactorShareOut]
    findings: list[FindingOut]


class DeletedOut(Schema):
    deleted: bool = True


# --- Helpers ---------------------------------------------------------------------------------------



def _benefit(user: User, benefit_id: str, *, role: Role = Role.VIEWER) -> BenefitLine:
    return object_for_user(
        user, BenefitLine.objects.select_related("budget__use_case", "kpi"), benefit_id,
        organisation="budget__use_case__organisation", role=role,
    )


def _kpi(kpi_id: UUID | None, use_case_id: UUID) -> Kpi | None:
    """The use case's KPI; a made-up id and another use case's KPI give the same 422 at ``kpi_id``."""
    if kpi_id is None:
        return None
    kpi = Kpi.objects.filter(pk=kpi_id, use_case_id=use_case_id).first()
    if kpi is None:
        raise ValidationError({"kpi_id": [_("Choose one of this use case's KPIs, or none.")]})
    return kpi


def _benefit_out(benefit: BenefitLine) -> BenefitOut:
    return BenefitOut(
        id=benefit.id, use_case_id=benefit.budget.use_case_id, name=benefit.name,
        factor=benefit.factor, method=benefit.method,  # type: ignore[arg-type]
        kpi_id=benefit.kpi_id, low=float(benefit.low), likely=float(benefit.likely), high=float(benefit.high),
        unit_value=float(benefit.unit_value), amount_low=float(benefit.amount_low),
        amount_likely=float(benefit.amount_likely), amount_high=float(benefit.amount_high), note=benefit.note,
    )


def _settings_out(use_case: UseCase) -> ReturnSettingsOut:
    budget = budget_of(use_case)
    guide = selectors.guide_reference(use_case)
    settings = selectors.default_settings(use_case, budget, guide)
    return ReturnSettingsOut(
        saved=budget is not None, horizon_months=settings.horizon_months, go_live_month=settings.go_live_month,
        ramp_months=settings.ramp_months, discount_rate=float(settings.discount_rate),
        suggested_go_live=guide.suggested_go_live,
    )


def _finite(value: float | None) -> float | None:
    # NaN or infinity (an ROI over a cost of 0) is not valid JSON: say "no value" instead.
    return value if value is not None and math.isfinite(value) else None


def _percentiles(values: tuple[float | None, float | None, float | None]) -> PercentilesOut:
    return PercentilesOut(p10=_finite(values[0]), p50=_finite(values[1]), p90=_finite(values[2]))


# --- Return settings -------------------------------------------------------------------------------


@router.get(
    "/use-cases/{use_case_id}/return/settings", response=responses(ReturnSettingsOut, 404),
    summary="Return settings of a use case",
)
def return_settings(request: HttpRequest, use_case_id: UseCaseId) -> ReturnSettingsOut:
    """Horizon, go-live month, months to full benefit and discount rate, with the guide's go-live suggestion."""
    return _settings_out(use_case_for(caller(request), use_case_id))


@router.put(
    "/use-cases/{use_case_id}/return/settings", response=responses(ReturnSettingsOut, 400, 403, 404, 422),
    summary="Save the return settings (owners)",
)
def return_settings_update(
    request: HttpRequest, use_case_id: UseCaseId, payload: ReturnSettingsIn
) -> ReturnSettingsOut:
    """422 when the horizon is outside 12-120 months, go-live is not within it, the months to full benefit
    are outside 0-60 or the discount rate outside 0-50 %."""
    user = caller(request)
    use_case = use_case_for(user, use_case_id, role=Role.OWNER)
    services.return_settings_update(actor=user, use_case=use_case, **payload.model_dump())
    return _settings_out(use_case)


# --- Benefits --------------------------------------------------------------------------------------


@router.get(
    "/use-cases/{use_case_id}/benefits", response=responses(list[BenefitOut], 404), summary="Benefits of a use case",
)
def benefit_list(request: HttpRequest, use_case_id: UseCaseId) -> list[BenefitOut]:
    use_case = use_case_for(caller(request), use_case_id)
    return [_benefit_out(row.benefit) for row in selectors.benefit_rows(budget_of(use_case))]


@router.post(
    "/use-cases/{use_case_id}/benefits", response=responses(BenefitOut, 400, 403, 404, 422),
    summary="Add a benefit (owners)",
)
def benefit_create(request: HttpRequest, use_case_id: UseCaseId, payload: BenefitIn) -> BenefitOut:
    """A yearly benefit once fully ramped up: volume low / likely / high × value per unit. 422 when
    low > likely > high, a value is negative, or the KPI is not one of this use case's."""
    user = caller(request)
    use_case = use_case_for(user, use_case_id, role=Role.OWNER)
    fields = payload.model_dump()
    fields["kpi"] = _kpi(fields.pop("kpi_id"), use_case.pk)
    return _benefit_out(services.benefit_create(actor=user, use_case=use_case, **fields))


@router.get("/benefits/{benefit_id}", response=responses(BenefitOut, 404), summary="One benefit")
def benefit_detail(request: HttpRequest, benefit_id: BenefitId) -> BenefitOut:
    return _benefit_out(_benefit(caller(request), benefit_id))


@router.patch(
    "/benefits/{benefit_id}", response=responses(BenefitOut, 400, 403, 404, 422), summary="Change a benefit (owners)",
)
def benefit_update(request: HttpRequest, benefit_id: BenefitId, payload: BenefitPatch) -> BenefitOut:
    user = caller(request)
    benefit = _benefit(user, benefit_id, role=Role.OWNER)
    changes = payload.model_dump(exclude_unset=True)
    if "kpi_id" in changes:
        changes["kpi"] = _kpi(changes.pop("kpi_id"), benefit.budget.use_case_id)
    for key in ("name", "factor", "method", "low", "likely", "high", "note"):
        if key in changes and changes[key] is None:
            del changes[key]
    services.benefit_update(actor=user, benefit=benefit, **changes)
    return _benefit_out(benefit)


@router.delete("/benefits/{benefit_id}", response=responses(DeletedOut, 403, 404), summary="Delete a benefit (owners)")
def benefit_delete(request: HttpRequest, benefit_id: BenefitId) -> DeletedOut:
    user = caller(request)
    services.benefit_delete(actor=user, benefit=_benefit(user, benefit_id, role=Role.OWNER))
    return DeletedOut()


# --- Result ----------------------------------------------------------------------------------------


@router.get("/use-cases/{use_case_id}/return", response=responses(ReturnOut, 404), summary="The simulated return")
def return_result(request: HttpRequest, use_case_id: UseCaseId) -> ReturnOut:
    """Payback, ROI and NPV percentiles, the cumulative cash-flow band per month and the findings against the
    guide's reference values (texts in the caller's language). ``available`` is false until the use case has
    costs and at least one benefit."""
    use_case = use_case_for(caller(request), use_case_id)
    overview = selectors.return_overview(use_case)
    result = overview.result
    base = {
        "horizon_months": overview.settings.horizon_months, "go_live_month": overview.settings.go_live_month,
        "expected_funding": overview.expected_funding,
    }
    if result is None:
        return ReturnOut(
            available=False, reason="no_costs" if not overview.has_costs else "no_benefits", iterations=None,
            payback=None, no_payback_probability=None, roi=None, roi_three_years_p50=None, npv=None,
            cumulative=[], factors=[], findings=[], **base,  # type: ignore[arg-type]
        )
    band = result.raw.cumulative_band
    return ReturnOut(
        available=True, reason=None, iterations=result.raw.iterations,
        payback=_percentiles(result.payback), no_payback_probability=result.no_payback_probability,
        roi=_percentiles(result.roi), roi_three_years_p50=_finite(result.roi_three_years), npv=_percentiles(result.npv),
        cumulative=[
            CumulativeOut(month=m + 1, p10=float(band[0, m]), p50=float(band[1, m]), p90=float(band[2, m]))
            for m in range(result.horizon_months)
        ],
        factors=[
            FactorShareOut(
                factors=list(row.keys), name=row.name, share=row.share,  # type: ignore[arg-type]
                guide_share=row.guide.value if row.guide is not None else None,
            )
            for row in result.factors
        ],
        findings=[
            FindingOut(code=f.code, level=f.level.value, message=f.message)
            for f in result.findings
        ],
        **base,  # type: ignore[arg-type]
    )
