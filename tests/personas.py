"""Named personas used by every access test: an owner, an evaluator and a viewer of one
organisation, and an outsider who owns another organisation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test import Client

from partnerwijzer.accounts.models import Membership, Organisation, User
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
        return None if name == "anonymous" else getattr(self, name)

    def client(self, name: str) -> Client:
        client = Client()
        user = self.user(name)
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client


PERSONA_NAMES = ("anonymous", "outsider", "viewer", "evaluator", "owner")


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
