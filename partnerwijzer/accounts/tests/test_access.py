"""The access module: one uniform 404 across tenants, 403 only inside one's own organisation."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from partnerwijzer.accounts.access import NOT_FOUND_MESSAGE, membership_for_user, object_for_user
from partnerwijzer.accounts.models import Invitation, Membership
from partnerwijzer.accounts.roles import Role
from partnerwijzer.accounts.services import invitation_create
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _invitation(personas: Personas) -> Invitation:
    return invitation_create(
        actor=personas.owner, organisation=personas.organisation, email="x@example.com", role="viewer"
    ).invitation


@pytest.mark.parametrize("object_id", ["not-a-uuid", "", None, "3f1c2b7e-0000-4000-8000-000000000000"])
def test_missing_or_malformed_ids_are_the_uniform_404(personas: Personas, object_id: object) -> None:
    with pytest.raises(Http404, match=NOT_FOUND_MESSAGE):
        object_for_user(personas.owner, Invitation.objects.all(), object_id)


def test_another_organisations_object_is_the_same_404(personas: Personas) -> None:
    invitation = _invitation(personas)
    with pytest.raises(Http404, match=NOT_FOUND_MESSAGE):
        object_for_user(personas.outsider, Invitation.objects.all(), invitation.pk)


def test_members_get_the_object_and_too_small_a_role_is_403(personas: Personas) -> None:
    invitation = _invitation(personas)
    assert object_for_user(personas.viewer, Invitation.objects.all(), str(invitation.pk)) == invitation
    with pytest.raises(PermissionDenied):
        object_for_user(personas.viewer, Invitation.objects.all(), invitation.pk, role=Role.OWNER)
    assert object_for_user(personas.owner, Invitation.objects.all(), invitation.pk, role=Role.OWNER) == invitation


def test_nested_organisation_path(personas: Personas) -> None:
    membership = Membership.objects.get(user=personas.viewer)
    found = object_for_user(personas.evaluator, Membership.objects.all(), membership.pk)
    assert found == membership
    with pytest.raises(Http404):
        object_for_user(personas.outsider, Membership.objects.all(), membership.pk)


def test_membership_for_user_never_trusts_a_foreign_organisation(personas: Personas) -> None:
    with pytest.raises(Http404):
        membership_for_user(personas.viewer, personas.other_organisation.pk)
    assert membership_for_user(personas.viewer, personas.organisation.pk).role == Role.VIEWER
