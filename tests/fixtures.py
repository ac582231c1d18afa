"""Fixtures every test folder shares besides the personas (registered in the root conftest).

``english``: the test runs with English as the active language (for asserting English texts);
a module uses it for every test with ``pytestmark = pytest.mark.usefixtures("english")``.

``use_case``: one AI use case of the personas' organisation. A test module that needs other
fields (a title to escape, an archetype) overrides ``use_case_fields``; one that needs more
around it (answers, KPIs, a company profile) overrides ``use_case`` and asks for this one by the
same name, so the use case itself is made in one place.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from partnerwijzer.planning.models import UseCase
from tests.personas import Personas


@pytest.fixture
def use_case_fields() -> dict[str, Any]:
    return {"title": "Predictive maintenance"}


@pytest.fixture
def use_case(personas: Personas, use_case_fields: dict[str, Any]) -> UseCase:
    return UseCase.objects.create(organisation=personas.organisation, **use_case_fields)


@pytest.fixture
def english() -> Iterator[None]:
    with translation.override("en"):
        yield
