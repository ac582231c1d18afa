"""Codes of reference data that the German walk still found raw on the audit log (December 2026):
readiness and model-advice answers ("Frage: champions", "Antwort: — → none"), contract items added
("guide:acceptance") and the phase of a gate decision ("analysis"). The apps that own the codes
register how they read; the audit app names none of them itself."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.urls import reverse
from django.utils import translation

from partnerwijzer.accounts.models import User
from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.knowledge.topics import contract as contract_topic
from partnerwijzer.knowledge.topics import model_advice as advice_data
from partnerwijzer.knowledge.topics import readiness as readiness_data
from partnerwijzer.planning.models import UseCase
from partnerwijzer.planning.readiness.services import advice_answer_set, readiness_answer_set
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _changes(personas: Personas, language: str) -> list[str]:
    User.objects.filter(pk=personas.owner.pk).update(language=language)
    with translation.override(language):
        response = personas.client("owner").get(reverse("audit:log"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return [html_lib.unescape(c) for c in re.findall(r'<span class="change">([^<]*)</span>', response.content.decode())]


def _event(personas: Personas, *, action: str, target_type: str, changes: dict) -> None:
    AuditEvent.objects.create(organisation=personas.organisation, actor=personas.owner, action=action,
                              target_type=target_type, target_id="x", target_label="x", changes=changes)


@pytest.mark.parametrize("language", ["nl", "de"])
def test_readiness_and_model_advice_answers_read_as_question_and_option(personas: Personas, language: str) -> None:
    use_case = UseCase.objects.create(organisation=personas.organisation, title="Quotes")
    readiness = readiness_data.load().questions[0]
    advice = advice_data.load().questions[0]
    readiness_answer_set(actor=personas.owner, use_case=use_case, question_key=readiness.key,
                         option_key=readiness.options[0].key)
    readiness_answer_set(actor=personas.owner, use_case=use_case, question_key=readiness.key,
                         option_key=readiness.options[1].key)
    advice_answer_set(actor=personas.owner, use_case=use_case, question_key=advice.key,
                      option_key=advice.options[-1].key)
    changes = _changes(personas, language)
    question, answer = ("Vraag", "Antwoord") if language == "nl" else ("Frage", "Antwort")
    assert f"{question}: {readiness.text.get(language)}" in changes, changes
    assert (f"{answer}: {readiness.options[0].label.get(language)} → {readiness.options[1].label.get(language)}"
            in changes), changes
    assert f"{question}: {advice.text.get(language)}" in changes, changes
    assert f"{answer}: — → {advice.options[-1].label.get(language)}" in changes, changes
    for raw in (readiness.key, advice.key, readiness.options[1].key, advice.options[-1].key):
        assert not any(change.endswith((f": {raw}", f"→ {raw}")) for change in changes), raw


def test_an_answer_code_is_read_by_its_own_question(personas: Personas) -> None:
    """The same option key means different things under different questions: the label comes from
    the question recorded with it."""
    questions = readiness_data.load().questions
    first, other = questions[0], next(q for q in questions[1:] if q.options[0].key != questions[0].options[0].key
                                      or q.options[0].label.nl != questions[0].options[0].label.nl)
    _event(personas, action="readiness.answer", target_type="planning.usecase",
           changes={"question": other.key, "answer": [None, other.options[0].key]})
    changes = _changes(personas, "nl")
    assert f"Antwoord: — → {other.options[0].label.nl}" in changes, changes
    assert first.text.nl not in " ".join(changes)


def test_unknown_question_and_option_codes_stay_as_they_are(personas: Personas) -> None:
    _event(personas, action="readiness.answer", target_type="planning.usecase",
           changes={"question": "mood", "answer": [None, "sunny"]})
    _event(personas, action="model_advice.answer", target_type="planning.usecase",
           changes={"question": advice_data.load().questions[0].key, "answer": ["gone_option", None]})
    _event(personas, action="contract.items_add", target_type="contract.partnerdecision",
           changes={"added": ["guide:no_such_item"]})
    changes = _changes(personas, "de")
    assert "Frage: mood" in changes
    assert "Antwort: — → sunny" in changes
    assert "Antwort: gone_option → —" in changes
    assert "Hinzugefügt: guide:no_such_item" in changes


@pytest.mark.parametrize("language", ["nl", "de"])
def test_contract_items_added_read_as_their_titles(personas: Personas, language: str) -> None:
    data = contract_topic.load()
    guide, duty, processor = data.items[0], data.ai_act_items[0], data.gdpr_items[0]
    _event(personas, action="contract.items_add", target_type="contract.partnerdecision",
           changes={"added": [f"guide:{guide.key}", f"ai_act:{duty.key}", f"gdpr:{processor.key}"]})
    changes = _changes(personas, language)
    added = "Toegevoegd" if language == "nl" else "Hinzugefügt"
    expected = ", ".join(c.name.get(language) for c in (guide, duty, processor))
    assert f"{added}: {expected}" in changes, changes


@pytest.mark.parametrize(("language", "label"), [("nl", "Fase: — → Analyse"), ("de", "Phase: — → Analyse")])
def test_the_phase_of_a_gate_decision_reads_as_its_label(personas: Personas, language: str, label: str) -> None:
    _event(personas, action="results.gate_decide", target_type="results.gatedecision",
           changes={"phase": [None, "proof_of_concept"], "outcome": [None, "go"]})
    _event(personas, action="results.gate_decide", target_type="results.gatedecision",
           changes={"phase": [None, "analysis"]})
    changes = _changes(personas, language)
    assert label in changes, changes
    assert not any("proof_of_concept" in change for change in changes), changes


@pytest.mark.parametrize(("language", "name"), [("nl", "Analyse: Go met aanpassingen"),
                                                ("de", "Analyse: Go mit Änderungen")])
def test_a_gate_decision_is_named_with_its_outcome_label(personas: Personas, language: str, name: str) -> None:
    """Its recorded label is "<phase>: <outcome code>" (``Analyse: go_with_changes``)."""
    AuditEvent.objects.create(organisation=personas.organisation, actor=personas.owner, action="results.gate_decide",
                              target_type="results.gatedecision", target_id="x",
                              target_label="Analyse: go_with_changes", changes={})
    User.objects.filter(pk=personas.owner.pk).update(language=language)
    with translation.override(language):
        page = personas.client("owner").get(reverse("audit:log"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert name in html_lib.unescape(page)
    assert "go_with_changes" not in page


@pytest.mark.parametrize(("language", "heading"), [("nl", "KPI als acceptatiecriterium"),
                                                   ("de", "KPI als Abnahmekriterium")])
def test_a_kpi_contract_item_added_reads_as_its_kpi(personas: Personas, language: str, heading: str) -> None:
    from partnerwijzer.planning.models import Kpi

    use_case = UseCase.objects.create(organisation=personas.organisation, title="Maintenance")
    kpi = Kpi.objects.create(use_case=use_case, name="Ongeplande stilstand")
    _event(personas, action="contract.items_add", target_type="contract.partnerdecision",
           changes={"added": [f"kpi:kpi-{kpi.pk}", "kpi:kpi-not-an-id"]})
    changes = _changes(personas, language)
    added = "Toegevoegd" if language == "nl" else "Hinzugefügt"
    assert f"{added}: {heading}: Ongeplande stilstand, kpi:kpi-not-an-id" in changes, changes


@pytest.mark.parametrize("language", ["nl", "de"])
def test_the_chosen_implementation_model_reads_as_its_name(personas: Personas, language: str) -> None:
    from partnerwijzer.knowledge.loader import reference
    from partnerwijzer.planning.readiness.services import use_case_model_choose

    lighthouse = next(m for m in reference().implementation_models if m.key == "lighthouse")
    use_case = UseCase.objects.create(organisation=personas.organisation, title="Maintenance")
    use_case_model_choose(actor=personas.owner, use_case=use_case, model="lighthouse", reason="Convince the board.")
    changes = _changes(personas, language)
    label = "Gekozen model" if language == "nl" else "Gewähltes Modell"
    assert f"{label}: — → {lighthouse.name.get(language)}" in changes, changes


@pytest.mark.parametrize(("language", "name", "change"), [
    ("nl", "Datavoorbereiding en -integratie, november 2026: € 12.937,00",
     "Kostencategorie: — → Datavoorbereiding en -integratie"),
    ("de", "Datenaufbereitung und -integration, November 2026: 12.937,00 €",
     "Kostenkategorie: — → Datenaufbereitung und -integration"),
])
def test_an_actual_cost_reads_with_its_category_label_month_and_amount(personas: Personas, language: str, name: str,
                                                                       change: str) -> None:
    """Its recorded label was "data 2026-11: 12937.00" and its change "Kostencategorie: — → data"."""
    from datetime import date
    from decimal import Decimal

    from partnerwijzer.results.models import ActualCost

    cost = ActualCost(category="data", month=date(2026, 11, 1), amount=Decimal("12937.00"))
    AuditEvent.objects.create(organisation=personas.organisation, actor=personas.owner,
                              action="results.actual_cost_set", target_type="results.actualcost", target_id="x",
                              target_label=str(cost),
                              changes={"category": [None, "data"], "month": [None, "2026-11-01"],
                                       "amount": [None, "12937.00"]})
    changes = _changes(personas, language)
    with translation.override(language):
        page = html_lib.unescape(personas.client("owner").get(reverse("audit:log"),
                                                              HTTP_ACCEPT_LANGUAGE=language).content.decode())
    assert name.replace(" ", "\u00a0") in page.replace(" ", "\u00a0"), page
    assert change in changes, changes
    assert "12937.00" not in page
    assert "→ data" not in page


@pytest.mark.parametrize(("language", "alongside", "read"), [
    ("nl", "Meewerken met de eigenaren", "Lezen"),
    ("de", "Mit den Eigentümern mitarbeiten", "Lesen"),
])
def test_an_adviser_access_is_named_with_its_role_label(personas: Personas, language: str, alongside: str,
                                                        read: str) -> None:
    """Its recorded label is "<adviser> → <client> (alongside)": the role by its label, in the reader's language
    (read access not as the evidence status "Gelezen")."""
    from partnerwijzer.accounts.models import AdviserAccess, Organisation

    adviser = Organisation.objects.create(name="Ruijter Advies")
    for role in ("alongside", "read"):
        grant = AdviserAccess(adviser=adviser, client=personas.organisation, role=role)
        AuditEvent.objects.create(organisation=personas.organisation, actor=personas.owner,
                                  action="adviser_access.grant", target_type="accounts.adviseraccess",
                                  target_id=f"x-{role}", target_label=str(grant), changes={})
    User.objects.filter(pk=personas.owner.pk).update(language=language)
    with translation.override(language):
        page = html_lib.unescape(personas.client("owner").get(reverse("audit:log"),
                                                              HTTP_ACCEPT_LANGUAGE=language).content.decode())
    client = personas.organisation.name
    assert f"Ruijter Advies → {client} ({alongside})" in page, page
    assert f"Ruijter Advies → {client} ({read})" in page, page
    assert "(alongside)" not in page
    assert "(read)" not in page


@pytest.mark.parametrize(("language", "deleted"), [("nl", "KPI (verwijderd)"), ("de", "KPI (gelöscht)")])
def test_a_deleted_kpis_contract_item_reads_as_a_deleted_kpi(personas: Personas, language: str, deleted: str) -> None:
    """It read "kpi:kpi-<id>": a deleted KPI cannot be looked up, so it says what it was."""
    import uuid

    _event(personas, action="contract.items_add", target_type="contract.partnerdecision",
           changes={"added": [f"kpi:kpi-{uuid.uuid4()}"]})
    changes = _changes(personas, language)
    added = "Toegevoegd" if language == "nl" else "Hinzugefügt"
    assert f"{added}: {deleted}" in changes, changes
    assert not any("kpi:" in change for change in changes), changes


@pytest.mark.parametrize(("language", "deleted"), [("nl", "Kostenpost (verwijderd)"),
                                                   ("de", "Kostenposition (gelöscht)")])
def test_an_actual_cost_on_an_own_cost_line_reads_with_the_lines_name(personas: Personas, language: str,
                                                                      deleted: str) -> None:
    """It read "line:<id>" (or "line:…"): a company's own line by its name, a deleted one as such."""
    from datetime import date
    from decimal import Decimal

    from partnerwijzer.budget.models import Budget, CostLine
    from partnerwijzer.results.models import ActualCost

    budget = Budget.objects.create(use_case=UseCase.objects.create(organisation=personas.organisation, title="M"))
    kept = CostLine.objects.create(budget=budget, name="Sensoren op de lijnen", low=Decimal(1), likely=Decimal(2),
                                   high=Decimal(3))
    gone = CostLine.objects.create(budget=budget, name="Oude post", low=Decimal(1), likely=Decimal(2),
                                   high=Decimal(3))
    for line in (kept, gone):
        category = f"line:{line.pk}"
        cost = ActualCost(category=category, month=date(2026, 11, 1), amount=Decimal("100.00"))
        AuditEvent.objects.create(organisation=personas.organisation, actor=personas.owner,
                                  action="results.actual_cost_set", target_type="results.actualcost",
                                  target_id="x", target_label=str(cost),
                                  changes={"category": [None, category], "month": [None, "2026-11-01"],
                                           "amount": [None, "100.00"]})
    gone.delete()
    changes = _changes(personas, language)
    with translation.override(language):
        page = html_lib.unescape(personas.client("owner").get(reverse("audit:log"),
                                                              HTTP_ACCEPT_LANGUAGE=language).content.decode())
    category = "Kostencategorie" if language == "nl" else "Kostenkategorie"
    assert f"{category}: — → Sensoren op de lijnen" in changes, changes
    assert f"{category}: — → {deleted}" in changes, changes
    assert "Sensoren op de lijnen, november 2026" in page or "Sensoren op de lijnen, November 2026" in page, page
    assert f"{deleted}, " in page
    assert "line:" not in page

