"""Adviser mode's pages: the advisers a company granted access (client side), the clients'
grants, the portfolio and its XLSX export (a document job the worker prepares), creating a
client, criteria sets and guidance texts (adviser side). Access is decided in accounts/access.py only."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerwijzer.accounts import services as account_services
from partnerwijzer.accounts.access import OrgRequest, adviser_required, membership_required, object_for
from partnerwijzer.accounts.models import AdviserAccess
from partnerwijzer.accounts.roles import Role
from partnerwijzer.advisers import directory, selectors, services
from partnerwijzer.advisers.client_selection import apply_to_client_selection
from partnerwijzer.advisers.export import PORTFOLIO_KIND, portfolio_options
from partnerwijzer.advisers.forms import (
    ApplyForm,
    ClientCreateForm,
    CriteriaItemForm,
    CriteriaSetForm,
    GrantForm,
    GuidanceForm,
)
from partnerwijzer.advisers.market import selectors as market_selectors
from partnerwijzer.advisers.market import services as market_services
from partnerwijzer.advisers.models import CriteriaSet
from partnerwijzer.documents import selectors as document_selectors
from partnerwijzer.documents import services as document_services
from partnerwijzer.documents.models import DocumentJob
from partnerwijzer.documents.views import file_response
from partnerwijzer.journey.steps import STEPS

# --- Client side: the advisers with access -------------------------------------------------------


def _access_context(request: OrgRequest, form: GrantForm | None = None) -> dict[str, object]:
    organisation = request.membership.organisation
    advisers = selectors.adviser_organisations().exclude(pk=organisation.pk)
    grants = selectors.grants_of_client(organisation)
    active = {g.adviser_id: g.adviser for g in grants if g.revoked_at is None}
    declared = directory.declarations_of(list(active))
    consents = market_selectors.consents_of_client(organisation)
    return {
        "grants": grants,
        # Own-interest declarations of the advisers with access (issue 17, item 5).
        "interests": [(active[a], declared[a]) for a in active if declared.get(a)],
        "market_rows": [(g, consents.get(g.adviser_id)) for g in grants if g.is_active],
        "form": form or GrantForm(advisers=advisers),
        "can_manage": request.membership.manages_organisation and not organisation.is_adviser,
    }


@membership_required()
def access(request: OrgRequest) -> HttpResponse:
    """Which adviser organisations may work in this company, and every grant and revocation."""
    return render(request, "advisers/access.html", _access_context(request))


@membership_required(Role.OWNER, ownership=True)
@require_POST
def access_grant(request: OrgRequest) -> HttpResponse:
    organisation = request.membership.organisation
    form = GrantForm(request.POST, advisers=selectors.adviser_organisations().exclude(pk=organisation.pk))
    if form.is_valid():
        try:
            grant = account_services.adviser_access_grant(
                actor=request.user, client=organisation, adviser=form.cleaned_data["adviser"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("%(adviser)s now has access: %(role)s.") % {
                "adviser": grant.adviser.name, "role": grant.get_role_display()})
            return redirect("advisers:access")
    return render(request, "advisers/access.html", _access_context(request, form), status=400)


@membership_required(Role.OWNER, ownership=True)
@require_http_methods(["GET", "POST"])
def access_revoke(request: OrgRequest, grant_id: str) -> HttpResponse:
    grant = object_for(request, AdviserAccess.objects.select_related("adviser", "client"), role=Role.OWNER,
                       via="client", pk=grant_id)
    if request.method == "POST":
        account_services.adviser_access_revoke(actor=request.user, grant=grant)
        # Consent to market figures ends with the access (a later grant starts without it).
        market_services.market_consent_set(actor=request.user, grant=grant, consent=False)
        messages.success(request, _("%(adviser)s no longer has access to %(client)s.") % {
            "adviser": grant.adviser.name, "client": grant.client.name})
        return redirect("advisers:access")
    return render(request, "advisers/access_revoke.html", {"grant": grant})


# --- Adviser side --------------------------------------------------------------------------------


@adviser_required()
def clients(request: OrgRequest) -> HttpResponse:
    """Every grant the adviser organisation received and its revocation: the adviser's record."""
    adviser = request.membership.organisation
    grants = selectors.grants_of_adviser(adviser)
    consenting = market_selectors.consents_to_adviser(adviser)
    consenting_clients = sorted({g.client for g in grants if g.is_active and g.client_id in consenting},
                                key=lambda c: c.name)
    return render(request, "advisers/clients.html", {"grants": grants, "consenting_clients": consenting_clients})


PORTFOLIO_PAGE_SIZE = 50
"""Clients per page of the portfolio."""


@dataclass(frozen=True)
class PortfolioArgs:
    """The portfolio's filters and sorting from the query string; unknown values are ignored."""

    flag: str
    step: str
    sort: str

    @classmethod
    def of(cls, request: OrgRequest) -> PortfolioArgs:
        flag, step, sort = (request.GET.get(k, "") for k in ("flag", "step", "sort"))
        return cls(flag=flag if flag in selectors.FLAG_KEYS else "",
                   step=step if step in {s.key for s in STEPS} else "",
                   sort=sort if sort in {"name", "progress", "flags"} else "name")

    def query(self) -> str:
        return "&".join(f"{k}={v}" for k, v in (("flag", self.flag), ("step", self.step), ("sort", self.sort)) if v)


@adviser_required()
def portfolio(request: OrgRequest) -> HttpResponse:
    """The adviser's home: every client, its journey per step, overdue tasks and flags."""
    args = PortfolioArgs.of(request)
    # A page of clients at a time, filtered, sorted and counted in the database over the stored
    # per-client rows (docs/advisers.md, "Stored rows"): with a hub's 2,000 clients computing and
    # rendering them all took seconds (bench/bench_portfolio_scale.py); the export has them all.
    page = selectors.portfolio_page(request.membership.organisation, flag=args.flag, step=args.step,
                                    sort=args.sort, number=request.GET.get("page"), per_page=PORTFOLIO_PAGE_SIZE)
    return render(request, "advisers/portfolio.html", {
        "rows": page.paginator.count, "page": page, "steps": STEPS, "args": args, "flag_keys": selectors.FLAG_KEYS,
        "export_query": args.query(),
        "withdrawn": selectors.recently_withdrawn(request.membership.organisation),
        **_exports_context(request),
    })


def _exports_context(request: OrgRequest) -> dict[str, object]:
    jobs = document_selectors.jobs_of_organisation(organisation=request.membership.organisation,
                                                   kind=PORTFOLIO_KIND)
    return {"exports": jobs, "exports_polling": document_selectors.any_active(jobs)}


@adviser_required()
@require_POST
def portfolio_export(request: OrgRequest) -> HttpResponse:
    """Queue the portfolio's workbook (every client, the page's filter and sorting) for the worker."""
    args = PortfolioArgs.of(request)
    try:
        document_services.request_organisation_document(
            actor=request.user, organisation=request.membership.organisation, kind=PORTFOLIO_KIND, format="xlsx",
            options=portfolio_options(flag=args.flag, step=args.step, sort=args.sort),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The Excel file is being prepared. Its download appears below when it is ready."))
    query = args.query()
    return redirect(reverse("advisers:portfolio") + (f"?{query}" if query else "") + "#portfolio-exports")


@adviser_required()
@require_GET
def portfolio_exports(request: OrgRequest) -> HttpResponse:
    """The export list alone: what the portfolio polls every two seconds while one is being prepared."""
    return render(request, "advisers/_exports.html", _exports_context(request))


@adviser_required()
@require_GET
def portfolio_export_download(request: OrgRequest, job_id: UUID) -> HttpResponse:
    """The prepared workbook; members of the adviser organisation only (another organisation's job,
    a selection's document and a missing one are the same 404)."""
    jobs = DocumentJob.objects.filter(kind=PORTFOLIO_KIND, selection__isnull=True)
    return file_response(object_for(request, jobs, pk=job_id))


@adviser_required(Role.EVALUATOR)
@require_http_methods(["GET", "POST"])
def client_create(request: OrgRequest) -> HttpResponse:
    """Create a company for a client and invite its owner; the adviser works alongside by default."""
    form = ClientCreateForm(request.POST or None, initial={"language": request.membership.organisation.language})
    if request.method == "POST" and form.is_valid():
        try:
            new = account_services.client_create(
                actor=request.user, adviser=request.membership.organisation, name=form.cleaned_data["name"],
                language=form.cleaned_data["language"], owner_email=form.cleaned_data["owner_email"],
            )
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            link = request.build_absolute_uri(reverse("accounts:invitation_accept", args=[new.invitation.token]))
            account_services.invitation_send(invitation=new.invitation.invitation, token=new.invitation.token)
            return render(request, "advisers/client_created.html", {"new": new, "link": link})
    return render(request, "advisers/client_create.html", {"form": form}, status=400 if form.errors else 200)


# --- Criteria sets and guidance texts ------------------------------------------------------------


def _templates_context(request: OrgRequest, **extra: object) -> dict[str, object]:
    adviser = request.membership.organisation
    context: dict[str, object] = {
        "criteria_sets": selectors.criteria_sets_of(adviser),
        "guidance_texts": selectors.guidance_texts_of(adviser),
        "set_form": CriteriaSetForm(), "guidance_form": GuidanceForm(),
    }
    context.update(extra)
    return context


@adviser_required()
def templates(request: OrgRequest) -> HttpResponse:
    return render(request, "advisers/templates.html", _templates_context(request))


@adviser_required(Role.EVALUATOR)
@require_POST
def criteria_set_create(request: OrgRequest) -> HttpResponse:
    form = CriteriaSetForm(request.POST)
    if form.is_valid():
        try:
            criteria_set = services.criteria_set_create(
                actor=request.user, adviser=request.membership.organisation, **form.cleaned_data)
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            return redirect("advisers:criteria_set", criteria_set.pk)
    return render(request, "advisers/templates.html", _templates_context(request, set_form=form), status=400)


@adviser_required(Role.EVALUATOR)
@require_POST
def guidance_create(request: OrgRequest) -> HttpResponse:
    form = GuidanceForm(request.POST)
    if form.is_valid():
        try:
            services.guidance_text_create(actor=request.user, adviser=request.membership.organisation,
                                          **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Guidance text saved."))
            return redirect("advisers:templates")
    return render(request, "advisers/templates.html", _templates_context(request, guidance_form=form), status=400)


def _set_context(request: OrgRequest, criteria_set: CriteriaSet, **extra: object) -> dict[str, object]:
    selections = selectors.selections_of_clients(request.membership.organisation)
    context: dict[str, object] = {
        "criteria_set": criteria_set, "items": list(criteria_set.items.all()),
        "item_form": CriteriaItemForm(), "apply_form": ApplyForm(selections=selections),
        "has_selections": bool(selections),
    }
    context.update(extra)
    return context


def _criteria_set(request: OrgRequest, set_id: str, role: Role = Role.VIEWER) -> CriteriaSet:
    return object_for(request, CriteriaSet.objects.select_related("adviser"), role=role, via="adviser", pk=set_id)


@adviser_required()
def criteria_set(request: OrgRequest, set_id: str) -> HttpResponse:
    return render(request, "advisers/criteria_set.html", _set_context(request, _criteria_set(request, set_id)))


@adviser_required(Role.EVALUATOR)
@require_POST
def criteria_item_add(request: OrgRequest, set_id: str) -> HttpResponse:
    criteria_set = _criteria_set(request, set_id, Role.EVALUATOR)
    form = CriteriaItemForm(request.POST)
    if form.is_valid():
        try:
            services.criteria_set_item_add(actor=request.user, criteria_set=criteria_set, **form.cleaned_data)
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            return redirect("advisers:criteria_set", criteria_set.pk)
    return render(request, "advisers/criteria_set.html", _set_context(request, criteria_set, item_form=form),
                  status=400)


@adviser_required(Role.EVALUATOR)
@require_POST
def criteria_set_apply(request: OrgRequest, set_id: str) -> HttpResponse:
    """Copy the set into a client's selection; the adviser must work alongside in that client."""
    criteria_set = _criteria_set(request, set_id, Role.EVALUATOR)
    return apply_to_client_selection(
        request, ApplyForm,
        apply=lambda selection: services.criteria_set_apply(
            actor=request.user, criteria_set=criteria_set, selection=selection),
        success=lambda selection: _("The criteria of %(set)s are now part of %(selection)s at %(client)s.") % {
            "set": criteria_set.name, "selection": selection.title, "client": selection.organisation.name},
        done=lambda: redirect("advisers:criteria_set", criteria_set.pk),
        refused=lambda form: render(request, "advisers/criteria_set.html",
                                    _set_context(request, criteria_set, apply_form=form), status=400),
    )


@adviser_required(Role.EVALUATOR)
@require_http_methods(["GET", "POST"])
def criteria_set_delete(request: OrgRequest, set_id: str) -> HttpResponse:
    criteria_set = _criteria_set(request, set_id, Role.EVALUATOR)
    if request.method == "POST":
        services.criteria_set_delete(actor=request.user, criteria_set=criteria_set)
        messages.success(request, _("Criteria set deleted."))
        return redirect("advisers:templates")
    return render(request, "advisers/criteria_set_delete.html", {"criteria_set": criteria_set})
