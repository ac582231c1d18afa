"""The one helper every write service calls to leave a trace in the audit log."""

from __future__ import annotations

from typing import Any

from django.db import connection, models
from django.utils import timezone

from partnerwijzer.audit.models import AuditEvent, ChangeMarker


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
    if organisation is not None:
        raise_change_marker(organisation.pk)
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


def raise_change_marker(organisation_id: Any) -> None:
    """Raise the organisation's :class:`ChangeMarker` by one (created at 1), in one statement that
    takes the row's lock until the writer's transaction ends: a reader that stored a figure with the
    old version sees it as stale as soon as the write is committed (docs/advisers.md, "Stored rows")."""
    table = connection.ops.quote_name(ChangeMarker._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (organisation_id, version, changed_at) VALUES (%s, 1, %s) "  # noqa: S608
            f"ON CONFLICT (organisation_id) DO UPDATE SET version = {table}.version + 1, "
            "changed_at = EXCLUDED.changed_at",
            [ChangeMarker._meta.get_field("organisation").get_db_prep_value(organisation_id, connection),
             ChangeMarker._meta.get_field("changed_at").get_db_prep_value(timezone.now(), connection)],
        )
