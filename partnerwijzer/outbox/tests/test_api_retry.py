"""Retrying an outgoing message through the API (issue 16): the owners' "Send again" button as an
operation. A failed or interrupted message is queued again and sent once by the worker; any other
state is 409 and nothing changes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.outbox import delivery, services
from partnerwijzer.outbox.models import Message, MessageState
from partnerwijzer.outbox.tests import backends
from partnerwijzer.outbox.tests.backends import DELIVERED, WorkerKilled
from tests.api.conftest import bearer_client
from tests.personas import Personas

pytestmark = pytest.mark.django_db

GERMAN = "Nur eine Nachricht, die nicht gesendet wurde, kann erneut gesendet werden."


@pytest.fixture(autouse=True)
def _fresh_backends() -> Iterator[None]:
    DELIVERED.clear()
    backends.KilledAfterHandoff.count = 0
    yield
    DELIVERED.clear()


def _message(personas: Personas, key: str = "test.api-retry:1", **fields: Any) -> Message:
    return services.queue_message(
        organisation=fields.pop("organisation", personas.organisation), to_email="firm@example.com",
        language="nl", subject="Uw link", body_text="Open https://pw.example/portal/abcSECRETtoken123/",
        idempotency_key=key, **fields,
    )


def test_an_interrupted_message_retried_through_the_api_is_sent_once(
    personas: Personas, settings: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    message = _message(personas)
    monkeypatch.setattr(backends.KilledAfterHandoff, "kill_at", 1)
    backends.use(settings, "KilledAfterHandoff")
    with pytest.raises(WorkerKilled):  # the worker dies after the mail server took it
        delivery.send_due()
    Message.objects.filter(pk=message.pk).update(claimed_at=message.created_at)  # the lease has run out
    assert delivery.release_interrupted(now=message.created_at + delivery.SENDING_LEASE * 2) == 1
    DELIVERED.clear()

    response = bearer_client(personas.owner).post(f"/api/v1/messages/{message.pk}/retry")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == str(message.pk)
    assert body["state"] == "queued"
    assert body["attempts"] == 0
    assert "body_text" not in body
    assert AuditEvent.objects.filter(action="message.retry", target_id=str(message.pk)).count() == 1

    backends.use(settings, "Recording")
    delivery.send_due()
    delivery.send_due()  # a second run finds nothing more to send
    assert Counter(message_id for message_id, *_rest in DELIVERED) == {message.message_id: 1}
    message.refresh_from_db()
    assert message.state == MessageState.SENT


@pytest.mark.parametrize("state", [MessageState.QUEUED, MessageState.SENDING, MessageState.SENT,
                                   MessageState.SUPPRESSED])
def test_a_message_that_is_not_failed_is_409_and_unchanged(personas: Personas, state: str) -> None:
    message = _message(personas)
    Message.objects.filter(pk=message.pk).update(state=state, attempts=2)
    response = bearer_client(personas.owner).post(f"/api/v1/messages/{message.pk}/retry")
    assert response.status_code == 409
    assert response.json()["detail"] == "Alleen een bericht dat niet is verzonden kan opnieuw worden verzonden."
    message.refresh_from_db()
    assert (message.state, message.attempts) == (state, 2)
    assert not AuditEvent.objects.filter(action="message.retry").exists()


def test_the_409_speaks_the_callers_language(personas: Personas) -> None:
    message = _message(personas)
    delivery.send_due()
    response = bearer_client(personas.owner).post(f"/api/v1/messages/{message.pk}/retry", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 409
    assert response.json()["detail"] == GERMAN


def test_another_organisations_message_is_the_uniform_404(personas: Personas) -> None:
    message = _message(personas, key="test.api-retry:other", organisation=personas.other_organisation)
    Message.objects.filter(pk=message.pk).update(state=MessageState.FAILED)
    response = bearer_client(personas.owner).post(f"/api/v1/messages/{message.pk}/retry")
    assert response.status_code == 404
    assert bearer_client(personas.owner).post("/api/v1/messages/not-a-uuid/retry").status_code == 404
    message.refresh_from_db()
    assert message.state == MessageState.FAILED


def test_the_schema_documents_the_409(personas: Personas) -> None:
    schema = personas.client("owner").get("/api/openapi.json").json()
    operation = schema["paths"]["/api/v1/messages/{message_id}/retry"]["post"]
    assert {"200", "401", "403", "404", "409", "503"} <= set(operation["responses"])
    assert "requestBody" not in operation
