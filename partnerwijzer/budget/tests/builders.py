"""Builders of the budget tests (no tests of their own)."""

from __future__ import annotations

from partnerwijzer.planning.models import UseCase
from partnerwijzer.planning.usecases.services import use_case_create
from partnerwijzer.sourcing.models import Candidate, Selection
from partnerwijzer.sourcing.services import candidate_create, selection_create
from tests.personas import Personas


def make_quote_world(
    personas: Personas, names: tuple[str, ...] = ("Alpha", "Beta", "Gamma")
) -> tuple[UseCase, Selection, list[Candidate]]:
    use_case = use_case_create(actor=personas.owner, organisation=personas.organisation, title="Predictive maintenance")
    selection = selection_create(
        actor=personas.owner, organisation=personas.organisation, title="Partner for maintenance", use_case=use_case
    )
    candidates = [candidate_create(actor=personas.owner, selection=selection, name=n) for n in names]
    return use_case, selection, candidates
