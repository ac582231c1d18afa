"""The funding page of a use case: programmes that fit the company and the project, those that do
not (with why), ended and closed ones, and the company's applications with the amount that counts
in the return. Members read (and may look at another kind of project with ``?project=``); owners
record applications and store the kind of project on the budget, the default for matching.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from partnerwijzer import clock
from partnerwijzer.accounts.access import OrgRequest, membership_required
from partnerwijzer.accounts.roles import Role
from partnerwijzer.budget.funding import match as funding_match
from partnerwijzer.budget.funding import services as funding_services
from partnerwijzer.budget.funding.forms import ApplicationForm, ProjectTypeForm
from partnerwijzer.budget.models import FUNDING_COUNTS_IN_ROI, FundingApplication
from partnerwijzer.knowledge.loader import reference
from partnerwijzer.knowledge.schema import Source
from partnerwijzer.knowledge.topics import funding as funding_data
from partnerwijzer.knowledge.topics.funding import Programme, format_partial_date
from partnerwijzer.planning.lookups import use_case_for
from partnerwijzer.planning.models import UseCase

STEP = "budget"

STATUS_WORDS = {
    "open": gettext_lazy("Open"),
    "upcoming": gettext_lazy("Opens later"),
    "window_unknown": gettext_lazy("Running; application window not verified"),
    "closed": gettext_lazy("Closed"),
    "ended": gettext_lazy("Ended"),
}


@dataclass
class ProgrammeRow:
    programme: Programme
    status: str
    status_word: str
    reasons: list[str]
    source: Source
    verified: str
    application: FundingApplication | None
    form: ApplicationForm | None
    # Past the programme's verify_by date: shown as "last verified <date>, may be out of date".
    stale: bool = False


@dataclass
class ApplicationRow:
    application: FundingApplication
    name: str
    counts: bool


def _language() -> str:
    return translation.get_language() or "nl"


def _row(
    match: funding_match.Match, state: funding_services.FundingState, *, can_edit: bool,
    bound: tuple[str, ApplicationForm] | None, excluded: bool = False,
) -> ProgrammeRow:
    programme = match.programme
    application = state.application(programme.key)
    form: ApplicationForm | None = None
    ended = match.status in funding_match.NOT_APPLICABLE
    if can_edit and (not ended or application is not None):
        if bound is not None and bound[0] == programme.key:
            form = bound[1]
        else:
            form = ApplicationForm(initial=ApplicationForm.initial_for(application), prefix_key=programme.key)
    return ProgrammeRow(
        programme=programme, status=match.status, status_word=str(STATUS_WORDS[match.status]),
        reasons=[funding_match.summary_text(match.reasons)] if excluded else [
            funding_match.reason_text(r) for r in match.reasons],
        source=reference().source(programme.source),
        verified=format_partial_date(programme.verified_on, _language()),
        application=application, form=form, stale=programme.stale_on(clock.today()),
    )


def _context(
    request: OrgRequest, use_case: UseCase, project_form: ProjectTypeForm,
    bound: tuple[str, ApplicationForm] | None = None,
) -> dict[str, Any]:
    state = funding_services.funding_state(
        use_case, project_type=project_form.project_type, today=clock.today()
    )
    can_edit = request.membership.is_owner
    catalogue = funding_data.load()
    result = state.result
    rows: dict[str, list[ProgrammeRow]] = {"matched": [], "excluded": [], "ended": []}
    if result is not None:
        for name in rows:
            rows[name] = [_row(m, state, can_edit=can_edit, bound=bound, excluded=name == "excluded")
                          for m in getattr(result, name)]
    lang = _language()
    applications = []
    for application in state.applications:
        try:
            name = catalogue.programme(application.programme).name.get(lang)
        except KeyError:  # a programme no longer in the catalogue
            name = application.programme
        applications.append(ApplicationRow(application, name, application.status in FUNDING_COUNTS_IN_ROI))
    return {
        "use_case": use_case,
        "budget_tab": "funding",
        "active_step": STEP,
        "state": state,
        "project_form": project_form,
        "project_type": state.project_type,
        "saved_project_type": state.saved_project_type,
        "project_label": funding_match.project_type_label(state.project_type),
        "saved_project_label": funding_match.project_type_label(state.saved_project_type),
        "matched": rows["matched"],
        "excluded": rows["excluded"],
        "ended": rows["ended"],
        "applications": applications,
        "catalogue_note": catalogue.note,
        "can_edit": can_edit,
    }


def _page_url(use_case: UseCase, project: str | None = None) -> str:
    """The page; ``?project=`` only when it differs from the kind stored on the budget."""
    url = reverse("budget:funding", kwargs={"use_case_id": use_case.pk})
    if not project or project == funding_services.saved_project_type(use_case):
        return url
    return f"{url}?project={project}"


@membership_required(Role.VIEWER)
@require_GET
def funding(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    use_case = use_case_for(request, use_case_id)
    project_form = ProjectTypeForm(request.GET or None)
    status = 400 if project_form.is_bound and not project_form.is_valid() else 200
    return render(request, "budget/funding.html", _context(request, use_case, project_form), status=status)


@membership_required(Role.OWNER)
@require_POST
def funding_project_type(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    """Store the kind of project on the budget: the page and the API match on it from then on."""
    use_case = use_case_for(request, use_case_id, role=Role.OWNER)
    project_form = ProjectTypeForm(request.POST)
    if project_form.is_valid() and project_form.cleaned_data["project"]:
        try:
            funding_services.project_type_save(
                actor=request.user, use_case=use_case, project_type=project_form.cleaned_data["project"],
            )
        except ValidationError as error:
            project_form.add_error("project", error.message_dict.get("project_type", error.messages))
        else:
            messages.success(request, _("Kind of project saved."))
            return redirect(f"{_page_url(use_case)}#matched")
    elif not project_form.errors:
        project_form.add_error("project", _("Choose a kind of project from the list."))
    return render(request, "budget/funding.html", _context(request, use_case, project_form), status=400)


@membership_required(Role.OWNER)
@require_POST
def funding_save(request: OrgRequest, use_case_id: UUID, programme: str) -> HttpResponse:
    use_case = use_case_for(request, use_case_id, role=Role.OWNER)
    project_form = ProjectTypeForm({"project": request.POST.get("project", "")})
    form = ApplicationForm(request.POST, prefix_key=programme)
    if form.is_valid():
        try:
            funding_services.application_save(
                actor=request.user, use_case=use_case, programme=programme, status=form.cleaned_data["status"],
                expected_amount=form.cleaned_data["expected_amount"], note=form.cleaned_data["note"],
                today=clock.today(),
            )
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Funding application saved."))
            return redirect(f"{_page_url(use_case, project_form.project_type)}#programme-{programme}")
    context = _context(request, use_case, project_form, bound=(programme, form))
    if not any(row.form is form for name in ("matched", "excluded", "ended") for row in context[name]):
        # The programme is not on the page (unknown key, or no profile yet): show the error on top.
        context["top_errors"] = [str(e) for errors in form.errors.values() for e in errors]
    return render(request, "budget/funding.html", context, status=400)


@membership_required(Role.OWNER)
@require_POST
def funding_delete(request: OrgRequest, use_case_id: UUID, programme: str) -> HttpResponse:
    use_case = use_case_for(request, use_case_id, role=Role.OWNER)
    if funding_services.application_delete(actor=request.user, use_case=use_case, programme=programme):
        messages.success(request, _("Funding application removed."))
    project = ProjectTypeForm({"project": request.POST.get("project", "")}).project_type
    return redirect(f"{_page_url(use_case, project)}#applications")
