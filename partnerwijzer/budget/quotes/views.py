"""The quotes page of a use case: each candidate's quote per cost category against the own
estimate and the guide's range, the three-year cost of ownership, and the owner's choice to let
the quotes set the price criterion.

Views only check access (``planning.lookups``), validate, call a service or selector and render.
Owners write; evaluators and viewers read; another organisation's use case, candidate or
selection is the same 404 as a missing one, and so is a candidate or selection of another use case.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerwijzer.accounts.access import OrgRequest, membership_required, not_found, object_for
from partnerwijzer.accounts.roles import Role
from partnerwijzer.budget.models import TCO_YEARS, Quote
from partnerwijzer.budget.quotes import selectors as quote_selectors
from partnerwijzer.budget.quotes import services as quote_services
from partnerwijzer.budget.quotes.forms import PriceSourceForm, QuoteForm
from partnerwijzer.evaluation.scoring import services as scoring_services
from partnerwijzer.planning.lookups import use_case_for
from partnerwijzer.planning.models import UseCase
from partnerwijzer.sourcing.lookups import candidate_for
from partnerwijzer.sourcing.models import Candidate, Selection

STEP = "budget"


def _candidate(request: OrgRequest, use_case: UseCase, candidate_id: UUID, role: Role) -> Candidate:
    candidate = candidate_for(request, candidate_id, role)
    if candidate.selection.use_case_id != use_case.pk:
        raise not_found()
    return candidate


def _quotes_url(use_case: UseCase, candidate: Candidate | None = None) -> str:
    url = reverse("budget:quotes", kwargs={"use_case_id": use_case.pk})
    return f"{url}#q-{candidate.pk}" if candidate is not None else url


@membership_required(Role.VIEWER)
@require_GET
def quotes(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    use_case = use_case_for(request, use_case_id)
    overview = quote_selectors.quotes_overview(use_case)
    return render(
        request, "budget/quotes.html",
        {"use_case": use_case, "overview": overview, "guide_figures": quote_selectors.guide_figures(),
         "far_below": quote_selectors.FAR_BELOW_FACTOR, "far_above": quote_selectors.FAR_ABOVE_FACTOR,
         "tco_years": TCO_YEARS, "budget_tab": "quotes", "active_step": STEP},
    )


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def quote_edit(request: OrgRequest, use_case_id: UUID, candidate_id: UUID) -> HttpResponse:
    use_case = use_case_for(request, use_case_id, Role.OWNER)
    candidate = _candidate(request, use_case, candidate_id, Role.OWNER)
    quote = Quote.objects.filter(candidate=candidate).prefetch_related("lines").first()
    form = QuoteForm(request.POST or None, initial=QuoteForm.initial_for(quote))
    if request.method == "POST" and form.is_valid():
        try:
            quote_services.quote_save(
                actor=request.user, candidate=candidate, lines=form.amounts(),
                running_per_year=form.cleaned_data.get("running_per_year"),
                received_on=form.cleaned_data.get("received_on"), note=form.cleaned_data.get("note") or "",
            )
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Quote of %(name)s saved.") % {"name": candidate.name})
            return redirect(_quotes_url(use_case, candidate))
    comparison = quote_selectors.candidate_quote(candidate)
    return render(
        request, "budget/quotes_edit.html",
        {"use_case": use_case, "candidate": candidate, "quote": quote, "form": form, "comparison": comparison,
         "tco_years": TCO_YEARS, "budget_tab": "quotes", "active_step": STEP},
        status=400 if form.errors else 200,
    )


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def quote_delete(request: OrgRequest, use_case_id: UUID, candidate_id: UUID) -> HttpResponse:
    use_case = use_case_for(request, use_case_id, Role.OWNER)
    candidate = _candidate(request, use_case, candidate_id, Role.OWNER)
    if request.method == "POST":
        if quote_services.quote_delete(actor=request.user, candidate=candidate):
            messages.success(request, _("Quote of %(name)s deleted.") % {"name": candidate.name})
        return redirect(_quotes_url(use_case))
    quote = Quote.objects.filter(candidate=candidate).first()
    return render(
        request, "budget/quotes_delete.html",
        {"use_case": use_case, "candidate": candidate, "quote": quote, "budget_tab": "quotes", "active_step": STEP},
    )


@membership_required(Role.OWNER)
@require_POST
def price_source(request: OrgRequest, use_case_id: UUID, selection_id: UUID) -> HttpResponse:
    use_case = use_case_for(request, use_case_id, Role.OWNER)
    selection = object_for(request, Selection.objects.select_related("organisation"), role=Role.OWNER,
                           pk=selection_id)
    if selection.use_case_id != use_case.pk:
        raise not_found()
    form = PriceSourceForm(request.POST)
    form.is_valid()  # a checkbox: always valid, unchecked is False
    enabled = bool(form.cleaned_data.get("price_from_quotes"))
    scoring_services.price_from_quotes_set(actor=request.user, selection=selection, enabled=enabled)
    if enabled:
        messages.success(request, _("Price in the ranking of %(title)s now comes from the quotes, once every "
                                    "candidate has one.") % {"title": selection.title})
    else:
        messages.success(request, _("Price in the ranking of %(title)s comes from the evaluators' scores again.")
                         % {"title": selection.title})
    return redirect(f"{_quotes_url(use_case)}#s-{selection.pk}")
