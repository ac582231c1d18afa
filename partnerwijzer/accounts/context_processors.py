from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from partnerwijzer.accounts.access import SESSION_KEY, request_memberships


def membership(request: HttpRequest) -> dict[str, Any]:
    """The current membership and the user's other organisations, for the layout."""
    current = getattr(request, "membership", None)
    user = getattr(request, "user", None)
    read = getattr(request, "all_memberships", None) if request.method in ("GET", "HEAD") else None
    return {
        "membership": current,
        "organisation": current.organisation if current else None,
        # A read reuses the middleware's list; after a write the switcher reads them again.
        "all_memberships": (
            (lambda: read if read is not None else request_memberships(user, request.session.get(SESSION_KEY)))
            if user is not None and hasattr(request, "session") else list
        ),
    }
