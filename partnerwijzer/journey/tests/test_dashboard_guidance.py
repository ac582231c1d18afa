"""Issue 11, finding 13: guidance that leads. Every step of the dashboard's task list shows its
status and a "continue" link to the exact next thing; the next step has a button; an invited
evaluator's dashboard starts with what they must score."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from lxml import html as lxml_html

from partnerwijzer.evaluation.scoring.services import evaluator_add
from partnerwijzer.planning.models import Kpi
from partnerwijzer.planning.usecases.services import use_case_create
from partnerwijzer.sourcing.services import selection_create
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _page(personas: Personas, persona: str) -> lxml_html.HtmlElement:
    response = personas.client(persona).get(reverse("journey:dashboard"))
    assert response.status_code == 200
    return lxml_html.fromstring(response.content)


def test_every_step_with_a_page_has_a_continue_link_and_the_next_step_a_button(personas: Personas) -> None:
    page = _page(personas, "owner")
    for key in ("plan", "readiness", "model", "budget", "selection", "contract"):
        links = page.xpath(f'//li[@id="step-{key}"]//a[@class="task-list__continue"]/@href')
        assert links, key
    button = page.xpath('//a[@id="next-step-continue"]')
    assert button, "the next step has a button"
    assert button[0].get("href") == reverse("planning:usecase_create")  # the exact next thing


def test_the_continue_link_goes_to_the_exact_next_thing(personas: Personas) -> None:
    use_case = use_case_create(
        actor=personas.owner, organisation=personas.organisation, title="Klantenservice-chatbot",
        problem_statement="Klanten wachten gemiddeld 12 minuten op een antwoord per e-mail.",
        current_state="Drie medewerkers beantwoorden 400 e-mails per week.",
    )
    page = _page(personas, "owner")
    href = page.xpath('//li[@id="step-plan"]//a[@class="task-list__continue"]/@href')[0]
    assert href in (reverse("planning:kpi_create", args=[use_case.pk]),
                    reverse("planning:usecase_update", args=[use_case.pk]))
    Kpi.objects.create(use_case=use_case, name="Wachttijd", unit="min", baseline_value=Decimal(12),
                       target_value=Decimal(4))
    readiness = _page(personas, "owner").xpath('//li[@id="step-readiness"]//a[@class="task-list__continue"]/@href')
    assert readiness == [reverse("planning:readiness", args=[use_case.pk])]


def test_others_never_get_an_owners_form_as_next_step(personas: Personas) -> None:
    for persona in ("viewer", "evaluator"):
        page = _page(personas, persona)
        hrefs = page.xpath('//a[@class="task-list__continue" or @id="next-step-continue"]/@href')
        assert reverse("planning:usecase_create") not in hrefs
        client = personas.client(persona)
        assert all(client.get(h).status_code == 200 for h in hrefs), persona


def test_an_invited_evaluator_sees_what_they_must_score(personas: Personas) -> None:
    selection = selection_create(actor=personas.owner, organisation=personas.organisation, title="Chatbotpartner")
    evaluator_add(actor=personas.owner, selection=selection, user=personas.evaluator)
    page = _page(personas, "evaluator")
    tasks = page.xpath('//section[@id="your-tasks"]')
    assert tasks, "the evaluator's dashboard starts with their tasks"
    assert "Chatbotpartner" in tasks[0].text_content()
    # The task's own link, then the way to the whole list ("Al mijn taken").
    assert tasks[0].xpath(".//a/@href") == [reverse("evaluation:scoring", args=[selection.pk]),
                                            reverse("journey:tasks")]
    assert not _page(personas, "viewer").xpath('//section[@id="your-tasks"]')


def test_the_apps_that_implement_the_steps_register_their_pages_and_the_nav_links_them(personas: Personas) -> None:
    from partnerwijzer.journey.steps import STEPS

    pages = {step.key: step.url_name for step in STEPS}
    assert pages == {
        "plan": "planning:usecase_list", "readiness": "planning:readiness_index", "model": "planning:advice_index",
        "budget": "budget:overview", "selection": "sourcing:selection_list", "contract": "contract:overview",
        "results": "results:portfolio",
    }
    nav = {a.get("href") for a in _page(personas, "owner").xpath("//a[span[contains(@class, 'journey-nav__num')]]")}
    assert {reverse(name) for name in pages.values()} <= nav
