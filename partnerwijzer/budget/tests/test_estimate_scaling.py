"""Issue 11, finding 14: the guide's ranges are for firms of 100-250 staff. The page says so, and
offers ranges scaled to the company and the kind of application as a labelled assumption the user
can switch off."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from partnerwijzer.budget.estimate.scaling import scaling_for
from partnerwijzer.budget.models import CostLine
from partnerwijzer.knowledge.topics import costs as cost_reference
from partnerwijzer.planning.models import CompanyProfile, UseCase
from tests.personas import Personas


def test_scaling_follows_size_and_complexity() -> None:
    assert scaling_for(staff=175, complexity="medium").factor == 1.0
    assert scaling_for(staff=60, complexity=None).factor == pytest.approx(0.59, abs=0.01)
    assert scaling_for(staff=60, complexity="simple").factor == pytest.approx(0.29, abs=0.01)
    assert scaling_for(staff=5, complexity=None).size == 0.35  # held at the lower limit
    assert scaling_for(staff=5000, complexity=None).size == 1.5
    assert scaling_for(staff=None, complexity=None).factor == 1.0


@pytest.fixture
def chatbot(personas: Personas) -> UseCase:
    CompanyProfile.objects.create(organisation=personas.organisation, country="NL", region="Noord-Brabant",
                                  staff_count=60)
    return UseCase.objects.create(organisation=personas.organisation, title="Klantenservice-chatbot",
                                  archetype="customer_service")


def _url(name: str, use_case: UseCase) -> str:
    return reverse(f"budget:{name}", kwargs={"use_case_id": use_case.pk})


def test_the_page_says_which_size_the_ranges_are_for(personas: Personas, chatbot: UseCase) -> None:
    html = personas.client("viewer").get(_url("estimate", chatbot)).content.decode()
    assert 'id="guide-size"' in html
    assert "100–250" in html
    assert "60" in html[html.index('id="guide-size"'):html.index("</p>", html.index('id="guide-size"'))]
    owner_html = personas.client("owner").get(_url("estimate", chatbot)).content.decode()
    assert re.search(r'id="id_scaled" checked', owner_html)  # on, and the user can switch it off
    assert "Onze aanname, niet het cijfer van de gids." in owner_html


def test_a_small_firm_starts_from_scaled_ranges(personas: Personas, chatbot: UseCase) -> None:
    response = personas.client("owner").post(_url("estimate_start", chatbot), {"scaled": "1"})
    assert response.status_code == 302
    reference = cost_reference.load()
    first = reference.categories[0]
    line = CostLine.objects.get(budget__use_case=chatbot, category=first.key)
    factor = scaling_for(staff=60, complexity=None).factor
    assert line.high == (Decimal(str(first.typical.high)) * Decimal(str(factor))).quantize(Decimal(1))
    assert line.high < Decimal(str(first.typical.high))


def test_switched_off_the_guides_ranges_are_used(personas: Personas, chatbot: UseCase) -> None:
    personas.client("owner").post(_url("estimate_start", chatbot), {})
    first = cost_reference.load().categories[0]
    line = CostLine.objects.get(budget__use_case=chatbot, category=first.key)
    assert line.high == Decimal(str(first.typical.high))
