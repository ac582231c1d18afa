"""Input validation shared by all decisioncore modules.

Every public function converts its inputs with these helpers.  They raise
:class:`ValueError` whose message names the offending argument and the
problem, so that a web form can show it next to the right field.

The helpers are written for speed on small inputs: the common case (a
float64 array that is already valid) costs a handful of reductions; the
precise diagnosis is only computed once something is known to be wrong.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

    FloatArray = NDArray[np.float64]
    BoolArray = NDArray[np.bool_]

__all__: list[str] = []


def as_float_array(value: ArrayLike, name: str, ndim: int) -> FloatArray:
    """Return ``value`` as a float64 ndarray with ``ndim`` dimensions.

    Raises
    ------
    ValueError
        If the value cannot be converted, has the wrong number of dimensions
        or is empty.
    """
    if type(value) is np.ndarray and value.dtype == np.float64:
        arr: FloatArray = value
    else:
        try:
            arr = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{name}: cannot be read as numbers ({exc})") from None
    if arr.ndim != ndim:
        raise ValueError(
            f"{name}: expected a {ndim}-dimensional array, got {arr.ndim} dimension(s) with shape {arr.shape}"
        )
    if arr.size == 0:
        raise ValueError(f"{name}: must not be empty (shape {arr.shape})")
    return arr


def as_bool_vector(value: ArrayLike, name: str, length: int) -> BoolArray:
    """Return ``value`` as a boolean vector of the given length."""
    if type(value) is np.ndarray and value.dtype == np.bool_:
        arr: BoolArray = value
    else:
        raw = np.asarray(value)
        if raw.dtype != np.bool_:
            if raw.dtype.kind not in "iuf" or raw.size == 0:
                raise ValueError(f"{name}: expected booleans (True = benefit criterion)")
            if not np.isin(raw, (0, 1)).all():
                raise ValueError(f"{name}: expected booleans or 0/1, got {raw.tolist()!r}")
        arr = raw.astype(np.bool_, copy=False)
    if arr.ndim != 1 or arr.shape[0] != length:
        raise ValueError(f"{name}: expected {length} entries (one per criterion), got shape {arr.shape}")
    return arr


def describe_bad_values(arr: FloatArray, name: str, *, allow_negative: bool) -> str:
    """Return a message naming the first NaN, infinite or negative entry."""
    bad = np.isnan(arr)
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        return f"{name}: contains NaN at index {_fmt_index(idx)}"
    bad = ~np.isfinite(arr)
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        return f"{name}: contains an infinite value at index {_fmt_index(idx)}"
    if not allow_negative:
        bad = arr < 0
        if bad.any():
            idx = tuple(int(i) for i in np.argwhere(bad)[0])
            return f"{name}: must not be negative, found {float(arr[idx])!r} at index {_fmt_index(idx)}"
    return f"{name}: invalid values"


def _fmt_index(idx: tuple[int, ...]) -> str:
    return str(idx[0]) if len(idx) == 1 else str(idx)


def check_weights(weights: ArrayLike, n: int, name: str = "weights", *, normalise: bool = True) -> FloatArray:
    """Validate a weight vector of length ``n`` and return it normalised to sum 1.

    Weights must be finite, non-negative and not all zero.  They are divided by
    their sum (unless ``normalise`` is false), so percentages such as
    ``[30, 20, 50]`` are accepted.  A vector whose sum is within 1e-12 of 1 is
    returned as is.
    """
    w = as_float_array(weights, name, 1)
    if w.shape[0] != n:
        raise ValueError(f"{name}: expected {n} entries (one per criterion), got {w.shape[0]}")
    # For the short vectors seen here, Python's min/sum on a list beat numpy's
    # reductions.  NaN propagates through sum and fails ``total < inf``.
    values = w.tolist()
    total = sum(values)
    if not total < math.inf or min(values) < 0.0:
        raise ValueError(describe_bad_values(w, name, allow_negative=False))
    if total <= 0.0:
        raise ValueError(f"{name}: must not all be zero")
    if not normalise or abs(total - 1.0) <= 1e-12:
        return w
    out: FloatArray = w / total
    return out
