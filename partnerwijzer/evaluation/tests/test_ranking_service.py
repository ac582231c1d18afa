"""ranking_for on a small example worked out by hand, plus the honest empty states.

The example: criteria Expertise 50 %, Data protection 30 %, Price 20 %; two evaluators:

=========  ==========  ==========  ============================
candidate  evaluator 1 evaluator 2 mean
=========  ==========  ==========  ============================
Alpha      5, 5, 3     4, 4, 3     4.5, 4.5, 3  -> 4.2 weighted
Beta       4, 4, 4     4, 4, 4     4, 4, 4      -> 4.0
Gamma      2, 3, 5     2, 3, 3     2, 3, 4      -> 2.7
=========  ==========  ==========  ============================

Sensitivity (others kept in proportion, S_i(t) = (1 - t) C_i + t r_i):
* Price, C = (4.5, 4.0, 2.375): Beta catches Alpha when 4.5 - 1.5 t = 4, t = 1/3, i.e. price
  must weigh 13.3 points more; no decrease changes the winner.
* Expertise, C = (3.9, 4.0, 3.8): 3.9 + 0.6 t = 4 at t = 1/6: 33.3 points less, Beta wins.
* Data protection: Alpha stays ahead for every weight.

Kendall's W: evaluator 1 ranks A (4.6) > B (4.0) > G (2.9), evaluator 2 B (4.0) > A (3.8) > G
(2.5). Rank sums 5, 5, 2 around a mean of 4: S = 6, W = 12 * 6 / (2^2 (3^3 - 3)) = 0.75;
chi^2 = 2 * 2 * 0.75 = 3 with 2 df, p = exp(-1.5) = 0.2231.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from django.utils import translation

from decisioncore import PriceWeightLevel
from partnerwijzer.evaluation.ranking.selectors import State, ranking_for, ranking_seed
from partnerwijzer.evaluation.tests.builders import Built, knock_out, make_scored_selection
from tests.personas import Personas

THREE = (("Expertise", 50, False), ("Data protection", 30, False), ("Price", 20, True))
EXAMPLE = [
    [[5, 5, 3], [4, 4, 4], [2, 3, 5]],
    [[4, 4, 3], [4, 4, 4], [2, 3, 3]],
]


@pytest.fixture
def example(personas: Personas) -> Built:
    return make_scored_selection(organisation=personas.organisation, criteria=THREE, scores=EXAMPLE)


def test_weighted_sum_ranking_matches_the_hand_computation(example: Built) -> None:
    with translation.override("en"):
        r = ranking_for(selection=example.selection, iterations=2000)
    assert r.state == State.READY
    assert [c.candidate.name for c in r.candidates] == ["Alpha", "Beta", "Gamma"]
    assert [c.rank for c in r.candidates] == [1, 2, 3]
    np.testing.assert_allclose([c.score for c in r.candidates], [4.2, 4.0, 2.7])
    np.testing.assert_allclose([c.weighted_score for c in r.candidates], [4.2, 4.0, 2.7])
    assert r.candidates[0].values == (4.5, 4.5, 3.0)
    assert r.price_weight == PriceWeightLevel.NONE


def test_topsis_view(example: Built) -> None:
    r = ranking_for(selection=example.selection, method="topsis", iterations=0)
    assert r.method == "topsis"
    # Vector-normalised, weighted; closeness D- / (D+ + D-) (see decisioncore.topsis).
    np.testing.assert_allclose([c.score for c in r.candidates], [0.869480, 0.786467, 0.130520], atol=1e-6)
    assert [c.candidate.name for c in r.candidates] == ["Alpha", "Beta", "Gamma"]
    assert r.candidates[0].win_probability is None  # no simulation asked for


def test_sensitivity_matches_the_hand_computation(example: Built) -> None:
    r = ranking_for(selection=example.selection, iterations=0)
    rows = {row.criterion.custom_name: row for row in r.sensitivity}
    assert [row.criterion.custom_name for row in r.sensitivity] == ["Price", "Expertise", "Data protection"]
    price = rows["Price"]
    assert price.increase == pytest.approx(2 / 15)
    assert price.winner_if_increased is not None
    assert price.winner_if_increased.name == "Beta"
    assert price.decrease is None
    assert price.high == pytest.approx(1 / 3)
    expertise = rows["Expertise"]
    assert expertise.decrease == pytest.approx(1 / 3)
    assert expertise.winner_if_decreased is not None
    assert expertise.winner_if_decreased.name == "Beta"
    assert expertise.low == pytest.approx(1 / 6)
    assert expertise.increase is None
    assert rows["Data protection"].increase is None
    assert rows["Data protection"].decrease is None


def test_agreement_matches_the_hand_computation(example: Built) -> None:
    r = ranking_for(selection=example.selection, iterations=0)
    assert r.agreement is not None
    assert r.agreement.w == pytest.approx(0.75)
    assert r.agreement.p_value == pytest.approx(math.exp(-1.5))
    assert (r.agreement.raters, r.agreement.objects) == (2, 3)
    assert r.agreement.level == "strong"


def test_disagreement_is_listed(example: Built) -> None:
    r = ranking_for(selection=example.selection, iterations=0)
    assert [(d.candidate.name, d.criterion.custom_name, d.low, d.high) for d in r.disagreements] == [
        ("Gamma", "Price", 3, 5)
    ]


def test_smaa_invariants_and_stable_seed(example: Built) -> None:
    first = ranking_for(selection=example.selection, iterations=4000)
    again = ranking_for(selection=example.selection, iterations=4000)
    acc = np.array([c.acceptability for c in first.candidates])
    np.testing.assert_allclose(acc.sum(axis=1), 1.0)
    np.testing.assert_allclose(acc.sum(axis=0), 1.0)
    assert [c.win_probability for c in first.candidates] == [c.win_probability for c in again.candidates]
    assert first.seed == ranking_seed(example.selection)
    alpha, beta, gamma = first.candidates
    assert alpha.win_probability is not None
    assert beta.win_probability is not None
    # Alpha leads, but Beta is close enough to win some simulations; Gamma never comes first.
    assert alpha.win_probability > 0.5
    assert beta.win_probability > 0.05
    assert gamma.win_probability == 0.0
    assert gamma.most_likely_rank == 3


def test_smaa_without_spread_agrees_with_the_deterministic_ranking(personas: Personas) -> None:
    # One evaluator: no score spread; only the weights vary (±5 points), and the gap is wide.
    built = make_scored_selection(
        organisation=personas.organisation, criteria=THREE, scores=[[[5, 5, 5], [3, 3, 3], [1, 1, 1]]]
    )
    r = ranking_for(selection=built.selection, iterations=1000)
    assert [c.win_probability for c in r.candidates] == [1.0, 0.0, 0.0]
    assert [c.most_likely_rank for c in r.candidates] == [1, 2, 3]
    codes = {n.code for n in r.notices}
    assert "one_evaluator" in codes
    assert r.agreement is None


def test_price_weight_warning_and_weights_not_100(personas: Personas) -> None:
    built = make_scored_selection(
        organisation=personas.organisation,
        criteria=(("Expertise", 40, False), ("Price", 35, True)),
        scores=[[[4, 3], [3, 4], [2, 2]]] * 2,
    )
    with translation.override("en"):
        r = ranking_for(selection=built.selection, iterations=0)
    assert r.price_weight == PriceWeightLevel.STRONG
    notices = {n.code: n for n in r.notices}
    assert notices["price_weight"].level == "strong"
    assert "47%" in notices["price_weight"].message  # 35 of 75 once normalised
    assert "75 %" in notices["weights_not_100"].message
    np.testing.assert_allclose(r.weights, [40 / 75, 35 / 75])


def test_missing_scores_leave_the_candidate_unranked(personas: Personas) -> None:
    built = make_scored_selection(
        organisation=personas.organisation, criteria=THREE,
        scores=[[[5, 5, 3], [4, 4, 4], [2, None, 5]], [[4, 4, 3], [4, 4, 4], [2, None, 3]]],
    )
    r = ranking_for(selection=built.selection, iterations=0)
    assert [c.candidate.name for c in r.candidates] == ["Alpha", "Beta"]
    assert [(u.candidate.name, [c.custom_name for c in u.missing]) for u in r.unscored] == [
        ("Gamma", ["Data protection"])
    ]
    assert "missing_scores" in {n.code for n in r.notices}


def test_excluded_candidate_carries_the_reason(example: Built) -> None:
    knock_out(example, "Alpha", "Data protection", "No EU hosting")
    r = ranking_for(selection=example.selection, iterations=0)
    assert [c.candidate.name for c in r.candidates] == ["Beta", "Gamma"]
    assert [(e.candidate.name, e.failures[0][1]) for e in r.excluded] == [("Alpha", "No EU hosting")]


@pytest.mark.parametrize(
    ("setup", "state"),
    [
        ({"criteria": ()}, State.NO_CRITERIA),
        ({"criteria": (("A", 0, False),)}, State.NO_WEIGHTS),
        ({"candidates": ()}, State.NO_CANDIDATES),
        ({"scores": ()}, State.NO_SUBMISSIONS),
        ({"scores": [[[5, 5, 5]] * 3], "submitted": [False]}, State.NO_SUBMISSIONS),
        ({"scores": [[[5, None, 5]] * 3]}, State.NO_COMPLETE_CANDIDATE),
        ({"candidates": ("Solo",), "scores": [[[5, 4, 3]]]}, State.SINGLE),
    ],
)
def test_empty_states_show_no_numbers(personas: Personas, setup: dict[str, object], state: State) -> None:
    kwargs: dict[str, object] = {"criteria": THREE, **setup}
    built = make_scored_selection(organisation=personas.organisation, **kwargs)  # type: ignore[arg-type]
    r = ranking_for(selection=built.selection)
    assert r.state == state
    assert r.next_step
    assert r.winner is None
    assert r.sensitivity == ()
    assert r.iterations == 0
    if state != State.SINGLE:
        assert r.candidates == ()
    else:
        assert r.candidates[0].win_probability is None


def test_all_candidates_knocked_out(personas: Personas) -> None:
    built = make_scored_selection(organisation=personas.organisation, criteria=THREE, candidates=("Alpha",),
                            scores=[[[5, 5, 5]]])
    knock_out(built, "Alpha", "Price", "Over budget")
    r = ranking_for(selection=built.selection)
    assert r.state == State.NO_CANDIDATES
    assert len(r.excluded) == 1


def test_unknown_method_is_refused(example: Built) -> None:
    with pytest.raises(ValueError, match="method"):
        ranking_for(selection=example.selection, method="borda")  # type: ignore[arg-type]
