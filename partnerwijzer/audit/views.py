from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from partnerwijzer.accounts.access import OrgRequest, membership_required
from partnerwijzer.accounts.roles import Role
from partnerwijzer.audit.selectors import audit_events_for


@membership_required(Role.OWNER)
def audit_log(request: OrgRequest) -> HttpResponse:
    events = audit_events_for(organisation=request.membership.organisation)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"page": page})
