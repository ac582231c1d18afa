"""Cost estimate pages: the budget overview of every use case, and per use case the estimate with
the guide's ranges beside the company's own, the buffer, internal effort, the hidden-cost
checklist, the simulated result and its chart.

Views read the request, look the use case up through ``planning.lookups`` (the access module),
call a service or selector and render. Owners write; evaluators and viewers read. Invalid input
re-renders the form with its messages and status 400; nothing is stored.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerwijzer import formatting
from partnerwijzer.accounts.access import OrgRequest, membership_required, not_found, object_for
from partnerwijzer.accounts.roles import Role
from partnerwijzer.budget.estimate import selectors, services
from partnerwijzer.budget.estimate.charts import CHART_EXTRA, ROW_HEIGHT, RangeBar, cost_range_svg
from partnerwijzer.budget.estimate.forms import BufferForm, CostLineForm, EffortRoleForm, HiddenCostForm, plain
from partnerwijzer.budget.estimate.scaling import outside_guide_size
from partnerwijzer.budget.market import market_ranges_for, market_rows
from partnerwijzer.budget.models import CostKind, CostLine, EffortRole
from partnerwijzer.budget.services import FIRST_PROJECT_BUFFER, default_buffer
from partnerwijzer.formatting import number
from partnerwijzer.knowledge.topics import costs as cost_reference
from partnerwijzer.planning.lookups import use_case_for
from partnerwijzer.planning.models import UseCase

STEP = "budget"
TAB = "estimate"


def _page(use_case: UseCase, anchor: str = "") -> str:
    url = reverse("budget:estimate", kwargs={"use_case_id": use_case.pk})
    return f"{url}#{anchor}" if anchor else url


def _line(request: OrgRequest, use_case: UseCase, line_id: UUID) -> CostLine:
    return object_for(request, CostLine.objects.select_related("budget__use_case__organisation"), role=Role.OWNER,
                      via="budget__use_case__organisation", pk=line_id, budget__use_case=use_case)


def _role(request: OrgRequest, use_case: UseCase, role_id: UUID) -> EffortRole:
    return object_for(request, EffortRole.objects.select_related("budget__use_case__organisation"), role=Role.OWNER,
                      via="budget__use_case__organisation", pk=role_id, budget__use_case=use_case)


def _base(request: OrgRequest, use_case: UseCase, **extra: Any) -> dict[str, Any]:
    context: dict[str, Any] = {
        "use_case": use_case, "active_step": STEP, "budget_tab": TAB, "can_edit": request.membership.is_owner,
        "costs": cost_reference.load(),
    }
    context.update(extra)
    return context


# --- Overview ------------------------------------------------------------------------------------


@membership_required(Role.VIEWER)
@require_GET
def overview(request: OrgRequest) -> HttpResponse:
    """Every use case with its estimate: P50 one-off incl. buffer and running cost, or a next step."""
    rows = selectors.overview_rows(request.membership.organisation)
    context = {"rows": rows, "active_step": STEP, "can_edit": request.membership.is_owner}
    return render(request, "budget/overview.html", context)


# --- The estimate page ---------------------------------------------------------------------------


def _estimate_context(request: OrgRequest, use_case: UseCase, **extra: Any) -> dict[str, Any]:
    budget = selectors.budget_with_lines(use_case)
    one_off, running = selectors.line_rows(budget)
    present = {r.line.category for r in (*one_off, *running) if r.line.category}
    expected = {*cost_reference.CATEGORY_KEYS, services.RUNNING_CATEGORY}
    hidden = selectors.hidden_rows(budget)
    hidden_forms: dict[str, HiddenCostForm] = extra.pop("hidden_forms", {})
    hidden_items = [
        (row, hidden_forms.get(row.key) or HiddenCostForm(
            prefix=row.key, initial={"status": row.status, "amount": plain(row.amount), "note": row.note}))
        for row in hidden
    ]
    result = selectors.estimate_result(budget)
    scaling = selectors.scaling_of(use_case)
    buffer_form = extra.pop("buffer_form", None) or BufferForm(
        initial={"buffer_percent": plain(budget.buffer_percent if budget else default_buffer(use_case))})
    return _base(
        request, use_case, budget=budget, one_off_rows=one_off, running_rows=running,
        started=bool(one_off or running), missing_reference=sorted(expected - present),
        roles=selectors.role_rows(budget), hidden_items=hidden_items,
        open_hidden=[row for row in hidden if row.is_open], buffer_form=buffer_form,
        default_buffer=default_buffer(use_case), first_project_buffer=FIRST_PROJECT_BUFFER,
        result=result, chart_height=chart_height(result) if result else None, scaling=scaling,
        outside_guide_size=outside_guide_size(scaling.staff),
        market=[(ranges, market_rows(ranges, get_language()[:2] if get_language() else "nl"))
                for ranges in market_ranges_for(use_case)],
        **extra,
    )


@membership_required(Role.VIEWER)
@require_GET
def estimate(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    use_case = use_case_for(request, use_case_id)
    return render(request, "budget/estimate.html", _estimate_context(request, use_case))


@membership_required(Role.OWNER)
@require_POST
def estimate_start(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    """Create the guide's five categories and the running cost at the guide's typical ranges."""
    use_case = use_case_for(request, use_case_id, Role.OWNER)
    # The scaled ranges are an assumption the user keeps (the box is ticked) or switches off.
    scaling = selectors.scaling_of(use_case) if request.POST.get("scaled") == "1" else None
    services.estimate_start(actor=request.user, use_case=use_case, scaling=scaling)
    if scaling is not None and scaling.changes_anything:
        text = _("The guide's typical ranges, scaled by %(factor)s to your company, are filled in. Now replace "
                 "them with your own figures.") % {"factor": number(scaling.factor, digits=2)}
    else:
        text = _("The guide's typical ranges are filled in. Now replace them with your own figures.")
    messages.success(request, text)
    return redirect(_page(use_case, "lines"))


@membership_required(Role.OWNER)
@require_POST
def buffer_set(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    use_case = use_case_for(request, use_case_id, Role.OWNER)
    form = BufferForm(request.POST)
    if form.is_valid():
        try:
            services.buffer_set(actor=request.user, use_case=use_case, **form.cleaned_data)
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Buffer saved."))
            return redirect(_page(use_case, "buffer"))
    context = _estimate_context(request, use_case, buffer_form=form)
    return render(request, "budget/estimate.html", context, status=400)


@membership_required(Role.OWNER)
@require_POST
def hidden_cost_set(request: OrgRequest, use_case_id: UUID, key: str) -> HttpResponse:
    use_case = use_case_for(request, use_case_id, Role.OWNER)
    if key not in cost_reference.HIDDEN_COST_KEYS:
        raise not_found()
    form = HiddenCostForm(request.POST, prefix=key)
    if form.is_valid():
        try:
            services.hidden_cost_set(actor=request.user, use_case=use_case, key=key, **form.cleaned_data)
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Hidden cost saved."))
            return redirect(_page(use_case, f"hidden-{key}"))
    context = _estimate_context(request, use_case, hidden_forms={key: form})
    return render(request, "budget/estimate.html", context, status=400)


# --- Cost lines ----------------------------------------------------------------------------------


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def line_create(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    """Add a cost of the company's own: one-off or running per year."""
    use_case = use_case_for(request, use_case_id, Role.OWNER)
    kind = request.GET.get("kind")
    initial = {"kind": kind if kind in CostKind.values else CostKind.ONE_OFF}
    form = CostLineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.cost_line_create(actor=request.user, use_case=use_case, **form.cleaned_data)
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Cost line added."))
            return redirect(_page(use_case, "lines"))
    context = _base(request, use_case, form=form, line=None, reference=None)
    return render(request, "budget/estimate_line_form.html", context, status=400 if form.errors else 200)


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def line_update(request: OrgRequest, use_case_id: UUID, line_id: UUID) -> HttpResponse:
    """Change a line; a guide category shows the guide's range beside the fields."""
    use_case = use_case_for(request, use_case_id, Role.OWNER)
    line = _line(request, use_case, line_id)
    form = CostLineForm(request.POST or None, initial=CostLineForm.initial_for(line), line=line)
    if request.method == "POST" and form.is_valid():
        try:
            services.cost_line_update(actor=request.user, line=line, **form.cleaned_data)
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Cost line saved."))
            return redirect(_page(use_case, f"line-{line.pk}"))
    context = _base(request, use_case, form=form, line=line, label=selectors.line_label(line),
                    reference=selectors.reference_for(line.category))
    return render(request, "budget/estimate_line_form.html", context, status=400 if form.errors else 200)


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def line_delete(request: OrgRequest, use_case_id: UUID, line_id: UUID) -> HttpResponse:
    use_case = use_case_for(request, use_case_id, Role.OWNER)
    line = _line(request, use_case, line_id)
    label = selectors.line_label(line)
    if request.method == "POST":
        services.cost_line_delete(actor=request.user, line=line)
        messages.success(request, _("The cost line “%(name)s” was deleted.") % {"name": label})
        return redirect(_page(use_case, "lines"))
    return render(request, "budget/estimate_line_delete.html", _base(request, use_case, line=line, label=label))


# --- Internal effort -----------------------------------------------------------------------------


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def role_create(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    use_case = use_case_for(request, use_case_id, Role.OWNER)
    form = EffortRoleForm(request.POST or None, initial={"basis": "share", "people": 1, "weekly_hours": 40})
    if request.method == "POST" and form.is_valid():
        try:
            services.effort_role_create(actor=request.user, use_case=use_case, **form.service_fields())
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Role added."))
            return redirect(_page(use_case, "effort"))
    context = _base(request, use_case, form=form, role=None)
    return render(request, "budget/estimate_role_form.html", context, status=400 if form.errors else 200)


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def role_update(request: OrgRequest, use_case_id: UUID, role_id: UUID) -> HttpResponse:
    use_case = use_case_for(request, use_case_id, Role.OWNER)
    role = _role(request, use_case, role_id)
    form = EffortRoleForm(request.POST or None, initial=EffortRoleForm.initial_for(role))
    if request.method == "POST" and form.is_valid():
        try:
            services.effort_role_update(actor=request.user, role=role, **form.service_fields())
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Role saved."))
            return redirect(_page(use_case, "effort"))
    context = _base(request, use_case, form=form, role=role)
    return render(request, "budget/estimate_role_form.html", context, status=400 if form.errors else 200)


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def role_delete(request: OrgRequest, use_case_id: UUID, role_id: UUID) -> HttpResponse:
    use_case = use_case_for(request, use_case_id, Role.OWNER)
    role = _role(request, use_case, role_id)
    if request.method == "POST":
        name = role.name
        services.effort_role_delete(actor=request.user, role=role)
        messages.success(request, _("The role “%(name)s” was deleted.") % {"name": name})
        return redirect(_page(use_case, "effort"))
    return render(request, "budget/estimate_role_delete.html", _base(request, use_case, role=role))


# --- Chart ---------------------------------------------------------------------------------------


def chart_height(result: selectors.EstimateResult) -> int:
    """Height of the chart's image for ``result`` (as ``estimate_charts.cost_range_svg`` draws it)."""
    return int(ROW_HEIGHT * max(len(result.rows) + len(result.running_rows), 1) + CHART_EXTRA)


def chart_bars(result: selectors.EstimateResult) -> list[RangeBar]:
    per_year = _("per year")
    bars = []
    for row in (*result.rows, *result.running_rows):
        ref = row.reference
        reference = (ref.low, ref.high) if ref is not None and ref.low is not None and ref.high is not None else None
        label = row.label if row.kind == "one_off" else f"{row.label} ({per_year})"
        bars.append(RangeBar(label, float(row.band.p10), float(row.band.p50), float(row.band.p90), reference))
    return bars


def chart_desc(result: selectors.EstimateResult) -> str:
    parts = [
        _("%(label)s: P10 %(p10)s, P50 %(p50)s, P90 %(p90)s") % {
            "label": bar.label, "p10": formatting.money(bar.p10), "p50": formatting.money(bar.p50),
            "p90": formatting.money(bar.p90)}
        for bar in chart_bars(result)
    ]
    return "; ".join(parts) + "."


@membership_required(Role.VIEWER)
@require_GET
def cost_chart(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    use_case = use_case_for(request, use_case_id)
    result = selectors.estimate_result(selectors.budget_with_lines(use_case))
    if result is None:
        raise not_found()
    svg = cost_range_svg(
        bars=chart_bars(result), money=formatting.money,
        title=_("Cost range per category of “%(title)s”") % {"title": use_case.title},
        desc=chart_desc(result),
        legend_range=_("Bar: P10 to P90 of your estimate (8 in 10 simulated outcomes)"),
        legend_median=_("Mark: P50, the middle outcome"),
        legend_reference=_("Faint band: the guide's typical range (reference value, firms of 100-250 staff)"),
    )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="costs.svg"'
    response["Cache-Control"] = "private, no-cache"
    return response
