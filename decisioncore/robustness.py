"""Robustness of a ranking: SMAA-2 and one-at-a-time weight sensitivity."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from decisioncore._ranking import rank_descending
from decisioncore._validation import (
    as_bool_vector,
    as_float_array,
    check_weights,
    describe_bad_values,
)
from decisioncore.rank import Normalisation, _normalised, _prepare

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

    FloatArray = NDArray[np.float64]
    IntArray = NDArray[np.int64]
    BoolArray = NDArray[np.bool_]

__all__ = ["SensitivityResult", "SmaaResult", "smaa", "weight_sensitivity"]

#: Target number of float64 values per (iterations x candidates x criteria)
#: block: bounds the working memory to a few MB whatever ``iterations`` is.
_BLOCK_VALUES = 1 << 17
#: Up to this many candidates, ranks come from comparing every pair of
#: utility rows at once (m x m x k booleans, ranks fit in uint8); above it
#: from a stable sort, whose cost grows as m log m instead of m^2.
_PAIRWISE_MAX = 16
#: Give up on rejection sampling of bounded weights below this acceptance rate.
_MIN_ACCEPTANCE = 1e-4


@dataclass(frozen=True, slots=True)
class SmaaResult:
    """Result of :func:`smaa`.

    Attributes
    ----------
    acceptability : ndarray of float64, shape (m, m)
        Rank acceptability indices :math:`b_i^r`: ``acceptability[i, r]`` is
        the share of simulations in which candidate i got rank r + 1.  Rows
        and columns each sum to 1.
    win_probability : ndarray of float64, shape (m,)
        First-rank acceptability :math:`b_i^1` (column 0 of ``acceptability``).
    central_weights : ndarray of float64, shape (m, n)
        Central weight vector :math:`w_i^c`: mean weights of the simulations
        that candidate i won; NaN rows for candidates that never won.
    confidence : ndarray of float64, shape (m,)
        Confidence factor :math:`p_i^c`: probability that i wins when the
        weights are its central weight vector (NaN if it never won).
    iterations : int
        Number of simulations.
    """

    acceptability: FloatArray
    win_probability: FloatArray
    central_weights: FloatArray
    confidence: FloatArray
    iterations: int


@dataclass(frozen=True, slots=True)
class SensitivityResult:
    """Result of :func:`weight_sensitivity` (data for a tornado chart).

    Attributes
    ----------
    winner : int
        Top-ranked candidate at the given weights.
    scores : ndarray of float64, shape (m,)
        Weighted-sum scores at the given weights.
    weights : ndarray of float64, shape (n,)
        The given weights, normalised to sum 1.
    increase, decrease : ndarray of float64, shape (n,)
        Smallest increase / decrease of criterion j's weight (in weight units,
        others rescaled proportionally) at which another candidate takes
        first place; ``inf`` if no weight in [0, 1] changes the winner.
    winner_if_increased, winner_if_decreased : ndarray of int64, shape (n,)
        The candidate that takes first place there (-1 if none).
    """

    winner: int
    scores: FloatArray
    weights: FloatArray
    increase: FloatArray
    decrease: FloatArray
    winner_if_increased: IntArray
    winner_if_decreased: IntArray


def _score_intervals(data: ArrayLike, score_spread: ArrayLike | None) -> tuple[FloatArray, FloatArray]:
    """Lower and upper bound of every candidate x criterion score."""
    raw = np.asarray(data)  # as_float_array below converts, with a message naming the argument
    if raw.ndim == 3:
        x = as_float_array(raw, "matrix_or_scores", 3)
        valid = ~np.isnan(x)
        bad = valid & ~np.isfinite(x)
        if bad.any():
            idx = tuple(int(i) for i in np.argwhere(bad)[0])
            raise ValueError(f"matrix_or_scores: contains an infinite value at index {idx}")
        none = ~valid.any(axis=0)
        if none.any():
            i, j = (int(v) for v in np.argwhere(none)[0])
            raise ValueError(f"matrix_or_scores: candidate {i} has no score on criterion {j} from any evaluator")
        lo = np.where(valid, x, np.inf).min(axis=0)
        hi = np.where(valid, x, -np.inf).max(axis=0)
    else:
        x = as_float_array(raw, "matrix_or_scores", 2)
        if not np.isfinite(x).all():
            raise ValueError(describe_bad_values(x, "matrix_or_scores", allow_negative=True))
        lo = x
        hi = x
    if score_spread is not None:
        s = np.asarray(score_spread, dtype=np.float64)
        try:
            s = np.broadcast_to(s, lo.shape)
        except ValueError:
            raise ValueError(
                f"score_spread: shape {s.shape} does not fit candidates x criteria {lo.shape} "
                "(give a scalar, one value per criterion or a full matrix)"
            ) from None
        if not (np.isfinite(s).all() and (s >= 0.0).all()):
            raise ValueError(describe_bad_values(s, "score_spread", allow_negative=False))
        lo = lo - s
        hi = hi + s
    return lo, hi


def _weight_region(
    n: int,
    weights: ArrayLike | None,
    weight_bounds: tuple[ArrayLike, ArrayLike] | None,
    weight_tolerance: float | None,
) -> tuple[FloatArray | None, FloatArray, FloatArray]:
    """Return (fixed weights or None, lower bounds, upper bounds)."""
    if weights is not None and weight_bounds is not None:
        raise ValueError(
            "weights/weight_bounds: give either weights (fixed, or with weight_tolerance) or weight_bounds, not both"
        )
    if weight_tolerance is not None and weights is None:
        raise ValueError("weight_tolerance: needs weights to centre the tolerance on")
    if weights is not None:
        w = check_weights(weights, n)
        if weight_tolerance is None:
            return w, w, w
        tol = float(weight_tolerance)
        if not (math.isfinite(tol) and tol >= 0.0):
            raise ValueError(f"weight_tolerance: must be a finite number >= 0, got {weight_tolerance!r}")
        return None, np.maximum(w - tol, 0.0), np.minimum(w + tol, 1.0)  # w is in [0, 1]
    if weight_bounds is None:
        return None, np.zeros(n), np.ones(n)
    try:
        lower_raw, upper_raw = weight_bounds
    except (TypeError, ValueError):
        raise ValueError("weight_bounds: expected a pair (lower, upper)") from None
    lower = as_float_array(lower_raw, "weight_bounds[0]", 1)
    upper = as_float_array(upper_raw, "weight_bounds[1]", 1)
    for arr, name in ((lower, "weight_bounds[0]"), (upper, "weight_bounds[1]")):
        if arr.shape[0] != n:
            raise ValueError(f"{name}: expected {n} entries (one per criterion), got {arr.shape[0]}")
        if not (np.isfinite(arr).all() and (arr >= 0.0).all() and (arr <= 1.0).all()):
            raise ValueError(f"{name}: every bound must be a weight share in [0, 1]")
    if (lower > upper).any():
        j = int(np.argmax(lower > upper))
        raise ValueError(
            f"weight_bounds: lower bound {float(lower[j])!r} exceeds upper bound {float(upper[j])!r} for criterion {j}"
        )
    if float(lower.sum()) > 1.0 + 1e-12 or float(upper.sum()) < 1.0 - 1e-12:
        raise ValueError(
            "weight_bounds: no weights summing to 1 fit the bounds "
            f"(sum of lower = {float(lower.sum()):g}, sum of upper = {float(upper.sum()):g})"
        )
    return None, lower, upper


class _WeightSampler:
    """Uniform sampling on {w : sum w = 1, lower <= w <= upper}.

    Lower bounds are exact: w = lower + r * D with D uniform on the unit
    simplex (normalised standard exponentials = Dirichlet(1, ..., 1), see
    Rubinstein & Kroese 2016, sec. 4.3) and slack r = 1 - sum(lower).  Upper
    bounds that can bind are enforced by rejection, which keeps the
    distribution exactly uniform on the truncated simplex (clipping and
    renormalising would not).

    :meth:`columns` returns the k weight vectors as the columns of an (n, k)
    array (the layout the simulation works in); :meth:`sample` as rows.
    """

    def __init__(self, lower: FloatArray, upper: FloatArray, rng: np.random.Generator) -> None:
        self.lower = lower
        self.slack = max(1.0 - float(lower.sum()), 0.0)
        self.upper = upper
        self.rng = rng
        self.n = lower.shape[0]
        self.rejects = bool(((upper - lower) < self.slack - 1e-15).any())
        self.rate = 1.0

    def _draw(self, k: int) -> FloatArray:
        e = self.rng.standard_exponential((self.n, k))
        e *= self.slack / e.sum(axis=0)
        if self.slack < 1.0:
            e += self.lower[:, None]
        return e

    def sample(self, k: int) -> FloatArray:
        """k weight vectors, shape (k, n)."""
        return self.columns(k).T

    def columns(self, k: int) -> FloatArray:
        """k weight vectors, shape (n, k)."""
        if not self.rejects:
            return self._draw(k)
        parts: list[FloatArray] = []
        have = 0
        proposed = 0
        accepted = 0
        upper = self.upper[:, None] + 1e-12
        while have < k:
            batch = int(min(max((k - have) / self.rate * 1.2 + 16, 64), 1 << 22))
            w = self._draw(batch)
            good = w[:, (w <= upper).all(axis=0)]
            proposed += batch
            accepted += good.shape[1]
            self.rate = max(accepted / proposed, _MIN_ACCEPTANCE)
            if accepted / proposed < _MIN_ACCEPTANCE and proposed >= 100_000:
                raise ValueError(
                    "weight_bounds: the allowed weight region is too small to sample "
                    f"(acceptance rate {accepted / proposed:.1e}); widen the bounds"
                )
            parts.append(good[:, : k - have])
            have += parts[-1].shape[1]
        return parts[0] if len(parts) == 1 else np.concatenate(parts, axis=1)


def _ranks(util: FloatArray) -> NDArray[np.integer]:
    """Rank of every row of ``util`` (m, k) in every column: 0 = highest.

    Ties go to the lower row index (as a stable sort on -util would).
    """
    m, k = util.shape
    if m <= _PAIRWISE_MAX:
        # rank of i = number of rows strictly above it, from one (m, m, k)
        # comparison; without ties every column holds 0 .. m - 1 once, so the
        # column sums tell whether the exact tie-breaking below is needed
        above = np.less(util[:, None, :], util[None, :, :])
        ranks: NDArray[np.uint8] = np.add.reduce(above.view(np.uint8), axis=1, dtype=np.uint8)
        if (np.add.reduce(ranks, axis=0, dtype=np.uint8) == m * (m - 1) // 2).all():
            return ranks
        # ties: lower rows beat i on >=, higher rows on >
        beaten = above[0, 1:]  # scratch (m - 1, k)
        for i in range(m):
            np.greater_equal(util[:i], util[i], out=beaten[:i])
            np.greater(util[i + 1 :], util[i], out=beaten[i:])
            np.add.reduce(beaten.view(np.uint8), out=ranks[i])  # over the rows
        return ranks
    order = np.argsort(-util, axis=0, kind="stable")
    ranks = np.empty((m, k), dtype=np.intp)
    np.put_along_axis(ranks, order, np.arange(m)[:, None], axis=0)
    return ranks


SmaaNormalisation = Literal["linear", "minmax", "none"]
_SMAA_NORMALISATIONS = ("linear", "minmax", "none")


def smaa(
    matrix_or_scores: ArrayLike,
    benefit: ArrayLike,
    *,
    weights: ArrayLike | None = None,
    weight_bounds: tuple[ArrayLike, ArrayLike] | None = None,
    weight_tolerance: float | None = None,
    score_spread: ArrayLike | None = None,
    normalisation: SmaaNormalisation = "linear",
    iterations: int = 10_000,
    rng: np.random.Generator,
) -> SmaaResult:
    r"""SMAA-2: how robust is the ranking to uncertain weights and scores?

    Each simulation k draws a weight vector :math:`w^k` and a score matrix
    :math:`\xi^k`, ranks the candidates by the additive value
    :math:`u_i^k = \sum_j w_j^k\, v_j(\xi_{ij}^k)` and records the ranks.
    The outputs are the rank acceptability indices :math:`b_i^r` (share of
    simulations giving i rank r), the central weight vectors :math:`w_i^c`
    (mean weights among the simulations i wins) and the confidence factors
    :math:`p_i^c` (share of a second set of score draws in which i wins at
    :math:`w_i^c`).

    Weights:

    * nothing given: uniform on the simplex (no preference information);
    * ``weight_bounds=(lower, upper)``: uniform on the simplex restricted to
      the bounds (exact lower bounds, rejection for upper bounds);
    * ``weights`` alone: fixed weights (only scores vary);
    * ``weights`` and ``weight_tolerance=t``: uniform on the simplex within
      :math:`[w_j - t, w_j + t] \cap [0, 1]` ("about these weights").

    Scores: a candidates x criteria matrix is exact unless ``score_spread``
    is given; an evaluators x candidates x criteria array (NaN = not scored)
    gives each cell the interval from the lowest to the highest evaluator
    score.  ``score_spread`` (scalar, per criterion or per cell) widens every
    interval by that amount on both sides.  Each cell is drawn uniformly and
    independently from its interval (Lahdelma & Salminen 2001, sec. 3, for
    imprecise criteria measurements).

    Value functions :math:`v_j` are fixed over the whole range of possible
    values of each criterion, :math:`L_j = \min_i lo_{ij}`,
    :math:`H_j = \max_i hi_{ij}`: ``"linear"`` uses :math:`x/H_j` for benefit
    and :math:`L_j/x` for cost criteria (the same as :func:`weighted_sum`
    when scores are exact), ``"minmax"`` uses :math:`(x - L_j)/(H_j - L_j)`
    and :math:`(H_j - x)/(H_j - L_j)`, ``"none"`` the raw score :math:`x`
    and :math:`-x` (criteria on one common scale, such as rubric scores; the
    same as :func:`weighted_sum` with ``normalisation="none"``).  Ties in a
    simulation go to the lower index.

    The steps: :func:`_score_intervals`, :func:`_weight_region`, the value
    model (:class:`_ValueModel`), the simulation of ranks in blocks
    (:func:`_simulate_ranks`), then the central weights and the confidence
    factors (:func:`_confidence_factors`).  The simulation is vectorised in
    blocks of simulations (batched matrix products and pairwise comparisons
    of the utilities) to bound memory.

    Parameters
    ----------
    matrix_or_scores : array_like, shape (m, n) or (evaluators, m, n)
    benefit : array_like of bool, shape (n,)
    weights, weight_bounds, weight_tolerance : see above
    score_spread : float or array_like broadcastable to (m, n), optional
    normalisation : {"linear", "minmax", "none"}
    iterations : int
        Simulations (>= 1); the confidence factors use as many again.
    rng : numpy.random.Generator

    Returns
    -------
    SmaaResult

    References
    ----------
    Lahdelma, R., & Salminen, P. (2001). SMAA-2: Stochastic multicriteria
    acceptability analysis for group decision making. *Operations Research*
    49(3), 444-454.
    Tervonen, T., & Figueira, J. R. (2008). A survey on stochastic
    multicriteria acceptability analysis methods. *Journal of Multi-Criteria
    Decision Analysis* 15(1-2), 1-14.
    """
    _check_simulation_arguments(rng, iterations, normalisation)
    lo, hi = _score_intervals(matrix_or_scores, score_spread)
    n = lo.shape[1]
    b = as_bool_vector(benefit, "benefit", n)
    fixed, lower, upper = _weight_region(n, weights, weight_bounds, weight_tolerance)
    model = _ValueModel.build(lo, hi, b, normalisation, clip_negative=score_spread is not None)
    # the simulation works in the model's criterion order (affine criteria first)
    perm = model.perm
    if fixed is not None:
        fixed = fixed[perm]
    if fixed is not None and not model.uncertain:
        result = _deterministic_smaa(model.values, fixed, iterations)
    else:
        weights_drawn = fixed if fixed is not None else _WeightSampler(lower[perm], upper[perm], rng)
        draws = _ScoreDraws(model, iterations, rng)
        counts, won_weight_sum = _simulate_ranks(model, draws, weights_drawn, iterations)
        wins = counts[:, 0]
        central = _central_weights(won_weight_sum, wins)
        confidence = _confidence_factors(model, draws, central, iterations)
        acceptability = counts / iterations
        result = SmaaResult(acceptability, acceptability[:, 0].copy(), central, confidence, int(iterations))
    return _in_caller_order(result, perm)


def _check_simulation_arguments(rng: object, iterations: object, normalisation: object) -> None:
    if not isinstance(rng, np.random.Generator):
        raise ValueError("rng: expected a numpy.random.Generator (numpy.random.default_rng(seed))")
    if isinstance(iterations, bool) or not isinstance(iterations, (int, np.integer)) or iterations < 1:
        raise ValueError(f"iterations: must be a positive integer, got {iterations!r}")
    if normalisation not in _SMAA_NORMALISATIONS:
        raise ValueError(f"normalisation: expected 'linear', 'minmax' or 'none', got {normalisation!r}")


@dataclass(frozen=True, slots=True)
class _ValueModel:
    """Value functions of a problem, with the criteria reordered: affine ones first.

    Affine criterion j (``j < n_affine``): the value of cell (i, j) lies in
    ``[base_ij, base_ij + width_ij]`` and a uniform draw d in [0, 1] gives
    the value ``base_ij + width_ij d``.  Linear-cost criterion j (``"linear"``
    normalisation, ``j >= n_affine``): the *score* lies in
    ``[base_ij, base_ij + width_ij]`` and its value is ``numer_j / score``
    with ``numer_j = L_j``.  Working with the reciprocal criteria last means
    that ``L / x`` touches only their slice; ``perm`` maps back to the
    caller's order (column c of the model is the caller's criterion
    ``perm[c]``).

    In one simulation the value of cell (i, j) is ``shift_ij + coef_ij d_ij``
    where d is the uniform draw (affine) or the value itself (cost; shift 0,
    coef 1), so the affine scaling can be folded into the weights.
    ``values`` holds the values of the scores ``base`` (used when no score
    varies).
    """

    base: FloatArray
    width: FloatArray
    numer: FloatArray
    n_affine: int
    perm: NDArray[np.intp]
    coef: FloatArray
    shift: FloatArray
    values: FloatArray

    @classmethod
    def build(
        cls, lo: FloatArray, hi: FloatArray, b: BoolArray, normalisation: str, *, clip_negative: bool
    ) -> _ValueModel:
        """From the score intervals [lo, hi]: v = alpha x + beta (affine) or v = L / x (linear cost)."""
        if normalisation == "linear":
            lo, alpha, beta, recip = _linear_value_functions(lo, hi, b, clip_negative=clip_negative)
        elif normalisation == "minmax":
            alpha, beta, recip = _minmax_value_functions(lo, hi, b)
        else:  # "none": raw scores, cost criteria negated
            alpha, beta, recip = np.where(b, 1.0, -1.0), np.zeros(b.shape[0]), np.zeros_like(b)
        # affine columns in value space; linear-cost columns (alpha 1, beta 0) keep their scores
        v_lo = alpha * lo + beta
        v_hi = alpha * hi + beta
        base = np.minimum(v_lo, v_hi)
        width = np.abs(v_hi - v_lo)
        numer = lo.min(axis=0)  # L_j, used by the linear-cost columns only
        perm = np.argsort(recip, kind="stable")
        n_affine = b.shape[0] - int(recip.sum())
        base = np.ascontiguousarray(base[:, perm])
        width = np.ascontiguousarray(width[:, perm])
        coef = width.copy()
        coef[:, n_affine:] = 1.0
        shift = base.copy()
        shift[:, n_affine:] = 0.0
        numer = numer[perm]
        values = base.copy()  # of the exact scores base
        values[:, n_affine:] = numer[n_affine:] / base[:, n_affine:]
        return cls(base, width, numer, n_affine, perm, coef, shift, values)

    @property
    def uncertain(self) -> bool:
        """Whether any score varies."""
        return bool((self.width > 0.0).any())

    @property
    def any_recip(self) -> bool:
        """Whether any criterion is a linear-cost criterion (value L / x)."""
        return self.n_affine < self.base.shape[1]


def _linear_value_functions(
    lo: FloatArray, hi: FloatArray, b: BoolArray, *, clip_negative: bool
) -> tuple[FloatArray, FloatArray, FloatArray, BoolArray]:
    """x / H_j for benefit criteria; cost criteria are reciprocal (L_j / x).

    Returns (lower scores, alpha, beta, reciprocal flags).  Negative scores
    are an error, unless they come from widening by ``score_spread``: then
    the interval is cut at 0.
    """
    if (lo < 0.0).any():
        if not clip_negative:
            raise ValueError(
                describe_bad_values(lo, "matrix_or_scores", allow_negative=False)
                + " (linear normalisation; use normalisation='minmax')"
            )
        lo = np.maximum(lo, 0.0)
    col_hi = hi.max(axis=0)
    if not (lo.min(axis=0)[~b] > 0.0).all():
        raise ValueError(
            "matrix_or_scores: cost criteria need strictly positive scores for linear "
            "normalisation (min / x); use normalisation='minmax'"
        )
    if not (col_hi[b] > 0.0).all():
        raise ValueError("matrix_or_scores: a benefit criterion is zero for every candidate")
    alpha = np.divide(1.0, col_hi, out=np.ones_like(col_hi), where=b)  # 1: cost criteria keep their scores
    return lo, alpha, np.zeros(b.shape[0]), ~b


def _minmax_value_functions(lo: FloatArray, hi: FloatArray, b: BoolArray) -> tuple[FloatArray, FloatArray, BoolArray]:
    """(x - L_j)/(H_j - L_j) and (H_j - x)/(H_j - L_j); a constant criterion has value 0."""
    col_lo = lo.min(axis=0)
    col_hi = hi.max(axis=0)
    span = col_hi - col_lo
    inv = np.where(span > 0.0, 1.0 / np.where(span > 0.0, span, 1.0), 0.0)
    alpha = np.where(b, inv, -inv)
    beta = np.where(b, -col_lo * inv, col_hi * inv)
    return alpha, beta, np.zeros_like(b)


class _ScoreDraws:
    """Blocks of simulated scores, laid out (n, m, k) in one reused buffer.

    Simulations run along the last, contiguous axis, so every elementwise
    operation runs over long rows and the sums over criteria are batched
    matrix products (one (n, k) matrix per candidate, rows m * k apart).
    Slab j holds uniform draws in [0, 1] for an affine criterion and the
    value L_j / x itself for a linear-cost criterion.  One spare (m, k) slab
    after the draws can hold a row of ones for the products.
    """

    def __init__(self, model: _ValueModel, iterations: int, rng: np.random.Generator) -> None:
        m, n = model.base.shape
        self.m, self.n = m, n
        self.rng = rng
        self.n_affine = model.n_affine
        self.any_recip = model.any_recip
        self.cost_base = np.ascontiguousarray(model.base[:, model.n_affine :].T)[:, :, None]  # (n_cost, m, 1)
        self.cost_width = np.ascontiguousarray(model.width[:, model.n_affine :].T)[:, :, None]
        self.cost_numer = model.numer[model.n_affine :, None, None]
        self.block = _block_size(iterations, m, max(n, m))
        self.buffer = np.empty((n + 1) * m * self.block) if model.uncertain else np.empty(0)

    def reserve(self, block: int) -> None:
        """Make room for blocks of ``block`` simulations."""
        if (self.n + 1) * self.m * block > self.buffer.size:
            self.buffer = np.empty((self.n + 1) * self.m * block)

    def draw(self, k: int) -> FloatArray:
        """(n, m, k) block: uniform draws (affine criteria), values (cost criteria)."""
        d = self.buffer[: self.n * self.m * k].reshape(self.n, self.m, k)
        self.rng.random(out=d)
        if self.any_recip:
            cost = d[self.n_affine :]
            cost *= self.cost_width
            cost += self.cost_base
            np.divide(self.cost_numer, cost, out=cost)
        return d

    def draw_with_ones(self, k: int) -> FloatArray:
        """(n + 1, m, k) block: :meth:`draw` followed by a slab of ones."""
        self.draw(k)
        dd = self.buffer[: (self.n + 1) * self.m * k].reshape(self.n + 1, self.m, k)
        dd[self.n] = 1.0
        return dd


def _block_size(iterations: int, m: int, width: int) -> int:
    """Simulations per block: about :data:`_BLOCK_VALUES` numbers, at least 64."""
    return max(64, min(iterations, _BLOCK_VALUES // (m * width)))


def _simulate_ranks(
    model: _ValueModel, draws: _ScoreDraws, weights: _WeightSampler | FloatArray, iterations: int
) -> tuple[NDArray[np.int64], FloatArray]:
    """Rank counts (m, m) and, per candidate, the sum of the weights of the simulations it won.

    ``weights`` is a sampler of weight vectors or one fixed weight vector.
    """
    m, n = model.base.shape
    counts = np.zeros(m * m, dtype=np.int64)
    won_weight_sum = np.zeros((m, n))
    offsets = np.arange(0, m * m, m, dtype=np.uint8 if m <= _PAIRWISE_MAX else np.intp)[:, None]
    done = 0
    while done < iterations:
        k = min(draws.block, iterations - done)
        if isinstance(weights, _WeightSampler):
            w = weights.columns(k)  # (n, k)
            ranks = _ranks(_utilities(model, draws, w, k))  # (m, k)
            won_weight_sum += (ranks == 0) @ w.T  # booleans times weights: float64
        else:
            ranks = _ranks(_utilities_at_fixed_weights(model, draws, weights, k))
            won_weight_sum += np.count_nonzero(ranks == 0, axis=1)[:, None] * weights
        counts += np.bincount((ranks + offsets).ravel(), minlength=m * m)
        done += k
    return counts.reshape(m, m), won_weight_sum


def _utilities(model: _ValueModel, draws: _ScoreDraws, w: FloatArray, k: int) -> FloatArray:
    """Utilities (m, k) of k simulations with weight vectors ``w`` (n, k)."""
    if not model.uncertain:
        util: FloatArray = model.values @ w
        return util
    m = model.base.shape[0]
    d = draws.draw(k)
    d *= w[:, None, :]
    util = np.matmul(model.coef[:, None, :], d.transpose(1, 0, 2)).reshape(m, k)
    util += model.shift @ w
    return util


def _utilities_at_fixed_weights(model: _ValueModel, draws: _ScoreDraws, w: FloatArray, k: int) -> FloatArray:
    """Utilities (m, k) of k simulations with the one weight vector ``w`` (n,)."""
    m = model.base.shape[0]
    util: FloatArray = np.matmul((model.coef * w)[:, None, :], draws.draw(k).transpose(1, 0, 2)).reshape(m, k)
    util += (model.shift @ w)[:, None]
    return util


def _central_weights(won_weight_sum: FloatArray, wins: NDArray[np.int64]) -> FloatArray:
    """Mean weights of the simulations each candidate won; NaN rows for never."""
    central = np.full(won_weight_sum.shape, np.nan)
    has = wins > 0
    central[has] = won_weight_sum[has] / wins[has, None]
    return central


def _confidence_factors(model: _ValueModel, draws: _ScoreDraws, central: FloatArray, iterations: int) -> FloatArray:
    """Share of new score draws that candidate i wins at its central weights (NaN if it never won)."""
    confidence = np.full(central.shape[0], np.nan)
    idx = np.flatnonzero(~np.isnan(central[:, 0]))  # never empty: every simulation has a winner
    if not model.uncertain:
        # With exact scores the weights at which i wins form a convex set (linear inequalities on
        # the simplex), and its central weights are a mean of such weights: it wins there.
        confidence[idx] = 1.0
        return confidence
    confidence[idx] = _wins_at_central_weights(model, draws, idx, central[idx], iterations) / iterations
    return confidence


def _wins_at_central_weights(
    model: _ValueModel, draws: _ScoreDraws, idx: NDArray[np.intp], wc: FloatArray, iterations: int
) -> FloatArray:
    """How many of ``iterations`` score draws candidate idx[t] wins at weights wc[t] (counted in float64)."""
    m, n = model.base.shape
    c = idx.size
    cols = np.arange(c)
    below = np.maximum(idx - 1, 0)
    first = idx == 0
    # weights of the product per candidate: (m, c, n + 1), the last column
    # (against the row of ones) being the constant part
    wc_coef = np.concatenate([model.coef[:, None, :] * wc[None, :, :], (model.shift @ wc.T)[:, :, None]], axis=2)
    hits = np.zeros(c)
    block = _block_size(iterations, m, max(n, c))
    draws.reserve(block)
    util_buffer = np.empty(m * c * block)
    done = 0
    while done < iterations:
        k = min(block, iterations - done)
        dd = draws.draw_with_ones(k)
        # util[i, t, k]: utility of candidate i at the central weights of
        # candidate idx[t]; idx[t] wins column t if it beats every lower
        # index strictly and every higher one or ties with it
        util = util_buffer[: m * c * k].reshape(m, c, k)
        np.matmul(wc_coef, dd.transpose(1, 0, 2), out=util)
        own = util[idx, cols]  # (c, k)
        for i in range(1, m):  # prefix maxima, slab by slab (contiguous)
            np.maximum(util[i - 1], util[i], out=util[i])
        lower_best = util[below, cols]
        lower_best[first] = -np.inf
        win = own >= util[m - 1]
        win &= own > lower_best
        hits += np.count_nonzero(win, axis=1)
        done += k
    return hits


def _in_caller_order(result: SmaaResult, perm: NDArray[np.intp]) -> SmaaResult:
    """Central weights back in the caller's criterion order."""
    central = np.empty_like(result.central_weights)
    central[:, perm] = result.central_weights
    return SmaaResult(result.acceptability, result.win_probability, central, result.confidence, result.iterations)


def _deterministic_smaa(values: FloatArray, w: FloatArray, iterations: int) -> SmaaResult:
    """Exact scores and fixed weights: every simulation gives the same ranking."""
    m, n = values.shape
    _, order, _ = rank_descending(values @ w)
    acc = np.zeros((m, m))
    acc[order, np.arange(m)] = 1.0
    central_w = np.full((m, n), np.nan)
    central_w[order[0]] = w
    confidence = np.full(m, np.nan)
    confidence[order[0]] = 1.0
    return SmaaResult(acc, acc[:, 0].copy(), central_w, confidence, int(iterations))


def weight_sensitivity(
    matrix: ArrayLike,
    weights: ArrayLike,
    benefit: ArrayLike,
    *,
    normalisation: Normalisation = "linear",
) -> SensitivityResult:
    r"""How far can each weight move before the winner changes?

    One criterion's weight moves from :math:`w_j` to :math:`t` while the
    others keep their proportions, :math:`w_k(t) = w_k (1 - t)/(1 - w_j)`.
    The weighted-sum score of candidate i is then linear in t,

    .. math::  S_i(t) = (1 - t)\, C_{ij} + t\, r_{ij}, \qquad
               C_{ij} = \frac{S_i - w_j r_{ij}}{1 - w_j},

    so the point where candidate i overtakes the winner a solves
    :math:`S_i(t) = S_a(t)` in closed form.  For each criterion the result
    holds the smallest such move up and down (within [0, 1]) and who takes
    over.  If :math:`w_j = 1` the other criteria share :math:`1 - t`
    equally.  Ties go to the lower index, as in :func:`weighted_sum`.

    Parameters
    ----------
    matrix, weights, benefit, normalisation
        As for :func:`decisioncore.weighted_sum`.

    Returns
    -------
    SensitivityResult

    References
    ----------
    Triantaphyllou, E., & Sánchez, A. (1997). A sensitivity analysis approach
    for some deterministic multi-criteria decision-making methods. *Decision
    Sciences* 28(1), 151-194.
    """
    allow_negative = normalisation in ("minmax", "none")
    x, w, b, ext, low = _prepare(matrix, weights, benefit, allow_negative)
    r = _normalised(x, b, ext, low, normalisation)  # (m, n)
    m, n = r.shape
    scores = r @ w
    _, order, _ = rank_descending(scores)
    a = int(order[0])
    rest = 1.0 - w  # (n,)
    full = rest <= 1e-15
    # C_ij: score of i from the other criteria, renormalised to total weight 1
    other = scores[:, None] - r * w  # (m, n)
    safe_rest = np.where(full, 1.0, rest)
    c = other / safe_rest
    if full.any():
        mean_other = (r.sum(axis=1, keepdims=True) - r) / max(n - 1, 1)
        c = np.where(full, mean_other, c)
    d0 = c - c[a]  # difference at t = 0
    d1 = r - r[a]  # difference at t = 1
    slope = d1 - d0
    increase = np.full(n, np.inf)
    decrease = np.full(n, np.inf)
    win_up = np.full(n, -1, dtype=np.int64)
    win_down = np.full(n, -1, dtype=np.int64)
    index = np.arange(m)
    for j in range(n):
        s = slope[:, j]
        z = d0[:, j]
        with np.errstate(divide="ignore", invalid="ignore"):
            t_cross = np.where(s != 0.0, -z / s, np.nan)
        wj = float(w[j])
        eps = 1e-12
        others = index != a
        # At the ends of [0, 1] a crossing is only a tie, with no room to pass beyond it: it
        # changes the winner only if the tie goes to the challenger (lower index).
        wins_tie = index < a
        up = others & (s > 0.0) & (t_cross >= wj - eps) & ((t_cross < 1.0 - eps) | ((t_cross <= 1.0 + eps) & wins_tie))
        down = others & (s < 0.0) & (t_cross <= wj + eps) & ((t_cross > eps) | ((t_cross >= -eps) & wins_tie))
        if up.any():
            t_up = np.where(up, t_cross, np.inf)
            best = float(t_up.min())
            cand = np.flatnonzero(t_up <= best + eps)
            pick = cand[np.lexsort((cand, -s[cand]))[0]]
            increase[j] = max(best - wj, 0.0)
            win_up[j] = int(pick)
        if down.any():
            t_dn = np.where(down, t_cross, -np.inf)
            best = float(t_dn.max())
            cand = np.flatnonzero(t_dn >= best - eps)
            pick = cand[np.lexsort((cand, s[cand]))[0]]
            decrease[j] = max(wj - best, 0.0)
            win_down[j] = int(pick)
    return SensitivityResult(a, scores, w, increase, decrease, win_up, win_down)
