"""The demo organisation that `make run` loads: a machine builder looking for an AI partner.

Idempotent: running it again adds what is missing and changes nothing that exists, so a
demo user's own changes survive restarts.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from partnerwijzer.accounts.models import Membership, Organisation, User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.audit.services import audit_record

DEMO_PASSWORD = "partnerwijzer-demo"  # noqa: S105 - the published demo login
DEMO_OWNER_EMAIL = "demo@partnerwijzer.example"
DEMO_ORGANISATION = "Van Dijk Machinebouw B.V. (demo)"

# (e-mail, name, role): the owner runs the selection; three colleagues score; one reads along.
DEMO_PEOPLE = [
    (DEMO_OWNER_EMAIL, "Sanne van Dijk", Role.OWNER),
    ("pieter.bakker@partnerwijzer.example", "Pieter Bakker", Role.EVALUATOR),
    ("anna.schmidt@partnerwijzer.example", "Anna Schmidt", Role.EVALUATOR),
    ("joost.visser@partnerwijzer.example", "Joost Visser", Role.EVALUATOR),
    ("lisa.mulder@partnerwijzer.example", "Lisa Mulder", Role.VIEWER),
]


@dataclass(frozen=True)
class DemoResult:
    organisation: Organisation
    created: bool


@transaction.atomic
def demo_seed() -> DemoResult:
    organisation = Organisation.objects.filter(name=DEMO_ORGANISATION).first()
    created = organisation is None
    if organisation is None:
        organisation = Organisation.objects.create(name=DEMO_ORGANISATION, language="nl")
        audit_record(actor=None, organisation=organisation, action="demo.seed", target=organisation)
    for email, name, role in DEMO_PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=name)
        Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": role})
    return DemoResult(organisation=organisation, created=created)
