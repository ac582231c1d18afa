"""When a client revokes an adviser organisation's access, its advisers are told through the
outbox, each in their language, and the revocation shows on their portfolio (issue 17)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerwijzer.accounts.models import AccessRole, AdviserAccess, Membership, User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.accounts.services import adviser_access_revoke
from partnerwijzer.advisers.tests.builders import grant, make_adviser, signed_in
from partnerwijzer.outbox.models import Message
from tests.personas import PASSWORD, Personas

pytestmark = pytest.mark.usefixtures("english")


def test_revoking_tells_every_adviser_in_their_language_and_shows_on_the_portfolio(personas: Personas) -> None:
    adviser, user = make_adviser()
    dutch = User.objects.create_user(email="Adviseur@Example.com", password=PASSWORD, full_name="Bram",
                                     language="nl")
    Membership.objects.create(user=dutch, organisation=adviser, role=Role.VIEWER)
    access = grant(personas.organisation, adviser)
    owner = signed_in(personas.owner, personas.organisation)
    assert owner.get(reverse("advisers:access_revoke", args=[access.pk])).status_code == 200  # asks first
    assert not Message.objects.exists()
    response = owner.post(reverse("advisers:access_revoke", args=[access.pk]))
    assert response.status_code == 302
    messages = {m.to_email: m for m in Message.objects.all()}
    assert set(messages) == {"adviser@example.com", "adviseur@example.com"}
    english, nederlands = messages["adviser@example.com"], messages["adviseur@example.com"]
    assert english.subject == "Access to Van Dijk Machinebouw withdrawn"
    assert english.language == "en"
    assert english.organisation_id == adviser.pk  # the client's outbox never lists its advisers' addresses
    assert english.to_user_id == user.pk
    assert "The owners of Van Dijk Machinebouw withdrew the access of Hub Twente on" in english.body_text
    assert english.body_text.rstrip().endswith(reverse("advisers:portfolio"))
    assert nederlands.language == "nl"
    assert nederlands.subject == "Toegang tot Van Dijk Machinebouw ingetrokken"
    page = signed_in(user).get(reverse("advisers:portfolio")).content.decode()
    section = page[page.index('id="withdrawn"'):]
    assert "The owners of Van Dijk Machinebouw withdrew your organisation's access on" in section
    # Revoking again changes nothing and sends nothing more.
    owner.post(reverse("advisers:access_revoke", args=[access.pk]))
    assert Message.objects.count() == 2


def test_a_change_of_role_tells_nobody_and_a_regrant_leaves_the_withdrawn_list(personas: Personas) -> None:
    adviser, user = make_adviser()
    grant(personas.organisation, adviser, AccessRole.ALONGSIDE, actor=personas.owner)
    grant(personas.organisation, adviser, AccessRole.READ, actor=personas.owner)  # revokes and grants anew
    assert not Message.objects.exists()
    assert 'id="withdrawn"' not in signed_in(user).get(reverse("advisers:portfolio")).content.decode()
    active = AdviserAccess.objects.get(client=personas.organisation, revoked_at__isnull=True)
    adviser_access_revoke(actor=personas.owner, grant=active)
    assert Message.objects.count() == 1
    assert 'id="withdrawn"' in signed_in(user).get(reverse("advisers:portfolio")).content.decode()
    grant(personas.organisation, adviser, AccessRole.READ, actor=personas.owner)
    assert 'id="withdrawn"' not in signed_in(user).get(reverse("advisers:portfolio")).content.decode()
