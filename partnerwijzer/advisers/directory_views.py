"""The provider directory's pages (issue 17, item 5): the list with filters, a firm with its
verified references and where it was copied, adding, editing and deleting (with confirmation),
copying a firm into a client's longlist, and the own-interest declarations. Only members of the
adviser organisation, in its own session, reach them (accounts/access.py ``adviser_required``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from decisioncore.market import MIN_COMPANIES
from partnerwijzer.accounts.access import OrgRequest, adviser_required, object_for
from partnerwijzer.accounts.models import User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.advisers import directory, selectors
from partnerwijzer.advisers.client_selection import apply_to_client_selection
from partnerwijzer.advisers.forms import DirectoryCopyForm, DirectoryFirmForm, DirectoryReferenceForm, InterestForm
from partnerwijzer.advisers.market import selectors as market_selectors
from partnerwijzer.advisers.models import DirectoryFirm, DirectoryReference, InterestDeclaration
from partnerwijzer.clock import today
from partnerwijzer.sourcing.forms import provider_type_choices
from partnerwijzer.sourcing.selectors import provider_type_name


def _filters(request: OrgRequest) -> directory.DirectoryFilters:
    get = request.GET
    types = {key for key, _label in provider_type_choices() if key}
    provider_type = get.get("provider_type", "")
    return directory.DirectoryFilters(
        q=get.get("q", "").strip()[:100], provider_type=provider_type if provider_type in types else "",
        country=get.get("country", "").strip()[:2], language=get.get("language", "").strip()[:2],
        region=get.get("region", "").strip()[:100], verified_only=get.get("verified") == "1",
    )


def _label(firms: list[DirectoryFirm]) -> list[DirectoryFirm]:
    language = get_language()
    for firm in firms:
        firm.provider_type_label = provider_type_name(firm.provider_type, language)  # type: ignore[attr-defined]
    return firms


def _members(request: OrgRequest) -> list[User]:
    return list(User.objects.filter(memberships__organisation=request.membership.organisation)
                .order_by("full_name", "email"))


def _firm(request: OrgRequest, firm_id: Any, role: Role = Role.VIEWER) -> DirectoryFirm:
    return object_for(request, DirectoryFirm.objects.select_related("adviser"), role=role, via="adviser", pk=firm_id)


@adviser_required()
def directory_list(request: OrgRequest) -> HttpResponse:
    """The directory with filters; a fixed number of queries whatever the number of firms."""
    adviser = request.membership.organisation
    filters = _filters(request)
    firms = _label(directory.firms_of(adviser, filters))
    return render(request, "advisers/directory.html", {
        "firms": firms, "filters": filters, "provider_types": [c for c in provider_type_choices() if c[0]],
        "declarations": directory.declarations_of([adviser.pk])[adviser.pk],
        "filtered": any((filters.q, filters.provider_type, filters.country, filters.language, filters.region,
                         filters.verified_only)),
    })


def _firm_context(request: OrgRequest, firm: DirectoryFirm, **extra: object) -> dict[str, object]:
    adviser = request.membership.organisation
    loaded = directory.firm_of(adviser, firm.pk) or firm
    _label([loaded])
    selections = selectors.selections_of_clients(adviser)
    context: dict[str, object] = {
        "firm": loaded, "references": list(loaded.references.all()), "copies": directory.copies_of(loaded),
        "reference_form": DirectoryReferenceForm(initial={"verified_on": today()}),
        "copy_form": DirectoryCopyForm(selections=selections), "has_selections": bool(selections),
        "declarations": directory.declarations_of([adviser.pk])[adviser.pk],
        "market": next(iter(market_selectors.firm_figures(adviser, loaded.pk)), None),
        "min_companies": MIN_COMPANIES,
    }
    context.update(extra)
    return context


@adviser_required()
def firm_detail(request: OrgRequest, firm_id: str) -> HttpResponse:
    return render(request, "advisers/directory_firm.html", _firm_context(request, _firm(request, firm_id)))


@adviser_required(Role.EVALUATOR)
@require_http_methods(["GET", "POST"])
def firm_create(request: OrgRequest) -> HttpResponse:
    form = DirectoryFirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            firm = directory.directory_firm_create(actor=request.user, adviser=request.membership.organisation,
                                                   **form.cleaned_data)
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("%(name)s is in the directory.") % {"name": firm.name})
            return redirect("advisers:directory_firm", firm.pk)
    return render(request, "advisers/directory_firm_form.html", {"form": form, "firm": None},
                  status=400 if form.errors else 200)


@adviser_required(Role.EVALUATOR)
@require_http_methods(["GET", "POST"])
def firm_edit(request: OrgRequest, firm_id: str) -> HttpResponse:
    firm = _firm(request, firm_id, Role.EVALUATOR)
    initial = {f: getattr(firm, f) for f in directory.FIRM_FIELDS}
    form = DirectoryFirmForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            directory.directory_firm_update(actor=request.user, firm=firm, **form.cleaned_data)
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("advisers:directory_firm", firm.pk)
    return render(request, "advisers/directory_firm_form.html", {"form": form, "firm": firm},
                  status=400 if form.errors else 200)


@adviser_required(Role.EVALUATOR)
@require_http_methods(["GET", "POST"])
def firm_delete(request: OrgRequest, firm_id: str) -> HttpResponse:
    firm = _firm(request, firm_id, Role.EVALUATOR)
    if request.method == "POST":
        directory.directory_firm_delete(actor=request.user, firm=firm)
        messages.success(request, _("%(name)s was removed from the directory.") % {"name": firm.name})
        return redirect("advisers:directory")
    return render(request, "advisers/directory_firm_delete.html", {"firm": firm, "copies": directory.copies_of(firm)})


@adviser_required(Role.EVALUATOR)
@require_POST
def reference_add(request: OrgRequest, firm_id: str) -> HttpResponse:
    firm = _firm(request, firm_id, Role.EVALUATOR)
    form = DirectoryReferenceForm(request.POST)
    if form.is_valid():
        try:
            directory.directory_reference_add(actor=request.user, firm=firm, **form.cleaned_data)
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Reference recorded as verified."))
            return redirect("advisers:directory_firm", firm.pk)
    return render(request, "advisers/directory_firm.html", _firm_context(request, firm, reference_form=form),
                  status=400)


@adviser_required(Role.EVALUATOR)
@require_http_methods(["GET", "POST"])
def reference_delete(request: OrgRequest, firm_id: str, reference_id: str) -> HttpResponse:
    firm = _firm(request, firm_id, Role.EVALUATOR)
    reference = object_for(request, DirectoryReference.objects.select_related("firm__adviser"), role=Role.EVALUATOR,
                           via="firm__adviser", pk=reference_id, firm=firm)
    if request.method == "POST":
        directory.directory_reference_delete(actor=request.user, reference=reference)
        messages.success(request, _("Reference deleted."))
        return redirect("advisers:directory_firm", firm.pk)
    return render(request, "advisers/directory_reference_delete.html", {"firm": firm, "reference": reference})


@adviser_required(Role.EVALUATOR)
@require_POST
def firm_copy(request: OrgRequest, firm_id: str) -> HttpResponse:
    """Add the firm to a client's longlist; the adviser must work alongside in that client."""
    firm = _firm(request, firm_id, Role.EVALUATOR)
    return apply_to_client_selection(
        request, DirectoryCopyForm,
        apply=lambda selection: directory.directory_firm_copy(actor=request.user, firm=firm, selection=selection),
        success=lambda selection: _("%(firm)s is now on the longlist of %(selection)s at %(client)s.") % {
            "firm": firm.name, "selection": selection.title, "client": selection.organisation.name},
        done=lambda: redirect("advisers:directory_firm", firm.pk),
        refused=lambda form: render(request, "advisers/directory_firm.html",
                                    _firm_context(request, firm, copy_form=form), status=400),
    )


def _interests_context(request: OrgRequest, **extra: object) -> dict[str, object]:
    adviser = request.membership.organisation
    context: dict[str, object] = {
        "declarations": directory.declarations_of([adviser.pk])[adviser.pk],
        "form": InterestForm(members=_members(request)),
    }
    context.update(extra)
    return context


@adviser_required()
def interests(request: OrgRequest) -> HttpResponse:
    return render(request, "advisers/interests.html", _interests_context(request))


@adviser_required(Role.EVALUATOR)
@require_POST
def interest_declare(request: OrgRequest) -> HttpResponse:
    members = _members(request)
    form = InterestForm(request.POST, members=members)
    if form.is_valid():
        who = form.cleaned_data["who"]
        try:
            directory.interest_declare(
                actor=request.user, adviser=request.membership.organisation, kind=form.cleaned_data["kind"],
                provider=form.cleaned_data["provider"], details=form.cleaned_data["details"],
                adviser_user=next((u for u in members if str(u.pk) == who), None),
            )
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Declaration saved. Your directory and every client now see it."))
            return redirect("advisers:interests")
    return render(request, "advisers/interests.html", _interests_context(request, form=form), status=400)


@adviser_required(Role.EVALUATOR)
@require_http_methods(["GET", "POST"])
def interest_withdraw(request: OrgRequest, declaration_id: str) -> HttpResponse:
    declaration = object_for(request, InterestDeclaration.objects.select_related("adviser", "adviser_user"),
                             role=Role.EVALUATOR, via="adviser", pk=declaration_id)
    if request.method == "POST":
        directory.interest_withdraw(actor=request.user, declaration=declaration)
        messages.success(request, _("Declaration withdrawn."))
        return redirect("advisers:interests")
    return render(request, "advisers/interest_withdraw.html", {"declaration": declaration})
