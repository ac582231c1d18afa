"""The guide's figures page in groups: one collapsible group per data file, open only where the
organisation has its own value (or where a refused form shows its message), and a filter (?q=)
that narrows the list to the figures whose name holds every word, in the user's language."""

from __future__ import annotations

import re

from django.urls import reverse

from partnerwijzer.budget.figures import selectors, services
from tests.personas import Personas

PAYBACK = "costs.roi.payback"
READINESS = "readiness.items.data.figures.0"
HR_SHARE = "department_budget.hr.share"


def _open_groups(html: str) -> list[str]:
    return re.findall(r'<details class="budget-figures__group" id="group-([a-z_]+)"[^>]* open', html)


def _groups(html: str) -> list[str]:
    return re.findall(r'<details class="budget-figures__group" id="group-([a-z_]+)"', html)


def _cards(html: str) -> list[str]:
    return re.findall(r'<li class="card" id="figure-[^"]+" data-figure="([^"]+)"', html)


def test_every_group_is_closed_until_the_organisation_has_its_own_value(personas: Personas) -> None:
    owner = personas.client("owner")
    html = owner.get(reverse("budget:figures")).content.decode()
    assert _groups(html) == list(selectors.GROUPS)
    assert _open_groups(html) == []
    assert len(_cards(html)) == len(selectors.figure_rows(personas.organisation))
    services.figure_override_set(actor=personas.owner, organisation=personas.organisation, key=READINESS,
                                 value="40", reason="Our data is in good shape.")
    html = owner.get(reverse("budget:figures")).content.decode()
    assert _open_groups(html) == ["readiness"]
    summary = html.split('id="group-readiness"', 1)[1].split("</summary>", 1)[0]
    assert "1 eigen waarde" in summary


def test_a_refused_value_opens_its_group_with_the_message(personas: Personas) -> None:
    response = personas.client("owner").post(reverse("budget:figure_set", args=[HR_SHARE]),
                                             {"value": "veel", "reason": "x"})
    assert response.status_code == 400
    html = response.content.decode()
    assert _open_groups(html) == ["department_budget"]
    card = html.split(f'id="figure-{HR_SHARE}"', 1)[1].split("</li>", 1)[0]
    assert 'role="alert"' in card
    assert 'value="veel"' in card  # what was typed is kept


def test_the_filter_keeps_the_figures_whose_name_holds_every_word(personas: Personas) -> None:
    viewer = personas.client("viewer")
    html = viewer.get(reverse("budget:figures"), {"q": "  Personeelszaken   AI-budget "}).content.decode()
    assert _cards(html) == [HR_SHARE]
    assert _open_groups(html) == ["department_budget"]
    assert "Cijfers die passen: 1" in html
    assert 'value="Personeelszaken AI-budget"' in html
    # The group's name counts as part of the name: "gereedheid" finds every readiness figure.
    html = viewer.get(reverse("budget:figures"), {"q": "GEREEDHEID"}).content.decode()
    assert set(_groups(html)) >= {"readiness"}
    assert READINESS in _cards(html)


def test_the_filter_searches_in_the_users_language(personas: Personas) -> None:
    personas.organisation.language = "de"
    personas.organisation.save()
    html = personas.client("viewer").get(reverse("budget:figures"), {"q": "personalwesen"}).content.decode()
    assert _cards(html) == [HR_SHARE]
    assert "Passende Zahlen: 1" in html


def test_no_match_says_so_and_leads_back_to_every_figure(personas: Personas) -> None:
    response = personas.client("owner").get(reverse("budget:figures"), {"q": "xyzzy"})
    assert response.status_code == 200
    html = response.content.decode()
    assert _groups(html) == []
    assert "Geen cijfer past bij “xyzzy”." in html
    assert f'<a class="button" href="{reverse("budget:figures")}">Toon alle cijfers</a>' in html


def test_odd_filter_input_is_harmless(personas: Personas) -> None:
    owner = personas.client("owner")
    for q in ("data\x00base", "x" * 5000, "<script>alert(1)</script>", "%"):
        response = owner.get(reverse("budget:figures"), {"q": q})
        assert response.status_code == 200, q
        html = response.content.decode()
        assert "\x00" not in html
        assert "<script>alert(1)</script>" not in html
    html = owner.get(reverse("budget:figures"), {"q": "x" * 5000}).content.decode()
    assert 'value="' + "x" * 100 + '"' in html
