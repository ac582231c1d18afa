"""queue_message: stored once per idempotency key, never a token in the subject, reminders honour
the person's choice, and nothing is sent before the worker runs."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import IntegrityError

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.outbox import delivery, services
from partnerwijzer.outbox.models import Message, MessageState
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _queue(personas: Personas, **overrides: Any) -> Message:
    fields: dict[str, Any] = {
        "organisation": personas.organisation, "to_email": "Evaluator@Example.com", "language": "nl",
        "subject": "Je hebt een plaats gekregen", "body_text": "Scoor de kandidaten.",
        "body_html": "<p>Scoor de kandidaten.</p>", "idempotency_key": "test.seat:1",
        "to_user": personas.evaluator,
    }
    fields.update(overrides)
    return services.queue_message(**fields)


def test_a_queued_message_is_stored_and_not_sent_until_the_worker_runs(personas: Personas) -> None:
    message = _queue(personas)
    message.refresh_from_db()
    assert message.state == MessageState.QUEUED
    assert message.to_email == "evaluator@example.com"
    assert message.to_user == personas.evaluator
    assert message.essential is True
    assert message.message_id.startswith("<")
    assert message.message_id.endswith(">")
    assert mail.outbox == []
    assert AuditEvent.objects.filter(action="message.queue", target_id=str(message.pk)).count() == 1


def test_the_same_idempotency_key_returns_the_first_message_and_sends_once(personas: Personas) -> None:
    first = _queue(personas)
    second = _queue(personas, subject="Another subject", body_text="Another body")
    assert second.pk == first.pk
    assert second.subject == "Je hebt een plaats gekregen"
    assert Message.objects.count() == 1
    assert delivery.deliver(str(first.pk)) is True
    assert delivery.deliver(str(first.pk)) is False  # sent: nothing left to claim
    assert len(mail.outbox) == 1


def test_a_race_lost_on_the_unique_key_returns_the_winner(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two transactions queue the same event: the second one's INSERT hits the unique constraint."""
    winner = _queue(personas)
    real_filter = Message.objects.filter
    calls = {"n": 0}

    def filter_missing_the_first_look(*args: Any, **kwargs: Any) -> Any:
        # The other transaction had not committed yet when this one looked.
        calls["n"] += 1
        return real_filter(pk=None) if calls["n"] == 1 else real_filter(*args, **kwargs)

    monkeypatch.setattr(Message.objects, "filter", filter_missing_the_first_look)
    loser = _queue(personas, subject="Second")
    assert loser.pk == winner.pk
    assert Message.objects.count() == 1


def test_the_idempotency_key_is_unique_in_the_database(personas: Personas) -> None:
    message = _queue(personas)
    with pytest.raises(IntegrityError):
        Message.objects.create(organisation=personas.organisation, to_email="x@example.com", language="nl",
                               subject="s", body_text="b", idempotency_key=message.idempotency_key, message_id="<x@y>")


def test_a_subject_with_a_token_link_is_refused(personas: Personas) -> None:
    with pytest.raises(ValueError, match="token"):
        _queue(personas, subject="Open http://testserver/portal/abcdefSECRET123/ now")
    assert not Message.objects.exists()


def test_a_subject_is_one_line(personas: Personas) -> None:
    message = _queue(personas, subject="Line one\r\nBcc: evil@example.com")
    assert message.subject == "Line one Bcc: evil@example.com"


def test_a_reminder_to_someone_who_unsubscribed_is_kept_but_not_sent(personas: Personas) -> None:
    services.reminders_set(email="evaluator@example.com", receive=False)
    reminder = _queue(personas, essential=False, idempotency_key="test.reminder:1")
    essential = _queue(personas, essential=True, idempotency_key="test.seat:2")
    assert reminder.state == MessageState.SUPPRESSED
    assert essential.state == MessageState.QUEUED
    assert delivery.send_due() == 1
    assert [m.to for m in mail.outbox] == [["evaluator@example.com"]]
    assert mail.outbox[0].subject == essential.subject


def test_a_reminder_carries_a_signed_unsubscribe_link_in_the_recipients_language(personas: Personas) -> None:
    reminder = _queue(personas, essential=False, language="de", idempotency_key="test.reminder:2")
    assert "/messages/unsubscribe/" in reminder.body_text
    assert "Keine weiteren Erinnerungen" in reminder.body_text
    assert "/messages/unsubscribe/" in reminder.body_html
    token = reminder.body_text.split("/messages/unsubscribe/")[1].split("/")[0]
    assert services.email_from_unsubscribe_token(token) == "evaluator@example.com"
    assert services.email_from_unsubscribe_token(token + "x") is None
