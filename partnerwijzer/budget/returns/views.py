"""The "Benefits and return" page of a use case's budget, its benefit forms and its two charts.

Views only read the request, look the use case up through ``planning.lookups.use_case_for`` (the
one access lookup), call a service or selector and render. Owners write; evaluators and viewers
read. Invalid input shows the form again with the messages and HTTP 400; nothing is stored.
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
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerwijzer import formatting
from partnerwijzer.accounts.access import OrgRequest, membership_required, not_found
from partnerwijzer.accounts.roles import Role
from partnerwijzer.budget.models import BenefitLine, BenefitMethod
from partnerwijzer.budget.returns import charts, selectors, services
from partnerwijzer.budget.returns.forms import BenefitForm, ReturnSettingsForm
from partnerwijzer.planning.lookups import use_case_for
from partnerwijzer.planning.models import UseCase

STEP = "budget"


def _page_url(use_case: UseCase, anchor: str = "") -> str:
    url = reverse("budget:roi", kwargs={"use_case_id": use_case.pk})
    return f"{url}#{anchor}" if anchor else url


def _benefit(use_case: UseCase, benefit_id: UUID) -> BenefitLine:
    benefit = selectors.benefit_of(use_case, benefit_id)
    if benefit is None:
        raise not_found()
    return benefit


def _page(request: OrgRequest, use_case: UseCase, *, settings_form: ReturnSettingsForm | None = None,
          status: int = 200) -> HttpResponse:
    overview = selectors.return_overview(use_case)
    if settings_form is None and request.membership.is_owner:
        settings_form = ReturnSettingsForm(initial=ReturnSettingsForm.initial_for(overview.settings))
    context: dict[str, Any] = {
        "use_case": use_case,
        "overview": overview,
        "result": overview.result,
        "settings_form": settings_form,
        "can_edit": request.membership.is_owner,
        "active_step": STEP,
        "budget_tab": "roi",
        "methods": BenefitMethod,
    }
    return render(request, "budget/roi.html", context, status=status)


@membership_required(Role.VIEWER)
@require_GET
def roi(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    """Benefits, return settings and the simulated payback, ROI and NPV beside the guide's values."""
    return _page(request, use_case_for(request, use_case_id))


@membership_required(Role.VIEWER)
@require_POST
def roi_settings(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    use_case = use_case_for(request, use_case_id, Role.OWNER)
    form = ReturnSettingsForm(request.POST)
    if form.is_valid():
        try:
            services.return_settings_update(actor=request.user, use_case=use_case, **form.cleaned_data)
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Return settings saved."))
            return redirect(_page_url(use_case, "result"))
    return _page(request, use_case, settings_form=form, status=400)


def _benefit_form_page(request: OrgRequest, use_case: UseCase, form: BenefitForm,
                       benefit: BenefitLine | None = None) -> HttpResponse:
    context = {
        "use_case": use_case, "form": form, "benefit": benefit, "kpis": selectors.kpis_of(use_case),
        "factors": selectors.factor_names(), "active_step": STEP, "budget_tab": "roi",
    }
    return render(request, "budget/roi_benefit_form.html", context, status=400 if form.errors else 200)


@membership_required(Role.VIEWER)
@require_http_methods(["GET", "POST"])
def benefit_create(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    use_case = use_case_for(request, use_case_id, Role.OWNER)
    kpis = selectors.kpis_of(use_case)
    initial = {"method": BenefitMethod.HOURS, "kpi": str(kpis[0].kpi.pk) if len(kpis) == 1 else ""}
    form = BenefitForm(request.POST or None, kpis=kpis, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            benefit = services.benefit_create(actor=request.user, use_case=use_case, **form.service_fields())
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Benefit “%(name)s” added.") % {"name": benefit.name})
            return redirect(_page_url(use_case, "benefits"))
    return _benefit_form_page(request, use_case, form)


@membership_required(Role.VIEWER)
@require_http_methods(["GET", "POST"])
def benefit_update(request: OrgRequest, use_case_id: UUID, benefit_id: UUID) -> HttpResponse:
    use_case = use_case_for(request, use_case_id, Role.OWNER)
    benefit = _benefit(use_case, benefit_id)
    form = BenefitForm(request.POST or None, kpis=selectors.kpis_of(use_case), initial=BenefitForm.initial_for(benefit))
    if request.method == "POST" and form.is_valid():
        try:
            services.benefit_update(actor=request.user, benefit=benefit, **form.service_fields())
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Benefit “%(name)s” saved.") % {"name": benefit.name})
            return redirect(_page_url(use_case, "benefits"))
    return _benefit_form_page(request, use_case, form, benefit)


@membership_required(Role.VIEWER)
@require_http_methods(["GET", "POST"])
def benefit_delete(request: OrgRequest, use_case_id: UUID, benefit_id: UUID) -> HttpResponse:
    use_case = use_case_for(request, use_case_id, Role.OWNER)
    benefit = _benefit(use_case, benefit_id)
    if request.method == "POST":
        name = benefit.name
        services.benefit_delete(actor=request.user, benefit=benefit)
        messages.success(request, _("The benefit “%(name)s” was deleted.") % {"name": name})
        return redirect(_page_url(use_case, "benefits"))
    context = {"use_case": use_case, "benefit": benefit, "active_step": STEP, "budget_tab": "roi"}
    return render(request, "budget/roi_benefit_delete.html", context)


def _svg(svg: str, filename: str) -> HttpResponse:
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-cache"  # changes with every cost, benefit and setting
    return response


def _whole_money(value: float) -> str:
    return formatting.money(round(value))


def _no_result_message(overview: selectors.ReturnOverview) -> str:
    if not overview.has_costs:
        return _("No result yet: enter the costs first.")
    return _("No result yet: add a benefit first.")


@membership_required(Role.VIEWER)
@require_GET
def roi_chart(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    """The cumulative cash flow: P10-P90 band, median, zero line and go-live marker."""
    use_case = use_case_for(request, use_case_id)
    overview = selectors.return_overview(use_case)
    title = _("Cumulative cash flow of “%(title)s”") % {"title": use_case.title}
    result = overview.result
    if result is None:
        return _svg(charts.empty_svg(message=_no_result_message(overview), title=title), "cash-flow.svg")
    band = result.raw.cumulative_band
    final = result.yearly_band()[-1]
    desc = _(
        "Cumulative cash flow per month over %(horizon)s months, go-live in month %(go_live)s. After month "
        "%(month)s: median %(p50)s, 80 %% of the simulations between %(p10)s and %(p90)s."
    ) % {
        "horizon": result.horizon_months, "go_live": overview.settings.go_live_month, "month": final[0],
        "p50": _whole_money(final[2]), "p10": _whole_money(final[1]), "p90": _whole_money(final[3]),
    }
    # xgettext:no-python-format
    band_label = _("80 % of the simulations (P10–P90)")
    svg = charts.cashflow_svg(
        band=[band[0].tolist(), band[1].tolist(), band[2].tolist()],
        go_live_month=overview.settings.go_live_month, money=_whole_money,
        month_label=_("Months from the project start"), band_label=band_label,
        median_label=_("Median (P50)"), go_live_label=_("Go-live"), title=title, desc=desc,
    )
    return _svg(svg, "cash-flow.svg")


@membership_required(Role.VIEWER)
@require_GET
def payback_chart(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    """The payback distribution: share of the simulations that pay back in each month."""
    use_case = use_case_for(request, use_case_id)
    overview = selectors.return_overview(use_case)
    title = _("Payback month of “%(title)s”") % {"title": use_case.title}
    result = overview.result
    if result is None:
        return _svg(charts.empty_svg(message=_no_result_message(overview), title=title), "payback.svg")
    p10, p50, p90 = (
        _("beyond the horizon") if value is None else formatting.number(value) for value in result.payback
    )
    desc = _(
        "Share of the simulations that pay back in each month. P10 month %(p10)s, median %(p50)s, P90 %(p90)s; "
        "no payback within %(horizon)s months in %(none)s of the simulations."
    ) % {
        "p10": p10, "p50": p50, "p90": p90, "horizon": result.horizon_months,
        "none": formatting.percent(result.no_payback_probability),
    }
    svg = charts.payback_svg(
        counts=result.raw.payback_counts.tolist(), go_live_month=overview.settings.go_live_month,
        month_label=_("Month"), share_label=_("Share of the simulations"), none_label=_("No payback"),
        go_live_label=_("Go-live"), title=title, desc=desc,
    )
    return _svg(svg, "payback.svg")
