"""Results after the start: KPI trend and status, cost burn, realised and re-estimated return.

The maths behind step 7 of the journey (issue 13). Days are plain floats counted from any origin
the caller chooses (the app uses days since the project start); every day a function returns is
on the same scale, so the app converts back to dates. Direction is the KPI's: ``"lower"`` or
``"higher"`` is better (planning's ``Direction`` values). Functions return frozen dataclasses
with machine-readable state and reason codes; the app words them in three languages.

* :func:`kpi_trend` -- Theil-Sen slope with Sen's distribution-free confidence interval.
* :func:`target_date` -- when the trend reaches the target, with the earliest and latest day.
* :func:`kpi_status` -- on track / at risk / off track, with the reason and the figures.
* :func:`burn_status` -- cumulative actual cost against the estimate's P10-P90 band.
* :func:`realised_benefit` -- a benefit line's euros from the measured KPI deltas.
* :func:`conditioned_roi` -- :func:`~decisioncore.finance.roi_simulation` re-run with what is known.
* :func:`percentile_of` -- where a realised figure falls in a simulated distribution.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Final

import numpy as np

from decisioncore._validation import as_float_array
from decisioncore.finance import (
    Benefit,
    BenefitFactor,
    CostCategory,
    RoiResult,
    RunningCost,
    _buffer_fractions,
    _check_iterations,
    _check_rng,
    _check_roi_inputs,
    _pert_params,
    _roi_ratio,
    _roi_result,
    _RoiInputs,
    s_curve,
)

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

    FloatArray = NDArray[np.float64]
    IntArray = NDArray[np.int64]

__all__ = [
    "DAYS_PER_YEAR",
    "MIN_TREND_POINTS",
    "BurnStatus",
    "KpiStatus",
    "KpiTrend",
    "RealisedBenefit",
    "TargetEstimate",
    "burn_status",
    "conditioned_roi",
    "kpi_status",
    "kpi_trend",
    "percentile_of",
    "planned_volume_per_unit",
    "realised_benefit",
    "target_date",
]

MIN_TREND_POINTS: Final = 3
"""Fewer measurements than this give ``enough_data=False`` ("not enough data")."""
DAYS_PER_YEAR: Final = 365.25
"""Days in a year when a yearly benefit is spread over days."""
DIRECTIONS: Final = ("lower", "higher")


def _check_direction(direction: object) -> float:
    """+1 for "higher is better", -1 for "lower is better" (planning's Direction values)."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction: must be 'lower' or 'higher', got {direction!r}")
    return 1.0 if direction == "higher" else -1.0


def _finite(value: object, name: str) -> float:
    """A finite float from a number (int, float, numpy scalar, Decimal from the database)."""
    if isinstance(value, (bool, str, bytes)):
        raise ValueError(f"{name}: must be a number, got {value!r}")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{name}: must be a number, got {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{name}: must be finite, got {value!r}")
    return number


def _vector(value: Sequence[float] | ArrayLike, name: str) -> FloatArray:
    """A one-dimensional float array, possibly empty."""
    try:
        arr: FloatArray = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name}: cannot be read as numbers ({exc})") from None
    if arr.ndim != 1:
        raise ValueError(f"{name}: expected a one-dimensional sequence, got shape {arr.shape}")
    return arr


# --------------------------------------------------------------------------------------------
# Trend


@dataclass(frozen=True, slots=True)
class KpiTrend:
    """Result of :func:`kpi_trend`: the line ``value = intercept + slope * day`` with its band.

    Attributes
    ----------
    enough_data : bool
        False under :data:`MIN_TREND_POINTS` measurements or when all fall on one day; every
        float below is then NaN.
    n : int
        Number of measurements.
    slope, slope_low, slope_high : float
        Theil-Sen slope per day and Sen's confidence interval for it (``-inf``/``inf`` when
        there are too few measurements for the requested confidence).
    intercept : float
        ``median(values) - slope * median(days)`` (the line passes through the median point).
    median_day, median_value : float
        The median point; the band pivots around it.
    first_day, last_day : float
        The first and last measurement day.
    confidence : float
    pairs : int
        Pairs of measurements on different days (N, the number of pairwise slopes).
    lower, upper : float
        The values the KPI can take (``-inf``/``inf``: any): 0 for a count, hours or an amount,
        0 and 100 for a percentage. :meth:`predict` keeps the line and its band inside them.
    """

    enough_data: bool
    n: int
    slope: float
    slope_low: float
    slope_high: float
    intercept: float
    median_day: float
    median_value: float
    first_day: float
    last_day: float
    confidence: float
    pairs: int
    lower: float = -math.inf
    upper: float = math.inf

    def predict(self, day: float) -> tuple[float, float, float]:
        """(mid, low, high) value of the trend on ``day``.

        ``mid`` lies on the Theil-Sen line; ``low``/``high`` on the lines through the median
        point with the slope interval's ends, so the band is narrowest at the median day and
        widens on both sides. All three are held within ``lower`` and ``upper``: a count
        extrapolated downwards stops at 0, a percentage at 0 and 100. NaN without enough data.
        """
        if not self.enough_data:
            return (math.nan, math.nan, math.nan)
        dx = float(day) - self.median_day
        mid = self._clip(self.median_value + self.slope * dx)
        if dx == 0.0:
            return (mid, mid, mid)
        a = self.median_value + self.slope_low * dx
        b = self.median_value + self.slope_high * dx
        return (mid, self._clip(min(a, b)), self._clip(max(a, b)))

    def _clip(self, value: float) -> float:
        return min(max(value, self.lower), self.upper)


def _not_enough(n: int, days: FloatArray, confidence: float, pairs: int, bounds: tuple[float, float]) -> KpiTrend:
    nan = math.nan
    first = float(days.min()) if n else nan
    last = float(days.max()) if n else nan
    return KpiTrend(False, n, nan, nan, nan, nan, nan, nan, first, last, confidence, pairs, *bounds)


def _check_bounds(lower: object, upper: object) -> tuple[float, float]:
    """The KPI's possible values: ``lower`` < ``upper``, either may be infinite."""
    bounds = []
    for name, value in (("lower", lower), ("upper", upper)):
        if isinstance(value, (bool, str, bytes)):
            raise ValueError(f"{name}: must be a number, got {value!r}")
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ValueError(f"{name}: must be a number, got {value!r}") from None
        if math.isnan(number):
            raise ValueError(f"{name}: must be a number, got {value!r}")
        bounds.append(number)
    if not bounds[0] < bounds[1]:
        raise ValueError(f"upper: must be above lower ({bounds[0]!r}), got {bounds[1]!r}")
    return bounds[0], bounds[1]


@lru_cache(maxsize=16)
def _pair_indices(n: int) -> tuple[IntArray, IntArray]:
    i, j = np.triu_indices(n, k=1)
    return i, j


def _order_statistic(ordered: FloatArray, rank: float) -> float:
    """The ``rank``-th smallest value (1-based), linearly interpolated between neighbours."""
    k = math.floor(rank)
    frac = rank - k
    low = float(ordered[k - 1])
    if frac == 0.0:
        return low
    return low + frac * (float(ordered[k]) - low)


def _sorted_median(ordered: FloatArray) -> float:
    """Median of an ascending array (the mean of the two middle values for an even length)."""
    n = ordered.shape[0]
    half = n // 2
    if n % 2:
        return float(ordered[half])
    return (float(ordered[half - 1]) + float(ordered[half])) / 2.0


def _tie_term(ordered: FloatArray) -> float:
    """Sum of t (t - 1) (2t + 5) over the groups of t equal values of an ascending array."""
    new_group = np.flatnonzero(np.diff(ordered) != 0.0)
    bounds = np.concatenate(([0], new_group + 1, [ordered.shape[0]]))
    t = np.diff(bounds).astype(np.float64)
    return float((t * (t - 1.0) * (2.0 * t + 5.0)).sum())


@lru_cache(maxsize=8)
def _normal_quantile(p: float) -> float:
    return statistics.NormalDist().inv_cdf(p)


def kpi_trend(days: Sequence[float] | ArrayLike, values: Sequence[float] | ArrayLike, *,
              confidence: float = 0.9, lower: float = -math.inf, upper: float = math.inf) -> KpiTrend:
    r"""Robust trend of a KPI over time: Theil-Sen slope with Sen's confidence interval.

    For the n measurements :math:`(x_i, y_i)` (x = day) the N pairwise slopes
    :math:`S_{ij} = (y_j - y_i)/(x_j - x_i)` over pairs with :math:`x_i \ne x_j` are sorted;
    the slope is their median, and the intercept :math:`\tilde y - \hat\beta \tilde x` puts
    the line through the median point (Conover 1980). Sen's interval uses the normal
    approximation of Kendall's S:

    .. math::  C = z_{(1+c)/2}\sqrt{\mathrm{Var}(S)}, \quad
       \mathrm{Var}(S) = \frac{n(n-1)(2n+5) - \sum_g t_g(t_g-1)(2t_g+5)}{18},

    with :math:`t_g` the sizes of groups of measurements on the same day (Sen 1968, sec. 3),
    :math:`M_1 = (N - C)/2`, :math:`M_2 = (N + C)/2`; the lower limit is the
    :math:`M_1`-th and the upper the :math:`(M_2 + 1)`-th smallest slope, interpolated
    linearly between neighbouring slopes when the ranks are not whole (Gilbert 1987, sec.
    16.5). When :math:`M_1 < 1` the data cannot support the requested confidence and the
    interval is unbounded (``-inf``, ``inf``): honest rather than the range of the slopes.

    Worked example (computed by hand, ``tests/core/test_results.py``): days 0, 10, 20, 30, 40
    and values 100, 96, 95, 88, 86 give the ten slopes -0.7, -0.45, -0.4, -0.4, -0.4, -0.35,
    -0.333, -0.25, -0.2, -0.1; slope = (-0.4 - 0.35)/2 = -0.375 per day, intercept = 95 +
    0.375 * 20 = 102.5. At 90 %: Var(S) = 5 * 4 * 15 / 18 = 16.67, C = 1.6449 * 4.0825 =
    6.715, M1 = 1.642, M2 + 1 = 9.358, so the interval is -0.7 + 0.642 * 0.25 = -0.539 to
    -0.2 + 0.358 * 0.1 = -0.164 per day.

    Parameters
    ----------
    days, values : sequences of float of equal length
        Measurement days (any origin, any order) and the measured values.
    confidence : float in (0, 1), default 0.9
        Two-sided confidence of the slope interval.
    lower, upper : float, default -inf, inf
        The values the KPI can take, from its kind: ``lower=0`` for counts, hours, amounts;
        ``lower=0, upper=100`` for percentages. The fitted line is not changed; its predictions
        (:meth:`KpiTrend.predict`, and with them :func:`target_date` and :func:`kpi_status`)
        stay within the bounds. Every value must lie within them.

    References
    ----------
    Theil, H. (1950). A rank-invariant method of linear and polynomial regression analysis.
    *Indagationes Mathematicae* 12, 85-91.
    Sen, P. K. (1968). Estimates of the regression coefficient based on Kendall's tau.
    *Journal of the American Statistical Association* 63(324), 1379-1389.
    Gilbert, R. O. (1987). *Statistical Methods for Environmental Pollution Monitoring*. Van
    Nostrand Reinhold, ch. 16.
    Conover, W. J. (1980). *Practical Nonparametric Statistics*, 2nd ed., Wiley, sec. 5.5.
    """
    conf = _finite(confidence, "confidence")
    if not 0.0 < conf < 1.0:
        raise ValueError(f"confidence: must lie strictly between 0 and 1, got {confidence!r}")
    bounds = _check_bounds(lower, upper)
    x = _vector(days, "days")
    y = _vector(values, "values")
    if x.shape != y.shape:
        raise ValueError(f"values: expected {x.shape[0]} values (one per day), got {y.shape[0]}")
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise ValueError("days, values: every day and value must be finite")
    if np.any(y < bounds[0]) or np.any(y > bounds[1]):
        raise ValueError(f"values: every value must lie between lower ({bounds[0]!r}) and upper ({bounds[1]!r})")
    n = int(x.shape[0])
    if n < MIN_TREND_POINTS:
        return _not_enough(n, x, conf, 0, bounds)
    i, j = _pair_indices(n)
    dx = x[j] - x[i]
    usable = dx != 0.0
    slopes = (y[j] - y[i])[usable] / dx[usable]
    pairs = int(slopes.shape[0])
    if pairs == 0:
        return _not_enough(n, x, conf, 0, bounds)
    slopes.sort()
    slope = _sorted_median(slopes)
    x_sorted = np.sort(x)
    med_x = _sorted_median(x_sorted)
    med_y = _sorted_median(np.sort(y))
    variance = (n * (n - 1.0) * (2.0 * n + 5.0) - _tie_term(x_sorted)) / 18.0
    c = _normal_quantile(0.5 + conf / 2.0) * math.sqrt(variance)
    m1 = (pairs - c) / 2.0
    m2 = (pairs + c) / 2.0
    if m1 < 1.0:
        low, high = -math.inf, math.inf
    else:
        low = _order_statistic(slopes, m1)
        high = _order_statistic(slopes, m2 + 1.0)
    return KpiTrend(
        enough_data=True,
        n=n,
        slope=slope,
        slope_low=low,
        slope_high=high,
        intercept=med_y - slope * med_x,
        median_day=med_x,
        median_value=med_y,
        first_day=float(x_sorted[0]),
        last_day=float(x_sorted[-1]),
        confidence=conf,
        pairs=pairs,
        lower=bounds[0],
        upper=bounds[1],
    )


# --------------------------------------------------------------------------------------------
# Target date


@dataclass(frozen=True, slots=True)
class TargetEstimate:
    """Result of :func:`target_date`.

    ``state`` is one of

    * ``"not_enough_data"`` -- the trend has too few measurements;
    * ``"reached"`` -- the trend line meets the target on the last measurement day;
    * ``"never"`` -- the slope is zero or points away from the target, or the target lies
      beyond the KPI's bounds (a percentage above 100, a count below 0);
    * ``"estimated"`` -- ``day`` is when the trend line reaches the target, ``earliest`` and
      ``latest`` the days for the favourable and unfavourable end of the slope interval
      (``latest`` is ``inf`` when that end is zero or points away from the target).

    Days are on the scale of the trend's input; NaN where they do not apply.
    """

    state: str
    day: float
    earliest: float
    latest: float


def _crossing(trend: KpiTrend, g: float, target: float, slope: float) -> float:
    """Day on which the line through the median point reaches ``target``; ``slope`` is ``g`` times the slope.

    An infinite slope (an unbounded interval) crosses on the median day.
    """
    return trend.median_day + g * (target - trend.median_value) / slope


def target_date(trend: KpiTrend, *, target: float, direction: str) -> TargetEstimate:
    """When the trend reaches ``target``, with an earliest and latest day from the slope interval.

    With g = +1 for ``"higher"`` and -1 for ``"lower"`` the target is met when
    ``g * value >= g * target``. The trend has reached it if its line meets it on the last
    measurement day; otherwise it moves towards it when ``g * slope > 0`` and the line crosses
    it on ``median_day + (target - median_value) / slope``. The same with the favourable end
    of the slope interval gives ``earliest`` (never before the last measurement day: the line
    has not met the target there), with the unfavourable end ``latest`` (``inf`` if that end
    does not move towards the target). The bounds of a trend (``lower``, ``upper``) only stop the
    line beyond them, so a target within them is reached on the same days; a target beyond them
    is never reached. Example: median point (20, 95), slope -0.375 per day,
    interval (-0.539, -0.164), target 80 (lower is better): day 20 + 15/0.375 = 60, earliest
    20 + 15/0.539 = 47.8, latest 20 + 15/0.164 = 111.3.
    """
    g = _check_direction(direction)
    goal = _finite(target, "target")
    nan = math.nan
    if not trend.enough_data:
        return TargetEstimate("not_enough_data", nan, nan, nan)
    mid_last = trend.predict(trend.last_day)[0]
    if g * mid_last >= g * goal:
        return TargetEstimate("reached", trend.last_day, trend.last_day, trend.last_day)
    if g * trend.slope <= 0.0 or not trend.lower <= goal <= trend.upper:
        return TargetEstimate("never", nan, nan, nan)
    day = _crossing(trend, g, goal, g * trend.slope)
    if not math.isfinite(day):  # a slope so small (subnormal) that the crossing overflows
        return TargetEstimate("never", nan, nan, nan)
    favourable = max(g * trend.slope_low, g * trend.slope_high)
    unfavourable = min(g * trend.slope_low, g * trend.slope_high)
    earliest = max(_crossing(trend, g, goal, favourable), trend.last_day)
    latest = _crossing(trend, g, goal, unfavourable) if unfavourable > 0.0 else math.inf
    return TargetEstimate("estimated", day, earliest, latest)


# --------------------------------------------------------------------------------------------
# Status


DEFAULT_AT_RISK_MARGIN: Final = 0.1
"""A prediction that meets the target by less than this share of the planned improvement is at risk."""


@dataclass(frozen=True, slots=True)
class KpiStatus:
    """Result of :func:`kpi_status`.

    Attributes
    ----------
    status : str
        ``"on_track"``, ``"at_risk"``, ``"off_track"`` or ``"not_enough_data"``.
    reason : str
        Why, as a code (see :func:`kpi_status`).
    evaluation_day : float
        The day the prediction is for: the target day, or today once the target day has passed.
    predicted, predicted_low, predicted_high : float
        The trend's value and band on ``evaluation_day``.
    target, baseline : float
    improvement_planned : float
        ``g * (target - baseline)``: how far the plan moves the KPI (in its unit, > 0 if the
        target is better than the baseline).
    improvement_predicted : float
        ``g * (predicted - baseline)``.
    margin : float
        ``at_risk_margin * improvement_planned`` (0 if the plan moves nothing): how much
        better than the target the prediction must be to count as on track.
    """

    status: str
    reason: str
    evaluation_day: float
    predicted: float
    predicted_low: float
    predicted_high: float
    target: float
    baseline: float
    improvement_planned: float
    improvement_predicted: float
    margin: float


def kpi_status(
    *,
    baseline: float,
    target: float,
    direction: str,
    target_day: float,
    trend: KpiTrend,
    today_day: float,
    at_risk_margin: float = DEFAULT_AT_RISK_MARGIN,
) -> KpiStatus:
    """On track, at risk or off track: the trend's prediction against the target.

    With g = +1 for ``"higher"`` and -1 for ``"lower"``, a value v meets the target t when
    ``g * v >= g * t``; the margin m = ``at_risk_margin * g * (t - baseline)`` (0 if that is
    not positive). The evaluation day is ``target_day``, or ``today_day`` once it is later.
    Rules, first match wins (status / reason):

    1. fewer than three measurements: ``not_enough_data`` / ``too_few_measurements``;
    2. the target day has passed (``today_day > target_day``): ``on_track`` / ``target_met``
       if the trend's value today meets the target, else ``off_track`` /
       ``target_date_passed``;
    3. the predicted value on the target day meets the target with the margin to spare
       (``g * (v - t) >= m``): ``on_track`` / ``on_course``;
    4. it meets the target, but by less than the margin: ``at_risk`` / ``narrow_margin``;
    5. only the favourable end of the band meets it: ``at_risk`` / ``optimistic_only``;
    6. otherwise ``off_track``: ``moving_away`` if the slope is zero or points away from the
       target, else ``too_slow``.

    Example (lower is better): baseline 100, target 80 on day 90, trend through (20, 95) with
    slope -0.375 (-0.539 to -0.164) per day. On day 90 it predicts 95 - 0.375 * 70 = 68.75,
    11.25 below the target with a margin of 2: on track. With target day 50 it predicts 83.75:
    only the favourable end, 95 - 0.539 * 30 = 78.8, meets 80: at risk.
    """
    g = _check_direction(direction)
    base = _finite(baseline, "baseline")
    goal = _finite(target, "target")
    due = _finite(target_day, "target_day")
    today = _finite(today_day, "today_day")
    share = _finite(at_risk_margin, "at_risk_margin")
    if share < 0.0:
        raise ValueError(f"at_risk_margin: must not be negative, got {at_risk_margin!r}")
    planned = g * (goal - base)
    margin = share * max(planned, 0.0)
    passed = today > due
    day = today if passed else due
    mid, low, high = trend.predict(day)

    def result(status: str, reason: str) -> KpiStatus:
        return KpiStatus(status, reason, day, mid, low, high, goal, base, planned, g * (mid - base), margin)

    if not trend.enough_data:
        return result("not_enough_data", "too_few_measurements")
    ahead = g * (mid - goal)
    if passed:
        return result("on_track", "target_met") if ahead >= 0.0 else result("off_track", "target_date_passed")
    if ahead >= margin:
        return result("on_track", "on_course")
    if ahead >= 0.0:
        return result("at_risk", "narrow_margin")
    if max(g * low, g * high) >= g * goal:
        return result("at_risk", "optimistic_only")
    return result("off_track", "moving_away" if g * trend.slope <= 0.0 else "too_slow")


# --------------------------------------------------------------------------------------------
# Cost burn


@dataclass(frozen=True, slots=True)
class BurnStatus:
    """Result of :func:`burn_status`.

    Attributes
    ----------
    months : ndarray of int64
        The months with actual costs, as given (1 = first month of the project).
    cumulative : ndarray
        Actual cost to the end of each of those months.
    band : ndarray, shape (3, len(months))
        The estimate's cumulative P10 / P50 / P90 at the end of each of those months.
    position : tuple of str
        Per month ``"below"`` (under P10), ``"inside"`` (P10 to P90, inclusive) or ``"above"``.
    first_outside, first_above : int or None
        The first month outside the band, and the first above it (None: never).
    spent : float
        Actual cost to date (the last cumulative value).
    planned_total : float
        The estimate's P90 at the end of the plan (the last entry of ``p90``).
    buffer_left : float
        ``planned_total - spent``; negative once the actuals exceed the P90 total.
    """

    months: IntArray
    cumulative: FloatArray
    band: FloatArray
    position: tuple[str, ...]
    first_outside: int | None
    first_above: int | None
    spent: float
    planned_total: float
    buffer_left: float

    @property
    def outside(self) -> bool:
        """Whether the latest month lies outside the band (the page's warning)."""
        return self.position[-1] != "inside"


def burn_status(
    months: Sequence[int] | ArrayLike,
    actual: Sequence[float] | ArrayLike,
    p10: Sequence[float] | ArrayLike,
    p50: Sequence[float] | ArrayLike,
    p90: Sequence[float] | ArrayLike,
) -> BurnStatus:
    """Cumulative actual cost against the estimate's cumulative P10-P90 band.

    ``actual[k]`` is the amount spent in month ``months[k]`` (1 = the project's first month;
    strictly increasing, months without costs may be left out). ``p10``, ``p50``, ``p90`` are
    the estimate's cumulative cost at the end of every month of the plan (index 0 = month 1);
    after the plan's last month the band stays at its final value. Per month the cumulative
    actual is ``below``, ``inside`` (``p10 <= cumulative <= p90``) or ``above`` the band; the
    buffer left is the P90 total (last entry of ``p90``) minus the actual cost to date.

    Example: months 1, 2, 3 with 10, 30, 40 against P10 (10, 30, 50), P90 (20, 50, 70) give
    cumulative 10, 40, 80: inside, inside, above; first outside and first above month 3;
    buffer left 70 - 80 = -10.
    """
    m = as_float_array(months, "months", 1)
    if not (np.all(m == np.floor(m)) and m.min() >= 1.0):
        raise ValueError("months: must be whole month numbers >= 1 (1 = the project's first month)")
    if np.any(np.diff(m) <= 0.0):
        raise ValueError("months: must be strictly increasing")
    amounts = as_float_array(actual, "actual", 1)
    if amounts.shape != m.shape:
        raise ValueError(f"actual: expected {m.shape[0]} amounts (one per month), got {amounts.shape[0]}")
    if not np.isfinite(amounts).all():
        raise ValueError("actual: every amount must be finite")
    lo, mid, hi = (as_float_array(b, name, 1) for b, name in ((p10, "p10"), (p50, "p50"), (p90, "p90")))
    if not (lo.shape == mid.shape == hi.shape):
        raise ValueError("p10, p50, p90: expected one value per month of the plan each, of equal length")
    if not (np.isfinite(lo).all() and np.isfinite(mid).all() and np.isfinite(hi).all()):
        raise ValueError("p10, p50, p90: every value must be finite")
    if np.any(lo > mid) or np.any(mid > hi):
        raise ValueError("p10, p50, p90: need p10 <= p50 <= p90 in every month")
    month_idx = m.astype(np.int64)
    at = np.minimum(month_idx, lo.shape[0]) - 1
    band = np.stack((lo[at], mid[at], hi[at]))
    cumulative = np.cumsum(amounts)
    position = tuple(
        "below" if c < b10 else "above" if c > b90 else "inside"
        for c, b10, b90 in zip(cumulative.tolist(), band[0].tolist(), band[2].tolist(), strict=True)
    )
    first_outside = next((int(mo) for mo, p in zip(month_idx, position, strict=True) if p != "inside"), None)
    first_above = next((int(mo) for mo, p in zip(month_idx, position, strict=True) if p == "above"), None)
    spent = float(cumulative[-1])
    total = float(hi[-1])
    return BurnStatus(month_idx, cumulative, band, position, first_outside, first_above, spent, total, total - spent)


# --------------------------------------------------------------------------------------------
# Realised benefit


@dataclass(frozen=True, slots=True)
class RealisedBenefit:
    """Result of :func:`realised_benefit` (amounts in EUR, the benefit's unit value times volume).

    Attributes
    ----------
    monthly : ndarray, shape (months,)
        Realised benefit in each month between consecutive ``month_edges``.
    to_date : float
        Their sum.
    improvement_now : float
        KPI improvement over the baseline on the last edge, in the KPI's unit (negative if worse).
    yearly_now : float
        The benefit per year at that improvement (``improvement_now * volume_per_unit *
        unit_value``), the measured value for :func:`conditioned_roi`'s ``measured_benefits``.
    """

    monthly: FloatArray
    to_date: float
    improvement_now: float
    yearly_now: float


def planned_volume_per_unit(*, baseline: float, target: float, direction: str, planned_volume: float) -> float:
    """Yearly volume per KPI unit of improvement implied by the plan: volume / (target gap).

    The budget step estimates a benefit line's yearly volume (hours saved, errors avoided,
    conversions; ``likely``) for reaching the KPI's target; if the volume grows in proportion to
    the improvement, each unit of improvement is worth ``planned_volume / g (target -
    baseline)``. Example: baseline 12 minutes per invoice, target 4 (lower), 2,000 hours saved
    per year planned: 2000 / 8 = 250 hours per year per minute.
    """
    g = _check_direction(direction)
    gap = g * (_finite(target, "target") - _finite(baseline, "baseline"))
    volume = _finite(planned_volume, "planned_volume")
    if gap <= 0.0:
        raise ValueError("target: must be better than the baseline to convert the plan's volume")
    return volume / gap


def realised_benefit(
    days: Sequence[float] | ArrayLike,
    values: Sequence[float] | ArrayLike,
    *,
    baseline: float,
    direction: str,
    volume_per_unit: float,
    unit_value: float = 1.0,
    month_edges: Sequence[float] | ArrayLike,
) -> RealisedBenefit:
    r"""The benefit a budget line realised, month by month, from the measured KPI values.

    A benefit line of the budget step is a yearly volume (hours saved, errors avoided,
    conversions) times a unit value (hourly rate, cost per error, margin). Here the volume comes
    from the measurements: the improvement on day t is :math:`d(t) = g\,(y(t) - \text{baseline})`
    (g = -1 for ``"lower"``, +1 for ``"higher"``), linear between measurements, 0 on the first
    month edge unless a measurement lies on or before it, and the last measured value after the
    last measurement. The yearly volume at improvement d is ``d * volume_per_unit`` (see
    :func:`planned_volume_per_unit`), so month k realises

    .. math::  B_k = \text{unit\_value} \cdot \text{volume\_per\_unit} \cdot
               \frac{1}{365.25} \int_{e_k}^{e_{k+1}} d(t)\,dt

    between month edges :math:`e_k` (days on the measurements' scale; the app passes the first
    day of every month since go-live and the day after the last). A worse KPI gives a negative
    benefit. Example: baseline 12 minutes, lower is better, 250 hours per year per minute at
    EUR 50; edges 0, 30, 60 and measurements 10 on day 30 and 8 on day 60: improvements 0, 2, 4,
    so month 1 realises 50 * 250 * (30 * 1) / 365.25 = 1026.69 and month 2 50 * 250 * (30 * 3)
    / 365.25 = 3080.08; the yearly rate now is 50 * 250 * 4 = 50,000.
    """
    g = _check_direction(direction)
    base = _finite(baseline, "baseline")
    per_unit = _finite(volume_per_unit, "volume_per_unit")
    price = _finite(unit_value, "unit_value")
    edges = as_float_array(month_edges, "month_edges", 1)
    if edges.shape[0] < 2 or not np.isfinite(edges).all() or np.any(np.diff(edges) <= 0.0):
        raise ValueError("month_edges: need at least two finite, strictly increasing days")
    x = as_float_array(days, "days", 1)
    y = as_float_array(values, "values", 1)
    if x.shape != y.shape:
        raise ValueError(f"values: expected {x.shape[0]} values (one per day), got {y.shape[0]}")
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise ValueError("days, values: every day and value must be finite")
    # one value per day (the mean of measurements on the same day), in day order
    uniq, inverse = np.unique(x, return_inverse=True)
    mean = np.bincount(inverse, weights=y) / np.bincount(inverse)
    improvement = g * (mean - base)
    if uniq[0] > edges[0]:
        uniq = np.concatenate(([edges[0]], uniq))
        improvement = np.concatenate(([0.0], improvement))
    points = np.union1d(edges, uniq)  # the kinks; area outside the edges is never read
    level = np.interp(points, uniq, improvement)
    area = np.concatenate(([0.0], np.cumsum(np.diff(points) * (level[1:] + level[:-1]) / 2.0)))
    at_edges = area[np.searchsorted(points, edges)]
    scale = per_unit * price
    monthly = np.diff(at_edges) * (scale / DAYS_PER_YEAR)
    now = float(level[-1])
    return RealisedBenefit(monthly, float(monthly.sum()), now, now * scale)


# --------------------------------------------------------------------------------------------
# Conditioned ROI


def _known_series(values: Sequence[float] | ArrayLike, name: str, months: int | None) -> FloatArray:
    """Monthly amounts of the elapsed months (``months`` of them; any number if None)."""
    arr = _vector(values, name)
    if months is not None and arr.shape[0] != months:
        raise ValueError(f"{name}: expected {months} monthly amounts (one per elapsed month), got {arr.shape[0]}")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name}: every amount must be finite")
    return arr


@dataclass(frozen=True, slots=True)
class _Draws:
    """Per simulation: C, R per year, B per year (3, N); B per factor (F, N)."""

    per_simulation: FloatArray
    by_factor: FloatArray
    factors: tuple[BenefitFactor, ...]


def _draw_conditioned(
    inputs: _RoiInputs, buffer: float | tuple[float, float], n_iter: int, gen: np.random.Generator,
    fixed: Mapping[str, float],
) -> _Draws:
    """The draws of ``roi_simulation`` (same calls on the generator), then the measured benefits fixed.

    Every item is drawn from its planned PERT range as before the decision, so the random
    stream, and with it every other item's draw, is the same; a measured benefit's column is
    then overwritten by its measured value (common random numbers).
    """
    items: list[CostCategory | RunningCost | Benefit] = [*inputs.one_off, *inputs.running, *inputs.benefits]
    low, width, alpha, beta = _pert_params(items)
    unit = gen.beta(alpha, beta, size=(n_iter, len(items)))  # (N, k) in [0, 1], as _draw_totals
    fraction = _buffer_fractions(buffer, n_iter, gen)
    # group sums as in _draw_totals; rows: one-off, running per year, benefit per year, per factor
    k1 = len(inputs.one_off)
    k2 = k1 + len(inputs.running)
    factors = tuple(f for f in BenefitFactor if any(bn.factor is f for bn in inputs.benefits))
    groups = np.zeros((3 + len(factors), len(items)))
    groups[0, :k1] = 1.0
    groups[1, k1:k2] = 1.0
    groups[2, k2:] = 1.0
    for g, f in enumerate(factors):
        groups[3 + g, k2:] = [1.0 if bn.factor is f else 0.0 for bn in inputs.benefits]
    sums = (groups * width) @ unit.T  # (G, N)
    sums += (groups @ low)[:, None]
    for offset, bn in enumerate(inputs.benefits):
        if bn.name in fixed:
            col = k2 + offset
            correction = fixed[bn.name] - (low[col] + width[col] * unit[:, col])
            sums[groups[:, col] > 0.0] += correction
    one_off = sums[0]
    one_off *= 1.0 + fraction
    np.maximum(one_off - inputs.reduction, 0.0, out=one_off)
    return _Draws(sums[:3], sums[3:], factors)


def _plan_profiles(inputs: _RoiInputs, t: IntArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """The plan's monthly shares of C, R per year and B per year, as roi_simulation documents them.

    One-off costs evenly over the months before go-live G (all in month 0 if G = 0), running
    costs R/12 from go-live, benefits B s(t - G + 1/2)/12 along the S-curve.
    """
    go_live = inputs.go_live
    months = max(go_live, 1)
    cost = np.where(t < months, 1.0 / months, 0.0)
    running = np.where(t >= go_live, 1.0 / 12.0, 0.0)
    mid_month = t - go_live + 0.5  # float64 (int array + float); numpy's stubs say floating[Any]
    share = np.where(t >= go_live, s_curve(mid_month, inputs.ramp), 0.0)  # type: ignore[arg-type]
    return cost, running, share


def _carried(
    x: FloatArray, cost_plan: FloatArray, running_plan: FloatArray, elapsed: int, paid: float, *, complete: bool,
) -> tuple[FloatArray, FloatArray]:
    """The plan's cost of the elapsed months not yet paid, per simulation (N,), and the month it
    falls due as a profile (H,): month ``elapsed``, or the horizon's last once all has passed."""
    planned_past = x[0] * float(cost_plan[:elapsed].sum()) + x[1] * float(running_plan[:elapsed].sum())
    carried = np.maximum(planned_past - paid, 0.0) * (not complete)
    due = np.zeros(cost_plan.shape[0])
    due[min(elapsed, cost_plan.shape[0] - 1)] = 1.0
    return carried, due


def conditioned_roi(
    costs: Sequence[CostCategory | RunningCost],
    benefits: Sequence[Benefit],
    *,
    horizon_months: int = 36,
    go_live_month: int,
    ramp_months: float,
    discount_rate: float = 0.0,
    buffer: float | tuple[float, float] = 0.0,
    cost_reduction: float = 0.0,
    iterations: int = 10_000,
    rng: np.random.Generator,
    actual_costs: Sequence[float] | ArrayLike = (),
    realised_benefits: Mapping[str, Sequence[float] | ArrayLike] | None = None,
    measured_benefits: Mapping[str, float] | None = None,
    costs_complete: bool = False,
) -> RoiResult:
    r""":func:`~decisioncore.finance.roi_simulation` conditioned on what has been measured.

    The arguments up to ``rng`` are those of the simulation before the decision (the same plan,
    the same seed). "Conditioned" means:

    * **The elapsed months are known.** ``actual_costs[t]`` (t = 0 .. m - 1) is what was paid
      in month t (all cost categories together, net of grants received),
      ``realised_benefits[name][t]`` what benefit ``name`` realised then
      (:func:`realised_benefit`; a benefit left out realised nothing). These replace the
      simulated cash flows of months 0 .. m - 1 in every simulation: the past has no spread.
    * **Measured benefits are fixed.** ``measured_benefits[name]`` replaces the benefit's low /
      likely / high range by one value (EUR per year once ramped up, e.g.
      :attr:`RealisedBenefit.yearly_now` after the ramp-up; negative if the KPI got worse) for
      months m onwards, still along the plan's S-curve. A rate measured before the ramp-up has
      ended is not yet the full benefit: leave such a benefit out (its range stays, its
      realised months still count) or pass the value it is expected to reach.
    * **Everything else stays uncertain** and follows the plan: the one-off costs of months m ..
      G - 1 (their planned share, with the buffer and the grant), the running costs, the
      benefits without a measurement, the ramp-up along the plan's S-curve.
    * **Cost not yet paid is still to come.** Invoices lag behind the work: when the actuals of
      months 0 .. m - 1 add up to less than the plan's cost of those months (in each simulation:
      that run's one-off total times its planned share of the elapsed months, plus its running
      cost of the elapsed months), the difference is carried forward and falls due in month m
      (the last month of the horizon when all of it has passed). So the re-estimate counts at
      least the full expected one-off cost, and actuals that lag behind the plan cannot lift the
      return above what the same costs paid on time give. Actuals above the plan count as they
      are (an overrun is not offset). With ``costs_complete=True`` (the project is closed, or
      stopped: every invoice is in) the actuals are the whole one-off cost: nothing is carried
      forward and no planned one-off cost is added for months m .. G - 1.

    With nothing measured (no actuals, no measured benefits, ``costs_complete`` False) the result
    equals ``roi_simulation`` with an equally seeded generator. Every item is drawn from its planned
    range as before and a measured benefit overwritten afterwards, so the random stream stays
    the same and a measurement moves the result by its effect, not by new noise. ROI is (all
    benefits - all costs) / all costs over the horizon, undiscounted, known months included;
    NPV and payback use the cumulative discounted flow including the known months.
    ``benefit_by_factor`` includes the realised amounts.

    Worked example (``tests/core/test_results.py``): one-off 12,000 planned evenly over months
    0-2 (go-live month 3, no ramp-up, no running cost), benefit measured at 24,000 a year, five
    months elapsed with 3,000, 3,000, 2,000, 0, 0 paid and 1,000 realised in months 3 and 4.
    The plan's cost of months 0-4 is 12,000, 8,000 is paid, so 4,000 falls due in month 5:
    costs 12,000, benefits 2,000 + 7 x 2,000 = 16,000, ROI 4,000 / 12,000 = 33 % (without the
    carried 4,000 it would read 8,000 / 8,000 = 100 %, above the plan's 87.5 % with a benefit of
    30,000 a year, although the measured benefit is below the plan).
    """
    gen = _check_rng(rng)
    n_iter = _check_iterations(iterations)
    inputs = _check_roi_inputs(
        costs, benefits, horizon_months=horizon_months, go_live_month=go_live_month, ramp_months=ramp_months,
        discount_rate=discount_rate, cost_reduction=cost_reduction,
    )
    names = {bn.name for bn in inputs.benefits}
    measured = dict(measured_benefits or {})
    realised_in = dict(realised_benefits or {})
    for label, given in (("measured_benefits", measured), ("realised_benefits", realised_in)):
        for name in given:
            if name not in names:
                raise ValueError(f"{label}: no benefit named {name!r}")
    fixed = {name: _finite(v, f"measured_benefits[{name!r}]") for name, v in measured.items()}
    horizon = inputs.horizon
    past_cost = _known_series(actual_costs, "actual_costs", None)
    elapsed = int(past_cost.shape[0])
    if elapsed > horizon:
        raise ValueError(f"actual_costs: {elapsed} months is beyond the horizon of {horizon} months")
    realised = {name: _known_series(v, f"realised_benefits[{name!r}]", elapsed) for name, v in realised_in.items()}

    draws = _draw_conditioned(inputs, buffer, n_iter, gen, fixed)
    x = draws.per_simulation
    t = np.arange(horizon)
    cost_plan, running_plan, share_plan = _plan_profiles(inputs, t)
    future = t >= elapsed
    discount = (1.0 + inputs.rate) ** (-(t + 1.0) / 12.0)
    cost_p = np.where(future & (not costs_complete), cost_plan, 0.0)
    running_p = np.where(future, running_plan, 0.0)
    share_p = np.where(future, share_plan, 0.0)
    known_benefit = np.zeros(horizon)
    for series in realised.values():
        known_benefit[:elapsed] += series
    known = known_benefit.copy()
    known[:elapsed] -= past_cost
    paid = float(past_cost.sum())
    carried, due = _carried(x, cost_plan, running_plan, elapsed, paid, complete=costs_complete)
    # (5, H): one-off, running, benefit, the known flow (the same in every run), the carried cost
    flows = np.stack((-cost_p, -running_p, share_p / 12.0, known, -due))
    cum_profiles = np.cumsum(flows * discount, axis=1)
    x5 = np.vstack((x, np.ones((1, n_iter)), carried[None, :]))
    share_years = float(share_p.sum() / 12.0)
    total_cost = x[0] * float(cost_p.sum()) + x[1] * float(running_p.sum()) + paid + carried
    gain = x[2] * share_years + float(known_benefit.sum()) - total_cost
    realised_by_factor = np.array(
        [sum(float(realised[bn.name].sum()) for bn in inputs.benefits if bn.factor is f and bn.name in realised)
         for f in draws.factors]
    )
    return _roi_result(
        cum=cum_profiles.T @ x5,  # (H, N)
        cum_profiles=cum_profiles, x=x5, roi=_roi_ratio(gain, total_cost), horizon=horizon,
        cumulative_mean=cum_profiles.T @ x5.mean(axis=1),
        monthly_benefit_share=share_plan,
        factors=tuple(f.value for f in draws.factors),
        factor_amounts=draws.by_factor * share_years + realised_by_factor[:, None],
        iterations=n_iter,
    )


# --------------------------------------------------------------------------------------------
# Percentile of a realised figure


def percentile_of(
    value: float,
    distribution: Sequence[float] | ArrayLike,
    *,
    levels: Sequence[float] | None = None,
) -> float:
    """Where ``value`` falls in a simulated distribution, as a percentile (0-100).

    Without ``levels``, ``distribution`` holds the simulated values (for example
    :attr:`RoiResult.payback_months`, whose NaN means "no payback within the horizon" and counts
    as larger than any value); the result is the mid-rank percentile ``100 * (below + equal /
    2) / n``, so a value above every draw is 100, below every draw 0, and the median of
    distinct draws 50. Example: 7 among the draws 4, 6, 7, 9, NaN gives 100 * (2 + 0.5) / 5 =
    50.

    With ``levels`` (e.g. ``(10, 50, 90)``), ``distribution`` holds the quantiles at those
    levels (the stored P10 / P50 / P90) and the percentile is interpolated linearly between
    them, held at the first / last level outside (a value under P10 reports 10: "at or below
    the 10th percentile"); a value equal to several equal quantiles gets the middle of their
    levels. Next to an infinite quantile (a payback percentile beyond the horizon) there is
    nothing to interpolate: a value above the last finite quantile reports that one's level, a
    lower bound (below the first finite one after -inf quantiles: its level, an upper bound).
    Example: 14 against P10 = 10, P50 = 18, P90 = 30 gives
    10 + 40 * 4 / 8 = 30.
    """
    v = _finite(value, "value")
    if levels is None:
        draws = as_float_array(distribution, "distribution", 1)
        below = np.count_nonzero(draws < v)  # NaN compares false both ways: it counts as above
        equal = np.count_nonzero(draws == v)
        return 100.0 * (below + 0.5 * equal) / draws.shape[0]
    q = as_float_array(distribution, "distribution", 1)
    lv = as_float_array(levels, "levels", 1)
    if q.shape != lv.shape:
        raise ValueError(f"levels: expected one level per quantile ({q.shape[0]}), got {lv.shape[0]}")
    if not (np.isfinite(lv).all() and lv.min() >= 0.0 and lv.max() <= 100.0 and np.all(np.diff(lv) > 0.0)):
        raise ValueError("levels: must be strictly increasing percentages between 0 and 100")
    if np.isnan(q).any() or np.any(q[1:] < q[:-1]):
        raise ValueError("distribution: the quantiles must be non-decreasing (inf allowed, NaN not)")
    return _between_quantiles(v, q, lv)


def _between_quantiles(v: float, q: FloatArray, lv: FloatArray) -> float:
    """The level of ``v`` interpolated between the quantiles ``q`` at levels ``lv``."""
    equal = q == v
    if equal.any():  # equal quantiles (P10 = P50): anywhere between their levels
        return float(lv[equal].min() + lv[equal].max()) / 2.0
    j = int(np.searchsorted(q, v))  # quantiles below the value
    if j == 0:
        return float(lv[0])
    if j == q.shape[0]:
        return float(lv[-1])
    if q[j] == math.inf:  # beyond the last finite quantile: its level is a lower bound
        return float(lv[j - 1])
    if q[j - 1] == -math.inf:
        return float(lv[j])
    return float(lv[j - 1] + (v - q[j - 1]) * (lv[j] - lv[j - 1]) / (q[j] - q[j - 1]))
