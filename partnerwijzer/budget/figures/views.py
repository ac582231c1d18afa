"""The page of the guide's figures with the organisation's own values (owners edit, members read)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partnerwijzer.accounts.access import OrgRequest, membership_required
from partnerwijzer.accounts.roles import Role
from partnerwijzer.budget.figures import selectors, services
from partnerwijzer.knowledge.loader import reference
from partnerwijzer.textrules import has_control_character

STEP = "budget"


QUERY_MAX = 100
"""The filter box's longest query; longer input is cut (it only narrows a list)."""


def _query(request: OrgRequest) -> str:
    """The filter box's text: control characters (NUL, ...) become spaces, so they match nothing odd."""
    raw = request.GET.get("q", "")[:QUERY_MAX]
    return " ".join("".join(" " if has_control_character(c) else c for c in raw).split())


def _context(
    request: OrgRequest, errors: dict[str, Any] | None = None, posted: dict[str, str] | None = None
) -> dict[str, Any]:
    query = _query(request)
    groups = selectors.figure_groups(
        request.membership.organisation, language=get_language() or "nl", query=query,
        open_key=(posted or {}).get("key"),
    )
    return {
        "groups": groups, "query": query, "count": sum(len(g.rows) for g in groups),
        "can_edit": request.membership.is_owner, "active_step": STEP,
        "errors": errors or {}, "posted": posted or {},
        "guide_source": reference().source("guide-2025"),
    }


@membership_required(Role.VIEWER)
@require_GET
def figures(request: OrgRequest) -> HttpResponse:
    return render(request, "budget/figures.html", _context(request))


@membership_required(Role.OWNER)
@require_POST
def figure_set(request: OrgRequest, key: str) -> HttpResponse:
    data = {f: request.POST.get(f, "") for f in ("value", "low", "high", "reason")}
    try:
        services.figure_override_set(actor=request.user, organisation=request.membership.organisation, key=key,
                                     **data)
    except ValidationError as error:
        if "key" in error.message_dict:
            return render(request, "budget/figures.html", _context(request), status=404)
        errors = {key: [m for messages_ in error.message_dict.values() for m in messages_]}
        return render(request, "budget/figures.html", _context(request, errors, {"key": key, **data}), status=400)
    messages.success(request, _("Your value is saved and used in every calculation."))
    return redirect(reverse("budget:figures") + f"#figure-{key}")


@membership_required(Role.OWNER)
@require_POST
def figure_reset(request: OrgRequest, key: str) -> HttpResponse:
    if key not in selectors.guide_figures():
        return render(request, "budget/figures.html", _context(request), status=404)
    if services.figure_override_reset(actor=request.user, organisation=request.membership.organisation, key=key):
        messages.success(request, _("Back to the guide's value."))
    return redirect(reverse("budget:figures") + f"#figure-{key}")
