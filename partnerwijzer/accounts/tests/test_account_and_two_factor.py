"""The user's own account page and two-factor sign-in (TOTP from an authenticator app, recovery codes).

The one-time codes are computed here from RFC 6238 itself (HMAC-SHA1 of the 30-second counter), not
with the library under test, and the helper is checked against the RFC's published test vector.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import re
import struct
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerwijzer.accounts.models import User
from partnerwijzer.api.services import api_token_create, api_token_revoke
from partnerwijzer.audit.models import AuditEvent
from tests.personas import PASSWORD, Personas

pytestmark = pytest.mark.django_db


def totp(key: bytes, *, at: float | None = None, steps_ahead: int = 0, digits: int = 6) -> str:
    """RFC 6238 TOTP with SHA-1 and 30-second steps (RFC 4226 dynamic truncation)."""
    counter = int((time.time() if at is None else at) // 30) + steps_ahead
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = (struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return f"{value:0{digits}d}"


def test_totp_helper_matches_the_rfc_6238_test_vector() -> None:
    # RFC 6238 appendix B: SHA-1 seed "12345678901234567890", T = 59 s -> 94287082 (8 digits).
    assert totp(b"12345678901234567890", at=59, digits=8) == "94287082"
    assert totp(b"12345678901234567890", at=1111111109, digits=8) == "07081804"


def _key_from_setup_page(client: Client) -> bytes:
    """The secret as the user sees it: the base32 key printed under the QR code."""
    response = client.get(reverse("accounts:two_factor_setup"))
    assert response.status_code == 200
    match = re.search(r'<code class="secret-key">([A-Z2-7 ]+)</code>', response.content.decode())
    assert match is not None
    text = match.group(1).replace(" ", "")
    return base64.b32decode(text + "=" * (-len(text) % 8))


def _turn_on(client: Client) -> tuple[bytes, list[str]]:
    key = _key_from_setup_page(client)
    response = client.post(reverse("accounts:two_factor_setup"), {"code": totp(key)})
    assert response.status_code == 200, response.content.decode()[:2000]
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(codes) == 10
    return key, codes


def _english(client: Client) -> Client:
    """Members see their organisation's language (Dutch here) unless they chose one."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _password_step(client: Client, email: str, next_url: str = "") -> None:
    data = {"username": email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    response = client.post(reverse("accounts:login"), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login_verify")


def _is_logged_in(client: Client) -> bool:
    return client.get(reverse("journey:dashboard")).status_code == 200


def _unthrottle(user: User) -> None:
    """Let the 1-second pause django-otp imposes after a wrong code pass, without sleeping."""
    TOTPDevice.objects.filter(user=user).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=60)
    )


# --- The account page ---------------------------------------------------------------------------


def test_account_page_shows_email_two_factor_state_and_only_active_tokens_in_dutch(personas: Personas) -> None:
    api_token_create(user=personas.owner, name="Rapportage-script")
    revoked, _plain = api_token_create(user=personas.owner, name="Oud script")
    api_token_revoke(actor=personas.owner, token=revoked)
    api_token_create(user=personas.viewer, name="Van iemand anders")
    client = personas.client("owner")
    response = client.get(reverse("accounts:account"), HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    html = response.content.decode()
    assert "owner@example.com" in html
    assert "Uw account" in html
    assert "Rapportage-script" in html
    assert "Oud script" not in html
    assert "Van iemand anders" not in html
    assert reverse("api:tokens") in html
    assert reverse("accounts:two_factor_setup") in html


def test_account_page_is_linked_from_the_user_menu(personas: Personas) -> None:
    html = personas.client("viewer").get(reverse("journey:dashboard")).content.decode()
    assert f'href="{reverse("accounts:account")}"' in html


def test_account_update_saves_name_and_language_and_the_next_page_is_in_that_language(personas: Personas) -> None:
    client = personas.client("viewer")
    response = client.post(reverse("accounts:account"), {"full_name": "  Vera Viewer ", "language": "de"})
    assert response.status_code == 302
    personas.viewer.refresh_from_db()
    assert (personas.viewer.full_name, personas.viewer.language) == ("Vera Viewer", "de")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"
    event = AuditEvent.objects.get(action="account.update", actor=personas.viewer)
    assert event.changes["language"] == ["", "de"]
    assert client.get(reverse("accounts:account"))["Content-Language"] == "de"
    # A new browser (no cookie) gets the saved language, not the organisation's Dutch.
    fresh = personas.client("viewer")
    assert fresh.get(reverse("journey:dashboard"))["Content-Language"] == "de"


def test_account_update_with_a_bad_language_is_refused_and_nothing_changes(personas: Personas) -> None:
    client = _english(personas.client("viewer"))
    response = client.post(reverse("accounts:account"), {"full_name": "X", "language": "fr"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    personas.viewer.refresh_from_db()
    assert (personas.viewer.full_name, personas.viewer.language) == ("Viewer", "")
    assert not AuditEvent.objects.filter(action="account.update").exists()


def test_password_change_needs_the_current_password(personas: Personas) -> None:
    client = _english(personas.client("owner"))
    new = "another-long-passphrase-42"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong-password", "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 400
    assert "Your current password is not right" in response.content.decode()
    personas.owner.refresh_from_db()
    assert personas.owner.check_password(PASSWORD)
    response = client.post(
        reverse("accounts:password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    personas.owner.refresh_from_db()
    assert personas.owner.check_password(new)
    assert _is_logged_in(client)  # this browser stays logged in
    assert AuditEvent.objects.filter(action="account.password_change", actor=personas.owner).exists()


# --- Setting up two-factor sign-in ----------------------------------------------------------------


def test_setup_shows_an_inline_svg_qr_code_without_scripts_and_stores_nothing_yet(personas: Personas) -> None:
    client = personas.client("owner")
    response = client.get(reverse("accounts:two_factor_setup"), HTTP_ACCEPT_LANGUAGE="nl")
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<div class="qr-code"><svg [^>]*class="segno"><title>QR-code', html)
    assert "<script>" not in html
    assert "style=" not in html.split('<div class="qr-code">')[1].split("</div>")[0]
    assert "no-store" in response["Cache-Control"]
    assert not TOTPDevice.objects.exists()
    # Reloading the page keeps the same key (the app may have scanned it already).
    assert _key_from_setup_page(client) == _key_from_setup_page(client)


def test_a_wrong_setup_code_is_refused_with_a_message(personas: Personas) -> None:
    client = _english(personas.client("owner"))
    key = _key_from_setup_page(client)
    response = client.post(
        reverse("accounts:two_factor_setup"), {"code": totp(key, steps_ahead=20)}
    )
    assert response.status_code == 400
    assert "This code is not right" in response.content.decode()
    assert not TOTPDevice.objects.exists()


def test_setup_with_a_real_code_turns_two_factor_on_with_ten_recovery_codes(personas: Personas) -> None:
    client = personas.client("owner")
    key, codes = _turn_on(client)
    device = TOTPDevice.objects.get(user=personas.owner)
    assert device.confirmed
    assert device.bin_key == key
    assert sorted(StaticToken.objects.filter(device__user=personas.owner).values_list("token", flat=True)) == sorted(
        codes
    )
    assert AuditEvent.objects.filter(action="account.two_factor_enable", actor=personas.owner).count() == 1
    page = _english(client).get(reverse("accounts:account")).content.decode()
    assert "Two-factor sign-in is on." in page
    assert "10 unused recovery codes" in page


def test_new_recovery_codes_replace_the_old_ones(personas: Personas) -> None:
    client = personas.client("owner")
    _key, old = _turn_on(client)
    response = client.post(reverse("accounts:recovery_codes"))
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(new) == 10
    assert not set(new) & set(old)
    stored = set(StaticToken.objects.filter(device__user=personas.owner).values_list("token", flat=True))
    assert stored == set(new)
    assert AuditEvent.objects.filter(action="account.recovery_codes_regenerate").count() == 1


# --- Logging in with two-factor sign-in -----------------------------------------------------------


def test_login_needs_the_code_after_the_password(personas: Personas) -> None:
    key, _codes = _turn_on(personas.client("owner"))
    client = Client()
    _password_step(client, "owner@example.com")
    assert not _is_logged_in(client)  # the password alone does not log in
    # The next step's code: the current one was used to switch two-factor sign-in on.
    response = client.post(reverse("accounts:login_verify"), {"code": totp(key, steps_ahead=1)})
    assert response.status_code == 302
    assert response["Location"] == reverse("journey:dashboard")
    assert _is_logged_in(client)


def test_a_wrong_code_is_refused_then_throttled_then_the_right_code_works(personas: Personas) -> None:
    key, _codes = _turn_on(personas.client("owner"))
    client = _english(Client())
    _password_step(client, "owner@example.com", next_url=reverse("accounts:members"))
    response = client.post(
        reverse("accounts:login_verify"), {"code": totp(key, steps_ahead=30)}
    )
    assert response.status_code == 400
    assert "This code is not right" in response.content.decode()
    assert not _is_logged_in(client)
    # Straight after a wrong code even the right one is refused (django-otp's throttling) ...
    right = totp(key, steps_ahead=1)
    assert client.post(reverse("accounts:login_verify"), {"code": right}).status_code == 400
    # ... and accepted once the pause has passed; the user lands where they wanted to go.
    _unthrottle(personas.owner)
    response = client.post(reverse("accounts:login_verify"), {"code": right})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:members")


def test_a_code_cannot_be_used_twice(personas: Personas) -> None:
    key, _codes = _turn_on(personas.client("owner"))
    code = totp(key, steps_ahead=1)  # the setup used the current step's code
    first = Client()
    _password_step(first, "owner@example.com")
    assert first.post(reverse("accounts:login_verify"), {"code": code}).status_code == 302
    second = Client()
    _password_step(second, "owner@example.com")
    assert second.post(reverse("accounts:login_verify"), {"code": code}).status_code == 400
    assert not _is_logged_in(second)


def test_a_recovery_code_logs_in_once_and_is_recorded(personas: Personas) -> None:
    _key, codes = _turn_on(personas.client("owner"))
    client = Client()
    _password_step(client, "owner@example.com")
    response = client.post(reverse("accounts:login_verify"), {"code": codes[3].upper()[:4] + "-" + codes[3][4:]})
    assert response.status_code == 302
    assert _is_logged_in(client)
    assert AuditEvent.objects.get(action="account.recovery_code_use").changes == {"left": 9}
    again = Client()
    _password_step(again, "owner@example.com")
    assert again.post(reverse("accounts:login_verify"), {"code": codes[3]}).status_code == 400


def test_wrong_codes_send_the_user_back_to_the_password_and_count_towards_the_lockout(personas: Personas) -> None:
    _turn_on(personas.client("owner"))
    client = Client()
    _password_step(client, "owner@example.com")
    for attempt in range(3):
        _unthrottle(personas.owner)
        response = client.post(reverse("accounts:login_verify"), {"code": "000000"})
        assert response.status_code == (302 if attempt == 2 else 400)
    assert response["Location"] == reverse("accounts:login")
    assert client.get(reverse("accounts:login_verify"))["Location"] == reverse("accounts:login")
    # django-axes counts wrong codes like wrong passwords: the 5th failure locks the account out.
    _password_step(client, "owner@example.com")
    _unthrottle(personas.owner)
    assert client.post(reverse("accounts:login_verify"), {"code": "000000"}).status_code == 400
    _unthrottle(personas.owner)
    assert client.post(reverse("accounts:login_verify"), {"code": "000000"}).status_code == 429
    response = client.post(reverse("accounts:login"), {"username": "owner@example.com", "password": PASSWORD})
    assert response.status_code == 429
    assert not _is_logged_in(client)


def test_the_code_step_expires(personas: Personas, settings: object) -> None:
    key, _codes = _turn_on(personas.client("owner"))
    client = Client()
    _password_step(client, "owner@example.com")
    session = client.session
    pending = session["two_factor_pending"]
    pending["at"] -= 10 * 60
    session["two_factor_pending"] = pending
    session.save()
    response = client.post(reverse("accounts:login_verify"), {"code": totp(key, steps_ahead=1)})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert not _is_logged_in(client)


def test_code_step_without_a_password_step_goes_to_login(client: Client) -> None:
    response = client.post(reverse("accounts:login_verify"), {"code": "123456"})
    assert response["Location"] == reverse("accounts:login")


def test_users_without_two_factor_log_in_with_the_password_alone(personas: Personas) -> None:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "viewer@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("journey:dashboard")
    assert _is_logged_in(client)


def test_switching_off_needs_the_password(personas: Personas) -> None:
    client = _english(personas.client("owner"))
    _turn_on(client)
    response = client.post(reverse("accounts:two_factor_disable"), {"password": "nope"})
    assert response.status_code == 400
    assert TOTPDevice.objects.filter(user=personas.owner).exists()
    response = client.post(reverse("accounts:two_factor_disable"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=personas.owner).exists()
    assert not StaticToken.objects.filter(device__user=personas.owner).exists()
    assert AuditEvent.objects.filter(action="account.two_factor_disable").count() == 1


# --- Owners require two-factor sign-in ------------------------------------------------------------


def _require(client: Client, personas: Personas) -> object:
    return _english(client).post(
        reverse("accounts:organisation_settings"),
        {"name": personas.organisation.name, "language": "nl", "require_two_factor": "on"},
    )


def test_an_owner_without_two_factor_cannot_require_it(personas: Personas) -> None:
    response = _require(personas.client("owner"), personas)
    assert response.status_code == 400  # type: ignore[attr-defined]  # the form again, with the message
    assert "Set up two-factor sign-in for yourself first" in response.content.decode()  # type: ignore[attr-defined]
    personas.organisation.refresh_from_db()
    assert personas.organisation.require_two_factor is False


def test_members_of_an_organisation_that_requires_it_are_led_to_set_it_up(personas: Personas) -> None:
    owner = personas.client("owner")
    _turn_on(owner)
    assert _require(owner, personas).status_code == 302  # type: ignore[attr-defined]
    personas.organisation.refresh_from_db()
    assert personas.organisation.require_two_factor is True
    assert AuditEvent.objects.get(action="organisation.update").changes["require_two_factor"] == [False, True]
    assert _is_logged_in(owner)  # the owner has it: nothing changes

    viewer = personas.client("viewer")
    response = viewer.get(reverse("journey:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:two_factor_setup")
    # The API through the browser session says why; pages the user needs to set it up still work.
    api = viewer.get("/api/v1/me")
    assert api.status_code == 403
    assert "two-factor" in api.json()["detail"]
    assert viewer.get(reverse("accounts:account")).status_code == 200
    # The outsider (another organisation) is not affected.
    assert _is_logged_in(personas.client("outsider"))

    _turn_on(viewer)
    assert _is_logged_in(viewer)
    assert viewer.get("/api/v1/me").status_code == 200
    # While it is required, it cannot be switched off.
    response = viewer.post(reverse("accounts:two_factor_disable"), {"password": PASSWORD})
    assert response.status_code == 400
    assert TOTPDevice.objects.filter(user=personas.viewer).exists()


def test_api_tokens_are_not_blocked_by_the_requirement(personas: Personas) -> None:
    _token, plaintext = api_token_create(user=personas.viewer, name="script")
    personas.organisation.require_two_factor = True
    personas.organisation.save()
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    assert response.status_code == 200


# --- No secrets in logs ----------------------------------------------------------------------------


def test_no_key_code_or_password_reaches_a_log_or_a_url(personas: Personas, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    owner = personas.client("owner")
    key, codes = _turn_on(owner)
    client = Client()
    _password_step(client, "owner@example.com")
    code = totp(key, steps_ahead=1)
    response = client.post(reverse("accounts:login_verify"), {"code": code})
    secrets = [key.hex(), base64.b32encode(key).decode().rstrip("="), code, PASSWORD, *codes]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert not [s for s in secrets if s in logged]
    assert not [s for s in secrets if s in response["Location"]]
    events = "\n".join(str(e.changes) + e.target_label for e in AuditEvent.objects.all())
    assert not [s for s in secrets if s in events]
