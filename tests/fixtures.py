"""Fixtures every test folder shares besides the personas (registered in the root conftest).

``use_case``: one AI use case of the personas' organisation. A test module that needs other
fields (a title to escape, an archetype) overrides ``use_case_fields``; one that needs more
around it (answers, KPIs, a company profile) overrides ``use_case`` and asks for this one by the
same name, so the use case itself is made in one place.
"""

from __future__ import annotations

from typing import Any

import pytest

from partnerwijzer.planning.models import UseCase
from tests.personas import Personas


@pytest.fixture
def use_case_fields() -> dict[str, Any]:
    return {"title": "Predictive maintenance"}


@pytest.fixture
def use_case(personas: Personas, use_case_fields: dict[str, Any]) -> UseCase:
    return UseCase.objects.create(organisation=personas.organisation, **use_case_fields)
