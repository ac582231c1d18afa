from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from partnerwijzer.accounts.access import OrgRequest, membership_required
from partnerwijzer.journey.selectors import journey_for


@membership_required()
def dashboard(request: OrgRequest) -> HttpResponse:
    journey = journey_for(organisation=request.membership.organisation, is_owner=request.membership.is_owner,
                          user=request.user)
    return render(request, "journey/dashboard.html", {"journey": journey})
