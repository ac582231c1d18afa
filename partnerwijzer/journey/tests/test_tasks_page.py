"""Each person's page of open tasks ("Mijn taken") and its API: only their own, dated ones first."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from partnerwijzer.evaluation.models import Evaluator
from partnerwijzer.evaluation.tests.builders import make_selection
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_an_evaluator_sees_only_their_own_tasks_dated_first(personas: Personas) -> None:
    undated = make_selection(personas, title="Chatbot klantenservice")
    dated = make_selection(personas, title="Onderhoudsvoorspelling")
    Evaluator.objects.create(selection=undated, user=personas.evaluator)
    Evaluator.objects.create(selection=dated, user=personas.evaluator, score_by=dt.date(2027, 5, 1))
    Evaluator.objects.create(selection=undated, user=personas.owner)

    html = personas.client("evaluator").get(reverse("journey:tasks")).content.decode()
    assert html.index("Onderhoudsvoorspelling") < html.index("Chatbot klantenservice")
    assert "1 mei 2027" in html
    assert html.count('class="your-task') == 2

    owner_html = personas.client("owner").get(reverse("journey:tasks")).content.decode()
    assert owner_html.count('class="your-task') == 1
    viewer_html = personas.client("viewer").get(reverse("journey:tasks")).content.decode()
    assert 'id="no-tasks"' in viewer_html
    assert "Naar het overzicht" in viewer_html


def test_the_nav_links_to_my_tasks(personas: Personas) -> None:
    html = personas.client("viewer").get(reverse("journey:dashboard")).content.decode()
    assert f'href="{reverse("journey:tasks")}"' in html
    assert "Mijn taken" in html


def test_the_task_api_returns_the_callers_own_tasks_in_the_asked_language(personas: Personas) -> None:
    selection = make_selection(personas, title="Onderhoudsvoorspelling")
    Evaluator.objects.create(selection=selection, user=personas.evaluator, score_by=dt.date(2027, 5, 1))
    url = f"/api/v1/organisations/{personas.organisation.pk}/tasks"
    (task,) = personas.client("evaluator").get(url, {"lang": "de"}).json()
    assert task["due"] == "2027-05-01"
    assert task["url"] == reverse("evaluation:scoring", args=[selection.pk])
    assert "Onderhoudsvoorspelling" in task["text"]
    assert task["link_text"] != "Start scoring"
    assert personas.client("viewer").get(url).json() == []
    assert personas.client("outsider").get(url).status_code == 404
