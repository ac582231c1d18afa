"""Turning a score vector into ranks, with deterministic and reported ties."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

    FloatArray = NDArray[np.float64]
    IntArray = NDArray[np.int64]

#: Two scores closer than this (relative to the largest absolute score) count
#: as a tie.  Mathematically equal scores computed along different paths can
#: differ in the last bits; treating them as ties keeps the order stable.
TIE_RTOL = 1e-12


def rank_descending(
    scores: FloatArray,
) -> tuple[IntArray, IntArray, tuple[tuple[int, ...], ...]]:
    """Rank ``scores`` so that the highest score gets rank 1.

    Ties (scores within :data:`TIE_RTOL` of the largest absolute score) are
    broken by index: the candidate with the lower index gets the better rank.
    Returns ``(ranks, order, ties)`` where ``order[k]`` is the candidate at
    rank ``k + 1`` and ``ties`` lists each group of tied candidates (indices
    ascending), best group first.
    """
    m = scores.shape[0]
    if m <= _SMALL:
        return _rank_small(scores)
    # Any sort will do: tied candidates are contiguous in the sorted order and
    # _resolve_ties puts each group in ascending index order.
    order: IntArray = np.argsort(scores)[::-1]
    ties: tuple[tuple[int, ...], ...] = ()
    s = scores[order]
    gaps = s[:-1] - s[1:]
    tol = TIE_RTOL * max(abs(float(s[0])), abs(float(s[-1])))
    if float(np.minimum.reduce(gaps)) <= tol:
        order, ties = _resolve_ties(order, gaps <= tol)
    else:
        order = np.ascontiguousarray(order)
    ranks: IntArray = np.empty(m, dtype=np.int64)
    ranks[order] = np.arange(1, m + 1, dtype=np.int64)
    return ranks, order, ties


#: Up to this many candidates, ranking in plain Python beats numpy's per-call
#: overhead.
_SMALL = 24


def _rank_small(scores: FloatArray) -> tuple[IntArray, IntArray, tuple[tuple[int, ...], ...]]:
    values = scores.tolist()
    m = len(values)
    # Python's sort is stable, also with reverse=True: equal scores keep
    # ascending index order.
    order = sorted(range(m), key=values.__getitem__, reverse=True)
    tol = TIE_RTOL * max(abs(values[order[0]]), abs(values[order[-1]]))
    ties: list[tuple[int, ...]] = []
    k = 0
    while k < m - 1:
        if values[order[k]] - values[order[k + 1]] <= tol:
            start = k
            while k < m - 1 and values[order[k]] - values[order[k + 1]] <= tol:
                k += 1
            group = sorted(order[start : k + 1])
            order[start : k + 1] = group
            ties.append(tuple(group))
        k += 1
    ranks = [0] * m
    for position, cand in enumerate(order, 1):
        ranks[cand] = position
    return np.array(ranks, dtype=np.int64), np.array(order, dtype=np.int64), tuple(ties)


def _resolve_ties(order: IntArray, close: NDArray[np.bool_]) -> tuple[IntArray, tuple[tuple[int, ...], ...]]:
    order = np.ascontiguousarray(order)
    groups: list[tuple[int, ...]] = []
    flags = close.tolist()
    k = 0
    n = len(flags)
    while k < n:
        if not flags[k]:
            k += 1
            continue
        start = k
        while k < n and flags[k]:
            k += 1
        # positions start .. k (inclusive) form one group of tied candidates
        block = np.sort(order[start : k + 1])
        order[start : k + 1] = block
        groups.append(tuple(int(i) for i in block))
    return order, tuple(groups)
