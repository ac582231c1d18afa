"""The portal's messages: the link sent by the product (send, renew), the receipt with the price, the
owners told, the deadline near (issue 16 item 2). Each once, in the right language, no token in a subject."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from partnerwijzer import logsafety
from partnerwijzer.outbox import delivery
from partnerwijzer.outbox.models import Message
from partnerwijzer.portal import services
from partnerwijzer.portal.messages import deadline_near_check
from partnerwijzer.portal.models import PortalLink
from partnerwijzer.portal.tests.builders import make_portal
from partnerwijzer.sourcing.models import Candidate
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _with_contact(candidate: Candidate, email: str = "sales@acme.example") -> Candidate:
    candidate.contact_email, candidate.contact_name = email, "Ada Acme"
    candidate.save(update_fields=["contact_email", "contact_name"])
    return candidate


def _fresh_candidate(personas: Personas, setup: object, name: str = "Gamma Vision") -> Candidate:
    return _with_contact(Candidate.objects.create(selection=setup.selection, name=name),  # type: ignore[attr-defined]
                         email="hello@gamma.example")


def test_the_owner_sends_a_firm_its_link_with_the_deadline_and_no_token_in_the_subject(
    personas: Personas, caplog: pytest.LogCaptureFixture,
) -> None:
    setup = make_portal(personas, language="nl")
    firm = _fresh_candidate(personas, setup)
    caplog.set_level(logging.DEBUG)
    response = personas.client("owner").post(reverse("portal:link_send", kwargs={
        "selection_id": setup.selection.pk, "questionnaire_id": setup.questionnaire.pk, "candidate_id": firm.pk}))
    assert response.status_code == 302
    link = PortalLink.objects.get(candidate=firm, revoked_at__isnull=True)
    (message,) = Message.objects.filter(to_email="hello@gamma.example")
    assert message.language == "nl"
    title = setup.questionnaire.title
    assert message.subject == f"{personas.organisation.name} vraagt Gamma Vision om “{title}” te beantwoorden"
    assert logsafety.mask(message.subject) == message.subject
    assert "/portal/" in message.body_text
    assert message.idempotency_key == f"portal.link:{link.pk}"
    deadline_words = timezone.localtime(setup.questionnaire.deadline).strftime("%Y")
    assert deadline_words in message.body_text
    delivery.send_due()
    (sent,) = mail.outbox
    token = sent.body.split("/portal/")[1].split("/")[0]
    assert services.hash_token(token) == link.token_hash  # the firm gets a working link
    assert token not in caplog.text  # and no log line holds it
    message.refresh_from_db()
    assert token not in message.body_text  # nor the database, once sent


def test_sending_again_revokes_the_old_link_and_sends_a_new_one_once(personas: Personas) -> None:
    setup = make_portal(personas, language="nl")
    firm = _fresh_candidate(personas, setup)
    first = services.link_send(actor=personas.owner, questionnaire=setup.questionnaire, candidate=firm)
    with pytest.raises(ValidationError):  # a working link is not replaced without asking
        services.link_send(actor=personas.owner, questionnaire=setup.questionnaire, candidate=firm)
    second = services.link_send(actor=personas.owner, questionnaire=setup.questionnaire, candidate=firm, renew=True)
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert second.revoked_at is None
    assert Message.objects.filter(to_email="hello@gamma.example").count() == 2
    assert {m.idempotency_key for m in Message.objects.filter(to_email="hello@gamma.example")} == {
        f"portal.link:{first.pk}", f"portal.link:{second.pk}"}


def test_a_firm_without_contact_email_gets_no_message_and_a_clear_error(personas: Personas) -> None:
    setup = make_portal(personas, language="nl")
    firm = Candidate.objects.create(selection=setup.selection, name="Delta")
    response = personas.client("owner").post(reverse("portal:link_send", kwargs={
        "selection_id": setup.selection.pk, "questionnaire_id": setup.questionnaire.pk, "candidate_id": firm.pk}),
        follow=True)
    assert "heeft geen contact-e-mailadres" in response.content.decode()
    assert not PortalLink.objects.filter(candidate=firm).exists()
    assert not Message.objects.filter(idempotency_key__startswith="portal.link").exists()


def test_a_submission_sends_the_firm_a_receipt_with_its_price_and_tells_the_owner(personas: Personas) -> None:
    setup = make_portal(personas, language="nl", kind="rfp")
    _with_contact(setup.firm_a)
    services.quote_draft_save(link=setup.link_a, values={"implementation": "25000", "running_per_year": "1200,50"})
    link = services.submit(link=setup.link_a)
    receipt = Message.objects.get(idempotency_key=f"portal.receipt:{link.pk}")
    assert receipt.to_email == "sales@acme.example"
    assert link.receipt_code in receipt.subject
    assert "€\u00a025.000,00" in receipt.body_text
    assert "€\u00a01.200,50" in receipt.body_text
    owner_note = Message.objects.get(idempotency_key=f"portal.submitted:{link.pk}:{personas.owner.pk}")
    assert owner_note.to_email == "owner@example.com"
    assert owner_note.subject == f"Acme AI heeft de antwoorden op “{setup.questionnaire.title}” ingediend"
    for message in (receipt, owner_note):
        assert logsafety.mask(message.subject) == message.subject
        assert setup.token_a not in message.body_text


def test_the_deadline_near_reminds_only_firms_that_have_not_submitted_once(personas: Personas) -> None:
    setup = make_portal(personas, language="de")
    _with_contact(setup.firm_a)
    _with_contact(setup.firm_b, email="info@beta.example")
    setup.questionnaire.deadline = timezone.now() + dt.timedelta(days=2)
    setup.questionnaire.save(update_fields=["deadline"])
    services.answer_save(link=setup.link_b, question_id=setup.questions[0].pk, text="Wir sind bereit.")
    services.submit(link=setup.link_b)

    assert deadline_near_check(timezone.localdate()) == 1
    assert deadline_near_check(timezone.localdate()) == 0
    (reminder,) = Message.objects.filter(idempotency_key__startswith="portal.deadline_near")
    assert reminder.to_email == "sales@acme.example"
    assert reminder.language == "de"
    assert reminder.subject.startswith("Erinnerung:")
    assert reminder.essential is False
    assert setup.token_a not in reminder.body_text


def test_no_deadline_reminder_a_week_before(personas: Personas) -> None:
    setup = make_portal(personas, language="nl")
    _with_contact(setup.firm_a)
    setup.questionnaire.deadline = timezone.now() + dt.timedelta(days=7)
    setup.questionnaire.save(update_fields=["deadline"])
    assert deadline_near_check(timezone.localdate()) == 0
