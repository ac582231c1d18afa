"""The boundary between stored budgets and the decision core: inputs_for, estimate_for, roi_for."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pytest

import decisioncore as dc
from partnerwijzer.budget import simulation
from partnerwijzer.budget.models import (
    BenefitLine,
    Budget,
    CostLine,
    EffortRole,
    FundingApplication,
    HiddenCost,
)
from partnerwijzer.planning.models import UseCase
from partnerwijzer.planning.usecases.services import use_case_create
from tests.personas import Personas

pytestmark = pytest.mark.django_db

SAMPLES = 5_000


def _use_case(p: Personas, title: str = "Predictive maintenance") -> UseCase:
    return use_case_create(actor=p.owner, organisation=p.organisation, title=title)


def _full_budget(use_case: UseCase) -> Budget:
    budget = Budget.objects.create(use_case=use_case, buffer_percent=Decimal(25), discount_rate=Decimal("7.5"),
                                   horizon_months=48, go_live_month=8, ramp_months=9)
    CostLine.objects.create(budget=budget, category="strategy", low=20_000, likely=30_000, high=50_000, position=0)
    CostLine.objects.create(budget=budget, name="Own line", low=1_000, likely=2_000, high=4_000, position=1)
    CostLine.objects.create(budget=budget, kind="running", category="running", low=20_000, likely=25_000,
                            high=40_000)
    EffortRole.objects.create(budget=budget, name="Engineer", people=2, hours_low=100, hours_high=300,
                              hourly_rate=Decimal(80))
    EffortRole.objects.create(budget=budget, name="IT", people=1, hours_low=50, hours_high=50,
                              hourly_rate=Decimal(100))
    HiddenCost.objects.create(budget=budget, key="legacy_integration", status="planned", amount=Decimal(7_000))
    HiddenCost.objects.create(budget=budget, key="data_cleaning", status="planned", amount=Decimal(9_000))
    HiddenCost.objects.create(budget=budget, key="retraining", status="planned", amount=Decimal(5_000))
    HiddenCost.objects.create(budget=budget, key="scaling", status="acknowledged")
    HiddenCost.objects.create(budget=budget, key="change_management", status="open")
    BenefitLine.objects.create(budget=budget, name="Downtime", factor="cost_savings", method="hours", low=100,
                               likely=150, high=200, unit_value=Decimal(900))
    BenefitLine.objects.create(budget=budget, name="Planner", factor="productivity", low=10_000, likely=15_000,
                               high=20_000, position=1)
    for programme, status, amount in (
        ("nl-mit", "applied", 20_000), ("nl-wbso", "granted", 5_000), ("nl-slim", "considering", 9_999),
        ("nl-innovatiekrediet", "rejected", 9_999),
    ):
        FundingApplication.objects.create(budget=budget, programme=programme, status=status,
                                          expected_amount=Decimal(amount))
    return budget


def _by_name(items: tuple[Any, ...]) -> dict[str, Any]:
    return {i.name: i for i in items}


def test_inputs_map_every_row_to_a_named_item(personas: Personas) -> None:
    budget = _full_budget(_use_case(personas))
    inputs = simulation.inputs_for(budget)
    strategy = budget.cost_lines.get(category="strategy")
    own = budget.cost_lines.get(name="Own line")
    running = budget.cost_lines.get(kind="running")
    categories = _by_name(inputs.categories)
    assert list(categories) == [
        f"line:{strategy.pk}", f"line:{own.pk}", simulation.INTERNAL_EFFORT,
        "hidden:data_cleaning", "hidden:legacy_integration",  # in key order, whatever the insert order
    ]
    assert (categories[f"line:{strategy.pk}"].low, categories[f"line:{strategy.pk}"].high) == (20_000, 50_000)
    # Internal effort: people x hours x rate, most likely in the middle.
    effort = categories[simulation.INTERNAL_EFFORT]
    low, high = 2 * 100 * 80 + 50 * 100, 2 * 300 * 80 + 50 * 100
    assert (effort.low, effort.likely, effort.high) == (low, (low + high) / 2, high)
    # Planned hidden costs are fixed amounts, one-off or running as the reference data says.
    assert (categories["hidden:data_cleaning"].low, categories["hidden:data_cleaning"].high) == (9_000, 9_000)
    assert [r.name for r in inputs.running] == [f"line:{running.pk}", "hidden:retraining"]
    assert (inputs.running[1].low, inputs.running[1].high) == (5_000, 5_000)
    # Benefits: volume x unit value.
    downtime = budget.benefits.get(name="Downtime")
    benefits = _by_name(inputs.benefits)
    assert (benefits[f"benefit:{downtime.pk}"].low, benefits[f"benefit:{downtime.pk}"].high) == (90_000, 180_000)
    assert benefits[f"benefit:{downtime.pk}"].factor is dc.BenefitFactor.COST_SAVINGS
    # Settings as fractions; only applied and granted funding reduces the cost.
    assert (inputs.buffer, inputs.discount_rate) == (0.25, 0.075)
    assert (inputs.horizon_months, inputs.go_live_month, inputs.ramp_months) == (48, 8, 9)
    assert inputs.cost_reduction == 25_000
    assert inputs.seed == simulation.seed_for(budget)
    assert inputs.can_simulate_return


def test_inputs_read_the_budget_in_five_queries(personas: Personas, django_assert_num_queries: Any) -> None:
    budget = Budget.objects.get(pk=_full_budget(_use_case(personas)).pk)
    with django_assert_num_queries(5):
        simulation.inputs_for(budget)


def test_an_empty_budget_simulates_nothing(personas: Personas) -> None:
    budget = Budget.objects.create(use_case=_use_case(personas))
    inputs = simulation.inputs_for(budget)
    assert not inputs.has_costs
    assert simulation.estimate_for(inputs, samples=SAMPLES) is None
    assert simulation.roi_for(inputs, samples=SAMPLES) is None


def test_running_costs_alone_give_no_estimate_but_costs_without_benefits_give_no_return(personas: Personas) -> None:
    budget = Budget.objects.create(use_case=_use_case(personas))
    CostLine.objects.create(budget=budget, kind="running", category="running", low=1, likely=2, high=3)
    inputs = simulation.inputs_for(budget)
    assert inputs.has_costs
    assert simulation.estimate_for(inputs, samples=SAMPLES) is None
    CostLine.objects.create(budget=budget, category="data", low=1, likely=2, high=3)
    inputs = simulation.inputs_for(budget)
    assert simulation.estimate_for(inputs, samples=SAMPLES) is not None
    assert simulation.roi_for(inputs, samples=SAMPLES) is None


def test_hidden_costs_that_are_not_planned_stay_out(personas: Personas) -> None:
    budget = Budget.objects.create(use_case=_use_case(personas))
    HiddenCost.objects.create(budget=budget, key="scaling", status="acknowledged", amount=Decimal(1_000))
    HiddenCost.objects.create(budget=budget, key="data_cleaning", status="open")
    assert not simulation.inputs_for(budget).has_costs


def test_a_hidden_cost_key_no_longer_in_the_reference_data_counts_as_one_off(personas: Personas) -> None:
    budget = Budget.objects.create(use_case=_use_case(personas))
    HiddenCost.objects.create(budget=budget, key="retired_key", status="planned", amount=Decimal(1_000))
    inputs = simulation.inputs_for(budget)
    assert [c.name for c in inputs.categories] == ["hidden:retired_key"]
    assert inputs.running == ()


def test_estimate_is_deterministic_per_budget_and_matches_the_pert_means(personas: Personas) -> None:
    budget = _full_budget(_use_case(personas))
    inputs = simulation.inputs_for(budget)
    first = simulation.estimate_for(inputs, samples=20_000)
    again = simulation.estimate_for(simulation.inputs_for(budget), samples=20_000)
    assert first is not None
    assert again is not None
    np.testing.assert_array_equal(first.total, again.total)
    assert first.iterations == 20_000
    assert first.category_names == tuple(c.name for c in inputs.categories)
    # Mean of beta-PERT is (low + 4 likely + high) / 6; the total is (1 + buffer) one-off + 3 years running.
    one_off = sum((c.low + 4 * c.likely + c.high) / 6 for c in inputs.categories)
    running = sum((r.low + 4 * r.likely + r.high) / 6 for r in inputs.running)
    assert first.mean_total == pytest.approx(1.25 * one_off + 3 * running, rel=0.01)
    assert first.running_years == 3
    assert first.total[0] < first.total[1] < first.total[2]


def test_another_budget_draws_other_numbers(personas: Personas) -> None:
    one = simulation.estimate_for(simulation.inputs_for(_full_budget(_use_case(personas, "One"))), samples=SAMPLES)
    two = simulation.estimate_for(simulation.inputs_for(_full_budget(_use_case(personas, "Two"))), samples=SAMPLES)
    assert one is not None
    assert two is not None
    assert not np.array_equal(one.total, two.total)


def test_samples_come_from_the_setting(personas: Personas, settings: Any) -> None:
    settings.BUDGET_SIMULATION_ITERATIONS = 1_234
    inputs = simulation.inputs_for(_full_budget(_use_case(personas)))
    estimate = simulation.estimate_for(inputs)
    roi = simulation.roi_for(inputs)
    assert estimate is not None
    assert roi is not None
    assert (estimate.iterations, roi.iterations) == (1_234, 1_234)
    assert simulation.iterations() == 1_234


def test_roi_uses_the_settings_and_funding_improves_it(personas: Personas) -> None:
    budget = _full_budget(_use_case(personas))
    with_funding = simulation.roi_for(simulation.inputs_for(budget), samples=SAMPLES)
    FundingApplication.objects.filter(budget=budget).update(status="considering")
    without = simulation.roi_for(simulation.inputs_for(budget), samples=SAMPLES)
    assert with_funding is not None
    assert without is not None
    assert with_funding.horizon_months == 48
    assert with_funding.factors == ("cost_savings", "productivity")
    # Same seed, same draws: the 25,000 of funding moves the NPV by about its discounted value.
    assert with_funding.npv[1] > without.npv[1]
    assert with_funding.npv_mean - without.npv_mean == pytest.approx(25_000, rel=0.1)
    assert with_funding.roi_mean > without.roi_mean


def test_results_are_memoised_per_inputs_and_read_only(personas: Personas) -> None:
    budget = _full_budget(_use_case(personas))
    estimate = simulation.estimate_for(simulation.inputs_for(budget), samples=SAMPLES)
    roi = simulation.roi_for(simulation.inputs_for(budget), samples=SAMPLES)
    assert estimate is not None
    assert roi is not None
    # Equal inputs read again from the database: the same result object, not a new simulation.
    assert simulation.estimate_for(simulation.inputs_for(budget), samples=SAMPLES) is estimate
    assert simulation.roi_for(simulation.inputs_for(budget), samples=SAMPLES) is roi
    with pytest.raises(ValueError, match="read-only"):
        estimate.total[0] = 0
    with pytest.raises(ValueError, match="read-only"):
        roi.payback_months[0] = 0
    # A changed input or sample count is a new simulation.
    Budget.objects.filter(pk=budget.pk).update(buffer_percent=Decimal(30))
    budget.refresh_from_db()
    changed = simulation.estimate_for(simulation.inputs_for(budget), samples=SAMPLES)
    assert changed is not estimate
    assert changed is not None
    assert changed.total[1] > estimate.total[1]
    assert simulation.estimate_for(simulation.inputs_for(budget), samples=SAMPLES + 1) is not changed
    simulation.clear_memo()
    again = simulation.estimate_for(simulation.inputs_for(budget), samples=SAMPLES)
    assert again is not changed
    assert again is not None
    np.testing.assert_array_equal(again.total, changed.total)
