"""The one accessor of a letter, for views (pass the request) and the API (pass the user) alike."""

from __future__ import annotations

from typing import Any

from partnerwijzer.accounts.access import Caller, object_of
from partnerwijzer.accounts.roles import Role
from partnerwijzer.letters.models import Letter


def letter_for(caller: Caller, letter_id: Any, role: Role = Role.OWNER) -> Letter:
    """A letter of the caller's organisation (owners by default: letters carry a firm's scores), or
    the uniform 404 for any other id."""
    return object_of(caller, Letter.objects.select_related("organisation", "selection", "candidate", "sent_by"),
                     letter_id, role=role)
