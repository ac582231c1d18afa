"""The steps of roi_simulation one by one, each against a plain second implementation.

roi_simulation's end-to-end tests (test_finance_known_values.py) use fixed amounts, so every
simulation is the same and many steps see only one kind of input. Here each step gets inputs
with spread, ties, NaNs and signs changing several times, and its result is compared with a
loop written straight from its docstring.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from decisioncore.finance import (
    PERCENTILES,
    Benefit,
    CostCategory,
    RoiResult,
    RunningCost,
    _mean_and_quantiles,
    _monthly_profiles,
    _payback_months,
    _Profiles,
    _quantiles_from_counts,
    _roi,
    _RoiInputs,
    _row_quantiles,
    cost_estimate,
    roi_simulation,
    s_curve,
)


def _plain_quantile(sorted_values: list[float], q: float) -> float:
    """Linear interpolation between order statistics (numpy's default), where equal neighbours
    (also two infinities) give that value."""
    n = len(sorted_values)
    pos = q / 100.0 * (n - 1)
    k = math.floor(pos)
    f = pos - k
    lo = sorted_values[k]
    hi = sorted_values[min(k + 1, n - 1)]
    if f == 0.0 or lo == hi:
        return lo
    return lo + (hi - lo) * f


def _expanded(counts: list[int]) -> list[float]:
    """The months the histogram counts, the last bin ("no payback") as +inf."""
    values: list[float] = []
    for month, c in enumerate(counts):
        values += [math.inf if month == len(counts) - 1 else float(month)] * c
    return values


@pytest.mark.parametrize(
    "counts",
    [
        [0, 0, 0, 5, 0],  # all in one month
        [1, 0, 0, 0, 0],  # one simulation, payback at once
        [0, 0, 0, 0, 3],  # never
        [0, 2, 0, 0, 0, 1, 0, 0],  # one gap to interpolate across
        [3, 1, 0, 4, 0, 2, 5],  # 15 values, P10 / P90 between neighbours, P90 at infinity
        [0, 0, 4, 1, 0, 5, 0, 1],  # 11 values: positions 1, 5, 9 exactly (f = 0)
        [2, 0, 1, 0, 0, 1, 0, 3, 2],  # P90 interpolates from a finite month to infinity
        [0, 7, 0, 0, 3],  # 10 values: position 8.1 between two infinities
    ],
)
def test_quantiles_from_counts_match_the_expanded_months(counts: list[int]) -> None:
    horizon = len(counts) - 2
    values = _expanded(counts)
    expected = [_plain_quantile(values, q) for q in PERCENTILES]
    got = _quantiles_from_counts(np.array(counts, dtype=np.int64), horizon)
    assert got.tolist() == pytest.approx(expected, rel=1e-12)


def test_quantiles_from_counts_by_hand() -> None:
    """Months [1, 1, 4, 6, 6, 6, 9] (7 simulations, horizon 9): positions 0.6, 3, 5.4.

    P10 = 1 + 0.6 * 0 = 1; P50 = the 4th value, 6; P90 = 6 + 0.4 * (9 - 6) = 7.2."""
    counts = np.zeros(11, dtype=np.int64)
    for month in [1, 1, 4, 6, 6, 6, 9]:
        counts[month] += 1
    assert _quantiles_from_counts(counts, 9).tolist() == pytest.approx([1.0, 6.0, 7.2])


def test_quantiles_from_counts_random_histograms() -> None:
    rng = np.random.default_rng(18)
    for _ in range(40):
        horizon = int(rng.integers(1, 12))
        counts = rng.integers(0, 4, horizon + 2) * (rng.random(horizon + 2) < 0.6)
        if counts.sum() == 0:
            counts[int(rng.integers(0, horizon + 2))] = 1
        values = _expanded(counts.tolist())
        expected = [_plain_quantile(values, q) for q in PERCENTILES]
        got = _quantiles_from_counts(counts.astype(np.int64), horizon)
        assert got.tolist() == pytest.approx(expected, rel=1e-12), counts.tolist()
        with np.errstate(invalid="ignore"):  # numpy interpolates towards inf as inf - inf
            reference = np.quantile(values, np.array(PERCENTILES) / 100)
        finite = np.isfinite(reference)
        np.testing.assert_allclose(got[finite], reference[finite], rtol=1e-12)


@pytest.mark.parametrize("n", [1, 3, 7, 8, 25])
def test_mean_and_quantiles_without_nan(n: int) -> None:
    values = np.random.default_rng(n).normal(10.0, 3.0, n)
    values[: n // 3] = values[0]  # ties
    q, mean = _mean_and_quantiles(values.copy())
    np.testing.assert_allclose(q, np.quantile(values, [0.1, 0.5, 0.9]), rtol=1e-12)
    assert mean == pytest.approx(float(np.mean(values)), rel=1e-12)


def test_mean_and_quantiles_leave_out_nan() -> None:
    """[NaN, 4, NaN, 1, 2, 8]: of 1, 2, 4, 8 (positions 0.3, 1.5, 2.7) P10 = 1.3, P50 = 3,
    P90 = 4 + 0.7 * 4 = 6.8; mean 15 / 4."""
    q, mean = _mean_and_quantiles(np.array([np.nan, 4.0, np.nan, 1.0, 2.0, 8.0]))
    np.testing.assert_allclose(q, [1.3, 3.0, 6.8])
    assert mean == pytest.approx(3.75)
    many = np.random.default_rng(1).normal(size=40)
    many[::3] = np.nan
    q, mean = _mean_and_quantiles(many.copy())
    np.testing.assert_allclose(q, np.nanquantile(many, [0.1, 0.5, 0.9]), rtol=1e-12)
    assert mean == pytest.approx(float(np.nanmean(many)), rel=1e-12)


def test_mean_and_quantiles_all_nan() -> None:
    q, mean = _mean_and_quantiles(np.full(5, np.nan))
    assert np.isnan(q).all()
    assert q.shape == (3,)
    assert math.isnan(mean)


def _plain_payback(cum: np.ndarray, tol: float) -> tuple[list[float], list[int]]:
    """Per column: 0 if never below -tol, NaN if below at the end, else last month below + 2."""
    horizon, n = cum.shape
    months, counts = [], [0] * (horizon + 2)
    for s in range(n):
        below = [t for t in range(horizon) if cum[t, s] < -tol]
        if not below:
            month = 0
        elif below[-1] == horizon - 1:
            month = horizon + 1
        else:
            month = below[-1] + 2
        counts[month] += 1
        months.append(math.nan if month == horizon + 1 else float(month))
    return months, counts


def test_payback_months_match_a_plain_loop() -> None:
    """Cumulative flows that go up and down several times: payback is after the LAST month below
    zero, not the first month at or above it."""
    rng = np.random.default_rng(7)
    horizon = 9
    cum = rng.normal(0.5, 1.0, (horizon, 60)).cumsum(axis=0)
    cum[:, 0] = [-1, 2, -1, 3, 4, 5, 6, 7, 8]  # negative again after a positive month: payback 4
    cum[:, 1] = [1, 1, 1, 1, 1, 1, 1, 1, 1]  # never negative: 0
    cum[:, 2] = [-1, -1, -1, -1, -1, -1, -1, -1, -1]  # never back: NaN
    cum[:, 3] = [1, 2, 3, 4, 5, 6, 7, 8, -1]  # negative only in the last month: NaN
    cum[:, 4] = [-1, 0, 0, 0, 0, 0, 0, 0, 0]  # exactly zero counts as paid back: 2
    cum[:, 5] = [-5, -4, -3, -2, -1, -1, -1, -1, 2]  # last month below zero index 7: payback 9
    profiles = np.array([[0.5, -0.25], [2.0, 1.0], [-0.1, 0.3]])  # largest |entry| 2
    x = np.array([[1.0, -3.0], [0.5, 0.25]])  # largest |entry| 3: tolerance 6e-9
    payback, counts = _payback_months(cum, profiles, x)
    months, expected_counts = _plain_payback(cum, 6e-9)
    np.testing.assert_array_equal(payback, months)
    assert counts.tolist() == expected_counts
    assert payback[:2].tolist() == [4.0, 0.0]
    assert np.isnan(payback[2:4]).all()
    assert payback[4] == 2.0
    assert payback[5] == 9.0
    assert counts.dtype.kind == "i"
    assert counts.shape == (horizon + 2,)


def test_payback_tolerance_is_1e9_of_the_largest_possible_flow() -> None:
    """Largest |profile| 2 and |draw| 3: tolerance 6e-9. A cumulative flow of -5.5e-9 counts as
    zero (paid back in month 0), one of -6.5e-9 as negative (paid back after it)."""
    profiles = np.array([[0.5, -0.25, 0.01], [-2.0, 1.0, 0.1]])
    x = np.array([[1.0, 0.2], [-3.0, 0.5]])
    cum = np.array([[-5.5e-9, -6.5e-9], [1.0, 1.0], [1.0, 1.0]])
    payback, counts = _payback_months(cum, profiles, x)
    assert payback.tolist() == [0.0, 2.0]
    assert counts.tolist() == [1, 0, 1, 0, 0]


def _inputs(horizon: int, go_live: int, ramp: float, rate: float) -> _RoiInputs:
    return _RoiInputs(
        horizon=horizon, go_live=go_live, ramp=ramp, rate=rate, reduction=0.0,
        one_off=[CostCategory("c", 1, 1, 1)], running=[RunningCost("r", 1, 1, 1)],
        benefits=[Benefit("b", "revenue", 1, 1, 1)],
    )  # fmt: skip


def _plain_profiles(horizon: int, go_live: int, ramp: float, rate: float) -> dict[str, list[float]]:
    running, share, cum = [], [], [[], [], []]
    totals = [0.0, 0.0, 0.0]
    for t in range(horizon):
        c = (1.0 if t == 0 else 0.0) if go_live == 0 else (1.0 / go_live if t < go_live else 0.0)
        r = 1.0 / 12.0 if t >= go_live else 0.0
        s = float(s_curve(np.array([t - go_live + 0.5]), ramp)[0]) if t >= go_live else 0.0
        d = (1.0 + rate) ** (-(t + 1) / 12.0)
        for i, flow in enumerate((-c, -r, s / 12.0)):
            totals[i] += flow * d
            cum[i].append(totals[i])
        running.append(r)
        share.append(s)
    return {"running": running, "share": share, "cum0": cum[0], "cum1": cum[1], "cum2": cum[2]}


@pytest.mark.parametrize(
    ("horizon", "go_live", "ramp", "rate"),
    [(12, 0, 0.0, 0.0), (12, 0, 4.0, 0.1), (18, 5, 6.5, 0.08), (7, 6, 2.0, -0.5), (1, 0, 1.0, 3.0), (24, 1, 0.0, 0.2)],
)
def test_monthly_profiles_match_a_plain_loop(horizon: int, go_live: int, ramp: float, rate: float) -> None:
    p = _monthly_profiles(_inputs(horizon, go_live, ramp, rate))
    plain = _plain_profiles(horizon, go_live, ramp, rate)
    np.testing.assert_allclose(p.running, plain["running"], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(p.benefit_share, plain["share"], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(p.cumulative, [plain["cum0"], plain["cum1"], plain["cum2"]], rtol=1e-12, atol=1e-15)
    assert p.cumulative.shape == (3, horizon)
    assert p.benefit_share_sum == pytest.approx(sum(plain["share"]) / 12.0, rel=1e-12)


def test_monthly_profiles_by_hand() -> None:
    """Go-live month 2 of 4, no ramp, 12 % a year: costs 1/2 in months 0 and 1, running costs and
    the full benefit 1/12 a month from month 2; discount factors 1.12^-(t+1)/12."""
    p = _monthly_profiles(_inputs(4, 2, 0.0, 0.12))
    assert p.running.tolist() == [0.0, 0.0, 1 / 12, 1 / 12]
    assert p.benefit_share.tolist() == [0.0, 0.0, 1.0, 1.0]
    d = [1.12 ** (-(t + 1) / 12) for t in range(4)]
    spent = -0.5 * (d[0] + d[1])
    np.testing.assert_allclose(p.cumulative[0], [-0.5 * d[0], spent, spent, spent])
    np.testing.assert_allclose(p.cumulative[1], [0.0, 0.0, -d[2] / 12, -(d[2] + d[3]) / 12])
    np.testing.assert_allclose(p.cumulative[2], [0.0, 0.0, d[2] / 12, (d[2] + d[3]) / 12])
    assert p.benefit_share_sum == pytest.approx(2 / 12)


def test_roi_by_hand() -> None:
    """Profiles over 6 months: running costs in 4 months at 1/12 a month, benefit shares
    0, 0, 0.5, 1, 1, 1 (3.5 / 12 years of full benefit); the one-off costs are spent in full.

    Simulation 1: C = 1,000, R = 1,200 a year, B = 12,000 a year: costs 1,000 + 400 = 1,400,
    benefits 3,500, ROI 2,100 / 1,400 = 1.5.  Simulation 2: C = 600, R = 0, B = 1,200: costs
    600, benefits 350, ROI -250 / 600.  Simulation 3: a cost of 0.5 and B = 12: ROI
    (3.5 - 0.5) / 0.5 = 6.  Simulation 4: no cost at all: NaN, also with a benefit."""
    running = np.array([0, 0, 1, 1, 1, 1]) / 12.0
    share = np.array([0, 0, 0.5, 1, 1, 1])
    profiles = _Profiles(running, share, np.zeros((3, 6)))
    x = np.array([[1_000.0, 600.0, 0.5, 0.0], [1_200.0, 0.0, 0.0, 0.0], [12_000.0, 1_200.0, 12.0, 5_000.0]])
    roi = _roi(x, profiles)
    np.testing.assert_allclose(roi[:3], [1.5, -250 / 600, 6.0])
    assert math.isnan(roi[3])


def test_benefit_messages_name_the_item_and_the_allowed_factors() -> None:
    allowed = "cost_savings, productivity, revenue, strategic, risk_reduction"
    with pytest.raises(ValueError, match=rf"^Benefit 'B': factor must be one of {allowed}, got 'happiness'$"):
        Benefit("B", "happiness", 1, 2, 3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"^Benefit 'Upsell': high must be a number, got '3'$"):
        Benefit("Upsell", "revenue", 1, 2, "3")  # type: ignore[arg-type]


def test_cost_estimate_defaults_no_buffer_three_years_10000_simulations() -> None:
    """Fixed amounts: one-off 10,000, running 2,000 a year; by default no buffer and three years
    of running costs, from 10,000 simulations."""
    est = cost_estimate(
        [CostCategory("a", 10_000, 10_000, 10_000)], running=[RunningCost("r", 2_000, 2_000, 2_000)],
        rng=np.random.default_rng(0),
    )  # fmt: skip
    assert est.iterations == 10_000
    assert est.buffer.tolist() == [0.0, 0.0, 0.0]
    np.testing.assert_allclose(est.total, 16_000)
    assert est.running_years == 3.0


@pytest.mark.parametrize(("years", "total"), [(0, 10_000), (0.5, 11_000)])
def test_cost_estimate_accepts_running_years_below_one(years: float, total: float) -> None:
    est = cost_estimate(
        [CostCategory("a", 10_000, 10_000, 10_000)], running=[RunningCost("r", 2_000, 2_000, 2_000)],
        running_years=years, iterations=3, rng=np.random.default_rng(0),
    )  # fmt: skip
    np.testing.assert_allclose(est.total, total)
    assert est.running.shape == (1, 3)


def test_cost_estimate_buffer_range_draws_one_fraction_per_simulation() -> None:
    """Fixed one-off cost 10,000 and buffer f ~ U(0.1, 0.3): the buffer's P10 / P50 / P90 are
    10,000 x (0.12, 0.2, 0.28); the one-off total adds the 10,000. Without running costs the
    running table is empty."""
    est = cost_estimate(
        [CostCategory("a", 10_000, 10_000, 10_000)], buffer=(0.1, 0.3), iterations=20_000,
        rng=np.random.default_rng(4),
    )  # fmt: skip
    np.testing.assert_allclose(est.buffer, [1_200, 2_000, 2_800], rtol=0.01)
    np.testing.assert_allclose(est.one_off_total, 10_000 + est.buffer, rtol=1e-12)
    assert est.running.shape == (0, 3)
    assert est.running_names == ()


def _one_case(**kwargs: object) -> RoiResult:
    args: dict[str, object] = {
        "horizon_months": 12, "go_live_month": 0, "ramp_months": 0, "iterations": 2, "rng": np.random.default_rng(0),
    }  # fmt: skip
    args.update(kwargs)
    return roi_simulation(
        [CostCategory("c", 1_000, 1_000, 1_000)], [Benefit("b", "revenue", 2_400, 2_400, 2_400)],
        **args,  # type: ignore[arg-type]
    )  # fmt: skip


def test_roi_simulation_defaults_to_10000_simulations_over_36_months() -> None:
    res = roi_simulation(
        [CostCategory("c", 1_000, 1_000, 1_000)], [Benefit("b", "revenue", 2_400, 2_400, 2_400)],
        go_live_month=0, ramp_months=0, rng=np.random.default_rng(0),
    )  # fmt: skip
    assert res.iterations == 10_000
    assert res.payback_months.shape == (10_000,)
    assert res.horizon_months == 36


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"ramp_months": -1}, r"^ramp_months: must be a finite number of months >= 0"),
        ({"ramp_months": "3"}, r"^ramp_months: must be a number of months"),
        ({"discount_rate": math.inf}, r"^discount_rate: "),
        ({"discount_rate": -1.0}, r"^discount_rate: "),
        ({"discount_rate": -1.5}, r"^discount_rate: "),
        ({"horizon_months": True}, r"^horizon_months: must be a whole number"),
        ({"horizon_months": 12.0}, r"^horizon_months: must be a whole number"),
        ({"horizon_months": 1201}, r"^horizon_months: must be between 1 and 1200"),
        ({"horizon_months": 0}, r"^horizon_months: must be between 1 and 1200"),
    ],
)
def test_roi_simulation_rejects_with_the_argument_named(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _one_case(**kwargs)


@pytest.mark.parametrize(("horizon", "rate"), [(1, 0.0), (1200, 0.0), (12, -0.99), (12, 1e6)])
def test_roi_simulation_accepts_the_limits(horizon: int, rate: float) -> None:
    """A horizon of 1 or 1,200 months, a rate just above -100 % or very high: valid. With 1,000
    up front and 200 a month from month 0, undiscounted ROI over the horizon is (200 H - 1,000) / 1,000."""
    res = _one_case(horizon_months=horizon, discount_rate=rate)
    assert res.horizon_months == horizon
    np.testing.assert_allclose(res.roi, (200.0 * horizon - 1_000.0) / 1_000.0, rtol=1e-9)


def test_benefit_shares_of_a_benefit_below_one_euro() -> None:
    """A benefit of 0.12 EUR a year over 12 months totals 0.12: still all of it from its factor."""
    res = roi_simulation(
        [CostCategory("c", 1, 1, 1)], [Benefit("b", "strategic", 0.12, 0.12, 0.12)],
        horizon_months=12, go_live_month=0, ramp_months=0, iterations=2, rng=np.random.default_rng(0),
    )  # fmt: skip
    assert res.benefit_share_by_factor.tolist() == [1.0]
    np.testing.assert_allclose(res.benefit_by_factor, [[0.12] * 3])


def test_row_quantiles_at_exact_positions_ignore_an_infinite_neighbour() -> None:
    """11 values 0 .. 9 and +inf: positions 1, 5 and 9 are exact, so P10 / P50 / P90 are 1, 5, 9
    (numpy's quantile gives NaN for P90, from 9 + 0 x inf)."""
    row = np.array([[np.inf, 3, 9, 1, 0, 7, 5, 2, 8, 4, 6]], dtype=np.float64)
    assert _row_quantiles(row.copy())[:, 0].tolist() == [1.0, 5.0, 9.0]
    row[0, 4] = -np.inf  # and at the other end
    assert _row_quantiles(row.copy())[:, 0].tolist() == [1.0, 5.0, 9.0]


def test_iterations_must_be_a_whole_number_of_at_least_one() -> None:
    assert _one_case(iterations=1).payback_months.shape == (1,)
    with pytest.raises(ValueError, match=r"^iterations: must be a positive integer, got 2\.0$"):
        _one_case(iterations=2.0)
    with pytest.raises(ValueError, match=r"^iterations: must be a positive integer, got 0$"):
        _one_case(iterations=0)


@pytest.mark.parametrize(("buffer", "expected"), [((0.0, 0.2), [20, 100, 180]), ((0.2, 0.2), [200, 200, 200])])
def test_buffer_range_may_start_at_zero_or_be_one_value(buffer: tuple[float, float], expected: list[float]) -> None:
    """A fixed one-off cost of 1,000: buffer U(0, 0.2) has P10 / P50 / P90 of 20 / 100 / 180;
    (0.2, 0.2) is a fixed 20 %."""
    est = cost_estimate(
        [CostCategory("a", 1_000, 1_000, 1_000)], buffer=buffer, iterations=20_000, rng=np.random.default_rng(6)
    )
    np.testing.assert_allclose(est.buffer, expected, rtol=0.03)


def test_s_curve_of_a_ramp_shorter_than_a_month() -> None:
    """Ramp R = 0.5 months: s(0) = 0, s(R/2) = 1/2, s(R) = 1, and 1 after; whole-month inputs
    as integers give the same values."""
    np.testing.assert_allclose(s_curve(np.array([-1.0, 0.0, 0.25, 0.5, 2.0]), 0.5), [0, 0, 0.5, 1, 1], atol=1e-12)
    np.testing.assert_allclose(s_curve(np.array([-1, 0, 1, 2]), 1.5), s_curve(np.array([-1.0, 0.0, 1.0, 2.0]), 1.5))
