"""PERT cost estimate and ROI simulation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import decisioncore as dc
from decisioncore.finance import _row_quantiles

# The guide's typical project for a firm of 100-250 staff (BRIEF.md sec. 7).
CATEGORIES = [
    dc.CostCategory("Strategy consulting and concept", 20_000, 30_000, 50_000),
    dc.CostCategory("Data preparation and integration", 30_000, 45_000, 70_000),
    dc.CostCategory("Model development and training", 25_000, 40_000, 60_000),
    dc.CostCategory("Technical implementation", 35_000, 50_000, 80_000),
    dc.CostCategory("Training and change management", 15_000, 25_000, 40_000),
]
RUNNING = [dc.RunningCost("Operations and retraining", 20_000, 35_000, 60_000)]
BENEFITS = [
    dc.Benefit("Process savings", "cost_savings", 60_000, 100_000, 160_000),
    dc.Benefit("Staff time", dc.BenefitFactor.PRODUCTIVITY, 40_000, 80_000, 120_000),
    dc.Benefit("Upsell", "revenue", 20_000, 60_000, 120_000),
    dc.Benefit("Data position", "strategic", 0, 10_000, 30_000),
]


def _roi(benefits: list[dc.Benefit] = BENEFITS, seed: int = 0, **kwargs: object) -> dc.RoiResult:
    args: dict[str, object] = {
        "go_live_month": 6,
        "ramp_months": 9,
        "iterations": 4000,
        "rng": np.random.default_rng(seed),
    }
    args.update(kwargs)
    return dc.roi_simulation([*CATEGORIES, *RUNNING], benefits, **args)  # type: ignore[arg-type]


@settings(max_examples=30, deadline=None)
@given(st.floats(0, 1e6), st.floats(0, 1), st.floats(0, 1e6))
def test_pert_mean_and_support(low: float, mode_share: float, width: float) -> None:
    likely = low + mode_share * width
    item = dc.CostCategory("x", low, likely, low + width)
    draws = dc.pert_sample([item], 20_000, np.random.default_rng(0))[:, 0]
    assert draws.min() >= low - 1e-6
    assert draws.max() <= low + width + 1e-6
    mean = (low + 4 * likely + low + width) / 6
    # standard error of the mean < width / sqrt(20000) / 2
    assert draws.mean() == pytest.approx(mean, rel=1e-12, abs=width * 0.01)


def test_cost_estimate_matches_independent_computation() -> None:
    r = dc.cost_estimate(CATEGORIES, buffer=0.25, running=RUNNING, iterations=20_000, rng=np.random.default_rng(1))
    draws = dc.pert_sample([*CATEGORIES, *RUNNING], 20_000, np.random.default_rng(1))
    one_off = draws[:, :5].sum(axis=1)
    total = one_off * 1.25 + 3 * draws[:, 5]
    np.testing.assert_allclose(r.total, np.quantile(total, [0.1, 0.5, 0.9]))
    np.testing.assert_allclose(r.one_off, np.quantile(one_off, [0.1, 0.5, 0.9]))
    np.testing.assert_allclose(r.categories, np.quantile(draws[:, :5], [0.1, 0.5, 0.9], axis=0).T)
    np.testing.assert_allclose(r.buffer, 0.25 * r.one_off)
    assert r.category_names[1] == "Data preparation and integration"
    assert r.running.shape == (1, 3)
    assert (np.diff(r.total) > 0).all()
    # PERT mean of the sum: sum of (a + 4c + b) / 6
    pert_mean = sum((c.low + 4 * c.likely + c.high) / 6 for c in CATEGORIES)
    assert r.mean_total == pytest.approx(pert_mean * 1.25 + 3 * (20_000 + 140_000 + 60_000) / 6, rel=0.01)


def test_buffer_range_is_uniform_between_bounds() -> None:
    r = dc.cost_estimate(CATEGORIES, buffer=(0.2, 0.3), iterations=5000, rng=np.random.default_rng(2))
    assert 0.2 * r.one_off[0] < r.buffer[1] < 0.3 * r.one_off[2]
    assert r.running_per_year.tolist() == [0.0, 0.0, 0.0]


@pytest.mark.parametrize(
    ("factory", "message"),
    [
        (lambda: dc.CostCategory("Data", 50, 40, 60), "low <= likely <= high"),
        (lambda: dc.CostCategory("Data", -1, 0, 1), "must not be negative"),
        (lambda: dc.CostCategory("Data", 1, math.nan, 2), "finite"),
        (lambda: dc.RunningCost("Ops", 3, 2, 1), "RunningCost 'Ops'"),
        (lambda: dc.Benefit("B", "happiness", 1, 2, 3), "factor must be one of"),
        (lambda: dc.Benefit("B", "revenue", 1, 2, "3"), "must be a number"),
    ],
)
def test_input_types_validate_themselves(factory: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        factory()  # type: ignore[operator]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"buffer": -0.1}, "buffer"),
        ({"buffer": (0.3, 0.2)}, "buffer"),
        ({"iterations": 0}, "iterations"),
        ({"rng": None}, "rng"),
        ({"running_years": -1}, "running_years"),
        ({"running": [CATEGORIES[0]]}, r"running\[0\]"),
    ],
)
def test_cost_estimate_rejects(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"iterations": 10, "rng": np.random.default_rng(0)}
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        dc.cost_estimate(CATEGORIES, **args)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="categories"):
        dc.cost_estimate([], rng=np.random.default_rng(0))


def test_s_curve_shape() -> None:
    tau = np.array([-1.0, 0.0, 4.5, 9.0, 12.0])
    s = dc.s_curve(tau, 9.0)
    np.testing.assert_allclose(s, [0.0, 0.0, 0.5, 1.0, 1.0], atol=1e-12)
    assert (np.diff(dc.s_curve(np.linspace(0, 9, 50), 9.0)) >= 0).all()
    np.testing.assert_array_equal(dc.s_curve(tau, 0.0), [0, 0, 1, 1, 1])


def test_roi_deterministic_case_by_hand() -> None:
    """Point estimates: cost 12k spread over 3 months, 24k/year benefit, no ramp.

    Cumulative: -4k, -8k, -12k, then +2k per month -> >= 0 at the end of month
    index 8, i.e. month 9; after 12 months: -12k + 9 * 2k = +6k; ROI = 0.5.
    """
    r = dc.roi_simulation(
        [dc.CostCategory("c", 12_000, 12_000, 12_000)],
        [dc.Benefit("b", "cost_savings", 24_000, 24_000, 24_000)],
        horizon_months=12,
        go_live_month=3,
        ramp_months=0,
        iterations=10,
        rng=np.random.default_rng(0),
    )
    np.testing.assert_allclose(r.payback_months, 9.0)
    assert r.payback.tolist() == [9.0, 9.0, 9.0]
    assert r.no_payback_probability == 0.0
    np.testing.assert_allclose(r.roi, 0.5)
    np.testing.assert_allclose(r.npv, 6_000.0)
    np.testing.assert_allclose(
        r.cumulative_band[1], [-4e3, -8e3, -12e3, -10e3, -8e3, -6e3, -4e3, -2e3, 0, 2e3, 4e3, 6e3], atol=1e-6
    )
    assert r.payback_counts[9] == 10
    assert r.factors == ("cost_savings",)
    np.testing.assert_allclose(r.benefit_by_factor, [[18_000.0] * 3])


def test_discounting_lowers_npv_and_delays_payback() -> None:
    plain = _roi(iterations=3000)
    discounted = _roi(iterations=3000, discount_rate=0.10)
    assert (discounted.npv < plain.npv).all()
    assert (np.nan_to_num(discounted.payback_months, nan=999) >= np.nan_to_num(plain.payback_months, nan=999)).all()
    # ROI is undiscounted and therefore unchanged
    np.testing.assert_allclose(discounted.roi, plain.roi)


def test_no_payback_is_reported_as_such() -> None:
    tiny = [dc.Benefit("small", "strategic", 100, 200, 300)]
    r = _roi(tiny)
    assert r.no_payback_probability == 1.0
    assert np.isnan(r.payback_months).all()
    assert np.isinf(r.payback).all()
    assert r.payback_counts[-1] == r.iterations
    assert (r.roi < 0).all()


def test_roi_result_shapes_and_consistency() -> None:
    r = _roi(iterations=5000)
    h = r.horizon_months
    assert r.cumulative_band.shape == (3, h)
    assert (r.cumulative_band[0] <= r.cumulative_band[1]).all()
    assert (r.cumulative_band[1] <= r.cumulative_band[2]).all()
    assert r.payback_counts.sum() == r.iterations
    assert r.payback_counts.shape == (h + 2,)
    pb = np.where(np.isnan(r.payback_months), np.inf, r.payback_months)
    np.testing.assert_allclose(r.payback, np.quantile(pb, [0.1, 0.5, 0.9]))
    assert r.factors == ("cost_savings", "productivity", "revenue", "strategic")
    assert r.benefit_share_by_factor.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(r.npv[1], np.median(_roi(iterations=5000).npv), rtol=1e-12)
    assert r.monthly_benefit_share[:6].tolist() == [0.0] * 6
    assert r.monthly_benefit_share[-1] == 1.0


@settings(max_examples=25, deadline=None)
@given(st.floats(1.0, 3.0), st.floats(0.0, 50_000.0), st.integers(0, 1000), st.floats(0.0, 0.2))
def test_payback_never_later_when_every_benefit_grows(scale: float, shift: float, seed: int, rate: float) -> None:
    """Scaling or shifting low/likely/high keeps the PERT shape, so with the same
    seed every simulation sees larger benefits and pays back no later."""
    grown = [
        dc.Benefit(b.name, b.factor, b.low * scale + shift, b.likely * scale + shift, b.high * scale + shift)
        for b in BENEFITS
    ]
    before = _roi(seed=seed, iterations=500, discount_rate=rate)
    after = _roi(grown, seed=seed, iterations=500, discount_rate=rate)
    b = np.nan_to_num(before.payback_months, nan=np.inf)
    a = np.nan_to_num(after.payback_months, nan=np.inf)
    assert (a <= b).all()
    assert after.no_payback_probability <= before.no_payback_probability
    assert (after.npv >= before.npv - 1e-6).all()


def test_same_seed_gives_identical_results() -> None:
    a = _roi(seed=11, buffer=(0.2, 0.3))
    b = _roi(seed=11, buffer=(0.2, 0.3))
    c = _roi(seed=12, buffer=(0.2, 0.3))
    np.testing.assert_array_equal(a.payback_months, b.payback_months)
    np.testing.assert_array_equal(a.cumulative_band, b.cumulative_band)
    np.testing.assert_array_equal(a.npv, b.npv)
    assert not np.array_equal(a.npv, c.npv)
    e1 = dc.cost_estimate(CATEGORIES, iterations=100, rng=np.random.default_rng(3))
    e2 = dc.cost_estimate(CATEGORIES, iterations=100, rng=np.random.default_rng(3))
    np.testing.assert_array_equal(e1.total, e2.total)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"go_live_month": 36}, "go_live_month"),
        ({"go_live_month": -1}, "go_live_month"),
        ({"go_live_month": 2.5}, "go_live_month"),
        ({"ramp_months": -3}, "ramp_months"),
        ({"horizon_months": 0}, "horizon_months"),
        ({"discount_rate": math.nan}, "discount_rate"),
        ({"iterations": -5}, "iterations"),
        ({"rng": np.random.RandomState(0)}, "rng"),
    ],
)
def test_roi_simulation_rejects(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _roi(**kwargs)


def test_roi_simulation_needs_costs_and_benefits() -> None:
    with pytest.raises(ValueError, match="benefits"):
        dc.roi_simulation(CATEGORIES, [], go_live_month=1, ramp_months=1, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="costs"):
        dc.roi_simulation([], BENEFITS, go_live_month=1, ramp_months=1, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"costs\[0\]"):
        dc.roi_simulation([BENEFITS[0]], BENEFITS, go_live_month=1, ramp_months=1, rng=np.random.default_rng(0))  # type: ignore[list-item]


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 3), st.integers(1, 300), st.integers(0, 1000))
def test_row_quantiles_equal_numpy(rows: int, n: int, seed: int) -> None:
    a = np.random.default_rng(seed).normal(size=(rows, n))
    a[:, : n // 3] = 0.5  # ties
    np.testing.assert_allclose(
        _row_quantiles(a.copy()), np.quantile(a, [0.1, 0.5, 0.9], axis=1), rtol=1e-12, atol=1e-15
    )


def test_cost_reduction_by_hand() -> None:
    """The case above with a 6k grant: one-off cost 6k (2k a month), so payback in month 6."""
    r = dc.roi_simulation(
        [dc.CostCategory("c", 12_000, 12_000, 12_000)],
        [dc.Benefit("b", "cost_savings", 24_000, 24_000, 24_000)],
        horizon_months=12,
        go_live_month=3,
        ramp_months=0,
        cost_reduction=6_000,
        iterations=10,
        rng=np.random.default_rng(0),
    )
    # -2k, -4k, -6k, then +2k a month: 0 at the end of month index 5 (month 6).
    assert r.payback.tolist() == [6.0, 6.0, 6.0]
    np.testing.assert_allclose(r.npv, 12_000.0)
    np.testing.assert_allclose(r.roi, 2.0)  # (18k - 6k) / 6k


@settings(max_examples=30, deadline=None)
@given(st.floats(0.0, 400_000.0), st.integers(0, 1000))
def test_cost_reduction_never_hurts_and_floors_at_zero(reduction: float, seed: int) -> None:
    base = _roi(seed=seed, iterations=500)
    reduced = _roi(seed=seed, iterations=500, cost_reduction=reduction)
    assert np.all(reduced.npv >= base.npv - 1e-6)
    assert np.all(reduced.cumulative_band[:, -1] >= base.cumulative_band[:, -1] - 1e-6)
    # A reduction larger than any one-off cost leaves only running costs: NPV grows by at most the one-off sum.
    one_off_max = sum(c.high for c in CATEGORIES)
    assert np.all(reduced.npv - base.npv <= one_off_max + 1e-6)


@pytest.mark.parametrize("value", [-1.0, math.inf, math.nan, True, "5"])
def test_cost_reduction_rejects(value: object) -> None:
    with pytest.raises(ValueError, match="cost_reduction"):
        _roi(cost_reduction=value)
