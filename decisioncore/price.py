"""Turn prices into scores on the rubric scale, so price enters a ranking exactly once."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["price_scores"]


def price_scores(
    costs: Sequence[float] | NDArray[np.float64], *, scale_min: float = 1.0, scale_max: float = 5.0
) -> NDArray[np.float64]:
    r"""Score each cost on ``[scale_min, scale_max]`` by the lowest-price ratio.

    .. math::  s_i = s_{\min} + (s_{\max} - s_{\min}) \, \frac{\min_j c_j}{c_i}

    The cheapest candidate gets ``scale_max``; one twice as expensive gets the middle of the
    scale between ``scale_min`` and ``scale_max`` (3 on 1-5). Unlike min-max scaling, the score
    does not jump when a far more expensive candidate joins, and equal prices get equal scores.
    A cost of 0 makes every other score ``scale_min`` and its own ``scale_max``.

    References
    ----------
    The "lowest price / price x maximum points" formula of public procurement, e.g.
    Bergman, M. A. & Lundberg, S. (2013). Tender evaluation and supplier selection methods in
    public procurement. *Journal of Purchasing and Supply Management* 19(2), 73-83.
    """
    c = np.asarray(costs, dtype=np.float64)
    if c.ndim != 1 or c.size == 0:
        raise ValueError("costs: expected a non-empty one-dimensional sequence of amounts")
    if not np.all(np.isfinite(c)) or np.any(c < 0):
        raise ValueError("costs: every amount must be finite and >= 0")
    if not (math.isfinite(scale_min) and math.isfinite(scale_max) and scale_min < scale_max):
        raise ValueError(f"scale: need scale_min < scale_max, got {scale_min!r} and {scale_max!r}")
    lowest = float(c.min())
    if lowest == 0.0:
        return np.where(c == 0.0, scale_max, scale_min).astype(np.float64)
    result: NDArray[np.float64] = scale_min + (scale_max - scale_min) * (lowest / c)
    return result
