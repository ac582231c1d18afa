"""The realised return counts the one-off cost not yet invoiced until the project is complete, and a
KPI's trend stays within what the KPI can take (issue 13: the ROI flaw and the KPI trend)."""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from partnerwijzer.planning.models import Kpi, UseCase
from partnerwijzer.results import selectors, services
from partnerwijzer.results.models import Project
from partnerwijzer.results.services import MeasurementInput
from partnerwijzer.results.tests.conftest import START, TODAY, kpi
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    real = selectors.dcr.conditioned_roi

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(selectors.dcr, "conditioned_roi", spy)
    selectors._conditioned.cache_clear()
    return seen


def _costs(personas: Personas, project: Project, budget: Any, per_month: int) -> None:
    categories = [key for key, _label in selectors.cost_categories(budget)]
    for month in selectors.elapsed_months(project, TODAY):
        services.actual_cost_set(actor=personas.owner, project=project, category=categories[0],
                                 categories=categories, month=month, amount=Decimal(per_month))


def test_invoices_behind_the_plan_do_not_lift_the_return(
    personas: Personas, project: Project, budget: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Six months in, go-live in month 4: the plan's one-off cost (about 78,000 with the buffer)
    is due by now, but only 1,000 a month is invoiced. The open amount is still to come, so the
    re-estimated ROI is no better than the plan's, and much lower than if the 6,000 paid were all."""
    _costs(personas, project, budget, 1_000)
    seen = _spy(monkeypatch)
    open_ = selectors.realised_return(project, on=TODAY)
    assert open_ is not None
    assert seen[-1]["costs_complete"] is False
    assert seen[-1]["actual_costs"] == [1_000.0] * 6
    # no benefit measured yet: the plan's benefits, the plan's costs; not above the plan
    assert open_.roi_now[1] <= open_.roi_before[1] + 1e-9
    # what the flaw showed: the same actuals taken as the whole one-off cost
    complete = selectors.dcr.conditioned_roi(**{**_roi_args(seen[-1]), "costs_complete": True})
    assert complete.roi[1] > 3 * max(open_.roi_now[1], 0.1)


def _roi_args(kwargs: dict[str, Any]) -> dict[str, Any]:
    import numpy as np

    from partnerwijzer.budget import simulation

    budget = selectors.budget_of_project(Project.objects.get())
    assert budget is not None
    inputs = simulation.inputs_for(budget)
    return {**kwargs, "costs": [*inputs.categories, *inputs.running], "benefits": inputs.benefits,
            "rng": np.random.default_rng(inputs.seed + 1)}


def test_costs_count_as_complete_after_a_stop_or_once_the_rollout_passed(
    personas: Personas, project: Project, budget: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    _costs(personas, project, budget, 1_000)
    seen = _spy(monkeypatch)
    rows = selectors.phase_rows(project, on=TODAY)
    assert selectors.costs_complete(rows) is False
    for row in rows[:3]:
        services.gate_decide(actor=personas.owner, gate=row.gate, outcome="go", rationale="Done.", decided_on=TODAY)
    assert selectors.costs_complete(selectors.phase_rows(project, on=TODAY)) is False  # rollout still open
    rollout = selectors.phase_rows(project, on=TODAY)[3]
    services.gate_decide(actor=personas.owner, gate=rollout.gate, outcome="go", rationale="Live.", decided_on=TODAY)
    assert selectors.costs_complete(selectors.phase_rows(project, on=TODAY)) is True  # operation: running only
    selectors.realised_return(project, on=TODAY)
    assert seen[-1]["costs_complete"] is True
    services.gate_decide(actor=personas.owner, gate=rollout.gate, outcome="stop", rationale="Stopped.",
                         decided_on=TODAY)
    assert selectors.costs_complete(selectors.phase_rows(project, on=TODAY)) is True


def test_a_stopped_project_counts_its_costs_as_complete(personas: Personas, project: Project) -> None:
    first = selectors.phase_rows(project, on=TODAY)[0]
    services.gate_decide(actor=personas.owner, gate=first.gate, outcome="stop", rationale="Not feasible.",
                         decided_on=TODAY)
    assert selectors.costs_complete(selectors.phase_rows(project, on=TODAY)) is True


@pytest.mark.parametrize(
    ("unit", "baseline", "target", "values", "bounds"),
    [
        ("min", 12, 4, [10.0], (0.0, math.inf)),
        ("%", 80, 95, [90.0], (0.0, 100.0)),
        ("% van de storingen", 20, 60, [], (0.0, 100.0)),
        ("Prozent", 20, 60, [], (0.0, 100.0)),
        ("procent", 20, 60, [], (0.0, 100.0)),
        ("uur per maand", 42, 29, [], (0.0, math.inf)),
        ("°C", 4, -2, [], (-math.inf, math.inf)),  # a negative target: any value
        ("€ saldo", 100, 200, [-50.0], (-math.inf, math.inf)),  # a negative measurement
        ("% growth", 50, 150, [], (0.0, math.inf)),  # a percentage above 100
    ],
)
def test_kpi_bounds_follow_the_kind(unit: str, baseline: int, target: int, values: list[float],
                                    bounds: tuple[float, float]) -> None:
    k = Kpi(name="k", unit=unit, baseline_value=Decimal(baseline), target_value=Decimal(target))
    assert selectors.kpi_bounds(k, values) == bounds


def test_a_falling_count_is_never_drawn_below_zero(personas: Personas, project: Project) -> None:
    """Processing minutes 11, 7, 3 a month apart (12 to 4 planned): the line would pass 0 in a few
    weeks and keeps falling to the chart's end in December; the trend and its band stop at 0."""
    time = kpi(project.use_case, "Processing time")
    for day, value in ((date(2026, 4, 1), 11), (date(2026, 5, 1), 7), (date(2026, 6, 1), 3)):
        services.measurement_add(actor=personas.owner, row=MeasurementInput(time, day, Decimal(value)))
    view = selectors.kpi_view(project, selectors.kpis_with_measurements(project)[0], on=TODAY)
    assert (view.trend.lower, view.trend.upper) == (0.0, math.inf)
    series = selectors.kpi_series(view)
    assert series.trend[-1][0] == date(2026, 12, 31)
    assert min(low for _d, _m, low, _h in series.trend) == 0.0
    assert series.trend[-1][1] == 0.0
    assert all(mid >= 0.0 and low >= 0.0 for _d, mid, low, _h in series.trend)
    unbounded = view.trend.slope * (selectors.day_of(project, date(2026, 12, 31)) - view.trend.median_day)
    assert view.trend.median_value + unbounded < -20  # what the line alone would have drawn
    assert view.status == "on_track"


def test_a_percentage_trend_stays_at_or_under_100(personas: Personas, project: Project, use_case: UseCase) -> None:
    """First-time right 85, 91, 97 % a month apart, target 95 % by 30 September: the line passes
    100 % in July; the prediction for September is 100, the target date stays where the line crosses 95."""
    right = kpi(use_case, "First-time right")
    for day, value in ((date(2026, 4, 1), 85), (date(2026, 5, 1), 91), (date(2026, 6, 1), 97)):
        services.measurement_add(actor=personas.owner, row=MeasurementInput(right, day, Decimal(value)))
    view = next(v for v in (selectors.kpi_view(project, k, on=TODAY)
                            for k in selectors.kpis_with_measurements(project)) if v.kpi.pk == right.pk)
    assert (view.trend.lower, view.trend.upper) == (0.0, 100.0)
    series = selectors.kpi_series(view)
    assert max(high for _d, _m, _l, high in series.trend) == 100.0
    assert view.reached_on is not None
    assert view.reached_on <= date(2026, 6, 1)  # the line is at 97 on the last day: reached
    assert view.reached_on > START
    assert all(m <= 100.0 for _d, m, _l, _h in series.trend)
    assert series.trend[-1][0] - series.trend[0][0] > timedelta(days=100)
