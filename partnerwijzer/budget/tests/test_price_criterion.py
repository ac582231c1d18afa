"""Price in the ranking from the quotes, without double counting.

The example of ``evaluation/tests/test_ranking_service.py``: Expertise 50 %, Data protection
30 %, Price 20 %; two evaluators. From their scores the means are Alpha (4.5, 4.5, 3), Beta
(4, 4, 4), Gamma (2, 3, 4): Alpha 4.2, Beta 4.0, Gamma 2.7. Gamma's price scores (5 and 3)
disagree.

Quotes, three-year TCO: Beta 70,000 + 3 x 10,000 = 100,000; Alpha 100,000 + 3 x 50,000 =
250,000; Gamma 160,000 + 3 x 80,000 = 400,000. Lowest-price ratio on 1-5 (price_scores):
Beta 5, Alpha 1 + 4 x 0.4 = 2.6, Gamma 1 + 4 x 0.25 = 2. Weighted with the same weights:
Beta 2 + 1.2 + 1.0 = 4.2, Alpha 2.25 + 1.35 + 0.52 = 4.12, Gamma 1 + 0.9 + 0.4 = 2.3, so Beta
overtakes Alpha. Price weighs 20 % before and after: it is counted once.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from django.urls import reverse

from decisioncore import price_scores
from partnerwijzer.budget.quotes.services import quote_delete, quote_save
from partnerwijzer.evaluation.ranking.selectors import ranking_for
from partnerwijzer.evaluation.scoring.services import price_from_quotes_set
from partnerwijzer.evaluation.selectors import decision_matrix_for
from partnerwijzer.evaluation.tests.builders import Built, knock_out, make_scored_selection, seat
from tests.personas import Personas

THREE = (("Expertise", 50, False), ("Data protection", 30, False), ("Price", 20, True))
EXAMPLE = [
    [[5, 5, 3], [4, 4, 4], [2, 3, 5]],
    [[4, 4, 3], [4, 4, 4], [2, 3, 3]],
]
QUOTES = {  # name: (one-off lines, running per year)
    "Alpha": ({"strategy": 40000, "implementation": 60000}, 50000),
    "Beta": ({"strategy": 40000, "data": 30000}, 10000),
    "Gamma": ({"data": 80000, "model": 80000}, 80000),
}
TCO = {"Alpha": 250000.0, "Beta": 100000.0, "Gamma": 400000.0}


@pytest.fixture
def example(personas: Personas) -> Built:
    return make_scored_selection(organisation=personas.organisation, criteria=THREE, scores=EXAMPLE)


def _quote_all(built: Built, personas: Personas, names: tuple[str, ...] = ("Alpha", "Beta", "Gamma")) -> None:
    for name in names:
        lines, running = QUOTES[name]
        quote_save(actor=personas.owner, candidate=built.candidate(name), lines=lines, running_per_year=running)


def _use_quotes(built: Built, personas: Personas) -> None:
    price_from_quotes_set(actor=personas.owner, selection=built.selection, enabled=True)


def test_price_column_is_price_scores_of_the_tco(example: Built, personas: Personas) -> None:
    before = decision_matrix_for(selection=example.selection)
    assert before.disagreement[2, 2]  # Gamma's price scores 5 and 3 disagree
    _quote_all(example, personas)
    _use_quotes(example, personas)
    dm = decision_matrix_for(selection=example.selection)
    p = dm.price_index
    assert p == 2
    assert dm.price_from_quotes
    expected = price_scores([TCO[c.name] for c in dm.candidates], scale_min=1, scale_max=5)
    np.testing.assert_allclose(dm.mean[:, p], expected)
    np.testing.assert_allclose(dm.mean[:, p], [2.6, 5.0, 2.0])  # Alpha, Beta, Gamma
    np.testing.assert_allclose(dm.consensus[:, p], expected)
    for e in range(len(dm.evaluators)):  # every evaluator's own price score is replaced
        np.testing.assert_allclose(dm.scores[e, :, p], expected)
    assert not dm.disagreement[:, p].any()
    assert (dm.spread[:, p] == 0).all()
    # The other criteria are untouched.
    np.testing.assert_array_equal(dm.mean[:, :p], before.mean[:, :p])
    np.testing.assert_array_equal(dm.disagreement[:, :p], before.disagreement[:, :p])


def test_price_weight_is_counted_once(example: Built, personas: Personas) -> None:
    before = decision_matrix_for(selection=example.selection)
    _quote_all(example, personas)
    _use_quotes(example, personas)
    dm = decision_matrix_for(selection=example.selection)
    assert len(dm.criteria) == len(before.criteria) == 3
    assert [c.pk for c in dm.criteria] == [c.pk for c in before.criteria]
    assert [c.is_price for c in dm.criteria].count(True) == 1
    np.testing.assert_array_equal(dm.weights, before.weights)
    np.testing.assert_allclose(dm.weights, [0.5, 0.3, 0.2])
    assert dm.weight_total == before.weight_total == Decimal(100)


def test_ranking_changes_exactly_as_computed(example: Built, personas: Personas) -> None:
    before = ranking_for(selection=example.selection, iterations=0)
    assert [c.candidate.name for c in before.candidates] == ["Alpha", "Beta", "Gamma"]
    np.testing.assert_allclose([c.score for c in before.candidates], [4.2, 4.0, 2.7])
    _quote_all(example, personas)
    _use_quotes(example, personas)
    after = ranking_for(selection=example.selection, iterations=500)
    assert [c.candidate.name for c in after.candidates] == ["Beta", "Alpha", "Gamma"]
    np.testing.assert_allclose([c.score for c in after.candidates], [4.2, 4.12, 2.3])
    assert [c.values[2] for c in after.candidates] == pytest.approx([5.0, 2.6, 2.0])
    assert not any(d.criterion.is_price for d in after.disagreements)
    assert after.candidates[0].win_probability is not None  # the simulation runs with price fixed


def test_one_candidate_without_a_quote_keeps_the_evaluators_price_scores(example: Built, personas: Personas) -> None:
    before = decision_matrix_for(selection=example.selection)
    _quote_all(example, personas, ("Alpha", "Beta"))
    _use_quotes(example, personas)
    dm = decision_matrix_for(selection=example.selection)
    assert not dm.price_from_quotes
    np.testing.assert_array_equal(dm.mean, before.mean)
    np.testing.assert_array_equal(dm.disagreement, before.disagreement)


def test_deleting_a_quote_brings_the_evaluators_scores_back(example: Built, personas: Personas) -> None:
    _quote_all(example, personas)
    _use_quotes(example, personas)
    assert decision_matrix_for(selection=example.selection).price_from_quotes
    quote_delete(actor=personas.owner, candidate=example.candidate("Gamma"))
    assert not decision_matrix_for(selection=example.selection).price_from_quotes


def test_without_the_owners_choice_quotes_do_not_count(example: Built, personas: Personas) -> None:
    before = decision_matrix_for(selection=example.selection)
    _quote_all(example, personas)
    dm = decision_matrix_for(selection=example.selection)
    assert not dm.price_from_quotes
    np.testing.assert_array_equal(dm.mean, before.mean)


def test_knocked_out_candidate_needs_no_quote(example: Built, personas: Personas) -> None:
    knock_out(example, "Gamma", "Data protection", "No GDPR experience")
    _quote_all(example, personas, ("Alpha", "Beta"))
    _use_quotes(example, personas)
    dm = decision_matrix_for(selection=example.selection)
    assert [c.name for c in dm.candidates] == ["Alpha", "Beta"]
    assert dm.price_from_quotes
    np.testing.assert_allclose(dm.mean[:, 2], price_scores([250000.0, 100000.0]))


def test_no_price_criterion_no_change(personas: Personas) -> None:
    built = make_scored_selection(
        organisation=personas.organisation, criteria=(("Expertise", 60, False), ("Fit", 40, False)),
        scores=[[[5, 4], [4, 4], [3, 3]]],
    )
    _quote_all(built, personas)
    _use_quotes(built, personas)
    dm = decision_matrix_for(selection=built.selection)
    assert dm.price_index is None
    assert not dm.price_from_quotes


def test_one_more_query_only_when_price_comes_from_quotes(
    example: Built, personas: Personas, django_assert_num_queries: Any
) -> None:
    _quote_all(example, personas)
    with django_assert_num_queries(7):  # six, and the seats excluded for a conflict of interest
        decision_matrix_for(selection=example.selection)
    _use_quotes(example, personas)
    with django_assert_num_queries(8):
        decision_matrix_for(selection=example.selection)


def test_scoring_form_says_price_comes_from_the_quotes(example: Built, personas: Personas) -> None:
    seat(example.selection, personas.evaluator)
    url = reverse("evaluation:score_candidate", args=[example.selection.pk, example.candidate("Alpha").pk])
    client = personas.client("evaluator")
    assert 'id="price-from-quotes-note"' not in client.get(url).content.decode()
    _use_quotes(example, personas)
    response = client.get(url)
    assert response.status_code == 200
    assert 'id="price-from-quotes-note"' in response.content.decode()


def test_the_ranking_says_that_price_comes_from_the_quotes(example: Built, personas: Personas) -> None:
    assert "price_from_quotes" not in {n.code for n in ranking_for(selection=example.selection, iterations=200).notices}
    _quote_all(example, personas)
    _use_quotes(example, personas)
    notices = {n.code: n for n in ranking_for(selection=example.selection, iterations=200).notices}
    assert notices["price_from_quotes"].level == "info"
