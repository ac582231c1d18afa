"""The client's address for login lockouts, also behind a reverse proxy."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind our proxy the address the proxy appended to X-Forwarded-For.

    Only the right-most entry is trusted: it is the one our own proxy wrote; entries to its
    left come from the client and could be forged to dodge a lockout.
    """
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return str(request.META.get("REMOTE_ADDR", ""))
