"""How the accounts app sends e-mail (the invitation) through the outbox above it.

The outbox (``partnerwijzer/outbox/``, a higher layer) stores every outgoing message and lets the
background worker send it (docs/messages.md). It registers its ``queue_message`` here at start-up
(``OutboxConfig.ready``); :func:`queue` takes the same keyword arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

Sender = Callable[..., object]

_sender: list[Sender] = []


def register_sender(sender: Sender) -> None:
    """Called once by the outbox app at start-up; a second call replaces the first."""
    _sender[:] = [sender]


def queue(**kwargs: Any) -> object:
    """Queue a message through the registered outbox (keyword arguments as ``queue_message``)."""
    if not _sender:
        raise ImproperlyConfigured("The outbox app is not installed: no e-mail can be sent.")
    return _sender[0](**kwargs)
