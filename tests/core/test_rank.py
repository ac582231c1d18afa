"""Weighted sum and TOPSIS."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import decisioncore as dc

# Hwang, C.-L., & Yoon, K. (1981). Multiple Attribute Decision Making:
# Methods and Applications. Springer -- the fighter-aircraft example used
# throughout the book (TOPSIS: pp. 130-132).  Criteria: maximum speed (Mach),
# ferry range (NM), maximum payload (lb), acquisition cost (10^6 $, cost),
# reliability and manoeuvrability (linguistic ratings on the 1-9 interval
# scale: average = 5, low = 3, high = 7, very high = 9).  Weights
# (0.2, 0.1, 0.1, 0.1, 0.2, 0.3).
AIRCRAFT = np.array(
    [
        [2.0, 1500, 20000, 5.5, 5, 9],
        [2.5, 2700, 18000, 6.5, 3, 5],
        [1.8, 2000, 21000, 4.5, 7, 7],
        [2.2, 1800, 20000, 5.0, 5, 5],
    ]
)
AIRCRAFT_W = np.array([0.2, 0.1, 0.1, 0.1, 0.2, 0.3])
AIRCRAFT_B = np.array([True, True, True, False, True, True])


def test_topsis_fighter_aircraft_example() -> None:
    """Relative closeness of Hwang & Yoon's (1981) fighter-aircraft example.

    The book reports C* = 0.643, 0.268, 0.613, 0.312 (A1 > A3 > A4 > A2).  We
    reproduce these from memory of the book, not from a copy at hand, so the
    values are additionally cross-checked against pyDecision and pymcdm in
    ``test_topsis_agrees_with_peers`` below; the tolerance covers the book's
    three-decimal rounding of intermediate steps.
    """
    r = dc.topsis(AIRCRAFT, AIRCRAFT_W, AIRCRAFT_B)
    np.testing.assert_allclose(r.scores, [0.643, 0.268, 0.613, 0.312], atol=1.1e-3)
    assert r.order.tolist() == [0, 2, 3, 1]
    assert r.ranks.tolist() == [1, 4, 2, 3]
    assert r.winner == 0
    assert r.ties == ()


def test_topsis_agrees_with_pymcdm() -> None:
    # pymcdm is a dev dependency, so this cross-check always runs in `make test`.
    from pymcdm import normalizations
    from pymcdm.methods import TOPSIS

    rng = np.random.default_rng(7)
    for m, n in [(4, 6), (8, 7), (50, 12)]:
        x = rng.uniform(0.5, 10, (m, n))
        w = rng.dirichlet(np.ones(n))
        b = rng.random(n) < 0.6
        ours = dc.topsis(x, w, b).scores
        types = np.where(b, 1, -1)
        pymcdm = TOPSIS(normalizations.vector_normalization)(x, w, types)
        np.testing.assert_allclose(ours, pymcdm, rtol=1e-10)


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ("linear", "linear_normalization"),
        ("minmax", "minmax_normalization"),
        ("vector", "vector_normalization"),
        ("sum", "sum_normalization"),
    ],
)
def test_weighted_sum_normalisations_agree_with_pymcdm(ours: dc.Normalisation, theirs: str) -> None:
    from pymcdm import normalizations
    from pymcdm.methods import WSM

    rng = np.random.default_rng(3)
    x = rng.uniform(1, 10, (9, 5))
    w = rng.dirichlet(np.ones(5))
    b = np.array([True, False, True, False, True])
    expected = WSM(getattr(normalizations, theirs))(x, w, np.where(b, 1, -1))
    np.testing.assert_allclose(dc.weighted_sum(x, w, b, normalisation=ours).scores, expected, rtol=1e-12)


def test_weighted_sum_linear_by_hand() -> None:
    x = [[10, 200], [5, 100]]
    r = dc.weighted_sum(x, [0.5, 0.5], [True, False])
    # A: 0.5 * 10/10 + 0.5 * 100/200 = 0.75; B: 0.5 * 5/10 + 0.5 * 100/100 = 0.75
    np.testing.assert_allclose(r.scores, [0.75, 0.75])
    assert r.ties == ((0, 1),)
    assert r.ranks.tolist() == [1, 2]
    none = dc.weighted_sum(x, [1, 1], [True, False], normalisation="none")
    np.testing.assert_allclose(none.scores, [0.5 * 10 - 0.5 * 200, 0.5 * 5 - 0.5 * 100])


def test_ties_are_broken_by_index_and_reported() -> None:
    x = np.array([[1.0, 2.0], [3.0, 3.0], [1.0, 2.0], [3.0, 3.0], [2.0, 1.5]])
    r = dc.weighted_sum(x, [0.5, 0.5], [True, True])
    assert r.order.tolist()[:2] == [1, 3]
    assert r.ties[0] == (1, 3)
    assert (0, 2) in r.ties
    t = dc.topsis(x, [0.5, 0.5], [True, True])
    assert t.order.tolist()[:2] == [1, 3]
    assert t.ties[0] == (1, 3)


def test_identical_candidates_score_half_in_topsis() -> None:
    r = dc.topsis(np.ones((3, 2)), [0.5, 0.5], [True, False])
    np.testing.assert_allclose(r.scores, 0.5)
    assert r.ties == ((0, 1, 2),)


def test_zero_column_is_ignored_in_topsis() -> None:
    x = np.array([[1.0, 0.0], [2.0, 0.0]])
    r = dc.topsis(x, [0.5, 0.5], [True, True])
    np.testing.assert_allclose(r.scores, [0.0, 1.0])


matrices = st.tuples(st.integers(2, 12), st.integers(1, 6)).flatmap(
    lambda s: hnp.arrays(np.float64, s, elements=st.floats(0.1, 1000.0))
)


@settings(max_examples=80, deadline=None)
@given(matrices, st.data())
def test_topsis_ranking_invariant_to_scaling_a_benefit_criterion(x: np.ndarray, data: st.DataObject) -> None:
    n = x.shape[1]
    w = data.draw(hnp.arrays(np.float64, n, elements=st.floats(0.01, 1.0)))
    b = data.draw(hnp.arrays(np.bool_, n))
    j = data.draw(st.integers(0, n - 1))
    factor = data.draw(st.floats(1e-3, 1e3))
    b[j] = True
    before = dc.topsis(x, w, b)
    y = x.copy()
    y[:, j] *= factor
    after = dc.topsis(y, w, b)
    np.testing.assert_allclose(after.scores, before.scores, rtol=1e-9, atol=1e-12)
    # rankings may only differ between candidates whose scores tie numerically
    gap = np.diff(np.sort(before.scores))
    assume(gap.size == 0 or gap.min() > 1e-9)
    assert after.order.tolist() == before.order.tolist()


@settings(max_examples=60, deadline=None)
@given(matrices, st.data())
def test_rank_result_is_consistent(x: np.ndarray, data: st.DataObject) -> None:
    n = x.shape[1]
    w = data.draw(hnp.arrays(np.float64, n, elements=st.floats(0.0, 1.0)))
    assume(w.sum() > 0)
    b = data.draw(hnp.arrays(np.bool_, n))
    for r in (dc.topsis(x, w, b), dc.weighted_sum(x, w, b)):
        m = x.shape[0]
        assert sorted(r.ranks.tolist()) == list(range(1, m + 1))
        assert (r.ranks[r.order] == np.arange(1, m + 1)).all()
        # scores fall along the order, except inside a tie group (put in index order): ties chain
        # neighbours within the tolerance, so a group can span up to (size - 1) tolerances
        tol = 1e-12 * max(1.0, np.abs(r.scores).max())
        group_of = {c: g for g, group in enumerate(r.ties) for c in group}
        for a, c in itertools.pairwise(r.order.tolist()):
            if a in group_of and group_of[a] == group_of.get(c):
                assert abs(r.scores[c] - r.scores[a]) <= (len(r.ties[group_of[a]]) - 1) * tol
            else:
                assert r.scores[c] <= r.scores[a] + tol
        for group in r.ties:
            assert list(group) == sorted(group)
            positions = sorted(r.ranks[list(group)].tolist())
            assert positions == list(range(positions[0], positions[0] + len(group)))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"matrix": [[1, 2], [3, np.nan]]}, "matrix: contains NaN"),
        ({"matrix": [[1, 2], [3, -1]]}, "matrix: must not be negative"),
        ({"matrix": [[1, 2], [3, np.inf]]}, "matrix: contains an infinite"),
        ({"matrix": [1, 2]}, "matrix: expected a 2-dimensional"),
        ({"matrix": np.zeros((0, 2))}, "matrix: must not be empty"),
        ({"weights": [1, 2, 3]}, "weights: expected 2 entries"),
        ({"weights": [1, -1]}, "weights: must not be negative"),
        ({"weights": [0, 0]}, "weights: must not all be zero"),
        ({"weights": [np.nan, 1]}, "weights: contains NaN"),
        ({"benefit": [True]}, "benefit: expected 2 entries"),
        ({"benefit": ["yes", "no"]}, "benefit"),
        ({"matrix": [["a", 1], [2, 3]]}, "matrix: cannot be read"),
    ],
)
@pytest.mark.parametrize("method", [dc.topsis, dc.weighted_sum])
def test_invalid_input_names_the_argument(kwargs: dict[str, object], message: str, method: object) -> None:
    args: dict[str, object] = {"matrix": [[1.0, 2.0], [3.0, 4.0]], "weights": [0.5, 0.5], "benefit": [True, False]}
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        method(**args)  # type: ignore[operator]


def test_linear_normalisation_needs_positive_cost_values() -> None:
    with pytest.raises(ValueError, match="cost criteria need strictly positive"):
        dc.weighted_sum([[1, 0], [2, 3]], [0.5, 0.5], [True, False])
    r = dc.weighted_sum([[1, 0], [2, 3]], [0.5, 0.5], [True, False], normalisation="minmax")
    np.testing.assert_allclose(r.scores, [0.5, 0.5])
    neg = dc.weighted_sum([[-1, 0], [2, 3]], [0.5, 0.5], [True, True], normalisation="minmax")
    np.testing.assert_allclose(neg.scores, [0.0, 1.0])
    with pytest.raises(ValueError, match="normalisation"):
        dc.weighted_sum([[1, 0], [2, 3]], [0.5, 0.5], [True, True], normalisation="zscore")  # type: ignore[arg-type]
