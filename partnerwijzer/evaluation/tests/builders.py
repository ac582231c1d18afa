"""Builders of the evaluation tests (no tests of their own).

``make_selection``: a selection with the reference criteria, candidates and evaluator seats (the
personas' evaluator and, where asked, a second evaluator), made through the services.

``make_scored_selection`` writes a whole scoring situation in a handful of bulk inserts: criteria
with weights, candidates, evaluators (submitted or not) and their scores, given as a nested
list ``scores[evaluator][candidate][criterion]`` with ``None`` for "not scored".
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from partnerwijzer.accounts.models import Membership, Organisation, User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.evaluation.models import (
    ConflictDeclaration,
    ConsensusScore,
    Criterion,
    Evaluator,
    KnockoutCheck,
    Relationship,
    Score,
    ScoringSetup,
)
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


def seat(selection: Selection, user: User, *, by: User | None = None, declared: bool = True) -> Evaluator:
    """An evaluator seat; with ``declared`` its holder has declared no relationship with any
    candidate of the selection so far (issue 16: the score form comes after that declaration)."""
    evaluator = Evaluator.objects.create(selection=selection, user=user, added_by=by)
    if declared:
        declare_none(evaluator)
    return evaluator


def declare_none(evaluator: Evaluator, candidates: Sequence[Candidate] | None = None) -> None:
    """The seat declares no relationship with ``candidates`` (default: every candidate of its selection)."""
    chosen = candidates if candidates is not None else Candidate.objects.filter(selection_id=evaluator.selection_id)
    ConflictDeclaration.objects.bulk_create(
        ConflictDeclaration(evaluator=evaluator, candidate=c, relationship=Relationship.NONE) for c in chosen
    )


def second_evaluator(personas: Personas, email: str = "second@example.com") -> User:
    user = User.objects.create_user(email=email, password="x-long-password-1", full_name="Second Evaluator")
    Membership.objects.create(user=user, organisation=personas.organisation, role=Role.EVALUATOR)
    return user


def criteria_of(selection: Selection) -> list[Criterion]:
    return list(Criterion.objects.filter(selection=selection).order_by("position", "id"))


def candidates_of(selection: Selection) -> list[Candidate]:
    return list(Candidate.objects.filter(selection=selection).order_by("name"))


@dataclass
class Built:
    selection: Selection
    criteria: list[Criterion]
    candidates: list[Candidate]
    evaluators: list[Evaluator]

    def candidate(self, name: str) -> Candidate:
        return next(c for c in self.candidates if c.name == name)

    def criterion(self, name: str) -> Criterion:
        return next(c for c in self.criteria if c.custom_name == name)


def make_scored_selection(
    *,
    organisation: Organisation,
    candidates: Sequence[str] = ("Alpha", "Beta", "Gamma"),
    criteria: Sequence[tuple[str, float | Decimal, bool]] = (("Quality", 60, False), ("Price", 40, True)),
    scores: Sequence[Sequence[Sequence[int | None]]] = (),
    submitted: Sequence[bool] | None = None,
    users: Sequence[User] = (),
    title: str = "Predictive maintenance partner",
    closed: bool = False,
) -> Built:
    selection = Selection.objects.create(organisation=organisation, title=title)
    if closed:
        ScoringSetup.objects.create(selection=selection, closed_at=timezone.now())
    crits = Criterion.objects.bulk_create(
        Criterion(selection=selection, custom_name=name, position=k, weight=Decimal(str(weight)), is_price=is_price)
        for k, (name, weight, is_price) in enumerate(criteria)
    )
    cands = Candidate.objects.bulk_create(Candidate(selection=selection, name=name) for name in candidates)
    count = len(scores)
    submitted = list(submitted) if submitted is not None else [True] * count
    people = list(users)
    stamp = uuid_stamp()
    while len(people) < count:
        k = len(people)
        people.append(User.objects.create_user(email=f"eval{k}-{stamp}@example.com", password=None, full_name=f"E{k}"))
    now = timezone.now()
    evaluators = Evaluator.objects.bulk_create(
        Evaluator(selection=selection, user=people[e], submitted_at=now if submitted[e] else None) for e in range(count)
    )
    rows = []
    for e, per_candidate in enumerate(scores):
        for i, per_criterion in enumerate(per_candidate):
            for j, value in enumerate(per_criterion):
                if value is not None:
                    rows.append(Score(evaluator=evaluators[e], candidate=cands[i], criterion=crits[j], value=value))
    Score.objects.bulk_create(rows)
    return Built(selection, list(crits), list(cands), list(evaluators))


def uuid_stamp() -> str:
    return uuid.uuid4().hex[:8]


def knock_out(built: Built, candidate: str, criterion: str, reason: str, **extra: Any) -> KnockoutCheck:
    crit = built.criterion(criterion)
    if not crit.knockout:
        crit.knockout = True
        crit.save(update_fields=["knockout"])
    return KnockoutCheck.objects.create(
        candidate=built.candidate(candidate), criterion=crit, passed=False, reason=reason, **extra
    )


def set_consensus(built: Built, candidate: str, criterion: str, value: int) -> ConsensusScore:
    return ConsensusScore.objects.create(
        candidate=built.candidate(candidate), criterion=built.criterion(criterion), value=value,
        justification="Discussed in the meeting of 3 March.",
    )
