"""Which checklist items a decision creates, and that a refresh only ever adds what is new."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.contract import selectors, services
from partnerwijzer.contract.models import ContractItem, PartnerDecision
from partnerwijzer.knowledge.topics.contract import GUIDE_KEYS
from partnerwijzer.planning.models import Kpi, UseCase
from partnerwijzer.sourcing.models import Candidate, Selection
from partnerwijzer.sourcing.services import selection_create
from tests.personas import Personas

from .conftest import HIGH_RISK_WALK, MINIMAL_RISK_WALK, gdpr_walk, store_answers

DEPLOYER_ITEMS = {
    "deployer_use_per_instructions", "deployer_human_oversight", "deployer_input_data", "deployer_monitor_report",
    "deployer_keep_logs", "deployer_inform_workers",
}


def _keys(decision: PartnerDecision, source: str) -> list[str]:
    return list(ContractItem.objects.filter(decision=decision, source=source).values_list("key", flat=True))


def _choose(personas: Personas, selection: Selection, candidate: Candidate) -> PartnerDecision:
    return services.decision_save(actor=personas.owner, selection=selection, candidate=candidate,
                                  rationale="Best fit.").decision


def test_a_selection_without_use_case_gets_the_eleven_guide_items(personas: Personas) -> None:
    selection = selection_create(actor=personas.owner, organisation=personas.organisation, title="No use case")
    candidate = Candidate.objects.create(selection=selection, name="Solo AI")
    decision = _choose(personas, selection, candidate)
    assert _keys(decision, "guide") == list(GUIDE_KEYS)
    assert ContractItem.objects.filter(decision=decision).count() == 11
    assert set(ContractItem.objects.filter(decision=decision).values_list("status", flat=True)) == {"missing"}
    # Titles are stored in the organisation's language (Dutch) as a fallback.
    assert ContractItem.objects.get(decision=decision, key="exit_strategy").title == "Exitstrategie"


def test_decision_adds_one_acceptance_item_per_kpi_with_baseline_and_target(
    personas: Personas, selection: Selection, candidates: dict[str, Candidate], use_case: UseCase
) -> None:
    personas.speak("en")
    decision = _choose(personas, selection, candidates["acme"])
    kpi_items = ContractItem.objects.filter(decision=decision, source="kpi").order_by("position")
    assert [item.title for item in kpi_items] == [
        "Downtime: from 40 to 25 hours/month by June 2027",
        "Scrap rate: 2.5 % (no baseline measured yet)",
    ]
    downtime = Kpi.objects.get(use_case=use_case, name="Downtime")
    assert kpi_items[0].kpi == downtime
    assert kpi_items[0].key == f"kpi-{downtime.pk}"
    assert _keys(decision, "ai_act") == []  # no screening done yet
    assert _keys(decision, "gdpr") == []


def test_high_risk_adds_the_deployer_duty_items(
    personas: Personas, selection: Selection, candidates: dict[str, Candidate], use_case: UseCase
) -> None:
    store_answers(use_case, "ai_act", HIGH_RISK_WALK)
    decision = _choose(personas, selection, candidates["acme"])
    assert set(_keys(decision, "ai_act")) == DEPLOYER_ITEMS
    assert ContractItem.objects.filter(decision=decision).count() == 11 + 6 + 2


def test_minimal_risk_adds_no_ai_act_items(
    personas: Personas, selection: Selection, candidates: dict[str, Candidate], use_case: UseCase
) -> None:
    store_answers(use_case, "ai_act", MINIMAL_RISK_WALK)
    assert selectors.ai_act_result(use_case) is not None
    assert selectors.ai_act_result(use_case).tier != "high_risk"  # type: ignore[union-attr]
    decision = _choose(personas, selection, candidates["acme"])
    assert _keys(decision, "ai_act") == []


@pytest.mark.parametrize(
    "case",
    [
        (gdpr_walk(processor=True), ["processor_agreement"]),
        (gdpr_walk(processor=False), []),
        (gdpr_walk(processor=False, personal_data=False), []),
    ],
    ids=["partner-processes-personal-data", "no-processor", "no-personal-data"],
)
def test_processor_item_only_when_a_partner_processes_personal_data(
    personas: Personas, selection: Selection, candidates: dict[str, Candidate], use_case: UseCase,
    case: tuple[dict[str, object], list[str]],
) -> None:
    walk, expected = case
    store_answers(use_case, "gdpr", walk)
    assert selectors.gdpr_result(use_case) is not None
    decision = _choose(personas, selection, candidates["acme"])
    assert _keys(decision, "gdpr") == expected


def test_refresh_adds_only_what_is_new_and_never_duplicates_or_deletes(
    personas: Personas, selection: Selection, decision: PartnerDecision, use_case: UseCase
) -> None:
    before = ContractItem.objects.filter(decision=decision).count()
    assert services.items_refresh(actor=personas.owner, decision=decision) == []
    # The owner edits one item and adds an own one; a KPI is removed from the plan.
    item = ContractItem.objects.get(decision=decision, key="exit_strategy")
    services.item_update(actor=personas.owner, item=item, status="agreed", wording="Art. 12 of the draft.",
                         owner=personas.evaluator)
    services.item_create(actor=personas.owner, decision=decision, title="Penalty clause")
    Kpi.objects.filter(use_case=use_case, name="Scrap rate").delete()
    # Later results: high-risk, a processor and a new KPI.
    store_answers(use_case, "ai_act", HIGH_RISK_WALK)
    store_answers(use_case, "gdpr", gdpr_walk(processor=True))
    Kpi.objects.create(use_case=use_case, name="Spare-part stock", unit="EUR", baseline_value=Decimal(90000),
                       target_value=Decimal(70000), target_date=date(2027, 12, 1), position=2)
    added = services.items_refresh(actor=personas.owner, decision=decision)
    assert {i.key for i in added if i.source == "ai_act"} == DEPLOYER_ITEMS
    assert [i.key for i in added if i.source == "gdpr"] == ["processor_agreement"]
    # KPI titles are stored in the organisation's language (nl).
    assert [i.title for i in added if i.source == "kpi"] == [
        "Spare-part stock: van 90.000 naar 70.000 EUR uiterlijk december 2027"
    ]
    assert ContractItem.objects.filter(decision=decision).count() == before + 1 + 6 + 1 + 1
    # The edited item kept its state; the KPI item of the removed KPI stays (its kpi link is cleared).
    item.refresh_from_db()
    assert (item.status, item.wording, item.owner) == ("agreed", "Art. 12 of the draft.", personas.evaluator)
    assert ContractItem.objects.filter(decision=decision, title__startswith="Scrap rate", kpi=None).exists()
    # Twice is the same as once.
    assert services.items_refresh(actor=personas.owner, decision=decision) == []
    assert AuditEvent.objects.filter(action="contract.items_add").count() == 2  # the decision, the refresh


def test_changing_the_candidate_keeps_the_items(
    personas: Personas, selection: Selection, candidates: dict[str, Candidate], decision: PartnerDecision
) -> None:
    ids = set(ContractItem.objects.filter(decision=decision).values_list("pk", flat=True))
    outcome = services.decision_save(actor=personas.owner, selection=selection, candidate=candidates["beta"],
                                     rationale="Acme withdrew.")
    assert outcome.candidate_changed
    assert not outcome.created
    assert outcome.added == []
    assert set(ContractItem.objects.filter(decision=decision).values_list("pk", flat=True)) == ids
    assert PartnerDecision.objects.get(selection=selection).candidate == candidates["beta"]
    event = AuditEvent.objects.get(action="contract.decision_update")
    assert event.changes["candidate"] == [str(candidates["acme"].pk), str(candidates["beta"].pk)]


def test_saving_the_same_decision_again_changes_nothing(
    personas: Personas, selection: Selection, candidates: dict[str, Candidate], decision: PartnerDecision
) -> None:
    outcome = services.decision_save(actor=personas.owner, selection=selection, candidate=candidates["acme"],
                                     rationale=decision.rationale)
    assert not outcome.created
    assert not outcome.candidate_changed
    assert not AuditEvent.objects.filter(action="contract.decision_update").exists()


# --- Validation --------------------------------------------------------------------------------


def test_rationale_is_required(personas: Personas, selection: Selection, candidates: dict[str, Candidate]) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.decision_save(actor=personas.owner, selection=selection, candidate=candidates["acme"],
                               rationale="   ")
    assert error.value.message_dict["rationale"] == ["Say in a few words why you prefer this partner."]
    assert not PartnerDecision.objects.exists()
    assert not ContractItem.objects.exists()


def test_candidate_of_another_selection_or_rejected_is_refused(
    personas: Personas, selection: Selection, candidates: dict[str, Candidate]
) -> None:
    other = selection_create(actor=personas.owner, organisation=personas.organisation, title="Other search")
    stranger = Candidate.objects.create(selection=other, name="Stranger AI")
    with translation.override("en"):
        with pytest.raises(ValidationError, match="Choose one of the candidates of this selection"):
            services.decision_save(actor=personas.owner, selection=selection, candidate=stranger, rationale="x")
        with pytest.raises(ValidationError, match="was rejected"):
            services.decision_save(actor=personas.owner, selection=selection, candidate=candidates["dropped"],
                                   rationale="x")
    assert not PartnerDecision.objects.exists()


def test_item_owner_must_be_a_member_and_status_known(personas: Personas, decision: PartnerDecision) -> None:
    item = ContractItem.objects.get(decision=decision, key="acceptance")
    with translation.override("en"):
        with pytest.raises(ValidationError, match="must be a member"):
            services.item_update(actor=personas.owner, item=item, status="open", wording="", owner=personas.outsider)
        with pytest.raises(ValidationError, match="Choose agreed, open or missing"):
            services.item_update(actor=personas.owner, item=item, status="done", wording="", owner=None)
    item.refresh_from_db()
    assert (item.status, item.owner) == ("missing", None)


def test_only_own_items_can_be_deleted(personas: Personas, decision: PartnerDecision) -> None:
    guide = ContractItem.objects.get(decision=decision, key="phase_plan")
    with pytest.raises(ValidationError):
        services.item_delete(actor=personas.owner, item=guide)
    own = services.item_create(actor=personas.owner, decision=decision, title="Price index")
    services.item_delete(actor=personas.owner, item=own)
    assert not ContractItem.objects.filter(pk=own.pk).exists()
    assert ContractItem.objects.filter(pk=guide.pk).exists()
    assert AuditEvent.objects.filter(action="contract.item_delete").count() == 1


def test_suggestion_prefers_the_candidate_in_negotiation(
    personas: Personas, selection: Selection, candidates: dict[str, Candidate]
) -> None:
    assert selectors.suggested_candidate(selection) is None  # nothing scored, no stage reached
    Candidate.objects.filter(pk=candidates["beta"].pk).update(stage="negotiation")
    assert selectors.suggested_candidate(selection) == candidates["beta"]
    Candidate.objects.filter(pk=candidates["acme"].pk).update(stage="chosen")
    assert selectors.suggested_candidate(selection) == candidates["acme"]
    assert candidates["dropped"] not in selectors.choosable_candidates(selection)
