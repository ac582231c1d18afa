"""Cost estimate and ROI simulation (Monte Carlo with beta-PERT inputs)."""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

    FloatArray = NDArray[np.float64]
    IntArray = NDArray[np.int64]

__all__ = [
    "PERCENTILES",
    "Benefit",
    "BenefitFactor",
    "CostCategory",
    "CostEstimate",
    "RoiResult",
    "RunningCost",
    "cost_estimate",
    "pert_sample",
    "roi_simulation",
    "s_curve",
]

#: The percentiles reported everywhere (P10, P50, P90).
PERCENTILES: tuple[float, float, float] = (10.0, 50.0, 90.0)
_PERT_LAMBDA = 4.0


def _check_range(kind: str, name: str, low: float, likely: float, high: float) -> None:
    label = f"{kind} {name!r}"
    for field, value in (("low", low), ("likely", likely), ("high", high)):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise ValueError(f"{label}: {field} must be a number, got {value!r}")
        if not math.isfinite(value):
            raise ValueError(f"{label}: {field} must be finite, got {value!r}")
        if value < 0:
            raise ValueError(f"{label}: {field} must not be negative, got {value!r}")
    if not low <= likely <= high:
        raise ValueError(f"{label}: need low <= likely <= high, got low={low!r}, likely={likely!r}, high={high!r}")


@dataclass(frozen=True, slots=True)
class CostCategory:
    """A one-off cost category (EUR), estimated as low / most likely / high.

    Example: ``CostCategory("Data preparation and integration", 30_000, 45_000, 70_000)``.
    """

    name: str
    low: float
    likely: float
    high: float

    def __post_init__(self) -> None:
        _check_range("CostCategory", self.name, self.low, self.likely, self.high)


@dataclass(frozen=True, slots=True)
class RunningCost:
    """A recurring cost after go-live, in EUR **per year** (low / likely / high)."""

    name: str
    low: float
    likely: float
    high: float

    def __post_init__(self) -> None:
        _check_range("RunningCost", self.name, self.low, self.likely, self.high)


class BenefitFactor(enum.StrEnum):
    """The benefit factors of the guide's ROI model."""

    COST_SAVINGS = "cost_savings"
    PRODUCTIVITY = "productivity"
    REVENUE = "revenue"
    STRATEGIC = "strategic"
    RISK_REDUCTION = "risk_reduction"


@dataclass(frozen=True, slots=True)
class Benefit:
    """A benefit in EUR **per year once fully ramped up** (low / likely / high).

    ``factor`` is a :class:`BenefitFactor` or its string value
    (``"cost_savings"``, ``"productivity"``, ``"revenue"``, ``"strategic"``,
    ``"risk_reduction"``).
    """

    name: str
    factor: BenefitFactor
    low: float
    likely: float
    high: float

    def __post_init__(self) -> None:
        try:
            factor = BenefitFactor(self.factor)
        except ValueError:
            allowed = ", ".join(f.value for f in BenefitFactor)
            raise ValueError(f"Benefit {self.name!r}: factor must be one of {allowed}, got {self.factor!r}") from None
        object.__setattr__(self, "factor", factor)
        _check_range("Benefit", self.name, self.low, self.likely, self.high)


def _check_rng(rng: object) -> np.random.Generator:
    if not isinstance(rng, np.random.Generator):
        raise ValueError("rng: expected a numpy.random.Generator (numpy.random.default_rng(seed))")
    return rng


def _check_iterations(iterations: object) -> int:
    if isinstance(iterations, bool) or not isinstance(iterations, (int, np.integer)) or iterations < 1:
        raise ValueError(f"iterations: must be a positive integer, got {iterations!r}")
    return int(iterations)


def _pert_params(
    items: Sequence[CostCategory | RunningCost | Benefit],
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    low = np.array([float(i.low) for i in items])
    likely = np.array([float(i.likely) for i in items])
    high = np.array([float(i.high) for i in items])
    width = high - low
    # a constant item (width 0) gets alpha = beta = 1; its draws are low whatever they are
    safe = np.where(width > 0.0, width, 1.0)
    alpha = 1.0 + _PERT_LAMBDA * (likely - low) / safe
    beta = 1.0 + _PERT_LAMBDA * (high - likely) / safe
    return low, width, alpha, beta


def pert_sample(
    items: Sequence[CostCategory | RunningCost | Benefit], size: int, rng: np.random.Generator
) -> FloatArray:
    r"""Draw ``size`` samples of every item from its beta-PERT distribution.

    .. math::  X = a + (b - a)\,Y, \quad Y \sim \mathrm{Beta}\Big(1 + 4\frac{c - a}{b - a},\;
               1 + 4\frac{b - c}{b - a}\Big)

    with low a, most likely c and high b (mean :math:`(a + 4c + b)/6`).  An
    item with a = b is constant.  Returns an array of shape (size, len(items)).

    References
    ----------
    Malcolm, D. G., Roseboom, J. H., Clark, C. E., & Fazar, W. (1959).
    Application of a technique for research and development program
    evaluation. *Operations Research* 7(5), 646-669.
    Vose, D. (2008). *Risk Analysis: A Quantitative Guide*, 3rd ed., Wiley,
    sec. 9.1.4 (PERT distribution).
    """
    low, width, alpha, beta = _pert_params(items)
    y = rng.beta(alpha, beta, size=(size, len(items)))
    y *= width
    y += low
    return y


def _quantiles(a: FloatArray, axis: int = -1) -> FloatArray:
    """P10/P50/P90 along ``axis`` (numpy's default linear interpolation)."""
    q: FloatArray = np.quantile(a, np.asarray(PERCENTILES) / 100.0, axis=axis)
    return q


def _row_quantiles(work: FloatArray) -> FloatArray:
    """P10/P50/P90 of every row of ``work``, shape (3, rows).

    Same values as ``np.quantile(work, [.1, .5, .9], axis=1)`` (linear
    interpolation between order statistics), but by three in-place
    single-pivot partitions (median first, then each half), which is several
    times faster than numpy's multi-pivot partition.  **Reorders** ``work``.
    """
    n = work.shape[1]
    if n < 8:
        return _quantiles(work)
    pos = np.asarray(PERCENTILES) / 100.0 * (n - 1)
    k10, k50, k90 = (int(p) for p in np.floor(pos))
    # partitions along each row (the last axis); from n = 8 on, k10 + 1 < k50 and k90 + 1 < n
    work.partition(k50)
    lower = work[:, :k50]
    lower.partition(k10)
    upper = work[:, k50 + 1 :]
    upper.partition(k90 - k50 - 1)
    out = np.empty((3, work.shape[0]))
    # the next order statistic is the minimum of what lies above the pivot
    nxt10 = lower[:, k10 + 1 :].min(axis=1)
    nxt50 = upper.min(axis=1)
    nxt90 = upper[:, k90 - k50 :].min(axis=1)
    for i, (k, base, nxt) in enumerate(
        ((k10, work[:, k10], nxt10), (k50, work[:, k50], nxt50), (k90, work[:, k90], nxt90))
    ):
        f = float(pos[i]) - k
        # at f = 0 the order statistic itself, even next to an infinite value (base + 0 * inf is NaN)
        out[i] = base if f == 0.0 else base * (1.0 - f) + nxt * f
    return out


def _buffer_fractions(buffer: float | tuple[float, float], size: int, rng: np.random.Generator) -> FloatArray | float:
    if isinstance(buffer, tuple):
        if len(buffer) != 2:
            raise ValueError("buffer: expected a fraction or a (low, high) pair of fractions")
        lo, hi = (float(v) for v in buffer)
        if not (math.isfinite(lo) and math.isfinite(hi) and 0.0 <= lo <= hi):
            raise ValueError(f"buffer: need 0 <= low <= high, got {buffer!r}")
        if lo == hi:
            return lo
        out: FloatArray = rng.uniform(lo, hi, size)
        return out
    value = float(buffer)
    if not (math.isfinite(value) and value >= 0.0):
        raise ValueError(f"buffer: must be a finite fraction >= 0 (0.2 = 20 %), got {buffer!r}")
    return value


@dataclass(frozen=True, slots=True)
class CostEstimate:
    """Result of :func:`cost_estimate`; every ``(..., 3)`` array holds P10, P50, P90.

    Attributes
    ----------
    category_names : tuple of str
    categories : ndarray, shape (k, 3)
        One-off cost per category.
    one_off : ndarray, shape (3,)
        Sum of the one-off categories, before buffer.
    buffer : ndarray, shape (3,)
        Buffer amount (fraction x one-off sum).
    one_off_total : ndarray, shape (3,)
        One-off costs including buffer.
    running_names : tuple of str
    running : ndarray, shape (r, 3)
        Running cost per item and year.
    running_per_year : ndarray, shape (3,)
    total : ndarray, shape (3,)
        One-off incl. buffer plus ``running_years`` years of running costs.
    mean_total : float
    running_years : float
    iterations : int
    """

    category_names: tuple[str, ...]
    categories: FloatArray
    one_off: FloatArray
    buffer: FloatArray
    one_off_total: FloatArray
    running_names: tuple[str, ...]
    running: FloatArray
    running_per_year: FloatArray
    total: FloatArray
    mean_total: float
    running_years: float
    iterations: int


def cost_estimate(
    categories: Sequence[CostCategory],
    *,
    buffer: float | tuple[float, float] = 0.0,
    running: Sequence[RunningCost] = (),
    running_years: float = 3.0,
    iterations: int = 10_000,
    rng: np.random.Generator,
) -> CostEstimate:
    r"""Monte Carlo cost estimate from low / likely / high estimates.

    Each category and running cost is drawn independently from its beta-PERT
    distribution (:func:`pert_sample`).  Per simulation

    .. math::  \text{one-off} = (1 + f) \sum_k X_k, \qquad
               \text{total} = \text{one-off} + Y \sum_r R_r,

    with buffer fraction f (fixed, or uniform on a (low, high) range, e.g.
    ``(0.2, 0.3)`` as the guide recommends for a first project) and Y =
    ``running_years``.  Percentiles of sums are taken from the simulated sums,
    not added up.  Independence between categories is assumed, which narrows
    the total's band compared with correlated overruns.

    References
    ----------
    Vose, D. (2008). *Risk Analysis: A Quantitative Guide*, 3rd ed., Wiley,
    ch. 9 and 19 (cost risk).
    """
    gen = _check_rng(rng)
    n_iter = _check_iterations(iterations)
    cats = list(categories)
    runs = list(running)
    if not cats:
        raise ValueError("categories: need at least one cost category")
    for i, c in enumerate(cats):
        if not isinstance(c, CostCategory):
            raise ValueError(f"categories[{i}]: expected a CostCategory, got {type(c).__name__}")
    for i, r in enumerate(runs):
        if not isinstance(r, RunningCost):
            raise ValueError(f"running[{i}]: expected a RunningCost, got {type(r).__name__}")
    years = float(running_years)
    if not (math.isfinite(years) and years >= 0.0):
        raise ValueError(f"running_years: must be a finite number >= 0, got {running_years!r}")
    draws = pert_sample([*cats, *runs], n_iter, gen)
    fraction = _buffer_fractions(buffer, n_iter, gen)
    k = len(cats)
    one_off = draws[:, :k].sum(axis=1)
    buf = one_off * fraction
    one_off_total = one_off + buf
    per_year = draws[:, k:].sum(axis=1)  # zeros without running costs
    total = one_off_total + years * per_year
    return CostEstimate(
        category_names=tuple(c.name for c in cats),
        categories=_quantiles(draws[:, :k], axis=0).T.copy(),
        one_off=_quantiles(one_off),
        buffer=_quantiles(np.broadcast_to(buf, (n_iter,))),
        one_off_total=_quantiles(one_off_total),
        running_names=tuple(r.name for r in runs),
        running=_quantiles(draws[:, k:], axis=0).T.copy(),  # shape (0, 3) without running costs
        running_per_year=_quantiles(per_year),
        total=_quantiles(total),
        mean_total=float(total.mean()),
        running_years=years,
        iterations=n_iter,
    )


def s_curve(months_since_go_live: FloatArray, ramp_months: float) -> FloatArray:
    r"""Share of the full benefit reached, a logistic S-curve from 0 to 1.

    .. math::  L(\tau) = \frac{1}{1 + e^{-k(\tau - R/2)}}, \quad k = \frac{2\ln 99}{R},
       \qquad s(\tau) = \frac{L(\tau) - L(0)}{L(R) - L(0)} \text{ clipped to } [0, 1]

    so that :math:`s(0) = 0`, :math:`s(R/2) = 1/2` and :math:`s(R) = 1` for
    ramp-up time R (the logistic itself runs from 1 % to 99 % over the ramp);
    :math:`s = 0` before go-live and a step at go-live if R = 0.

    References
    ----------
    Rogers, E. M. (2003). *Diffusion of Innovations*, 5th ed., Free Press
    (S-shaped adoption curve); the guide: "benefit grows after a learning
    curve and several optimisation cycles".
    """
    tau = np.asarray(months_since_go_live)
    if ramp_months <= 0.0:
        return np.where(tau > 0.0, 1.0, 0.0)
    k = 2.0 * math.log(99.0) / ramp_months
    start = 1.0 / (1.0 + math.exp(k * ramp_months / 2.0))
    end = 1.0 - start
    logistic = 1.0 / (1.0 + np.exp(-k * (tau - ramp_months / 2.0)))
    out: FloatArray = np.minimum((logistic - start) / (end - start), 1.0)  # >= 0 from tau = 0 on
    out[tau <= 0.0] = 0.0
    return out


@dataclass(frozen=True, slots=True)
class RoiResult:
    """Result of :func:`roi_simulation`; ``(..., 3)`` arrays hold P10, P50, P90.

    Attributes
    ----------
    horizon_months : int
    payback_months : ndarray of float64, shape (iterations,)
        Per simulation, the month (counted from the project start, 1 = end of
        the first month) from which the cumulative (discounted, if a
        discount rate is given) cash flow stays non-negative; 0 if it never
        goes negative; **NaN if not within the horizon**.
    no_payback_probability : float
        Share of simulations without payback within the horizon.
    payback : ndarray, shape (3,)
        Percentiles of the payback month; ``inf`` where that percentile lies
        beyond the horizon.
    payback_counts : ndarray of int64, shape (horizon_months + 2,)
        Histogram: index p counts simulations with payback in month p
        (p = 0 .. horizon); the last entry counts "no payback".
    roi : ndarray, shape (3,)
        ROI at the horizon, (benefits - costs) / costs, undiscounted
        (NaN in simulations without any cost).
    npv : ndarray, shape (3,)
        Net present value at the horizon (cumulative discounted cash flow).
    roi_mean, npv_mean : float
    cumulative_band : ndarray, shape (3, horizon_months)
        P10 / P50 / P90 of the cumulative cash flow at the end of each month.
    cumulative_mean : ndarray, shape (horizon_months,)
    monthly_benefit_share : ndarray, shape (horizon_months,)
        The S-curve: share of the full benefit reached in each month.
    factors : tuple of str
        Benefit factors present, in :class:`BenefitFactor` order.
    benefit_by_factor : ndarray, shape (len(factors), 3)
        Undiscounted benefit over the horizon per factor.
    benefit_share_by_factor : ndarray, shape (len(factors),)
        Share of the expected total benefit per factor.
    iterations : int
    """

    horizon_months: int
    payback_months: FloatArray
    no_payback_probability: float
    payback: FloatArray
    payback_counts: IntArray
    roi: FloatArray
    npv: FloatArray
    roi_mean: float
    npv_mean: float
    cumulative_band: FloatArray
    cumulative_mean: FloatArray
    monthly_benefit_share: FloatArray
    factors: tuple[str, ...]
    benefit_by_factor: FloatArray
    benefit_share_by_factor: FloatArray
    iterations: int


def _check_month(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name}: must be a number of months, got {value!r}")
    v = float(value)
    if not math.isfinite(v) or v < 0.0:
        raise ValueError(f"{name}: must be a finite number of months >= 0, got {value!r}")
    return v


def roi_simulation(
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
) -> RoiResult:
    r"""Monte Carlo ROI, NPV and payback of an AI project, month by month.

    Inputs are drawn from beta-PERT distributions (:func:`pert_sample`).
    Month t = 0, 1, ..., H - 1 (cash flows at the end of each month):

    * one-off costs :math:`C` (``CostCategory`` items, times 1 + buffer) are
      spent evenly over the months before go-live month G (all in month 0 if
      G = 0);
    * running costs :math:`R` (``RunningCost`` items, per year) accrue at
      R/12 per month from go-live;
    * benefits :math:`B` (per year once ramped up) accrue at
      :math:`B\, s(t - G + \tfrac12)/12` with the S-curve :func:`s_curve`
      evaluated at mid-month.

    The net flow :math:`F_t` is discounted at the monthly rate
    :math:`(1 + r)^{1/12} - 1` for annual rate r: :math:`D_t = (1 + r)^{-(t+1)/12}`.
    Per simulation: NPV :math:`= \sum_t F_t D_t`; ROI
    :math:`= (\sum_t \text{benefit}_t - \sum_t \text{cost}_t) / \sum_t \text{cost}_t`
    (undiscounted, over the horizon); payback month = first month from which
    the cumulative discounted flow stays :math:`\ge 0`.

    The steps: check the inputs (:func:`_check_roi_inputs`); draw C, R and B
    of every simulation (:func:`_draw_totals`); build the monthly profiles
    per unit of C, R and B (:func:`_monthly_profiles`).  Because every draw
    enters linearly, the cumulative cash flows of all simulations are then
    one matrix product of the 3 cumulative profiles with the (3 x
    iterations) draws; ROI (:func:`_roi`), payback (:func:`_payback_months`)
    and the percentiles follow from those.

    Parameters
    ----------
    costs : sequence of CostCategory and RunningCost
    benefits : sequence of Benefit
    horizon_months : int, default 36
    go_live_month : int
        Month index at which the solution goes live (0 = immediately).
    ramp_months : float
        Months from go-live until the full benefit is reached (0 = at once).
    discount_rate : float, default 0
        Annual discount rate (0.08 = 8 %).
    buffer : float or (low, high)
        Budget buffer on the one-off costs, as for :func:`cost_estimate`.
    cost_reduction : float, default 0
        A fixed amount (EUR) taken off the one-off costs after the buffer, such
        as an expected grant; the one-off costs never drop below zero.
    iterations : int
    rng : numpy.random.Generator

    References
    ----------
    Brealey, R. A., Myers, S. C., & Allen, F. (2020). *Principles of
    Corporate Finance*, 13th ed., McGraw-Hill, ch. 2 and 5 (NPV, payback).
    Vose, D. (2008). *Risk Analysis: A Quantitative Guide*, 3rd ed., Wiley.
    """
    gen = _check_rng(rng)
    n_iter = _check_iterations(iterations)
    inputs = _check_roi_inputs(
        costs,
        benefits,
        horizon_months=horizon_months,
        go_live_month=go_live_month,
        ramp_months=ramp_months,
        discount_rate=discount_rate,
        cost_reduction=cost_reduction,
    )
    totals = _draw_totals(inputs, buffer, n_iter, gen)
    profiles = _monthly_profiles(inputs)
    x = totals.per_simulation
    return _roi_result(
        cum=profiles.cumulative.T @ x,  # (H, N), one contiguous row per month
        cum_profiles=profiles.cumulative, x=x, roi=_roi(x, profiles), horizon=inputs.horizon,
        cumulative_mean=profiles.cumulative.T @ x.mean(axis=1),  # linear, so exact
        monthly_benefit_share=profiles.benefit_share,
        factors=tuple(f.value for f in totals.factors),
        factor_amounts=totals.by_factor * profiles.benefit_share_sum,  # (F, N), over the horizon
        iterations=n_iter,
    )


@dataclass(frozen=True, slots=True)
class _RoiInputs:
    """The checked arguments of :func:`roi_simulation`."""

    horizon: int
    go_live: int
    ramp: float
    rate: float
    reduction: float
    one_off: list[CostCategory]
    running: list[RunningCost]
    benefits: list[Benefit]


def _check_roi_inputs(
    costs: Sequence[CostCategory | RunningCost],
    benefits: Sequence[Benefit],
    *,
    horizon_months: object,
    go_live_month: object,
    ramp_months: object,
    discount_rate: float,
    cost_reduction: object,
) -> _RoiInputs:
    horizon, go_live = _check_timeline(horizon_months, go_live_month)
    ramp = _check_month(ramp_months, "ramp_months")
    if isinstance(cost_reduction, bool) or not isinstance(cost_reduction, (int, float, np.integer, np.floating)):
        raise ValueError(f"cost_reduction: must be an amount >= 0, got {cost_reduction!r}")
    reduction = float(cost_reduction)
    if not (math.isfinite(reduction) and reduction >= 0.0):
        raise ValueError(f"cost_reduction: must be a finite amount >= 0, got {cost_reduction!r}")
    rate = float(discount_rate)
    if not (math.isfinite(rate) and rate > -1.0):
        raise ValueError(f"discount_rate: must be a finite annual rate > -1, got {discount_rate!r}")
    for i, c in enumerate(costs):
        if not isinstance(c, (CostCategory, RunningCost)):
            raise ValueError(f"costs[{i}]: expected a CostCategory or RunningCost, got {type(c).__name__}")
    bens = list(benefits)
    for i, bn in enumerate(bens):
        if not isinstance(bn, Benefit):
            raise ValueError(f"benefits[{i}]: expected a Benefit, got {type(bn).__name__}")
    if not costs:
        raise ValueError("costs: need at least one CostCategory or RunningCost")
    if not bens:
        raise ValueError("benefits: need at least one Benefit")
    return _RoiInputs(
        horizon=horizon,
        go_live=go_live,
        ramp=ramp,
        rate=rate,
        reduction=reduction,
        one_off=[c for c in costs if isinstance(c, CostCategory)],
        running=[c for c in costs if isinstance(c, RunningCost)],
        benefits=bens,
    )


def _check_timeline(horizon_months: object, go_live_month: object) -> tuple[int, int]:
    """Horizon (1 .. 1200 months) and go-live month index (0 .. horizon - 1)."""
    if isinstance(horizon_months, bool) or not isinstance(horizon_months, (int, np.integer)):
        raise ValueError(f"horizon_months: must be a whole number of months, got {horizon_months!r}")
    horizon = int(horizon_months)
    if not 1 <= horizon <= 1200:
        raise ValueError(f"horizon_months: must be between 1 and 1200, got {horizon_months!r}")
    if isinstance(go_live_month, bool) or not isinstance(go_live_month, (int, np.integer)):
        raise ValueError(f"go_live_month: must be a whole month index, got {go_live_month!r}")
    go_live = int(go_live_month)
    if not 0 <= go_live < horizon:
        raise ValueError(f"go_live_month: must be within the horizon (0 .. {horizon - 1}), got {go_live_month!r}")
    return horizon, go_live


@dataclass(frozen=True, slots=True)
class _Totals:
    """Drawn totals, one column per simulation.

    ``per_simulation`` (3, N): one-off costs C (after buffer and reduction),
    running costs R per year, benefits B per year once ramped up;
    ``by_factor`` (F, N): B split by the benefit factors present, ``factors``.
    """

    per_simulation: FloatArray
    by_factor: FloatArray
    factors: tuple[BenefitFactor, ...]


def _draw_totals(
    inputs: _RoiInputs, buffer: float | tuple[float, float], n_iter: int, gen: np.random.Generator
) -> _Totals:
    """All PERT items in one draw, then the buffer; group sums straight from the unit draws."""
    items: list[CostCategory | RunningCost | Benefit] = [*inputs.one_off, *inputs.running, *inputs.benefits]
    low, width, alpha, beta = _pert_params(items)
    unit = gen.beta(alpha, beta, size=(n_iter, len(items)))  # (N, k) in [0, 1]
    fraction = _buffer_fractions(buffer, n_iter, gen)
    # sum_i (low_i + width_i y_i) per group; rows: one-off, running per year,
    # benefit per year, then one per factor
    k1 = len(inputs.one_off)
    k2 = k1 + len(inputs.running)
    factors = tuple(f for f in BenefitFactor if any(bn.factor is f for bn in inputs.benefits))
    groups = np.zeros((3 + len(factors), len(items)))
    groups[0, :k1] = 1.0
    groups[1, k1:k2] = 1.0
    groups[2, k2:] = 1.0
    for g, f in enumerate(factors):
        groups[3 + g, k2:] = [1.0 if bn.factor is f else 0.0 for bn in inputs.benefits]
    sums = (groups * width) @ unit.T  # (G, N), contiguous rows
    sums += (groups @ low)[:, None]
    one_off = sums[0]
    one_off *= 1.0 + fraction
    np.maximum(one_off - inputs.reduction, 0.0, out=one_off)
    return _Totals(sums[:3], sums[3:], factors)


@dataclass(frozen=True, slots=True)
class _Profiles:
    """Monthly shares (H,) of R/year and B/year, and the cumulative discounted flows (3, H) per unit of C,
    R/year and B/year."""

    running: FloatArray
    benefit_share: FloatArray
    cumulative: FloatArray

    @property
    def benefit_share_sum(self) -> float:
        """Years of full benefit within the horizon (sum of the monthly S-curve / 12)."""
        return float((self.benefit_share / 12.0).sum())


def _monthly_profiles(inputs: _RoiInputs) -> _Profiles:
    horizon, go_live = inputs.horizon, inputs.go_live
    t = np.arange(float(horizon))  # float64
    cost = np.zeros(horizon)
    if go_live == 0:
        cost[0] = 1.0
    else:
        cost[:go_live] = 1.0 / go_live
    running = np.where(t >= go_live, 1.0 / 12.0, 0.0)
    share = s_curve(t - go_live + 0.5, inputs.ramp)  # 0 before go-live (tau <= -1/2)
    discount = (1.0 + inputs.rate) ** (-(t + 1.0) / 12.0)
    flows = np.stack((-cost, -running, share / 12.0))  # (3, H)
    return _Profiles(running, share, np.cumsum(flows * discount, axis=1))


def _roi(x: FloatArray, profiles: _Profiles) -> FloatArray:
    """(benefits - costs) / costs over the horizon, undiscounted; NaN without any cost.

    The one-off costs are spent in full before go-live, which lies within the horizon.
    """
    total_cost = x[0] + x[1] * float(profiles.running.sum())
    return _roi_ratio(x[2] * profiles.benefit_share_sum - total_cost, total_cost)


def _roi_ratio(gain: FloatArray, total_cost: FloatArray) -> FloatArray:
    """gain / total cost per simulation; NaN where nothing was spent."""
    roi: FloatArray = np.full(total_cost.shape, np.nan)
    np.divide(gain, total_cost, out=roi, where=total_cost > 0.0)
    return roi


def _roi_result(
    *, cum: FloatArray, cum_profiles: FloatArray, x: FloatArray, roi: FloatArray, horizon: int,
    cumulative_mean: FloatArray, monthly_benefit_share: FloatArray, factors: tuple[str, ...],
    factor_amounts: FloatArray, iterations: int,
) -> RoiResult:
    """The :class:`RoiResult` of simulated cumulative flows: payback, ROI, NPV and the band.

    One loop for the plan (:func:`roi_simulation`) and the project under way
    (``results.roi_under_way``): ``cum`` is (H, N) ``cum_profiles.T @ x`` and is reordered
    here; ``roi`` per simulation; ``factor_amounts`` (F, N) the benefit per factor.
    """
    payback, counts = _payback_months(cum, cum_profiles, x)
    roi_q, roi_mean = _mean_and_quantiles(roi)
    npv_q = _row_quantiles(cum[-1:].copy())[:, 0]
    npv_mean = float(cum[-1].mean())
    band = _row_quantiles(cum)  # reorders cum; not used afterwards
    factor_mean = factor_amounts.mean(axis=1)
    total_mean = float(factor_mean.sum())
    return RoiResult(
        horizon_months=horizon,
        payback_months=payback,
        no_payback_probability=float(counts[horizon + 1] / iterations),
        payback=_quantiles_from_counts(counts, horizon),
        payback_counts=counts,
        roi=roi_q,
        npv=npv_q,
        roi_mean=roi_mean,
        npv_mean=npv_mean,
        cumulative_band=band,
        cumulative_mean=cumulative_mean,
        monthly_benefit_share=monthly_benefit_share,
        factors=factors,
        benefit_by_factor=_row_quantiles(factor_amounts).T.copy(),
        benefit_share_by_factor=factor_mean / total_mean if total_mean > 0.0 else np.zeros_like(factor_mean),
        iterations=iterations,
    )


def _payback_months(cum: FloatArray, cum_profiles: FloatArray, x: FloatArray) -> tuple[FloatArray, IntArray]:
    """Payback month per simulation (NaN if none) and the histogram of :attr:`RoiResult.payback_counts`.

    Payback is one month after the last month with a negative cumulative
    flow; "negative" allows for rounding (1e-9 of the largest possible flow).
    Never negative at all counts as month 0; negative at the end as no payback
    (bin horizon + 1).
    """
    horizon = cum.shape[0]
    tol = 1e-9 * float(np.abs(cum_profiles).max()) * float(np.abs(x).max())
    negative = cum < -tol
    trailing_ok = np.argmax(negative[::-1], axis=0)  # months >= 0 at the end
    trailing_ok[~negative.any(axis=0)] = horizon
    month = horizon + 1 - trailing_ok
    month[trailing_ok == horizon] = 0
    counts = np.bincount(month, minlength=horizon + 2)
    payback: FloatArray = np.where(trailing_ok == 0, np.nan, month)
    return payback, counts


def _mean_and_quantiles(values: FloatArray) -> tuple[FloatArray, float]:
    """P10/P50/P90 and mean of the values that are not NaN (NaN if there are none)."""
    if not np.isnan(values).any():
        mean = float(values.mean())  # before the quantiles reorder the values
        return _row_quantiles(values[None, :])[:, 0], mean
    valid = values[~np.isnan(values)]
    if not valid.size:
        return np.full(3, np.nan), math.nan
    return _quantiles(valid), float(valid.mean())


def _quantiles_from_counts(counts: IntArray, horizon: int) -> FloatArray:
    """P10/P50/P90 of payback months given their histogram.

    ``counts[p]`` counts payback in month p (0 .. horizon) and
    ``counts[horizon + 1]`` no payback, which is treated as +inf; the
    interpolation matches ``np.quantile`` on the expanded data.
    """
    n = int(counts.sum())
    cdf = np.cumsum(counts)
    values = np.arange(horizon + 2, dtype=np.float64)
    values[-1] = np.inf
    out = np.empty(3)
    for i, q in enumerate(PERCENTILES):
        pos = q / 100.0 * (n - 1)
        k = math.floor(pos)
        f = pos - k
        v_lo = values[int(np.searchsorted(cdf, k, side="right"))]
        if f == 0.0:
            out[i] = v_lo
            continue
        # f > 0 only below the largest position (P90 of n >= 2 values), so k + 1 <= n - 1
        v_hi = values[int(np.searchsorted(cdf, k + 1, side="right"))]
        out[i] = v_lo if v_lo == v_hi else v_lo + (v_hi - v_lo) * f
    return out
