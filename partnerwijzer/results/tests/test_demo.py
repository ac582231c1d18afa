"""The demo's lighthouse five months into its project (issue 13), relative to today's date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from partnerwijzer.demo import DEMO_MAINTENANCE, DEMO_SECOND_KPI, demo_seed
from partnerwijzer.planning.models import Kpi
from partnerwijzer.results import selectors, services
from partnerwijzer.results.models import ActualCost, GateDecision, Measurement, Project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _quick(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.BUDGET_SIMULATION_ITERATIONS = 4000


@pytest.mark.parametrize("today", [date(2026, 12, 7), date(2027, 3, 31)])
def test_lighthouse_is_five_months_in_with_one_kpi_on_track_and_one_at_risk(
    monkeypatch: pytest.MonkeyPatch, today: date,
) -> None:
    # The package's conftest fixes "today" for the other results tests; the demo is about any today.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: today)
    monkeypatch.setattr(services, "today", lambda: today)
    monkeypatch.setattr(selectors, "today", lambda: today)
    organisation = demo_seed().organisation
    project = Project.objects.get(use_case__organisation=organisation, use_case__title=DEMO_MAINTENANCE)
    assert project.start_date.day == 1
    assert selectors.month_number(project, date(today.year, today.month, 1)) == 6  # five months behind it
    rows = selectors.phase_rows(project, on=today)
    assert [r.state for r in rows[:3]] == ["done", "running", "planned"]
    assert GateDecision.objects.get(gate=rows[0].gate).outcome == "go"
    views = {v.kpi.name: v for v in (selectors.kpi_view(project, k, on=today)
                                     for k in selectors.kpis_with_measurements(project))}
    assert views[DEMO_SECOND_KPI].status == "at_risk"
    downtime = next(name for name in views if name != DEMO_SECOND_KPI)
    assert views[downtime].status == "on_track"
    assert Measurement.objects.filter(kpi__use_case=project.use_case).count() == 10
    months = set(ActualCost.objects.filter(project=project).values_list("month", flat=True))
    assert len(months) == 5
    burn = selectors.burn_view(project, on=today)
    assert burn is not None
    assert burn.outside == ""
    assert Kpi.objects.filter(use_case=project.use_case).count() == 2


def test_demo_results_are_seeded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", date.today)
    monkeypatch.setattr(selectors, "today", date.today)
    demo_seed()
    demo_seed()
    assert Project.objects.count() == 1
    assert GateDecision.objects.count() == 1


def test_api_lists_the_demos_measurements_phases_with_decisions_and_costs(
    client: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(services, "today", date.today)
    monkeypatch.setattr(selectors, "today", date.today)
    from partnerwijzer.accounts.models import User
    from partnerwijzer.demo import DEMO_OWNER_EMAIL

    demo_seed()
    project = Project.objects.get()
    client.force_login(User.objects.get(email=DEMO_OWNER_EMAIL), backend="django.contrib.auth.backends.ModelBackend")
    measurements = client.get(f"/api/v1/projects/{project.pk}/measurements").json()
    assert len(measurements) == 10
    phases = client.get(f"/api/v1/projects/{project.pk}/phases").json()
    assert phases[0]["decision"]["outcome"] == "go"
    assert phases[1]["state"] == "running"
    costs = client.get(f"/api/v1/projects/{project.pk}/actual-costs").json()
    assert len({c["month"] for c in costs}) == 5
    page = client.get(reverse("results:project", args=[project.pk]))
    assert page.status_code == 200


def test_demo_realised_return_is_not_lifted_by_invoices_still_to_come(monkeypatch: pytest.MonkeyPatch) -> None:
    """Five months in, go-live planned in month 7: the plan spreads the one-off cost over months
    0-6, the demo's invoices follow the slower phase plan. Before the fix the re-estimated ROI read
    188 % against the plan's 65 % (the one-off cost not yet invoiced vanished). Now the cost not
    yet invoiced is still to come: without the benefit realised ahead of the plan (the KPI improved
    during the proof of concept; the plan counts benefits from go-live) the ROI is at or below the
    plan's, and with it only that benefit's share above."""
    today = date(2026, 12, 7)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: today)
    monkeypatch.setattr(services, "today", lambda: today)
    monkeypatch.setattr(selectors, "today", lambda: today)
    project = Project.objects.get(use_case__organisation=demo_seed().organisation, use_case__title=DEMO_MAINTENANCE)
    seen: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    real = selectors.dcr.conditioned_roi

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append((args, kwargs))
        return real(*args, **kwargs)

    monkeypatch.setattr(selectors.dcr, "conditioned_roi", spy)
    selectors._conditioned.cache_clear()
    realised = selectors.realised_return(project, on=today)
    assert realised is not None
    assert realised.rows[0].yearly_now < realised.rows[0].yearly_planned  # the measured rate is below plan
    assert realised.roi_now[1] < realised.roi_before[1] + 0.1
    args, kwargs = seen[-1]
    assert kwargs["costs_complete"] is False
    assert sum(kwargs["actual_costs"]) > 0
    import numpy as np

    def again(**changes: Any) -> Any:
        return real(*args, **{**kwargs, "rng": np.random.default_rng(kwargs["rng"].bit_generator.seed_seq.entropy),
                              **changes})

    without_early = again(realised_benefits={k: [0.0] * len(v) for k, v in kwargs["realised_benefits"].items()})
    assert without_early.roi[1] <= realised.roi_before[1] + 1e-9
    flawed = again(costs_complete=True)  # the actuals taken as the whole one-off cost, as the flaw did
    assert flawed.roi[1] > 1.5
