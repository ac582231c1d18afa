"""SMAA results that are exact, whatever the random draws: certain winners, fixed weights.

Where one candidate beats the others in every possible draw, its win probability and its
confidence factor are exactly 1 (not about 1), also with very few simulations; with exact scores
and fixed weights every field of the result follows from the weighted sum alone.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import decisioncore as dc
from decisioncore.robustness import _weight_region


@pytest.mark.parametrize("iterations", [1, 2, 4, 7])
def test_a_candidate_that_always_wins_has_confidence_exactly_one(iterations: int) -> None:
    """ "none", one criterion: A ~ U(10, 11) is above B ~ U(0, 1) in every draw, so A wins every
    simulation and every score draw at its central weights (1.0); B never wins (NaN)."""
    x = np.array([[10.5], [0.5]])
    r = dc.smaa(
        x, [True], score_spread=0.5, normalisation="none", iterations=iterations, rng=np.random.default_rng(iterations)
    )
    assert r.win_probability.tolist() == [1.0, 0.0]
    assert r.confidence[0] == 1.0
    assert math.isnan(r.confidence[1])
    assert r.iterations == iterations


def test_certain_winner_among_uncertain_candidates_at_uniform_weights() -> None:
    """Two criteria, uniform weights: C = (9 +- 0.5, 9 +- 0.5) beats A = (1 +- 0.5, 2) and
    B = (2, 1 +- 0.5) whatever the weights and draws: win probability and confidence exactly 1,
    central weights the mean of the drawn weights (about 1/2 each)."""
    x = np.array([[1.0, 2.0], [2.0, 1.0], [9.0, 9.0]])
    spread = np.array([[0.5, 0.0], [0.0, 0.5], [0.5, 0.5]])
    r = dc.smaa(x, [True, True], score_spread=spread, normalisation="none", iterations=3, rng=np.random.default_rng(1))
    assert r.win_probability.tolist() == [0.0, 0.0, 1.0]
    assert r.confidence[2] == 1.0
    assert np.isnan(r.confidence[:2]).all()
    assert r.central_weights[2].sum() == pytest.approx(1.0)
    assert np.isnan(r.central_weights[:2]).all()


def test_exact_scores_and_fixed_weights_give_every_field_of_the_result() -> None:
    """Linear normalisation, weights (0.2, 0.8) on A = (4, 1), B = (2, 3), C = (1, 2): values
    (1, 1/3), (1/2, 1), (1/4, 2/3) give 0.467, 0.9, 0.583, so B, C, A. Only B wins: its central
    weights are the weights, its confidence 1; A and C have NaN rows."""
    x = np.array([[4.0, 1.0], [2.0, 3.0], [1.0, 2.0]])
    r = dc.smaa(x, [True, True], weights=[0.2, 0.8], iterations=9, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(r.acceptability, [[0, 0, 1], [1, 0, 0], [0, 1, 0]])
    assert r.win_probability.tolist() == [0.0, 1.0, 0.0]
    np.testing.assert_allclose(r.central_weights[1], [0.2, 0.8])
    assert np.isnan(r.central_weights[[0, 2]]).all()
    assert r.central_weights.dtype == np.float64
    assert r.confidence[1] == 1.0
    assert np.isnan(r.confidence[[0, 2]]).all()
    assert r.iterations == 9
    assert isinstance(r.iterations, int)


def test_linear_normalisation_takes_scores_below_one_and_zero_benefit_scores() -> None:
    """Exact scores under 1 (and a 0) with fixed weights (0.5, 0.5), linear: benefit x / 0.8,
    cost 0.2 / x. A = (0.8, 0.4): 0.5 + 0.25 = 0.75; B = (0, 0.2): 0 + 0.5 = 0.5;
    C = (0.4, 0.25): 0.25 + 0.4 = 0.65. So A, C, B, as weighted_sum ranks them."""
    x = np.array([[0.8, 0.4], [0.0, 0.2], [0.4, 0.25]])
    r = dc.smaa(x, [True, False], weights=[0.5, 0.5], iterations=5, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(r.acceptability, [[1, 0, 0], [0, 0, 1], [0, 1, 0]])
    assert dc.weighted_sum(x, [0.5, 0.5], [True, False]).order.tolist() == [0, 2, 1]
    # the same through the simulation (uniform weights): still a valid problem
    r2 = dc.smaa(x, [True, False], iterations=50, rng=np.random.default_rng(0))
    assert r2.acceptability.sum() == pytest.approx(3.0)


@pytest.mark.parametrize(
    ("x", "message"),
    [
        ([[1.0, 0.0], [2.0, 1.0]], "cost criteria need strictly positive scores"),
        ([[0.0, 1.0], [0.0, 2.0]], "a benefit criterion is zero for every candidate"),
    ],
)
def test_linear_normalisation_rejects_zero_costs_and_all_zero_benefits(x: list[list[float]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        dc.smaa(np.array(x), [True, False], iterations=5, rng=np.random.default_rng(0))


def test_weight_tolerance_region_is_cut_at_zero_and_one() -> None:
    """Weights (0.9, 0.1) +- 0.2: lower (0.7, 0), upper (1, 0.3); a tolerance of 0 fixes them."""
    fixed, lower, upper = _weight_region(2, [0.9, 0.1], None, 0.2)
    assert fixed is None
    np.testing.assert_allclose(lower, [0.7, 0.0])
    np.testing.assert_allclose(upper, [1.0, 0.3])
    _, lower0, upper0 = _weight_region(2, [0.9, 0.1], None, 0.0)
    np.testing.assert_allclose(lower0, [0.9, 0.1])
    np.testing.assert_allclose(upper0, [0.9, 0.1])
    with pytest.raises(ValueError, match=r"^weight_tolerance: must be a finite number >= 0"):
        _weight_region(2, [0.9, 0.1], None, math.inf)


@pytest.mark.parametrize(
    "bounds",
    [
        ([0.2, 0.0], [0.2, 1.0]),  # a criterion with lower = upper
        ([0.5, 0.5], [1.0, 1.0]),  # lower bounds summing to exactly 1
        ([0.0, 0.0], [0.5, 0.5]),  # upper bounds summing to exactly 1
    ],
)
def test_weight_bounds_at_their_limits_are_valid(bounds: tuple[list[float], list[float]]) -> None:
    fixed, lower, upper = _weight_region(2, None, bounds, None)
    assert fixed is None
    np.testing.assert_array_equal(lower, bounds[0])
    np.testing.assert_array_equal(upper, bounds[1])


@pytest.mark.parametrize(
    ("bounds", "message"),
    [
        ((["a", 0.0], [1.0, 1.0]), r"^weight_bounds\[0\]: cannot be read as numbers"),
        (([0.0, 0.0], [1.0, "b"]), r"^weight_bounds\[1\]: cannot be read as numbers"),
        (([0.2, 0.5], [0.2, 0.4]), r"^weight_bounds: lower bound 0\.5 exceeds upper bound 0\.4 for criterion 1$"),
    ],
)
def test_weight_bounds_messages_name_the_bound_and_the_criterion(bounds: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _weight_region(2, None, bounds, None)  # type: ignore[arg-type]


def test_unreadable_scores_are_named_in_two_and_three_dimensions() -> None:
    with pytest.raises(ValueError, match=r"^matrix_or_scores: cannot be read as numbers"):
        dc.smaa([[["a", 1.0]]], [True, True], rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"^matrix_or_scores: cannot be read as numbers"):
        dc.smaa([["a", 1.0]], [True, True], rng=np.random.default_rng(0))


def test_smaa_names_the_benefit_flags_and_wants_whole_iterations() -> None:
    with pytest.raises(ValueError, match=r"^benefit: "):
        dc.smaa([[1.0, 2.0]], [True], rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"^iterations: must be a positive integer, got 2\.0$"):
        dc.smaa([[1.0, 2.0]], [True, True], iterations=2.0, rng=np.random.default_rng(0))  # type: ignore[arg-type]
