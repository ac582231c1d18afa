from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnerwijzer import formatting
from partnerwijzer.accounts.models import Invitation, Membership, User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.accounts.services import invitation_create
from partnerwijzer.accounts.tokens import hash_token
from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.outbox import delivery
from tests.personas import PASSWORD, Personas

pytestmark = pytest.mark.django_db


def _invite(personas: Personas, email: str = "newcomer@example.com", role: str = "evaluator") -> str:
    return invitation_create(actor=personas.owner, organisation=personas.organisation, email=email, role=role).token


def test_owner_creates_invitation_link_shown_once_and_stored_hashed(personas: Personas, mailoutbox: list) -> None:
    client = personas.client("owner")
    response = client.post(reverse("accounts:invitation_create"), {"email": "New@Example.com", "role": "viewer"})
    assert response.status_code == 200
    link = response.context["new_invitation_link"]
    token = link.rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get(organisation=personas.organisation)
    assert invitation.email == "new@example.com"
    assert invitation.token_hash == hash_token(token)
    assert token not in invitation.token_hash
    assert len(token) >= 40
    assert mailoutbox == []  # queued in the outbox: the owner does not wait for the mail server
    assert delivery.send_due() == 1
    # The page shows the link on the host the owner uses; the e-mail on the site's public address.
    assert link == f"http://testserver/invitations/{token}/"
    assert f"{settings.PARTNERWIJZER_SITE_URL.rstrip('/')}/invitations/{token}/" in mailoutbox[0].body
    # A second view of the page does not show the link again.
    assert link not in client.get(reverse("accounts:members")).content.decode()


def test_the_invitation_mail_says_until_when_in_words_not_iso(personas: Personas, mailoutbox: list) -> None:
    """Issue 11, finding 15: the e-mail read "expires on 2026-12-21" in a Dutch organisation."""
    personas.client("owner").post(reverse("accounts:invitation_create"), {"email": "ruud@example.com",
                                                                          "role": "evaluator"})
    expires = timezone.localtime(Invitation.objects.get(email="ruud@example.com").expires_at).date()
    delivery.send_due()
    body = mailoutbox[0].body
    assert formatting.long_date(expires, language="nl") in body
    assert expires.isoformat() not in body


def test_invitation_for_an_existing_member_is_refused(personas: Personas) -> None:
    response = personas.client("owner").post(reverse("accounts:invitation_create"),
                                              {"email": "viewer@example.com", "role": "owner"})
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_new_person_accepts_invitation_by_creating_an_account(personas: Personas) -> None:
    token = _invite(personas)
    client = Client()
    url = reverse("accounts:invitation_accept", args=[token])
    response = client.post(url, {"full_name": "New Person", "password1": "fresh-strong-passphrase",
                                 "password2": "fresh-strong-passphrase"})
    assert response.status_code == 302
    user = User.objects.get(email="newcomer@example.com")
    assert Membership.objects.get(user=user, organisation=personas.organisation).role == Role.EVALUATOR
    # Single use: the link is dead now.
    assert Client().get(url).status_code == 404


def test_existing_user_accepts_when_logged_in_with_the_invited_address(personas: Personas) -> None:
    token = _invite(personas, email="outsider@example.com", role="viewer")
    client = personas.client("outsider")
    response = client.post(reverse("accounts:invitation_accept", args=[token]))
    assert response.status_code == 302
    assert Membership.objects.filter(user=personas.outsider).count() == 2


def test_invitation_for_someone_else_cannot_be_accepted(personas: Personas) -> None:
    token = _invite(personas, email="somebody@example.com")
    response = personas.client("outsider").post(reverse("accounts:invitation_accept", args=[token]))
    assert response.status_code == 400
    assert not Membership.objects.filter(user=personas.outsider, organisation=personas.organisation).exists()
    assert Invitation.objects.get().accepted_at is None


@pytest.mark.parametrize("state", ["expired", "revoked", "unknown"])
def test_unusable_invitations_all_look_the_same(personas: Personas, state: str) -> None:
    token = _invite(personas)
    invitation = Invitation.objects.get()
    if state == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    elif state == "revoked":
        personas.client("owner").post(reverse("accounts:invitation_revoke", args=[invitation.pk]))
    else:
        token = "x" * 43
    response = Client().get(reverse("accounts:invitation_accept", args=[token]))
    assert response.status_code == 404
    assert "accounts/invitation_invalid.html" in [t.name for t in response.templates]


def test_owner_changes_role_and_it_is_audited(personas: Personas) -> None:
    membership = Membership.objects.get(user=personas.viewer)
    response = personas.client("owner").post(reverse("accounts:member_role", args=[membership.pk]),
                                             {"role": "evaluator"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.EVALUATOR
    event = AuditEvent.objects.get(action="member.role_change")
    assert event.actor == personas.owner
    assert event.changes == {"role": ["viewer", "evaluator"]}


def test_last_owner_cannot_step_down_or_be_removed(personas: Personas) -> None:
    own = Membership.objects.get(user=personas.owner)
    client = personas.client("owner")
    client.post(reverse("accounts:member_role", args=[own.pk]), {"role": "viewer"})
    client.post(reverse("accounts:member_remove", args=[own.pk]))
    own.refresh_from_db()
    assert own.role == Role.OWNER


def test_invalid_role_changes_nothing(personas: Personas) -> None:
    membership = Membership.objects.get(user=personas.viewer)
    personas.client("owner").post(reverse("accounts:member_role", args=[membership.pk]), {"role": "admin"})
    membership.refresh_from_db()
    assert membership.role == Role.VIEWER


def test_remove_asks_for_confirmation_then_removes(personas: Personas) -> None:
    membership = Membership.objects.get(user=personas.evaluator)
    client = personas.client("owner")
    url = reverse("accounts:member_remove", args=[membership.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Evaluator" in page.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    client.post(url)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.filter(action="member.remove").exists()


def test_outsider_gets_the_same_404_for_other_org_object_and_missing_one(personas: Personas) -> None:
    client = personas.client("outsider")
    real = Membership.objects.get(user=personas.viewer).pk
    other = client.get(reverse("accounts:member_remove", args=[real]))
    missing = client.get(reverse("accounts:member_remove", args=["00000000-0000-0000-0000-000000000000"]))
    assert other.status_code == missing.status_code == 404
    assert other.content == missing.content


def test_user_in_two_organisations_switches(personas: Personas) -> None:
    Membership.objects.create(user=personas.viewer, organisation=personas.other_organisation, role=Role.OWNER)
    client = personas.client("viewer")
    assert client.get(reverse("journey:dashboard")).context["organisation"] == personas.organisation
    response = client.post(reverse("accounts:organisation_switch"), {"organisation": personas.other_organisation.pk})
    assert response.status_code == 302
    assert client.get(reverse("journey:dashboard")).context["organisation"] == personas.other_organisation
    # Now an owner there, a viewer here: the role follows the organisation.
    assert client.get(reverse("accounts:organisation_settings")).status_code == 200


def test_switching_to_a_foreign_organisation_is_a_404(personas: Personas) -> None:
    client = personas.client("viewer")
    response = client.post(reverse("accounts:organisation_switch"), {"organisation": personas.other_organisation.pk})
    assert response.status_code == 404
    assert client.get(reverse("journey:dashboard")).context["organisation"] == personas.organisation


def test_settings_update_by_owner(personas: Personas) -> None:
    client = personas.client("owner")
    response = client.post(reverse("accounts:organisation_settings"), {"name": "Van Dijk BV", "language": "de"})
    assert response.status_code == 302
    personas.organisation.refresh_from_db()
    assert personas.organisation.name == "Van Dijk BV"
    assert personas.organisation.language == "de"


def test_settings_with_bad_language_changes_nothing(personas: Personas) -> None:
    client = personas.client("owner")
    response = client.post(reverse("accounts:organisation_settings"), {"name": "Changed", "language": "fr"})
    assert response.status_code == 400  # a form re-rendered with errors is a 400 everywhere (polish3 item 4)
    personas.organisation.refresh_from_db()
    assert personas.organisation.name == "Van Dijk Machinebouw"


def test_login_page_password_is_argon2(personas: Personas) -> None:
    assert personas.owner.password.startswith("argon2$")
    assert personas.owner.check_password(PASSWORD)
