"""AHP: pairwise forms per evaluator, aggregate weights in Criterion.weight, consistency shown."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from decisioncore import ahp_aggregate, ahp_weights
from partnerwijzer.evaluation.models import Criterion, PairwiseJudgement, ScoringSetup, WeightingMethod
from partnerwijzer.evaluation.scoring import services
from partnerwijzer.evaluation.scoring.selectors import ahp_summary, saaty_value, stored_judgement
from partnerwijzer.evaluation.scoring.services import default_price_weight
from partnerwijzer.evaluation.selectors import scoring_setup_of
from partnerwijzer.evaluation.tests.builders import criteria_of, make_selection, seat, second_evaluator
from partnerwijzer.sourcing.models import Selection
from tests.personas import Personas

pytestmark = pytest.mark.django_db

# A consistent form: criterion i has priority proportional to PRIORITY[i].
PRIORITY = [8, 6, 6, 4, 4, 2, 2, 1]


def _token(ratio: float) -> str:
    whole = round(ratio) if ratio >= 1 else round(1 / ratio)
    return "1" if whole == 1 else (str(whole) if ratio >= 1 else f"1/{whole}")


def _form(selection: Selection, priority: list[float]) -> dict[str, str]:
    criteria = criteria_of(selection)
    data = {}
    for i, a in enumerate(criteria):
        for j in range(i + 1, len(criteria)):
            data[f"p-{a.pk}-{criteria[j].pk}"] = _token(priority[i] / priority[j])
    return data


def _client_for(user: object) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")  # type: ignore[arg-type]
    return client


def test_pairwise_form_lands_in_criterion_weight_with_ahp(personas: Personas) -> None:
    selection = make_selection(personas)
    seat(selection, personas.evaluator)
    services.weighting_method_set(actor=personas.owner, selection=selection, method=WeightingMethod.AHP)
    client = personas.client("evaluator")
    url = reverse("evaluation:pairwise", args=[selection.pk])
    assert client.post(url, _form(selection, PRIORITY)).status_code == 302
    assert PairwiseJudgement.objects.count() == 28
    weights = [c.weight for c in criteria_of(selection)]
    assert sum(weights) == Decimal(100)
    assert weights[0] > weights[3] > weights[7]
    summary = ahp_summary(selection)
    assert summary is not None
    assert summary.is_consistent
    page = personas.client("owner").get(reverse("evaluation:weights", args=[selection.pk]))
    assert b"data-cr=" in page.content
    assert b"is-consistent" in page.content


def test_the_aggregate_is_the_geometric_mean_of_complete_forms(personas: Personas) -> None:
    selection = make_selection(personas)
    services.weighting_method_set(actor=personas.owner, selection=selection, method=WeightingMethod.AHP)
    other_user = second_evaluator(personas)
    forms = [(personas.evaluator, PRIORITY), (other_user, list(reversed(PRIORITY)))]
    for user, priority in forms:
        seat(selection, user)
        response = _client_for(user).post(reverse("evaluation:pairwise", args=[selection.pk]),
                                          _form(selection, priority))
        assert response.status_code == 302
    matrices = []
    for _user, priority in forms:
        n = len(priority)
        a = np.eye(n)
        for i in range(n):
            for j in range(i + 1, n):
                ratio = priority[i] / priority[j]
                value = float(saaty_value(_token(ratio)))
                a[i, j], a[j, i] = value, 1 / value
        matrices.append(a)
    expected = ahp_weights(ahp_aggregate(np.stack(matrices))).weights * 100
    saved = np.array([float(c.weight) for c in criteria_of(selection)])
    np.testing.assert_allclose(saved, expected, atol=0.02)


def test_inconsistent_judgements_show_the_ratio_and_the_pairs_to_revisit(personas: Personas) -> None:
    selection = make_selection(personas)
    seat(selection, personas.evaluator)
    data = _form(selection, PRIORITY)
    criteria = criteria_of(selection)
    # Contradict: the least important criterion now beats the most important one extremely.
    data[f"p-{criteria[0].pk}-{criteria[7].pk}"] = "1/9"
    data[f"p-{criteria[0].pk}-{criteria[1].pk}"] = "1/7"
    client = personas.client("evaluator")
    url = reverse("evaluation:pairwise", args=[selection.pk])
    client.post(url, data)
    own = ahp_summary(selection, evaluator=selection.evaluators.get())
    assert own is not None
    assert own.cr > 0.10
    page = client.get(url)
    html = page.content.decode()
    assert "is-inconsistent" in html
    assert "data-pair=" in html
    assert own.pairs_to_revisit[0].a.criterion.pk in {criteria[0].pk, criteria[1].pk, criteria[7].pk}
    # Direct weighting stays untouched by the pairwise forms.
    assert scoring_setup_of(Selection.objects.get(pk=selection.pk)).weighting_method == WeightingMethod.DIRECT
    assert Criterion.objects.get(pk=criteria[7].pk).weight == default_price_weight()


def test_judgements_outside_the_scale_are_refused(personas: Personas) -> None:
    selection = make_selection(personas)
    seat(selection, personas.evaluator)
    data = _form(selection, PRIORITY)
    data[next(iter(data))] = "12"
    response = personas.client("evaluator").post(reverse("evaluation:pairwise", args=[selection.pk]), data)
    assert response.status_code == 400
    assert not PairwiseJudgement.objects.exists()
    assert stored_judgement(saaty_value("1/9")) >= Decimal(1) / Decimal(9)


def test_the_pairwise_form_is_one_row_per_pair_with_a_labelled_scale(personas: Personas) -> None:
    """Issue 11, finding 6: 28 drop-downs of 17 options became one radio row per pair."""
    selection = make_selection(personas)
    seat(selection, personas.evaluator)
    response = personas.client("evaluator").get(reverse("evaluation:pairwise", args=[selection.pk]))
    html = response.content.decode()
    n = len(criteria_of(selection))
    pairs = n * (n - 1) // 2
    assert html.count("<select") == 1  # only the language switch in the header
    assert html.count('class="pair__set"') == pairs
    assert html.count('type="radio"') == pairs * 17
    assert html.count("<legend") >= pairs
    # every radio has a label with the judgement in words (visually hidden beside the number)
    assert html.count('<span class="visually-hidden">') >= pairs * 17
    assert "data-ahp-live" in html
    assert "js/evaluation-ahp.js" in html
    assert "<script>" not in html  # strict CSP: no inline scripts


def test_after_scoring_is_closed_the_pairwise_form_offers_no_saving_and_saving_is_refused(
    personas: Personas,
) -> None:
    selection = make_selection(personas)
    own = seat(selection, personas.evaluator)
    ScoringSetup.objects.update_or_create(selection=selection, defaults={"closed_at": timezone.now()})
    selection.refresh_from_db()
    own.refresh_from_db()
    client = personas.client("evaluator")
    url = reverse("evaluation:pairwise", args=[selection.pk])
    html = client.get(url).content.decode()
    assert "Mijn vergelijking opslaan" not in html
    assert "Het scoren is gesloten. Een eigenaar kan het weer openen." in html
    response = client.post(url, _form(selection, PRIORITY))
    assert response.status_code == 400
    assert PairwiseJudgement.objects.count() == 0
    with pytest.raises(ValidationError):
        services.judgements_set(actor=personas.evaluator, evaluator=own, judgements={})
    weights_html = personas.client("owner").get(reverse("evaluation:weights", args=[selection.pk])).content.decode()
    assert "Voeg uzelf toe" not in weights_html
