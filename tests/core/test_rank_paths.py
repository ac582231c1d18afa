"""The fast paths of the ranking code against plain implementations.

``rank_descending`` ranks more than 24 candidates with numpy (fewer in plain Python);
``weighted_sum`` skips the normalised matrix for linear normalisation of large matrices
(4096 cells or more).  Each path is compared with a plain re-implementation written in the
test, on cases that include exact ties, ties after an untied candidate and near-ties.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import decisioncore as dc
from decisioncore._ranking import TIE_RTOL, rank_descending


def _plain_rank(scores: list[float]) -> tuple[list[int], list[int], tuple[tuple[int, ...], ...]]:
    """Highest first; neighbours within TIE_RTOL x the largest |score| form one tie group, in index order."""
    m = len(scores)
    order = sorted(range(m), key=lambda i: (-scores[i], i))
    tol = TIE_RTOL * max(abs(s) for s in scores)
    groups: list[list[int]] = [[order[0]]]
    for prev, cur in itertools.pairwise(order):
        if scores[prev] - scores[cur] <= tol:
            groups[-1].append(cur)
        else:
            groups.append([cur])
    order = [i for g in groups for i in sorted(g)]
    ranks = [0] * m
    for pos, i in enumerate(order, 1):
        ranks[i] = pos
    return ranks, order, tuple(tuple(sorted(g)) for g in groups if len(g) > 1)


def _cases(m: int) -> list[np.ndarray]:
    rng = np.random.default_rng(m)
    near = rng.uniform(0, 1, m)
    near[1::3] = near[0::3][: len(near[1::3])] * (1 + 5e-13)  # near-ties within the tolerance
    chained = 1.0 - np.arange(m) * 0.9e-12  # each step a tie, the ends further apart than one step
    return [
        np.arange(m, dtype=float),  # ascending: order fully reversed
        np.arange(m, 0, -1, dtype=float),  # already in order
        np.array([3.0, 2.0, 2.0] + [1.0] * (m - 3)),  # ties after an untied candidate
        np.array([1.0] * (m - 1) + [2.0]),  # the last index wins, the rest tie
        rng.integers(0, 4, m).astype(float),  # many ties
        -rng.uniform(1, 2, m),  # negative scores
        near,
        chained[rng.permutation(m)],
        rng.uniform(0, 1, m),
    ]


@pytest.mark.parametrize("m", [3, 24, 25, 40])
def test_rank_descending_matches_a_plain_ranking(m: int) -> None:
    for scores in _cases(m):
        ranks, order, ties = rank_descending(scores)
        exp_ranks, exp_order, exp_ties = _plain_rank(scores.tolist())
        assert order.tolist() == exp_order, scores
        assert ranks.tolist() == exp_ranks
        assert ties == exp_ties
        assert ranks.dtype == np.int64
        assert order.dtype == np.int64


@pytest.mark.parametrize("pad", [0, 30], ids=["plain", "numpy"])
@pytest.mark.parametrize(
    "scores",
    [
        [1e6, 2.0, 2.0 + 5e-7, 0.0],  # tolerance from the best score: 1e-6, so the 2s tie
        [1.0, 0.5, 0.5 + 5e-7, -1e6],  # tolerance from the worst (largest |score|): the 0.5s tie
        [1e-6, 1e-6 * (1 + 2e-12), 0.0],  # relative: 2e-18 apart is no tie at this scale
        [0.0, 0.0, 0.0],  # all zero: tolerance 0, still one tie group
    ],
)
def test_tie_tolerance_is_relative_to_the_largest_score(scores: list[float], pad: int) -> None:
    """Padding with distinct scores between 0.11 and 0.39 moves the case onto the path for more
    than 24 candidates; the extremes stay first and last."""
    values = np.array(scores[:1] + np.linspace(0.11, 0.39, pad).tolist() + scores[1:])
    ranks, order, ties = rank_descending(values)
    exp_ranks, exp_order, exp_ties = _plain_rank(values.tolist())
    assert (order.tolist(), ranks.tolist(), ties) == (exp_order, exp_ranks, exp_ties)


def test_tie_groups_by_hand() -> None:
    assert rank_descending(np.array([1e6, 2.0, 2.0 + 5e-7, 0.0]))[2] == ((1, 2),)
    assert rank_descending(np.array([1.0, 0.5, 0.5 + 5e-7, -1e6]))[2] == ((1, 2),)
    assert rank_descending(np.array([1e-6, 1e-6 * (1 + 2e-12), 0.0]))[2] == ()
    assert rank_descending(np.zeros(3))[2] == ((0, 1, 2),)
    assert rank_descending(np.zeros(30))[2] == (tuple(range(30)),)


def test_rank_descending_by_hand_above_24() -> None:
    """30 candidates: 3, 2, 2, then 1 for everybody else, then one at 5 at the end."""
    scores = np.array([3.0, 2.0, 2.0] + [1.0] * 26 + [5.0])
    ranks, order, ties = rank_descending(scores)
    assert order.tolist() == [29, 0, 1, 2, *range(3, 29)]
    assert ranks[:4].tolist() == [2, 3, 4, 5]
    assert ranks[29] == 1
    assert ties == ((1, 2), tuple(range(3, 29)))


def test_ranking_through_weighted_sum_above_24_candidates() -> None:
    x = np.array([[float(v)] for v in range(30)])
    r = dc.weighted_sum(x, [1.0], [True], normalisation="none")
    assert r.order.tolist() == list(range(29, -1, -1))
    assert r.winner == 29
    assert r.ties == ()


def _plain_linear_scores(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    w = w / w.sum()
    out = np.zeros(x.shape[0])
    for j in range(x.shape[1]):
        col = x[:, j]
        out += w[j] * (col / col.max() if b[j] else col.min() / col)
    return out


@pytest.mark.parametrize(
    "benefit", [[True] * 8, [False] * 8, [True, False, True, True, False, True, True, False]], ids=["b", "c", "mixed"]
)
def test_weighted_sum_fast_path_for_large_matrices(benefit: list[bool]) -> None:
    rng = np.random.default_rng(11)
    x = rng.uniform(0.5, 9.0, (600, 8))  # 4800 cells: the fast path
    w = rng.uniform(1, 5, 8)
    b = np.array(benefit)
    before = x.copy()
    expected = _plain_linear_scores(x, w, b)
    r = dc.weighted_sum(x, w, b)
    np.testing.assert_allclose(r.scores, expected, rtol=1e-12)
    assert r.order.tolist() == np.argsort(-expected, kind="stable").tolist()
    # the input is left alone, and a small matrix (plain path) gives the same scores
    np.testing.assert_array_equal(x, before)
    small = dc.weighted_sum(x[:10], w, b)
    np.testing.assert_allclose(small.scores, _plain_linear_scores(x[:10], w, b), rtol=1e-12)


def test_linear_normalisation_with_zero_entries() -> None:
    """A zero in a benefit column scores 0; a zero benefit column maximum is an error."""
    x = np.array([[0.0, 2.0, 4.0], [5.0, 0.0, 2.0], [10.0, 4.0, 1.0]])
    b = np.array([True, True, False])
    w = np.array([0.5, 0.3, 0.2])
    r = dc.weighted_sum(x, w, b)
    np.testing.assert_allclose(r.scores, _plain_linear_scores(x, w, b))
    np.testing.assert_allclose(r.scores, [0.15 + 0.05, 0.25 + 0.1, 0.5 + 0.3 + 0.2])
    big = np.tile(x, (1400, 1))  # 12,600 cells with zeros: not the fast path, same scores
    np.testing.assert_allclose(dc.weighted_sum(big, w, b).scores, np.tile(r.scores, 1400))
    with pytest.raises(ValueError, match="benefit column is all zero"):
        dc.weighted_sum(np.array([[0.0, 1.0], [0.0, 2.0]]), [1, 1], [True, True])


def test_minmax_normalisation_with_zero_entries_and_a_constant_column() -> None:
    """(x - min)/(max - min) and (max - x)/(max - min); a constant column gives everybody 1."""
    x = np.array([[0.0, 3.0, 0.0], [2.0, 3.0, 4.0], [4.0, 3.0, 1.0]])
    b = np.array([True, True, False])
    r = dc.weighted_sum(x, [0.5, 0.25, 0.25], b, normalisation="minmax")
    np.testing.assert_allclose(r.scores, [0.25 + 0.25, 0.25 + 0.25 + 0.0, 0.5 + 0.25 + 0.1875])


def test_topsis_with_zero_entries_by_hand() -> None:
    """Two candidates, x = [[0, 1], [3, 1]], both benefit, weights 1/2: the second column is
    constant (no distance); v = w x / ||x|| gives 0 and 1/2 in column 1, so candidate 1 is the
    positive ideal (C = 1) and candidate 0 the negative one (C = 0)."""
    r = dc.topsis(np.array([[0.0, 1.0], [3.0, 1.0]]), [1, 1], [True, True])
    np.testing.assert_allclose(r.scores, [0.0, 1.0])
    # three candidates, one cost column with a zero: plain TOPSIS
    x = np.array([[0.0, 2.0], [1.0, 0.0], [2.0, 1.0]])
    w = np.array([0.6, 0.4])
    b = np.array([True, False])
    v = w * x / np.sqrt((x**2).sum(axis=0))
    best = np.where(b, v.max(axis=0), v.min(axis=0))
    worst = np.where(b, v.min(axis=0), v.max(axis=0))
    d_pos = np.sqrt(((v - best) ** 2).sum(axis=1))
    d_neg = np.sqrt(((v - worst) ** 2).sum(axis=1))
    np.testing.assert_allclose(dc.topsis(x, w, b).scores, d_neg / (d_pos + d_neg))
