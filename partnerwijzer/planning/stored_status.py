"""The Plan and Readiness steps' statuses of many organisations, stored with a fingerprint of
their inputs (issue 17 item 7: an adviser's portfolio sorted by progress or filtered by next step
at 2,000 clients).

These two rules are the only step rules computed in Python per use case (the problem check of
every statement, the readiness scoring of every started check): with a hub's 2,000 clients they
were most of "least progress first" and the next-step filter. The rules stay where they are
(:func:`planning.status.plan_status_many`, :func:`planning.readiness.selectors.readiness_status_many`);
this module stores their results per organisation in :class:`planning.models.StoredStatus`
with a fingerprint of everything they read, the same idea as the stored cost band
(``budget.simulation.stored_bands``, docs/budget.md).

The fingerprint is computed in the database on every read, in three aggregate queries whatever
the number of organisations: per organisation the number and the latest change of its use cases,
its KPIs and its readiness answers, with the rules' version and the readiness questions' version.
Every write of these rows goes through ``save()`` or ``create()`` (auto_now sets the time; a
delete lowers the count), so any change a user makes changes the fingerprint, and the status is
computed again on that same read, never shown stale. Only the organisations whose fingerprint
changed are computed (and stored, one upsert): a page reads stored rows otherwise.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any, Final

from django.db.models import Count, F, Max, QuerySet

from partnerwijzer.accounts.models import Organisation
from partnerwijzer.journey.steps import Status
from partnerwijzer.knowledge.topics import readiness as readiness_data
from partnerwijzer.planning.models import Answer, GuidedCheck, Kpi, StoredStatus, UseCase
from partnerwijzer.planning.readiness.selectors import readiness_status_many
from partnerwijzer.planning.status import plan_status_many

RULES_VERSION: Final = "1"
"""Raise when plan's or readiness' status rule changes: every stored status is computed again."""


def _latest(rows: Iterable[tuple[Any, int, Any]]) -> dict[Any, str]:
    return {org: f"{n}@{last}" for org, n, last in rows}


def fingerprints(organisations: Iterable[Organisation] | QuerySet[Organisation]) -> dict[Any, str]:
    """Organisation id -> the fingerprint of the inputs of its Plan and Readiness statuses, in
    three queries (``organisations`` may be a queryset: it becomes a subquery)."""
    use_cases = _latest(UseCase.objects.filter(organisation__in=organisations).values("organisation_id")
                        .annotate(n=Count("pk"), last=Max("updated_at")).order_by()
                        .values_list("organisation_id", "n", "last"))
    kpis = _latest(Kpi.objects.filter(use_case__organisation__in=organisations)
                   .values(org=F("use_case__organisation_id"))
                   .annotate(n=Count("pk"), last=Max("updated_at")).order_by().values_list("org", "n", "last"))
    answers = _latest(Answer.objects.filter(use_case__organisation__in=organisations,
                                            questionnaire=GuidedCheck.READINESS)
                      .values(org=F("use_case__organisation_id"))
                      .annotate(n=Count("pk"), last=Max("answered_at")).order_by().values_list("org", "n", "last"))
    version = f"{RULES_VERSION}/{readiness_data.load().version}"
    out = {}
    for org in organisations:
        text = f"{version}|{use_cases.get(org.pk)}|{kpis.get(org.pk)}|{answers.get(org.pk)}"
        out[org.pk] = hashlib.sha256(text.encode()).hexdigest()
    return out


def planning_statuses_many(organisations: list[Organisation] | QuerySet[Organisation]) -> dict[Any, dict[str, Status]]:
    """Organisation id -> {"plan": status, "readiness": status}: the stored statuses where their
    inputs did not change since, computed now (and stored) for the rest. A fixed number of queries
    whatever the number of organisations: three for the fingerprints, one to read the stored rows,
    and when some changed the two rules' own queries and one upsert."""
    prints = fingerprints(organisations)
    stored = {org: (fingerprint, plan, readiness) for org, fingerprint, plan, readiness in
              StoredStatus.objects.filter(organisation__in=organisations)
              .values_list("organisation_id", "fingerprint", "plan", "readiness")}
    out: dict[Any, dict[str, Status]] = {}
    changed: list[Organisation] = []
    for org in organisations:
        row = stored.get(org.pk)
        if row is not None and row[0] == prints[org.pk]:
            out[org.pk] = {"plan": Status(row[1]), "readiness": Status(row[2])}
        else:
            changed.append(org)
    if changed:
        plan = plan_status_many(changed)
        readiness = readiness_status_many(changed)
        rows = [StoredStatus(organisation_id=org.pk, fingerprint=prints[org.pk], plan=plan[org.pk],
                             readiness=readiness[org.pk]) for org in changed]
        # A derived figure, not a user's change: no audit event (nothing the user entered changes).
        StoredStatus.objects.bulk_create(rows, batch_size=500, update_conflicts=True,
                                         unique_fields=["organisation"],
                                         update_fields=["fingerprint", "plan", "readiness", "computed_at"])
        for org in changed:
            out[org.pk] = {"plan": plan[org.pk], "readiness": readiness[org.pk]}
    return out


def stored_plan_status_many(organisations: list[Organisation]) -> dict[Any, Status]:
    """:func:`planning.status.plan_status_many` through the stored statuses."""
    return {pk: s["plan"] for pk, s in planning_statuses_many(organisations).items()}


def stored_readiness_status_many(organisations: list[Organisation]) -> dict[Any, Status]:
    """:func:`planning.readiness.selectors.readiness_status_many` through the stored statuses."""
    return {pk: s["readiness"] for pk, s in planning_statuses_many(organisations).items()}
