"""Market figures' pages (docs/market.md): the client's owners give or withdraw consent on their
Advisers page; the adviser organisation reads its figures and computes them anew."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from decisioncore.market import MIN_COMPANIES
from partnerwijzer import clock
from partnerwijzer.accounts.access import OrgRequest, adviser_required, membership_required, object_for
from partnerwijzer.accounts.models import AdviserAccess
from partnerwijzer.accounts.roles import Role
from partnerwijzer.advisers.market import selectors, services


@membership_required(Role.OWNER, ownership=True)
@require_POST
def consent_set(request: OrgRequest, grant_id: str) -> HttpResponse:
    """Give or withdraw consent (``consent`` = ``on`` / ``off``); anything else changes nothing (400)."""
    grant = object_for(request, AdviserAccess.objects.select_related("adviser", "client"), role=Role.OWNER,
                       via="client", pk=grant_id)
    value = request.POST.get("consent", "")
    if value not in ("on", "off"):
        messages.error(request, _("Choose whether to give or withdraw consent."))
        return redirect("advisers:access")
    try:
        services.market_consent_set(actor=request.user, grant=grant, consent=value == "on")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("advisers:access")
    if value == "on":
        text = _("%(adviser)s may now use your figures, anonymised, in its market figures.")
    else:
        text = _("%(adviser)s no longer uses your figures in its market figures.")
    messages.success(request, text % {"adviser": grant.adviser.name})
    return redirect("advisers:access")


@adviser_required()
@require_GET
def market(request: OrgRequest) -> HttpResponse:
    adviser = request.membership.organisation
    snapshot = selectors.latest_snapshot(adviser)
    context = {
        "snapshot": snapshot, "sections": selectors.sections_of(snapshot), "paybacks": selectors.paybacks_of(snapshot),
        "consenting": selectors.consenting_clients(adviser).count(),
        "can_compute": request.membership.is_owner, "min_companies": MIN_COMPANIES,
        "computed_today": selectors.computed_today(snapshot, clock.today()),
        "firms": selectors.firm_figures(adviser),
    }
    return render(request, "advisers/market.html", context)


@adviser_required(Role.OWNER)
@require_POST
def market_compute(request: OrgRequest) -> HttpResponse:
    services.market_figures_compute(actor=request.user, adviser=request.membership.organisation)
    messages.success(request, _("The market figures are computed anew from your consenting clients."))
    return redirect("advisers:market")
