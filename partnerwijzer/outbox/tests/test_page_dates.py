"""The outgoing messages page shows when a message was queued and sent through the one locale-aware
formatter (``formatting.date_time``), in the organisation's time zone, like every other moment in
running text; found by the Dutch whole-flow browser test of issue 16 (it showed ``7-12-2026 13:36``)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from partnerwijzer.outbox import services
from partnerwijzer.outbox.models import Message, MessageState
from tests.personas import Personas

pytestmark = pytest.mark.django_db

QUEUED = datetime(2026, 12, 7, 12, 36, tzinfo=UTC)  # 13:36 in Amsterdam (winter time)
SENT = datetime(2026, 12, 7, 12, 41, tzinfo=UTC)


@pytest.mark.parametrize(("language", "queued", "sent"), [
    ("nl", "7 december 2026 13:36", "7 december 2026 13:41"),
    ("de", "7. Dezember 2026 13:36", "7. Dezember 2026 13:41"),
])
def test_queued_and_sent_moments_through_the_formatter(
    personas: Personas, language: str, queued: str, sent: str
) -> None:
    personas.speak(language)
    message = services.queue_message(
        organisation=personas.organisation, to_email="firm@example.com", language=language, subject="Uw link",
        body_text="Hallo", idempotency_key="test.page-dates:1",
    )
    Message.objects.filter(pk=message.pk).update(created_at=QUEUED, sent_at=SENT, state=MessageState.SENT)
    html = personas.client("owner").get(reverse("outbox:list")).content.decode()
    assert f"<td>{queued}</td>" in html
    assert f"<small>{sent}</small>" in html
    assert "7-12-2026" not in html
    assert "07.12.2026" not in html
