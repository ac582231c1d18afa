from __future__ import annotations

from django.db.models import QuerySet

from partnerwijzer.accounts.models import Organisation
from partnerwijzer.audit.models import AuditEvent


def audit_events_for(*, organisation: Organisation) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(organisation=organisation).select_related("actor")
