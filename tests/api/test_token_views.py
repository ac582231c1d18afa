"""The token page: list, create (secret shown once), revoke with confirmation."""

from __future__ import annotations

import uuid

from django.test import Client
from django.urls import reverse
from django.utils import translation

from partnerwijzer.api.models import ApiToken
from partnerwijzer.api.services import api_token_authenticate, api_token_create
from partnerwijzer.audit.models import AuditEvent
from tests.personas import Personas

TOKENS = "/account/tokens/"


def test_urls_are_where_the_menu_expects_them() -> None:
    assert reverse("api:tokens") == TOKENS
    token_id = uuid.uuid4()
    assert reverse("api:token_revoke", kwargs={"token_id": token_id}) == f"/account/tokens/{token_id}/revoke/"


def test_anonymous_is_sent_to_login(db: None) -> None:
    response = Client().get(TOKENS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_page_lists_only_own_tokens(personas: Personas) -> None:
    api_token_create(user=personas.viewer, name="Viewer's export")
    api_token_create(user=personas.outsider, name="Outsider's secret tool")
    response = personas.client("viewer").get(TOKENS)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Viewer&#x27;s export" in body
    assert "Outsider" not in body
    assert response.headers["Cache-Control"].startswith("max-age=0")


def test_empty_state(personas: Personas) -> None:
    response = personas.client("owner").get(TOKENS)
    assert 'class="empty"' in response.content.decode()


def test_creating_shows_the_secret_once(personas: Personas) -> None:
    client = personas.client("evaluator")
    response = client.post(TOKENS, {"name": "Power BI", "expires": "30"})

    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    token = ApiToken.objects.get(user=personas.evaluator)
    plaintext = response.context["plaintext"]
    assert plaintext.startswith("pw_")
    assert plaintext in response.content.decode()
    with translation.override("nl"):  # the personas' organisation works in Dutch
        assert translation.gettext("Copy it now: it will not be shown again.") in response.content.decode()
    found = api_token_authenticate(plaintext)
    assert found is not None
    assert found.pk == token.pk
    assert token.expires_at is not None
    # The next visit lists the token but never shows the secret again.
    again = client.get(TOKENS).content.decode()
    assert token.display_prefix in again
    assert plaintext not in again
    assert AuditEvent.objects.filter(action="api_token.create", actor=personas.evaluator).count() == 1


def test_creating_without_expiry(personas: Personas) -> None:
    personas.client("owner").post(TOKENS, {"name": "Forever", "expires": "never"})
    assert ApiToken.objects.get().expires_at is None


def test_invalid_form_creates_nothing(personas: Personas) -> None:
    response = personas.client("owner").post(TOKENS, {"name": "   ", "expires": "90"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["plaintext"] == ""
    assert not ApiToken.objects.exists()


def test_revoke_asks_for_confirmation_then_revokes(personas: Personas) -> None:
    token, plaintext = api_token_create(user=personas.owner, name="Old script")
    url = reverse("api:token_revoke", kwargs={"token_id": token.pk})
    client = personas.client("owner")

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Old script" in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None  # GET changes nothing

    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == TOKENS
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_token_authenticate(plaintext) is None
    assert AuditEvent.objects.filter(action="api_token.revoke", actor=personas.owner).count() == 1

    # Revoked tokens stay listed, with their status and without a revoke link.
    page = client.get(TOKENS).content.decode()
    assert "Old script" in page
    assert url not in page
    # A second revoke is harmless.
    assert client.post(url).status_code == 302
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1


def test_another_users_token_is_the_same_404_as_a_missing_one(personas: Personas) -> None:
    token, plaintext = api_token_create(user=personas.owner, name="Owner's")
    client = personas.client("outsider")
    theirs = client.post(reverse("api:token_revoke", kwargs={"token_id": token.pk}))
    missing = client.post(reverse("api:token_revoke", kwargs={"token_id": uuid.uuid4()}))
    assert theirs.status_code == missing.status_code == 404
    assert theirs.content == missing.content
    assert client.get(reverse("api:token_revoke", kwargs={"token_id": token.pk})).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert api_token_authenticate(plaintext) is not None


def test_revoke_needs_csrf(personas: Personas) -> None:
    token, _ = api_token_create(user=personas.owner, name="x")
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.owner, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(reverse("api:token_revoke", kwargs={"token_id": token.pk}))
    assert response.status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


def test_page_is_available_in_each_language(personas: Personas) -> None:
    client = personas.client("owner")
    for lang in ("nl", "en", "de"):
        response = client.get(TOKENS, headers={"accept-language": lang})
        assert response.status_code == 200
