"""Fixtures for the sourcing tests: a selection of the personas' organisation and a candidate factory."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from partnerwijzer.sourcing.models import Candidate, Selection
from partnerwijzer.sourcing.services import candidate_create, candidate_stage_move, selection_create
from partnerwijzer.sourcing.stages import Stage
from tests.personas import Personas

XSS = "<script>alert(1)</script>"


@pytest.fixture
def selection(personas: Personas) -> Selection:
    return selection_create(
        actor=personas.owner,
        organisation=personas.organisation,
        title="Predictive maintenance partner",
        description="Find a partner to predict spindle failures.",
    )


@pytest.fixture
def other_selection(personas: Personas) -> Selection:
    return selection_create(actor=personas.outsider, organisation=personas.other_organisation, title="Fremde Auswahl")


MakeCandidate = Callable[..., Candidate]


@pytest.fixture
def make_candidate(personas: Personas, selection: Selection) -> MakeCandidate:
    def make(
        name: str = "Acme AI", *, stage: Stage = Stage.LONGLIST, on: Selection | None = None, **fields: Any
    ) -> Candidate:
        target = on or selection
        actor = personas.owner if target.organisation_id == personas.organisation.pk else personas.outsider
        candidate = candidate_create(actor=actor, selection=target, name=name, **fields)
        if stage != Stage.LONGLIST:
            candidate_stage_move(actor=actor, candidate=candidate, to_stage=stage)
        return candidate

    return make
