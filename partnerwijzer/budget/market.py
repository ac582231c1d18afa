"""Market figures beside the guide's ranges on the cost estimate (issue 17 item 6).

The figures belong to adviser mode (``advisers/market``), a higher layer: it registers a provider
here at start-up (``AdvisersConfig.ready``) and the estimate page asks :func:`market_ranges_for`.
Without a provider (adviser mode not installed) the page simply shows the guide's ranges alone.
A provider returns only groups of at least five distinct companies; the page shows what it gets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from partnerwijzer.knowledge.topics import costs as cost_reference
from partnerwijzer.planning.models import UseCase


@dataclass(frozen=True)
class MarketRange:
    """One cost category's quotes across companies: 25th, 50th and 75th percentile in euro."""

    category: str
    """A key of costs.yaml's categories, ``running`` (per year) or ``total`` (one-off, all categories)."""
    companies: int
    p25: Decimal
    median: Decimal
    p75: Decimal


@dataclass(frozen=True)
class MarketRanges:
    """One adviser organisation's market figures for the use case's type of application."""

    source: str
    """The adviser organisation's name."""
    companies: int
    computed_on: dt.date
    ranges: tuple[MarketRange, ...]


MarketProvider = Callable[[UseCase], list[MarketRanges]]
_PROVIDERS: list[MarketProvider] = []


def register(provider: MarketProvider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def market_ranges_for(use_case: UseCase) -> list[MarketRanges]:
    """Every registered provider's market figures for ``use_case`` (empty when none applies)."""
    return [ranges for provider in _PROVIDERS for ranges in provider(use_case)]


@dataclass(frozen=True)
class MarketRow:
    """A row of the estimate's market table: the category's name, the guide's typical range (None
    for the one-off total, where the guide gives none) and the market's range."""

    label: str
    guide: Any
    market: MarketRange


def market_rows(ranges: MarketRanges, language: str) -> list[MarketRow]:
    """The market's ranges beside the guide's typical range of the same category."""
    costs = cost_reference.load()
    guide: dict[str, tuple[str, Any]] = {c.key: (c.name.get(language), c.typical) for c in costs.categories}
    guide["running"] = (costs.running.name.get(language), costs.running.typical)
    rows = []
    for market in ranges.ranges:
        label, figure = guide.get(market.category, (_("One-off costs in total"), None))
        rows.append(MarketRow(label=label, guide=figure, market=market))
    return rows
