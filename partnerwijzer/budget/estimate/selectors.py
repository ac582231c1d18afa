"""Read side of the cost estimate: the lines beside the guide's reference values, the hidden-cost
checklist, the simulated result with a label per row, and the overview of every use case.

The Monte Carlo itself runs in :mod:`partnerwijzer.budget.simulation`; here its floats become
``Decimal`` euro amounts rounded to cents, and its item names (``line:<uuid>``,
``internal_effort``, ``hidden:<key>``) become rows with a label and, where the guide gives one,
its reference range.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Final, Literal

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

import decisioncore as dc
from partnerwijzer.accounts.models import Organisation
from partnerwijzer.budget import simulation
from partnerwijzer.budget.estimate.scaling import Scaling, scaling_for
from partnerwijzer.budget.estimate.services import RUNNING_CATEGORY
from partnerwijzer.budget.models import Budget, CostKind, CostLine, EffortRole, HiddenCost, HiddenCostStatus
from partnerwijzer.knowledge.schema import Figure, normalise_language
from partnerwijzer.knowledge.topics import archetypes
from partnerwijzer.knowledge.topics import costs as cost_reference
from partnerwijzer.knowledge.topics.costs import HiddenCostRef
from partnerwijzer.planning.models import CompanyProfile, UseCase

CENT: Final = Decimal("0.01")
Kind = Literal["one_off", "running"]


def _lang() -> str:
    return normalise_language(translation.get_language())


def cents(value: float) -> Decimal:
    """A simulated amount (float) as euro rounded to cents."""
    return Decimal(repr(float(value))).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Band:
    """P10, P50 and P90 of one simulated amount, in euro."""

    p10: Decimal
    p50: Decimal
    p90: Decimal

    @classmethod
    def of(cls, values: object) -> Band:
        p10, p50, p90 = (cents(v) for v in values)  # type: ignore[attr-defined]
        return cls(p10, p50, p90)


# --- Lines beside the guide ----------------------------------------------------------------------


def reference_for(category: str) -> Figure | None:
    """The guide's typical range for a line's category (running: per year); None for own lines."""
    if not category:
        return None
    data = cost_reference.load()
    if category == RUNNING_CATEGORY:
        return data.running.typical
    try:
        return data.category(category).typical
    except KeyError:
        return None


def line_label(line: CostLine) -> str:
    """The line's own name, else the guide's name of its category (in the active language)."""
    if line.name:
        return line.name
    data = cost_reference.load()
    if line.category == RUNNING_CATEGORY:
        return data.running.name.get(_lang())
    try:
        return data.category(line.category).name.get(_lang())
    except KeyError:  # a key the guide does not know (not translatable): say so in the reader's language
        return _("“%(key)s” (not a category of the guide)") % {"key": line.category}


@dataclass(frozen=True, slots=True)
class LineRow:
    line: CostLine
    label: str
    reference: Figure | None


@dataclass(frozen=True, slots=True)
class RoleRow:
    role: EffortRole
    cost_low: Decimal
    cost_high: Decimal


@dataclass(frozen=True, slots=True)
class HiddenRow:
    ref: HiddenCostRef
    row: HiddenCost | None

    @property
    def key(self) -> str:
        return self.ref.key

    @property
    def status(self) -> str:
        return self.row.status if self.row else HiddenCostStatus.OPEN

    @property
    def amount(self) -> Decimal | None:
        return self.row.amount if self.row else None

    @property
    def note(self) -> str:
        return self.row.note if self.row else ""

    @property
    def is_open(self) -> bool:
        return self.status == HiddenCostStatus.OPEN


def line_rows(budget: Budget | None) -> tuple[list[LineRow], list[LineRow]]:
    """(one-off rows, running rows) in the guide's order, own lines after the guide's."""
    if budget is None:
        return [], []
    rows = [LineRow(line, line_label(line), reference_for(line.category)) for line in budget.cost_lines.all()]
    return [r for r in rows if r.line.kind == CostKind.ONE_OFF], [r for r in rows if r.line.kind == CostKind.RUNNING]


def role_row(role: EffortRole) -> RoleRow:
    """A role with its cost range: hours per person x hourly rate x people."""
    return RoleRow(role, (role.hours_low * role.hourly_rate * role.people).quantize(CENT),
                   (role.hours_high * role.hourly_rate * role.people).quantize(CENT))


def role_rows(budget: Budget | None) -> list[RoleRow]:
    return [] if budget is None else [role_row(role) for role in budget.effort_roles.all()]


def hidden_rows(budget: Budget | None) -> list[HiddenRow]:
    """The guide's five hidden costs in its order, each with the company's row (or None: open)."""
    stored = {h.key: h for h in budget.hidden_costs.all()} if budget is not None else {}
    return [HiddenRow(ref, stored.get(ref.key)) for ref in cost_reference.load().hidden_costs]


# --- The simulated result ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ResultRow:
    """One simulated item: a cost line, the internal effort or a planned hidden cost."""

    key: str
    label: str
    kind: Kind
    band: Band
    reference: Figure | None


@dataclass(frozen=True, slots=True)
class EstimateResult:
    rows: tuple[ResultRow, ...]
    """One-off items (before buffer)."""
    running_rows: tuple[ResultRow, ...]
    one_off: Band
    buffer: Band
    one_off_total: Band
    running_per_year: Band
    internal_effort: Band | None
    total: Band
    """One-off incl. buffer plus three years of running cost."""
    running_years: int
    buffer_percent: Decimal
    samples: int


def _labeller(budget: Budget) -> dict[str, tuple[str, Figure | None]]:
    labels: dict[str, tuple[str, Figure | None]] = {
        f"line:{line.pk}": (line_label(line), reference_for(line.category)) for line in budget.cost_lines.all()
    }
    labels[simulation.INTERNAL_EFFORT] = (_("Internal effort"), None)
    lang = _lang()
    for ref in cost_reference.load().hidden_costs:
        labels[f"hidden:{ref.key}"] = (_("Hidden cost: %(name)s") % {"name": ref.name.get(lang)}, None)
    return labels


def _rows(names: tuple[str, ...], bands: object, kind: Kind,
          labels: dict[str, tuple[str, Figure | None]]) -> tuple[ResultRow, ...]:
    out = []
    for name, values in zip(names, bands, strict=True):  # type: ignore[call-overload]
        label, reference = labels.get(name, (name, None))
        out.append(ResultRow(name, label, kind, Band.of(values), reference))
    return tuple(out)


def result_of(budget: Budget, estimate: dc.CostEstimate) -> EstimateResult:
    labels = _labeller(budget)
    rows = _rows(estimate.category_names, estimate.categories, "one_off", labels)
    running = _rows(estimate.running_names, estimate.running, "running", labels)
    effort = next((r.band for r in rows if r.key == simulation.INTERNAL_EFFORT), None)
    return EstimateResult(
        rows=rows, running_rows=running, one_off=Band.of(estimate.one_off), buffer=Band.of(estimate.buffer),
        one_off_total=Band.of(estimate.one_off_total), running_per_year=Band.of(estimate.running_per_year),
        internal_effort=effort, total=Band.of(estimate.total), running_years=int(estimate.running_years),
        buffer_percent=budget.buffer_percent, samples=estimate.iterations,
    )


def estimate_result(budget: Budget | None) -> EstimateResult | None:
    """The simulated estimate of ``budget``; None while it has no one-off cost."""
    if budget is None:
        return None
    estimate = simulation.estimate_for(simulation.inputs_for(budget))
    return None if estimate is None else result_of(budget, estimate)


def budget_with_lines(use_case: UseCase) -> Budget | None:
    """The use case's budget with its estimate lines prefetched (None before the first entry)."""
    return (
        Budget.objects.filter(use_case=use_case)
        .prefetch_related("cost_lines", "effort_roles", "hidden_costs", "benefits")
        .first()
    )


# --- Overview ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OverviewRow:
    use_case: UseCase
    budget: Budget | None
    result: EstimateResult | None
    open_hidden: int

    @property
    def started(self) -> bool:
        return self.budget is not None and bool(self.budget.cost_lines.all())


def overview_rows(organisation: Organisation) -> list[OverviewRow]:
    """Every use case of the organisation by title, with its estimate (or None: not started)."""
    use_cases = list(
        UseCase.objects.filter(organisation=organisation).order_by("title").prefetch_related(
            Prefetch("budget", queryset=Budget.objects.prefetch_related(
                "cost_lines", "effort_roles", "hidden_costs", "benefits"))
        )
    )
    rows = []
    for use_case in use_cases:
        budget: Budget | None = getattr(use_case, "budget", None) if _has_budget(use_case) else None
        result = estimate_result(budget)
        open_hidden = sum(1 for h in hidden_rows(budget) if h.is_open) if budget is not None else 0
        rows.append(OverviewRow(use_case, budget, result, open_hidden))
    return rows


def _has_budget(use_case: UseCase) -> bool:
    try:
        use_case.budget  # noqa: B018 - a missing reverse one-to-one raises
    except Budget.DoesNotExist:
        return False
    return True


def scaling_of(use_case: UseCase) -> Scaling:
    """The scaling assumption for ``use_case``: its company's staff and its archetype's complexity."""
    staff = (CompanyProfile.objects.filter(organisation_id=use_case.organisation_id)
             .values_list("staff_count", flat=True).first())
    complexity = None
    if use_case.archetype:
        try:
            complexity = archetypes.load().archetype(use_case.archetype).complexity
        except KeyError:
            complexity = None
    return scaling_for(staff=staff, complexity=complexity)
