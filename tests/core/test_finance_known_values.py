"""roi_simulation and cost_estimate against a second, plain implementation.

With low = likely = high every draw is the same number, so each simulation must reproduce, to
rounding, a month-by-month loop written straight from the docstring of ``roi_simulation``:
one-off costs spread evenly before go-live, running costs R/12 a month from go-live, benefits
B s(t - G + 1/2)/12 with the S-curve, discounting (1 + r)^-(t+1)/12.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import decisioncore as dc


def _s(tau: float, ramp: float) -> float:
    """The S-curve of the docstring, in plain floats."""
    if tau <= 0.0:
        return 0.0
    if ramp <= 0.0:
        return 1.0
    k = 2.0 * math.log(99.0) / ramp

    def logistic(v: float) -> float:
        return 1.0 / (1.0 + math.exp(-k * (v - ramp / 2.0)))

    return min(1.0, max(0.0, (logistic(tau) - logistic(0.0)) / (logistic(ramp) - logistic(0.0))))


def _plain(one_off: float, running: float, benefit: float, *, horizon: int, go_live: int, ramp: float, rate: float):
    """Cumulative discounted flow per month, ROI, payback month (0, NaN or 1-based) of one scenario."""
    cum, total, costs, gains = [], 0.0, 0.0, 0.0
    for t in range(horizon):
        before_go_live = t == 0 if go_live == 0 else t < go_live
        cost = one_off / max(go_live, 1) if before_go_live else 0.0
        run = running / 12.0 if t >= go_live else 0.0
        gain = benefit * _s(t - go_live + 0.5, ramp) / 12.0 if t >= go_live else 0.0
        total += (gain - cost - run) * (1.0 + rate) ** (-(t + 1) / 12.0)
        cum.append(total)
        costs += cost + run
        gains += gain
    negative = [t for t, v in enumerate(cum) if v < -1e-9]
    if not negative:
        payback = 0.0
    elif negative[-1] == horizon - 1:
        payback = math.nan
    else:
        payback = negative[-1] + 2.0
    roi = (gains - costs) / costs if costs > 0 else math.nan
    return np.array(cum), roi, payback


def _fixed(cls, name: str, value: float, *extra: object):
    return cls(name, *extra, value, value, value)


CASES = [
    # one-off, running per year, benefit per year, horizon, go-live, ramp, rate, buffer, reduction
    (50_000.0, 12_000.0, 60_000.0, 36, 4, 6.0, 0.08, 0.0, 0.0),
    (50_000.0, 12_000.0, 60_000.0, 36, 0, 0.0, 0.0, 0.0, 0.0),  # go-live at once, no ramp
    (40_000.0, 0.0, 30_000.0, 24, 3, 9.5, 0.05, 0.25, 0.0),  # buffer only on the one-off costs
    (40_000.0, 6_000.0, 30_000.0, 24, 3, 9.5, 0.05, 0.25, 15_000.0),  # and a grant
    (10_000.0, 30_000.0, 20_000.0, 30, 2, 3.0, 0.0, 0.0, 0.0),  # running costs above the benefit: no payback
    (0.0, 12_000.0, 48_000.0, 12, 0, 0.0, 0.0, 0.0, 0.0),  # running costs only, never negative
]


@pytest.mark.parametrize(("c", "r", "b", "horizon", "go_live", "ramp", "rate", "buffer", "reduction"), CASES)
def test_roi_simulation_matches_a_plain_month_by_month_loop(  # noqa: PLR0917 - parametrised
    c: float, r: float, b: float, horizon: int, go_live: int, ramp: float, rate: float, buffer: float, reduction: float
) -> None:
    costs: list[dc.CostCategory | dc.RunningCost] = []
    if c:
        costs.append(_fixed(dc.CostCategory, "build", c))
    if r:
        costs.append(_fixed(dc.RunningCost, "licences", r))
    benefits = [_fixed(dc.Benefit, "hours saved", b, "productivity")]
    res = dc.roi_simulation(
        costs, benefits, horizon_months=horizon, go_live_month=go_live, ramp_months=ramp, discount_rate=rate,
        buffer=buffer, cost_reduction=reduction, iterations=7, rng=np.random.default_rng(1),
    )  # fmt: skip
    one_off = max(c * (1.0 + buffer) - reduction, 0.0)
    cum, roi, payback = _plain(one_off, r, b, horizon=horizon, go_live=go_live, ramp=ramp, rate=rate)
    np.testing.assert_allclose(res.cumulative_mean, cum, rtol=1e-9, atol=1e-6)
    for q in range(3):
        np.testing.assert_allclose(res.cumulative_band[q], cum, rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(res.npv, cum[-1], rtol=1e-9)
    assert res.npv_mean == pytest.approx(cum[-1], rel=1e-9)
    np.testing.assert_allclose(res.roi, roi, rtol=1e-9)
    assert res.roi_mean == pytest.approx(roi, rel=1e-9)
    if math.isnan(payback):
        assert np.isnan(res.payback_months).all()
        assert res.no_payback_probability == 1.0
        assert res.payback.tolist() == [math.inf] * 3
        assert res.payback_counts.tolist() == [0] * (horizon + 1) + [7]
    else:
        assert res.payback_months.tolist() == [payback] * 7
        assert res.no_payback_probability == 0.0
        assert res.payback.tolist() == [payback] * 3
        assert res.payback_counts[int(payback)] == 7
    share = [_s(t - go_live + 0.5, ramp) if t >= go_live else 0.0 for t in range(horizon)]
    np.testing.assert_allclose(res.monthly_benefit_share, share, atol=1e-12)
    np.testing.assert_allclose(res.benefit_by_factor, [[b * sum(share) / 12.0] * 3], rtol=1e-9)


def test_payback_month_by_hand() -> None:
    """12,000 up front (month 0), +3,000 a month from month 0: cumulative -9,000, -6,000, -3,000, 0.

    Index 3 is the first month at 0, so payback is month 4 (1-based) in every simulation; ROI over
    12 months = (36,000 - 12,000) / 12,000 = 2.
    """
    res = dc.roi_simulation(
        [dc.CostCategory("x", 12_000, 12_000, 12_000)], [dc.Benefit("y", "cost_savings", 36_000, 36_000, 36_000)],
        horizon_months=12, go_live_month=0, ramp_months=0, iterations=3, rng=np.random.default_rng(0),
    )  # fmt: skip
    assert res.payback_months.tolist() == [4.0, 4.0, 4.0]
    np.testing.assert_allclose(res.roi, [2.0, 2.0, 2.0])
    np.testing.assert_allclose(res.cumulative_mean[:5], [-9000, -6000, -3000, 0, 3000], atol=1e-9)


def test_a_buffer_range_widens_only_the_one_off_costs() -> None:
    """Buffer f ~ U(0.1, 0.3) on C = 60,000 spent before go-live month 6: the band at month 5 is
    -C (1 + f) at f's P90/P50/P10 (0.28, 0.2, 0.12); afterwards running costs and benefits are
    the same in every simulation, so the band keeps exactly that width."""
    res = dc.roi_simulation(
        [dc.CostCategory("x", 60_000, 60_000, 60_000), dc.RunningCost("run", 24_000, 24_000, 24_000)],
        [dc.Benefit("y", "revenue", 90_000, 90_000, 90_000)],
        horizon_months=24, go_live_month=6, ramp_months=4, buffer=(0.1, 0.3), iterations=20_000,
        rng=np.random.default_rng(5),
    )  # fmt: skip
    np.testing.assert_allclose(res.cumulative_band[:, 5], [-60_000 * 1.28, -60_000 * 1.2, -60_000 * 1.12], rtol=2e-3)
    width = res.cumulative_band[2] - res.cumulative_band[0]
    np.testing.assert_allclose(width[5:], width[5], rtol=1e-9)
    assert width[5] == pytest.approx(60_000 * 0.16, rel=0.02)


def test_running_costs_are_counted_once_as_costs() -> None:
    """Only running costs of 12,000 a year against 12,000 a year of benefit at once: net zero every
    month, ROI 0, never negative."""
    res = dc.roi_simulation(
        [dc.RunningCost("run", 12_000, 12_000, 12_000)], [dc.Benefit("y", "revenue", 12_000, 12_000, 12_000)],
        horizon_months=12, go_live_month=0, ramp_months=0, iterations=2, rng=np.random.default_rng(0),
    )  # fmt: skip
    np.testing.assert_allclose(res.roi, 0.0, atol=1e-12)
    np.testing.assert_allclose(res.cumulative_mean, 0.0, atol=1e-9)
    assert res.payback_months.tolist() == [0.0, 0.0]


def test_benefit_shares_by_factor() -> None:
    """Two factors, 30,000 and 10,000 a year: shares 0.75 and 0.25, in BenefitFactor order."""
    res = dc.roi_simulation(
        [dc.CostCategory("x", 1_000, 1_000, 1_000)],
        [dc.Benefit("b", "revenue", 10_000, 10_000, 10_000), dc.Benefit("a", "cost_savings", 30_000, 30_000, 30_000)],
        horizon_months=24, go_live_month=2, ramp_months=0, iterations=3, rng=np.random.default_rng(0),
    )  # fmt: skip
    assert res.factors == ("cost_savings", "revenue")
    np.testing.assert_allclose(res.benefit_share_by_factor, [0.75, 0.25])
    np.testing.assert_allclose(res.benefit_by_factor, [[30_000 * 22 / 12] * 3, [10_000 * 22 / 12] * 3])


def test_no_benefit_at_all_has_zero_shares_and_no_cost_has_nan_roi() -> None:
    res = dc.roi_simulation(
        [dc.CostCategory("x", 0, 0, 0)], [dc.Benefit("y", "strategic", 0, 0, 0)],
        horizon_months=6, go_live_month=1, ramp_months=0, iterations=4, rng=np.random.default_rng(0),
    )  # fmt: skip
    assert res.benefit_share_by_factor.tolist() == [0.0]
    assert np.isnan(res.roi).all()
    assert math.isnan(res.roi_mean)
    assert res.payback_months.tolist() == [0.0] * 4


def test_cost_estimate_totals_by_hand() -> None:
    """Fixed amounts: one-off 10,000 + 5,000, buffer 20 % (3,000), running 2,000 a year for 2.5
    years (5,000): total 23,000."""
    est = dc.cost_estimate(
        [dc.CostCategory("a", 10_000, 10_000, 10_000), dc.CostCategory("b", 5_000, 5_000, 5_000)],
        buffer=0.2, running=[dc.RunningCost("r", 2_000, 2_000, 2_000)], running_years=2.5, iterations=5,
        rng=np.random.default_rng(0),
    )  # fmt: skip
    np.testing.assert_allclose(est.categories, [[10_000] * 3, [5_000] * 3])
    np.testing.assert_allclose(est.one_off, 15_000)
    np.testing.assert_allclose(est.buffer, 3_000)
    np.testing.assert_allclose(est.one_off_total, 18_000)
    np.testing.assert_allclose(est.running, [[2_000] * 3])
    np.testing.assert_allclose(est.running_per_year, 2_000)
    np.testing.assert_allclose(est.total, 23_000)
    assert est.mean_total == pytest.approx(23_000)
    assert est.running_years == 2.5
    assert est.iterations == 5
    assert est.category_names == ("a", "b")
    assert est.running_names == ("r",)


def test_go_live_month_zero_is_valid_and_the_last_month_is_the_limit() -> None:
    kw = {
        "costs": [dc.CostCategory("x", 1, 1, 1)], "benefits": [dc.Benefit("y", "revenue", 1, 1, 1)],
        "horizon_months": 3, "ramp_months": 0, "iterations": 2, "rng": np.random.default_rng(0),
    }  # fmt: skip
    assert dc.roi_simulation(go_live_month=0, **kw).horizon_months == 3  # type: ignore[arg-type]
    assert dc.roi_simulation(go_live_month=2, **kw).horizon_months == 3  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="go_live_month"):
        dc.roi_simulation(go_live_month=3, **kw)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="go_live_month"):
        dc.roi_simulation(go_live_month=-1, **kw)  # type: ignore[arg-type]
