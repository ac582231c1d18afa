"""The links higher apps offer on lower apps' pages: URLs by name and worded links in slots (pagelinks.py)."""

from __future__ import annotations

import uuid

from django.urls import reverse

from partnerwijzer import pagelinks

DOCUMENTED = {
    "selection.detail", "selection.criteria", "selection.evaluators", "selection.scoring", "selection.ranking",
    "selection.questionnaires", "questionnaire.portal_links", "selection.documents", "project.progress_report",
    "letter.document",
    "questionnaire.firm_questions", "questionnaire.side_by_side", "questionnaire.answers_xlsx",
    "adviser.home",
}
DOCUMENTED_SLOTS = {"contract.decision", "planning.use_case"}


def test_the_owners_register_every_documented_link_at_start_up() -> None:
    assert pagelinks.registered() == DOCUMENTED
    assert pagelinks.registered_slots() == DOCUMENTED_SLOTS


def test_a_registered_link_is_the_owners_route_and_an_unknown_one_is_empty() -> None:
    selection_id, questionnaire_id = uuid.uuid4(), uuid.uuid4()
    assert pagelinks.url("selection.ranking", selection_id) == reverse("evaluation:ranking", args=[selection_id])
    assert pagelinks.url("questionnaire.portal_links", selection_id, questionnaire_id) == reverse(
        "portal:links", args=[selection_id, questionnaire_id]
    )
    assert pagelinks.url("no.such.page", selection_id) == ""


def test_a_slot_gives_the_links_that_apply_once_each_and_an_unknown_slot_none() -> None:
    def for_owners(subject: object, is_owner: bool) -> pagelinks.Link | None:
        return pagelinks.Link(label=f"Start {subject}", url="/start/") if is_owner else None

    pagelinks.register_links("test.slot", for_owners)
    pagelinks.register_links("test.slot", for_owners)
    try:
        assert pagelinks.links_for("test.slot", "x", is_owner=True) == [pagelinks.Link(label="Start x", url="/start/")]
        assert pagelinks.links_for("test.slot", "x", is_owner=False) == []
        assert pagelinks.links_for("no.such.slot", "x", is_owner=True) == []
    finally:
        pagelinks._PROVIDERS.pop("test.slot")
