"""Results page benchmark (issue 13): 5 KPIs x 60 measurements and 24 months of actual costs.

Run: ``.venv/bin/python bench/bench_results_page.py [--rounds N]`` (``make bench`` runs it).

Builds, in a throwaway SQLite database, a use case with 5 KPIs, a budget (5 one-off lines, a
running line, 2 benefits linked to KPIs), a project started 24 months ago with 60 weekly-ish
measurements per KPI and actual costs in two categories for each of its 24 months. Then measures
the Django test-client GET of the results page (``results:project``) as the owner: the first
render (nothing memoised) and ``--rounds`` reloads after a warm-up (the estimate and the
re-estimated return memoised per process, as in production), plus its charts. Prints median
and 95th percentile and PASS/MISS, with the ratio and the load average, against the goal: the
results page under 300 ms (median of the reloads). Exits 1 on a MISS, so `make bench` does too.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from _django import p95, setup_django  # bench/, the script's own folder
from _goals import goal_line  # bench/, the script's own folder

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

GOAL_MS = 300.0
KPIS, MEASUREMENTS, MONTHS = 5, 60, 24


def _months_back(today: date, months: int) -> date:
    month = today.month - 1 - months
    return date(today.year + month // 12, month % 12 + 1, 1)


def _build() -> tuple[Any, Any]:
    from partnerwijzer.accounts.models import Membership, Organisation, User
    from partnerwijzer.budget.models import BenefitLine, Budget, CostLine
    from partnerwijzer.planning.models import Kpi, UseCase
    from partnerwijzer.results.models import ActualCost, Measurement
    from partnerwijzer.results.services import project_start

    org = Organisation.objects.create(name="Van Dijk Machinebouw", language="nl")
    owner = User.objects.create_user(email="owner@example.com", password=None, full_name="Owner")
    Membership.objects.create(user=owner, organisation=org, role="owner")
    use_case = UseCase.objects.create(organisation=org, title="Predictive maintenance of the CNC lines")
    today = date.today()
    start = _months_back(today, MONTHS)
    kpis = [Kpi.objects.create(use_case=use_case, name=f"KPI {i + 1}", unit="hours", direction="lower",
                               baseline_value=40 + i, target_value=25 + i, baseline_date=start,
                               target_date=today + timedelta(days=200), position=i) for i in range(KPIS)]
    budget = Budget.objects.create(use_case=use_case, buffer_percent=Decimal(25), go_live_month=7, ramp_months=6)
    for position, (category, low, likely, high) in enumerate([
        ("strategy", 15_000, 20_000, 30_000), ("data", 30_000, 42_000, 65_000), ("model", 20_000, 28_000, 45_000),
        ("implementation", 25_000, 35_000, 55_000), ("training", 8_000, 12_000, 20_000),
    ]):
        CostLine.objects.create(budget=budget, category=category, low=low, likely=likely, high=high, position=position)
    CostLine.objects.create(budget=budget, kind="running", category="running", low=15_000, likely=20_000,
                            high=30_000, position=9)
    for position, kpi in enumerate(kpis[:2]):
        BenefitLine.objects.create(budget=budget, name=f"Benefit {position}", factor="cost_savings", method="hours",
                                   kpi=kpi, low=84, likely=156, high=216, unit_value=1_400, position=position)
    project = project_start(actor=owner, use_case=use_case, candidate=None, partner_name="Acme AI", start_date=start)
    span = (today - start).days - 1
    Measurement.objects.bulk_create([
        Measurement(kpi=kpi, measured_on=start + timedelta(days=1 + span * n // MEASUREMENTS),
                    value=Decimal(40 + i) - Decimal(n) / 5, entered_by=owner)
        for i, kpi in enumerate(kpis) for n in range(MEASUREMENTS)
    ])
    ActualCost.objects.bulk_create([
        ActualCost(project=project, category=category, month=_months_back(today, MONTHS - m), amount=amount)
        for m in range(MONTHS) for category, amount in (("data", 3_000), ("model", 2_000))
    ])
    return owner, project


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var_dir:
        setup_django(var_dir)
        from django.test import Client
        from django.urls import reverse

        from partnerwijzer.budget import simulation

        owner, project = _build()
        client = Client()
        client.force_login(owner)
        url = reverse("results:project", kwargs={"project_id": project.pk})
        from partnerwijzer.results import selectors

        simulation.clear_memo()
        selectors._conditioned.cache_clear()
        t0 = time.perf_counter()
        first = client.get(url)
        first_ms = (time.perf_counter() - t0) * 1000
        assert first.status_code == 200, first.status_code
        print(f"Results page: {KPIS} KPIs x {MEASUREMENTS} measurements, {MONTHS} months of actual costs, SQLite")
        print(f"first render (nothing memoised): {first_ms:.0f} ms")
        for _ in range(2):
            client.get(url)
        rows = {"results page": url, "KPI chart.svg": reverse(
            "results:kpi_chart", kwargs={"project_id": project.pk, "kpi_id": project.use_case.kpis.first().pk}),
            "burn chart.svg": reverse("results:burn_chart", kwargs={"project_id": project.pk})}
        print(f"{'request':<20}{'median ms':>11}{'p95 ms':>9}{'bytes':>9}")
        medians = {}
        for name, target in rows.items():
            times = []
            for _ in range(args.rounds):
                t0 = time.perf_counter()
                response = client.get(target)
                times.append((time.perf_counter() - t0) * 1000)
            medians[name] = statistics.median(times)
            print(f"{name:<20}{medians[name]:>11.1f}{p95(times):>9.1f}{len(response.content):>9}")
        page = medians["results page"]
        met, line = goal_line("results page, median", page, GOAL_MS, " ms")
        print(line)
        return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
