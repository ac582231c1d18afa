from __future__ import annotations

import html as html_lib
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from partnerwijzer.accounts.models import Membership, Organisation, User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.audit.models import AuditEvent
from tests.personas import PASSWORD, Personas

pytestmark = pytest.mark.django_db

SIGNUP = {
    "full_name": "Eva de Boer", "email": "Eva@Example.com", "organisation_name": "De Boer Logistiek",
    "password1": "a-long-unusual-passphrase", "password2": "a-long-unusual-passphrase",
}


def test_signup_creates_user_organisation_and_owner_membership(client: Client) -> None:
    response = client.post(reverse("accounts:signup"), SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == reverse("journey:dashboard")
    user = User.objects.get(email="eva@example.com")
    membership = Membership.objects.get(user=user)
    assert membership.role == Role.OWNER
    assert membership.organisation.name == "De Boer Logistiek"
    assert membership.organisation.language == "nl"  # Dutch unless the visitor chose otherwise
    assert user.password.startswith("argon2")
    assert AuditEvent.objects.filter(organisation=membership.organisation, action="organisation.create").exists()
    assert client.get(reverse("journey:dashboard")).status_code == 200


def test_signup_in_german_creates_a_german_organisation(client: Client) -> None:
    client.post(reverse("accounts:signup"), SIGNUP, HTTP_ACCEPT_LANGUAGE="de")
    assert Organisation.objects.get(name="De Boer Logistiek").language == "de"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"password2": "something-else-entirely"}, "password2"),
        ({"password1": "short", "password2": "short"}, "password1"),
        ({"email": "not-an-address"}, "email"),
        ({"organisation_name": ""}, "organisation_name"),
    ],
)
def test_bad_signup_shows_errors_keeps_input_and_creates_nothing(client: Client, change: dict[str, str],
                                                                 field: str) -> None:
    response = client.post(reverse("accounts:signup"), {**SIGNUP, **change})
    assert response.status_code == 400  # polish3 item 4: like every other form of the app
    assert field in response.context["form"].errors
    assert User.objects.count() == 0
    assert Organisation.objects.count() == 0
    assert 'value="Eva de Boer"' in response.content.decode()
    assert 'class="error-summary"' in response.content.decode()


def test_signup_with_existing_address_is_refused(client: Client, personas: Personas) -> None:
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "email": "OWNER@example.com"})
    assert response.status_code == 400
    assert "email" in response.context["form"].errors
    assert Organisation.objects.count() == 2


def test_login_with_email_and_password(client: Client, personas: Personas) -> None:
    response = client.post(reverse("accounts:login"), {"username": "owner@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("journey:dashboard")).status_code == 200


def test_wrong_password_gives_a_plain_message(client: Client, personas: Personas) -> None:
    response = client.post(reverse("accounts:login"), {"username": "owner@example.com", "password": "wrong"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_after_repeated_failures(client: Client, personas: Personas) -> None:
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "owner@example.com", "password": "wrong"})
    # Even the right password is refused while locked out.
    response = client.post(reverse("accounts:login"), {"username": "owner@example.com", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_logout_requires_post_and_ends_the_session(personas: Personas) -> None:
    client = personas.client("owner")
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("journey:dashboard")).status_code == 302


def test_password_reset_sends_a_link_that_works(client: Client, personas: Personas, mailoutbox: list,
                                                django_capture_on_commit_callbacks: Any) -> None:
    """The e-mail is queued in the outbox, not sent while the request waits (an absent mail server
    held or failed the page and nothing retried); the worker sends it, and its link works."""
    from partnerwijzer.outbox import delivery
    from partnerwijzer.outbox.models import Message

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "viewer@example.com"},
                               HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 302
    assert mailoutbox == []  # nothing went to the mail server during the request
    message = Message.objects.get(to_email="viewer@example.com")
    assert (message.essential, message.to_user, message.language) == (True, personas.viewer, "nl")
    assert message.subject == "Uw Partnerwijzer-wachtwoord opnieuw instellen"  # Dutch, no link, no token
    assert "/accounts/reset/" in message.body_text
    assert delivery.deliver(str(message.pk))
    assert len(mailoutbox) == 1
    link = next(line for line in mailoutbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "another-good-passphrase",
                                      "new_password2": "another-good-passphrase"})
    assert response.status_code == 302
    personas.viewer.refresh_from_db()
    assert personas.viewer.check_password("another-good-passphrase")


def test_password_reset_of_a_person_in_no_organisation_goes_through_the_outbox_too(
        client: Client, mailoutbox: list, django_capture_on_commit_callbacks: Any,
        caplog: pytest.LogCaptureFixture) -> None:
    """polish3 item 8: a person who left every organisation was sent the link while the request
    waited (every outbox message belonged to an organisation). Now the outbox holds it, filed under
    no organisation, and the worker sends it; no token in the subject or the log."""
    from partnerwijzer.outbox import delivery
    from partnerwijzer.outbox.models import Message

    lonely = User.objects.create_user(email="lonely@example.com", password=PASSWORD)
    with caplog.at_level("DEBUG"), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "lonely@example.com"},
                               HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 302
    assert mailoutbox == []  # nothing went to the mail server during the request
    message = Message.objects.get(to_email="lonely@example.com")
    assert (message.organisation, message.to_user, message.language) == (None, lonely, "de")
    link = next(line for line in message.body_text.splitlines() if "/accounts/reset/" in line)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert len(token) > 10
    assert "/accounts/reset/" not in message.subject
    with caplog.at_level("DEBUG"):
        assert delivery.deliver(str(message.pk))
    assert len(mailoutbox) == 1
    assert "/accounts/reset/" in mailoutbox[0].body
    assert "/accounts/reset/" not in mailoutbox[0].subject
    assert token in mailoutbox[0].body
    assert token not in mailoutbox[0].subject
    assert token not in caplog.text
    message.refresh_from_db()
    assert token not in message.body_text  # masked once sent


def test_user_without_organisation_is_sent_to_create_one(db: None) -> None:
    user = User.objects.create_user(email="lonely@example.com", password=PASSWORD)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("journey:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:organisation_create")
    response = client.post(reverse("accounts:organisation_create"), {"name": "Solo BV", "language": "en"})
    assert response.status_code == 302
    assert Membership.objects.get(user=user).role == Role.OWNER


def test_client_ip_behind_proxy_trusts_only_the_proxys_entry(rf, settings) -> None:  # type: ignore[no-untyped-def]
    from partnerwijzer.accounts.client_ip import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="127.0.0.1")
    settings.BEHIND_PROXY = False
    assert client_ip(request) == "127.0.0.1"
    settings.BEHIND_PROXY = True
    assert client_ip(request) == "203.0.113.9"


@pytest.mark.parametrize("language", ["nl", "de"])
@pytest.mark.parametrize("password", ["kort", "password123", "12345678901234", "eva@example.com"])
def test_a_refused_password_is_explained_in_the_visitors_language(client: Client, language: str,
                                                                  password: str) -> None:
    """Django 6 changed the wording of the minimum-length message; its Dutch catalogue still had
    the old one, so a new Dutch user read "This password is too short..." in English."""
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "password1": password, "password2": password},
                           HTTP_ACCEPT_LANGUAGE=language)
    messages = response.context["form"].errors["password1"]
    english = client.post(reverse("accounts:signup"), {**SIGNUP, "password1": password, "password2": password},
                          HTTP_ACCEPT_LANGUAGE="en").context["form"].errors["password1"]
    assert messages
    assert not set(messages) & set(english), (language, messages)
    assert User.objects.count() == 0


def test_a_nul_character_in_sign_up_is_named_once_per_field(client: Client) -> None:
    """Django's own "Null characters are not allowed." came beside the project's control-character
    message at every text field, so a NUL in the company name showed two messages for one problem."""
    data = {**SIGNUP, "organisation_name": "De\x00Boer", "full_name": "Eva\x00"}
    response = client.post(reverse("accounts:signup"), data, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 400  # the sign-up form answers its errors with 400, like every form
    form = response.context["form"]
    control = "De tekst bevat een onzichtbaar stuurteken (zoals NUL)."
    for field in ("organisation_name", "full_name"):
        assert len(form.errors[field]) == 1
        assert form.errors[field][0].startswith(control)
    html = response.content.decode()
    assert "Null-tekens" not in html
    assert not User.objects.exists()


@pytest.mark.parametrize("language", ["nl", "de"])
def test_sign_up_and_new_organisation_answer_bad_input_with_400_in_the_visitors_language(
        client: Client, personas: Personas, language: str) -> None:
    """polish3 item 4: the sign-up (and the new-organisation form) re-rendered their errors with 200,
    while every other form of the app answers 400; nothing is stored either way."""
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "organisation_name": ""},
                           HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    required = {"nl": "Dit veld is verplicht.", "de": "Dieses Feld ist erforderlich."}[language]
    assert response.context["form"].errors["organisation_name"] == [required]
    assert not User.objects.filter(email=SIGNUP["email"]).exists()
    owner = personas.client("owner")
    count = Organisation.objects.count()
    created = owner.post(reverse("accounts:organisation_create"), {"name": "", "language": "nl"},
                         HTTP_ACCEPT_LANGUAGE=language)
    assert created.status_code == 400
    assert created.context["form"].errors["name"]
    assert Organisation.objects.count() == count


@pytest.mark.parametrize(
    ("language", "expected", "required"),
    [
        ("nl", ["Uw naam", "Zakelijk e-mailadres", "Bedrijfsnaam", "Wachtwoord", "Wachtwoord herhalen"],
         "Dit veld is verplicht."),
        ("de", ["Ihr Name", "Geschäftliche E-Mail-Adresse", "Firmenname", "Passwort", "Passwort wiederholen"],
         "Dieses Feld ist erforderlich."),
    ],
)
def test_error_summary_names_each_field_it_complains_about(client: Client, language: str, expected: list[str],
                                                           required: str) -> None:
    response = client.post(reverse("accounts:signup"), dict.fromkeys(SIGNUP, ""), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    html = response.content.decode()
    summary = html[html.index('class="error-summary"'):]
    summary = summary[:summary.index("</div>")]
    items = [html_lib.unescape(text) for text in re.findall(r'<li><a href="#[^"]+">(.*?)</a></li>', summary)]
    assert items == [f"{label}: {required}" for label in expected]
    assert '<a href="#id_full_name">' in summary  # still links to its field
