"""Ranking candidates: weighted sum (SAW) and TOPSIS."""

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

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

    FloatArray = NDArray[np.float64]
    IntArray = NDArray[np.int64]
    BoolArray = NDArray[np.bool_]

__all__ = ["Normalisation", "RankResult", "topsis", "weighted_sum"]

Normalisation = Literal["linear", "minmax", "vector", "sum", "none"]
_NORMALISATIONS = ("linear", "minmax", "vector", "sum", "none")


@dataclass(frozen=True, slots=True)
class RankResult:
    """Scores and ranks of candidates.

    Attributes
    ----------
    scores : ndarray of float64, shape (m,)
        Score per candidate; higher is better.
    ranks : ndarray of int64, shape (m,)
        Rank per candidate, 1 = best.  Ties are broken by index (the lower
        index gets the better rank).
    order : ndarray of int64, shape (m,)
        Candidate indices from best to worst (``order[0]`` is the winner).
    ties : tuple of tuple of int
        Groups of candidates whose scores are equal (within a relative
        1e-12), best group first, indices ascending.  Empty if no ties.
    """

    scores: FloatArray
    ranks: IntArray
    order: IntArray
    ties: tuple[tuple[int, ...], ...]

    @property
    def winner(self) -> int:
        """Index of the top-ranked candidate."""
        return int(self.order[0])


def _prepare(
    matrix: ArrayLike,
    weights: ArrayLike,
    benefit: ArrayLike,
    allow_negative: bool,
    normalise: bool = True,
) -> tuple[FloatArray, FloatArray, BoolArray, FloatArray, float]:
    """Validate a decision problem.

    Returns ``x, w, benefit, extremes, low`` where ``extremes[0]`` holds the
    column maxima, ``extremes[1]`` the column minima and ``low`` the smallest
    entry of the matrix.
    """
    x = as_float_array(matrix, "matrix", 2)
    n = x.shape[1]
    # TOPSIS closeness is invariant to the scale of the weights.
    w = check_weights(weights, n, normalise=normalise)
    b = as_bool_vector(benefit, "benefit", n)
    ext: FloatArray = np.empty((2, n))
    np.maximum.reduce(x, axis=0, out=ext[0])
    np.minimum.reduce(x, axis=0, out=ext[1])
    # Python's min/max on the 2n column extremes beat two numpy reductions
    # for the small matrices of the UI; NaN is caught by the sum first.
    extremes = ext.ravel().tolist()
    if not math.isfinite(sum(extremes)) and not np.isfinite(ext).all():
        raise ValueError(describe_bad_values(x, "matrix", allow_negative=allow_negative))
    low = min(extremes[n:])
    high = max(extremes[:n])
    if not ((low >= 0.0 or (allow_negative and low > -math.inf)) and high < math.inf):
        raise ValueError(describe_bad_values(x, "matrix", allow_negative=allow_negative))
    return x, w, b, ext, low


def _result(scores: FloatArray) -> RankResult:
    ranks, order, ties = rank_descending(scores)
    return RankResult(scores, ranks, order, ties)


def weighted_sum(
    matrix: ArrayLike,
    weights: ArrayLike,
    benefit: ArrayLike,
    *,
    normalisation: Normalisation = "linear",
) -> RankResult:
    r"""Simple additive weighting (weighted sum model).

    .. math::  S_i = \sum_j w_j \, r_{ij}

    with the normalised performance :math:`r_{ij}` chosen by ``normalisation``
    (for benefit criteria / cost criteria):

    * ``"linear"`` (default): :math:`x_{ij}/\max_i x_{ij}` and
      :math:`\min_i x_{ij}/x_{ij}` -- the classical SAW of Hwang & Yoon
      (1981) and the "lowest price / price" rule of tender scoring.  Cost
      columns must be strictly positive.
    * ``"minmax"``: :math:`(x-\min)/(\max-\min)` and :math:`(\max-x)/(\max-\min)`;
      a constant column scores 1 for everybody.
    * ``"vector"``: :math:`x/\lVert x\rVert_2` and :math:`1 - x/\lVert x\rVert_2`.
    * ``"sum"``: :math:`x/\sum x` and :math:`x^{-1}/\sum x^{-1}`.
    * ``"none"``: raw values, cost criteria enter with a negative sign.

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Performance of m candidates on n criteria.  Must be finite; it must be
        non-negative except for ``"minmax"`` and ``"none"``.
    weights : array_like, shape (n,)
        Non-negative criterion weights, normalised to sum to 1.
    benefit : array_like of bool, shape (n,)
        True for a benefit criterion (more is better), False for a cost
        criterion (less is better).
    normalisation : {"linear", "minmax", "vector", "sum", "none"}

    Returns
    -------
    RankResult

    References
    ----------
    Hwang, C.-L., & Yoon, K. (1981). *Multiple Attribute Decision Making:
    Methods and Applications*. Springer, ch. 3 (SAW).
    Fishburn, P. C. (1967). Additive utilities with incomplete product sets.
    *Operations Research* 15(3), 537-542.
    """
    allow_negative = normalisation in ("minmax", "none")
    if normalisation not in _NORMALISATIONS:
        raise ValueError(f"normalisation: expected one of {', '.join(_NORMALISATIONS)}, got {normalisation!r}")
    x, w, b, ext, low = _prepare(matrix, weights, benefit, allow_negative)
    return _result(_weighted_sum_scores(x, w, b, ext, low, normalisation))


def _weighted_sum_scores(  # noqa: PLR0917
    x: FloatArray,
    w: FloatArray,
    b: BoolArray,
    ext: FloatArray,
    low: float,
    normalisation: str,
) -> FloatArray:
    """Scores of a validated problem."""
    if normalisation == "linear" and low > 0.0 and x.size >= 4096:
        # Large matrices: avoid materialising the normalised matrix; one pass
        # over x for the benefit part, one over the cost columns only.
        scores: FloatArray = x @ np.where(b, w / ext[0], 0.0)
        if not b.all():
            cost = np.flatnonzero(~b)
            inv = x[:, cost]
            np.reciprocal(inv, out=inv)
            scores += inv @ (w[cost] * ext[1][cost])
        return scores
    out: FloatArray = _normalised(x, b, ext, low, normalisation) @ w
    return out


def _normalised(  # noqa: PLR0911 - one return per normalisation
    x: FloatArray, b: BoolArray, ext: FloatArray, low: float, normalisation: str
) -> FloatArray:
    """Normalised matrix r_ij for the weighted sum (see :func:`weighted_sum`)."""
    cmax = ext[0]
    cmin = ext[1]
    if normalisation == "linear":
        if low > 0.0:
            # benefit: x / max ; cost: min / x  -- one division for both
            num = np.where(b, x, cmin)
            np.divide(num, np.where(b, cmax, x), out=num)
            return num
        cost = ~b
        if not (cmin[cost] > 0.0).all():
            raise ValueError(
                "matrix: cost criteria need strictly positive values for linear "
                "normalisation (min / x); use normalisation='minmax' instead"
            )
        if not (cmax[b] > 0.0).all():
            raise ValueError("matrix: a benefit column is all zero; linear normalisation divides by its maximum")
        safe = np.where(b, 1.0, x)
        num = np.where(b, x, cmin)
        np.divide(num, np.where(b, cmax, safe), out=num)
        return num
    if normalisation == "minmax":
        span = cmax - cmin
        const_col = span == 0.0
        span[const_col] = 1.0
        r = np.where(b, x - cmin, cmax - x)
        r /= span
        r[:, const_col] = 1.0
        mm: FloatArray = r
        return mm
    if normalisation == "vector":
        norm = np.sqrt(np.einsum("ij,ij->j", x, x))
        norm[norm == 0.0] = 1.0
        r = x / norm
        vec: FloatArray = np.where(b, r, 1.0 - r)
        return vec
    if normalisation == "sum":
        total = x.sum(axis=0)
        if not (total[b] > 0.0).all():
            raise ValueError("matrix: a benefit column sums to zero; sum normalisation divides by it")
        if not b.all():
            if not (cmin[~b] > 0.0).all():
                raise ValueError("matrix: cost criteria need strictly positive values for sum normalisation")
            inv = 1.0 / np.where(b, 1.0, x)
            return np.where(b, x / np.where(b, total, 1.0), inv / inv.sum(axis=0))
        return x / total
    # "none": raw values, cost criteria negated
    return np.where(b, x, -x)


def topsis(matrix: ArrayLike, weights: ArrayLike, benefit: ArrayLike) -> RankResult:
    r"""TOPSIS: closeness to the ideal solution (Hwang & Yoon 1981).

    With vector normalisation and weighting
    :math:`v_{ij} = w_j\, x_{ij} / \sqrt{\sum_k x_{kj}^2}`, the positive ideal
    :math:`v_j^+` is the best value of column j (maximum for a benefit
    criterion, minimum for a cost criterion) and the negative ideal
    :math:`v_j^-` the worst.  With Euclidean distances
    :math:`D_i^\pm = \lVert v_i - v^\pm \rVert_2` the score is the relative
    closeness

    .. math::  C_i = \frac{D_i^-}{D_i^+ + D_i^-} \in [0, 1].

    If every candidate is identical (:math:`D^+ = D^- = 0`) all scores are 0.5.
    A column that is entirely zero carries no information and is ignored.

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Non-negative, finite performance of m candidates on n criteria.
    weights : array_like, shape (n,)
        Non-negative criterion weights, normalised to sum to 1.
    benefit : array_like of bool, shape (n,)
        True for a benefit criterion, False for a cost criterion.

    Returns
    -------
    RankResult
        ``scores`` are the relative closeness values :math:`C_i`.

    References
    ----------
    Hwang, C.-L., & Yoon, K. (1981). *Multiple Attribute Decision Making:
    Methods and Applications*. Springer, pp. 128-140.
    """
    x, w, b, ext, low = _prepare(matrix, weights, benefit, False, normalise=False)
    # squared weights over squared column norms: v_ij - v_j = s_j (x_ij - x_j)
    sumsq = np.einsum("ij,ij->j", x, x)
    if low > 0.0:
        s2 = w * w
        s2 /= sumsq
    else:
        zero = sumsq == 0.0
        sumsq[zero] = 1.0
        s2 = w * w
        s2 /= sumsq
        s2[zero] = 0.0
    # row 0: positive ideal, row 1: negative ideal (unweighted units)
    ideal = np.where(b, ext, ext[::-1])
    d = x - ideal[:, None, :]
    np.square(d, out=d)
    dist = np.sqrt(d @ s2)
    d_neg = dist[1]
    denom = dist[0] + d_neg
    if float(np.minimum.reduce(denom)) > 0.0:
        scores: FloatArray = d_neg / denom
    else:
        scores = np.full_like(denom, 0.5)
        ok = denom > 0.0
        scores[ok] = d_neg[ok] / denom[ok]
    return _result(scores)
