"""The page links higher apps lend lower apps' templates (partnerwijzer/pagelinks.py)."""

from __future__ import annotations

import uuid

from django.urls import reverse

from partnerwijzer import pagelinks

DOCUMENTED = {
    "selection.detail", "selection.criteria", "selection.evaluators", "selection.scoring", "selection.ranking",
    "selection.questionnaires", "questionnaire.portal_links", "selection.documents", "project.progress_report",
}


def test_the_owners_register_every_documented_link_at_start_up() -> None:
    assert pagelinks.registered() == DOCUMENTED


def test_a_registered_link_is_the_owners_route_and_an_unknown_one_is_empty() -> None:
    selection_id, questionnaire_id = uuid.uuid4(), uuid.uuid4()
    assert pagelinks.url("selection.ranking", selection_id) == reverse("evaluation:ranking", args=[selection_id])
    assert pagelinks.url("questionnaire.portal_links", selection_id, questionnaire_id) == reverse(
        "portal:links", args=[selection_id, questionnaire_id]
    )
    assert pagelinks.url("no.such.page", selection_id) == ""
