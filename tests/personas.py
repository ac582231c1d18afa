"""Named personas used by every access test: an owner, an evaluator and a viewer of one
organisation, and an outsider who owns another organisation.

The role matrices add four advisers (docs/advisers.md), each the owner of their own adviser
organisation, made on first use (:meth:`Personas.adviser_world`): ``adviser_reader`` (the
organisation granted read access; their session is in it), ``adviser_alongside`` (granted to work
alongside; their session is in it), ``adviser_other`` (works alongside in the other organisation
only; their session is in their own adviser organisation) and ``adviser_revoked`` (whose access
to the organisation was revoked; their session is in their own adviser organisation)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test import Client

from partnerwijzer.accounts.access import SESSION_KEY
from partnerwijzer.accounts.models import AccessRole, AdviserAccess, Membership, Organisation, OrganisationKind, User
from partnerwijzer.accounts.roles import Role

PASSWORD = "correct-horse-battery-staple"


@dataclass
class Personas:
    organisation: Organisation
    other_organisation: Organisation
    owner: User
    evaluator: User
    viewer: User
    outsider: User

    memos: dict[str, Any] = field(default_factory=dict)

    def memo(self, key: str, factory: Callable[[], Any]) -> Any:
        """Make an object once per test (e.g. a selection that several URL parameters share)."""
        if key not in self.memos:
            self.memos[key] = factory()
        return self.memos[key]

    def speak(self, language: str) -> None:
        """Switch the organisation's language (its pages and texts follow it), e.g. ``"en"`` for
        assertions on the English source strings."""
        self.organisation.language = language
        self.organisation.save(update_fields=["language"])

    def user(self, name: str) -> User | None:
        if name in ADVISER_PERSONA_NAMES:
            return self.adviser_world()[name]
        return None if name == "anonymous" else getattr(self, name)

    def adviser_world(self) -> dict[str, User]:
        """The four adviser personas with their adviser organisations and grants (made once)."""
        return self.memo("adviser_world", lambda: make_advisers(self))

    def client(self, name: str) -> Client:
        client = Client()
        user = self.user(name)
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        if name in ADVISERS_IN_THE_ORGANISATION:
            session = client.session
            session[SESSION_KEY] = str(self.organisation.pk)
            session.save()
        return client


PERSONA_NAMES = ("anonymous", "outsider", "viewer", "evaluator", "owner")
ADVISER_PERSONA_NAMES = ("adviser_reader", "adviser_alongside", "adviser_other", "adviser_revoked")
ADVISERS_IN_THE_ORGANISATION = frozenset({"adviser_reader", "adviser_alongside"})
"""Advisers whose session has switched into the personas' organisation (their client)."""


def make_advisers(p: Personas) -> dict[str, User]:
    specs = [
        ("adviser_reader", OrganisationKind.CONSULTANCY, p.organisation, AccessRole.READ, False),
        ("adviser_alongside", OrganisationKind.HUB, p.organisation, AccessRole.ALONGSIDE, False),
        ("adviser_other", OrganisationKind.CHAMBER, p.other_organisation, AccessRole.ALONGSIDE, False),
        ("adviser_revoked", OrganisationKind.CONSULTANCY, p.organisation, AccessRole.ALONGSIDE, True),
    ]
    users = {}
    for name, kind, client, role, revoked in specs:
        adviser = Organisation.objects.create(name=f"{name.title()} Advies", language="nl", kind=kind)
        user = User.objects.create_user(email=f"{name}@example.com", password=PASSWORD, full_name=name.title())
        Membership.objects.create(user=user, organisation=adviser, role=Role.OWNER)
        grant = AdviserAccess.objects.create(client=client, adviser=adviser, role=role)
        if revoked:
            grant.revoked_at = grant.granted_at
            grant.save(update_fields=["revoked_at"])
        users[name] = user
    return users


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 with minimal cost: the same code path as production, at test speed."""

    time_cost = 1
    memory_cost = 64
    parallelism = 1


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["tests.personas.FastArgon2PasswordHasher"]


def make_personas() -> Personas:
    org = Organisation.objects.create(name="Van Dijk Machinebouw", language="nl")
    other = Organisation.objects.create(name="Other GmbH", language="de")
    users = {}
    for name, role, organisation in [
        ("owner", Role.OWNER, org),
        ("evaluator", Role.EVALUATOR, org),
        ("viewer", Role.VIEWER, org),
        ("outsider", Role.OWNER, other),
    ]:
        user = User.objects.create_user(email=f"{name}@example.com", password=PASSWORD, full_name=name.title())
        Membership.objects.create(user=user, organisation=organisation, role=role)
        users[name] = user
    return Personas(organisation=org, other_organisation=other, **users)


@pytest.fixture
def personas(db: None) -> Personas:
    return make_personas()
