"""Criterion weights: AHP (eigenvector method), group aggregation, price check."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from decisioncore._validation import as_float_array, describe_bad_values

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

    FloatArray = NDArray[np.float64]

__all__ = [
    "PRICE_WEIGHT_STRONG",
    "PRICE_WEIGHT_WARNING",
    "RANDOM_INDEX",
    "AhpResult",
    "InconsistentPair",
    "PriceWeightLevel",
    "ahp_aggregate",
    "ahp_weights",
    "normalise_weights",
    "price_weight_warning",
]

#: Saaty's random consistency index RI for n = 1 .. 15 (Saaty 1980, table 1.3;
#: the values most AHP software uses).  ``RANDOM_INDEX[n - 1]`` belongs to an
#: n x n matrix.
RANDOM_INDEX: tuple[float, ...] = (
    0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
)  # fmt: skip

#: Price weight share above which the guide warns (successful projects: 22 %).
PRICE_WEIGHT_WARNING = 0.22
#: Price weight share from which the warning is strong (failed projects: 38 %).
PRICE_WEIGHT_STRONG = 0.30

_RECIPROCAL_RTOL = 1e-6
_POWER_TOL = 1e-15
_MAX_SQUARINGS = 40


@dataclass(frozen=True, slots=True)
class InconsistentPair:
    """A pairwise judgement that deviates from the derived weights.

    Attributes
    ----------
    row, col : int
        Position of the judgement ``a[row, col]`` (``row < col``).
    judgement : float
        The value given, :math:`a_{ij}`.
    consistent_value : float
        The value consistent with the derived weights, :math:`w_i / w_j`.
    deviation : float
        :math:`|\\ln(a_{ij} w_j / w_i)|`, 0 for a perfectly consistent judgement.
    """

    row: int
    col: int
    judgement: float
    consistent_value: float
    deviation: float


@dataclass(frozen=True, slots=True)
class AhpResult:
    """Result of :func:`ahp_weights`.

    Attributes
    ----------
    weights : ndarray of float64, shape (n,)
        Principal right eigenvector, normalised to sum 1.
    lambda_max : float
        Principal eigenvalue (>= n for a positive reciprocal matrix).
    ci : float
        Consistency index :math:`(\\lambda_{max} - n)/(n - 1)` (0 for n <= 2).
    cr : float
        Consistency ratio :math:`CI / RI_n` (0 for n <= 2).
    matrix : ndarray of float64, shape (n, n)
        The pairwise matrix the weights were derived from.
    max_pairs : int
        How many judgements :attr:`inconsistent_pairs` reports.

    Notes
    -----
    :attr:`inconsistent_pairs` is computed when first read (a property, not a
    stored field), so callers who only need the weights do not pay for it.
    """

    weights: FloatArray
    lambda_max: float
    ci: float
    cr: float
    matrix: FloatArray
    max_pairs: int = 3

    @property
    def is_consistent(self) -> bool:
        """Saaty's rule of thumb: CR <= 0.10 is acceptable."""
        return self.cr <= 0.10

    @property
    def inconsistent_pairs(self) -> tuple[InconsistentPair, ...]:
        """The judgements that contribute most to the inconsistency.

        Worst first, at most :attr:`max_pairs`; empty for a consistent
        matrix.  Ranked by :math:`|\\ln(a_{ij} w_j / w_i)|` (Saaty 2003).
        """
        if self.max_pairs <= 0 or self.ci <= 1e-10:
            return ()
        return _inconsistent_pairs(self.matrix, self.weights, self.max_pairs)


def _check_pairwise(a: FloatArray, name: str) -> None:
    n = a.shape[-1]
    if a.shape[-2] != n:
        raise ValueError(f"{name}: must be square, got shape {a.shape}")
    low = float(np.minimum.reduce(a, axis=None))
    high = float(np.maximum.reduce(a, axis=None))
    if not (low > 0.0 and high < math.inf):
        if low <= 0.0 and high < math.inf and not np.isnan(a).any():
            idx = tuple(int(i) for i in np.argwhere(a <= 0.0)[0])
            raise ValueError(f"{name}: judgements must be positive, found {float(a[idx])!r} at {idx}")
        raise ValueError(describe_bad_values(a, name, allow_negative=True))
    prod = a * np.swapaxes(a, -1, -2)
    err = np.abs(prod - 1.0)
    if float(np.maximum.reduce(err, axis=None)) > _RECIPROCAL_RTOL:
        idx = tuple(int(i) for i in np.unravel_index(int(np.argmax(err)), err.shape))
        i, j = idx[-2], idx[-1]
        where = f"{idx[:-2]} " if len(idx) > 2 else ""
        if i == j:
            raise ValueError(f"{name}: {where}diagonal entry [{i}, {i}] must be 1, got {float(a[idx])!r}")
        raise ValueError(
            f"{name}: {where}not reciprocal: a[{i}, {j}] * a[{j}, {i}] = {float(prod[idx])!r}, "
            "expected 1 (enter a[j, i] = 1 / a[i, j])"
        )


def _principal_eigenvector(a: FloatArray) -> FloatArray:
    """Perron vector of a positive matrix by repeated squaring.

    ``A^(2^k)`` converges to a rank-one matrix whose columns are proportional
    to the principal eigenvector, with error ``O(|lambda_2/lambda_1|^(2^k))``;
    each step is one small matrix product.  Five unnormalised squarings
    (``A^32``; entries stay below ``(9 n)^32``, far from overflow) settle
    typical judgement matrices; then squaring continues, normalised, until
    the weights change by less than 1e-15, for at most 40 more squarings:
    by then ``A^(2^45)`` has converged to rounding for any positive matrix
    (the Perron root is strictly dominant), so the last weights are returned
    even if rounding keeps them moving by more than 1e-15.
    """
    m = a / float(np.add.reduce(a, axis=None))
    for _ in range(5):
        m = m @ m
    w: FloatArray = np.add.reduce(m, axis=1)
    w /= float(np.add.reduce(w))
    for _ in range(_MAX_SQUARINGS):
        m = m @ m
        m /= float(np.add.reduce(m, axis=None))
        w_new: FloatArray = np.add.reduce(m, axis=1)
        w_new /= float(np.add.reduce(w_new))
        if float(np.maximum.reduce(np.abs(w_new - w))) <= _POWER_TOL:
            return w_new
        w = w_new
    return w


def ahp_weights(pairwise: ArrayLike, *, max_pairs: int = 3) -> AhpResult:
    r"""Weights and consistency of an AHP pairwise comparison matrix.

    The weights are the principal right eigenvector of the positive reciprocal
    matrix :math:`A` (:math:`a_{ji} = 1/a_{ij}`, :math:`a_{ii} = 1`):

    .. math::  A w = \lambda_{max} w, \quad \sum_i w_i = 1,

    .. math::  CI = \frac{\lambda_{max} - n}{n - 1}, \qquad CR = \frac{CI}{RI_n}

    with Saaty's random index :math:`RI_n` (:data:`RANDOM_INDEX`, n <= 15).
    The judgements contributing most to inconsistency are those with the
    largest :math:`|\ln \varepsilon_{ij}|`, :math:`\varepsilon_{ij} = a_{ij}
    w_j / w_i` (Saaty 2003, sec. 4).

    Parameters
    ----------
    pairwise : array_like, shape (n, n)
        Positive reciprocal matrix; ``pairwise[i, j]`` says how much more
        important criterion i is than j (Saaty's 1-9 scale).  Reciprocity is
        checked to a relative 1e-6.
    max_pairs : int, default 3
        How many inconsistent judgements to report.

    Returns
    -------
    AhpResult

    References
    ----------
    Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.
    Saaty, T. L. (1990). How to make a decision: the analytic hierarchy
    process. *European Journal of Operational Research* 48(1), 9-26.
    Saaty, T. L. (2003). Decision-making with the AHP: why is the principal
    eigenvector necessary. *European Journal of Operational Research* 145(1),
    85-91.
    """
    a = as_float_array(pairwise, "pairwise", 2)
    _check_pairwise(a, "pairwise")
    n = a.shape[0]
    if n > len(RANDOM_INDEX):
        raise ValueError(
            f"pairwise: at most {len(RANDOM_INDEX)} criteria are supported (Saaty's random index table), got {n}"
        )
    if n <= 2:
        # Every 1x1 and 2x2 reciprocal matrix is consistent.
        w = a[:, 0] / float(np.add.reduce(a[:, 0]))
        return AhpResult(w, float(n), 0.0, 0.0, a, max_pairs)
    w = _principal_eigenvector(a)
    lambda_max = float(np.add.reduce(a @ w))
    ci = max((lambda_max - n) / (n - 1), 0.0)
    cr = ci / RANDOM_INDEX[n - 1]
    return AhpResult(w, lambda_max, ci, cr, a, max_pairs)


_UPPER: dict[int, tuple[NDArray[np.intp], NDArray[np.intp]]] = {}


def _inconsistent_pairs(a: FloatArray, w: FloatArray, k: int) -> tuple[InconsistentPair, ...]:
    n = a.shape[0]
    upper = _UPPER.get(n)
    if upper is None:
        upper = _UPPER.setdefault(n, np.triu_indices(n, 1))
    iu, ju = upper
    ratio = w[iu] / w[ju]  # consistent value w_i / w_j
    judged = a[iu, ju]
    dev = np.abs(np.log(judged / ratio))
    top = np.argsort(-dev, kind="stable")[:k].tolist()
    dev_l = dev.tolist()
    return tuple(
        InconsistentPair(int(iu[t]), int(ju[t]), float(judged[t]), float(ratio[t]), dev_l[t])
        for t in top
        if dev_l[t] > 1e-9
    )


def ahp_aggregate(matrices: ArrayLike, weights: ArrayLike | None = None) -> FloatArray:
    r"""Combine several evaluators' pairwise matrices (AIJ).

    Aggregation of individual judgements by the element-wise (weighted)
    geometric mean, which keeps the result reciprocal:

    .. math::  a_{ij} = \prod_k a_{ij}^{(k)\,\lambda_k}, \quad \sum_k \lambda_k = 1.

    Parameters
    ----------
    matrices : array_like, shape (k, n, n)
        One positive reciprocal matrix per evaluator.
    weights : array_like, shape (k,), optional
        Evaluator weights (default equal), normalised to sum 1.

    Returns
    -------
    ndarray, shape (n, n)

    References
    ----------
    Aczél, J., & Saaty, T. L. (1983). Procedures for synthesizing ratio
    judgements. *Journal of Mathematical Psychology* 27(1), 93-102.
    Forman, E., & Peniwati, K. (1998). Aggregating individual judgments and
    priorities with the AHP. *European Journal of Operational Research*
    108(1), 165-169.
    """
    stack = as_float_array(matrices, "matrices", 3)
    _check_pairwise(stack, "matrices")
    k = stack.shape[0]
    logs = np.log(stack)
    if weights is None:
        mean = logs.mean(axis=0)
    else:
        lam = normalise_weights(weights, name="weights")
        if lam.shape[0] != k:
            raise ValueError(f"weights: expected {k} entries (one per matrix), got {lam.shape[0]}")
        mean = np.tensordot(lam, logs, axes=1)
    out: FloatArray = np.exp(mean)
    # exact reciprocity and unit diagonal despite rounding
    upper = np.triu(out, 1)
    result: FloatArray = upper + np.triu(1.0 / out, 1).T + np.eye(out.shape[0])
    return result


def normalise_weights(raw: ArrayLike, *, name: str = "raw") -> FloatArray:
    r"""Scale non-negative raw weights (points, percentages) to sum 1.

    .. math::  w_j = r_j / \sum_k r_k

    Raises ValueError for NaN, infinite or negative entries, or if all are 0.
    """
    r = as_float_array(raw, name, 1)
    total = float(np.add.reduce(r))
    low = float(np.minimum.reduce(r))
    if not (low >= 0.0 and total < math.inf):
        raise ValueError(describe_bad_values(r, name, allow_negative=False))
    if total <= 0.0:
        raise ValueError(f"{name}: must not all be zero")
    out: FloatArray = r / total
    return out


class PriceWeightLevel(enum.StrEnum):
    """Outcome of :func:`price_weight_warning`."""

    NONE = "none"
    WARNING = "warning"
    STRONG = "strong"


def price_weight_warning(weights: ArrayLike, price_index: int) -> PriceWeightLevel:
    """Warn when price dominates the partner choice.

    In the guide's data, price weighed 22 % of the decision in successful AI
    projects and 38 % in failed ones.  The share of ``weights[price_index]``
    in the total weight gives

    * ``NONE`` up to 22 %,
    * ``WARNING`` above 22 %,
    * ``STRONG`` from 30 %.

    Comparisons allow 1e-9 of rounding, so 22 % entered as points is not
    flagged.
    """
    w = normalise_weights(weights, name="weights")
    n = w.shape[0]
    if isinstance(price_index, bool) or not isinstance(price_index, (int, np.integer)):
        raise ValueError(f"price_index: expected an integer index, got {price_index!r}")
    if not -n <= int(price_index) < n:
        raise ValueError(f"price_index: {price_index} is out of range for {n} weights")
    share = float(w[int(price_index)])
    if share >= PRICE_WEIGHT_STRONG - 1e-9:
        return PriceWeightLevel.STRONG
    if share > PRICE_WEIGHT_WARNING + 1e-9:
        return PriceWeightLevel.WARNING
    return PriceWeightLevel.NONE
