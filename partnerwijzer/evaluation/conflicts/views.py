"""Pages of conflicts of interest (issue 16, item 7): an evaluator's declaration per candidate
before scoring it, the owner's list of declarations, the owner's decision on one, and the owner
reopening one (the evaluator declares again).

Access is decided in :mod:`partnerwijzer.evaluation.access`; a view checks access, validates,
calls a service and renders.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partnerwijzer.accounts.access import OrgRequest, membership_required
from partnerwijzer.accounts.roles import Role
from partnerwijzer.evaluation.access import evaluator_seat, seat_of, selection_for
from partnerwijzer.evaluation.conflicts import services
from partnerwijzer.evaluation.conflicts.forms import ConflictDecisionForm, DeclarationForm, ReopenDeclarationForm
from partnerwijzer.evaluation.conflicts.selectors import declaration_of, declarations_of
from partnerwijzer.evaluation.lookups import declaration_in
from partnerwijzer.evaluation.scoring.views import _context, explain_forbidden
from partnerwijzer.evaluation.selectors import scoring_setup_of
from partnerwijzer.sourcing.lookups import candidate_in


@require_http_methods(["GET", "POST"])
@membership_required(Role.VIEWER)
@explain_forbidden
def conflict_declare(request: OrgRequest, selection_id: UUID, candidate_id: UUID) -> HttpResponse:
    """Before scoring a candidate: do you have a relationship with this firm?"""
    selection = selection_for(request, selection_id, role=Role.EVALUATOR)
    candidate = candidate_in(selection, candidate_id)
    seat = evaluator_seat(request, selection)
    score_url = reverse("evaluation:score_candidate", args=[selection.pk, candidate.pk])
    if declaration_of(seat, candidate) is not None:
        return redirect(score_url)
    form = DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            declaration = services.conflict_declare(actor=request.user, evaluator=seat, candidate=candidate,
                                                    **form.cleaned_data)
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            if declaration.is_conflict:
                messages.warning(request, _("Your relationship with %(name)s is declared. An owner decides whether "
                                            "your scores of this firm count; you can score it now.")
                                 % {"name": candidate.name})
            else:
                messages.success(request, _("Declared: no relationship with %(name)s. You can score it now.")
                                 % {"name": candidate.name})
            return redirect(score_url)
    context = _context(request, selection, "scoring", seat=seat, form=form, candidate=candidate)
    return render(request, "evaluation/conflict_declare.html", context, status=400 if form.errors else 200)


@membership_required(Role.VIEWER)
def conflicts(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    """(Owners) every declaration of the selection's seats, the open ones first to decide."""
    selection = selection_for(request, selection_id, role=Role.OWNER)
    rows = list(declarations_of(selection))
    context: dict[str, Any] = _context(
        request, selection, "conflicts",
        conflicts=[d for d in rows if d.is_conflict],
        pending=[d for d in rows if d.is_conflict and d.decision == "pending"],
        no_relationship=[d for d in rows if not d.is_conflict],
        can_reopen=not scoring_setup_of(selection).closed,
    )
    return render(request, "evaluation/conflicts.html", context)


@require_http_methods(["GET", "POST"])
@membership_required(Role.VIEWER)
def conflict_decide(request: OrgRequest, selection_id: UUID, declaration_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id, role=Role.OWNER)
    declaration = declaration_in(selection, declaration_id)
    decided = declaration.decided_at is not None
    initial = {"decision": declaration.decision, "reason": declaration.decision_reason} if decided else {}
    form = ConflictDecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.conflict_decide(actor=request.user, declaration=declaration, **form.cleaned_data)
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            if declaration.excluded:
                messages.success(request, _("%(who)s's scores of %(name)s are left out of the ranking.")
                                 % {"who": declaration.evaluator.user.display_name, "name": declaration.candidate.name})
            else:
                messages.success(request, _("Accepted: %(who)s's scores of %(name)s count.")
                                 % {"who": declaration.evaluator.user.display_name, "name": declaration.candidate.name})
            return redirect("evaluation:conflicts", selection_id=selection.pk)
    context = _context(request, selection, "conflicts", seat=seat_of(request.user, selection), form=form,
                       declaration=declaration)
    return render(request, "evaluation/conflict_decide.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@membership_required(Role.VIEWER)
def conflict_reopen(request: OrgRequest, selection_id: UUID, declaration_id: UUID) -> HttpResponse:
    """(Owners) reopen an evaluator's declaration about a firm, with a reason: asks for confirmation."""
    selection = selection_for(request, selection_id, role=Role.OWNER)
    declaration = declaration_in(selection, declaration_id)
    form = ReopenDeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        who, name = declaration.evaluator.user.display_name, declaration.candidate.name
        try:
            services.conflict_reopen(actor=request.user, declaration=declaration, **form.cleaned_data)
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Reopened: %(who)s declares again about %(name)s before scoring it, and "
                                        "has been sent a message.") % {"who": who, "name": name})
            return redirect("evaluation:conflicts", selection_id=selection.pk)
    context = _context(request, selection, "conflicts", seat=seat_of(request.user, selection), form=form,
                       declaration=declaration)
    return render(request, "evaluation/conflict_reopen.html", context, status=400 if form.errors else 200)
