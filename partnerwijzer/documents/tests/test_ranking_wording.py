"""The ranking page, the ranking API and the decision report say the same thing about one
ranking: the summary sentence and what would change the winner come from one module
(``evaluation/ranking/wording.py``), in each reader's language."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse
from django.utils import translation

from partnerwijzer.documents.decision_report import build_decision_report
from partnerwijzer.documents.tests.test_decision_report import full_text
from partnerwijzer.evaluation.ranking import wording
from partnerwijzer.evaluation.ranking.selectors import ranking_for
from partnerwijzer.evaluation.tests.builders import make_scored_selection
from tests.personas import Personas

pytestmark = pytest.mark.django_db

CRITERIA = (("Expertise", 50, False), ("Data protection", 30, False), ("Price", 20, True))
SCORES = [
    [[5, 4, 3], [4, 4, 4], [2, 3, 5]],
    [[4, 5, 3], [4, 3, 4], [3, 3, 4]],
]


@pytest.mark.parametrize("language", ["nl", "de", "en"])
def test_page_api_and_report_show_the_same_summary_and_closest_call(personas: Personas, language: str) -> None:
    built = make_scored_selection(
        organisation=personas.organisation, candidates=("Alpha", "Beta", "Gamma"), criteria=CRITERIA,
        scores=SCORES, closed=True,
    )
    selection = built.selection
    with translation.override(language):
        ranking = ranking_for(selection=selection)
        summary, closest = wording.summary(ranking), wording.closest_call(ranking)
    assert summary.startswith("Alpha ")  # a real sentence about the winner, not an empty string
    assert closest

    client = personas.client("owner")
    client.cookies["django_language"] = language
    personas.owner.language = language
    personas.owner.save(update_fields=["language"])
    page = client.get(reverse("evaluation:ranking", kwargs={"selection_id": selection.pk}))
    assert page.status_code == 200
    shown = html.unescape(page.content.decode())
    assert summary in shown
    assert closest in shown

    body = client.get(f"/api/v1/selections/{selection.pk}/ranking", HTTP_ACCEPT_LANGUAGE=language).json()
    assert body["summary"] == summary
    assert body["closest_call"] == closest

    report = full_text(build_decision_report(personas.organisation, selection.pk, language))
    assert summary in report
    assert closest in report
