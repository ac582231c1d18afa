"""The audit log's "Wijzigingen" column in the reader's language: translated field names, choice
labels instead of codes, formatted dates and translated object sentences (the stored events stay as
they are)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from partnerwijzer.accounts.models import User
from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.audit.services import audit_record
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _event(personas: Personas, *, target_type: str, target_label: str = "x", changes: dict) -> None:
    AuditEvent.objects.create(
        organisation=personas.organisation, actor=personas.owner, actor_label="owner@example.com",
        action="test.thing", target_type=target_type, target_id="x", target_label=target_label, changes=changes,
    )


def _dutch_page(personas: Personas, query: dict[str, str] | None = None) -> str:
    with translation.override("nl"):
        response = personas.client("owner").get(reverse("audit:log"), query or {}, HTTP_ACCEPT_LANGUAGE="nl")
    return response.content.decode()


def _changes(html: str) -> list[str]:
    return re.findall(r'<span class="change">([^<]*)</span>', html)


def test_field_names_and_choice_codes_are_dutch(personas: Personas) -> None:
    _event(personas, target_type="contract.contractitem", changes={"status": ["missing", "agreed"]})
    _event(personas, target_type="sourcing.candidate", changes={"stage": ["longlist", "shortlist"]})
    _event(personas, target_type="questionnaires.questionnaire", changes={"kind": "rfi"})
    _event(personas, target_type="documents.documentjob", changes={"kind": "rfi"})
    _event(personas, target_type="evaluation.knockoutcheck",
           changes={"passed": True, "reason": "ok", "candidate": "Brabant AI B.V."})
    changes = _changes(_dutch_page(personas))
    assert "Status: Ontbreekt → Afgesproken" in changes
    assert "Fase: Longlist → Shortlist" in changes
    assert "Soort: Informatieaanvraag (RFI)" in changes
    for raw in ("Status: missing", "agreed", "Stage:", "Kind:", "Passed:", "Reason:", "Candidate:"):
        assert not any(raw in change for change in changes), raw
    assert "Geslaagd: ja" in changes
    assert "Reden: ok" in changes
    assert "Kandidaat: Brabant AI B.V." in changes


def test_iso_dates_are_formatted_in_dutch(personas: Personas) -> None:
    _event(personas, target_type="questionnaires.questionnaire",
           changes={"deadline": "2026-12-28T17:00:00+01:00", "expires_at": "2027-01-05"})
    changes = _changes(_dutch_page(personas))
    assert "Deadline: 28 december 2026 17:00" in changes
    assert "Verloopt op: 5 januari 2027" in changes
    assert not any("2026-12-28" in change or "T17:00" in change for change in changes)


def test_object_sentences_are_dutch(personas: Personas) -> None:
    _event(personas, target_type="evaluation.evaluator", target_label="Sanne van Dijk on Chatbot",
           changes={"email": "sanne@example.com"})
    _event(personas, target_type="evaluation.knockoutcheck", target_label="Brabant passes data_protection",
           changes={})
    html = _dutch_page(personas)
    assert "Sanne van Dijk bij Chatbot" in html
    assert "Brabant voldoet aan data_protection" in html
    assert " on Chatbot" not in html
    assert " passes " not in html
    assert "E-mail: sanne@example.com" in _changes(html)


def test_the_stored_event_is_unchanged(personas: Personas) -> None:
    _event(personas, target_type="contract.contractitem", changes={"status": ["missing", "agreed"]})
    _dutch_page(personas)
    assert AuditEvent.objects.get(action="test.thing").changes == {"status": ["missing", "agreed"]}


def test_a_period_that_ends_before_it_starts_lists_nothing(personas: Personas) -> None:
    audit_record(actor=personas.owner, organisation=personas.organisation, action="budget.created")
    today = timezone.localdate()
    with translation.override("nl"):
        response = personas.client("owner").get(
            reverse("audit:log"), {"since": str(today), "until": str(today - dt.timedelta(days=1))},
            HTTP_ACCEPT_LANGUAGE="nl")
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert response.context["rows"] == []
    assert 'id="audit-table"' not in html
    assert 'id="no-matches"' in html


def test_field_names_come_from_the_model_and_numbers_read_dutch(personas: Personas) -> None:
    """Walking the demo's audit log in Dutch showed "Open risks: — → ...", "Rationale: ...",
    "Burn limit percent: None → 110.00" and "Kpi:<id>: — → 50.0000": keys without an audit label
    were humanised in English, a recorded None read "None" and decimals kept their dot."""
    kpi_id = "70b5e257-1225-4606-8f6d-c2d18f20694b"
    _event(personas, target_type="results.gate",
           changes={"burn_limit_percent": ["None", "110.00"], "open_risks": [None, "CMMS"],
                    "free_criteria": ["", "Helft vooraf"], f"kpi:{kpi_id}": [None, "36.5000"]})
    _event(personas, target_type="contract.partnerdecision",
           changes={"rationale": [None, "Beste fit"], "disagreement_resolution": [None, "Overleg"]})
    changes = _changes(_dutch_page(personas))
    for english in ("Burn limit", "Open risks", "Free criteria", "Rationale", "Disagreement", "None", "Kpi:"):
        assert not any(english in change for change in changes), (english, changes)
    assert "Open risico&#x27;s: — → CMMS" in changes
    assert "Andere criteria: — → Helft vooraf" in changes
    assert "Grens voor de besteding (% van de geplande kosten van de fase): — → 110" in changes
    assert "Waarom deze partner: — → Beste fit" in changes
    assert "Hoe meningsverschillen zijn opgelost: — → Overleg" in changes
    assert "KPI …: — → 36,5" in changes
    assert "Beslismoment" in changes  # the object type, not "gate"
    assert "gate" not in changes
    assert not any("110.00" in change or "36.5000" in change for change in changes)


def test_ai_act_answers_and_duties_are_named_not_coded(personas: Personas) -> None:
    """An AI Act screening answer was shown as its codes (``Prohibited practices: — → none``): the
    question and option keys of the reference data, which the audit app cannot read itself."""
    import html as html_lib

    from partnerwijzer.knowledge.topics import ai_act as ai_act_topic
    from partnerwijzer.planning.compliance.services import screening_answer_save
    from partnerwijzer.planning.models import GuidedCheck, UseCase

    tree = ai_act_topic.load()
    node = tree.node(tree.start)
    option = node.options[0]
    use_case = UseCase.objects.create(organisation=personas.organisation, title="Quotes")
    value = option.key if node.kind == "single" else [option.key]
    screening_answer_save(actor=personas.owner, use_case=use_case, questionnaire=GuidedCheck.AI_ACT,
                          node_key=node.key, value=value)
    duty, other = tree.duties[0], tree.duties[1]
    AuditEvent.objects.create(
        organisation=personas.organisation, actor=personas.owner, action="ai_act.checklist_sync",
        target_type="planning.usecase", target_id=str(use_case.pk), target_label="Quotes",
        changes={"created": [duty.key, other.key], "reopened": [], "not_applicable": []},
    )
    changes = [html_lib.unescape(c) for c in _changes(_dutch_page(personas))]
    assert f"{node.question.nl}: — → {option.label.nl}" in changes
    # Two duties created are two duties, not a change from the first to the second.
    assert f"Aangemaakt: {duty.title.nl}, {other.title.nl}" in changes
    assert not any(node.key in change or duty.key in change for change in changes), changes


def test_keys_and_object_types_that_read_english_on_the_german_page_are_german(personas: Personas) -> None:
    """Found walking the demo in German: "Added:", "Rows:", "Verified on:", "To:", "Essential:", the
    object type "message" and "Maakindustrie AI Partners for Partner ..." read English (or as a model
    name) on the German audit log."""
    User.objects.filter(pk=personas.owner.pk).update(language="de")
    _event(personas, target_type="contract.partnerdecision", target_label="Brabant AI for Chatbot",
           changes={"added": ["guide:acceptance"]})
    _event(personas, target_type="results.kpiplan", changes={"rows": [None, 10]})
    _event(personas, target_type="advisers.directoryfirm",
           changes={"reference": "Gießerei Brandt", "method": "visit", "verified_on": "2026-08-04"})
    _event(personas, target_type="outbox.message", changes={"to": "a@example.com", "essential": True})
    _event(personas, target_type="portal.portallink", changes={"sources": 2, "passages": 12, "failed": 0})
    _event(personas, target_type="advisers.marketsnapshot",
           target_label="8c6ea4a5-6c39-4a63-9d5e-0d2f1c0b9a11 2026-12-07", changes={"companies": 7, "groups": 7})
    html = personas.client("owner").get(reverse("audit:log")).content.decode()
    changes = _changes(html)
    for text in ("Hinzugefügt: guide:acceptance", "Zeilen: — → 10", "Referenz: Gießerei Brandt",
                 "Geprüft am: 4. August 2026", "An: a@example.com", "Unverzichtbar: ja", "Quellen: 2",
                 "Textabschnitte: 12", "Fehlgeschlagen: 0", "Nachricht", "Firma im Anbieterverzeichnis"):
        assert text in changes, (text, changes)
    assert "Brabant AI für Chatbot" in html
    assert "Berechnet am 7. Dezember 2026" in html
    assert "2026-12-07" not in html
    assert "Unternehmen: 7" in changes
    assert "Gruppen: 7" in changes
    assert " for Chatbot" not in html
    for english in ("Added:", "Rows:", "Verified on:", "To:", "Essential:", "Sources:", "Passages:", "Failed:"):
        assert not any(change.startswith(english) for change in changes), english
