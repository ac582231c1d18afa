"""Read side of benefits and return: everything the return page, its charts and the API show.

``return_overview(use_case)`` reads the budget with its lines, runs the simulation through
:mod:`partnerwijzer.budget.simulation` (memoised per set of inputs, so the page and its two
charts share one run) and places the result beside the guide's reference values
(:mod:`partnerwijzer.budget.returns.assessment`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Final
from uuid import UUID

from django.utils import translation

import decisioncore as dc
from partnerwijzer.budget import simulation
from partnerwijzer.budget.models import BenefitLine, Budget
from partnerwijzer.budget.returns import assessment
from partnerwijzer.budget.selectors import budget_of
from partnerwijzer.knowledge.schema import Figure, normalise_language
from partnerwijzer.knowledge.topics import archetypes
from partnerwijzer.knowledge.topics import costs as cost_reference
from partnerwijzer.planning.models import Direction, Kpi, UseCase

GUIDE_ROI_MONTHS: Final = 36
"""The guide's ROI reference is "after three years"."""


@dataclass(frozen=True, slots=True)
class ReturnSettings:
    horizon_months: int
    go_live_month: int
    ramp_months: int
    discount_rate: Decimal


@dataclass(frozen=True, slots=True)
class KpiGap:
    """A KPI with the distance from its baseline to its target (None while one is missing)."""

    kpi: Kpi
    gap: Decimal | None

    @property
    def better(self) -> str:
        return self.kpi.direction


def kpi_gap(kpi: Kpi) -> KpiGap:
    if kpi.baseline_value is None or kpi.target_value is None:
        return KpiGap(kpi, None)
    gap = kpi.baseline_value - kpi.target_value
    if kpi.direction == Direction.HIGHER:
        gap = -gap
    return KpiGap(kpi, _plain(gap))


def _plain(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


@dataclass(frozen=True, slots=True)
class BenefitRow:
    benefit: BenefitLine
    factor_name: str
    kpi_gap: KpiGap | None


@dataclass(frozen=True, slots=True)
class FactorRow:
    """One benefit factor (or the guide's group of factors) with our share beside the guide's."""

    keys: tuple[str, ...]
    name: str
    share: float
    """Share of the expected benefit over the horizon (0-1)."""
    amount: tuple[float, float, float] | None
    """P10 / P50 / P90 of the benefit over the horizon (euro), for a single factor."""
    guide: Figure | None


@dataclass(frozen=True, slots=True)
class ReturnResult:
    raw: dc.RoiResult
    payback: tuple[float | None, float | None, float | None]
    """P10 / P50 / P90 payback month from the project start; None: beyond the horizon."""
    no_payback_probability: float
    roi: tuple[float, float, float]
    npv: tuple[float, float, float]
    roi_three_years: float | None
    """P50 ROI after 36 months (the guide's period), whatever the horizon; None if go-live is later."""
    factors: tuple[FactorRow, ...]
    findings: tuple[assessment.Finding, ...]

    @property
    def horizon_months(self) -> int:
        return self.raw.horizon_months

    def yearly_band(self) -> list[tuple[int, float, float, float]]:
        """(month, P10, P50, P90) of the cumulative cash flow at the end of every year and the horizon."""
        band = self.raw.cumulative_band
        months = sorted({*range(12, self.horizon_months + 1, 12), self.horizon_months})
        return [(m, float(band[0, m - 1]), float(band[1, m - 1]), float(band[2, m - 1])) for m in months]


@dataclass(frozen=True, slots=True)
class GuideReference:
    payback: Figure
    roi_three_years: Figure
    archetype: archetypes.Archetype | None
    duration: archetypes.DurationClass | None
    suggested_go_live: int | None
    """The middle of the guide's implementation time for the archetype's class, if it gives one."""


@dataclass(frozen=True, slots=True)
class ReturnOverview:
    use_case: UseCase
    budget: Budget | None
    settings: ReturnSettings
    benefits: tuple[BenefitRow, ...]
    kpis: tuple[KpiGap, ...]
    inputs: simulation.Inputs | None
    result: ReturnResult | None
    guide: GuideReference

    @property
    def has_costs(self) -> bool:
        return self.inputs is not None and self.inputs.has_costs

    @property
    def has_benefits(self) -> bool:
        return bool(self.benefits)

    @property
    def expected_funding(self) -> float:
        return self.inputs.cost_reduction if self.inputs is not None else 0.0


def _lang() -> str:
    return normalise_language(translation.get_language())


def factor_names() -> dict[str, str]:
    lang = _lang()
    return {f.key: f.name.get(lang) for f in cost_reference.load().benefit_factors}


def guide_reference(use_case: UseCase) -> GuideReference:
    roi = cost_reference.load().roi
    data = archetypes.load()
    archetype = None
    if use_case.archetype:
        try:
            archetype = data.archetype(use_case.archetype)
        except KeyError:
            archetype = None
    duration = data.duration_for(archetype) if archetype is not None else None
    suggested = None
    if duration is not None and duration.duration.low is not None and duration.duration.high is not None:
        suggested = math.ceil((duration.duration.low + duration.duration.high) / 2)
    return GuideReference(
        payback=roi.payback, roi_three_years=roi.roi_three_years, archetype=archetype, duration=duration,
        suggested_go_live=suggested,
    )


def default_settings(use_case: UseCase, budget: Budget | None, guide: GuideReference | None = None) -> ReturnSettings:
    """The budget's settings, or before the first save the model's defaults with the guide's go-live."""
    if budget is not None:
        return ReturnSettings(budget.horizon_months, budget.go_live_month, budget.ramp_months, budget.discount_rate)
    fresh = Budget()
    go_live = fresh.go_live_month
    guide = guide or guide_reference(use_case)
    if guide.suggested_go_live is not None and guide.suggested_go_live < fresh.horizon_months:
        go_live = guide.suggested_go_live
    return ReturnSettings(fresh.horizon_months, go_live, fresh.ramp_months, fresh.discount_rate)


def roi_result(inputs: simulation.Inputs) -> dc.RoiResult | None:
    """The return simulation of ``inputs`` (``simulation.roi_for`` memoises it per process)."""
    return simulation.roi_for(inputs)


def _percentile(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def _three(values: object) -> tuple[float, float, float]:
    a, b, c = (float(v) for v in values)  # type: ignore[attr-defined]
    return a, b, c


def _factor_rows(raw: dc.RoiResult) -> tuple[FactorRow, ...]:
    """Our share per guide group (40 / 30 / 30), then factors the guide's composition leaves out."""
    names = factor_names()
    shares = {key: float(s) for key, s in zip(raw.factors, raw.benefit_share_by_factor, strict=True)}
    amounts = {key: _three(raw.benefit_by_factor[i]) for i, key in enumerate(raw.factors)}
    rows: list[FactorRow] = []
    grouped: set[str] = set()
    for group in cost_reference.load().roi.composition:
        keys = tuple(group.factors)
        grouped.update(keys)
        amount = amounts.get(keys[0]) if len(keys) == 1 else None
        rows.append(FactorRow(keys, " + ".join(names.get(k, k) for k in keys),
                              sum(shares.get(k, 0.0) for k in keys), amount, group.share))
    for key in cost_reference.FACTOR_KEYS:
        if key not in grouped:
            rows.append(FactorRow((key,), names.get(key, key), shares.get(key, 0.0), amounts.get(key), None))
    return tuple(rows)


def assessment_reference(guide: GuideReference) -> assessment.Reference:
    roi = cost_reference.load().roi
    lang = _lang()

    def bounds(fig: Figure | None) -> tuple[float, float] | None:
        if fig is None or fig.low is None or fig.high is None:
            return None
        return (fig.low, fig.high)

    payback = bounds(roi.payback) or (12.0, 24.0)
    roi_range = bounds(roi.roi_three_years) or (150.0, 300.0)
    archetype = guide.archetype
    return assessment.Reference(
        payback_months=payback,
        roi_percent=roi_range,
        archetype_payback_months=bounds(archetype.payback) if archetype is not None else None,
        archetype_name=archetype.name.get(lang) if archetype is not None else "",
        duration_months=bounds(guide.duration.duration) if guide.duration is not None else None,
        composition={tuple(g.factors): float(g.share.value or 0) for g in roi.composition},
        factor_names=factor_names(),
    )


def _result(
    inputs: simulation.Inputs, settings: ReturnSettings, benefits: tuple[BenefitRow, ...], guide: GuideReference
) -> ReturnResult | None:
    raw = roi_result(inputs)
    if raw is None:
        return None
    payback = (_percentile(raw.payback[0]), _percentile(raw.payback[1]), _percentile(raw.payback[2]))
    if inputs.horizon_months == GUIDE_ROI_MONTHS:
        roi_three: float | None = float(raw.roi[1])
    elif inputs.go_live_month < GUIDE_ROI_MONTHS:
        three = roi_result(replace(inputs, horizon_months=GUIDE_ROI_MONTHS))
        roi_three = float(three.roi[1]) if three is not None else None
    else:
        roi_three = None
    if roi_three is not None and not math.isfinite(roi_three):
        roi_three = None
    figures = assessment.ReturnFigures(
        horizon_months=inputs.horizon_months, go_live_month=inputs.go_live_month, ramp_months=settings.ramp_months,
        payback=payback, no_payback_probability=float(raw.no_payback_probability), roi_three_years=roi_three,
        factor_shares={k: float(s) for k, s in zip(raw.factors, raw.benefit_share_by_factor, strict=True)},
        benefits=tuple(
            assessment.BenefitRange(row.benefit.name, float(row.benefit.amount_low), float(row.benefit.amount_high))
            for row in benefits
        ),
    )
    findings = assessment.assess(figures, assessment_reference(guide))
    return ReturnResult(
        raw=raw, payback=payback, no_payback_probability=float(raw.no_payback_probability),
        roi=_three(raw.roi), npv=_three(raw.npv), roi_three_years=roi_three, factors=_factor_rows(raw),
        findings=tuple(findings),
    )


def benefit_rows(budget: Budget | None) -> tuple[BenefitRow, ...]:
    if budget is None:
        return ()
    names = factor_names()
    lines = budget.benefits.select_related("kpi").order_by("position", "name")
    return tuple(BenefitRow(b, names.get(b.factor, b.factor), kpi_gap(b.kpi) if b.kpi else None) for b in lines)


def kpis_of(use_case: UseCase) -> tuple[KpiGap, ...]:
    return tuple(kpi_gap(k) for k in use_case.kpis.order_by("position", "name"))


def return_overview(use_case: UseCase) -> ReturnOverview:
    budget = budget_of(use_case)
    guide = guide_reference(use_case)
    settings = default_settings(use_case, budget, guide)
    benefits = benefit_rows(budget)
    inputs = simulation.inputs_for(budget) if budget is not None else None
    result = _result(inputs, settings, benefits, guide) if inputs is not None else None
    return ReturnOverview(
        use_case=use_case, budget=budget, settings=settings, benefits=benefits, kpis=kpis_of(use_case),
        inputs=inputs, result=result, guide=guide,
    )


def benefit_of(use_case: UseCase, benefit_id: UUID | str) -> BenefitLine | None:
    """The use case's benefit with this id (the use case is already access-checked), or None."""
    return (
        BenefitLine.objects.select_related("budget__use_case__organisation", "kpi")
        .filter(budget__use_case=use_case, pk=benefit_id).first()
    )
