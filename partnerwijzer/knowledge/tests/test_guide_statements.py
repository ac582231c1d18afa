"""Issue 14, point 14: the guide's figures are its statements, not measurements, wherever shown."""

from __future__ import annotations

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation

from partnerwijzer.knowledge.topics import costs, funding
from tests.personas import Personas


def _render(fig: object, lang: str = "en") -> str:
    template = engines["django"].from_string("{% reference_figure fig %}")
    with translation.override(lang):
        return template.render({"fig": fig})


def test_a_guide_figure_is_labelled_as_the_guides_statement() -> None:
    data_cleaning = next(h.figure for h in costs.load().hidden_costs if h.figure is not None and h.figure.value == 68)
    html = _render(data_cleaning)
    assert 'data-guide-statement="true"' in html
    assert "The guide states" in html
    assert "without a source we could check" in html
    assert 'href="/knowledge/sources/#guide-2025"' in html or "#guide-2025" in html


def test_the_label_is_translated() -> None:
    html = _render(costs.load().roi.payback, "nl")
    assert "De gids stelt" in html


def test_a_figure_with_a_checked_source_is_not_labelled_as_the_guides() -> None:
    bafa = funding.load().programme("de-bafa-beratung")
    assert bafa.cap is not None
    html = _render(bafa.cap)
    assert "The guide states" not in html
    assert "Reference value from" in html


@pytest.mark.django_db
def test_dashboard_badges_say_the_guide_states_and_link_to_it(personas: Personas) -> None:
    html = personas.client("owner").get(reverse("journey:dashboard")).content.decode()
    assert "Uit de gids" not in html
    assert html.count("De gids stelt") == 7
    assert html.count(f'href="{reverse("knowledge:sources")}#guide-2025"') == 7
