"""Decision report, appendix: the audit trail of the selection and its use case.

Which events belong to them: every audit event whose target is the selection, the use case, or
an object they *own*. Ownership is followed generically along non-null foreign keys with
``on_delete=CASCADE`` (a candidate belongs to its selection, a quote to its candidate, a KPI to
its use case, a contract item to its decision, ...), so objects of apps added later (question-
naires, portal links, document jobs) come along without a list to maintain. ``SET_NULL`` and
``PROTECT`` links are references, not ownership, and are not followed (a selection merely points at
its use case; another selection of the same use case is not part of this one).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Final

from django.apps import apps
from django.db import connection, models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnerwijzer.audit.display import names_for, period_text, rows_for, summarised
from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.documents.content import Block, Heading, Paragraph, Table
from partnerwijzer.documents.report_common import ReportFacts, moment
from partnerwijzer.formatting import number

AUDIT_ROW_LIMIT: Final = 500
"""The appendix lists at most this many events (the latest); it says so when there are more."""

MAX_DEPTH: Final = 4
"""How many ownership steps to follow (selection → candidate → quote → quote line is three)."""

_SKIP: Final = frozenset({"audit.auditevent", "accounts.organisation", "accounts.user", "accounts.membership"})


def _owned_by(model: type[models.Model], tables: set[str]) -> list[tuple[type[models.Model], str]]:
    """(child model, field name) for every non-null CASCADE foreign key from a child to ``model``.

    Models whose table does not exist (yet) are skipped, so a model added without its migration
    cannot break a report.
    """
    out = []
    for child in apps.get_models():
        if child._meta.label_lower in _SKIP or child._meta.db_table not in tables:
            continue
        for field in child._meta.concrete_fields:
            remote = getattr(field, "remote_field", None)
            if (
                isinstance(field, models.ForeignKey)
                and not field.null
                and remote is not None
                and remote.model is model
                and remote.on_delete is models.CASCADE
            ):
                out.append((child, field.name))
    return out


def owned_targets(roots: dict[type[models.Model], set[str]]) -> dict[str, set[str]]:
    """``{target_type: {ids}}`` of the roots and everything they own, as the audit log names them."""
    tables = set(connection.introspection.table_names())
    found: dict[str, set[str]] = defaultdict(set)
    frontier = {m: set(ids) for m, ids in roots.items() if ids}
    for model, ids in frontier.items():
        found[model._meta.label_lower].update(ids)
    for _depth in range(MAX_DEPTH):
        nxt: dict[type[models.Model], set[str]] = defaultdict(set)
        for model, ids in frontier.items():
            for child, field in _owned_by(model, tables):
                rows = child._base_manager.filter(**{f"{field}__in": ids}).order_by().values_list("pk", flat=True)
                child_ids = {str(pk) for pk in rows}
                new = child_ids - found[child._meta.label_lower]
                if new:
                    found[child._meta.label_lower].update(new)
                    nxt[child].update(new)
        if not nxt:
            break
        frontier = dict(nxt)
    return dict(found)


def audit_events(facts: ReportFacts) -> tuple[list[AuditEvent], int]:
    """The latest events (at most :data:`AUDIT_ROW_LIMIT`, oldest first) and how many there are in all."""
    from partnerwijzer.planning.models import UseCase
    from partnerwijzer.sourcing.models import Selection

    roots: dict[type[models.Model], set[str]] = {Selection: {str(facts.selection.pk)}}
    if facts.use_case is not None:
        roots[UseCase] = {str(facts.use_case.pk)}
    logged = set(
        AuditEvent.objects.filter(organisation=facts.organisation)
        .values_list("target_type", flat=True)
        .order_by()
        .distinct()
    )
    condition = Q(pk__in=[])
    for target_type, ids in owned_targets(roots).items():
        if target_type in logged:
            condition |= Q(target_type=target_type, target_id__in=sorted(ids))
    events = AuditEvent.objects.filter(condition, organisation=facts.organisation)
    total = events.count()
    latest = list(events.order_by("-created_at", "-id")[:AUDIT_ROW_LIMIT])
    latest.reverse()
    return latest, total


def appendix(facts: ReportFacts) -> list[Block]:
    """The audit trail summarised for readers: one line per person, action and object (21 saved
    answers to one questionnaire are one line "21 times", with the period), objects by name."""
    blocks: list[Block] = [Heading(_("Appendix: audit trail"), 1)]
    events, total = audit_events(facts)
    if not events:
        return [*blocks, Paragraph(_("Nothing has been recorded for this selection yet."), "note")]
    rows = summarised(rows_for(events, names_for(facts.organisation)))
    blocks.append(Paragraph(_("Every change to this selection and its use case as recorded in the audit log, "
                              "which nobody can edit or delete. Repeated actions by one person on one object "
                              "are summarised in one line; the full log is in the application (Audit log).")))
    if total > len(events):
        blocks.append(Paragraph(_("The list shows the latest %(shown)s of %(total)s events; the full log is in "
                                  "the application (Audit log).") % {"shown": number(len(events)),
                                                                     "total": number(total)}, "note"))
    blocks.append(Table(
        header=(_("When"), _("Who"), _("What"), _("Object")),
        rows=tuple(
            (
                period_text(row) if row.count > 1 else moment(row.when),
                row.who or "—",
                row.what if row.count == 1 else ngettext("%(what)s (%(count)s time)", "%(what)s (%(count)s times)",
                                                         row.count) % {"what": row.what, "count": number(row.count)},
                " · ".join(part for part in (row.object_type, row.object_name) if part) or "—",
            )
            for row in rows
        ),
        caption=_("Audit trail"),
    ))
    return blocks
