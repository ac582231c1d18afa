"""AHP, agreement and input validation against values worked out independently.

AHP eigenvalues are checked against LAPACK (``numpy.linalg.eigvals``), a different algorithm
from the repeated squaring in ``ahp_weights``; Kendall's W against a plain double loop.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import decisioncore as dc

#: Saaty (1980), table 1.3, typed in here independently of decisioncore.RANDOM_INDEX.
SAATY_RI = {3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49, 11: 1.51, 12: 1.48, 13: 1.56,
            14: 1.57, 15: 1.59}  # fmt: skip


def _reciprocal(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    scale = np.array([1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9])
    a = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            a[i, j] = rng.choice(scale)
            a[j, i] = 1 / a[i, j]
    return a


def _lapack(a: np.ndarray) -> tuple[np.ndarray, float]:
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    v = np.abs(vectors[:, k].real)
    return v / v.sum(), float(values[k].real)


def test_inconsistent_3x3_by_hand() -> None:
    """a12 = 2, a23 = 2 but a13 = 1/2 instead of 4: strongly inconsistent.

    The matrix is circulant-like: every row holds 1, 2 and 1/2, so w = (1/3, 1/3, 1/3) and
    lambda_max = 1 + 2 + 1/2 = 3.5; CI = 0.25, CR = 0.25 / 0.58 = 0.431."""
    a = np.array([[1, 2, 0.5], [0.5, 1, 2], [2, 0.5, 1]])
    r = dc.ahp_weights(a)
    np.testing.assert_allclose(r.weights, [1 / 3] * 3)
    assert r.lambda_max == pytest.approx(3.5)
    assert r.ci == pytest.approx(0.25)
    assert r.cr == pytest.approx(0.25 / 0.58)
    assert not r.is_consistent
    # every judgement is off by the same factor 2 (equal up to rounding): all three are reported
    pairs = sorted(r.inconsistent_pairs, key=lambda p: (p.row, p.col))
    assert [(p.row, p.col, p.judgement) for p in pairs] == [(0, 1, 2.0), (0, 2, 0.5), (1, 2, 2.0)]
    for p in pairs:
        assert p.consistent_value == pytest.approx(1.0)
        assert p.deviation == pytest.approx(math.log(2))


@pytest.mark.parametrize("n", sorted(SAATY_RI))
def test_random_index_and_eigenvalue_for_every_size(n: int) -> None:
    a = _reciprocal(n, n)
    r = dc.ahp_weights(a, max_pairs=2)
    w, lam = _lapack(a)
    np.testing.assert_allclose(r.weights, w, rtol=1e-9)
    assert r.lambda_max == pytest.approx(lam, rel=1e-9)
    ci = (lam - n) / (n - 1)
    assert r.ci == pytest.approx(ci, rel=1e-8)
    assert r.cr == pytest.approx(ci / SAATY_RI[n], rel=1e-8)
    assert len(r.inconsistent_pairs) == 2
    assert r.max_pairs == 2


def test_consistency_boundary_and_no_pairs_for_consistent_matrices() -> None:
    ok = dc.AhpResult(np.ones(3) / 3, 3.0, 0.058, 0.10, np.ones((3, 3)))
    assert ok.is_consistent
    assert not dc.AhpResult(np.ones(3) / 3, 3.0, 0.0581, 0.1001, np.ones((3, 3))).is_consistent
    consistent = dc.ahp_weights(np.array([[1, 2, 4], [0.5, 1, 2], [0.25, 0.5, 1]]))
    assert consistent.inconsistent_pairs == ()
    assert consistent.cr == pytest.approx(0.0, abs=1e-12)
    assert dc.ahp_weights(np.array([[1, 2, 0.5], [0.5, 1, 2], [2, 0.5, 1]]), max_pairs=0).inconsistent_pairs == ()


def test_more_than_15_criteria_is_rejected() -> None:
    with pytest.raises(ValueError, match="at most 15"):
        dc.ahp_weights(np.ones((16, 16)))


def test_weighted_aggregation_by_hand() -> None:
    """Two evaluators, a12 = 4 and 1/4... weights 3:1 give 4^0.75 * 0.25^0.25 = 2."""
    m1 = np.array([[1, 4], [0.25, 1]])
    m2 = np.array([[1, 0.25], [4, 1]])
    np.testing.assert_allclose(dc.ahp_aggregate([m1, m2], weights=[3, 1]), [[1, 2], [0.5, 1]])
    with pytest.raises(ValueError, match="one per matrix"):
        dc.ahp_aggregate([m1, m2], weights=[1, 1, 1])


def _plain_kendall(r: np.ndarray) -> float:
    m, n = r.shape
    ranks = np.zeros((m, n))
    ties = 0.0
    for j in range(m):
        for i in range(n):
            below = sum(1 for k in range(n) if r[j, k] < r[j, i])
            equal = sum(1 for k in range(n) if r[j, k] == r[j, i])
            ranks[j, i] = below + (equal + 1) / 2
        for v in set(r[j].tolist()):
            t = int((r[j] == v).sum())
            ties += t**3 - t
    sums = ranks.sum(axis=0)
    s = ((sums - sums.mean()) ** 2).sum()
    return 12 * s / (m * m * (n**3 - n) - m * ties)


def test_kendall_w_with_ties_against_a_plain_double_loop() -> None:
    rng = np.random.default_rng(4)
    for m, n in [(2, 3), (3, 5), (5, 8)]:
        r = rng.integers(1, 4, (m, n)).astype(float)
        res = dc.kendall_w(r)
        assert res.w == pytest.approx(_plain_kendall(r))
        assert res.chi2 == pytest.approx(m * (n - 1) * res.w)
        assert res.df == n - 1
        assert (res.raters, res.objects) == (m, n)


def test_aggregate_scores_with_partly_scored_cells() -> None:
    """Four evaluators; cell (0, 0) scored by 2 (1 and 4: spread 3), cell (0, 1) by 3 (2, 2, 3),
    cell (1, 0) by one (5), cell (1, 1) by nobody."""
    nan = math.nan
    s = np.array(
        [
            [[1, 2], [nan, nan]],
            [[nan, 2], [5, nan]],
            [[4, nan], [nan, nan]],
            [[nan, 3], [nan, nan]],
        ]
    )
    r = dc.aggregate_scores(s)
    np.testing.assert_allclose(r.mean, [[2.5, 7 / 3], [5, nan]])
    np.testing.assert_allclose(r.spread, [[3, 1], [0, nan]])
    assert r.count.tolist() == [[2, 3], [1, 0]]
    assert r.disagreement.tolist() == [[True, False], [False, False]]


@pytest.mark.parametrize(("lo", "hi"), [(3, 3), (5, 1), (math.inf, 5), (1, math.nan)])
def test_degenerate_scales_are_rejected(lo: float, hi: float) -> None:
    with pytest.raises(ValueError, match="scale_min"):
        dc.aggregate_scores(np.ones((1, 1, 1)), scale_min=lo, scale_max=hi)


def test_scores_on_the_edges_of_the_scale_are_accepted_and_share_one_is_allowed() -> None:
    r = dc.aggregate_scores(np.array([[[1.0]], [[5.0]]]), share=1.0)
    assert r.threshold == 4.0
    assert r.disagreement.tolist() == [[True]]
    with pytest.raises(ValueError, match="outside the scale"):
        dc.aggregate_scores(np.array([[[0.999]]]))


def test_benefit_flags_as_zero_and_one() -> None:
    x = np.array([[1.0, 4.0], [2.0, 2.0]])
    as_ints = dc.weighted_sum(x, [1, 1], [1, 0])
    as_bools = dc.weighted_sum(x, [1, 1], [True, False])
    np.testing.assert_array_equal(as_ints.scores, as_bools.scores)
    np.testing.assert_array_equal(dc.weighted_sum(x, [1, 1], np.array([1.0, 0.0])).scores, as_bools.scores)
    for bad, message in [([1, 2], "0/1"), (["yes", "no"], "booleans"), ([], "booleans"), ([1], "2 entries")]:
        with pytest.raises(ValueError, match=message):
            dc.weighted_sum(x, [1, 1], bad)


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ([1, math.inf], "infinite"),
        ([1, math.nan], "NaN"),
        ([1, -1], "negative"),
        ([0, 0], "all be zero"),
        ([1], "2 entries"),
        ([[1, 1]], "1-dimensional"),
        ([], "empty|1-dimensional"),
    ],
)
def test_invalid_weights(weights: object, message: str) -> None:
    with pytest.raises(ValueError, match=message) as err:
        dc.weighted_sum(np.ones((2, 2)), weights, [True, True])
    assert str(err.value).startswith("weights: ")


def test_weights_that_already_sum_to_one_are_used_as_given() -> None:
    r = dc.weight_sensitivity(np.array([[1.0, 2.0], [2.0, 1.0]]), [0.25, 0.75], [True, True])
    np.testing.assert_array_equal(r.weights, [0.25, 0.75])
    r = dc.weight_sensitivity(np.array([[1.0, 2.0], [2.0, 1.0]]), [25, 75], [True, True])
    np.testing.assert_allclose(r.weights, [0.25, 0.75])
