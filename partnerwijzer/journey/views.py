from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from partnerwijzer import pagelinks
from partnerwijzer.accounts.access import OrgRequest, membership_required
from partnerwijzer.journey.selectors import journey_for, tasks_for


@membership_required()
def dashboard(request: OrgRequest) -> HttpResponse:
    """The organisation's home: the seven steps. An adviser organisation has no journey of its own:
    its home is the page registered as ``adviser.home`` (the portfolio), where signing in and the
    logo lead it."""
    organisation = request.membership.organisation
    if organisation.is_adviser and (home := pagelinks.url("adviser.home")):
        return redirect(home)
    journey = journey_for(organisation=request.membership.organisation, is_owner=request.membership.is_owner,
                          user=request.user)
    return render(request, "journey/dashboard.html", {"journey": journey})


@membership_required()
def tasks(request: OrgRequest) -> HttpResponse:
    """The signed-in member's own open tasks in this organisation (scoring, measurements, ...)."""
    return render(request, "journey/tasks.html", {
        "tasks": tasks_for(request.membership.organisation, request.user), "active_step": "tasks",
    })


@login_not_required
@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """``/favicon.ico``: browsers ask for it on pages without the ``<link rel="icon">`` (a PDF or
    an XLSX opened in the tab, the API's JSON) and it gave 404. A temporary redirect to the static
    icon, as the static file's name carries its content hash and changes with it."""
    return redirect(static("img/favicon.svg"))
