"""The contract pages per persona: overview, choosing the partner, the checklist, items."""

from __future__ import annotations

from django.urls import reverse

from partnerwijzer.contract.models import ContractItem, PartnerDecision
from partnerwijzer.sourcing.models import Candidate, Selection
from tests.personas import Personas


def _url(name: str, **kwargs: object) -> str:
    return reverse(f"contract:{name}", kwargs=kwargs)


def test_overview_empty_state_links_to_sourcing(personas: Personas) -> None:
    html = personas.client("viewer").get(_url("overview")).content.decode()
    assert 'id="no-selections"' in html
    assert f'href="{reverse("sourcing:selection_list")}"' in html


def test_overview_lists_selections_with_decision_and_counts(
    personas: Personas, selection: Selection, decision: PartnerDecision
) -> None:
    other = Selection.objects.create(organisation=personas.organisation, title="Chatbot partner")
    html = personas.client("viewer").get(_url("overview")).content.decode()
    assert f'data-selection="{selection.pk}" data-ready="false"' in html
    assert f'data-selection="{other.pk}" data-ready="false"' in html
    assert "Acme AI" in html


def test_journey_nav_links_to_the_overview(personas: Personas) -> None:
    html = personas.client("viewer").get(reverse("journey:dashboard")).content.decode()
    assert f'href="{_url("overview")}"' in html


def test_owner_chooses_the_partner_and_the_checklist_appears(
    personas: Personas, selection: Selection, candidates: dict[str, Candidate]
) -> None:
    personas.speak("en")
    client = personas.client("owner")
    page = client.get(_url("checklist", selection_id=selection.pk)).content.decode()
    assert 'id="save-decision"' in page
    assert "Dropped BV" not in page  # rejected candidates are not offered
    response = client.post(_url("decision", selection_id=selection.pk), {
        "candidate": candidates["acme"].pk, "rationale": "Best industry fit.", "disagreement_resolution": "",
    })
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Acme AI is the preferred partner. The checklist starts with 13 items." in html
    assert html.count('class="card contract-item ') == 13
    assert 'data-key="deployer_keep_logs"' not in html
    assert "Downtime: from 40 to 25 hours/month by June 2027" in html
    assert "Maintenance log, monthly" in html  # the KPI's measurement method
    assert 'id="verdict"' in html
    assert "Not ready to sign" in html
    assert "initial analysis phase first" in html  # the phase-plan reminder


def test_decision_without_rationale_is_400_and_stores_nothing(
    personas: Personas, selection: Selection, candidates: dict[str, Candidate]
) -> None:
    personas.speak("en")
    response = personas.client("owner").post(_url("decision", selection_id=selection.pk), {
        "candidate": candidates["acme"].pk, "rationale": " ",
    })
    assert response.status_code == 400
    assert "Say in a few words why you prefer this partner." in response.content.decode()
    assert not PartnerDecision.objects.exists()


def test_decision_with_another_selections_candidate_is_400(
    personas: Personas, selection: Selection, candidates: dict[str, Candidate]
) -> None:
    personas.speak("en")
    other = Selection.objects.create(organisation=personas.organisation, title="Other")
    stranger = Candidate.objects.create(selection=other, name="Stranger")
    response = personas.client("owner").post(_url("decision", selection_id=selection.pk), {
        "candidate": stranger.pk, "rationale": "Why not.",
    })
    assert response.status_code == 400
    assert "Choose one of the candidates of this selection." in response.content.decode()
    assert not PartnerDecision.objects.exists()


def test_changing_the_partner_warns_that_items_are_kept(
    personas: Personas, selection: Selection, candidates: dict[str, Candidate], decision: PartnerDecision
) -> None:
    personas.speak("en")
    client = personas.client("owner")
    form = client.get(_url("decision", selection_id=selection.pk)).content.decode()
    assert 'id="change-warning"' in form
    response = client.post(_url("decision", selection_id=selection.pk), {
        "candidate": candidates["beta"].pk, "rationale": "Acme withdrew.",
    }, follow=True)
    html = response.content.decode()
    assert "Beta Data is now the preferred partner. The checklist was kept as it was" in html
    assert ContractItem.objects.filter(decision=decision).count() == 13


def test_viewer_reads_but_sees_no_edit_controls(personas: Personas, decision: PartnerDecision) -> None:
    html = personas.client("viewer").get(_url("checklist", selection_id=decision.selection_id)).content.decode()
    assert "Acme AI" in html
    assert 'id="items"' in html
    assert 'id="refresh"' not in html
    assert 'id="add-item"' not in html
    assert "/contract/items/" not in html


def test_viewer_without_decision_sees_that_an_owner_chooses(personas: Personas, selection: Selection,
                                                            candidates: dict[str, Candidate]) -> None:
    personas.speak("en")
    html = personas.client("viewer").get(_url("checklist", selection_id=selection.pk)).content.decode()
    assert "An owner of your organisation chooses it." in html
    assert "<form" not in html.split('id="choose"')[1].split("</section>")[0]


def test_owner_edits_an_item(personas: Personas, decision: PartnerDecision) -> None:
    personas.speak("en")
    item = ContractItem.objects.get(decision=decision, key="exit_strategy")
    client = personas.client("owner")
    page = client.get(_url("item_update", item_id=item.pk)).content.decode()
    assert "What do you hand over when we end the contract" in page
    response = client.post(_url("item_update", item_id=item.pk), {
        "status": "agreed", "wording": "Handover within 30 days, open formats.", "owner": personas.evaluator.pk,
    })
    assert response.status_code == 302
    assert response["Location"].endswith(f"#item-{item.pk}")
    item.refresh_from_db()
    assert (item.status, item.owner) == ("agreed", personas.evaluator)


def test_item_owner_from_another_organisation_is_400(personas: Personas, decision: PartnerDecision) -> None:
    item = ContractItem.objects.get(decision=decision, key="exit_strategy")
    response = personas.client("owner").post(_url("item_update", item_id=item.pk), {
        "status": "agreed", "wording": "", "owner": personas.outsider.pk,
    })
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.owner is None
    assert item.status == "missing"


def test_own_item_add_and_delete_with_confirmation(personas: Personas, decision: PartnerDecision) -> None:
    personas.speak("en")
    client = personas.client("owner")
    selection_id = decision.selection_id
    assert client.post(_url("item_create", selection_id=selection_id), {"title": "", "status": "missing"}
                       ).status_code == 400
    response = client.post(_url("item_create", selection_id=selection_id),
                           {"title": "Penalty clause", "status": "open", "wording": ""})
    assert response.status_code == 302
    item = ContractItem.objects.get(decision=decision, source="own")
    confirm = client.get(_url("item_delete", item_id=item.pk))
    assert confirm.status_code == 200
    assert 'id="confirm-delete"' in confirm.content.decode()
    assert ContractItem.objects.filter(pk=item.pk).exists()
    assert client.post(_url("item_delete", item_id=item.pk)).status_code == 302
    assert not ContractItem.objects.filter(pk=item.pk).exists()
    guide = ContractItem.objects.get(decision=decision, key="risk_split")
    assert client.get(_url("item_delete", item_id=guide.pk)).status_code == 404


def test_refresh_button_adds_new_kpi_item_once(personas: Personas, decision: PartnerDecision) -> None:
    personas.speak("en")
    client = personas.client("owner")
    url = _url("refresh", selection_id=decision.selection_id)
    html = client.post(url, follow=True).content.decode()
    assert "Nothing new" in html
    from partnerwijzer.planning.models import Kpi

    Kpi.objects.create(use_case=decision.selection.use_case, name="Repair cost", unit="EUR", position=5)
    page = client.get(_url("checklist", selection_id=decision.selection_id)).content.decode()
    assert 'id="new-items"' in page
    html = client.post(url, follow=True).content.decode()
    assert "1 item was added." in html
    client.post(url)
    assert ContractItem.objects.filter(decision=decision, source="kpi").count() == 3


def test_outsider_gets_404_for_checklist_and_item(personas: Personas, decision: PartnerDecision) -> None:
    client = personas.client("outsider")
    item = ContractItem.objects.filter(decision=decision).first()
    assert item is not None
    assert client.get(_url("checklist", selection_id=decision.selection_id)).status_code == 404
    assert client.get(_url("item_update", item_id=item.pk)).status_code == 404
    assert "Acme AI" not in client.get(_url("overview")).content.decode()


def test_user_text_is_escaped(personas: Personas, decision: PartnerDecision) -> None:
    PartnerDecision.objects.filter(pk=decision.pk).update(rationale="<script>alert(1)</script>")
    html = personas.client("viewer").get(_url("checklist", selection_id=decision.selection_id)).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html
    assert "style=" not in html.split("<main")[1]
