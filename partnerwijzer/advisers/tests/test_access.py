"""Client access by consent (issue 17 item 2): grants resolved in accounts/access.py only, both
sides see every grant and revocation, a revoked grant refuses the very next request, no crossing
between clients, no seat in a client's scoring."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnerwijzer.accounts.access import membership_of, memberships_of
from partnerwijzer.accounts.models import AccessRole, AdviserAccess, Invitation, Membership, Organisation, User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.accounts.services import adviser_access_revoke, client_create, invitation_accept
from partnerwijzer.advisers.tests.builders import grant, make_adviser, signed_in
from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.evaluation.access import results_visible
from partnerwijzer.evaluation.scoring.services import evaluator_add
from partnerwijzer.sourcing.services import selection_create
from tests.personas import Personas

pytestmark = pytest.mark.usefixtures("english")


def test_read_grant_acts_as_viewer_and_alongside_as_owner_without_ownership(personas: Personas) -> None:
    adviser, user = make_adviser()
    assert membership_of(user, personas.organisation.pk) is None
    grant(personas.organisation, adviser, AccessRole.READ, actor=personas.owner)
    acting = membership_of(user, personas.organisation.pk)
    assert acting is not None
    assert acting.role == Role.VIEWER
    assert acting.grant is not None
    grant(personas.organisation, adviser, AccessRole.ALONGSIDE, actor=personas.owner)
    acting = membership_of(user, personas.organisation.pk)
    assert acting is not None
    assert acting.role == Role.OWNER
    assert not acting.holds_organisation
    assert not acting.manages_organisation
    # The change of role revoked the read grant and made a new one: both stay on record.
    assert AdviserAccess.objects.filter(client=personas.organisation, adviser=adviser).count() == 2
    client = signed_in(user, personas.organisation)
    assert client.get(reverse("accounts:organisation_settings")).status_code == 403
    assert client.get(reverse("planning:usecase_create")).status_code == 200


def test_adviser_role_is_capped_by_their_own_role_in_the_adviser_organisation(personas: Personas) -> None:
    adviser, user = make_adviser()
    Membership.objects.filter(user=user).update(role=Role.VIEWER)
    grant(personas.organisation, adviser, AccessRole.ALONGSIDE)
    acting = membership_of(user, personas.organisation.pk)
    assert acting is not None
    assert acting.role == Role.VIEWER


def test_grant_and_revocation_are_audited_on_both_sides_and_shown_on_both_pages(personas: Personas) -> None:
    personas.speak("en")
    adviser, user = make_adviser()
    owner = personas.client("owner")
    response = owner.post(reverse("advisers:access_grant"), {"adviser": str(adviser.pk), "role": "alongside"})
    assert response.status_code == 302
    access = AdviserAccess.objects.get(client=personas.organisation, adviser=adviser, revoked_at__isnull=True)
    for organisation in (personas.organisation, adviser):
        assert AuditEvent.objects.filter(organisation=organisation, action="adviser_access.grant").count() == 1
    confirm = owner.get(reverse("advisers:access_revoke", args=[access.pk]))
    assert confirm.status_code == 200
    assert b"Yes, revoke access" in confirm.content
    assert owner.post(reverse("advisers:access_revoke", args=[access.pk])).status_code == 302
    access.refresh_from_db()
    assert access.revoked_at is not None
    assert access.revoked_by == personas.owner
    for organisation in (personas.organisation, adviser):
        assert AuditEvent.objects.filter(organisation=organisation, action="adviser_access.revoke").count() == 1
    client_page = owner.get(reverse("advisers:access")).content.decode()
    adviser_page = signed_in(user).get(reverse("advisers:clients")).content.decode()
    assert "Hub Twente" in client_page
    assert "Van Dijk Machinebouw" in adviser_page
    assert reverse("advisers:access_revoke", args=[access.pk]) not in client_page  # nothing left to revoke


def test_revoked_grant_refuses_the_very_next_request_with_a_clear_page(personas: Personas) -> None:
    adviser, user = make_adviser()
    access = grant(personas.organisation, adviser, actor=personas.owner)
    client = signed_in(user, personas.organisation)
    assert client.get(reverse("sourcing:selection_list")).status_code == 200
    adviser_access_revoke(actor=personas.owner, grant=access)
    refused = client.get(reverse("sourcing:selection_list"))
    assert refused.status_code == 403
    assert "Access withdrawn" in refused.content.decode()
    assert "revoked the access of Hub Twente" in refused.content.decode()
    # Afterwards the adviser is back in their own organisation; the client's pages are the uniform 404.
    selection = selection_create(actor=personas.owner, organisation=personas.organisation, title="Vision")
    assert client.get(reverse("sourcing:selection_detail", args=[selection.pk])).status_code == 404
    api = client.get(f"/api/v1/organisations/{personas.organisation.pk}/members")
    assert api.status_code == 404


def test_no_crossing_from_one_client_to_another(personas: Personas) -> None:
    adviser, user = make_adviser()
    grant(personas.organisation, adviser)
    other_client = Organisation.objects.create(name="Second Client")
    grant(other_client, adviser)
    theirs = selection_create(actor=personas.outsider, organisation=personas.other_organisation, title="Not yours")
    second = selection_create(actor=personas.owner, organisation=personas.organisation, title="First client's")
    client = signed_in(user, other_client)
    # In the second client's session, the first client's selection is the uniform 404 ...
    assert client.get(reverse("sourcing:selection_detail", args=[second.pk])).status_code == 404
    # ... and an organisation that granted nothing stays unreachable, in pages and the API alike.
    assert client.get(reverse("sourcing:selection_detail", args=[theirs.pk])).status_code == 404
    assert client.get(f"/api/v1/organisations/{personas.other_organisation.pk}").status_code == 404
    assert {m.organisation_id for m in memberships_of(user)} == {adviser.pk, personas.organisation.pk, other_client.pk}


def test_an_adviser_never_holds_a_seat_so_blind_scores_stay_hidden(personas: Personas) -> None:
    adviser, user = make_adviser()
    grant(personas.organisation, adviser)
    selection = selection_create(actor=personas.owner, organisation=personas.organisation, title="Vision")
    with pytest.raises(ValidationError):
        evaluator_add(actor=personas.owner, selection=selection, user=user)
    acting = membership_of(user, personas.organisation.pk)
    assert acting is not None
    assert acting.role == Role.OWNER
    assert results_visible(acting, selection, None) is False


def test_adviser_creates_a_client_whose_owner_then_holds_it(personas: Personas) -> None:
    adviser, user = make_adviser()
    response = signed_in(user).post(reverse("advisers:client_create"), {
        "name": "Bakkerij Jansen", "language": "nl", "owner_email": "baker@example.com"})
    assert response.status_code == 200
    assert b"/invitations/" in response.content
    client_org = Organisation.objects.get(name="Bakkerij Jansen")
    assert not client_org.memberships.exists()
    access = AdviserAccess.objects.get(client=client_org)
    assert access.role == AccessRole.ALONGSIDE
    assert access.created_client
    assert access.adviser == adviser
    invitation = Invitation.objects.get(organisation=client_org)
    assert invitation.role == Role.OWNER
    assert invitation.email == "baker@example.com"
    token = response.context["link"].rstrip("/").rsplit("/", 1)[-1]
    baker = User.objects.create_user(email="baker@example.com", password="x" * 12)
    assert invitation_accept(user=baker, token=token).role == Role.OWNER
    owner_client = signed_in(baker, client_org)
    assert owner_client.post(reverse("advisers:access_revoke", args=[access.pk])).status_code == 302
    assert membership_of(user, client_org.pk) is None


def test_client_create_refuses_bad_input_and_stores_nothing(personas: Personas) -> None:
    _adviser, user = make_adviser()
    response = signed_in(user).post(reverse("advisers:client_create"), {
        "name": "", "language": "nl", "owner_email": "not-an-address"})
    assert response.status_code == 400
    assert Organisation.objects.count() == 3
    with pytest.raises(ValidationError):
        client_create(actor=personas.owner, adviser=personas.organisation, name="X", language="nl",
                      owner_email="a@example.com")


def test_api_grant_and_revoke(personas: Personas) -> None:
    adviser, user = make_adviser()
    owner = personas.client("owner")
    url = f"/api/v1/organisations/{personas.organisation.pk}/adviser-access"
    bad = owner.post(url, json.dumps({"adviser_id": str(personas.other_organisation.pk), "role": "read"}),
                     content_type="application/json")
    assert bad.status_code == 422
    assert not AdviserAccess.objects.exists()
    made = owner.post(url, json.dumps({"adviser_id": str(adviser.pk), "role": "read"}), content_type="application/json")
    assert made.status_code == 200
    assert made.json()["role"] == "read"
    listed = signed_in(user).get(url).json()
    assert [g["adviser_name"] for g in listed] == ["Hub Twente"]
    revoked = owner.post(f"{url}/{made.json()['id']}/revoke")
    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    assert signed_in(user).get(url).status_code == 404


def test_a_new_organisation_can_be_an_adviser_organisation(personas: Personas) -> None:
    owner = personas.client("owner")
    response = owner.post(reverse("accounts:organisation_create"), {"name": "Kamer Noord", "language": "nl",
                                                                   "kind": "chamber"})
    assert response.status_code == 302
    assert response["Location"] == reverse("advisers:portfolio")
    chamber = Organisation.objects.get(name="Kamer Noord")
    assert chamber.is_adviser
    assert chamber.memberships.get().user == personas.owner
    assert owner.get(reverse("advisers:portfolio")).status_code == 200  # the session switched to it
    bad = owner.post(reverse("accounts:organisation_create"), {"name": "X", "language": "nl", "kind": "guild"})
    assert bad.status_code == 400
    assert not Organisation.objects.filter(name="X").exists()
