from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from partnerwijzer.accounts.models import Organisation
from partnerwijzer.audit.display import names_for, object_type_label
from partnerwijzer.audit.models import AuditEvent


def audit_events_for(
    *, organisation: Organisation, person: str | None = None, object_type: str | None = None,
    since: dt.date | None = None, until: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """The organisation's events, newest first, filtered by who (a user id), which kind of object
    (``budget.quote``) and the period (whole days in the server's time zone, both ends included)."""
    events = AuditEvent.objects.filter(organisation=organisation).select_related("actor")
    if person:
        events = events.filter(actor__pk=person)
    if object_type:
        events = events.filter(target_type=object_type)
    zone = timezone.get_current_timezone()
    if since:
        events = events.filter(created_at__gte=dt.datetime.combine(since, dt.time.min, tzinfo=zone))
    if until:
        events = events.filter(created_at__lt=dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min,
                                                                  tzinfo=zone))
    return events


def filter_choices(*, organisation: Organisation) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(people, object types) that occur in the organisation's log, named for people."""
    events = AuditEvent.objects.filter(organisation=organisation).order_by()
    names = names_for(organisation)
    people: dict[str, str] = {}
    for actor_id, label in events.exclude(actor_id=None).values_list("actor_id", "actor_label").distinct():
        people[str(actor_id)] = names.get(str(actor_id), label)
    types = set(events.exclude(target_type="").values_list("target_type", flat=True).distinct())
    return (sorted(people.items(), key=lambda item: item[1].lower()),
            sorted(((t, object_type_label(t)) for t in types), key=lambda item: item[1].lower()))
