"""The outbox's pages and API: the owners' list with retry, reminders on the account page, the signed
unsubscribe link; the console backend and the periodic command keep tokens out of the output."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from partnerwijzer.outbox import delivery, periodic, services
from partnerwijzer.outbox.backends import ConsoleEmailBackend
from partnerwijzer.outbox.models import Message, MessageState, Unsubscribe
from partnerwijzer.outbox.tests import backends
from tests.personas import Personas

pytestmark = pytest.mark.django_db

TOKEN_LINK = "https://pw.example/portal/abcSECRETtoken123/"


def _message(personas: Personas, key: str = "test.page:1", **fields: Any) -> Message:
    return services.queue_message(
        organisation=fields.pop("organisation", personas.organisation), to_email="firm@example.com",
        language="nl", subject="Uw link", body_text=f"Open {TOKEN_LINK}", idempotency_key=key, **fields,
    )


def test_owners_see_the_messages_without_bodies_and_retry_a_failed_one(personas: Personas, settings: Any) -> None:
    message = _message(personas)
    Message.objects.filter(pk=message.pk).update(state=MessageState.FAILED, last_error=delivery.INTERRUPTED)
    _message(personas, key="test.page:other-org", organisation=personas.other_organisation)
    client = personas.client("owner")
    html = client.get(reverse("outbox:list")).content.decode()
    assert "firm@example.com" in html
    assert "Uw link" in html
    assert "SECRETtoken" not in html
    assert "/portal/" not in html
    assert html.count('class="outbox-row') == 1  # not the other organisation's message
    assert "Opnieuw versturen" in html
    # In the owner's language: it may have arrived, so check before sending it again.
    assert "Onderbroken terwijl het aan de mailserver werd overgedragen" in html
    assert delivery.INTERRUPTED not in html

    response = client.post(reverse("outbox:retry", args=[message.pk]))
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.state == MessageState.QUEUED
    assert message.attempts == 0
    backends.use(settings, "Recording")
    delivery.send_due()
    message.refresh_from_db()
    assert message.state == MessageState.SENT


def test_a_sent_message_cannot_be_retried(personas: Personas) -> None:
    message = _message(personas)
    delivery.send_due()
    personas.client("owner").post(reverse("outbox:retry", args=[message.pk]))
    message.refresh_from_db()
    assert message.state == MessageState.SENT


def test_the_list_filters_by_state_and_says_what_to_do_when_empty(personas: Personas) -> None:
    client = personas.client("owner")
    assert "Er is nog niets verzonden" in client.get(reverse("outbox:list")).content.decode()
    _message(personas)
    html = client.get(reverse("outbox:list"), {"state": "failed"}).content.decode()
    assert "Geen berichten met deze status" in html
    assert client.get(reverse("outbox:list"), {"state": "nonsense"}).status_code == 200


def test_the_page_is_named_for_what_it_lists_and_its_filter_is_a_styled_field(personas: Personas) -> None:
    """It lists queued and failed messages too, so not "Verzonden berichten"; the state select sits in the
    app's form-field pattern (label above, full-size select) like the audit log's filters."""
    _message(personas)
    html = personas.client("owner").get(reverse("outbox:list")).content.decode()
    assert "<h1>Uitgaande berichten</h1>" in html
    assert '<li><a href="/organisation/messages/">Uitgaande berichten</a></li>' in html  # the user menu
    assert "Verzonden berichten" not in html
    filter_form = html.split('id="outbox-filter"', 1)[1].split("</form>", 1)[0]
    field = filter_form.split('<div class="field">', 1)[1].split("</div>", 1)[0]
    assert 'for="outbox-state"' in field
    assert '<select id="outbox-state" name="state">' in field
    for language, name in (("de", "Ausgehende Nachrichten"), ("en", "Outgoing messages")):
        with translation.override(language):
            assert gettext("Outgoing messages") == name


def test_a_member_switches_reminders_off_and_on_on_the_account_page(personas: Personas) -> None:
    client = personas.client("evaluator")
    page = client.get(reverse("accounts:account")).content.decode()
    assert 'id="reminders-on"' in page
    assert "checked" in page.split('id="reminders-on"')[1].split(">")[0]
    client.post(reverse("outbox:reminders"), {})
    assert Unsubscribe.objects.filter(email="evaluator@example.com").exists()
    page = client.get(reverse("accounts:account")).content.decode()
    assert "checked" not in page.split('id="reminders-on"')[1].split(">")[0]
    client.post(reverse("outbox:reminders"), {"reminders": "on"})
    assert not Unsubscribe.objects.exists()


def test_the_unsubscribe_link_asks_first_then_unsubscribes(client: Any) -> None:
    token = services.unsubscribe_token("Firm@Example.com")
    url = reverse("outbox:unsubscribe", args=[token])
    assert "unsubscribe-confirm" in client.get(url).content.decode()
    assert not Unsubscribe.objects.exists()  # a mail scanner opening the link changes nothing
    assert "unsubscribe-done" in client.post(url).content.decode()
    assert Unsubscribe.objects.filter(email="firm@example.com").exists()
    bad = client.get(reverse("outbox:unsubscribe", args=[token[:-2] + "xx"]))
    assert bad.status_code == 404
    assert "unsubscribe-invalid" in bad.content.decode()


def test_the_unsubscribe_link_is_masked_in_logs() -> None:
    from partnerwijzer import logsafety

    token = services.unsubscribe_token("firm@example.com")
    assert token not in logsafety.mask(f"GET /messages/unsubscribe/{token}/ HTTP/1.1")


def test_the_console_backend_prints_no_token(personas: Personas, settings: Any) -> None:
    message = _message(personas)
    stream = io.StringIO()
    backend = ConsoleEmailBackend(stream=stream)
    backend.send_messages([delivery._email(message)])
    printed = stream.getvalue()
    assert "To: firm@example.com" in printed
    assert "Subject: Uw link" in printed
    assert "SECRETtoken" not in printed
    assert "/portal/***/" in printed


def test_the_periodic_command_runs_the_checks_and_sends_what_is_due(personas: Personas,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    monkeypatch.setattr(periodic, "CHECKS", {"test": lambda today: calls.append(today) or 0})
    _message(personas)
    out = io.StringIO()
    call_command("outbox_tick", stdout=out)
    assert len(calls) == 1
    assert "Messages sent: 1" in out.getvalue()
    assert Message.objects.get().state == MessageState.SENT


def test_the_api_lists_the_messages_for_owners(personas: Personas) -> None:
    _message(personas)
    url = f"/api/v1/organisations/{personas.organisation.pk}/messages"
    response = personas.client("owner").get(url)
    assert response.status_code == 200
    (row,) = response.json()
    assert row["to_email"] == "firm@example.com"
    assert row["state"] == "queued"
    assert (row["last_error"], row["error_kind"]) == ("", "")
    assert "body_text" not in row
    assert personas.client("owner").get(url, {"state": "sent"}).json() == []
    assert personas.client("evaluator").get(url).status_code == 403


@pytest.mark.parametrize(("backend", "kind", "texts"), [
    ("Refusing", "unreachable", ("De mailserver was niet bereikbaar.", "Der Mailserver war nicht erreichbar.")),
    ("RecipientRefused", "recipient_refused", ("De mailserver weigerde het adres van de ontvanger.",
                                               "Der Mailserver hat die Adresse des Empfängers abgelehnt.")),
])
def test_a_failed_message_says_why_in_the_owners_language(personas: Personas, settings: Any, backend: str,
                                                          kind: str, texts: tuple[str, str]) -> None:
    """polish3 item 6: the page showed the mail server's English error text ("SMTPServerDisconnected:
    lost connection ..."); the outbox stores a kind and the page translates it, the masked technical
    text stays for the owners under "Technical detail"."""
    nl, de = texts
    message = _message(personas)
    backends.use(settings, backend)
    for _attempt in range(delivery.MAX_ATTEMPTS):
        Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        delivery.deliver(str(message.pk))
    message.refresh_from_db()
    assert message.state == MessageState.FAILED
    assert message.error_kind == kind
    client = personas.client("owner")
    html = client.get(reverse("outbox:list")).content.decode()
    assert f'data-error-kind="{kind}"' in html
    assert nl in html
    assert "Technisch detail" in html
    assert "SECRET-TOKEN" not in html
    personas.speak("de")
    html = client.get(reverse("outbox:list")).content.decode()
    assert de in html
    assert nl not in html
    (row,) = client.get(f"/api/v1/organisations/{personas.organisation.pk}/messages").json()
    assert row["error_kind"] == kind
