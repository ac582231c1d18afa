"""Award and regret letters (issue 16, item 8): drafted from each firm's own scores, edited,
sent once (portal page and outbox), final after sending, downloadable as DOCX and PDF."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime

import docx
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.contract.services import decision_save
from partnerwijzer.evaluation.tests.builders import Built, make_scored_selection
from partnerwijzer.formatting import number
from partnerwijzer.letters import services
from partnerwijzer.letters.models import Letter, LetterKind
from partnerwijzer.portal.tests import builders as portal_builders
from tests.personas import Personas

pytestmark = pytest.mark.django_db

TWO = (("Expertise", 60, False), ("Price", 40, True))
# Alpha 5/4 (overall 4.6), Beta 2/3 (2.4), Gamma 4/1 (2.8): every figure tells whose it is.
SCORES = [[[5, 4], [2, 3], [4, 1]]]


def _world(personas: Personas, *, closed: bool = True) -> Built:
    built = make_scored_selection(organisation=personas.organisation, criteria=TWO, scores=SCORES, closed=closed,
                                  users=[personas.evaluator])
    decision_save(actor=personas.owner, selection=built.selection, candidate=built.candidate("Alpha"),
                  rationale="Best expertise.")
    return built


def _letter(built: Built, name: str) -> Letter:
    return Letter.objects.get(selection=built.selection, candidate=built.candidate(name))


def _n(value: float) -> str:
    return number(value, digits=1, language="nl")


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_each_firm_gets_a_letter_explained_from_its_own_scores_only(personas: Personas) -> None:
    built = _world(personas)
    drafted = services.letters_draft(actor=personas.owner, selection=built.selection)
    assert {(letter.candidate.name, letter.kind) for letter in drafted} == {
        ("Alpha", LetterKind.AWARD), ("Beta", LetterKind.REGRET), ("Gamma", LetterKind.REGRET)}
    beta = _letter(built, "Beta")
    assert beta.language == personas.organisation.language
    assert "Beta" in beta.body
    for own in (_n(2.4), _n(2.0), _n(3.0)):  # Beta's overall and its two criteria
        assert own in beta.body
    for other in ("Alpha", "Gamma", _n(4.6), _n(2.8), _n(5.0), _n(4.0), _n(1.0)):
        assert other not in beta.body
        assert other not in beta.subject
    alpha = _letter(built, "Alpha")
    assert _n(4.6) in alpha.body
    assert "Expertise" in alpha.body
    for other in ("Beta", "Gamma", _n(2.4), _n(2.8)):
        assert other not in alpha.body
    assert AuditEvent.objects.filter(action="letters.draft").count() == 1


def test_drafting_needs_the_partner_decision_and_visible_scores(personas: Personas) -> None:
    built = make_scored_selection(organisation=personas.organisation, criteria=TWO, scores=SCORES, closed=True)
    with pytest.raises(ValidationError) as no_decision:
        services.letters_draft(actor=personas.owner, selection=built.selection)
    assert no_decision.value.code == "no_decision"
    blind = _world(personas, closed=False)  # the owner holds no seat and scoring is open: blind
    with pytest.raises(ValidationError) as not_visible:
        services.letters_draft(actor=personas.owner, selection=blind.selection)
    assert not_visible.value.code == "blind"
    assert not Letter.objects.exists()


def test_drafting_again_keeps_edits_and_sent_letters_and_follows_a_new_partner(personas: Personas) -> None:
    built = _world(personas)
    services.letters_draft(actor=personas.owner, selection=built.selection)
    beta, gamma = _letter(built, "Beta"), _letter(built, "Gamma")
    services.letter_update(actor=personas.owner, letter=beta, subject="Our decision", body="Dear Beta, thank you.")
    services.letter_send(actor=personas.owner, letter=gamma)
    services.letters_draft(actor=personas.owner, selection=built.selection)
    assert _letter(built, "Beta").body == "Dear Beta, thank you."
    assert _letter(built, "Gamma").sent
    # The owner now prefers Beta: its edited regret letter becomes an award letter, Alpha's a regret.
    decision_save(actor=personas.owner, selection=built.selection, candidate=built.candidate("Beta"),
                  rationale="Changed our mind.")
    services.letters_draft(actor=personas.owner, selection=built.selection)
    assert _letter(built, "Beta").kind == LetterKind.AWARD
    assert _letter(built, "Alpha").kind == LetterKind.REGRET
    assert _letter(built, "Gamma").kind == LetterKind.REGRET


def test_owner_edits_confirms_and_sends_then_the_letter_is_final(personas: Personas) -> None:
    built = _world(personas)
    services.letters_draft(actor=personas.owner, selection=built.selection)
    letter = _letter(built, "Beta")
    client = personas.client("owner")
    edit = reverse("letters:edit", args=[letter.pk])
    assert client.post(edit, {"subject": "", "body": "x"}).status_code == 400
    assert client.post(edit, {"subject": "Uw voorstel", "body": "Beste Beta,\n\nHelaas."}).status_code == 302
    letter.refresh_from_db()
    assert (letter.subject, letter.body, letter.edited) == ("Uw voorstel", "Beste Beta,\n\nHelaas.", True)
    send = reverse("letters:send", args=[letter.pk])
    confirm = client.get(send)
    assert confirm.status_code == 200
    assert "Helaas." in confirm.content.decode()
    letter.refresh_from_db()
    assert not letter.sent  # the confirmation page sends nothing
    assert client.post(send).status_code == 302
    letter.refresh_from_db()
    assert letter.sent
    assert letter.sent_by == personas.owner
    assert client.post(edit, {"subject": "Changed", "body": "Changed"}).status_code == 400
    with pytest.raises(ValidationError):
        services.letter_update(actor=personas.owner, letter=letter, subject="Changed", body="Changed")
    with pytest.raises(ValidationError):
        services.letter_send(actor=personas.owner, letter=letter)
    letter.refresh_from_db()
    assert letter.subject == "Uw voorstel"
    assert AuditEvent.objects.filter(action="letter.send").count() == 1
    assert personas.client("evaluator").get(edit).status_code == 403


def test_the_firm_sees_only_its_own_sent_letter_on_its_portal_page(personas: Personas) -> None:
    setup = portal_builders.make_portal(personas)
    decision_save(actor=personas.owner, selection=setup.selection, candidate=setup.firm_a, rationale="Fit.")
    for firm, kind in ((setup.firm_a, LetterKind.AWARD), (setup.firm_b, LetterKind.REGRET)):
        Letter.objects.create(organisation=personas.organisation, selection=setup.selection, candidate=firm,
                              kind=kind, language="en", subject=f"Letter for {firm.name}", body=f"Dear {firm.name}")
    page_b = Client().get(reverse("portal:questionnaire", kwargs={"token": setup.token_b})).content.decode()
    assert "Letter for" not in page_b  # drafts are not shown
    services.letter_send(actor=personas.owner, letter=Letter.objects.get(candidate=setup.firm_b))
    page_b = Client().get(reverse("portal:questionnaire", kwargs={"token": setup.token_b})).content.decode()
    assert f"Letter for {setup.firm_b.name}" in page_b
    assert f"Letter for {setup.firm_a.name}" not in page_b
    page_a = Client().get(reverse("portal:questionnaire", kwargs={"token": setup.token_a})).content.decode()
    assert "Letter for" not in page_a


def test_docx_and_pdf_hold_the_letter_and_no_other_firm(personas: Personas) -> None:
    built = _world(personas)
    services.letters_draft(actor=personas.owner, selection=built.selection)
    letter = _letter(built, "Gamma")
    client = personas.client("owner")
    data = client.get(reverse("documents:letter", args=[letter.pk, "docx"]))
    assert data.status_code == 200
    doc = docx.Document(io.BytesIO(data.content))
    text = _squash("\n".join([p.text for p in doc.paragraphs]
                             + [c.text for t in doc.tables for r in t.rows for c in r.cells]))
    pdf = client.get(reverse("documents:letter", args=[letter.pk, "pdf"]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    pdf_text = _squash("\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf.content)).pages))
    for content in (text, pdf_text):
        assert "Gamma" in content
        assert _n(2.8) in content
        for other in ("Alpha", "Beta", _n(4.6), _n(2.4)):
            assert other not in content
    assert client.get(reverse("documents:letter", args=[letter.pk, "xlsx"])).status_code == 404
    assert personas.client("viewer").get(reverse("documents:letter", args=[letter.pk, "pdf"])).status_code == 403


def test_the_api_drafts_edits_and_sends_once(personas: Personas) -> None:
    built = _world(personas)
    client = personas.client("owner")
    drafted = client.post(f"/api/v1/selections/{built.selection.pk}/letters/draft", content_type="application/json",
                          data="{}")
    assert drafted.status_code == 200, drafted.content
    by_name = {row["candidate_name"]: row for row in drafted.json()}
    assert by_name["Alpha"]["kind"] == "award"
    assert by_name["Beta"]["sent_at"] is None
    url = f"/api/v1/letters/{by_name['Beta']['id']}"
    patched = client.patch(url, data=json.dumps({"body": "Dear Beta, no."}), content_type="application/json")
    assert patched.status_code == 200
    assert patched.json()["edited"] is True
    assert client.post(url + "/send", data=json.dumps({"confirm": False}),
                       content_type="application/json").status_code == 422
    assert client.post(url + "/send", data=json.dumps({"confirm": True}),
                       content_type="application/json").status_code == 200
    again = client.post(url + "/send", data=json.dumps({"confirm": True}), content_type="application/json")
    assert again.status_code == 422
    assert client.patch(url, data=json.dumps({"body": "x"}), content_type="application/json").status_code == 422
    assert Letter.objects.get(pk=by_name["Beta"]["id"]).body == "Dear Beta, no."


def test_sending_queues_one_email_in_the_organisations_language_for_the_firms_contact(personas: Personas) -> None:
    from partnerwijzer.outbox.models import Message

    built = _world(personas)
    beta = built.candidate("Beta")
    beta.contact_email = "Sales@Beta.example"
    beta.save(update_fields=["contact_email"])
    services.letters_draft(actor=personas.owner, selection=built.selection)
    letter = _letter(built, "Beta")
    services.letter_send(actor=personas.owner, letter=letter)
    message = Message.objects.get(idempotency_key=f"letter:{letter.pk}")
    assert (message.to_email, message.language, message.subject) == ("sales@beta.example", "nl", letter.subject)
    assert message.body_text == letter.body
    assert "<p>" in message.body_html
    assert message.essential
    with pytest.raises(ValidationError):
        services.letter_send(actor=personas.owner, letter=letter)
    assert Message.objects.filter(idempotency_key__startswith="letter:").count() == 1
    # A firm without a contact address gets the letter on its portal page only.
    services.letter_send(actor=personas.owner, letter=_letter(built, "Gamma"))
    assert Message.objects.filter(idempotency_key__startswith="letter:").count() == 1


def test_the_api_downloads_a_letter_as_docx_and_pdf_for_owners_only(personas: Personas) -> None:
    from tests.api.conftest import bearer_client

    built = _world(personas)
    services.letters_draft(actor=personas.owner, selection=built.selection)
    letter = _letter(built, "Beta")
    owner = bearer_client(personas.owner)
    data = owner.get(f"/api/v1/letters/{letter.pk}/docx")
    assert data.status_code == 200, data.content
    assert data["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert data["Content-Disposition"].startswith("attachment;")
    assert data["Content-Disposition"].endswith('.docx"')
    doc = docx.Document(io.BytesIO(data.content))
    text = _squash("\n".join([p.text for p in doc.paragraphs]
                             + [c.text for t in doc.tables for r in t.rows for c in r.cells]))
    pdf = owner.get(f"/api/v1/letters/{letter.pk}/pdf")
    assert pdf.status_code == 200, pdf.content
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Cache-Control"] == "private, no-store"
    pdf_text = _squash("\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf.content)).pages))
    for content in (text, pdf_text):
        assert "Beta" in content  # the firm's name
        assert _n(2.4) in content  # its own overall score
        for other in ("Alpha", "Gamma", _n(4.6), _n(2.8)):
            assert other not in content
    viewer = bearer_client(personas.viewer).get(f"/api/v1/letters/{letter.pk}/pdf")
    assert viewer.status_code == 403
    assert viewer["Content-Type"].startswith("application/json")
    missing = owner.get("/api/v1/letters/00000000-0000-0000-0000-000000000000/docx")
    assert missing.status_code == 404
    assert missing.json()["detail"]


def test_the_api_schema_documents_the_letter_files(personas: Personas) -> None:
    schema = personas.client("owner").get("/api/openapi.json").json()
    for fmt, content_type in (("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                              ("pdf", "application/pdf")):
        responses = schema["paths"][f"/api/v1/letters/{{letter_id}}/{fmt}"]["get"]["responses"]
        assert list(responses["200"]["content"]) == [content_type]
        assert {"200", "401", "403", "404", "503"} <= set(responses)


def test_a_sent_letter_refuses_changes_with_the_day_in_the_readers_language(personas: Personas) -> None:
    """Found reading the letters in German: the refusal said "verschickt am 2026-12-07" (an ISO date
    in a sentence) instead of the locale formatter's date."""
    built = _world(personas)
    services.letters_draft(actor=personas.owner, selection=built.selection)
    letter = _letter(built, "Beta")
    services.letter_send(actor=personas.owner, letter=letter)
    Letter.objects.filter(pk=letter.pk).update(sent_at=datetime(2026, 12, 7, 12, 0, tzinfo=UTC))
    letter.refresh_from_db()
    with translation.override("de"), pytest.raises(ValidationError) as refused:
        services.letter_update(actor=personas.owner, letter=letter, subject="Neu", body="Neu")
    text = " ".join(refused.value.messages)
    assert "7. Dezember 2026" in text
    assert "2026-12-07" not in text
