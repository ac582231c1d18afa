"""Direct weights page: sum validation keeps the input, the price-weight warning cites the guide."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from partnerwijzer.evaluation.models import Criterion
from partnerwijzer.evaluation.tests.builders import criteria_of, make_selection
from partnerwijzer.knowledge.loader import reference
from partnerwijzer.sourcing.models import Selection
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _post(personas: Personas, selection: Selection, weights: list[str]) -> object:
    data = {f"w-{c.pk}": w for c, w in zip(criteria_of(selection), weights, strict=True)}
    return personas.client("owner").post(reverse("evaluation:weights", args=[selection.pk]), data)


def test_weights_that_do_not_add_up_to_100_are_refused_with_the_input_kept(personas: Personas) -> None:
    selection = make_selection(personas)
    before = [c.weight for c in criteria_of(selection)]
    response = _post(personas, selection, ["20", "20", "20", "20", "20", "10", "5", "7.5"])
    assert response.status_code == 400  # type: ignore[attr-defined]
    html = response.content.decode()  # type: ignore[attr-defined]
    assert 'value="7.5"' in html
    assert "error-summary" in html
    with translation.override("nl"):
        assert "122,5" in str(response.context["form"].non_field_errors())  # type: ignore[attr-defined]
    assert [c.weight for c in criteria_of(selection)] == before


def test_weights_that_add_up_are_saved(personas: Personas) -> None:
    selection = make_selection(personas)
    response = _post(personas, selection, ["20", "15", "15", "10", "10", "10", "5", "15"])
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert [c.weight for c in criteria_of(selection)][-1] == Decimal(15)


@pytest.mark.parametrize(
    ("price", "level"),
    [("22", "none"), ("25", "warning"), ("30", "strong"), ("40", "strong")],
)
def test_price_weight_warning_levels_follow_the_guide(personas: Personas, price: str, level: str) -> None:
    selection = make_selection(personas)
    rest = ((Decimal(100) - Decimal(price)) / 7).quantize(Decimal("0.01"))
    weights = [rest] * 7 + [Decimal(price)]
    weights[0] += Decimal(100) - sum(weights)
    for criterion, weight in zip(criteria_of(selection), weights, strict=True):
        Criterion.objects.filter(pk=criterion.pk).update(weight=weight)
    response = personas.client("viewer").get(reverse("evaluation:weights", args=[selection.pk]))
    assert response.context["price"].level == level
    html = response.content.decode()
    assert f'data-price-level="{level}"' in html
    # The guide's reference values, with their source: 22 % (successful) and 38 % (failed).
    with translation.override("nl"):
        assert html.count('class="refvalue"') == 2
        assert "22%" in html
        assert "38%" in html
    source = reference().source(reference().price_criterion.figures[0].source)
    assert source.title.nl in html  # the provenance is named beside each figure


def test_live_total_script_is_a_static_file_not_inline(personas: Personas) -> None:
    selection = make_selection(personas)
    html = personas.client("owner").get(reverse("evaluation:weights", args=[selection.pk])).content.decode()
    assert "js/evaluation-weights.js" in html
    assert "data-weights-total" in html
    assert "<script>" not in html


def test_a_new_selection_starts_price_at_the_weight_of_successful_projects(personas: Personas) -> None:
    """Issue 11, finding 5: price started at 0 % while the page said that fits successful projects."""
    selection = make_selection(personas)
    weights = {c.is_price: c.weight for c in criteria_of(selection)}
    assert weights[True] == Decimal(22)
    assert sum(c.weight for c in criteria_of(selection)) == Decimal(100)
    response = personas.client("viewer").get(reverse("evaluation:weights", args=[selection.pk]))
    assert response.context["price"].advice == "close"
    assert 'data-price-advice="close"' in response.content.decode()


@pytest.mark.parametrize(
    ("price", "advice", "phrase"),
    [
        ("0", "zero", "the most expensive offer can win"),
        ("8", "low", "The guide reports nothing on weights this low"),
        ("20", "close", "close to the 22%"),
        ("25", "warning", "more than the 22% of successful projects"),
        ("34", "strong", "closer to the failed projects"),
    ],
)
def test_the_price_advice_follows_the_guides_two_figures_also_for_too_low_a_weight(
    personas: Personas, price: str, advice: str, phrase: str
) -> None:
    selection = make_selection(personas)
    rest = ((Decimal(100) - Decimal(price)) / 7).quantize(Decimal("0.01"))
    weights = [rest] * 7 + [Decimal(price)]
    weights[0] += Decimal(100) - sum(weights)
    for criterion, weight in zip(criteria_of(selection), weights, strict=True):
        Criterion.objects.filter(pk=criterion.pk).update(weight=weight)
    personas.speak("en")
    client = personas.client("viewer")
    client.cookies["django_language"] = "en"
    response = client.get(reverse("evaluation:weights", args=[selection.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["price"].advice == advice
    html = response.content.decode()
    assert phrase in html
    assert "That is within what successful projects did" not in html
