"""The one accessor per planning concept, for views and the API alike (built on accounts/access.py).

Another organisation's object, a missing one and a malformed id give the same 404.
"""

from __future__ import annotations

from typing import Any

from partnerwijzer.accounts.access import Caller, object_of
from partnerwijzer.accounts.roles import Role
from partnerwijzer.planning.models import Kpi, UseCase


def use_case_for(caller: Caller, use_case_id: Any, role: Role = Role.VIEWER) -> UseCase:
    return object_of(caller, UseCase.objects.select_related("organisation"), use_case_id, role=role)


def kpi_for(caller: Caller, kpi_id: Any, role: Role = Role.VIEWER) -> Kpi:
    return object_of(
        caller, Kpi.objects.select_related("use_case__organisation"), kpi_id, via="use_case__organisation", role=role
    )
