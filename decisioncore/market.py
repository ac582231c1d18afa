"""Market figures across companies: anonymised aggregates with a minimum group size (issue 17).

An adviser organisation's clients may let their figures (quotes, actual costs) be used,
anonymised, in the adviser organisation's market figures. The rules that keep one company's
figure from being read out of them live here, as pure functions:

* Every company counts **once** in a group: its own figures in the group are first reduced to
  their median (:func:`company_values`), so a company with many quotes weighs as much as one
  with a single quote, and the group's size is its number of *distinct* companies.
* A group is shown only when it holds at least :data:`MIN_COMPANIES` distinct companies
  (:func:`aggregate`, :func:`group_aggregates`); below that the result is ``None`` ("not enough
  data") and no figure of it is returned at all, not even its size.
* Realised payback (:func:`payback_months`) is one figure per project like a cost, aggregated by
  the same rules; a project whose measured benefit is not positive has no payback and no figure.
* The figures shown are the 25th, 50th and 75th percentiles across the companies (numpy's linear
  interpolation), never a minimum, maximum or mean. The groups a caller forms are a fixed
  partition (each figure in exactly one group, no filters), so no two shown groups differ by
  one company (docs/market.md).

Invalid input raises ``ValueError`` naming the argument.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from decisioncore._validation import as_float_array

MIN_COMPANIES: Final = 5
"""The fewest distinct companies a shown aggregate may cover."""


@dataclass(frozen=True)
class Aggregate:
    """The 25th, 50th and 75th percentile over ``companies`` distinct companies (always >= 5)."""

    companies: int
    p25: float
    median: float
    p75: float


def _check(values: Sequence[float] | np.ndarray, companies: Sequence[Hashable], name: str = "values") -> np.ndarray:
    array = as_float_array(values, name, 1) if len(values) else np.zeros(0)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite")
    if len(companies) != array.shape[0]:
        raise ValueError("companies must have one entry per value")
    return array


def company_values(values: Sequence[float] | np.ndarray, companies: Sequence[Hashable]) -> dict[Hashable, float]:
    """Each company's own figure in a group: the median of its values (one value per company)."""
    array = _check(values, companies)
    per: dict[Hashable, list[float]] = {}
    for value, company in zip(array.tolist(), companies, strict=True):
        per.setdefault(company, []).append(value)
    return {company: float(np.median(np.asarray(own))) for company, own in per.items()}


def aggregate(values: Sequence[float] | np.ndarray, companies: Sequence[Hashable],
              *, min_companies: int = MIN_COMPANIES) -> Aggregate | None:
    """The percentiles across companies, or ``None`` with fewer than ``min_companies`` distinct ones.

    ``values[i]`` belongs to ``companies[i]``; a company's several values count as their median.
    ``min_companies`` below :data:`MIN_COMPANIES` is refused: the rule cannot be loosened.
    """
    if min_companies < MIN_COMPANIES:
        raise ValueError(f"min_companies must be at least {MIN_COMPANIES}")
    own = company_values(values, companies)
    if len(own) < min_companies:
        return None
    spread = np.asarray(list(own.values()), dtype=float)
    p25, median, p75 = (float(v) for v in np.percentile(spread, [25.0, 50.0, 75.0]))
    return Aggregate(companies=len(own), p25=p25, median=median, p75=p75)


def group_aggregates(
    groups: Sequence[Hashable], companies: Sequence[Hashable], values: Sequence[float] | np.ndarray,
    *, min_companies: int = MIN_COMPANIES,
) -> dict[Hashable, Aggregate]:
    """:func:`aggregate` for each group of a fixed grouping; groups below the minimum are left out.

    ``groups[i]``, ``companies[i]`` and ``values[i]`` describe one figure. The groups are a
    partition of the figures (each figure in exactly one group), so no shown group is another
    shown group plus or minus some companies.
    """
    array = _check(values, companies)
    if len(groups) != array.shape[0]:
        raise ValueError("groups must have one entry per value")
    members: dict[Hashable, tuple[list[float], list[Hashable]]] = {}
    for group, company, value in zip(groups, companies, array.tolist(), strict=True):
        own_values, own_companies = members.setdefault(group, ([], []))
        own_values.append(value)
        own_companies.append(company)
    shown: dict[Hashable, Aggregate] = {}
    for group, (own_values, own_companies) in members.items():
        result = aggregate(own_values, own_companies, min_companies=min_companies)
        if result is not None:
            shown[group] = result
    return shown


def company_count(companies: Sequence[Hashable], *, min_companies: int = MIN_COMPANIES) -> int | None:
    """How many distinct companies did something (were behind a count such as "shortlisted this
    firm"), or ``None`` with fewer than ``min_companies`` of them: the same rule as :func:`aggregate`.

    A company named several times counts once; ``min_companies`` below :data:`MIN_COMPANIES` is refused.
    """
    if min_companies < MIN_COMPANIES:
        raise ValueError(f"min_companies must be at least {MIN_COMPANIES}")
    distinct = len(set(companies))
    return distinct if distinct >= min_companies else None


def payback_months(one_off_costs: Sequence[float] | np.ndarray,
                   yearly_benefits: Sequence[float] | np.ndarray) -> np.ndarray:
    r"""Realised (simple) payback in months of each project: its actual one-off costs divided by
    the monthly benefit measured now,

    .. math::  P_i = \frac{12\,C_i}{B_i} \quad (B_i > 0), \qquad P_i = \text{NaN} \quad (B_i \le 0)

    with :math:`C_i \ge 0` the one-off costs booked so far and :math:`B_i` the yearly benefit at the
    rate the KPI measurements show now (``decisioncore.results.realised_benefit``'s ``yearly_now``
    summed over the project's benefit lines). This is the textbook payback period (investment over
    the periodic inflow; e.g. Brealey, Myers & Allen, *Principles of Corporate Finance*, ch. 5),
    taken from measured values rather than the plan's ranges: EUR 60,000 paid back by EUR 40,000 a
    year gives 18 months. A project whose measured benefit is zero or negative does not pay back
    at this rate (nor does one whose payback would overflow a float): NaN, and the caller leaves it
    out of the aggregate.
    """
    costs = as_float_array(one_off_costs, "one_off_costs", 1) if len(one_off_costs) else np.zeros(0)
    benefits = as_float_array(yearly_benefits, "yearly_benefits", 1) if len(yearly_benefits) else np.zeros(0)
    if costs.shape != benefits.shape:
        raise ValueError("yearly_benefits must have one entry per project")
    if not (np.all(np.isfinite(costs)) and np.all(np.isfinite(benefits))):
        raise ValueError("one_off_costs and yearly_benefits must be finite")
    if np.any(costs < 0):
        raise ValueError("one_off_costs must not be negative")
    months = np.full(costs.shape, np.nan)
    paying = benefits > 0
    with np.errstate(over="ignore"):  # a vanishing benefit: a payback beyond any horizon
        months[paying] = 12.0 * costs[paying] / benefits[paying]
    months[~np.isfinite(months)] = np.nan
    return months
