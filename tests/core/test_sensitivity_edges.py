"""Weight sensitivity at the ends of the weight range, where a crossing is only a tie."""

from __future__ import annotations

import math

import numpy as np

from decisioncore import weight_sensitivity, weighted_sum


def test_tie_at_full_weight_does_not_flip_when_the_winner_keeps_the_tie() -> None:
    # Candidate 0 wins; at weight 1 for criterion 1 both score 4.5 on it: a tie, which the
    # lower index (the current winner) keeps. So raising criterion 1 never changes the winner.
    matrix = np.array([[5.0, 4.5], [3.0, 4.5]])
    weights = np.array([0.5, 0.5])
    benefit = np.array([True, True])
    result = weight_sensitivity(matrix, weights, benefit, normalisation="none")
    assert result.winner == 0
    assert math.isinf(result.increase[1])
    assert result.winner_if_increased[1] == -1
    at_full = weighted_sum(matrix, np.array([0.0, 1.0]), benefit, normalisation="none")
    assert at_full.winner == 0


def test_tie_at_full_weight_flips_when_the_challenger_has_the_lower_index() -> None:
    # Now the challenger is candidate 0: at weight 1 the tie goes to it, so the winner changes.
    matrix = np.array([[3.0, 4.5], [5.0, 4.5]])
    weights = np.array([0.5, 0.5])
    benefit = np.array([True, True])
    result = weight_sensitivity(matrix, weights, benefit, normalisation="none")
    assert result.winner == 1
    assert result.increase[1] == np.float64(0.5)
    assert result.winner_if_increased[1] == 0
    assert weighted_sum(matrix, np.array([0.0, 1.0]), benefit, normalisation="none").winner == 0
