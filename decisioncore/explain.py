"""One candidate's own profile: its strongest and weakest criteria relative to the weights.

Used for the award and regret letters (issue 16): each firm is told where it did well and where it
fell short, from its *own* values only, so that a letter never carries another firm's figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from decisioncore._validation import as_float_array

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["CandidateProfile", "candidate_profile"]


@dataclass(frozen=True, slots=True)
class CandidateProfile:
    """Result of :func:`candidate_profile`.

    Attributes
    ----------
    strongest : indices of the criteria that lifted the candidate most, best first.
    weakest : indices of the criteria that held it back most, weakest first (never one of
        ``strongest``).
    overall : the weighted mean of the values (NaN when no weighted criterion has a value).
    """

    strongest: tuple[int, ...]
    weakest: tuple[int, ...]
    overall: float


def candidate_profile(
    values: ArrayLike,
    weights: ArrayLike,
    *,
    scale_min: float = 1.0,
    scale_max: float = 5.0,
    count: int = 2,
) -> CandidateProfile:
    r"""Strongest and weakest criteria of one candidate, relative to the weights.

    For values :math:`x_j` on the scale :math:`[a, b]` with midpoint :math:`m = (a+b)/2` and
    weights :math:`w_j \ge 0`:

    * strength :math:`s_j = w_j (x_j - m)`; the strongest are the (at most ``count``) criteria
      with :math:`s_j > 0`, largest first: scored above the middle of the scale on what weighs;
    * shortfall :math:`f_j = w_j (b - x_j)`; the weakest are the (at most ``count``) other
      criteria with :math:`f_j > 0`, largest first: the most weighted points lost;
    * overall :math:`\sum_j w_j x_j / \sum_j w_j` over the criteria with a value.

    Criteria with weight 0 or no value (NaN) are neither strongest nor weakest. Ties keep the
    criteria order (stable sort).
    """
    x = as_float_array(values, "values", 1)
    w = as_float_array(weights, "weights", 1)
    if x.shape != w.shape:
        raise ValueError(f"weights: expected {x.shape[0]} weights, got {w.shape[0]}")
    if not (math.isfinite(scale_min) and math.isfinite(scale_max) and scale_min < scale_max):
        raise ValueError(f"scale_min/scale_max: need finite scale_min < scale_max, got {scale_min!r}, {scale_max!r}")
    if not np.isfinite(w).all() or (w < 0).any():
        raise ValueError("weights: must be finite and non-negative")
    if count < 0:
        raise ValueError(f"count: must be >= 0, got {count!r}")
    valid = ~np.isnan(x) & (w > 0)
    outside = valid & ((x < scale_min) | (x > scale_max))
    if outside.any():
        j = int(np.argwhere(outside)[0][0])
        raise ValueError(f"values: {float(x[j])!r} at index {j} is outside the scale {scale_min:g}..{scale_max:g}")
    middle = (scale_min + scale_max) / 2.0
    strength = np.where(valid, w * (x - middle), -np.inf)
    order = np.argsort(-strength, kind="stable")
    strongest = tuple(int(j) for j in order if strength[j] > 0)[:count]
    shortfall = np.where(valid, w * (scale_max - x), -np.inf)
    order = np.argsort(-shortfall, kind="stable")
    weakest = tuple(int(j) for j in order if shortfall[j] > 0 and int(j) not in strongest)[:count]
    total = float(w[valid].sum())
    overall = float((w[valid] * x[valid]).sum() / total) if total > 0 else math.nan
    return CandidateProfile(strongest, weakest, overall)
