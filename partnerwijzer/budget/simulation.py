"""The boundary between stored budgets (Decimal, rows) and the decision core (floats, arrays).

``inputs_for(budget)`` reads one budget with its lines in a fixed number of queries and turns it
into decisioncore inputs; ``estimate_for`` and ``roi_for`` run the Monte Carlo. Results are
deterministic for one budget: the random generator is seeded from the budget's id, so a page
shows the same figures on every reload and a changed input moves the result by its effect, not
by new noise (common random numbers).

Both are memoised per process on (inputs, samples): the cost page, its chart, the quotes page and
the export ask for the same estimate, and a seeded simulation of the same inputs is the same
result. Arrays in a memoised result are read-only, so no caller can change another's figures.

Internal effort is one one-off category (``INTERNAL_EFFORT``), so the estimate reports it on its
own line; a hidden cost planned with an amount is a fixed one-off or running item.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

import numpy as np
from django.conf import settings

import decisioncore as dc
from partnerwijzer.budget.models import (
    FUNDING_COUNTS_IN_ROI,
    TCO_YEARS,
    Budget,
    CostKind,
    HiddenCostStatus,
)
from partnerwijzer.knowledge.topics import costs as cost_reference

INTERNAL_EFFORT: Final = "internal_effort"
"""Name of the decisioncore category that carries the internal effort."""

DEFAULT_ITERATIONS: Final = 100_000


def iterations() -> int:
    """Simulation samples per page (setting ``BUDGET_SIMULATION_ITERATIONS``, default 100,000)."""
    return int(getattr(settings, "BUDGET_SIMULATION_ITERATIONS", DEFAULT_ITERATIONS))


@dataclass(frozen=True, slots=True)
class Inputs:
    """One budget as decisioncore inputs. ``keys`` maps each item's name back to its row."""

    categories: tuple[dc.CostCategory, ...]
    running: tuple[dc.RunningCost, ...]
    benefits: tuple[dc.Benefit, ...]
    buffer: float
    cost_reduction: float
    horizon_months: int
    go_live_month: int
    ramp_months: int
    discount_rate: float
    seed: int

    @property
    def has_costs(self) -> bool:
        return bool(self.categories or self.running)

    @property
    def can_simulate_return(self) -> bool:
        return self.has_costs and bool(self.benefits)


def _f(value: Decimal) -> float:
    return float(value)


def seed_for(budget: Budget) -> int:
    return budget.id.int & ((1 << 63) - 1)


def inputs_for(budget: Budget) -> Inputs:
    """Read ``budget``'s lines (five queries) and build the decision core's inputs.

    Item names are unique ids (``line:<uuid>``, ``internal_effort``, ``hidden:<key>``,
    ``benefit:<uuid>``) so the result can be mapped back to rows; pages label them from the rows.
    Every list is read in a fixed order (hidden costs by key), so the items, and with them the
    seeded draws, come out the same on every database.
    """
    categories: list[dc.CostCategory] = []
    running: list[dc.RunningCost] = []
    for line in budget.cost_lines.all():
        name = f"line:{line.pk}"
        if line.kind == CostKind.RUNNING:
            running.append(dc.RunningCost(name, _f(line.low), _f(line.likely), _f(line.high)))
        else:
            categories.append(dc.CostCategory(name, _f(line.low), _f(line.likely), _f(line.high)))

    roles = list(budget.effort_roles.all())
    if roles:
        low = sum((r.hours_low * r.hourly_rate * r.people for r in roles), Decimal(0))
        high = sum((r.hours_high * r.hourly_rate * r.people for r in roles), Decimal(0))
        categories.append(dc.CostCategory(INTERNAL_EFFORT, _f(low), _f((low + high) / 2), _f(high)))

    reference = cost_reference.load()
    # Sorted and filtered here rather than in SQL, so a budget read with its rows prefetched (an
    # adviser's portfolio reads many at once) needs no further query; the result is the same.
    for hidden in sorted(budget.hidden_costs.all(), key=lambda h: h.key):
        if hidden.status != HiddenCostStatus.PLANNED or hidden.amount is None:
            continue
        amount = _f(hidden.amount)
        try:
            kind = reference.hidden_cost(hidden.key).kind
        except KeyError:  # a key no longer in the reference data: count it as one-off
            kind = "one_off"
        if kind == "running":
            running.append(dc.RunningCost(f"hidden:{hidden.key}", amount, amount, amount))
        else:
            categories.append(dc.CostCategory(f"hidden:{hidden.key}", amount, amount, amount))

    benefits = tuple(
        dc.Benefit(
            f"benefit:{b.pk}", dc.BenefitFactor(b.factor), _f(b.amount_low), _f(b.amount_likely), _f(b.amount_high)
        )
        for b in budget.benefits.all()
    )
    reduction = sum(
        (a.expected_amount for a in budget.funding.all() if a.status in FUNDING_COUNTS_IN_ROI), Decimal(0)
    )
    return Inputs(
        categories=tuple(categories),
        running=tuple(running),
        benefits=benefits,
        buffer=_f(budget.buffer_percent) / 100.0,
        cost_reduction=_f(reduction),
        horizon_months=budget.horizon_months,
        go_live_month=budget.go_live_month,
        ramp_months=budget.ramp_months,
        discount_rate=_f(budget.discount_rate) / 100.0,
        seed=seed_for(budget),
    )


MEMO_SIZE: Final = 32
"""Results kept per process (a RoiResult at 100,000 samples holds about 1 MB)."""


def _read_only[R](result: R) -> R:
    for item in dataclasses.fields(result):  # type: ignore[arg-type]
        value = getattr(result, item.name)
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return result


def estimate_for(inputs: Inputs, *, samples: int | None = None) -> dc.CostEstimate | None:
    """P10/P50/P90 of the cost (TCO over three years); None without one-off costs."""
    if not inputs.categories:
        return None
    return _estimate(inputs, samples or iterations())


ESTIMATE_MEMO_SIZE: Final = 4096
"""Cost estimates kept per process. An estimate holds only its P10/P50/P90 arrays (a few KB), and
an adviser's portfolio needs one per running project of every client (the cost band flag): with
MEMO_SIZE a hub's 173 projects pushed each other out and every portfolio page simulated all of
them again (7 s with 2,000 clients, bench/bench_portfolio_scale.py)."""


@functools.lru_cache(maxsize=ESTIMATE_MEMO_SIZE)
def _estimate(inputs: Inputs, samples: int) -> dc.CostEstimate:
    return _read_only(dc.cost_estimate(
        inputs.categories,
        buffer=inputs.buffer,
        running=inputs.running,
        running_years=float(TCO_YEARS),
        iterations=samples,
        rng=np.random.default_rng(inputs.seed),
    ))


def roi_for(inputs: Inputs, *, samples: int | None = None) -> dc.RoiResult | None:
    """Payback, ROI and NPV distributions; None until there are costs and benefits."""
    if not inputs.can_simulate_return:
        return None
    return _roi(inputs, samples or iterations())


@functools.lru_cache(maxsize=MEMO_SIZE)
def _roi(inputs: Inputs, samples: int) -> dc.RoiResult:
    return _read_only(dc.roi_simulation(
        [*inputs.categories, *inputs.running],
        inputs.benefits,
        horizon_months=inputs.horizon_months,
        go_live_month=inputs.go_live_month,
        ramp_months=inputs.ramp_months,
        discount_rate=inputs.discount_rate,
        buffer=inputs.buffer,
        cost_reduction=inputs.cost_reduction,
        iterations=samples,
        rng=np.random.default_rng(inputs.seed + 1),
    ))


BAND_VERSION: Final = "1"
"""Part of every stored band's fingerprint: raise it when the cost simulation changes its results."""


@dataclass(frozen=True, slots=True)
class CostBand:
    """What the burn chart and the portfolio's cost band flag need of an estimate: P10/P50/P90 of
    the one-off total (with buffer) and of the running cost per year."""

    one_off_total: tuple[float, float, float]
    running_per_year: tuple[float, float, float]

    @classmethod
    def of(cls, estimate: dc.CostEstimate) -> CostBand:
        one_off = estimate.one_off_total
        running = estimate.running_per_year
        return cls((float(one_off[0]), float(one_off[1]), float(one_off[2])),
                   (float(running[0]), float(running[1]), float(running[2])))


def band_key(inputs: Inputs, samples: int | None = None) -> str:
    """Fingerprint of everything the cost estimate depends on (the cost items, the buffer, the
    seed, the samples, the years of running cost and the simulation's version)."""
    text = repr((BAND_VERSION, inputs.categories, inputs.running, inputs.buffer, inputs.seed,
                 samples or iterations(), TCO_YEARS))
    return hashlib.sha256(text.encode()).hexdigest()


_BAND_FIELDS: Final = ("cost_band_key", "cost_band_one_off_p10", "cost_band_one_off_p50", "cost_band_one_off_p90",
                       "cost_band_running_p10", "cost_band_running_p50", "cost_band_running_p90")


def _stored_band(budget: Budget, key: str) -> CostBand | None:
    if budget.cost_band_key != key:
        return None
    values = [getattr(budget, name) for name in _BAND_FIELDS[1:]]
    if any(v is None for v in values):
        return None
    return CostBand((values[0], values[1], values[2]), (values[3], values[4], values[5]))


def stored_bands(budgets: Iterable[Budget]) -> dict[object, CostBand | None]:
    """The cost band of each budget (None without one-off costs), by budget id: the stored band
    when it was simulated from the budget's current inputs, otherwise simulated now and stored
    (one UPDATE for all of them), so each band is simulated once, not once per process and page.

    The budgets should come with their rows prefetched (``inputs_for``). The band is the same
    figures the estimate gives (floats are stored exactly), so pages show the same results."""
    out: dict[object, CostBand | None] = {}
    changed: list[Budget] = []
    for budget in budgets:
        inputs = inputs_for(budget)
        if not inputs.categories:
            out[budget.pk] = None
            continue
        key = band_key(inputs)
        band = _stored_band(budget, key)
        if band is None:
            band = CostBand.of(_estimate(inputs, iterations()))  # there are one-off costs
            budget.cost_band_key = key
            (budget.cost_band_one_off_p10, budget.cost_band_one_off_p50,
             budget.cost_band_one_off_p90) = band.one_off_total
            (budget.cost_band_running_p10, budget.cost_band_running_p50,
             budget.cost_band_running_p90) = band.running_per_year
            changed.append(budget)
        out[budget.pk] = band
    if changed:
        # A derived figure, not a user's change: bulk_update sets neither updated_at nor updated_by,
        # and records no audit event (nothing the user entered changes).
        Budget.objects.bulk_update(changed, list(_BAND_FIELDS), batch_size=500)
    return out


def clear_memo() -> None:
    """Forget the memoised results (benchmarks measuring a first render use it)."""
    _estimate.cache_clear()
    _roi.cache_clear()
