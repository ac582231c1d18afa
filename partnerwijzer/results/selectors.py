"""Reads of the results app, shaped for its pages, the API, the progress report and the journey.

The maths (trend with interval, target date, status, burn against the band, realised and
conditioned return) is the decision core's (``decisioncore.results``); here stored rows become
its inputs and its answers become rows with words in the active language.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decisioncore import results as dcr
from partnerwijzer import formatting
from partnerwijzer.accounts.access import user_has_role
from partnerwijzer.accounts.models import Membership, Organisation, User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.budget import simulation
from partnerwijzer.budget.estimate.selectors import line_label
from partnerwijzer.budget.models import BenefitLine, Budget
from partnerwijzer.budget.simulation import INTERNAL_EFFORT
from partnerwijzer.contract.selectors import decision_for
from partnerwijzer.journey.steps import Status, Task
from partnerwijzer.planning.models import Kpi, UseCase
from partnerwijzer.planning.usecases.selectors import decimal_text
from partnerwijzer.results.models import (
    FREQUENCY_DAYS,
    REVIEW_ASPECTS,
    ActualCost,
    Frequency,
    Gate,
    GateDecision,
    KpiPlan,
    Measurement,
    PartnerReview,
    Phase,
    PhaseKey,
    Project,
)
from partnerwijzer.results.services import PERCENT_UNIT, kpi_bounds, today  # noqa: F401 (the bounds live with the rule that enforces them)
from partnerwijzer.sourcing.models import Candidate, Selection

OTHER_CATEGORY = "other"
MEASUREMENTS = Measurement.objects.select_related("entered_by").order_by("measured_on", "pk")
"""How a KPI's measurements are prefetched (with who entered them: the page lists them)."""
RECENT_MEASUREMENTS = 5
"""How many measurements per KPI the results page lists; the rest are on the KPI's measurements page."""
MEASUREMENTS_PER_PAGE = 50


# --- The project and how it starts ---------------------------------------------------------------


def project_of(use_case: UseCase) -> Project | None:
    return Project.objects.filter(use_case=use_case).first()


@dataclass(frozen=True)
class StartPrefill:
    candidate: Candidate | None
    partner_name: str
    selection: Selection | None


def start_prefill(use_case: UseCase) -> StartPrefill:
    """The partner chosen in the contract step for this use case (the newest selection with a
    decision), or nothing for a company that already works with a partner."""
    for selection in Selection.objects.filter(use_case=use_case).order_by("-created_at", "pk"):
        decision = decision_for(selection)
        if decision is not None:
            return StartPrefill(decision.candidate, decision.candidate.name, selection)
    return StartPrefill(None, "", None)


def projects_of(organisation: Organisation) -> list[Project]:
    return list(Project.objects.filter(organisation=organisation).select_related("use_case", "candidate"))


def startable_use_cases(organisation: Organisation) -> list[UseCase]:
    """Use cases of the organisation without a project yet, by title."""
    return list(UseCase.objects.filter(organisation=organisation, project__isnull=True).order_by("title", "pk"))


# --- Phases and gates ----------------------------------------------------------------------------


def phases_of(project: Project) -> list[Phase]:
    return list(
        Phase.objects.filter(project=project).select_related("gate").prefetch_related(
            Prefetch("gate__decisions", queryset=GateDecision.objects.select_related("decided_by")),
            "gate__kpi_criteria__kpi",
        )
    )


def current_decision(gate: Gate) -> GateDecision | None:
    """The decision in force at ``gate`` (the one not superseded), or None."""
    decisions = [d for d in gate.decisions.all() if d.superseded_by_id is None]
    return decisions[-1] if decisions else None


@dataclass(frozen=True)
class PhaseRow:
    phase: Phase
    gate: Gate
    decision: GateDecision | None
    history: tuple[GateDecision, ...]
    state: str  # done / running / stopped / planned

    @property
    def state_label(self) -> str:
        return {"done": _("Passed"), "running": _("Running"), "stopped": _("Stopped"),
                "planned": _("Planned")}[self.state]


def phase_rows(project: Project, *, on: date | None = None) -> list[PhaseRow]:
    """The phases in order with their gate's decision in force. The first phase without a
    "go" decision is running (or stopped, when its gate said stop); later ones are planned."""
    on = on or today()
    rows: list[PhaseRow] = []
    blocked = False
    for phase in phases_of(project):
        gate = phase.gate
        decision = current_decision(gate)
        history = tuple(gate.decisions.all())
        if blocked:
            state = "planned"
        elif decision is not None and decision.outcome == "stop":
            state, blocked = "stopped", True
        elif decision is not None:
            state = "done"
        else:
            state, blocked = ("running" if phase.planned_start <= on or not rows else "planned"), True
        rows.append(PhaseRow(phase, gate, decision, history, state))
    return rows


def current_phase(rows: list[PhaseRow]) -> PhaseRow | None:
    return next((r for r in rows if r.state in {"running", "stopped"}), None)


def costs_complete(rows: list[PhaseRow]) -> bool:
    """Whether every one-off invoice is in: a gate said "stop", or every phase before operation
    passed its gate (operation has only running costs). Until then the plan's one-off cost that the
    actuals do not show yet is still to come (``decisioncore.results.conditioned_roi``)."""
    if any(r.state == "stopped" for r in rows):
        return True
    build = [r for r in rows if r.phase.key != PhaseKey.OPERATION]
    return bool(build) and all(r.state == "done" for r in build)


# --- KPIs and their measurements ----------------------------------------------------------------


def kpis_with_measurements(project: Project) -> list[Kpi]:
    """The use case's KPIs with their plan and measurements (three queries)."""
    return list(
        Kpi.objects.filter(use_case=project.use_case_id).order_by("position", "name", "pk")
        .select_related("measurement_plan__measurer")
        .prefetch_related(Prefetch("measurements", queryset=MEASUREMENTS))
    )


def plan_of(kpi: Kpi) -> KpiPlan | None:
    try:
        return kpi.measurement_plan
    except KpiPlan.DoesNotExist:
        return None


def next_due(kpi: Kpi, measurements: list[Measurement], plan: KpiPlan | None, start: date) -> date:
    """When the next measurement is due: the frequency's days after the last one (or after the
    project's start when none is there yet)."""
    frequency = Frequency(plan.frequency) if plan else Frequency.MONTHLY
    last = measurements[-1].measured_on if measurements else start
    return last + timedelta(days=FREQUENCY_DAYS[frequency])


def value_text(value: Decimal | float | None, unit: str = "") -> str:
    if value is None:
        return ""
    text = decimal_text(Decimal(str(value)) if not isinstance(value, Decimal) else value)
    return f"{text} {unit}".strip()


# --- Actual costs -----------------------------------------------------------------------------------


def budget_of_project(project: Project) -> Budget | None:
    return (Budget.objects.filter(use_case=project.use_case_id)
            .prefetch_related("cost_lines", "effort_roles", "hidden_costs", "benefits", "funding").first())


def cost_categories(budget: Budget | None) -> list[tuple[str, str]]:
    """The budget's cost categories as ``(key, label)``: each cost line's category (its own name
    when it has none), the internal effort when planned, and "other"."""
    found: dict[str, str] = {}
    if budget is not None:
        for line in budget.cost_lines.all():
            key = line.category or f"line:{line.pk}"
            found.setdefault(key, line_label(line) if line.category else line.name)
        if budget.effort_roles.all():
            found[INTERNAL_EFFORT] = _("Internal effort")
    found[OTHER_CATEGORY] = _("Other")
    return list(found.items())


def actual_costs_of(project: Project) -> list[ActualCost]:
    return list(ActualCost.objects.filter(project=project).select_related("entered_by"))


def month_start(day: date) -> date:
    return day.replace(day=1)


def months_between(first: date, last: date) -> list[date]:
    """First days of every month from ``first``'s month to ``last``'s, inclusive."""
    months, current = [], month_start(first)
    while current <= month_start(last):
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months


# --- Tasks and the journey -----------------------------------------------------------------------


@dataclass(frozen=True)
class DueMeasurement:
    project: Project
    kpi: Kpi
    due: date
    overdue: bool


def due_measurements(organisation: Organisation, *, user: User | None = None, on: date | None = None,
                     within_days: int = 7, unassigned: bool = False) -> list[DueMeasurement]:
    """Measurements due within ``within_days`` or overdue, for every project of the organisation
    (only the KPIs ``user`` measures, when given, and with ``unassigned`` those nobody is named for)."""
    on = on or today()
    out = []
    for project in projects_of(organisation):
        for kpi in kpis_with_measurements(project):
            plan = plan_of(kpi)
            measurer = plan.measurer_id if plan is not None else None
            if user is not None and measurer != user.pk and not (unassigned and measurer is None):
                continue
            due = next_due(kpi, list(kpi.measurements.all()), plan, project.start_date)
            if due <= on + timedelta(days=within_days):
                out.append(DueMeasurement(project, kpi, due, due < on))
    return sorted(out, key=lambda d: (d.due, d.kpi.name))


def measurement_tasks(organisation: Organisation, user: Any) -> list[Task]:
    """The journey's task list: KPI measurements this member measures that are due or overdue (for
    owners also those of KPIs without a named measurer: owners may enter every measurement)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    tasks = []
    owner = user_has_role(user, organisation, Role.OWNER)
    for item in due_measurements(organisation, user=user, unassigned=owner):
        if item.overdue:
            text = _("Overdue since %(date)s: measure “%(kpi)s” of “%(title)s”.")
        else:
            text = _("Due on %(date)s: measure “%(kpi)s” of “%(title)s”.")
        tasks.append(Task(
            text=text % {"date": formatting.long_date(item.due), "kpi": item.kpi.name,
                         "title": item.project.use_case.title},
            url=reverse("results:measurement_create", kwargs={"project_id": item.project.pk}) + f"?kpi={item.kpi.pk}",
            link_text=_("Enter the measurement"),
        ))
    return tasks


def members_of(organisation: Organisation) -> list[User]:
    return [m.user for m in Membership.objects.filter(organisation=organisation).select_related("user")
            .order_by("user__email")]


def all_of(items: Iterable[Any]) -> list[Any]:
    return list(items)


# --- KPI trend and status (the decision core's maths, worded here) ---------------------------------

STATUS_LABELS = {
    "on_track": gettext_lazy("On track"), "at_risk": gettext_lazy("At risk"), "off_track": gettext_lazy("Off track"),
    "not_enough_data": gettext_lazy("Not enough data"), "no_target": gettext_lazy("No target"),
}


def day_of(project: Project, day: date) -> float:
    """Days since the project's start (the decision core's day scale)."""
    return float((day - project.start_date).days)


def date_of(project: Project, day: float) -> date | None:
    if not math.isfinite(day):
        return None
    try:
        return project.start_date + timedelta(days=round(day))
    except OverflowError:
        return None


@dataclass(frozen=True)
class KpiView:
    kpi: Kpi
    plan: KpiPlan | None
    measurements: tuple[Measurement, ...]
    trend: dcr.KpiTrend
    status: str
    reason: str
    """The status's reason in words, in the active language."""
    reached_on: date | None
    reached_earliest: date | None
    reached_latest: date | None
    next_due: date
    overdue: bool
    start: date
    end: date

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def latest(self) -> Measurement | None:
        return self.measurements[-1] if self.measurements else None

    @property
    def recent(self) -> tuple[Measurement, ...]:
        """The newest measurements, newest first: what the results page lists (the chart shows all)."""
        return tuple(reversed(self.measurements[-RECENT_MEASUREMENTS:]))

    @property
    def more(self) -> bool:
        """Whether the KPI has more measurements than the results page lists."""
        return len(self.measurements) > RECENT_MEASUREMENTS


def measurements_of(kpi: Kpi) -> QuerySet[Measurement]:
    """All measurements of a KPI, newest first (the per-KPI measurements page pages through them)."""
    return (Measurement.objects.filter(kpi=kpi).select_related("entered_by")
            .order_by("-measured_on", "-pk"))


def kpi_with_measurements(kpi: Kpi) -> Kpi:
    return (Kpi.objects.filter(pk=kpi.pk).select_related("measurement_plan__measurer")
            .prefetch_related(Prefetch("measurements", queryset=MEASUREMENTS))
            .get())


def _reason(kpi: Kpi, status: dcr.KpiStatus | None, view_target: str, when: str, estimate: str) -> str:
    unit = kpi.unit
    if status is None:
        return _("Set a baseline, a target and a target date for this KPI to get a status.")
    values = {"predicted": value_text(round(status.predicted, 2), unit), "target": view_target, "date": when,
              "estimate": estimate}
    reasons = {
        "too_few_measurements": _("Not enough data: a trend needs at least three measurements on different days."),
        "target_met": _("The target date has passed and the trend meets the target (%(predicted)s)."),
        "target_date_passed": _("The target date %(date)s has passed and the trend (%(predicted)s) does not "
                                "meet the target of %(target)s."),
        "on_course": _("The trend reaches %(predicted)s by %(date)s, better than the target of %(target)s."),
        "narrow_margin": _("The trend reaches %(predicted)s by %(date)s: the target of %(target)s, but only "
                           "just."),
        "optimistic_only": _("The trend reaches %(predicted)s by %(date)s; only the favourable end of its band "
                             "meets the target of %(target)s."),
        "too_slow": _("The KPI moves towards the target, but too slowly: %(predicted)s by %(date)s against a "
                      "target of %(target)s%(estimate)s."),
        "moving_away": _("The trend does not move towards the target of %(target)s (%(predicted)s by %(date)s)."),
    }
    return reasons.get(status.reason, status.reason) % values


def kpi_view(project: Project, kpi: Kpi, *, on: date | None = None) -> KpiView:
    """One KPI with its measurements, trend, estimated date for the target and status in words."""
    on = on or today()
    measurements = tuple(kpi.measurements.all())
    plan = plan_of(kpi)
    days = [day_of(project, m.measured_on) for m in measurements]
    values = [float(m.value) for m in measurements]
    lower, upper = kpi_bounds(kpi, values)
    trend = dcr.kpi_trend(days, values, lower=lower, upper=upper)
    status: dcr.KpiStatus | None = None
    reached = earliest = latest = None
    estimate_text = ""
    if kpi.target_value is not None:
        estimate = dcr.target_date(trend, target=float(kpi.target_value), direction=kpi.direction)
        if estimate.state in {"estimated", "reached"}:
            reached, earliest, latest = (date_of(project, estimate.day), date_of(project, estimate.earliest),
                                         date_of(project, estimate.latest))
        if reached is not None and estimate.state == "estimated":
            estimate_text = _("; at this pace it is reached around %(date)s") % {
                "date": formatting.long_date(reached)}
    if kpi.target_value is not None and kpi.baseline_value is not None and kpi.target_date is not None:
        status = dcr.kpi_status(
            baseline=float(kpi.baseline_value), target=float(kpi.target_value), direction=kpi.direction,
            target_day=day_of(project, kpi.target_date), trend=trend, today_day=day_of(project, on))
    code = status.status if status is not None else ("not_enough_data" if not trend.enough_data else "no_target")
    reason = _reason(kpi, status, value_text(kpi.target_value, kpi.unit),
                     formatting.long_date(kpi.target_date) if kpi.target_date else "", estimate_text)
    due = next_due(kpi, list(measurements), plan, project.start_date)
    dates = [project.start_date, on, *(m.measured_on for m in measurements)]
    if kpi.baseline_date:
        dates.append(kpi.baseline_date)
    if kpi.target_date:
        dates.append(kpi.target_date)
    return KpiView(kpi=kpi, plan=plan, measurements=measurements, trend=trend, status=code, reason=reason,
                   reached_on=reached, reached_earliest=earliest, reached_latest=latest, next_due=due,
                   overdue=due < on, start=min(dates), end=max(dates))


def kpi_series(view: KpiView) -> Any:
    """What the KPI chart draws: the trend from the first measurement to the chart's end."""
    from partnerwijzer.results.charts import KpiSeries

    project_start = view.start
    trend: list[tuple[date, float, float, float]] = []
    if view.trend.enough_data:
        first = view.measurements[0].measured_on
        span = max((view.end - first).days, 1)
        base = view.measurements[0].measured_on
        for step in range(21):
            day = first + timedelta(days=round(span * step / 20))
            offset = float((day - base).days) + view.trend.first_day
            mid, low, high = view.trend.predict(offset)
            trend.append((day, mid, low, high))
    kpi = view.kpi
    return KpiSeries(
        start=project_start, end=view.end,
        baseline=float(kpi.baseline_value) if kpi.baseline_value is not None else None,
        target=float(kpi.target_value) if kpi.target_value is not None else None, target_date=kpi.target_date,
        points=[(m.measured_on, float(m.value)) for m in view.measurements], trend=trend, reached=view.reached_on,
    )


# --- Budget burn ----------------------------------------------------------------------------------


def elapsed_months(project: Project, on: date | None = None) -> list[date]:
    """The project's months so far (the first day of each), the current one included."""
    on = on or today()
    return months_between(project.start_date, on) if on >= project.start_date else []


def month_number(project: Project, month: date) -> int:
    """1 for the project's first month."""
    return (month.year - project.start_date.year) * 12 + month.month - project.start_date.month + 1


def _planned_shares(project: Project, phases: list[Phase], months: list[date]) -> list[float]:
    """Cumulative share (0-1) of the one-off cost planned by the end of each month: each phase's
    budget share spread evenly over its days."""
    total = sum(float(p.budget_share) for p in phases) or 1.0
    out = []
    for month in months:
        end = (month + timedelta(days=32)).replace(day=1)
        share = 0.0
        for phase in phases:
            days = (phase.planned_end - phase.planned_start).days + 1
            done = min(max((end - phase.planned_start).days, 0), days)
            share += float(phase.budget_share) * done / days
        out.append(min(share / total, 1.0))
    return out


@dataclass(frozen=True)
class BurnView:
    series: Any  # charts.BurnSeries
    status: dcr.BurnStatus | None
    spent: Decimal
    p10: Decimal
    p50: Decimal
    p90: Decimal
    buffer_left: Decimal
    """The P90 total minus what was spent: what is left before the estimate's upper end."""
    outside: str  # "", "below", "above"
    verdict: str


def _cents(value: float) -> Decimal:
    return Decimal(str(round(value, 2))).quantize(Decimal("0.01"))


def burn_view(project: Project, *, budget: Budget | None = None, on: date | None = None,
              phases: list[Phase] | None = None, costs: list[ActualCost] | None = None,
              cost_band: simulation.CostBand | None = None) -> BurnView | None:
    """Cumulative actual cost against the estimate's P10/P50/P90 band; None while the budget has
    no cost estimate. ``cost_band`` is the budget's band when the caller has it already
    (``simulation.stored_bands``); without it the estimate is simulated (memoised per process)."""
    from partnerwijzer.results.charts import BurnSeries

    on = on or today()
    budget = budget if budget is not None else budget_of_project(project)
    if budget is None:
        return None
    if cost_band is None:
        estimate = simulation.estimate_for(simulation.inputs_for(budget))
        if estimate is None:
            return None
        cost_band = simulation.CostBand.of(estimate)
    phases = phases if phases is not None else list(Phase.objects.filter(project=project))
    last = max([p.planned_end for p in phases] + [on])
    months = months_between(project.start_date, last)
    shares = _planned_shares(project, phases, months)
    running = [v / 12.0 for v in cost_band.running_per_year]
    go_live = budget.go_live_month
    band: list[list[float]] = [[], [], []]
    for index, share in enumerate(shares):
        running_months = max(index + 1 - go_live, 0)
        for q in range(3):
            band[q].append(cost_band.one_off_total[q] * share + running[q] * running_months)
    per_month: dict[date, Decimal] = {}
    for cost in costs if costs is not None else ActualCost.objects.filter(project=project):
        per_month[cost.month] = per_month.get(cost.month, Decimal(0)) + cost.amount
    elapsed = [m for m in months if m <= on]
    cumulative: list[float] = []
    running_total = 0.0
    for month in elapsed:
        running_total += float(per_month.get(month, 0))
        cumulative.append(running_total)
    status = None
    if per_month:
        numbers = [month_number(project, m) for m in sorted(per_month)]
        amounts = [float(per_month[m]) for m in sorted(per_month)]
        status = dcr.burn_status(numbers, amounts, band[0], band[1], band[2])
    spent = _cents(status.spent) if status else Decimal(0)
    p10, p50, p90 = (_cents(float(v)) for v in (band[0][-1], band[1][-1], band[2][-1]))
    outside = status.position[-1] if status is not None and status.outside else ""
    money = formatting.money
    if status is None:
        verdict = _("No actual costs yet. Enter them per month and cost category to see the burn against the "
                    "estimate.")
    elif outside == "above":
        verdict = _("Warning: the actual cost (%(spent)s) is above the estimate's band for this month. %(left)s "
                    "is left up to the estimate's upper end (P90).") % {
            "spent": money(spent), "left": money(_cents(status.buffer_left))}
    elif outside == "below":
        verdict = _("The actual cost (%(spent)s) is below the estimate's band for this month: check that every "
                    "invoice is entered, or whether work is behind plan.") % {"spent": money(spent)}
    else:
        verdict = _("The actual cost (%(spent)s) is within the estimate's band. %(left)s is left up to the "
                    "estimate's upper end (P90).") % {"spent": money(spent), "left": money(_cents(status.buffer_left))}
    series = BurnSeries(months=months, p10=band[0], p50=band[1], p90=band[2], actual=cumulative)
    return BurnView(series=series, status=status, spent=spent, p10=p10, p50=p50, p90=p90,
                    buffer_left=p90 - spent, outside=outside, verdict=verdict)


@dataclass(frozen=True)
class CostRow:
    cost: ActualCost
    label: str


def cost_rows(project: Project, categories: list[tuple[str, str]]) -> list[CostRow]:
    labels = dict(categories)
    return [CostRow(c, labels.get(c.category, c.category)) for c in actual_costs_of(project)]


# --- Realised return ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BenefitRealised:
    name: str
    kpi: Kpi
    to_date: Decimal
    yearly_now: Decimal
    yearly_planned: Decimal


@dataclass(frozen=True)
class RealisedReturn:
    rows: tuple[BenefitRealised, ...]
    to_date: Decimal
    payback_before: tuple[float, float, float]
    payback_now: tuple[float, float, float]
    roi_before: tuple[float, float, float]
    roi_now: tuple[float, float, float]
    payback_percentile: float | None
    """Where the re-estimated median payback falls among the paybacks simulated before the decision."""
    roi_percentile: float | None
    months: int
    unlinked: int
    """Benefit lines without a KPI (they keep their planned range)."""

    @property
    def payback_now_p50(self) -> float | None:
        return self.payback_now[1] if math.isfinite(self.payback_now[1]) else None

    @property
    def payback_before_p50(self) -> float | None:
        return self.payback_before[1] if math.isfinite(self.payback_before[1]) else None

    @property
    def sentence(self) -> str:
        if self.payback_percentile is None:
            return _("With what is measured now, no payback within the horizon is expected in most simulations.")
        return _("The re-estimated payback is at the %(pct)sth percentile of what was expected before the "
                 "decision (lower is earlier).") % {"pct": round(self.payback_percentile)}


def _three(values: Any) -> tuple[float, float, float]:
    a, b, c = (float(v) for v in values)
    return a, b, c


@functools.lru_cache(maxsize=32)
def _conditioned(
    inputs: simulation.Inputs, actual: tuple[float, ...], realised: tuple[tuple[str, tuple[float, ...]], ...],
    measured: tuple[tuple[str, float], ...], iterations: int, *, complete: bool = False,
) -> dcr.RoiResult:
    """The re-estimated return, memoised per process like the estimate (``budget.simulation``): the
    same inputs, actuals and measurements give the same seeded result, so a reload does not rerun it."""
    return dcr.conditioned_roi(
        [*inputs.categories, *inputs.running], inputs.benefits, horizon_months=inputs.horizon_months,
        go_live_month=inputs.go_live_month, ramp_months=inputs.ramp_months, discount_rate=inputs.discount_rate,
        buffer=inputs.buffer, cost_reduction=inputs.cost_reduction, iterations=iterations,
        rng=np.random.default_rng(inputs.seed + 1), actual_costs=list(actual),
        realised_benefits={k: list(v) for k, v in realised}, measured_benefits=dict(measured),
        costs_complete=complete,
    )


def realised_return(project: Project, *, budget: Budget | None = None, kpis: list[Kpi] | None = None,
                    on: date | None = None, phases: list[PhaseRow] | None = None) -> RealisedReturn | None:
    """Realised benefit to date from the measured KPI deltas, and payback and ROI re-estimated
    with the measured values in place of the assumptions (``decisioncore.results.conditioned_roi``
    with the same seed as the estimate before the decision). The plan's cost of the elapsed months
    that the actual costs do not show yet counts as still to come until :func:`costs_complete`.
    None without costs and benefits."""
    on = on or today()
    budget = budget if budget is not None else budget_of_project(project)
    if budget is None:
        return None
    inputs = simulation.inputs_for(budget)
    before = simulation.roi_for(inputs)
    if before is None:
        return None
    kpis = kpis if kpis is not None else kpis_with_measurements(project)
    by_id = {k.pk: k for k in kpis}
    months = elapsed_months(project, on)
    edges = [day_of(project, m) for m in months] + [day_of(project, on) + 1.0]
    if edges and edges[0] < 0:
        edges[0] = 0.0
    rows, realised, measured = [], {}, {}
    unlinked = 0
    for line in budget.benefits.all():
        kpi = by_id.get(line.kpi_id) if line.kpi_id else None
        if kpi is None or kpi.baseline_value is None or kpi.target_value is None:
            unlinked += 1
            continue
        points = list(kpi.measurements.all())
        try:
            per_unit = dcr.planned_volume_per_unit(baseline=float(kpi.baseline_value), target=float(kpi.target_value),
                                                   direction=kpi.direction, planned_volume=float(line.likely))
        except ValueError:
            unlinked += 1
            continue
        if not points or len(edges) < 2:
            continue
        result = dcr.realised_benefit([day_of(project, m.measured_on) for m in points],
                                      [float(m.value) for m in points], baseline=float(kpi.baseline_value),
                                      direction=kpi.direction, volume_per_unit=per_unit,
                                      unit_value=float(line.unit_value), month_edges=edges)
        name = f"benefit:{line.pk}"
        realised[name] = result.monthly
        if len(months) >= inputs.go_live_month + inputs.ramp_months:
            # Only a rate measured after the ramp-up is the full benefit; before that the benefit's
            # planned range stays and only its realised months count (decisioncore.results.conditioned_roi).
            measured[name] = result.yearly_now
        rows.append(BenefitRealised(line.name, kpi, _cents(result.to_date), _cents(result.yearly_now),
                                    _cents(float(line.amount_likely))))
    per_month: dict[date, float] = {}
    for cost in ActualCost.objects.filter(project=project):
        per_month[cost.month] = per_month.get(cost.month, 0.0) + float(cost.amount)
    actual = [per_month.get(m, 0.0) for m in months]
    complete = costs_complete(phases if phases is not None else phase_rows(project, on=on))
    now = _conditioned(inputs, tuple(actual), tuple((k, tuple(float(x) for x in v)) for k, v in realised.items()),
                       tuple(measured.items()), simulation.iterations(), complete=complete)
    payback_now = _three(now.payback)
    percentile = (dcr.percentile_of(payback_now[1], before.payback_months) if math.isfinite(payback_now[1])
                  else None)
    roi_now = _three(now.roi)
    roi_draws_known = math.isfinite(roi_now[1])
    roi_percentile = (dcr.percentile_of(roi_now[1], _three(before.roi), levels=(10, 50, 90))
                      if roi_draws_known else None)
    return RealisedReturn(
        rows=tuple(rows), to_date=sum((r.to_date for r in rows), Decimal(0)), payback_before=_three(before.payback),
        payback_now=payback_now, roi_before=_three(before.roi), roi_now=roi_now, payback_percentile=percentile,
        roi_percentile=roi_percentile, months=len(months), unlinked=unlinked,
    )


@dataclass(frozen=True)
class RealisedRate:
    """One project's actual one-off costs so far and the yearly benefit at the rate measured now."""

    project_id: Any
    organisation_id: Any
    archetype: str
    one_off: float
    yearly_now: float


def realised_rates(projects: QuerySet[Project], *, on: date | None = None) -> list[RealisedRate]:
    """For many projects at once (the adviser's market figures): the one-off actual costs (every
    category but ``running``) and the benefit per year at the rate the KPI measurements show now,
    summed over the budget's benefit lines linked to a KPI: the rule of :func:`realised_return`'s
    realised benefit (``decisioncore.results.realised_benefit``), without its simulation. Projects
    without a measured, linked benefit line are left out. Four queries, whatever the number of
    projects."""
    on = on or today()
    rows = list(projects.order_by("pk").values("pk", "organisation_id", "use_case_id", "use_case__archetype",
                                               "start_date"))
    use_case_ids = [r["use_case_id"] for r in rows]
    lines: dict[Any, list[Any]] = {}
    for line in (BenefitLine.objects.filter(budget__use_case__in=use_case_ids, kpi__isnull=False)
                 .select_related("budget").order_by("position", "pk")):
        lines.setdefault(line.budget.use_case_id, []).append(line)
    kpis = {k.pk: k for k in Kpi.objects.filter(use_case__in=use_case_ids, baseline_value__isnull=False,
                                                target_value__isnull=False)
            .prefetch_related(Prefetch("measurements", queryset=Measurement.objects.order_by("measured_on", "pk")))}
    one_off: dict[Any, float] = {}
    for project_id, category, amount in (ActualCost.objects.filter(project__in=[r["pk"] for r in rows])
                                         .values_list("project_id", "category", "amount")):
        if category != "running":
            one_off[project_id] = one_off.get(project_id, 0.0) + float(amount)
    found = []
    for row in rows:
        start: date = row["start_date"]
        months = months_between(start, on) if on >= start else []
        edges = [max(float((m - start).days), 0.0) for m in months] + [float((on - start).days) + 1.0]
        if not months:  # not started yet: no month to realise anything in
            continue
        yearly, measured = 0.0, False
        for line in lines.get(row["use_case_id"], []):
            kpi = kpis.get(line.kpi_id)
            points = list(kpi.measurements.all()) if kpi is not None else []
            if kpi is None or not points:
                continue
            try:
                per_unit = dcr.planned_volume_per_unit(
                    baseline=float(kpi.baseline_value), target=float(kpi.target_value),  # type: ignore[arg-type]
                    direction=kpi.direction, planned_volume=float(line.likely))
                result = dcr.realised_benefit(
                    [float((m.measured_on - start).days) for m in points], [float(m.value) for m in points],
                    baseline=float(kpi.baseline_value), direction=kpi.direction,  # type: ignore[arg-type]
                    volume_per_unit=per_unit, unit_value=float(line.unit_value), month_edges=edges)
            except ValueError:
                continue
            yearly += result.yearly_now
            measured = True
        if measured:
            found.append(RealisedRate(row["pk"], row["organisation_id"], row["use_case__archetype"] or "",
                                      one_off.get(row["pk"], 0.0), yearly))
    return found


# --- Gate evidence, the page, the portfolio, the journey ------------------------------------------


@dataclass(frozen=True)
class CriterionRow:
    kpi: Kpi
    threshold: Decimal
    latest: Measurement | None
    met: bool | None


def gate_evidence(gate: Gate, *, on: date | None = None) -> dict[str, Any]:
    """What the owner sees beside the decision form: the KPI charts and thresholds, cost against
    the estimate and the phase's burn limit, the open risks."""
    project = gate.phase.project
    kpis = kpis_with_measurements(project)
    views = [kpi_view(project, k, on=on) for k in kpis]
    latest = {v.kpi.pk: v.latest for v in views}
    criteria = []
    for criterion in gate.kpi_criteria.select_related("kpi"):
        last = latest.get(criterion.kpi_id)
        met = None
        if last is not None:
            better_or_equal = (last.value <= criterion.threshold if criterion.kpi.direction == "lower"
                               else last.value >= criterion.threshold)
            met = better_or_equal
        criteria.append(CriterionRow(criterion.kpi, criterion.threshold, last, met))
    burn = burn_view(project, on=on)
    phase_cost = None
    if burn is not None:
        phase_cost = burn.p50 * gate.phase.budget_share / 100
    return {"kpis": views, "criteria": criteria, "burn": burn, "phase_cost": phase_cost,
            "decisions": list(gate.decisions.select_related("decided_by").order_by("recorded_at", "pk"))}


def may_measure(plan: KpiPlan | None, *, user: User, is_owner: bool) -> bool:
    """Whether the page offers entering and correcting a KPI's measurements (the views check again)."""
    return is_owner or (plan is not None and plan.measurer_id == user.pk)


def results_page(project: Project, *, user: User, is_owner: bool, on: date | None = None) -> dict[str, Any]:
    """Everything the results page shows."""
    kpis = kpis_with_measurements(project)
    budget = budget_of_project(project)
    views = [kpi_view(project, k, on=on) for k in kpis]
    measurable = {v.kpi.pk for v in views if may_measure(v.plan, user=user, is_owner=is_owner)}
    phases = phase_rows(project, on=on)
    return {
        "kpi_views": views, "measurable": measurable, "phases": phases, "current": current_phase(phases),
        "burn": burn_view(project, budget=budget, on=on),
        "realised": realised_return(project, budget=budget, kpis=kpis, on=on, phases=phases),
    }


@dataclass(frozen=True)
class PortfolioRow:
    project: Project
    statuses: dict[str, int]
    phase: PhaseRow | None
    burn: BurnView | None

    @property
    def worst(self) -> str:
        for status in ("off_track", "at_risk", "on_track"):
            if self.statuses.get(status):
                return status
        return "not_enough_data"


def portfolio_rows(organisation: Organisation, *, on: date | None = None) -> list[PortfolioRow]:
    rows = []
    for project in projects_of(organisation):
        views = [kpi_view(project, k, on=on) for k in kpis_with_measurements(project)]
        counts: dict[str, int] = {}
        for view in views:
            counts[view.status] = counts.get(view.status, 0) + 1
        rows.append(PortfolioRow(project, counts, current_phase(phase_rows(project, on=on)),
                                 burn_view(project, on=on)))
    return rows


def results_status(organisation: Organisation) -> Status:
    """The journey's "Results" step: not started without a project; needs attention when a KPI
    is off track, a measurement is overdue or the costs left the band; in progress otherwise."""
    projects = projects_of(organisation)
    if not projects:
        return Status.NOT_STARTED
    on = today()
    for project in projects:
        for kpi in kpis_with_measurements(project):
            view = kpi_view(project, kpi, on=on)
            if view.status == "off_track" or view.overdue:
                return Status.NEEDS_ATTENTION
        burn = burn_view(project, on=on)
        if burn is not None and burn.outside == "above":
            return Status.NEEDS_ATTENTION
    return Status.IN_PROGRESS


@dataclass(frozen=True)
class ResultsSummary:
    """One organisation's "Results" step and whether a project's actual cost left the estimate's
    band (``"above"``, ``"below"`` or ``""``): what the adviser's portfolio shows per client."""

    status: Status
    cost_outside: str = ""


def results_summaries(organisations: list[Organisation], *, on: date | None = None,
                      outside: dict[Any, str] | None = None) -> dict[Any, ResultsSummary]:
    """:func:`results_status` of many organisations, with the cost band, in a fixed number of
    queries (projects; KPIs with plans and measurements; budgets with their rows; phases; actual
    costs), whatever their number. The same rules as the one-organisation forms. ``outside``: the
    :func:`costs_outside_many` of these organisations on the same day, when already computed."""
    on = on or today()
    projects = list(Project.objects.filter(organisation__in=organisations).order_by("pk"))
    use_case_ids = [p.use_case_id for p in projects]
    kpis: dict[Any, list[Kpi]] = {}
    for kpi in (Kpi.objects.filter(use_case__in=use_case_ids).order_by("position", "name", "pk")
                .select_related("measurement_plan__measurer")
                .prefetch_related(Prefetch("measurements", queryset=MEASUREMENTS))):
        kpis.setdefault(kpi.use_case_id, []).append(kpi)
    if outside is None:
        outside = _costs_outside(projects, on)
    attention: set[Any] = {org for org, side in outside.items() if side == "above"}
    for project in projects:
        org = project.organisation_id
        for kpi in kpis.get(project.use_case_id, []):
            view = kpi_view(project, kpi, on=on)
            if view.status == "off_track" or view.overdue:
                attention.add(org)
    with_project = {p.organisation_id for p in projects}
    return {
        o.pk: ResultsSummary(
            status=(Status.NOT_STARTED if o.pk not in with_project
                    else Status.NEEDS_ATTENTION if o.pk in attention else Status.IN_PROGRESS),
            cost_outside=outside.get(o.pk, ""),
        )
        for o in organisations
    }


def costs_outside_many(organisations: Any, *, on: date | None = None) -> dict[Any, str]:
    """Organisation id -> "above" or "below" where a running project's actual costs left its
    estimate's band (the ``cost_outside`` of :func:`results_summaries`, without the KPI trends
    the status needs): only the projects with actual costs are read (the portfolio's "most flags"
    and its cost flag at 2,000 clients, issue 17 item 7). A fixed number of queries."""
    on = on or today()
    with_costs = ActualCost.objects.values("project_id")
    return _costs_outside(list(Project.objects.filter(organisation__in=organisations, pk__in=with_costs)
                               .order_by("pk")), on)


def _costs_outside(projects: list[Project], on: date) -> dict[Any, str]:
    """Organisation id -> "above" (any project above its band) or "below", for ``projects``; the
    budgets, phases and actual costs of the projects in three queries."""
    use_case_ids = [p.use_case_id for p in projects]
    budgets: dict[Any, Budget] = {}
    for budget in (Budget.objects.filter(use_case_id__in=use_case_ids).order_by("pk")
                   .prefetch_related("cost_lines", "effort_roles", "hidden_costs", "benefits", "funding")):
        budgets.setdefault(budget.use_case_id, budget)
    project_ids = [p.pk for p in projects]  # ids, not instances: Django checks each instance in __in
    phases: dict[Any, list[Phase]] = {}
    for phase in Phase.objects.filter(project_id__in=project_ids):
        phases.setdefault(phase.project_id, []).append(phase)
    costs: dict[Any, list[ActualCost]] = {}
    for cost in ActualCost.objects.filter(project_id__in=project_ids):
        costs.setdefault(cost.project_id, []).append(cost)
    # The cost bands of the budgets with actual costs, stored with each budget (simulated once
    # when missing or out of date, not on every page: issue 17 item 7).
    bands = simulation.stored_bands(
        b for b in {budgets[p.use_case_id].pk: budgets[p.use_case_id] for p in projects
                    if p.use_case_id in budgets and costs.get(p.pk)}.values())
    outside: dict[Any, str] = {}
    for project in projects:
        org = project.organisation_id
        project_budget = budgets.get(project.use_case_id)
        if project_budget is None or not costs.get(project.pk):
            continue  # without actual costs the burn has no status, so no band to leave
        band = bands.get(project_budget.pk)
        if band is None:
            continue  # no one-off costs: no estimate, so no band to leave
        burn = burn_view(project, budget=project_budget, on=on, phases=phases.get(project.pk, []),
                         costs=costs[project.pk], cost_band=band)
        if burn is not None and burn.outside:
            outside.setdefault(org, burn.outside)
            if burn.outside == "above":
                outside[org] = "above"
    return outside


def results_status_many(organisations: list[Organisation]) -> dict[Any, Status]:
    """:func:`results_status` of many organisations at once (the journey's batch provider)."""
    return {org_id: summary.status for org_id, summary in results_summaries(organisations).items()}


# --- The partner's performance ---------------------------------------------------------------------

REVIEW_CRITERIA: dict[str, str] = {
    "delivery": "end_to_end",
    "quality": "technology",
    "communication": "cultural_fit",
    "knowledge_transfer": "training_change",
}
"""The selection's reference criterion each review aspect corresponds to (criteria.yaml): what
the partner was scored on before the choice."""

REVIEW_LABELS = {
    "delivery": gettext_lazy("Delivery to plan"), "quality": gettext_lazy("Quality"),
    "communication": gettext_lazy("Communication"), "knowledge_transfer": gettext_lazy("Knowledge transfer"),
}


@dataclass(frozen=True)
class AspectRow:
    aspect: str
    label: str
    selected: float | None
    """The selection's score of the chosen partner on the corresponding criterion (consensus,
    else the submitted evaluators' mean); None without a chosen candidate or that criterion."""
    latest: int | None
    average: float | None

    @property
    def gap(self) -> float | None:
        """The latest review minus the selection's score: below zero, less than was scored."""
        if self.latest is None or self.selected is None:
            return None
        return round(self.latest - self.selected, 1)


def partner_reviews_of(project: Project) -> list[PartnerReview]:
    return list(PartnerReview.objects.filter(project=project).select_related("entered_by").order_by("-period"))


def selection_scores(project: Project) -> dict[str, float]:
    """The chosen candidate's scores in its selection per review aspect (only the aspects whose
    criterion the selection had and someone scored)."""
    candidate = project.candidate
    if candidate is None:
        return {}
    from partnerwijzer.evaluation.selectors import decision_matrix_for

    matrix = decision_matrix_for(selection=candidate.selection)
    row = next((i for i, c in enumerate(matrix.candidates) if c.pk == candidate.pk), None)
    if row is None:
        return {}
    by_key = {c.reference_key: j for j, c in enumerate(matrix.criteria) if c.reference_key}
    found: dict[str, float] = {}
    for aspect, key in REVIEW_CRITERIA.items():
        column = by_key.get(key)
        if column is not None and not np.isnan(matrix.mean[row, column]):
            found[aspect] = round(float(matrix.mean[row, column]), 1)
    return found


def partner_scorecard(project: Project) -> dict[str, Any]:
    """The review history (newest first) and, per aspect, the selection's score beside the latest
    review and the average of all reviews: did the partner deliver what was scored?"""
    reviews = partner_reviews_of(project)
    selected = selection_scores(project)
    latest = reviews[0] if reviews else None
    rows = [AspectRow(
        aspect=a, label=str(REVIEW_LABELS[a]), selected=selected.get(a),
        latest=getattr(latest, a) if latest else None,
        average=round(sum(getattr(r, a) for r in reviews) / len(reviews), 1) if reviews else None,
    ) for a in REVIEW_ASPECTS]
    return {"reviews": reviews, "aspects": rows, "latest": latest}
