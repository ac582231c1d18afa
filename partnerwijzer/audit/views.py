"""The audit log for people: who did what to which named object, filtered, and as CSV."""

from __future__ import annotations

import csv

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from partnerwijzer.accounts.access import OrgRequest, membership_required
from partnerwijzer.accounts.roles import Role
from partnerwijzer.audit.display import names_for, rows_for
from partnerwijzer.audit.forms import AuditFilterForm
from partnerwijzer.audit.selectors import audit_events_for, filter_choices

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _filter_form(request: OrgRequest) -> AuditFilterForm:
    people, object_types = filter_choices(organisation=request.membership.organisation)
    data = request.GET if any(request.GET.get(k) for k in ("person", "object_type", "since", "until")) else None
    return AuditFilterForm(data, people=people, object_types=object_types)


@membership_required(Role.OWNER)
@require_GET
def audit_log(request: OrgRequest) -> HttpResponse:
    organisation = request.membership.organisation
    form = _filter_form(request)
    events = audit_events_for(organisation=organisation, **form.filters)
    if form.rejected:
        events = events.none()
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    names = names_for(organisation)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/log.html", {
        "page": page, "rows": rows_for(page.object_list, names), "form": form,
        "query": query.urlencode(), "filtered": bool(form.filters), "rejected": form.rejected,
    })


def _cell(text: str) -> str:
    """A spreadsheet must not run a cell as a formula (CSV injection)."""
    return f"'{text}" if text.startswith(_FORMULA_START) else text


@membership_required(Role.OWNER)
@require_GET
def audit_export(request: OrgRequest) -> HttpResponse:
    organisation = request.membership.organisation
    form = _filter_form(request)
    events = audit_events_for(organisation=organisation, **form.filters)
    if form.rejected:
        events = events.none()
    rows = rows_for(events.iterator(chunk_size=500), names_for(organisation))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{timezone.localdate():%Y-%m-%d}.csv"'
    response.write("\ufeff")  # so Excel reads UTF-8
    writer = csv.writer(response)
    writer.writerow([_("When"), _("Who"), _("What"), _("Object type"), _("Object"), _("Changes")])
    for row in rows:
        writer.writerow([
            timezone.localtime(row.when).isoformat(timespec="seconds"), _cell(row.who), _cell(row.what),
            _cell(row.object_type), _cell(row.object_name), _cell("; ".join(row.changes)),
        ])
    return response
