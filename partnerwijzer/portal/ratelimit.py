"""Rate limiting of portal tokens per client address, counted in the database.

Counting rows of :class:`~partnerwijzer.portal.models.PortalAttempt` (not process memory) makes
the limit hold across several app processes and servers sharing one database. The address is
stored only as a salted HMAC (keyed with SECRET_KEY), never in the clear, and never with the token.

The count is read, then the attempt written, without a lock: under a burst from many processes
at once a few attempts beyond the limit may get through. That is acceptable for a 256-bit token.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from partnerwijzer.accounts.client_ip import client_ip
from partnerwijzer.portal.models import FAILED_OUTCOMES, PortalAttempt

DEFAULT_LIMIT = 20
DEFAULT_WINDOW = timedelta(minutes=10)


def limit() -> int:
    return int(getattr(settings, "PORTAL_FAILED_ATTEMPT_LIMIT", DEFAULT_LIMIT))


def window() -> timedelta:
    return timedelta(seconds=int(getattr(settings, "PORTAL_FAILED_ATTEMPT_WINDOW_SECONDS",
                                         DEFAULT_WINDOW.total_seconds())))


def ip_hash(request: HttpRequest) -> str:
    return salted_hmac("partnerwijzer.portal.client-ip", client_ip(request), algorithm="sha256").hexdigest()


def failures_in_window(address_hash: str) -> int:
    since = timezone.now() - window()
    return PortalAttempt.objects.filter(ip_hash=address_hash, at__gte=since, outcome__in=FAILED_OUTCOMES).count()


def is_limited(address_hash: str) -> bool:
    """Whether this address failed ``limit()`` times within ``window()``: then every portal
    request from it is refused, valid token or not, so the answer reveals nothing."""
    return failures_in_window(address_hash) >= limit()
