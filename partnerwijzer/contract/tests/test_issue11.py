"""Issue 11, finding 12: choosing a partner early is warned about and recorded; the AI Act duties
that need the supplier (Article 50 notice, model documentation) become contract items in every
risk tier, like the high-risk deployer duties."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.contract.models import ContractItem, ItemSource, PartnerDecision
from partnerwijzer.contract.selectors import planned_items
from partnerwijzer.contract.services import decision_save
from partnerwijzer.contract.tests.conftest import MINIMAL_RISK_WALK, store_answers
from partnerwijzer.evaluation.scoring.services import scoring_close
from partnerwijzer.planning.models import UseCase
from partnerwijzer.sourcing.models import Candidate, Selection
from partnerwijzer.sourcing.stages import Stage
from tests.personas import Personas

pytestmark = pytest.mark.django_db

CHATBOT_WALK: dict[str, Any] = {**MINIMAL_RISK_WALK, "transparency": ["interacts"], "gpai": "uses_model"}


def test_choosing_while_scoring_is_open_and_at_the_rfi_stage_is_warned_and_recorded(
    personas: Personas, selection: Selection, candidates: dict[str, Candidate]
) -> None:
    Candidate.objects.filter(selection=selection).update(stage=Stage.RFI)
    client = personas.client("owner")
    page = client.get(reverse("contract:checklist", args=[selection.pk])).content.decode()
    assert 'id="early-warning"' in page
    response = client.post(reverse("contract:decision", args=[selection.pk]),
                           {"candidate": candidates["acme"].pk, "rationale": "Quick and friendly"}, follow=True)
    assert response.status_code == 200
    decision = PartnerDecision.objects.get(selection=selection)
    assert decision.chosen_early == ["scoring_open", "before_rfp"]
    assert 'id="chosen-early"' in response.content.decode()
    event = AuditEvent.objects.get(action="contract.decision_create")
    assert event.changes["chosen_early"] == [[], ["scoring_open", "before_rfp"]]


def test_a_choice_after_scoring_closed_and_past_the_rfp_is_not_early(
    personas: Personas, selection: Selection, candidates: dict[str, Candidate]
) -> None:
    scoring_close(actor=personas.owner, selection=selection)
    Candidate.objects.filter(pk=candidates["acme"].pk).update(stage=Stage.NEGOTIATION)
    candidates["acme"].refresh_from_db()
    page = personas.client("owner").get(reverse("contract:checklist", args=[selection.pk])).content.decode()
    assert 'id="early-warning"' not in page
    outcome = decision_save(actor=personas.owner, selection=selection, candidate=candidates["acme"],
                            rationale="Best references")
    assert outcome.early == []
    assert outcome.decision.chosen_early == []


def test_a_chatbots_supplier_duties_become_contract_items(
    personas: Personas, selection: Selection, use_case: UseCase, candidates: dict[str, Candidate]
) -> None:
    store_answers(use_case, "ai_act", CHATBOT_WALK)
    keys = {p.key for p in planned_items(selection, lang="en") if p.source == ItemSource.AI_ACT}
    assert {"deployer_compliant_system", "gpai_supplier_information"} <= keys
    decision = decision_save(actor=personas.owner, selection=selection, candidate=candidates["acme"],
                             rationale="Fit").decision
    stored = set(ContractItem.objects.filter(decision=decision, source=ItemSource.AI_ACT).values_list("key", flat=True))
    assert {"deployer_compliant_system", "gpai_supplier_information"} <= stored
