"""decision_matrix_for: shapes, NaN for missing scores, submitted evaluators only, consensus,
knock-out exclusions, and a query count that does not grow with candidates or evaluators."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import numpy as np
import pytest

from partnerwijzer.evaluation.selectors import decision_matrix_for
from partnerwijzer.evaluation.tests.builders import knock_out, make_scored_selection, set_consensus
from partnerwijzer.sourcing.models import Candidate
from tests.personas import Personas

THREE = (("Expertise", 50, False), ("Data protection", 30, False), ("Price", 20, True))


def test_shape_order_weights_and_nan_for_missing(personas: Personas) -> None:
    built = make_scored_selection(
        organisation=personas.organisation,
        candidates=("Gamma", "Alpha", "Beta"),
        criteria=THREE,
        scores=[
            [[5, 5, 3], [4, 4, 4], [2, 3, None]],  # candidates in creation order: Gamma, Alpha, Beta
            [[4, 4, 3], [4, None, 4], [2, 3, 3]],
        ],
    )
    dm = decision_matrix_for(selection=built.selection)
    assert dm.shape == (2, 3, 3)
    assert [c.name for c in dm.candidates] == ["Alpha", "Beta", "Gamma"]  # by name
    assert [c.custom_name for c in dm.criteria] == ["Expertise", "Data protection", "Price"]
    np.testing.assert_allclose(dm.weights, [0.5, 0.3, 0.2])
    assert dm.weight_total == Decimal(100)
    assert dm.benefit.tolist() == [True, True, True]
    assert dm.price_index == 2
    # Alpha was the second candidate created: evaluator 1 left its data protection empty.
    assert math.isnan(dm.scores[1, 0, 1])
    assert dm.scores[0, 0].tolist() == [4.0, 4.0, 4.0]
    np.testing.assert_allclose(dm.mean[0], [4.0, 4.0, 4.0])  # one score is the mean of one
    assert dm.count[0].tolist() == [2, 1, 2]
    # Beta: evaluator 0 left price empty; the other evaluator's 3 is the mean.
    assert math.isnan(dm.scores[0, 1, 2])
    assert dm.mean[1, 2] == 3.0
    # Gamma: 5 and 4 on expertise, spread 1
    assert dm.mean[2, 0] == 4.5
    assert dm.spread[2, 0] == 1.0
    assert not dm.missing.any()


def test_cell_nobody_scored_is_nan_and_missing(personas: Personas) -> None:
    built = make_scored_selection(
        organisation=personas.organisation, criteria=THREE, candidates=("Alpha", "Beta"),
        scores=[[[5, None, 3], [4, 4, 4]], [[4, None, 3], [4, 4, 4]]],
    )
    dm = decision_matrix_for(selection=built.selection)
    assert math.isnan(dm.mean[0, 1])
    assert dm.missing[0].tolist() == [False, True, False]
    assert dm.count[0, 1] == 0


def test_only_submitted_evaluators_count(personas: Personas) -> None:
    built = make_scored_selection(
        organisation=personas.organisation, criteria=THREE, candidates=("Alpha", "Beta"),
        scores=[[[5, 5, 5], [1, 1, 1]], [[1, 1, 1], [5, 5, 5]]], submitted=[True, False],
    )
    dm = decision_matrix_for(selection=built.selection)
    assert [e.pk for e in dm.evaluators] == [built.evaluators[0].pk]
    assert dm.pending_evaluators == 1
    assert dm.scores.shape == (1, 2, 3)
    assert dm.mean.tolist() == [[5, 5, 5], [1, 1, 1]]


def test_consensus_overrides_mean_but_average_stays(personas: Personas) -> None:
    built = make_scored_selection(
        organisation=personas.organisation, criteria=THREE, candidates=("Alpha", "Beta"),
        scores=[[[5, 4, 3], [4, 4, 4]], [[1, 4, 3], [4, 4, 4]]],
    )
    set_consensus(built, "Alpha", "Expertise", 4)
    dm = decision_matrix_for(selection=built.selection)
    assert dm.mean[0, 0] == 4.0
    assert dm.average[0, 0] == 3.0
    assert dm.consensus[0, 0] == 4.0
    assert dm.disagreement[0, 0]  # 5 vs 1: the disagreement stays visible
    assert math.isnan(dm.consensus[0, 1])
    without = decision_matrix_for(selection=built.selection, use_consensus=False)
    assert without.mean[0, 0] == 3.0


def test_knocked_out_and_rejected_candidates_leave_the_ranked_set(personas: Personas) -> None:
    built = make_scored_selection(
        organisation=personas.organisation, criteria=THREE, candidates=("Alpha", "Beta", "Gamma"),
        scores=[[[5, 4, 3], [4, 4, 4], [2, 2, 2]]],
    )
    knock_out(built, "Beta", "Data protection", "No data processing agreement & no EU hosting")
    Candidate.objects.filter(pk=built.candidate("Gamma").pk).update(rejected=True, rejected_reason="Too small")
    dm = decision_matrix_for(selection=built.selection)
    assert [c.name for c in dm.candidates] == ["Alpha"]
    assert dm.scores.shape == (1, 1, 3)
    assert [e.candidate.name for e in dm.excluded] == ["Beta"]
    (criterion, reason), = dm.excluded[0].failures
    assert criterion.custom_name == "Data protection"
    assert reason == "No data processing agreement & no EU hosting"


def test_passed_knockout_check_keeps_the_candidate(personas: Personas) -> None:
    built = make_scored_selection(organisation=personas.organisation, criteria=THREE, scores=[[[5, 4, 3]] * 3])
    check = knock_out(built, "Beta", "Data protection", "Checked the DPA")
    check.passed = True
    check.save()
    dm = decision_matrix_for(selection=built.selection)
    assert len(dm.candidates) == 3
    assert dm.excluded == ()


def test_no_evaluators_and_no_weights(personas: Personas) -> None:
    built = make_scored_selection(organisation=personas.organisation, criteria=(("A", 0, False), ("B", 0, False)))
    dm = decision_matrix_for(selection=built.selection)
    assert dm.scores.shape == (0, 3, 2)
    assert dm.weights.tolist() == [0.0, 0.0]
    assert dm.weight_total == 0
    assert np.isnan(dm.mean).all()


def _grid(candidates: int, evaluators: int, criteria: int = 7) -> dict[str, Any]:
    rng = np.random.default_rng(candidates * 10 + evaluators)
    return {
        "candidates": [f"Firm {i}" for i in range(candidates)],
        "criteria": [(f"C{j}", Decimal(100) / criteria, j == criteria - 1) for j in range(criteria)],
        "scores": rng.integers(1, 6, size=(evaluators, candidates, criteria)).tolist(),
    }


@pytest.mark.parametrize(("candidates", "evaluators"), [(3, 2), (8, 5)])
def test_fixed_number_of_queries(
    personas: Personas, django_assert_num_queries: Any, candidates: int, evaluators: int
) -> None:
    built = make_scored_selection(organisation=personas.organisation, **_grid(candidates, evaluators))
    set_consensus(built, "Firm 0", "C0", 3)
    knock_out(built, "Firm 1", "C1", "Fails the must-have")
    # criteria, candidates, evaluators, knock-out checks, scores, consensus scores
    with django_assert_num_queries(7):  # one reads the seats excluded for a conflict of interest
        dm = decision_matrix_for(selection=built.selection)
    assert dm.shape == (evaluators, candidates - 1, 7)
