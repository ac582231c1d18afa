"""The return result against hand-computed point estimates (low = likely = high, so every
simulation is the same and P10 = P50 = P90), funding, the three-year ROI and the factor mix."""

from __future__ import annotations

from decimal import Decimal

import pytest

from partnerwijzer.budget.models import Budget, CostKind, CostLine, FundingApplication, FundingStatus
from partnerwijzer.budget.returns.selectors import kpi_gap, return_overview
from partnerwijzer.budget.returns.services import benefit_create, return_settings_update
from partnerwijzer.planning.models import Kpi, UseCase
from tests.personas import Personas


def plan(
    personas: Personas, use_case: UseCase, *, cost: int = 12_000, benefit: int = 24_000, horizon: int = 36,
    go_live: int = 0, ramp: int = 0, rate: int = 0, factor: str = "productivity",
) -> Budget:
    """One one-off cost and one benefit per year, both without spread, no buffer."""
    budget = return_settings_update(
        actor=personas.owner, use_case=use_case, horizon_months=horizon, go_live_month=go_live, ramp_months=ramp,
        discount_rate=Decimal(rate),
    )
    Budget.objects.filter(pk=budget.pk).update(buffer_percent=Decimal(0))
    CostLine.objects.create(budget=budget, kind=CostKind.ONE_OFF, name="Build", low=cost, likely=cost, high=cost)
    benefit_create(actor=personas.owner, use_case=use_case, name="Hours saved", factor=factor, method="amount",
                   low=benefit, likely=benefit, high=benefit)
    return budget


def test_point_estimate_matches_the_hand_computed_return(personas: Personas, use_case: UseCase) -> None:
    # Cost 12,000 in month 0; 2,000 benefit in every month from month 0 (go-live 0, no ramp-up).
    # Cumulative after month m (1-based): -12,000 + 2,000 m: zero after month 6 -> payback month 6.
    plan(personas, use_case)
    result = return_overview(use_case).result
    assert result is not None
    assert result.payback == (6.0, 6.0, 6.0)
    assert result.no_payback_probability == 0.0
    # ROI after 36 months: (72,000 - 12,000) / 12,000 = 5 (500 %); NPV without discounting 60,000.
    assert result.roi == pytest.approx((5.0, 5.0, 5.0))
    assert result.roi_three_years == pytest.approx(5.0)
    assert result.npv == pytest.approx((60_000, 60_000, 60_000))
    band = result.yearly_band()
    assert [row[0] for row in band] == [12, 24, 36]
    for (_month, *values), expected in zip(band, (12_000, 36_000, 60_000), strict=True):
        assert values == pytest.approx([expected] * 3)
    counts = result.raw.payback_counts
    assert counts[6] == counts.sum()
    assert {f.code for f in result.findings} >= {"payback_optimistic", "roi_far_above", "ramp_short", "range_narrow",
                                                  "one_factor_dominates"}


def test_discounted_npv_matches_the_formula(personas: Personas, use_case: UseCase) -> None:
    plan(personas, use_case, rate=12)
    result = return_overview(use_case).result
    assert result is not None
    # Flows at the end of each month t = 0..35, discounted by (1 + r)^(-(t + 1) / 12).
    flows = [-12_000 + 2_000 if t == 0 else 2_000 for t in range(36)]
    npv = sum(f * 1.12 ** (-(t + 1) / 12) for t, f in enumerate(flows))
    assert result.npv == pytest.approx((npv, npv, npv))
    # Discounting delays payback by a month: after 6 months the discounted sum is still below zero.
    assert result.payback == (7.0, 7.0, 7.0)


def test_expected_funding_reduces_the_one_off_cost(personas: Personas, use_case: UseCase) -> None:
    budget = plan(personas, use_case)
    FundingApplication.objects.create(budget=budget, programme="de-digital-jetzt", status=FundingStatus.APPLIED,
                                      expected_amount=Decimal(6_000))
    FundingApplication.objects.create(budget=budget, programme="de-go-digital", status=FundingStatus.CONSIDERING,
                                      expected_amount=Decimal(5_000))
    overview = return_overview(use_case)
    assert overview.expected_funding == 6_000
    assert overview.result is not None
    assert overview.result.payback == (3.0, 3.0, 3.0)
    assert overview.result.roi == pytest.approx((11.0, 11.0, 11.0))


def test_no_payback_within_the_horizon_is_none(personas: Personas, use_case: UseCase) -> None:
    plan(personas, use_case, cost=100_000, benefit=12_000, horizon=24)
    result = return_overview(use_case).result
    assert result is not None
    assert result.payback == (None, None, None)
    assert result.no_payback_probability == 1.0
    assert "no_payback_likely" in {f.code for f in result.findings}


def test_roi_after_three_years_is_computed_for_another_horizon(personas: Personas, use_case: UseCase) -> None:
    plan(personas, use_case, horizon=60)
    result = return_overview(use_case).result
    assert result is not None
    assert result.roi == pytest.approx((9.0, 9.0, 9.0))  # (120,000 - 12,000) / 12,000
    assert result.roi_three_years == pytest.approx(5.0)


def test_factor_rows_follow_the_guides_groups(personas: Personas, use_case: UseCase) -> None:
    plan(personas, use_case, factor="revenue")
    benefit_create(actor=personas.owner, use_case=use_case, name="Fewer claims", factor="risk_reduction",
                   method="amount", low=8_000, likely=8_000, high=8_000)
    result = return_overview(use_case).result
    assert result is not None
    rows = {row.keys: row for row in result.factors}
    assert list(rows) == [("cost_savings",), ("productivity",), ("revenue", "strategic"), ("risk_reduction",)]
    assert rows[("revenue", "strategic")].share == pytest.approx(0.75)
    assert rows[("revenue", "strategic")].guide is not None
    assert rows[("revenue", "strategic")].guide.value == 30
    assert rows[("risk_reduction",)].guide is None
    assert rows[("risk_reduction",)].amount == pytest.approx((24_000, 24_000, 24_000))


def test_without_costs_or_benefits_there_is_no_result(personas: Personas, use_case: UseCase) -> None:
    overview = return_overview(use_case)
    assert overview.result is None
    assert not overview.has_costs
    assert not overview.has_benefits
    benefit_create(actor=personas.owner, use_case=use_case, name="Hours", factor="productivity", method="amount",
                   low=1, likely=2, high=3)
    overview = return_overview(use_case)
    assert overview.result is None
    assert not overview.has_costs
    assert overview.has_benefits


def test_default_go_live_follows_the_guides_duration(personas: Personas) -> None:
    use_case = UseCase.objects.create(
        organisation=personas.organisation, title="PdM", archetype="predictive_maintenance"
    )
    overview = return_overview(use_case)
    assert overview.guide.suggested_go_live == 9  # middle of 6-12 months (medium)
    assert overview.settings.go_live_month == 9
    plain = UseCase.objects.create(organisation=personas.organisation, title="Other", archetype="other")
    assert return_overview(plain).guide.suggested_go_live is None
    assert return_overview(plain).settings.go_live_month == 6


def test_kpi_gap_follows_the_direction(personas: Personas, use_case: UseCase) -> None:
    lower = Kpi(use_case=use_case, name="Downtime", unit="h", direction="lower", baseline_value=Decimal("42.0000"),
                target_value=Decimal("29.5000"))
    higher = Kpi(use_case=use_case, name="Conversion", unit="%", direction="higher", baseline_value=Decimal(2),
                 target_value=Decimal(3))
    assert kpi_gap(lower).gap == Decimal("12.5")
    assert kpi_gap(higher).gap == Decimal(1)
    assert kpi_gap(Kpi(use_case=use_case, name="x", unit="h")).gap is None
