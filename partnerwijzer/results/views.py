"""Pages of the results step: the portfolio of projects, starting a project, the results page
(KPI charts with trend and status, budget burn, realised return), measurements (form, upload,
correction), actual costs, phases and gates with their decisions.

Owners write projects, phases, gates and costs; a member named as a KPI's measurer enters its
measurements; every member reads. Another organisation's object is the same 404 as a missing one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerwijzer import formatting, uploads
from partnerwijzer.accounts.access import OrgRequest, membership_required, not_found
from partnerwijzer.accounts.roles import Role
from partnerwijzer.planning.lookups import use_case_for
from partnerwijzer.planning.models import Kpi
from partnerwijzer.results import charts, selectors, services, upload
from partnerwijzer.results.forms import (
    ActualCostForm,
    CorrectionForm,
    GateDecisionForm,
    GateForm,
    KpiPlanForm,
    MeasurementForm,
    PartnerReviewForm,
    PhaseForm,
    ProjectStartForm,
    UploadForm,
)
from partnerwijzer.results.lookups import (
    actual_cost_for,
    check_may_measure,
    gate_for,
    measurement_for,
    phase_for,
    project_for,
    project_kpi_for,
)
from partnerwijzer.results.models import Project

STEP = "results"


def _project_url(project: Project, anchor: str = "") -> str:
    url = reverse("results:project", kwargs={"project_id": project.pk})
    return f"{url}#{anchor}" if anchor else url


def _status(form: Any) -> int:
    return 400 if form.errors else 200


# --- Portfolio and start -------------------------------------------------------------------------


@membership_required(Role.VIEWER)
@require_GET
def portfolio(request: OrgRequest) -> HttpResponse:
    """Every project of the organisation with its KPI status, phase and budget burn."""
    organisation = request.membership.organisation
    context = {
        "rows": selectors.portfolio_rows(organisation),
        "startable": selectors.startable_use_cases(organisation) if request.membership.is_owner else [],
        "due": selectors.due_measurements(organisation),
        "can_edit": request.membership.is_owner, "active_step": STEP,
    }
    return render(request, "results/portfolio.html", context)


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def project_start(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    """Start the project of a use case: with the partner chosen in the contract step, or with a
    partner the company already works with."""
    use_case = use_case_for(request, use_case_id, Role.OWNER)
    existing = selectors.project_of(use_case)
    if existing is not None:
        return redirect(_project_url(existing))
    prefill = selectors.start_prefill(use_case)
    form = ProjectStartForm(request.POST or None, initial={
        "partner_name": prefill.partner_name, "start_date": services.today().isoformat()})
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_start(actor=request.user, use_case=use_case, candidate=prefill.candidate,
                                             **form.cleaned_data)
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("The project has started with five phases from the guide. Enter the first "
                                        "measurements and actual costs as they come in."))
            return redirect(_project_url(project))
    context = {"use_case": use_case, "prefill": prefill, "form": form, "active_step": STEP}
    return render(request, "results/start.html", context, status=_status(form))


# --- The results page --------------------------------------------------------------------------


@membership_required(Role.VIEWER)
@require_GET
def project(request: OrgRequest, project_id: UUID) -> HttpResponse:
    project = project_for(request, project_id)
    context = selectors.results_page(project, user=request.user, is_owner=request.membership.is_owner)
    context.update({"project": project, "can_edit": request.membership.is_owner, "active_step": STEP})
    return render(request, "results/project.html", context)


@membership_required(Role.VIEWER)
@require_GET
def kpi_measurements(request: OrgRequest, project_id: UUID, kpi_id: UUID) -> HttpResponse:
    """All measurements of one KPI, newest first, a page at a time (the results page lists the latest)."""
    project = project_for(request, project_id)
    kpi = project_kpi_for(request, project, kpi_id)
    page = Paginator(selectors.measurements_of(kpi), selectors.MEASUREMENTS_PER_PAGE).get_page(request.GET.get("page"))
    plan = selectors.plan_of(kpi)
    may_correct = selectors.may_measure(plan, user=request.user, is_owner=request.membership.is_owner)
    context = {"project": project, "kpi": kpi, "page": page, "may_correct": may_correct, "active_step": STEP}
    return render(request, "results/kpi_measurements.html", context)


def _svg(body: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.svg"'
    response["Cache-Control"] = "private, no-cache"
    return response


@membership_required(Role.VIEWER)
@require_GET
def kpi_chart(request: OrgRequest, project_id: UUID, kpi_id: UUID) -> HttpResponse:
    project = project_for(request, project_id)
    kpi = project_kpi_for(request, project, kpi_id)
    view = selectors.kpi_view(project, selectors.kpi_with_measurements(kpi))
    series = selectors.kpi_series(view)
    words = charts.Words(
        title=_("%(kpi)s: measured against baseline and target") % {"kpi": kpi.name}, desc=view.reason,
        baseline=_("Baseline"), target=_("Target"), measured=_("Measured"), trend=_("Trend (band: 80 %)"),
    )
    body = charts.kpi_chart_svg(series, words, label=lambda v: selectors.value_text(round(v, 2)),
                                month=formatting.month_year)
    return _svg(body, "kpi")


@membership_required(Role.VIEWER)
@require_GET
def burn_chart(request: OrgRequest, project_id: UUID) -> HttpResponse:
    project = project_for(request, project_id)
    burn = selectors.burn_view(project)
    if burn is None:
        raise not_found()
    words = charts.Words(title=_("Actual cost against the estimate"), desc=burn.verdict, target=_("Estimate P10–P90"),
                         baseline=_("P50"), measured=_("Actual, cumulative"))
    body = charts.burn_chart_svg(burn.series, words, label=lambda v: formatting.money(round(v)),
                                 month=formatting.month_year)
    return _svg(body, "burn")


# --- Measurements -----------------------------------------------------------------------------------


def _measurable(request: OrgRequest, project: Project) -> list[Kpi]:
    """The project's KPIs the user may measure: all for owners, else those naming them as measurer."""
    kpis = selectors.kpis_with_measurements(project)
    if request.membership.is_owner:
        return kpis
    return [k for k in kpis if (plan := selectors.plan_of(k)) is not None and plan.measurer_id == request.user.pk]


@membership_required(Role.VIEWER)
@require_http_methods(["GET", "POST"])
def measurement_create(request: OrgRequest, project_id: UUID) -> HttpResponse:
    project = project_for(request, project_id)
    kpis = _measurable(request, project)
    if not kpis:
        raise PermissionDenied(_("Only owners and the member named as a KPI's measurer enter its measurements."))
    initial = {"measured_on": services.today().isoformat(), "kpi": request.GET.get("kpi") or None}
    if initial["kpi"] and str(initial["kpi"]) not in {str(k.pk) for k in kpis}:
        initial["kpi"] = None
    form = MeasurementForm(kpis, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        kpi = form.cleaned_data["kpi"]
        check_may_measure(request, kpi)
        try:
            services.measurement_add(actor=request.user, row=services.MeasurementInput(
                kpi=kpi, measured_on=form.cleaned_data["measured_on"], value=form.cleaned_data["value"],
                source=form.cleaned_data["source"], note=form.cleaned_data["note"]))
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Measurement saved."))
            return redirect(_project_url(project, f"kpi-{kpi.pk}"))
    context = {"project": project, "form": form, "back": _project_url(project), "active_step": STEP}
    return render(request, "results/measurement_form.html", context, status=_status(form))


@dataclass(frozen=True)
class _Upload:
    """One table upload of this app: how its rows are read, checked, shown, carried and stored."""

    template: str
    purpose: str  # binds the signed preview to this upload of this project (uploads.sign_rows)
    parse: Callable[[str, bytes], Any]  # -> an upload.Parsed*: problem, errors per row, rows
    check: Callable[[list[Any]], object]  # raises services.UploadRowsError
    columns: list[tuple[str, bool]]
    cells: Callable[[Any], list[str]]  # one parsed row as the preview's texts
    encode: Callable[[Any], list[Any]]  # one parsed row as JSON values, to sign
    decode: Callable[[list[Any]], Any]  # and back (raises on anything unexpected)
    heading: Callable[[int], str]
    confirm_label: str
    store: Callable[[list[tuple[int, Any]]], int]
    stored: Callable[[int], str]
    done_url: str
    cancel_url: str


def _upload_flow(request: OrgRequest, spec: _Upload, context: dict[str, Any]) -> HttpResponse:
    """GET: the form. POST a file: its problems, or a preview with the signed rows (nothing stored).
    POST the signed rows: the service checks them again and stores all or none."""
    status = 200
    if request.method == "POST" and "rows" in request.POST:
        signed = uploads.confirmed_rows(request.POST["rows"], spec.purpose)
        try:
            rows = [(int(n), spec.decode(values)) for n, values in signed or []]
        except (ValueError, TypeError, KeyError, ArithmeticError):
            rows = []
        if not rows:
            messages.error(request, _("The preview could not be read; upload the file again."))
            return redirect(request.path)
        try:
            count = spec.store(rows)
        except services.UploadRowsError as error:
            context["row_errors"], status = sorted(error.rows.items()), 400
        except ValidationError as error:
            context["problem"], status = " ".join(error.messages), 400
        else:
            messages.success(request, spec.stored(count))
            return redirect(spec.done_url)
    elif request.method == "POST":
        form = context["form"] = UploadForm(request.POST, request.FILES)
        status = _upload_check(form, spec, context)
    return render(request, spec.template, context, status=status)


def _upload_check(form: UploadForm, spec: _Upload, context: dict[str, Any]) -> int:
    """Read and check an uploaded file: the preview, or its problems (nothing is stored)."""
    if not form.is_valid():
        return 400
    file = form.cleaned_data["file"]
    parsed = spec.parse(file.name, file.read())
    if parsed.problem:
        form.add_error("file", parsed.problem)
        return 400
    checked: dict[int, list[str]] = {}
    try:
        spec.check(parsed.rows)
    except services.UploadRowsError as error:
        checked = error.rows
    row_errors = uploads.row_errors(parsed.errors, checked)
    if row_errors:
        context["row_errors"] = row_errors
        return 400
    if not parsed.rows:
        form.add_error("file", _("The file has no rows below the header."))
        return 400
    context["upload"] = uploads.Preview(
        heading=spec.heading(len(parsed.rows)), note=_("Every row is valid. Check them, then store them."),
        columns=spec.columns,
        rows=uploads.preview_rows(spec.columns, ((n, spec.cells(row), []) for n, row in parsed.rows)),
        confirm_rows=uploads.sign_rows([[n, spec.encode(row)] for n, row in parsed.rows], spec.purpose),
        confirm_label=spec.confirm_label, cancel_url=spec.cancel_url,
    )
    return 200


@membership_required(Role.VIEWER)
@require_http_methods(["GET", "POST"])
def measurement_upload(request: OrgRequest, project_id: UUID) -> HttpResponse:
    """Upload a CSV or XLSX file: a preview first with every row's problem; nothing is stored
    until a file whose rows are all valid is confirmed (owners, and measurers for their KPIs)."""
    project = project_for(request, project_id)
    kpis = _measurable(request, project)
    if not kpis:
        raise PermissionDenied(_("Only owners and the member named as a KPI's measurer enter its measurements."))
    context: dict[str, Any] = {"project": project, "kpis": kpis, "back": _project_url(project), "active_step": STEP,
                               "form": UploadForm()}
    by_id = {str(k.pk): k for k in kpis}
    return _upload_flow(request, _Upload(
        template="results/upload.html", purpose=f"results.measurements:{project.pk}",
        parse=lambda name, content: upload.parse(name, content, kpis),
        check=services.measurements_check,
        columns=[(_("KPI"), False), (_("Date"), False), (_("Value"), True), (_("Source or method"), False)],
        cells=lambda r: [r.kpi.name, formatting.long_date(r.measured_on), formatting.number(r.value, digits=2),
                         r.source],
        encode=lambda r: [str(r.kpi.pk), r.measured_on.isoformat(), str(r.value), r.source, r.note],
        decode=lambda v: services.MeasurementInput(by_id[v[0]], date.fromisoformat(v[1]), Decimal(v[2]),
                                                   str(v[3]), str(v[4])),
        heading=lambda n: ngettext("Preview: %(n)s measurement", "Preview: %(n)s measurements", n) % {"n": n},
        confirm_label=_("Store these measurements"),
        store=lambda rows: services.measurements_import(actor=request.user, project=project, rows=rows),
        stored=lambda count: ngettext("%(count)s measurement was stored.", "%(count)s measurements were stored.",
                                      count) % {"count": count},
        done_url=_project_url(project, "kpis"), cancel_url=_project_url(project),
    ), context)


@membership_required(Role.VIEWER)
@require_http_methods(["GET", "POST"])
def measurement_update(request: OrgRequest, measurement_id: UUID) -> HttpResponse:
    """Correct a measurement (owners and the KPI's measurer); the audit log keeps the old value."""
    measurement = measurement_for(request, measurement_id)
    project = selectors.project_of(measurement.kpi.use_case)
    if project is None:
        raise not_found()
    form = CorrectionForm(request.POST or None, initial={"value": measurement.value, "source": measurement.source,
                                                         "note": measurement.note})
    if request.method == "POST" and form.is_valid():
        try:
            services.measurement_correct(actor=request.user, measurement=measurement, **form.cleaned_data)
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Measurement corrected. The earlier value stays in the audit log."))
            return redirect(_project_url(project, f"kpi-{measurement.kpi_id}"))
    context = {"project": project, "measurement": measurement, "form": form, "back": _project_url(project),
               "active_step": STEP}
    return render(request, "results/measurement_update.html", context, status=_status(form))


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def kpi_plan(request: OrgRequest, project_id: UUID, kpi_id: UUID) -> HttpResponse:
    project = project_for(request, project_id, Role.OWNER)
    kpi = project_kpi_for(request, project, kpi_id)
    plan = selectors.plan_of(kpi)
    form = KpiPlanForm(selectors.members_of(project.organisation), request.POST or None, initial={
        "frequency": plan.frequency if plan else "monthly", "measurer": plan.measurer_id if plan else None})
    if request.method == "POST" and form.is_valid():
        try:
            services.kpi_plan_set(actor=request.user, kpi=kpi, **form.cleaned_data)
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Measurement plan saved."))
            return redirect(_project_url(project, f"kpi-{kpi.pk}"))
    context = {"project": project, "kpi": kpi, "form": form, "back": _project_url(project), "active_step": STEP}
    return render(request, "results/kpi_plan.html", context, status=_status(form))


# --- Actual costs -----------------------------------------------------------------------------------


def _costs_context(request: OrgRequest, project: Project, form: ActualCostForm | None = None) -> dict[str, Any]:
    budget = selectors.budget_of_project(project)
    categories = selectors.cost_categories(budget)
    if form is None and request.membership.is_owner:
        form = ActualCostForm(categories, initial={"month": services.today().replace(day=1).isoformat()})
    return {"project": project, "form": form, "costs": selectors.cost_rows(project, categories),
            "burn": selectors.burn_view(project, budget=budget), "can_edit": request.membership.is_owner,
            "active_step": STEP}


@membership_required(Role.VIEWER)
@require_GET
def costs(request: OrgRequest, project_id: UUID) -> HttpResponse:
    project = project_for(request, project_id)
    return render(request, "results/costs.html", _costs_context(request, project))


@membership_required(Role.OWNER)
@require_POST
def cost_create(request: OrgRequest, project_id: UUID) -> HttpResponse:
    project = project_for(request, project_id, Role.OWNER)
    categories = selectors.cost_categories(selectors.budget_of_project(project))
    form = ActualCostForm(categories, request.POST)
    if form.is_valid():
        try:
            services.actual_cost_set(actor=request.user, project=project, categories=[k for k, _l in categories],
                                     **form.cleaned_data)
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Actual cost saved."))
            return redirect("results:costs", project_id=project.pk)
    return render(request, "results/costs.html", _costs_context(request, project, form), status=400)


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def cost_upload(request: OrgRequest, project_id: UUID) -> HttpResponse:
    """Upload actual costs as a CSV or XLSX file: a preview first with every row's problem;
    nothing is stored until a file whose rows are all valid is confirmed."""
    project = project_for(request, project_id, Role.OWNER)
    categories = selectors.cost_categories(selectors.budget_of_project(project))
    keys = [key for key, _label in categories]
    back = reverse("results:costs", kwargs={"project_id": project.pk})
    context: dict[str, Any] = {"project": project, "categories": categories, "back": back, "active_step": STEP,
                               "form": UploadForm()}
    labels = dict(categories)
    return _upload_flow(request, _Upload(
        template="results/cost_upload.html", purpose=f"results.costs:{project.pk}",
        parse=lambda name, content: upload.parse_costs(name, content, categories),
        check=lambda rows: services.actual_costs_check(project, rows, keys),
        columns=[(_("Month"), False), (_("Cost category"), False), (_("Amount (€)"), True), (_("Note"), False)],
        cells=lambda r: [formatting.month_year(r.month), labels.get(r.category, r.category),
                         formatting.money(r.amount), r.note],
        encode=lambda r: [r.category, r.month.isoformat(), str(r.amount), r.note],
        decode=lambda v: services.CostInput(str(v[0]), date.fromisoformat(v[1]), Decimal(v[2]), str(v[3])),
        heading=lambda n: ngettext("Preview: %(n)s actual cost", "Preview: %(n)s actual costs", n) % {"n": n},
        confirm_label=_("Store these actual costs"),
        store=lambda rows: services.actual_costs_import(actor=request.user, project=project, rows=rows,
                                                        categories=keys),
        stored=lambda count: ngettext("%(count)s actual cost was stored.", "%(count)s actual costs were stored.",
                                      count) % {"count": count},
        done_url=back, cancel_url=back,
    ), context)


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def cost_delete(request: OrgRequest, cost_id: UUID) -> HttpResponse:
    cost = actual_cost_for(request, cost_id, Role.OWNER)
    project = cost.project
    if request.method == "POST":
        services.actual_cost_delete(actor=request.user, cost=cost)
        messages.success(request, _("The actual cost was deleted."))
        return redirect("results:costs", project_id=project.pk)
    context = {"project": project, "cost": cost, "back": reverse("results:costs", kwargs={"project_id": project.pk}),
               "active_step": STEP}
    return render(request, "results/cost_delete.html", context)


# --- Phases and gates -------------------------------------------------------------------------------


@membership_required(Role.VIEWER)
@require_GET
def gates(request: OrgRequest, project_id: UUID) -> HttpResponse:
    project = project_for(request, project_id)
    context = {"project": project, "phases": selectors.phase_rows(project), "can_edit": request.membership.is_owner,
               "active_step": STEP}
    return render(request, "results/gates.html", context)


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def gate_decide(request: OrgRequest, gate_id: UUID) -> HttpResponse:
    """Record the decision at a gate, with the evidence beside the form."""
    gate = gate_for(request, gate_id, Role.OWNER)
    project = gate.phase.project
    form = GateDecisionForm(request.POST or None, initial={"decided_on": services.today().isoformat()})
    if request.method == "POST" and form.is_valid():
        try:
            services.gate_decide(actor=request.user, gate=gate, **form.cleaned_data)
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("The decision at the gate of “%(phase)s” was recorded.") % {
                "phase": gate.phase.label})
            return redirect("results:gates", project_id=project.pk)
    context = {"project": project, "gate": gate, "form": form, "evidence": selectors.gate_evidence(gate),
               "back": reverse("results:gates", kwargs={"project_id": project.pk}), "active_step": STEP}
    return render(request, "results/gate_decide.html", context, status=_status(form))


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def gate_update(request: OrgRequest, gate_id: UUID) -> HttpResponse:
    gate = gate_for(request, gate_id, Role.OWNER)
    project = gate.phase.project
    kpis = selectors.kpis_with_measurements(project)
    thresholds = {c.kpi_id: c.threshold for c in gate.kpi_criteria.all()}
    initial: dict[str, Any] = {"burn_limit_percent": gate.burn_limit_percent, "open_risks": gate.open_risks,
                               "free_criteria": gate.free_criteria}
    initial.update({f"kpi_{k.pk}": thresholds.get(k.pk) for k in kpis})
    form = GateForm(kpis, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.gate_update(actor=request.user, gate=gate, burn_limit_percent=form.cleaned_data[
                "burn_limit_percent"], open_risks=form.cleaned_data["open_risks"],
                free_criteria=form.cleaned_data["free_criteria"], thresholds=form.thresholds())
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("The gate's criteria were saved."))
            return redirect("results:gates", project_id=project.pk)
    context = {"project": project, "gate": gate, "form": form, "heading": _("Gate criteria"),
               "back": reverse("results:gates", kwargs={"project_id": project.pk}), "active_step": STEP}
    return render(request, "results/phase_gate_form.html", context, status=_status(form))


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def phase_update(request: OrgRequest, phase_id: UUID) -> HttpResponse:
    phase = phase_for(request, phase_id, Role.OWNER)
    project = phase.project
    form = PhaseForm(request.POST or None, initial={"name": phase.name, "planned_start": phase.planned_start,
                                                    "planned_end": phase.planned_end,
                                                    "budget_share": phase.budget_share})
    if request.method == "POST" and form.is_valid():
        try:
            services.phase_update(actor=request.user, phase=phase, **form.cleaned_data)
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Phase saved."))
            return redirect("results:gates", project_id=project.pk)
    context = {"project": project, "phase": phase, "form": form, "heading": _("Change the phase"),
               "back": reverse("results:gates", kwargs={"project_id": project.pk}), "active_step": STEP}
    return render(request, "results/phase_gate_form.html", context, status=_status(form))


# --- The partner's performance --------------------------------------------------------------------


def _review_period(request: OrgRequest) -> str:
    """The month the review form starts with: ``?period=`` (an ISO date up to today, the task list's
    link for last month), else this month."""
    this_month = services.today().replace(day=1)
    try:
        asked = date.fromisoformat(str(request.GET.get("period", ""))[:10])
    except ValueError:
        return this_month.isoformat()
    return asked.replace(day=1).isoformat() if asked <= this_month else this_month.isoformat()


@membership_required(Role.VIEWER)
@require_http_methods(["GET", "POST"])
def partner(request: OrgRequest, project_id: UUID) -> HttpResponse:
    """The partner's scorecard per month (owners enter it) beside the selection's scores."""
    project = project_for(request, project_id)
    is_owner = request.membership.is_owner
    form = None
    if is_owner:
        form = PartnerReviewForm(request.POST or None, initial={"period": _review_period(request)})
    elif request.method == "POST":
        raise PermissionDenied(_("Only owners review the partner."))
    if request.method == "POST" and form is not None and form.is_valid():
        data = dict(form.cleaned_data)
        period, note = data.pop("period"), data.pop("note")
        try:
            services.partner_review_set(actor=request.user, project=project, period=period, scores=data, note=note)
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("The partner review is saved."))
            return redirect("results:partner", project_id=project.pk)
    context = {"project": project, "form": form, "can_edit": is_owner, "active_step": STEP,
               **selectors.partner_scorecard(project)}
    return render(request, "results/partner.html", context, status=_status(form) if form is not None else 200)
