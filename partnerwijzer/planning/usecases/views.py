"""Plan pages: company profile, use cases with KPIs and the problem check, priorities with the
matrix chart, and the one-page AI plan per use case.

Views only check access (``partnerwijzer.accounts.access``), validate, call a service and
render. Owners write; evaluators and viewers read. Another organisation's use case or KPI is
the same 404 as a missing one.
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
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerwijzer.accounts.access import OrgRequest, membership_required
from partnerwijzer.accounts.roles import Role
from partnerwijzer.knowledge.loader import reference
from partnerwijzer.pagelinks import links_for
from partnerwijzer.planning import providers
from partnerwijzer.planning.lookups import kpi_for, use_case_for
from partnerwijzer.planning.models import CompanyProfile, UseCase
from partnerwijzer.planning.readiness.display import LIGHT_WORDS
from partnerwijzer.planning.readiness.rules import Light
from partnerwijzer.planning.usecases import charts, selectors, services
from partnerwijzer.planning.usecases.check_outcomes import check_outcomes
from partnerwijzer.planning.usecases.forms import (
    REGION_SUGGESTIONS,
    KpiForm,
    PriorityForm,
    ProfileForm,
    UseCaseForm,
)
from partnerwijzer.planning.usecases.problem_check import problem_check

STEP = "plan"  # highlights "Plan" in the journey navigation




def _detail(use_case: UseCase, anchor: str = "") -> str:
    url = reverse("planning:usecase_detail", kwargs={"use_case_id": use_case.pk})
    return f"{url}#{anchor}" if anchor else url


def _priority_prefix(use_case: UseCase) -> str:
    return f"uc-{use_case.pk}"


# --- Company profile ---------------------------------------------------------------------------


@membership_required(Role.VIEWER)
@require_GET
def profile(request: OrgRequest) -> HttpResponse:
    profile = selectors.profile_of(organisation=request.membership.organisation)
    nace = str(services.NACE_SECTIONS.get(profile.nace_section, "")) if profile else ""
    return render(request, "planning/profile.html", {"profile": profile, "nace": nace, "active_step": STEP})


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def profile_edit(request: OrgRequest) -> HttpResponse:
    organisation = request.membership.organisation
    instance = selectors.profile_of(organisation=organisation) or CompanyProfile(organisation=organisation)
    form = ProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data[field] for field in services.PROFILE_FIELDS}
        # The form already wrote into ``instance``; the service compares against the stored row.
        try:
            services.profile_update(actor=request.user, organisation=organisation, **data)
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Company profile saved."))
            return redirect("planning:profile")
    context = {"form": form, "regions": REGION_SUGGESTIONS, "active_step": STEP}
    return render(request, "planning/profile_form.html", context, status=400 if form.errors else 200)


# --- Use cases ---------------------------------------------------------------------------------


@membership_required(Role.VIEWER)
@require_GET
def usecase_list(request: OrgRequest) -> HttpResponse:
    organisation = request.membership.organisation
    rows = selectors.use_case_rows(organisation=organisation)
    context = {
        "rows": rows,
        "has_profile": selectors.profile_of(organisation=organisation) is not None,
        "departments": reference().department_budget,
        "active_step": STEP,
    }
    return render(request, "planning/usecase_list.html", context)


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def usecase_create(request: OrgRequest) -> HttpResponse:
    form = UseCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            use_case = services.use_case_create(
                actor=request.user, organisation=request.membership.organisation, **form.cleaned_data
            )
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Use case saved. Now add a KPI: what you measure today and the target."))
            return redirect(_detail(use_case, "kpis"))
    return render(
        request, "planning/usecase_form.html", {"form": form, "active_step": STEP}, status=400 if form.errors else 200
    )


def _detail_context(request: OrgRequest, use_case: UseCase, **extra: Any) -> dict[str, Any]:
    kpis = list(selectors.kpis_of(use_case=use_case))
    check = problem_check(
        statement=use_case.problem_statement, current_state=use_case.current_state, kpis=kpis
    )
    context: dict[str, Any] = {
        "use_case": use_case,
        "kpis": selectors.kpi_rows(kpis),
        "check": check,
        "issues": selectors.problem_check_texts(check),
        "department": selectors.department_name(use_case.department) if use_case.department else "",
        "info": selectors.archetype_info(use_case.archetype),
        "priority": selectors.priority_of(use_case),
        "selections": providers.selections_of(use_case),
        "checks": check_outcomes(use_case),
        "later_links": links_for("planning.use_case", use_case, is_owner=request.membership.is_owner),
        "active_step": STEP,
    }
    if request.membership.is_owner and "kpi_form" not in extra:
        context["kpi_form"] = KpiForm(initial={"direction": "lower"})
    context.update(extra)
    return context


@membership_required(Role.VIEWER)
@require_GET
def usecase_detail(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    use_case = use_case_for(request, use_case_id)
    return render(request, "planning/usecase_detail.html", _detail_context(request, use_case))


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def usecase_update(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    use_case = use_case_for(request, use_case_id, Role.OWNER)
    form = UseCaseForm(request.POST or None, initial=UseCaseForm.initial_for(use_case))
    if request.method == "POST" and form.is_valid():
        try:
            services.use_case_update(actor=request.user, use_case=use_case, **form.cleaned_data)
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Use case saved."))
            return redirect(_detail(use_case))
    context = {"form": form, "use_case": use_case, "active_step": STEP}
    return render(request, "planning/usecase_form.html", context, status=400 if form.errors else 200)


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def usecase_delete(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    use_case = use_case_for(request, use_case_id, Role.OWNER)
    if request.method == "POST":
        title = use_case.title
        services.use_case_delete(actor=request.user, use_case=use_case)
        messages.success(request, _("The use case “%(title)s” was deleted.") % {"title": title})
        return redirect("planning:usecase_list")
    context = {
        "use_case": use_case, "kpi_count": use_case.kpis.count(),
        "selection_count": len(providers.selections_of(use_case)), "active_step": STEP,
    }
    return render(request, "planning/usecase_delete.html", context)


# --- KPIs --------------------------------------------------------------------------------------


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def kpi_create(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    use_case = use_case_for(request, use_case_id, Role.OWNER)
    form = KpiForm(request.POST or None, initial={"direction": "lower"})
    if request.method == "POST" and form.is_valid():
        try:
            services.kpi_create(actor=request.user, use_case=use_case, **form.cleaned_data)
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("KPI added."))
            return redirect(_detail(use_case, "kpis"))
    context = {"form": form, "use_case": use_case, "active_step": STEP}
    return render(request, "planning/kpi_form.html", context, status=400 if form.errors else 200)


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def kpi_update(request: OrgRequest, kpi_id: UUID) -> HttpResponse:
    kpi = kpi_for(request, kpi_id, Role.OWNER)
    form = KpiForm(request.POST or None, initial=KpiForm.initial_for(kpi))
    if request.method == "POST" and form.is_valid():
        try:
            services.kpi_update(actor=request.user, kpi=kpi, **form.cleaned_data)
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("KPI saved."))
            return redirect(_detail(kpi.use_case, "kpis"))
    context = {"form": form, "kpi": kpi, "use_case": kpi.use_case, "active_step": STEP}
    return render(request, "planning/kpi_form.html", context, status=400 if form.errors else 200)


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def kpi_delete(request: OrgRequest, kpi_id: UUID) -> HttpResponse:
    kpi = kpi_for(request, kpi_id, Role.OWNER)
    if request.method == "POST":
        use_case, name = kpi.use_case, kpi.name
        services.kpi_delete(actor=request.user, kpi=kpi)
        messages.success(request, _("The KPI “%(name)s” was deleted.") % {"name": name})
        return redirect(_detail(use_case, "kpis"))
    return render(request, "planning/kpi_delete.html", {"kpi": kpi, "use_case": kpi.use_case, "active_step": STEP})


# --- Priorities --------------------------------------------------------------------------------


def _priorities_context(request: OrgRequest, **extra: Any) -> dict[str, Any]:
    priorities = selectors.priorities_for(organisation=request.membership.organisation)
    forms: dict[str, PriorityForm] = extra.pop("forms", {})
    rows = []
    for use_case in priorities.all:
        prefix = _priority_prefix(use_case)
        form = forms.get(prefix) or PriorityForm(
            prefix=prefix, initial={"impact": use_case.impact, "feasibility": use_case.feasibility}
        )
        rows.append((use_case, form))
    context: dict[str, Any] = {
        "priorities": priorities,
        "score_rows": rows,
        "quadrants": selectors.QUADRANTS,
        "high_from": selectors.HIGH_FROM,
        "active_step": STEP,
    }
    context.update(extra)
    return context


@membership_required(Role.VIEWER)
@require_GET
def priorities(request: OrgRequest) -> HttpResponse:
    return render(request, "planning/priorities.html", _priorities_context(request))


def _touched(request: OrgRequest, use_case: UseCase) -> bool:
    prefix = _priority_prefix(use_case)
    return any(request.POST.get(f"{prefix}-{name}") for name in ("impact", "feasibility"))


def _save_posted_scores(request: OrgRequest, use_case: UseCase, *, required: bool) -> HttpResponse | None:
    """Save the scores of every card the user touched (all or nothing), so saving one card never
    throws away another's input; with ``required`` the card whose button was pressed must be
    complete. Returns the page again with the errors (every card's input kept), or None."""
    bound = {
        uc: PriorityForm(request.POST, prefix=_priority_prefix(uc))
        for uc in selectors.priorities_for(organisation=request.membership.organisation).all
        if _touched(request, uc) or (required and uc.pk == use_case.pk)
    }
    invalid = [uc for uc, form in bound.items() if not form.is_valid()]
    if not invalid:
        try:
            scores = {uc: (form.cleaned_data["impact"], form.cleaned_data["feasibility"]) for uc, form in bound.items()}
            services.priorities_set(actor=request.user, scores=scores)
        except ValidationError as error:
            first = next(iter(bound), use_case)
            bound.setdefault(first, PriorityForm(request.POST, prefix=_priority_prefix(first))).add_error(None, error)
            invalid = [first]
        else:
            return None
    forms = {_priority_prefix(uc): form for uc, form in bound.items()}
    context = _priorities_context(request, forms=forms, error_use_case=invalid[0])
    return render(request, "planning/priorities.html", context, status=400)


@membership_required(Role.OWNER)
@require_POST
def priority_set(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    use_case = use_case_for(request, use_case_id, Role.OWNER)
    failed = _save_posted_scores(request, use_case, required=True)
    if failed is not None:
        return failed
    messages.success(request, _("Scores for “%(title)s” saved.") % {"title": use_case.title})
    return redirect(reverse("planning:priorities") + f"#score-{use_case.pk}")


@membership_required(Role.OWNER)
@require_POST
def lighthouse_set(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    use_case = use_case_for(request, use_case_id, Role.OWNER)
    failed = _save_posted_scores(request, use_case, required=False)  # the scores on the page are kept
    if failed is not None:
        return failed
    mark = request.POST.get("is_lighthouse", "1") != "0"
    services.lighthouse_set(actor=request.user, use_case=use_case, is_lighthouse=mark)
    if mark:
        messages.success(request, _("“%(title)s” is now your lighthouse candidate.") % {"title": use_case.title})
    else:
        messages.success(request, _("“%(title)s” is no longer the lighthouse candidate.") % {"title": use_case.title})
    return redirect(reverse("planning:priorities") + "#lighthouse")


def _matrix_desc(priorities: selectors.Priorities) -> str:
    if not priorities.ranked:
        return _("No use case has been scored yet.")
    parts = [
        _("%(position)s. %(title)s: impact %(impact)s, feasibility %(feasibility)s") % {
            "position": row.position, "title": row.use_case.title, "impact": row.use_case.impact,
            "feasibility": row.use_case.feasibility,
        }
        for row in priorities.ranked
    ]
    return "; ".join(parts) + "."


@membership_required(Role.VIEWER)
@require_GET
def priority_chart(request: OrgRequest) -> HttpResponse:
    priorities = selectors.priorities_for(organisation=request.membership.organisation)
    svg = charts.priority_matrix_svg(
        points=[
            charts.MatrixPoint(
                position=row.position, label=row.use_case.title, impact=row.use_case.impact or 0,
                feasibility=row.use_case.feasibility or 0, lighthouse=row.use_case.is_lighthouse,
            )
            for row in priorities.ranked
        ],
        quadrant_labels={key: str(label).split(":", 1)[0] for key, label in selectors.QUADRANTS.items()},
        x_label=_("Feasibility"),
        y_label=_("Business impact"),
        lighthouse_label=_("Ring: lighthouse candidate. Numbers: place in the ranked list."),
        title=_("Prioritisation matrix of your use cases"),
        desc=_matrix_desc(priorities),
    )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="priorities.svg"'
    response["Cache-Control"] = "private, no-cache"  # changes with every score
    return response


# --- AI plan summary ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryCheck:
    """One of the other checks on the AI plan: its result in one line, or a link to start it."""

    key: str
    title: str
    result: str = ""
    detail: str = ""
    url: str = ""




def _summary_checks(summary: selectors.PlanSummary) -> list[SummaryCheck]:
    """One line per other check, read through its selector; a link to start it where it is not done."""
    use_case = summary.use_case
    kwargs = {"use_case_id": use_case.pk}
    checks: list[SummaryCheck] = []

    readiness = summary.readiness
    url = reverse("planning:readiness", kwargs=kwargs)
    if readiness is None:
        checks.append(SummaryCheck("readiness", _("Readiness"), url=url))
    elif not readiness.complete or readiness.light is None:
        progress = _("%(answered)s of %(total)s questions answered") % {
            "answered": readiness.answered, "total": readiness.total,
        }
        checks.append(SummaryCheck("readiness", _("Readiness"), result=_("In progress"), detail=progress, url=url))
    else:
        risks = ngettext("%(count)s risk found", "%(count)s risks found", len(readiness.risks)) % {
            "count": len(readiness.risks)
        }
        checks.append(SummaryCheck("readiness", _("Readiness"), result=str(LIGHT_WORDS[Light(readiness.light)]),
                                   detail=risks, url=reverse("planning:readiness_result", kwargs=kwargs)))

    advice = summary.model_advice
    url = reverse("planning:advice", kwargs=kwargs)
    lang = (translation.get_language() or "nl")[:2]
    if advice is None or advice.recommended is None:
        checks.append(SummaryCheck("model", _("Recommended model"), url=url))
    else:
        name = reference().implementation_model(advice.recommended).name.get(lang)
        detail = ""
        if use_case.chosen_model:
            chosen = reference().implementation_model(use_case.chosen_model).name.get(lang)
            detail = _("Chosen: %(model)s") % {"model": chosen}
        checks.append(SummaryCheck("model", _("Recommended model"), result=name, detail=detail, url=url))

    ai_act = summary.ai_act
    if ai_act is None:
        checks.append(SummaryCheck("ai_act", _("AI Act"), url=reverse("planning:ai_act_start", kwargs=kwargs)))
    else:
        checks.append(SummaryCheck("ai_act", _("AI Act"), result=ai_act.tier_label, detail=ai_act.role_label,
                                   url=ai_act.url))

    gdpr = summary.gdpr
    if gdpr is None:
        checks.append(SummaryCheck("gdpr", _("DPIA needed?"), url=reverse("planning:gdpr_start", kwargs=kwargs)))
    else:
        checks.append(SummaryCheck("gdpr", _("DPIA needed?"), result=gdpr.verdict_label, url=gdpr.url))
    return checks


@membership_required(Role.VIEWER)
@require_GET
def plan_summary(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    use_case = use_case_for(request, use_case_id)
    summary = selectors.plan_summary_for(use_case)
    context = {"summary": summary, "checks": _summary_checks(summary), "use_case": use_case, "active_step": STEP}
    return render(request, "planning/plan_summary.html", context)
