"""The firm's side of the portal through the HTTP client: its own questionnaire only, answers
saved per question (HTMX) and all at once (no JavaScript), uploads, submission with receipt,
read-only afterwards, the deadline, and the headers of every portal page."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.portal import services
from partnerwijzer.portal.models import PortalAnswer, PortalLink, PortalUpload
from partnerwijzer.portal.tests import builders as f
from partnerwijzer.questionnaires.models import Questionnaire
from tests.personas import Personas


@pytest.fixture
def setup(personas: Personas) -> f.PortalSetup:
    return f.make_portal(personas)


def url(name: str, token: str, **kwargs: object) -> str:
    return reverse(f"portal:{name}", kwargs={"token": token, **kwargs})


def test_page_shows_own_questionnaire_and_nothing_of_others(client: Client, setup: f.PortalSetup) -> None:
    services.answer_save(link=setup.link_b, question_id=setup.questions[0].pk, text="Secret answer of Beta")
    response = client.get(url("questionnaire", setup.token_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert "RFI predictive maintenance" in html
    assert "Acme AI" in html
    assert "Van Dijk Machinebouw" in html
    for question in f.QUESTIONS:
        assert question.replace("'", "&#x27;") in html
    assert "Beta Analytics" not in html
    assert "Secret answer of Beta" not in html
    assert response["Content-Language"] == "en"


def test_portal_pages_carry_privacy_headers(client: Client, setup: f.PortalSetup) -> None:
    for response in (client.get(url("questionnaire", setup.token_a)), client.get(url("questionnaire", "x" * 43))):
        assert response["Referrer-Policy"] == "no-referrer"
        assert response["Cache-Control"] == "no-store"
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_page_has_no_inline_scripts_or_styles_and_no_app_navigation(client: Client, setup: f.PortalSetup) -> None:
    html = client.get(url("questionnaire", setup.token_a)).content.decode()
    assert " style=" not in html
    assert "<style" not in html
    for tag in html.split("<script")[1:]:
        assert "src=" in tag.split(">", 1)[0]
    assert "journey-nav" not in html
    assert f'href="{reverse("journey:dashboard")}"' not in html


def test_htmx_autosave_saves_one_answer(client: Client, setup: f.PortalSetup) -> None:
    question = setup.questions[1]
    response = client.post(url("answer", setup.token_a),
                           {"question": str(question.pk), f"answer-{question.pk}": "We keep data in the EU."},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'data-saved="1"' in response.content.decode()
    assert PortalAnswer.objects.get(link=setup.link_a, question=question).text == "We keep data in the EU."


def test_autosave_of_a_question_of_another_questionnaire_is_refused(
    client: Client, setup: f.PortalSetup, personas: Personas
) -> None:
    other = f.make_questionnaire(personas, setup.selection, title="Other RFP")
    foreign = other.questions.first()
    assert foreign is not None
    response = client.post(url("answer", setup.token_a), {"question": str(foreign.pk), f"answer-{foreign.pk}": "x"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert "This question is not part of your questionnaire." in response.content.decode()
    assert not PortalAnswer.objects.exists()


def test_form_without_javascript_saves_every_answer(client: Client, setup: f.PortalSetup) -> None:
    data = {f"answer-{q.pk}": f"Answer {i}" for i, q in enumerate(setup.questions)}
    response = client.post(url("questionnaire", setup.token_a), data, follow=True)
    assert response.status_code == 200
    assert "Your answers are saved." in response.content.decode()
    assert sorted(PortalAnswer.objects.filter(link=setup.link_a).values_list("text", flat=True)) == [
        "Answer 0", "Answer 1", "Answer 2"]


def test_too_long_answer_is_refused_with_a_message(client: Client, setup: f.PortalSetup) -> None:
    question = setup.questions[0]
    response = client.post(url("answer", setup.token_a),
                           {"question": str(question.pk), f"answer-{question.pk}": "x" * 20_001},
                           headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert "Your answer is too long" in response.content.decode()
    assert not PortalAnswer.objects.exists()


def test_upload_is_stored_privately(client: Client, setup: f.PortalSetup, private_files: Path) -> None:
    file = io.BytesIO(f.PDF_BYTES)
    file.name = "Proposal Acme.pdf"
    response = client.post(url("upload", setup.token_a), {"file": file})
    assert response.status_code == 302
    upload = PortalUpload.objects.get(link=setup.link_a)
    assert upload.detected_type == "pdf"
    assert upload.original_name == "Proposal Acme.pdf"
    path = services.upload_path(upload)
    assert path.read_bytes() == f.PDF_BYTES
    assert path.parent == private_files / "portal" / str(setup.link_a.organisation_id) / str(setup.link_a.pk)
    assert AuditEvent.objects.filter(action="portal.upload_add").count() == 1


@pytest.mark.parametrize(
    "case",
    [
        (lambda: b"plain text", "proposal.pdf", "The file is named .pdf but it is not a PDF file."),
        (lambda: f.PDF_BYTES, "proposal.docx", "The file is named .docx but its content is a PDF file."),
        (f.zip_bomb, "proposal.docx", "It looks like an archive bomb and is not accepted."),
        (f.entity_bomb_in_content_types, "proposal.docx", "document type definition or entities"),
    ],
    ids=["text-as-pdf", "pdf-as-docx", "zip-bomb", "entity-bomb"],
)
def test_bad_upload_is_refused_with_a_clear_message_and_nothing_stored(
    client: Client, setup: f.PortalSetup, private_files: Path, case: tuple[Any, str, str]
) -> None:
    builder, name, message = case
    file = io.BytesIO(builder())
    file.name = name
    response = client.post(url("upload", setup.token_a), {"file": file})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PortalUpload.objects.exists()
    assert not private_files.exists() or not any(p.is_file() for p in private_files.rglob("*"))


def test_upload_larger_than_the_limit_is_refused(client: Client, setup: f.PortalSetup, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PORTAL_UPLOAD_MAX_BYTES = 1024 * 1024
    file = io.BytesIO(b"%PDF-" + b"0" * (2 * 1024 * 1024))
    file.name = "big.pdf"
    response = client.post(url("upload", setup.token_a), {"file": file})
    assert response.status_code == 400
    assert "The file is larger than 1 MB." in response.content.decode()
    assert not PortalUpload.objects.exists()


def test_portal_posts_work_with_origin_null_and_no_csrf_cookie(setup: f.PortalSetup) -> None:
    """Referrer-Policy no-referrer makes browsers send "Origin: null"; the portal has no ambient
    credential (the token in the URL is the credential), so it does not rely on CSRF cookies."""
    client = Client(enforce_csrf_checks=True, headers={"Origin": "null"})
    file = io.BytesIO(f.PDF_BYTES)
    file.name = "p.pdf"
    assert client.post(url("upload", setup.token_a), {"file": file}).status_code == 302
    assert PortalUpload.objects.count() == 1
    # A cross-site page without the token still reaches nothing.
    assert client.post(url("upload", "x" * 43), {"file": file}).status_code == 404


def test_firm_can_remove_its_upload_before_submitting(client: Client, setup: f.PortalSetup) -> None:
    upload = services.upload_add(link=setup.link_a, stream=io.BytesIO(f.PDF_BYTES), filename="a.pdf")
    path = services.upload_path(upload)
    assert client.post(url("upload_remove", setup.token_a, upload_id=upload.pk)).status_code == 302
    assert not PortalUpload.objects.exists()
    assert not path.exists()


def test_firm_cannot_remove_another_firms_upload(client: Client, setup: f.PortalSetup) -> None:
    upload = services.upload_add(link=setup.link_b, stream=io.BytesIO(f.PDF_BYTES), filename="b.pdf")
    assert client.post(url("upload_remove", setup.token_a, upload_id=upload.pk)).status_code == 400
    assert PortalUpload.objects.filter(pk=upload.pk).exists()


def test_submit_confirm_then_receipt_then_read_only(client: Client, setup: f.PortalSetup) -> None:
    services.answer_save(link=setup.link_a, question_id=setup.questions[0].pk, text="Our answer")
    confirm = client.get(url("submit", setup.token_a))
    assert confirm.status_code == 200
    assert "You answered 1 of 3 questions" in confirm.content.decode()
    response = client.post(url("submit", setup.token_a))
    assert response.status_code == 302
    assert response["Location"] == url("receipt", setup.token_a)
    link = PortalLink.objects.get(pk=setup.link_a.pk)
    assert link.submitted_at is not None
    assert link.receipt_code
    receipt = client.get(url("receipt", setup.token_a)).content.decode()
    assert link.receipt_code in receipt
    page = client.get(url("questionnaire", setup.token_a)).content.decode()
    assert "<textarea" not in page
    assert "Our answer" in page
    question = setup.questions[0]
    late = client.post(url("answer", setup.token_a), {"question": str(question.pk), f"answer-{question.pk}": "new"},
                       headers={"HX-Request": "true"})
    assert late.status_code == 400
    assert "submitted and can no longer be changed" in late.content.decode()
    assert PortalAnswer.objects.get(link=setup.link_a).text == "Our answer"
    again = client.post(url("submit", setup.token_a))
    assert again.status_code == 400
    assert AuditEvent.objects.filter(action="portal.submit").count() == 1


def test_submit_with_nothing_answered_is_refused(client: Client, setup: f.PortalSetup) -> None:
    response = client.post(url("submit", setup.token_a))
    assert response.status_code == 400
    assert "Answer at least one question or upload a file before you submit." in response.content.decode()


def test_after_the_deadline_answers_and_submission_are_refused(client: Client, setup: f.PortalSetup) -> None:
    services.answer_save(link=setup.link_a, question_id=setup.questions[0].pk, text="On time")
    Questionnaire.objects.filter(pk=setup.questionnaire.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    page = client.get(url("questionnaire", setup.token_a))
    assert page.status_code == 200  # the link still works (until its expiry), read-only
    assert "The deadline has passed" in page.content.decode()
    response = client.post(url("submit", setup.token_a))
    assert response.status_code == 400
    assert "The deadline has passed; answers can no longer be changed or submitted." in response.content.decode()
    assert PortalLink.objects.get(pk=setup.link_a.pk).submitted_at is None
    file = io.BytesIO(f.PDF_BYTES)
    file.name = "late.pdf"
    assert client.post(url("upload", setup.token_a), {"file": file}).status_code == 400
    assert not PortalUpload.objects.exists()


def test_page_speaks_the_organisations_language(client: Client, personas: Personas) -> None:
    setup = f.make_portal(personas, language="nl")
    response = client.get(url("questionnaire", setup.token_a), headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert response["Content-Language"] == "nl"
    assert '<html lang="nl">' in response.content.decode()


def test_a_refused_answer_keeps_everything_the_firm_typed(client: Client, setup: f.PortalSetup) -> None:
    """Walking the portal without JavaScript: one answer with a NUL character refused the form (all
    or nothing, right), but the page came back with the stored answers, so every other answer the
    firm had typed was gone."""
    first, second, third = setup.questions
    data = {f"answer-{first.pk}": "Our team of twelve", f"answer-{second.pk}": "met\x00nul",
            f"answer-{third.pk}": "Hosting in Frankfurt"}
    response = client.post(url("questionnaire", setup.token_a), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Our team of twelve</textarea>" in html
    assert "Hosting in Frankfurt</textarea>" in html
    assert not PortalAnswer.objects.exists()
