"""SMAA-2 against values worked out by hand, and the "none" normalisation.

Monte Carlo figures are compared with their exact probabilities within about four standard
errors (sqrt(p (1 - p) / iterations) <= 0.0035 at 20,000 iterations), seeds fixed.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import decisioncore as dc
from decisioncore.robustness import _ranks

N = 20_000
TOL = 0.015


def _run(x: object, b: object, **kw: object) -> dc.SmaaResult:
    return dc.smaa(x, b, iterations=N, rng=np.random.default_rng(3), **kw)  # type: ignore[arg-type]


def test_uncertain_score_at_fixed_weights() -> None:
    """ "none": A = 0.75 U(1, 3) + 0.25 * 0, B = 0.75 * 2 + 0.25 * 0.8 = 1.7 (exact).

    P(A wins) = P(U > 1.7 / 0.75) = (3 - 2.2667) / 2 = 0.36667.  Confidence factors at the only
    weights there are: the same probabilities."""
    x = np.array([[2.0, 0.0], [2.0, 0.8]])
    spread = np.array([[1.0, 0.0], [0.0, 0.0]])
    r = _run(x, [True, True], weights=[0.75, 0.25], score_spread=spread, normalisation="none")
    p = (3.0 - 1.7 / 0.75) / 2.0
    np.testing.assert_allclose(r.win_probability, [p, 1 - p], atol=TOL)
    np.testing.assert_allclose(r.confidence, [p, 1 - p], atol=TOL)
    np.testing.assert_allclose(r.central_weights, [[0.75, 0.25], [0.75, 0.25]])


def test_uncertain_score_and_uniform_weights() -> None:
    """ "none", two criteria: A = (U(0, 2), 0), B = (0.5, 0.5); weights (w, 1 - w), w ~ U(0, 1).

    B's utility is 0.5 whatever the weights; A's is w U.  With V = U / 2 ~ U(0, 1):
    P(A wins) = P(w V > 1/4) = 1 - c + c ln c at c = 1/4 = 0.40343.
    A can only win with a large weight on criterion 1: E[w | w V > 1/4] =
    (int_{1/4}^1 w (1 - 1/(4w)) dw) / P = (15/32 - 3/16) / P = 0.69710."""
    x = np.array([[1.0, 0.0], [0.5, 0.5]])
    spread = np.array([[1.0, 0.0], [0.0, 0.0]])
    r = _run(x, [True, True], score_spread=spread, normalisation="none")
    c = 0.25
    p = 1 - c + c * math.log(c)
    np.testing.assert_allclose(r.win_probability, [p, 1 - p], atol=TOL)
    central_a = (15 / 32 - 3 / 16) / p
    np.testing.assert_allclose(r.central_weights[0], [central_a, 1 - central_a], atol=0.01)


def test_uncertain_cost_criterion_with_linear_normalisation() -> None:
    """One cost criterion, value L / x: A's price ~ U(1, 3), B's exactly 1.5; A wins when its
    price is lower: P = 0.25."""
    x = np.array([[2.0], [1.5]])
    r = _run(x, [False], score_spread=np.array([[1.0], [0.0]]), weights=[1.0])
    np.testing.assert_allclose(r.win_probability, [0.25, 0.75], atol=TOL)
    np.testing.assert_allclose(r.acceptability, [[0.25, 0.75], [0.75, 0.25]], atol=TOL)


def test_linear_value_functions_scale_by_the_column_maximum() -> None:
    """Benefit criterion 1 (x / H) and cost criterion 2 (L / x), weights (0.5, 0.5),
    A = (4, 2), B = (2, 1) with B's cost ~ U(0.9, 1.1).  L is the lowest possible cost, 0.9:
    A = 0.5 * 4/4 + 0.5 * 0.9/2 = 0.725, B = 0.5 * 2/4 + 0.5 * 0.9/x = 0.25 + 0.45/x.
    B wins when x < 0.45/0.475 = 0.947368: P = (0.947368 - 0.9)/0.2 = 0.236842."""
    x = np.array([[4.0, 2.0], [2.0, 1.0]])
    spread = np.array([[0.0, 0.0], [0.0, 0.1]])
    r = _run(x, [True, False], weights=[0.5, 0.5], score_spread=spread)
    p = (0.45 / 0.475 - 0.9) / 0.2
    np.testing.assert_allclose(r.win_probability, [1 - p, p], atol=TOL)


def test_more_than_16_candidates_known_acceptabilities() -> None:
    """20 candidates on one criterion ("none"): candidate i scores i exactly, except candidate 0
    ~ U(0, 40).  It is first when U > 19 (21/40 = 0.525) and at rank k + 1 (k = 1 .. 19) when
    19 - k < U < 20 - k (1/40 each).  Candidate 19 wins the rest (0.475); at the only weights
    there are, the confidence factors are the same; nobody else ever wins (NaN)."""
    x = np.arange(20.0)[:, None]
    spread = np.zeros((20, 1))
    spread[0] = 20.0
    x[0] = 20.0
    r = _run(x, [True], score_spread=spread, normalisation="none")
    expected_row = np.full(20, 1 / 40)
    expected_row[0] = 21 / 40
    np.testing.assert_allclose(r.acceptability[0], expected_row, atol=TOL)
    np.testing.assert_allclose(r.win_probability[[0, 19]], [0.525, 0.475], atol=TOL)
    assert (r.win_probability[1:19] == 0).all()
    np.testing.assert_allclose(r.confidence[[0, 19]], [0.525, 0.475], atol=TOL)
    assert np.isnan(r.confidence[1:19]).all()
    assert np.isnan(r.central_weights[1:19]).all()
    np.testing.assert_allclose(r.acceptability.sum(axis=0), 1.0)


def test_confidence_factor_of_a_candidate_that_wins_only_with_other_weights() -> None:
    """Exact scores, uniform weights on two criteria: A = (1, 0), B = (0, 1), C = (0.4, 0.4).

    A wins for w > 1/2 (P = 1/2), B for w < 1/2; C (0.4 < max(w, 1 - w)) never wins: NaN.
    Central weights: A (3/4, 1/4), B (1/4, 3/4); each wins for certain at its central weights.
    C comes second when the loser of A and B scores below 0.4, i.e. w < 0.4 or w > 0.6 (P = 0.8)."""
    x = np.array([[1.0, 0.0], [0.0, 1.0], [0.4, 0.4]])
    r = _run(x, [True, True], normalisation="none")
    np.testing.assert_allclose(r.win_probability, [0.5, 0.5, 0.0], atol=TOL)
    np.testing.assert_allclose(r.central_weights[:2], [[0.75, 0.25], [0.25, 0.75]], atol=0.01)
    assert np.isnan(r.central_weights[2]).all()
    assert r.confidence[:2].tolist() == [1.0, 1.0]
    assert math.isnan(r.confidence[2])
    np.testing.assert_allclose(r.acceptability[2], [0.0, 0.8, 0.2], atol=TOL)


def test_none_normalisation_ranks_by_the_raw_weighted_scores() -> None:
    """Weights (0.3, 0.7): raw A = 0.3 * 4 + 0.7 * 1 = 1.9 beats B = 0.3 + 1.4 = 1.7; with each
    criterion divided by its maximum B would win (A 0.65, B 0.775)."""
    x = np.array([[4.0, 1.0], [1.0, 2.0]])
    none = _run(x, [True, True], weights=[0.3, 0.7], normalisation="none")
    linear = _run(x, [True, True], weights=[0.3, 0.7])
    assert none.win_probability.tolist() == [1.0, 0.0]
    assert linear.win_probability.tolist() == [0.0, 1.0]
    expected = dc.weighted_sum(x, [0.3, 0.7], [True, True], normalisation="none")
    assert expected.winner == 0


def test_none_normalisation_negates_cost_criteria_and_allows_negative_scores() -> None:
    x = np.array([[-1.0, 5.0], [2.0, 9.0], [0.5, 1.0]])
    b = np.array([True, False])
    w = np.array([0.6, 0.4])
    r = _run(x, b, weights=w, normalisation="none")
    ws = dc.weighted_sum(x, w, b, normalisation="none")
    assert ws.order.tolist() == [2, 1, 0]  # C 0.3 - 0.4, B 1.2 - 3.6, A -0.6 - 2
    np.testing.assert_array_equal(r.acceptability, np.eye(3)[np.argsort(ws.order)])
    # a cost criterion with an uncertain score: lower is better
    spread = np.array([[0.0, 0.0], [0.0, 0.0], [0.0, 4.0]])  # C's cost 1 ~ U(-3, 5)
    r2 = _run(x, b, weights=w, score_spread=spread, normalisation="none")
    # C (0.3 - 0.4 x) beats A (-2.6) when x < 7.25: always; so C always wins
    assert r2.win_probability.tolist() == [0.0, 0.0, 1.0]


def test_none_with_exact_scores_and_fixed_weights_reproduces_weighted_sum() -> None:
    rng = np.random.default_rng(2)
    for m, n in [(3, 2), (7, 4), (20, 3)]:
        x = rng.uniform(-2, 5, (m, n))
        b = rng.random(n) < 0.5
        w = rng.dirichlet(np.ones(n))
        ws = dc.weighted_sum(x, w, b, normalisation="none")
        r = dc.smaa(x, b, weights=w, normalisation="none", iterations=10, rng=np.random.default_rng(0))
        assert np.argmax(r.acceptability, axis=1).tolist() == (ws.ranks - 1).tolist()


def _plain_ranks(util: np.ndarray) -> np.ndarray:
    """rank[i, k] = #{j : u_j > u_i} + #{j < i : u_j = u_i} (ties to the lower index)."""
    m, k = util.shape
    out = np.zeros((m, k), dtype=int)
    for i in range(m):
        for j in range(m):
            out[i] += (util[j] > util[i]) | ((j < i) & (util[j] == util[i]))
    return out


@pytest.mark.parametrize("m", [2, 5, 16, 17, 30])
def test_simulation_ranks_match_a_plain_count(m: int) -> None:
    rng = np.random.default_rng(m)
    for util in (rng.uniform(0, 1, (m, 50)), rng.integers(0, 3, (m, 50)).astype(float)):
        np.testing.assert_array_equal(_ranks(util), _plain_ranks(util))


def test_invalid_normalisation_names_the_choices() -> None:
    with pytest.raises(ValueError, match="'linear', 'minmax' or 'none'"):
        dc.smaa([[1.0]], [True], normalisation="vector", rng=np.random.default_rng(0))  # type: ignore[arg-type]


def test_uncertain_benefit_and_uncertain_linear_cost_criterion() -> None:
    """Weights (0.5, 0.5), linear: A = (U(0, 2), 1), B = (1, X) with X ~ U(0.5, 1.5) a cost.
    H = 2 and L = 0.5: A = U/4 + 0.25, B = 0.25 + 0.25/X, so A wins when U X > 1:
    P = int_{0.5}^{1.5} (1 - 1/(2x)) dx = 1 - ln(3)/2 = 0.45069."""
    x = np.array([[1.0, 1.0], [1.0, 1.0]])
    spread = np.array([[1.0, 0.0], [0.0, 0.5]])
    r = _run(x, [True, False], weights=[0.5, 0.5], score_spread=spread)
    p = 1 - math.log(3) / 2
    np.testing.assert_allclose(r.win_probability, [p, 1 - p], atol=TOL)
    np.testing.assert_allclose(r.confidence, [p, 1 - p], atol=TOL)


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ([0.5, 0.5], [0, 1]),  # two tied: the sum of strict ranks is 0, not 1
        ([2.0, 2.0, 1.0], [0, 1, 2]),  # tied at the top: strict ranks 0, 0, 2
        ([1.0, 3.0, 3.0, 3.0], [3, 0, 1, 2]),
        ([1.0, 1.0, 1.0, 1.0, 1.0], [0, 1, 2, 3, 4]),
    ],
)
def test_ranks_when_every_column_has_a_tie(column: list[float], expected: list[int]) -> None:
    """Ties go to the lower index, also when no column is free of ties (the shortcut for columns
    without ties must not be taken)."""
    util = np.repeat(np.array(column)[:, None], 6, axis=1)
    assert _ranks(util).T.tolist() == [expected] * 6


def test_fixed_weights_over_many_blocks_keep_the_central_weights() -> None:
    """20 candidates, fixed weights (0.3, 0.7), uncertain scores, 2,000 simulations (several
    blocks of 327): whoever wins, its central weights are the fixed weights."""
    rng = np.random.default_rng(8)
    x = rng.uniform(0, 1, (20, 2))
    r = dc.smaa(x, [True, True], weights=[0.3, 0.7], score_spread=0.3, normalisation="none", iterations=2_000,
                rng=np.random.default_rng(9))  # fmt: skip
    winners = r.win_probability > 0
    assert winners.sum() >= 2
    np.testing.assert_allclose(r.central_weights[winners], np.tile([0.3, 0.7], (int(winners.sum()), 1)), rtol=1e-12)
    assert np.isnan(r.central_weights[~winners]).all()
