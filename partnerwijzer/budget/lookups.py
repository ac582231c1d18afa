"""The objects a budget page or endpoint works on, looked up through the one access module.

Another organisation's use case or candidate is the same 404 as a missing one.
"""

from __future__ import annotations

from uuid import UUID

from partnerwijzer.accounts.access import OrgRequest, object_for
from partnerwijzer.accounts.roles import Role
from partnerwijzer.planning.models import UseCase
from partnerwijzer.sourcing.models import Candidate


def use_case_for(request: OrgRequest, use_case_id: UUID, role: Role = Role.VIEWER) -> UseCase:
    return object_for(request, UseCase.objects.select_related("organisation"), role=role, pk=use_case_id)


def candidate_for(request: OrgRequest, candidate_id: UUID, role: Role = Role.VIEWER) -> Candidate:
    return object_for(
        request, Candidate.objects.select_related("selection__organisation", "selection__use_case"), role=role,
        via="selection__organisation", pk=candidate_id,
    )
