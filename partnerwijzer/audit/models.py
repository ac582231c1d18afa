"""An append-only record of who did what, when, to which object."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerwijzer.audit.labels import action_label


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Audit events cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events cannot be deleted through the application.")


class AuditEvent(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, null=True, related_name="audit_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # A snapshot, so the log still says who it was after the account is deleted.
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=64)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "-created_at"], name="audit_org_time")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events cannot be deleted through the application.")

    @property
    def action_label(self) -> str:
        """The readable, translated name of :attr:`action` (see :mod:`partnerwijzer.audit.labels`)."""
        return action_label(self.action)


class ChangeMarker(models.Model):
    """One counter per organisation, raised by :func:`audit.services.audit_record` with every audit
    event of the organisation, in the writer's transaction (issue 17 item 7).

    Every write service records an audit event, so a figure derived from an organisation's data and
    stored with the marker's ``version`` of the moment it was computed is current exactly while the
    version is the same: the adviser's portfolio stores its per-client rows this way
    (``advisers.PortfolioStatus``, docs/advisers.md) and compares 2,000 clients' versions in one
    join instead of reading their data. ``changed_at`` is the time of the last raise."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, primary_key=True, related_name="change_marker"
    )
    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.version}"
