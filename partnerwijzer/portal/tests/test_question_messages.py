"""Issue 16, items 2 and 4: a firm's question is announced to the owners, a private answer to the
asking firm, a published addendum to every firm with a working link. Each once per event (an
idempotency key), in the recipient's language, never with a portal token, never naming the asking
firm to the other firms."""

from __future__ import annotations

import pytest

from partnerwijzer import logsafety
from partnerwijzer.outbox.models import Message
from partnerwijzer.portal import firm_questions, services
from partnerwijzer.portal.tests import builders as f
from partnerwijzer.sourcing.models import Candidate
from tests.personas import Personas


def _contact(candidate: Candidate, email: str) -> None:
    candidate.contact_email = email
    candidate.save(update_fields=["contact_email"])


@pytest.fixture
def setup(personas: Personas) -> f.PortalSetup:
    setup = f.make_portal(personas, language="nl")
    _contact(setup.firm_a, "sales@acme.example")
    _contact(setup.firm_b, "info@beta.example")
    return setup


def test_a_question_is_announced_to_each_owner_once(setup: f.PortalSetup, personas: Personas) -> None:
    question = firm_questions.question_ask(link=setup.link_a, text="Mogen we de data inzien?")
    (message,) = Message.objects.filter(idempotency_key__startswith="portal.question_ask:")
    assert message.to_email == personas.owner.email
    assert message.to_user == personas.owner
    assert message.idempotency_key == f"portal.question_ask:{question.pk}:{personas.owner.pk}"
    assert message.language == "nl"
    assert message.subject == f"Een bedrijf stelde een vraag over “{setup.questionnaire.title}”"
    assert "Acme AI" in message.body_text
    assert "Mogen we de data inzien?" in message.body_text
    assert f"/questionnaires/{setup.questionnaire.pk}/firm-questions/" in message.body_text
    assert "http" in message.body_text  # an absolute link: messages leave the site
    # The same event again queues nothing new (the key).
    from partnerwijzer.portal import question_messages

    question_messages.question_asked(question)
    assert Message.objects.filter(idempotency_key__startswith="portal.question_ask:").count() == 1


def test_a_private_answer_goes_to_the_asking_firm_only(setup: f.PortalSetup, personas: Personas) -> None:
    question = firm_questions.question_ask(link=setup.link_a, text="Parkeren?")
    firm_questions.question_answer(actor=personas.owner, question=question, answer="Ja, achter de hal.",
                                   publish=False)
    (message,) = Message.objects.filter(idempotency_key__startswith="portal.question_answer:")
    assert message.to_email == "sales@acme.example"
    assert "Ja, achter de hal." in message.body_text
    assert not Message.objects.filter(to_email="info@beta.example").exists()
    assert logsafety.mask(message.subject) == message.subject
    assert setup.token_a not in message.body_text + message.subject


def test_a_published_addendum_goes_to_every_firm_with_a_working_link_without_the_askers_name(
    setup: f.PortalSetup, personas: Personas,
) -> None:
    question = firm_questions.question_ask(link=setup.link_a, text="Acme vraagt: is SAP-data bruikbaar?")
    services.link_revoke(actor=personas.owner, link=setup.link_b)
    gamma = Candidate.objects.create(selection=setup.selection, name="Gamma", contact_email="hi@gamma.example")
    services.link_create(actor=personas.owner, questionnaire=setup.questionnaire, candidate=gamma)
    firm_questions.question_answer(actor=personas.owner, question=question, answer="Ja.", publish=True,
                                   public_text="Is de SAP-data bruikbaar?")
    addenda = list(Message.objects.filter(idempotency_key__startswith="portal.addendum:").order_by("to_email"))
    assert [m.to_email for m in addenda] == ["hi@gamma.example", "sales@acme.example"]  # Beta's link is revoked
    for message in addenda:
        assert message.subject == f"Aanvulling op “{setup.questionnaire.title}”"
        assert "Is de SAP-data bruikbaar?" in message.body_text
        assert "Ja." in message.body_text
        assert "Acme" not in message.body_text  # neither the firm nor its own wording
    # Publishing a correction is a new event: one more message per firm, not a repeat of the first.
    firm_questions.question_answer(actor=personas.owner, question=question, answer="Ja, vanaf 2020.", publish=True,
                                   public_text="Is de SAP-data bruikbaar?")
    assert Message.objects.filter(idempotency_key__startswith="portal.addendum:").count() == 4
