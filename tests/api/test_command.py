"""``python manage.py api_token <email>``."""

from __future__ import annotations

import contextlib
from io import StringIO

import pytest
from django.core.management import CommandError, ManagementUtility, call_command

from partnerwijzer.accounts.tokens import hash_token
from partnerwijzer.api.models import ApiToken
from partnerwijzer.api.services import api_token_authenticate
from partnerwijzer.audit.models import AuditEvent
from tests.personas import Personas


def test_command_prints_a_working_token_once(personas: Personas) -> None:
    out, err = StringIO(), StringIO()
    call_command("api_token", "Owner@Example.com", "--name", "Nightly export", stdout=out, stderr=err)

    plaintext = out.getvalue().strip()
    assert plaintext.startswith("pw_")
    token = ApiToken.objects.get()
    assert token.user == personas.owner
    assert token.name == "Nightly export"
    assert token.token_hash == hash_token(plaintext)
    assert token.expires_at is None
    assert "shown only now" in err.getvalue()
    assert plaintext not in err.getvalue()
    found = api_token_authenticate(plaintext)
    assert found is not None
    assert found.pk == token.pk
    assert AuditEvent.objects.filter(action="api_token.create", actor=personas.owner).count() == 1


def test_command_sets_an_expiry(personas: Personas) -> None:
    call_command("api_token", "viewer@example.com", "--expires-days", "30", stdout=StringIO(), stderr=StringIO())
    token = ApiToken.objects.get()
    assert token.expires_at is not None
    assert token.name == "Command line"


def test_command_fails_clearly_for_an_unknown_email(personas: Personas) -> None:
    with pytest.raises(CommandError, match=r"No user with the e-mail address 'nobody@example\.com'"):
        call_command("api_token", "nobody@example.com", stdout=StringIO(), stderr=StringIO())
    assert not ApiToken.objects.exists()


def test_command_exits_non_zero_for_an_unknown_email(personas: Personas) -> None:
    # As from a shell: CommandError becomes exit status 1 with the message on stderr.
    err = StringIO()
    utility = ManagementUtility(["manage.py", "api_token", "nobody@example.com"])
    with pytest.raises(SystemExit) as exit_info, contextlib.redirect_stderr(err):
        utility.execute()
    assert exit_info.value.code == 1
    assert "No user with the e-mail address" in err.getvalue()


def test_command_rejects_a_bad_expiry(personas: Personas) -> None:
    with pytest.raises(CommandError, match="at least 1"):
        call_command("api_token", "owner@example.com", "--expires-days", "0", stdout=StringIO(), stderr=StringIO())
