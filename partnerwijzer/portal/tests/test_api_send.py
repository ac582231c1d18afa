"""Portal links e-mailed by the product through the API (issue 16, item 2): send, resend, revoke.

The API calls the service the links page uses (``services.link_send``), which queues the e-mail in the
outbox with the deadline; the answer holds neither the token nor the link, only the e-mail does.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from partnerwijzer import formatting
from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.outbox import delivery
from partnerwijzer.outbox.models import Message
from partnerwijzer.portal import services
from partnerwijzer.portal.models import PortalLink
from partnerwijzer.portal.tests.builders import PortalSetup, make_portal
from partnerwijzer.sourcing.models import Candidate
from tests.api.conftest import bearer_client
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def _firm(setup: PortalSetup, *, email: str = "hello@gamma.example") -> Candidate:
    return Candidate.objects.create(selection=setup.selection, name="Gamma Vision", contact_email=email,
                                    contact_name="Gina Gamma")


def _token_from(message: Message) -> str:
    return message.body_text.split("/portal/")[1].split("/")[0]


def test_send_emails_the_link_with_the_deadline_and_the_answer_holds_no_token(
    personas: Personas, caplog: pytest.LogCaptureFixture,
) -> None:
    setup = make_portal(personas, language="nl")
    firm = _firm(setup)
    caplog.set_level(logging.DEBUG)
    response = _post(bearer_client(personas.owner), f"/api/v1/candidates/{firm.pk}/portal-links/send",
                     {"questionnaire_id": str(setup.questionnaire.pk)})
    assert response.status_code == 200, response.content
    body = response.json()
    link = PortalLink.objects.get(candidate=firm, revoked_at__isnull=True)
    assert body["id"] == str(link.pk)
    assert body["status"] == "not_opened"
    assert body["sent_to"] == "hello@gamma.example"
    assert body["message_state"] == "queued"
    assert "token" not in body
    assert "url" not in body
    (message,) = Message.objects.filter(to_email="hello@gamma.example")
    token = _token_from(message)
    assert services.hash_token(token) == link.token_hash  # the e-mail carries the firm's working link
    assert token not in response.content.decode()
    assert "/portal/" not in response.content.decode()
    assert token not in message.subject
    assert "/portal/" not in message.subject
    deadline = formatting.date_time(timezone.localtime(setup.questionnaire.deadline), language="nl")
    assert deadline in message.body_text
    assert message.language == "nl"
    assert AuditEvent.objects.filter(action="portal.link_send", target_id=str(link.pk)).count() == 1
    delivery.send_due()
    (sent,) = mail.outbox
    assert token in sent.body
    assert token not in sent.subject
    assert token not in caplog.text  # no log line holds it, the API's request lines included


def test_send_refuses_a_second_working_link_and_a_firm_without_address(personas: Personas) -> None:
    setup = make_portal(personas, language="nl")
    client = bearer_client(personas.owner)
    body = {"questionnaire_id": str(setup.questionnaire.pk)}
    # Acme already has a working link (made to copy): 422, nothing sent; resend replaces it.
    Candidate.objects.filter(pk=setup.firm_a.pk).update(contact_email="sales@acme.example")
    again = _post(client, f"/api/v1/candidates/{setup.firm_a.pk}/portal-links/send", body)
    assert again.status_code == 422
    assert again.json()["errors"][0]["loc"] == ["body", "candidate"]
    no_address = _firm(setup, email="")
    missing = _post(client, f"/api/v1/candidates/{no_address.pk}/portal-links/send", body)
    assert missing.status_code == 422
    assert "contact" in missing.json()["errors"][0]["msg"]
    assert not PortalLink.objects.filter(candidate=no_address).exists()
    assert not Message.objects.filter(idempotency_key__startswith="portal.link").exists()
    # A questionnaire of another selection is the uniform 404.
    other = _post(client, f"/api/v1/candidates/{no_address.pk}/portal-links/send",
                  {"questionnaire_id": "00000000-0000-0000-0000-000000000000"})
    assert other.status_code == 404


def test_send_refuses_unknown_fields(personas: Personas) -> None:
    setup = make_portal(personas, language="nl")
    firm = _firm(setup)
    response = _post(bearer_client(personas.owner), f"/api/v1/candidates/{firm.pk}/portal-links/send",
                     {"questionnaire_id": str(setup.questionnaire.pk), "to_email": "attacker@example.com"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "to_email"]
    assert not Message.objects.exists()


def test_resend_revokes_the_lost_link_and_emails_a_new_one(personas: Personas) -> None:
    setup = make_portal(personas, language="nl")
    firm = _firm(setup)
    client = bearer_client(personas.owner)
    first = _post(client, f"/api/v1/candidates/{firm.pk}/portal-links/send",
                  {"questionnaire_id": str(setup.questionnaire.pk)}).json()
    unconfirmed = _post(client, f"/api/v1/portal-links/{first['id']}/resend", {"confirm": False})
    assert unconfirmed.status_code == 422
    assert unconfirmed.json()["errors"] == [{"loc": ["body", "confirm"], "type": "value_error",
                                             "msg": "Bevestig dat de huidige link van het bedrijf mag stoppen met "
                                                    "werken."}]
    assert PortalLink.objects.get(pk=first["id"]).revoked_at is None
    response = _post(client, f"/api/v1/portal-links/{first['id']}/resend", {"confirm": True})
    assert response.status_code == 200, response.content
    second = response.json()
    assert second["id"] != first["id"]
    assert "token" not in second
    old = PortalLink.objects.get(pk=first["id"])
    assert old.revoked_at is not None
    messages = {m.idempotency_key: m for m in Message.objects.filter(to_email="hello@gamma.example")}
    assert set(messages) == {f"portal.link:{first['id']}", f"portal.link:{second['id']}"}
    new_token = _token_from(messages[f"portal.link:{second['id']}"])
    assert services.resolve_token(new_token).ok
    assert not services.resolve_token(_token_from(messages[f"portal.link:{first['id']}"])).ok
    assert AuditEvent.objects.filter(action="portal.link_revoke", target_id=first["id"]).count() == 1
    # The old link again: it is revoked, 422 and nothing new.
    stale = _post(client, f"/api/v1/portal-links/{first['id']}/resend", {"confirm": True})
    assert stale.status_code == 422
    assert Message.objects.filter(to_email="hello@gamma.example").count() == 2


def test_revoke_stops_the_emailed_link(personas: Personas) -> None:
    setup = make_portal(personas, language="nl")
    firm = _firm(setup)
    client = bearer_client(personas.owner)
    sent = _post(client, f"/api/v1/candidates/{firm.pk}/portal-links/send",
                 {"questionnaire_id": str(setup.questionnaire.pk)}).json()
    token = _token_from(Message.objects.get(to_email="hello@gamma.example"))
    revoked = client.post(f"/api/v1/portal-links/{sent['id']}/revoke")
    assert revoked.status_code == 200, revoked.content
    assert revoked.json()["status"] == "revoked"
    assert not services.resolve_token(token).ok
    assert AuditEvent.objects.filter(action="portal.link_revoke", target_id=sent["id"]).count() == 1


def test_the_schema_of_send_and_resend_is_exact(personas: Personas) -> None:
    schema = personas.client("owner").get("/api/openapi.json").json()
    components = schema["components"]["schemas"]
    assert components["PortalLinkSendIn"]["additionalProperties"] is False
    assert components["PortalLinkSendIn"]["required"] == ["questionnaire_id"]
    assert components["PortalLinkResendIn"]["additionalProperties"] is False
    out = components["PortalLinkSentOut"]["properties"]
    assert "token" not in out
    assert "url" not in out
    assert out["message_state"]["enum"] == ["queued", "sending", "sent", "failed", "suppressed"]
    for path in ("/api/v1/candidates/{candidate_id}/portal-links/send", "/api/v1/portal-links/{portal_link_id}/resend"):
        documented = set(schema["paths"][path]["post"]["responses"])
        assert {"200", "400", "401", "403", "404", "415", "422", "503"} <= documented
