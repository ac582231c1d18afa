"""The contract readiness: counts per status, what is still open or missing, and the verdict."""

from __future__ import annotations

from django.utils import translation

from partnerwijzer.contract import selectors, services
from partnerwijzer.contract.models import ContractItem, PartnerDecision
from partnerwijzer.journey.steps import STATUS_PROVIDERS, Status
from partnerwijzer.sourcing.models import Selection
from tests.personas import Personas


def test_without_a_decision_nothing_is_ready(selection: Selection) -> None:
    readiness = selectors.readiness_for(selection)
    assert (readiness.decided, readiness.ready, readiness.total) == (False, False, 0)
    with translation.override("en"):
        assert readiness.verdict.startswith("No preferred partner chosen yet")


def test_counts_open_and_missing_items_with_titles(personas: Personas, decision: PartnerDecision) -> None:
    items = {i.key: i for i in ContractItem.objects.filter(decision=decision)}
    services.item_update(actor=personas.owner, item=items["scope_deliverables"], status="agreed", wording="Annex A",
                         owner=None)
    services.item_update(actor=personas.owner, item=items["exit_strategy"], status="open", wording="",
                         owner=personas.evaluator)
    readiness = selectors.readiness_for(decision.selection, lang="en")
    assert (readiness.agreed, readiness.open, readiness.missing) == (1, 1, 11)  # 11 guide + 2 KPI items
    assert readiness.counts == {"agreed": 1, "open": 1, "missing": 11}
    assert [(e.title, e.owner) for e in readiness.open_items] == [("Exit strategy", "Evaluator")]
    assert "Scope and deliverables" not in [e.title for e in readiness.missing_items]
    # KPI titles are stored in the organisation's language (nl) when the item is created.
    assert "Downtime: van 40 naar 25 hours/month uiterlijk juni 2027" in [e.title for e in readiness.missing_items]
    assert not readiness.ready
    with translation.override("en"):
        assert readiness.verdict == "Not ready to sign: 11 of 13 items are still missing and 1 open."


def test_ready_to_sign_only_when_every_item_is_agreed(personas: Personas, decision: PartnerDecision) -> None:
    items = list(ContractItem.objects.filter(decision=decision))
    for item in items[:-1]:
        services.item_update(actor=personas.owner, item=item, status="agreed", wording="ok", owner=None)
    services.item_update(actor=personas.owner, item=items[-1], status="open", wording="", owner=None)
    readiness = selectors.readiness_for(decision.selection)
    assert not readiness.ready
    with translation.override("en"):
        assert readiness.verdict == "Not ready to sign yet: 1 of 13 items are still open."
    assert STATUS_PROVIDERS["contract"](personas.organisation) == Status.IN_PROGRESS
    services.item_update(actor=personas.owner, item=items[-1], status="agreed", wording="ok", owner=None)
    readiness = selectors.readiness_for(decision.selection)
    assert readiness.ready
    assert readiness.open_items == ()
    assert readiness.missing_items == ()
    with translation.override("en"):
        assert readiness.verdict == "Ready to sign: every item is agreed."
    assert STATUS_PROVIDERS["contract"](personas.organisation) == Status.DONE


def test_journey_status_not_started_without_decision(personas: Personas, selection: Selection) -> None:
    assert STATUS_PROVIDERS["contract"](personas.organisation) == Status.NOT_STARTED
