"""Cost estimate pages (owned by the estimate part)."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from partnerwijzer.accounts.access import OrgRequest, membership_required
from partnerwijzer.accounts.roles import Role
from partnerwijzer.budget.lookups import use_case_for

STEP = "budget"


@membership_required(Role.VIEWER)
@require_GET
def overview(request: OrgRequest) -> HttpResponse:
    raise NotImplementedError


@membership_required(Role.VIEWER)
@require_GET
def estimate(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    use_case = use_case_for(request, use_case_id)
    return render(request, "budget/estimate.html", {"use_case": use_case, "active_step": STEP})
