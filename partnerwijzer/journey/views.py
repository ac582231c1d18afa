from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from partnerwijzer.accounts.access import OrgRequest, membership_required
from partnerwijzer.journey.selectors import journey_for, tasks_for


@membership_required()
def dashboard(request: OrgRequest) -> HttpResponse:
    journey = journey_for(organisation=request.membership.organisation, is_owner=request.membership.is_owner,
                          user=request.user)
    return render(request, "journey/dashboard.html", {"journey": journey})


@membership_required()
def tasks(request: OrgRequest) -> HttpResponse:
    """The signed-in member's own open tasks in this organisation (scoring, measurements, ...)."""
    return render(request, "journey/tasks.html", {
        "tasks": tasks_for(request.membership.organisation, request.user), "active_step": "tasks",
    })
