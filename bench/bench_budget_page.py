"""Budget pages benchmark (issue 6): the cost and return pages with 100,000 simulation samples.

Run: ``.venv/bin/python bench/bench_budget_page.py [--rounds N]`` (``make bench`` runs it).

Builds a realistic budget in a throwaway SQLite database in a temporary directory: 5 one-off
cost lines and 1 running line, 2 internal-effort roles, 2 planned hidden costs (one one-off,
one running), 4 benefits, a 36-month horizon, an applied grant. Then measures, ``--rounds``
times after a warm-up, with ``BUDGET_SIMULATION_ITERATIONS = 100,000``:

(a) the simulation alone: ``inputs_for`` + ``estimate_for`` + ``roi_for``;
(b) the full Django test-client GET of the cost-estimate page (``budget:estimate``), the return
    page (``budget:roi``), their charts and the XLSX export, as the owner, for every route that
    resolves and answers 200 (a page that does not exist yet is reported, not measured).

Prints median and 95th percentile, queries and bytes per request, and PASS/MISS against the goal
(each budget page under 500 ms, median; the simulation within it) with the ratio to the goal and
the load average. Exits 1 when a goal is missed (so does `make bench`). Timings live here and in
docs/benchmarks.md, never in the test suite.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from _django import p95, setup_django  # bench/, the script's own folder
from _goals import goal_line  # bench/, the script's own folder

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# As bench_core.py and a web worker: one BLAS thread (set before numpy is imported); on a shared
# 2-core machine multi-threaded OpenBLAS makes the small matrix products many times slower.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

GOAL_MS = 500.0
SAMPLES = 100_000


def _build() -> tuple[Any, Any]:
    from partnerwijzer.accounts.models import Membership, Organisation, User
    from partnerwijzer.budget.models import (
        BenefitLine,
        Budget,
        CostLine,
        EffortRole,
        FundingApplication,
        HiddenCost,
    )
    from partnerwijzer.planning.models import Kpi, UseCase

    org = Organisation.objects.create(name="Van Dijk Machinebouw", language="en")
    owner = User.objects.create_user(email="owner@example.com", password=None, full_name="Owner")  # force_login
    Membership.objects.create(user=owner, organisation=org, role="owner")
    use_case = UseCase.objects.create(organisation=org, title="Predictive maintenance of the CNC lines",
                                      department="production_operations", archetype="predictive_maintenance")
    kpi = Kpi.objects.create(use_case=use_case, name="Unplanned downtime", unit="hours per month",
                             baseline_value=42, target_value=29)
    budget = Budget.objects.create(use_case=use_case, buffer_percent=Decimal(25), horizon_months=36,
                                   go_live_month=7, ramp_months=6, discount_rate=Decimal(6), updated_by=owner)
    lines = [
        ("one_off", "strategy", 15_000, 20_000, 30_000), ("one_off", "data", 30_000, 42_000, 65_000),
        ("one_off", "model", 20_000, 28_000, 45_000), ("one_off", "implementation", 25_000, 35_000, 55_000),
        ("one_off", "training", 8_000, 12_000, 20_000), ("running", "running", 15_000, 20_000, 30_000),
    ]
    for position, (kind, category, low, likely, high) in enumerate(lines):
        CostLine.objects.create(budget=budget, kind=kind, category=category, low=low, likely=likely, high=high,
                                position=position)
    EffortRole.objects.create(budget=budget, name="Maintenance engineers", people=2, hours_low=156, hours_high=312,
                              hourly_rate=65)
    EffortRole.objects.create(budget=budget, name="IT administrator", people=1, hours_low=234, hours_high=468,
                              hourly_rate=75, position=1)
    HiddenCost.objects.create(budget=budget, key="data_cleaning", status="planned", amount=10_000)
    HiddenCost.objects.create(budget=budget, key="retraining", status="planned", amount=6_000)
    HiddenCost.objects.create(budget=budget, key="scaling", status="acknowledged")
    benefits = [
        ("Less unplanned downtime", "cost_savings", "hours", (84, 156, 216), 1_400, kpi),
        ("Planned instead of emergency maintenance", "productivity", "hours", (150, 250, 400), 55, None),
        ("Less scrap after breakdowns", "cost_savings", "amount", (5_000, 10_000, 18_000), 1, None),
        ("Fewer late deliveries", "risk_reduction", "amount", (0, 8_000, 20_000), 1, None),
    ]
    for position, (name, factor, method, (low, likely, high), unit, link) in enumerate(benefits):
        BenefitLine.objects.create(budget=budget, name=name, factor=factor, method=method, kpi=link, low=low,
                                   likely=likely, high=high, unit_value=unit, position=position)
    FundingApplication.objects.create(budget=budget, programme="nl-mit", status="applied", expected_amount=20_000)
    return owner, budget


def _time(fn: Callable[[], object], rounds: int, warmup: int = 2) -> list[float]:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times




def _simulation(budget: Any, rounds: int) -> bool:
    from partnerwijzer.budget import simulation

    budget = type(budget).objects.get(pk=budget.pk)
    inputs = simulation.inputs_for(budget)
    print(f"(a) Simulation, {SAMPLES:,} samples: {len(inputs.categories)} one-off items, {len(inputs.running)} "
          f"running, {len(inputs.benefits)} benefits, horizon {inputs.horizon_months} months; {rounds} rounds")
    forget = simulation.clear_memo  # measure the simulation, not the memo
    parts = {
        "inputs_for (5 queries)": lambda: simulation.inputs_for(budget),
        "estimate_for": lambda: (forget(), simulation.estimate_for(inputs, samples=SAMPLES)),
        "roi_for": lambda: (forget(), simulation.roi_for(inputs, samples=SAMPLES)),
        "all three": lambda: (forget(), simulation.estimate_for(simulation.inputs_for(budget), samples=SAMPLES),
                              simulation.roi_for(inputs, samples=SAMPLES)),
    }
    print(f"{'step':<28}{'median ms':>11}{'p95 ms':>9}")
    medians = {}
    for name, fn in parts.items():
        times = _time(fn, rounds)
        medians[name] = statistics.median(times)
        print(f"{name:<28}{medians[name]:>11.1f}{p95(times):>9.1f}")
    total = medians["all three"]
    met, line = goal_line("simulation (all three) within a page's budget, median", total, GOAL_MS, " ms")
    print(line)
    return met


def _count_queries(get: Callable[[], Any]) -> tuple[Any, int]:
    from django.db import connection

    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = get()
    return response, len(queries)


def _pages(owner: Any, budget: Any, rounds: int) -> bool:
    """Times every request; prints each page's goal line; whether every page met its goal."""
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from partnerwijzer.budget.models import Budget

    client = Client()
    client.force_login(owner)
    kw = {"use_case_id": budget.use_case_id}
    routes = {
        "cost estimate page": ("budget:estimate", True),
        "return page": ("budget:roi", True),
        "quotes page": ("budget:quotes", True),
        "cost chart.svg": ("budget:cost_chart", False),
        "cash-flow.svg": ("budget:roi_chart", False),
        "payback.svg": ("budget:payback_chart", False),
        "export.xlsx": ("budget:export_xlsx", False),
    }
    edits = iter(range(1, 1_000_000))

    def edit() -> None:
        # Another buffer is another input: every memo misses, as on the first render after an edit.
        step = Decimal(next(edits) % 6000) / 100  # buffer_percent keeps two decimals
        Budget.objects.filter(pk=budget.pk).update(buffer_percent=Decimal(25) + step)

    print(f"\n(b) Pages, Django test client as the owner, {SAMPLES:,} samples, SQLite, {rounds} rounds after warm-up.")
    print("    'after an edit': the budget changed before each request (nothing memoised, the simulation runs);")
    print("    'again': the same page reloaded (the simulation memoised per process).")
    print(f"{'request':<22}{'after an edit':>15}{'p95':>8}{'again':>9}{'queries':>9}{'bytes':>9}")
    goals: list[tuple[bool, str]] = []
    for label, (name, is_page) in routes.items():
        try:
            url = reverse(name, kwargs=kw)
        except NoReverseMatch:
            print(f"{label:<22}  not measured: route {name} does not exist yet")
            continue
        try:
            response = client.get(url)
        except Exception as exc:
            print(f"{label:<22}  not measured: {type(exc).__name__}: {str(exc)[:60]}")
            continue
        if response.status_code != 200:
            print(f"{label:<22}  not measured: status {response.status_code}")
            continue
        response, queries = _count_queries(lambda url=url: client.get(url))
        cold = []
        for _ in range(rounds):
            edit()
            t0 = time.perf_counter()
            client.get(url)
            cold.append((time.perf_counter() - t0) * 1000)
        warm = statistics.median(_time(lambda url=url: client.get(url), rounds))
        median = statistics.median(cold)
        print(f"{label:<22}{median:>15.1f}{p95(cold):>8.1f}{warm:>9.1f}{queries:>9}{len(response.content):>9}")
        if is_page:
            goals.append(goal_line(f"{label} after an edit, median", median, GOAL_MS, " ms"))
    for _met, line in goals:
        print(line)
    return all(met for met, _line in goals)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pw-bench-budget-") as var_dir:
        setup_django(var_dir, PARTNERWIJZER_SIMULATION_SAMPLES=str(SAMPLES))  # TEST_ENV may lower it
        from django.conf import settings

        settings.BUDGET_SIMULATION_ITERATIONS = SAMPLES
        owner, budget = _build()
        simulation_met = _simulation(budget, args.rounds)
        pages_met = _pages(owner, budget, args.rounds)
    return 0 if simulation_met and pages_met else 1


if __name__ == "__main__":
    raise SystemExit(main())
