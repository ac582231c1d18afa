"""The one helper every write service calls to leave a trace in the audit log."""

from __future__ import annotations

from typing import Any

from django.db import models

from partnerwijzer.audit.models import AuditEvent


def audit_record(
    *,
    actor: Any,
    organisation: Any,
    action: str,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that ``actor`` did ``action`` (a dotted verb such as ``member.role_change``).

    ``changes`` holds what changed, as JSON-safe values (``{"role": ["viewer", "owner"]}``).
    Secrets such as tokens and passwords must never be passed here.
    """
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        organisation=organisation,
        actor=actor if is_user else None,
        actor_label=(getattr(actor, "email", "") or "") if is_user else "",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        changes=changes or {},
    )
