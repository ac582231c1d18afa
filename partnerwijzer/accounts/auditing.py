"""How the accounts app records audit events without importing the audit app above it.

``accounts`` is the lowest app of the shared infrastructure: the audit log refers to its
organisations and users, so ``audit`` sits above it (docs/architecture.md). The audit app
registers its recorder here when Django starts (``AuditConfig.ready``); the account services call
:func:`audit_record` as every other service does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

Recorder = Callable[..., object]

_recorder: list[Recorder] = []


def register_recorder(recorder: Recorder) -> None:
    """Called once by the audit app at start-up; a second call replaces the first."""
    _recorder[:] = [recorder]


def audit_record(**kwargs: Any) -> object:
    """Record an audit event through the registered recorder (keyword arguments as ``audit_record``)."""
    if not _recorder:
        raise ImproperlyConfigured("The audit app is not installed: account changes cannot be recorded.")
    return _recorder[0](**kwargs)
