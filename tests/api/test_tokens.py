"""Personal API tokens: creation, hashing, revocation, expiry and the audit trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from partnerwijzer.accounts.tokens import hash_token
from partnerwijzer.api.models import LAST_USED_RESOLUTION, ApiToken
from partnerwijzer.api.services import api_token_authenticate, api_token_create, api_token_revoke
from partnerwijzer.audit.models import AuditEvent
from tests.personas import Personas


def test_create_returns_prefixed_plaintext_and_stores_only_its_hash(personas: Personas) -> None:
    token, plaintext = api_token_create(user=personas.owner, name="  Reporting script  ")

    assert plaintext.startswith("pw_")
    assert len(plaintext) > 40
    token.refresh_from_db()
    assert token.name == "Reporting script"
    assert token.token_hash == hash_token(plaintext)
    assert token.prefix == plaintext[3:11]
    assert token.display_prefix == plaintext[:11]
    assert token.status == "active"
    # The plaintext appears in no column of any row.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiToken._meta.db_table}")  # noqa: S608
        rows = cursor.fetchall()
    assert rows
    assert not any(plaintext in str(value) for row in rows for value in row)


def test_every_token_is_different(personas: Personas) -> None:
    plaintexts = {api_token_create(user=personas.owner, name="x")[1] for _ in range(5)}
    assert len(plaintexts) == 5


def test_create_records_an_audit_event_without_the_secret(personas: Personas) -> None:
    token, plaintext = api_token_create(user=personas.viewer, name="CI")

    event = AuditEvent.objects.get(action="api_token.create")
    assert event.actor == personas.viewer
    assert event.organisation is None
    assert event.target_id == str(token.pk)
    assert plaintext not in str(event.changes) + event.target_label
    assert token.token_hash not in str(event.changes) + event.target_label
    assert event.changes["name"] == "CI"


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_create_rejects_a_bad_name(personas: Personas, name: str) -> None:
    with pytest.raises(ValidationError):
        api_token_create(user=personas.owner, name=name)
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.filter(action="api_token.create").exists()


def test_create_rejects_an_expiry_in_the_past(personas: Personas) -> None:
    with pytest.raises(ValidationError):
        api_token_create(user=personas.owner, name="x", expires_at=timezone.now() - timedelta(days=1))


def test_authenticate_finds_the_active_token(personas: Personas) -> None:
    token, plaintext = api_token_create(user=personas.evaluator, name="x")
    found = api_token_authenticate(plaintext)
    assert found is not None
    assert found.pk == token.pk
    assert found.user == personas.evaluator


@pytest.mark.parametrize("plaintext", ["", "pw_unknown", "x" * 500])
def test_authenticate_rejects_unknown_tokens(personas: Personas, plaintext: str) -> None:
    api_token_create(user=personas.owner, name="x")
    assert api_token_authenticate(plaintext) is None


def test_revoked_token_no_longer_authenticates(personas: Personas) -> None:
    token, plaintext = api_token_create(user=personas.owner, name="x")
    api_token_revoke(actor=personas.owner, token=token)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.status == "revoked"
    assert api_token_authenticate(plaintext) is None


def test_revoke_is_audited_once(personas: Personas) -> None:
    token, plaintext = api_token_create(user=personas.owner, name="x")
    api_token_revoke(actor=personas.owner, token=token)
    api_token_revoke(actor=personas.owner, token=token)
    events = AuditEvent.objects.filter(action="api_token.revoke")
    assert events.count() == 1
    event = events.get()
    assert event.actor == personas.owner
    assert event.target_id == str(token.pk)
    assert plaintext not in str(event.changes)


def test_only_the_owner_of_a_token_may_revoke_it(personas: Personas) -> None:
    token, _ = api_token_create(user=personas.owner, name="x")
    with pytest.raises(PermissionDenied):
        api_token_revoke(actor=personas.outsider, token=token)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_expired_token_no_longer_authenticates(personas: Personas) -> None:
    token, plaintext = api_token_create(user=personas.owner, name="x", expires_at=timezone.now() + timedelta(days=1))
    assert api_token_authenticate(plaintext) is not None
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    token.refresh_from_db()
    assert token.status == "expired"
    assert api_token_authenticate(plaintext) is None


def test_token_of_an_inactive_user_does_not_authenticate(personas: Personas) -> None:
    _, plaintext = api_token_create(user=personas.owner, name="x")
    personas.owner.is_active = False
    personas.owner.save()
    assert api_token_authenticate(plaintext) is None


def test_last_used_is_written_at_most_once_a_minute(personas: Personas) -> None:
    token, plaintext = api_token_create(user=personas.owner, name="x")
    assert token.last_used_at is None

    api_token_authenticate(plaintext)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None

    api_token_authenticate(plaintext)
    token.refresh_from_db()
    assert token.last_used_at == first  # within the minute: no write

    earlier = first - LAST_USED_RESOLUTION - timedelta(seconds=1)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=earlier)
    api_token_authenticate(plaintext)
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.last_used_at > earlier
