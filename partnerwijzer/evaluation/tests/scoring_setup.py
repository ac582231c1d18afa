"""Shared set-up for the scoring tests: a selection with the reference criteria, candidates and
evaluator seats (the personas' evaluator and, where asked, a second evaluator)."""

from __future__ import annotations

from partnerwijzer.accounts.models import Membership, User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.evaluation.models import Criterion, Evaluator
from partnerwijzer.evaluation.scoring.services import criteria_initialise
from partnerwijzer.sourcing.models import Candidate, Selection
from tests.personas import Personas


def make_selection(personas: Personas, *, candidates: int = 2, title: str = "Predictive maintenance") -> Selection:
    try:  # the sourcing service, once it exists, also gives the selection its criteria
        from partnerwijzer.sourcing.services import selection_create  # type: ignore[import-not-found]
    except ImportError:
        selection_create = None
    if selection_create is not None:
        selection = selection_create(actor=personas.owner, organisation=personas.organisation, title=title)
        if not Criterion.objects.filter(selection=selection).exists():
            criteria_initialise(selection=selection)
    else:
        selection = Selection.objects.create(organisation=personas.organisation, title=title,
                                             created_by=personas.owner)
        criteria_initialise(selection=selection)
    for i in range(candidates):
        Candidate.objects.create(selection=selection, name=f"Firm {chr(65 + i)}")
    return selection


def seat(selection: Selection, user: User, *, by: User | None = None) -> Evaluator:
    return Evaluator.objects.create(selection=selection, user=user, added_by=by)


def second_evaluator(personas: Personas, email: str = "second@example.com") -> User:
    user = User.objects.create_user(email=email, password="x-long-password-1", full_name="Second Evaluator")
    Membership.objects.create(user=user, organisation=personas.organisation, role=Role.EVALUATOR)
    return user


def criteria_of(selection: Selection) -> list[Criterion]:
    return list(Criterion.objects.filter(selection=selection).order_by("position", "id"))


def candidates_of(selection: Selection) -> list[Candidate]:
    return list(Candidate.objects.filter(selection=selection).order_by("name"))
