"""The one accessor per sourcing concept, for views and the API alike (built on accounts/access.py).

Another organisation's object, a missing one and a malformed id give the same 404.
"""

from __future__ import annotations

from typing import Any

from partnerwijzer.accounts.access import Caller, object_in, object_of
from partnerwijzer.accounts.roles import Role
from partnerwijzer.sourcing.models import Candidate, Selection


def selection_for(caller: Caller, selection_id: Any, role: Role = Role.VIEWER) -> Selection:
    return object_of(
        caller, Selection.objects.select_related("organisation", "use_case", "created_by"), selection_id, role=role
    )


def candidate_for(caller: Caller, candidate_id: Any, role: Role = Role.VIEWER) -> Candidate:
    return object_of(
        caller, Candidate.objects.select_related("selection__organisation", "selection__use_case"), candidate_id,
        via="selection__organisation", role=role,
    )


def candidate_in(selection: Selection, candidate_id: Any) -> Candidate:
    """A candidate of ``selection`` (whose access the caller already passed), or the uniform 404."""
    return object_in(Candidate.objects.select_related("selection"), candidate_id, selection=selection)
