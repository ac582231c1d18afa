"""The cost band stored with each budget (issue 17 item 7): the same figures as the estimate,
simulated once, and never used after the budget's inputs changed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from partnerwijzer.budget import simulation
from partnerwijzer.budget.models import Budget, CostLine
from partnerwijzer.planning.usecases.services import use_case_create
from tests.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def few_samples(settings: Any) -> None:
    settings.BUDGET_SIMULATION_ITERATIONS = 3000
    simulation.clear_memo()


def _budget(p: Personas, title: str) -> Budget:
    use_case = use_case_create(actor=p.owner, organisation=p.organisation, title=title)
    budget = Budget.objects.create(use_case=use_case, buffer_percent=Decimal(25))
    CostLine.objects.create(budget=budget, category="development", low=40_000, likely=50_000, high=70_000)
    CostLine.objects.create(budget=budget, kind="running", category="running", low=2_000, likely=3_000,
                            high=5_000)
    return budget


def _fresh(*budgets: Budget) -> list[Budget]:
    return list(Budget.objects.filter(pk__in=[b.pk for b in budgets]).order_by("pk")
                .prefetch_related("cost_lines", "effort_roles", "hidden_costs", "benefits", "funding"))


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = simulation.dc.cost_estimate

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(simulation.dc, "cost_estimate", counted)
    return calls


def test_the_stored_band_is_the_estimates_band_and_simulated_once(personas: Personas,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = _budget(personas, "One"), _budget(personas, "Two")
    empty = Budget.objects.create(use_case=use_case_create(actor=personas.owner, organisation=personas.organisation,
                                                           title="Empty"))
    updated_at = Budget.objects.get(pk=first.pk).updated_at
    calls = _counting(monkeypatch)
    bands = simulation.stored_bands(_fresh(first, second, empty))
    assert len(calls) == 2
    assert bands[empty.pk] is None  # no one-off costs: no estimate
    for budget in (first, second):
        estimate = simulation._estimate(simulation.inputs_for(_fresh(budget)[0]), 3000)
        expected = simulation.CostBand.of(estimate)
        assert bands[budget.pk] == expected
        assert expected.one_off_total[0] < expected.one_off_total[1] < expected.one_off_total[2]
    stored = Budget.objects.get(pk=first.pk)
    assert stored.cost_band_one_off_p90 == bands[first.pk].one_off_total[2]  # exactly, not rounded
    assert stored.updated_at == updated_at  # a derived figure: not the owner's change
    # another process (no memo) reads the stored bands without simulating
    simulation.clear_memo()
    calls.clear()
    assert simulation.stored_bands(_fresh(first, second, empty)) == bands
    assert calls == []


def test_a_changed_input_or_sample_count_is_simulated_again(personas: Personas, monkeypatch: pytest.MonkeyPatch,
                                                           settings: Any) -> None:
    budget = _budget(personas, "One")
    before = simulation.stored_bands(_fresh(budget))[budget.pk]
    calls = _counting(monkeypatch)
    CostLine.objects.filter(budget=budget, kind="one_off").update(high=Decimal(90_000))
    after = simulation.stored_bands(_fresh(budget))[budget.pk]
    assert len(calls) == 1
    assert after is not None
    assert before is not None
    assert after.one_off_total[2] > before.one_off_total[2]
    assert after == simulation.CostBand.of(simulation._estimate(simulation.inputs_for(_fresh(budget)[0]), 3000))
    Budget.objects.filter(pk=budget.pk).update(buffer_percent=Decimal(40))
    buffered = simulation.stored_bands(_fresh(budget))[budget.pk]
    assert buffered is not None
    assert buffered.one_off_total[1] > after.one_off_total[1]
    settings.BUDGET_SIMULATION_ITERATIONS = 4000
    simulation.stored_bands(_fresh(budget))
    assert len(calls) == 3
    assert Budget.objects.get(pk=budget.pk).cost_band_key == simulation.band_key(
        simulation.inputs_for(_fresh(budget)[0]), 4000)
