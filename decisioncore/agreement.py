"""Agreement between evaluators: score aggregation and Kendall's W."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from decisioncore._special import chi2_sf
from decisioncore._validation import as_float_array

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

    FloatArray = NDArray[np.float64]
    IntArray = NDArray[np.int64]
    BoolArray = NDArray[np.bool_]

__all__ = ["DISAGREEMENT_SHARE", "AgreementResult", "KendallResult", "aggregate_scores", "kendall_w"]

#: Spread (max - min) of at least this share of the scale width flags
#: disagreement, the rule of thumb procurement scoring tools use.
DISAGREEMENT_SHARE = 0.30


@dataclass(frozen=True, slots=True)
class AgreementResult:
    """Result of :func:`aggregate_scores`; all arrays are candidates x criteria.

    Attributes
    ----------
    mean : ndarray of float64
        Mean of the scores given (NaN where nobody scored).
    spread : ndarray of float64
        Max minus min of the scores given (NaN where nobody scored, 0 for a
        single score).
    count : ndarray of int64
        Number of evaluators who scored.
    disagreement : ndarray of bool
        ``spread >= threshold`` (False where fewer than two scored).
    threshold : float
        The spread that counts as disagreement,
        ``share * (scale_max - scale_min)``.
    """

    mean: FloatArray
    spread: FloatArray
    count: IntArray
    disagreement: BoolArray
    threshold: float


def aggregate_scores(
    scores: ArrayLike,
    *,
    scale_min: float = 1.0,
    scale_max: float = 5.0,
    share: float = DISAGREEMENT_SHARE,
) -> AgreementResult:
    r"""Mean, spread and disagreement of evaluators' scores.

    For evaluator e, candidate i and criterion j with scores :math:`x_{eij}`
    (NaN = not scored), over the evaluators who scored:

    .. math::  \bar x_{ij} = \frac{1}{|E_{ij}|}\sum_{e \in E_{ij}} x_{eij},
       \qquad s_{ij} = \max_e x_{eij} - \min_e x_{eij},

    and a disagreement flag :math:`s_{ij} \ge 0.3\,(\text{max} - \text{min})`
    of the scoring scale (on a 1-5 scale a spread of 1.2, i.e. two points).

    Parameters
    ----------
    scores : array_like, shape (evaluators, candidates, criteria)
        Scores on the scale; NaN where an evaluator did not score.
    scale_min, scale_max : float
        The scoring scale; scores outside it are rejected.
    share : float
        Share of the scale width that counts as disagreement.

    Notes
    -----
    The 30 % threshold is a convention taken from procurement scoring
    practice (issue 3 of this project), not a statistical test; pass
    ``share`` to change it.  Use :func:`kendall_w` for a test of agreement on
    rankings.
    """
    x = as_float_array(scores, "scores", 3)
    if not (math.isfinite(scale_min) and math.isfinite(scale_max) and scale_min < scale_max):
        raise ValueError(f"scale_min/scale_max: need finite scale_min < scale_max, got {scale_min!r}, {scale_max!r}")
    if not (0.0 < share <= 1.0):
        raise ValueError(f"share: must be in (0, 1], got {share!r}")
    valid = ~np.isnan(x)
    finite = np.isfinite(x)
    if (valid & ~finite).any():
        idx = tuple(int(i) for i in np.argwhere(valid & ~finite)[0])
        raise ValueError(f"scores: contains an infinite value at index {idx}")
    outside = valid & ((x < scale_min) | (x > scale_max))
    if outside.any():
        idx = tuple(int(i) for i in np.argwhere(outside)[0])
        raise ValueError(f"scores: {float(x[idx])!r} at index {idx} is outside the scale {scale_min:g}..{scale_max:g}")
    count = valid.sum(axis=0).astype(np.int64)
    scored = count > 0
    total = np.where(valid, x, 0.0).sum(axis=0)
    mean = np.full(total.shape, np.nan)
    np.divide(total, count, out=mean, where=scored)
    hi = np.where(valid, x, -np.inf).max(axis=0)
    lo = np.where(valid, x, np.inf).min(axis=0)
    spread = np.full(total.shape, np.nan)
    np.subtract(hi, lo, out=spread, where=scored)
    threshold = share * (scale_max - scale_min)
    # Allow for rounding so that a spread of exactly the threshold counts.
    disagreement = (count >= 2) & (np.nan_to_num(spread, nan=0.0) >= threshold - 1e-9)
    return AgreementResult(mean, spread, count, disagreement, threshold)


@dataclass(frozen=True, slots=True)
class KendallResult:
    """Result of :func:`kendall_w`.

    Attributes
    ----------
    w : float
        Kendall's coefficient of concordance, tie-corrected, in [0, 1]
        (NaN if every rater tied every object).
    chi2 : float
        Test statistic :math:`m (n - 1) W`.
    df : int
        Degrees of freedom, n - 1.
    p_value : float
        Upper-tail chi-square probability (H0: no agreement).
    raters, objects : int
        m and n.
    """

    w: float
    chi2: float
    df: int
    p_value: float
    raters: int
    objects: int


def _average_ranks(row: FloatArray) -> tuple[FloatArray, float]:
    """Average (mid) ranks of one rater and that rater's sum of t^3 - t."""
    n = row.shape[0]
    order = np.argsort(row, kind="stable")
    sorted_row = row[order]
    # boundaries of tie groups
    new_group = np.empty(n, dtype=bool)
    new_group[0] = True
    np.not_equal(sorted_row[1:], sorted_row[:-1], out=new_group[1:])
    starts = np.flatnonzero(new_group)
    sizes = np.diff(np.append(starts, n))
    mid = starts + (sizes + 1) / 2.0  # average of positions start+1 .. start+size
    ranks = np.empty(n)
    ranks[order] = np.repeat(mid, sizes)
    ties = float(np.sum(sizes.astype(np.float64) ** 3 - sizes))
    return ranks, ties


def kendall_w(rankings: ArrayLike) -> KendallResult:
    r"""Kendall's W: how much m raters agree on the order of n objects.

    Each row is one rater's ranks or scores of the objects (only the order
    within a row matters; equal values are ties and get mid-ranks).  With
    :math:`R_i` the rank sum of object i, :math:`S = \sum_i (R_i - \bar R)^2`
    and :math:`T_j = \sum (t^3 - t)` over rater j's groups of t tied objects:

    .. math::  W = \frac{12 S}{m^2 (n^3 - n) - m \sum_j T_j}

    and :math:`\chi^2 = m (n - 1) W` with n - 1 degrees of freedom (a large-m
    approximation; for few raters and objects the p-value is indicative).

    Parameters
    ----------
    rankings : array_like, shape (raters, objects)
        At least 2 raters and 2 objects; finite values.

    References
    ----------
    Kendall, M. G., & Babington Smith, B. (1939). The problem of m rankings.
    *Annals of Mathematical Statistics* 10(3), 275-287.
    Siegel, S., & Castellan, N. J. (1988). *Nonparametric Statistics for the
    Behavioral Sciences*, 2nd ed., McGraw-Hill, sec. 9.4 (tie correction).
    """
    r = as_float_array(rankings, "rankings", 2)
    m, n = r.shape
    if m < 2 or n < 2:
        raise ValueError(f"rankings: need at least 2 raters and 2 objects, got shape {r.shape}")
    if not np.isfinite(r).all():
        idx = tuple(int(i) for i in np.argwhere(~np.isfinite(r))[0])
        raise ValueError(f"rankings: contains NaN or infinity at index {idx}")
    ranked = np.empty_like(r)
    tie_sum = 0.0
    for j in range(m):
        ranked[j], t = _average_ranks(r[j])
        tie_sum += t
    rank_sums = ranked.sum(axis=0)
    s = float(np.sum((rank_sums - m * (n + 1) / 2.0) ** 2))
    denom = m * m * (n**3 - n) - m * tie_sum
    df = n - 1
    if denom <= 0.0:
        return KendallResult(math.nan, math.nan, df, math.nan, m, n)
    w = min(max(12.0 * s / denom, 0.0), 1.0)
    chi2 = m * (n - 1) * w
    return KendallResult(w, chi2, df, chi2_sf(chi2, df), m, n)
