from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from partnerwijzer.accounts.access import memberships_of


def membership(request: HttpRequest) -> dict[str, Any]:
    """The current membership and the user's other organisations, for the layout."""
    current = getattr(request, "membership", None)
    user = getattr(request, "user", None)
    return {
        "membership": current,
        "organisation": current.organisation if current else None,
        "all_memberships": (lambda: memberships_of(user)) if user is not None else list,
    }
