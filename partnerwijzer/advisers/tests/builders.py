"""Test data of adviser mode: an adviser organisation with its adviser, and grants."""

from __future__ import annotations

from django.test import Client

from partnerwijzer.accounts.access import SESSION_KEY
from partnerwijzer.accounts.models import AccessRole, AdviserAccess, Membership, Organisation, OrganisationKind, User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.accounts.services import adviser_access_grant
from tests.personas import PASSWORD


def make_adviser(name: str = "Hub Twente", *, email: str = "adviser@example.com",
                 language: str = "en") -> tuple[Organisation, User]:
    adviser = Organisation.objects.create(name=name, language=language, kind=OrganisationKind.HUB)
    user = User.objects.create_user(email=email, password=PASSWORD, full_name="Femke Adviser", language=language)
    Membership.objects.create(user=user, organisation=adviser, role=Role.OWNER)
    return adviser, user


def grant(client: Organisation, adviser: Organisation, role: str = AccessRole.ALONGSIDE,
          actor: User | None = None) -> AdviserAccess:
    return adviser_access_grant(actor=actor, client=client, adviser=adviser, role=role)


def signed_in(user: User, organisation: Organisation | None = None) -> Client:
    """A browser session of ``user``, switched into ``organisation`` if given."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if organisation is not None:
        session = client.session
        session[SESSION_KEY] = str(organisation.pk)
        session.save()
    return client
