"""The simulated estimate against independent computations: fixed amounts give P10 = P50 = P90 =
their sum with the buffer; a symmetric range gives the beta-PERT quantiles worked out by hand;
internal effort and planned hidden costs land on their own rows."""

from __future__ import annotations

from decimal import Decimal

import pytest

from partnerwijzer.budget.estimate import selectors, services
from partnerwijzer.budget.models import CostLine
from partnerwijzer.planning.models import UseCase
from tests.personas import Personas


def _fixed(personas: Personas, use_case: UseCase, name: str, amount: int, kind: str = "one_off") -> CostLine:
    return services.cost_line_create(actor=personas.owner, use_case=use_case, name=name, kind=kind, low=amount,
                                     likely=amount, high=amount)


def test_point_estimates_give_one_number_with_the_buffer(personas: Personas, use_case: UseCase) -> None:
    _fixed(personas, use_case, "Consulting", 40_000)
    _fixed(personas, use_case, "Integration", 25_000)
    _fixed(personas, use_case, "Hosting", 12_000, kind="running")
    services.buffer_set(actor=personas.owner, use_case=use_case, buffer_percent=Decimal(25))
    services.effort_role_create(actor=personas.owner, use_case=use_case, name="Planner", basis="hours", people=2,
                                hours_low=Decimal(100), hours_high=Decimal(100), hourly_rate=Decimal(50))
    services.hidden_cost_set(actor=personas.owner, use_case=use_case, key="data_cleaning", status="planned",
                             amount=Decimal(5000))
    services.hidden_cost_set(actor=personas.owner, use_case=use_case, key="scaling", status="planned",
                             amount=Decimal(3000))
    services.hidden_cost_set(actor=personas.owner, use_case=use_case, key="retraining", status="acknowledged")

    result = selectors.estimate_result(selectors.budget_with_lines(use_case))
    assert result is not None
    one_off = Decimal(40_000 + 25_000 + 2 * 100 * 50 + 5_000)  # lines + effort + planned one-off hidden cost
    running = Decimal(12_000 + 3_000)  # line + planned running hidden cost (per year)

    def flat(band: selectors.Band, value: Decimal) -> None:
        assert (band.p10, band.p50, band.p90) == (value, value, value)

    flat(result.one_off, one_off)
    flat(result.buffer, one_off * Decimal("0.25"))
    flat(result.one_off_total, one_off * Decimal("1.25"))
    flat(result.running_per_year, running)
    flat(result.total, one_off * Decimal("1.25") + 3 * running)
    assert result.internal_effort is not None
    flat(result.internal_effort, Decimal(10_000))
    keys = [row.key for row in result.rows]
    assert keys[-2:] == ["internal_effort", "hidden:data_cleaning"]
    assert [row.key for row in result.running_rows][-1] == "hidden:scaling"
    assert "hidden:retraining" not in {row.key for row in result.running_rows}
    assert all(isinstance(v, Decimal) for v in (result.total.p50, result.rows[0].band.p10))
    assert result.samples == 10_000
    assert result.running_years == 3


def _beta33_quantile(q: float) -> float:
    """Quantile of Beta(3, 3) (the PERT shape of a symmetric range), by bisection on its CDF
    10x³ − 15x⁴ + 6x⁵ (the regularised incomplete beta function for a = b = 3)."""
    lo, hi = 0.0, 1.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if 10 * mid**3 - 15 * mid**4 + 6 * mid**5 < q:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def test_a_symmetric_range_gives_the_pert_quantiles(personas: Personas, use_case: UseCase) -> None:
    services.cost_line_create(actor=personas.owner, use_case=use_case, name="Build", low=0, likely=50_000,
                              high=100_000)
    services.buffer_set(actor=personas.owner, use_case=use_case, buffer_percent=Decimal(0))
    result = selectors.estimate_result(selectors.budget_with_lines(use_case))
    assert result is not None
    expected = [100_000 * _beta33_quantile(q) for q in (0.1, 0.5, 0.9)]
    got = [float(result.one_off.p10), float(result.one_off.p50), float(result.one_off.p90)]
    for want, have in zip(expected, got, strict=True):
        assert have == pytest.approx(want, abs=1_500)  # 10,000 samples: well within 1.5 % of the range
    assert expected[0] == pytest.approx(24_650, abs=50)  # the hand-worked P10 of Beta(3, 3)


def test_same_budget_gives_the_same_figures(personas: Personas, use_case: UseCase) -> None:
    services.estimate_start(actor=personas.owner, use_case=use_case)
    first = selectors.estimate_result(selectors.budget_with_lines(use_case))
    second = selectors.estimate_result(selectors.budget_with_lines(use_case))
    assert first == second


def test_no_result_without_one_off_costs(personas: Personas, use_case: UseCase) -> None:
    assert selectors.estimate_result(selectors.budget_with_lines(use_case)) is None
    _fixed(personas, use_case, "Hosting", 12_000, kind="running")
    assert selectors.estimate_result(selectors.budget_with_lines(use_case)) is None
