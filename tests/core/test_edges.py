"""Edges that surviving mutants showed no test pinned: messages that name the argument and the
first bad index, shapes of empty results, clipping, the confidence path with three candidates.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import decisioncore as dc
from decisioncore import weights as weights_module


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: dc.aggregate_scores(np.ones((2, 2))), r"^scores: expected a 3-dimensional"),
        (lambda: dc.aggregate_scores(np.ones((1, 1, 1)), share=1.5), r"^share: must be in \(0, 1\]"),
        (lambda: dc.kendall_w(np.ones(3)), r"^rankings: expected a 2-dimensional"),
        (lambda: dc.smaa(np.empty((0, 2)), [True, True], rng=np.random.default_rng(0)), r"^matrix_or_scores: must"),
        (
            lambda: dc.smaa(
                np.ones((2, 2)), [True, True], weight_bounds=([0, 0, 0], [1, 1]), rng=np.random.default_rng(0)
            ),
            r"^weight_bounds\[0\]: expected 2 entries",
        ),
        (
            lambda: dc.smaa(
                np.ones((2, 2)), [True, True], weight_bounds=([0, 0], [1, 2]), rng=np.random.default_rng(0)
            ),
            r"^weight_bounds\[1\]: every bound",
        ),
        (lambda: dc.ahp_aggregate(np.ones((2, 2, 2)), weights=[1, -1]), r"^weights: must not be negative"),
        (lambda: dc.CostCategory("x", 1, 2, math.inf), r"^CostCategory 'x': high must be finite"),
        (lambda: dc.CostCategory("x", -1, 2, 3), r"^CostCategory 'x': low must not be negative"),
        (lambda: dc.RunningCost("x", 1, math.nan, 3), r"^RunningCost 'x': likely must be finite"),
        (lambda: dc.ahp_weights([[1, 2], [1, 1]]), r"^pairwise: not reciprocal: a\[0, 1\] \* a\[1, 0\] = 2.0"),
        (
            lambda: dc.ahp_aggregate([[[1, 2], [0.5, 1]], [[1, 3], [0.5, 1]]]),
            r"^matrices: \(1,\) not reciprocal: a\[0, 1\]",
        ),
        (lambda: dc.ahp_weights([[2, 1], [1, 1]]), r"^pairwise: diagonal entry \[0, 0\] must be 1"),
        (lambda: dc.ahp_aggregate(np.ones((2, 2))), r"^matrices: expected a 3-dimensional"),
        (lambda: dc.normalise_weights([1, -1]), r"^raw: must not be negative"),
        (lambda: dc.price_weight_warning([1, -1], 0), r"^weights: must not be negative"),
        (lambda: dc.kendall_w([[1, 2], [3, math.nan]]), r"^rankings: contains NaN or infinity at index \(1, 1\)"),
        (lambda: dc.ahp_aggregate(np.ones((2, 2, 3))), r"^matrices: must be square, got shape \(2, 2, 3\)"),
        (lambda: dc.ahp_weights(np.ones(3)), r"^pairwise: expected a 2-dimensional"),
        (lambda: dc.ahp_weights([[1, 0], [2, 1]]), r"^pairwise: judgements must be positive, found 0.0 at \(0, 1\)"),
        (lambda: dc.ahp_weights([[1, 0], [math.inf, 1]]), r"^pairwise: contains an infinite value at index \(1, 0\)"),
        # the first bad entry, with a 1-d index as a plain number
        (lambda: dc.weighted_sum(np.ones((2, 2)), [1, math.nan], [True, True]), r"^weights: contains NaN at index 1$"),
        (
            lambda: dc.weighted_sum(np.array([[0.0, -1.0], [1.0, 1.0]]), [1, 1], [True, True]),
            r"^matrix: must not be negative, found -1.0 at index \(0, 1\)$",
        ),
    ],
)
def test_messages_name_the_argument_and_the_first_bad_entry(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]


def test_evaluator_scores_report_the_first_infinite_cell_not_the_first_unscored_one() -> None:
    s = np.ones((2, 2, 2))
    s[0, 0, 0] = np.nan  # not scored: fine
    s[1, 0, 1] = np.inf
    with pytest.raises(ValueError, match=r"infinite value at index \(1, 0, 1\)"):
        dc.aggregate_scores(s)
    with pytest.raises(ValueError, match=r"infinite value at index \(1, 0, 1\)"):
        dc.smaa(s, [True, True], rng=np.random.default_rng(0))


def test_unscored_cells_raise_no_numpy_warning() -> None:
    s = np.full((2, 1, 2), np.nan)
    s[:, 0, 0] = [1.0, 2.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = dc.aggregate_scores(s)
    assert r.mean[0, 0] == 1.5
    assert math.isnan(r.mean[0, 1])


def test_kendall_w_degenerate_is_nan_throughout() -> None:
    r = dc.kendall_w(np.ones((3, 4)))
    assert math.isnan(r.w)
    assert math.isnan(r.chi2)
    assert math.isnan(r.p_value)
    assert r.df == 3
    assert (r.raters, r.objects) == (3, 4)


def test_scorer_counts_are_integers() -> None:
    r = dc.aggregate_scores(np.array([[[1.0, math.nan]], [[2.0, 3.0]]]))
    assert r.count.dtype == np.int64
    assert r.count.tolist() == [[2, 1]]


def test_cost_estimate_without_running_costs_has_an_empty_three_column_table() -> None:
    est = dc.cost_estimate([dc.CostCategory("a", 1, 2, 3)], iterations=10, rng=np.random.default_rng(0))
    assert est.running.shape == (0, 3)
    assert est.running_per_year.tolist() == [0.0, 0.0, 0.0]
    assert est.running_names == ()


def test_negative_score_intervals_are_cut_at_zero_for_linear_normalisation() -> None:
    """A = 0.5 with spread 1: [-0.5, 1.5] cut to [0, 1.5]; B = 1 exactly.  A wins when its score
    exceeds 1: P = 0.5 / 1.5 = 1/3 (cutting at 1 instead would make it win always)."""
    r = dc.smaa(
        np.array([[0.5], [1.0]]), [True], weights=[1.0], score_spread=np.array([[1.0], [0.0]]),
        iterations=20_000, rng=np.random.default_rng(1),
    )  # fmt: skip
    np.testing.assert_allclose(r.win_probability, [1 / 3, 2 / 3], atol=0.015)


def test_confidence_factors_of_three_candidates() -> None:
    """One criterion ("none"): A = 0, B = 1 exactly, C ~ U(0, 4).  C wins when U > 1 (3/4), B
    otherwise (1/4); A never.  At the only weights there are, the confidence factors equal those
    probabilities: C must beat both lower-index candidates."""
    r = dc.smaa(
        np.array([[0.0], [1.0], [2.0]]), [True], score_spread=np.array([[0.0], [0.0], [2.0]]), normalisation="none",
        iterations=20_000, rng=np.random.default_rng(2),
    )  # fmt: skip
    np.testing.assert_allclose(r.win_probability, [0.0, 0.25, 0.75], atol=0.015)
    assert math.isnan(r.confidence[0])
    np.testing.assert_allclose(r.confidence[1:], [0.25, 0.75], atol=0.015)


def test_deterministic_smaa_reports_confidence_one_for_the_winner() -> None:
    r = dc.smaa(np.array([[1.0, 2.0], [2.0, 2.0]]), [True, True], weights=[0.5, 0.5], rng=np.random.default_rng(0))
    assert r.confidence[1] == 1.0
    assert math.isnan(r.confidence[0])
    np.testing.assert_array_equal(r.central_weights[1], [0.5, 0.5])


def test_sensitivity_reports_minus_one_when_nobody_takes_over() -> None:
    """A dominates B on both criteria: no weight change makes B win."""
    r = dc.weight_sensitivity(np.array([[5.0, 5.0], [1.0, 1.0]]), [0.5, 0.5], [True, True])
    assert r.winner == 0
    assert r.winner_if_increased.tolist() == [-1, -1]
    assert r.winner_if_decreased.tolist() == [-1, -1]
    assert r.increase.tolist() == [math.inf, math.inf]
    assert r.decrease.tolist() == [math.inf, math.inf]


def test_inconsistent_pairs_for_a_size_not_seen_before(monkeypatch: pytest.MonkeyPatch) -> None:
    """The upper-triangle indices are cached per size; an empty cache, filled with two sizes one
    after the other, must give the same pairs."""
    a3 = np.array([[1, 2, 0.5], [0.5, 1, 2], [2, 0.5, 1]])
    a4 = np.array([[1, 1, 1, 9], [1, 1, 1, 1 / 9], [1, 1, 1, 1], [1 / 9, 9, 1, 1]])  # worst pairs involve 3
    expected = [dc.ahp_weights(a).inconsistent_pairs for a in (a3, a4, a3)]
    monkeypatch.setattr(weights_module, "_UPPER", {})
    again = [dc.ahp_weights(a).inconsistent_pairs for a in (a3, a4, a3)]
    assert again == expected
    assert len(again[1]) == 3
    assert (again[1][0].row, again[1][0].col) in {(0, 3), (1, 3)}
    assert all(p.row < p.col for p in again[1])
    assert {(p.row, p.col) for p in again[1]} <= {(i, j) for i in range(4) for j in range(i + 1, 4)}


def test_constant_estimates_raise_no_numpy_warning() -> None:
    """low = likely = high is a constant: no division by the zero width on the way."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        draws = dc.pert_sample(
            [dc.CostCategory("a", 5, 5, 5), dc.CostCategory("b", 1, 2, 4)], 50, np.random.default_rng(0)
        )
    assert (draws[:, 0] == 5.0).all()
    assert ((draws[:, 1] >= 1.0) & (draws[:, 1] <= 4.0)).all()


def test_sensitivity_with_a_tie_at_the_current_weights() -> None:
    """A = (1, 0), B = (0, 1), weights (1/2, 1/2): a tie, A first by index.  Any increase of
    criterion 2's weight (or decrease of criterion 1's) hands the lead to B: moves of 0."""
    r = dc.weight_sensitivity(np.array([[1.0, 0.0], [0.0, 1.0]]), [0.5, 0.5], [True, True])
    assert r.winner == 0
    assert r.increase[1] == 0.0
    assert r.winner_if_increased[1] == 1
    assert r.decrease[0] == 0.0
    assert r.winner_if_decreased[0] == 1
    assert r.increase[0] == math.inf
    assert r.winner_if_increased[0] == -1


def test_two_criteria_and_negative_price_index() -> None:
    r = dc.ahp_weights([[1, 3], [1 / 3, 1]])
    np.testing.assert_allclose(r.weights, [0.75, 0.25])
    assert r.lambda_max == 2.0
    assert (r.ci, r.cr) == (0.0, 0.0)
    # Python's negative indices count from the end: -3 of three weights is the first
    assert dc.price_weight_warning([1, 1, 3], -3) == dc.PriceWeightLevel.NONE
    assert dc.price_weight_warning([1, 1, 3], -1) == dc.PriceWeightLevel.STRONG
    with pytest.raises(ValueError, match="out of range"):
        dc.price_weight_warning([1, 1, 3], -4)


def test_integer_and_0_1_arrays_are_converted() -> None:
    """numpy arrays of ints become float weights and bool flags: ~flags must mean 'cost'."""
    x = np.array([[0.0, 4.0], [2.0, 2.0]])  # a zero: the general linear path, which uses ~benefit
    expected = dc.weighted_sum(x, [1.0, 1.0], [True, False])
    got = dc.weighted_sum(x, np.array([1, 1]), np.array([1, 0]))
    np.testing.assert_array_equal(got.scores, expected.scores)
    s = dc.weight_sensitivity(x, np.array([1, 0]), np.array([1, 0]))
    assert s.weights.dtype == np.float64


def test_weights_within_1e_12_of_one_are_kept_exactly() -> None:
    w = [0.25, 0.75 + 1e-13]  # sums to 1 + 1e-13: used as given, not divided by the sum
    s = dc.weight_sensitivity(np.array([[1.0, 2.0], [2.0, 1.0]]), w, [True, True])
    np.testing.assert_array_equal(s.weights, w)
    assert s.weights[0] == 0.25


def test_huge_finite_values_are_accepted() -> None:
    r = dc.weighted_sum(np.array([[1e308, 1.0], [1e308, 2.0]]), [1, 1], [True, True])
    np.testing.assert_allclose(r.scores, [0.75, 1.0])


def test_large_matrices_use_the_fast_path_only_for_linear_normalisation() -> None:
    rng = np.random.default_rng(3)
    x = rng.uniform(1, 9, (600, 8))  # 4,800 cells
    b = np.array([True, False] * 4)
    w = np.full(8, 1 / 8)
    lo, hi = x.min(axis=0), x.max(axis=0)
    minmax = np.where(b, (x - lo) / (hi - lo), (hi - x) / (hi - lo)) @ w
    np.testing.assert_allclose(dc.weighted_sum(x, w, b, normalisation="minmax").scores, minmax, rtol=1e-12)
    np.testing.assert_allclose(dc.weighted_sum(x, w, b, normalisation="none").scores, np.where(b, x, -x) @ w)
    x[5, 1] = 0.0  # a zero in a cost column: linear normalisation cannot divide by it, large or small
    with pytest.raises(ValueError, match="cost criteria need strictly positive values"):
        dc.weighted_sum(x, w, b)


def test_vector_and_sum_normalisation_by_hand() -> None:
    """vector: x/||x|| and 1 - x/||x||; an all-zero column scores 0 (benefit) or 1 (cost).
    sum: x/sum(x) and (1/x)/sum(1/x); values below 1 are fine, zeros only in benefit columns."""
    x = np.array([[3.0, 0.0, 0.5], [4.0, 0.0, 0.25]])
    b = np.array([True, True, False])
    r = dc.weighted_sum(x, [1, 1, 1], b, normalisation="vector")
    norm3 = math.hypot(0.5, 0.25)
    np.testing.assert_allclose(r.scores, [(0.6 + 0 + 1 - 0.5 / norm3) / 3, (0.8 + 0 + 1 - 0.25 / norm3) / 3])
    y = np.array([[0.0, 0.3, 0.5], [0.6, 0.1, 0.25]])
    r = dc.weighted_sum(y, [1, 1, 1], b, normalisation="sum")
    np.testing.assert_allclose(r.scores, [(0 + 0.75 + 1 / 3) / 3, (1 + 0.25 + 2 / 3) / 3])
    r = dc.weighted_sum(y[:, :2], [1, 1], [True, True], normalisation="sum")
    np.testing.assert_allclose(r.scores, [(0 + 0.75) / 2, (1 + 0.25) / 2])
    with pytest.raises(ValueError, match="benefit column sums to zero"):
        dc.weighted_sum(np.array([[0.0, 1.0], [0.0, 2.0]]), [1, 1], [True, False], normalisation="sum")
    with pytest.raises(ValueError, match="strictly positive values for sum normalisation"):
        dc.weighted_sum(np.array([[1.0, 0.0], [2.0, 2.0]]), [1, 1], [True, False], normalisation="sum")


def test_topsis_with_a_zero_entry_and_unequal_column_norms() -> None:
    x = np.array([[0.0, 2.0], [1.0, 0.0], [3.0, 1.0]])
    w = np.array([0.5, 0.5])
    b = np.array([True, False])
    v = w * x / np.sqrt((x**2).sum(axis=0))
    best = np.where(b, v.max(axis=0), v.min(axis=0))
    worst = np.where(b, v.min(axis=0), v.max(axis=0))
    d_pos = np.sqrt(((v - best) ** 2).sum(axis=1))
    d_neg = np.sqrt(((v - worst) ** 2).sum(axis=1))
    np.testing.assert_allclose(dc.topsis(x, w, b).scores, d_neg / (d_pos + d_neg))
