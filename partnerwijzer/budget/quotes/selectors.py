"""Read side of the candidates' quotes: the comparison per cost category, the three-year total
cost of ownership (TCO) and the price column the ranking takes from the quotes.

Each quoted amount is set against two yardsticks:

* the guide's typical range for that category (``knowledge/data/costs.yaml``), a reference
  value, not our measurement: far below it (< ``FAR_BELOW_FACTOR`` x the guide's low end) usually
  means something is left out of the quote; far above it (> ``FAR_ABOVE_FACTOR`` x the high end)
  asks for an explanation;
* the company's own estimate for that category (the ``CostLine`` low..high of the use case's
  budget), when there is one. Running cost per year is set against the sum of the running lines.

Both comparisons are strict: an amount exactly on a threshold is not flagged.

TCO = one-off total + ``TCO_YEARS`` x running cost per year (``tco``). A category left out of a
quote counts as 0 in the TCO and is shown as "not quoted".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Final
from uuid import UUID

import numpy as np
from django.db.models import Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from decisioncore import price_scores
from partnerwijzer.budget.models import TCO_YEARS, Budget, CostKind, CostLine, Quote
from partnerwijzer.budget.selectors import budget_of
from partnerwijzer.budget.simulation import estimate_for, inputs_for
from partnerwijzer.evaluation.models import SCALE_MAX, SCALE_MIN, Criterion, KnockoutCheck
from partnerwijzer.evaluation.selectors import scoring_setup_of
from partnerwijzer.knowledge.schema import Figure
from partnerwijzer.knowledge.topics import costs as cost_reference
from partnerwijzer.planning.models import UseCase
from partnerwijzer.sourcing.models import Candidate, Selection

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "FAR_ABOVE_FACTOR",
    "FAR_BELOW_FACTOR",
    "RUNNING",
    "CandidateQuote",
    "Flag",
    "LineComparison",
    "QuotesOverview",
    "SelectionQuotes",
    "categories",
    "compare_line",
    "guide_figures",
    "quote_price_column",
    "quotes_overview",
    "selection_quotes",
    "selection_quotes_of",
    "tco",
    "tco_by_candidate",
]

FAR_BELOW_FACTOR: Final = Decimal("0.5")
"""A quoted amount below this share of the guide's low end is flagged "far below"."""
FAR_ABOVE_FACTOR: Final = Decimal("1.5")
"""A quoted amount above this multiple of the guide's high end is flagged "far above"."""
RUNNING: Final = "running"
"""Key of the running cost per year (costs.yaml ``running.key``) in the comparison rows."""


def categories() -> tuple[str, ...]:
    """The cost category keys a quote has lines for, in the guide's order."""
    return cost_reference.CATEGORY_KEYS


def tco(one_off: Decimal, running_per_year: Decimal) -> Decimal:
    """Three-year total cost of ownership: one-off + ``TCO_YEARS`` x running per year."""
    return one_off + TCO_YEARS * running_per_year


class Flag(StrEnum):
    FAR_BELOW_GUIDE = "far_below_guide"
    FAR_ABOVE_GUIDE = "far_above_guide"
    BELOW_ESTIMATE = "below_estimate"
    ABOVE_ESTIMATE = "above_estimate"


FLAG_TEXT: Final[Mapping[Flag, Promise]] = {
    Flag.FAR_BELOW_GUIDE: _("Far below the guide's range: check what is left out."),
    Flag.FAR_ABOVE_GUIDE: _("Far above the guide's range: ask what it includes."),
    Flag.BELOW_ESTIMATE: _("Below your own estimate."),
    Flag.ABOVE_ESTIMATE: _("Above your own estimate."),
}


@dataclass(frozen=True, slots=True)
class Range:
    low: Decimal
    high: Decimal


@dataclass(frozen=True, slots=True)
class LineComparison:
    """One category (or running cost per year) of one quote against the guide and the estimate."""

    key: str
    name: str
    amount: Decimal | None  # None: not in the quote
    guide: Range
    guide_figure: Figure
    own: Range | None  # None: no own estimate for this category
    flags: tuple[Flag, ...]

    @property
    def messages(self) -> tuple[str, ...]:
        return tuple(str(FLAG_TEXT[f]) for f in self.flags)

    @property
    def guide_flag(self) -> Flag | None:
        return next((f for f in self.flags if f in (Flag.FAR_BELOW_GUIDE, Flag.FAR_ABOVE_GUIDE)), None)

    @property
    def estimate_flag(self) -> Flag | None:
        return next((f for f in self.flags if f in (Flag.BELOW_ESTIMATE, Flag.ABOVE_ESTIMATE)), None)


def compare_line(amount: Decimal | None, *, guide: Range, own: Range | None) -> tuple[Flag, ...]:
    """The flags of one quoted amount: against the guide's range, then against the own estimate."""
    if amount is None:
        return ()
    flags: list[Flag] = []
    if amount < FAR_BELOW_FACTOR * guide.low:
        flags.append(Flag.FAR_BELOW_GUIDE)
    elif amount > FAR_ABOVE_FACTOR * guide.high:
        flags.append(Flag.FAR_ABOVE_GUIDE)
    if own is not None:
        if amount < own.low:
            flags.append(Flag.BELOW_ESTIMATE)
        elif amount > own.high:
            flags.append(Flag.ABOVE_ESTIMATE)
    return tuple(flags)


@dataclass(frozen=True, slots=True)
class CandidateQuote:
    """A candidate with its quote (or None) and the comparison rows (five categories, running)."""

    candidate: Candidate
    quote: Quote | None
    lines: tuple[LineComparison, ...]
    one_off: Decimal | None
    running_per_year: Decimal | None
    tco: Decimal | None
    price_score: float | None = None  # the price criterion's score from the quotes, when in use

    @property
    def flagged(self) -> int:
        return sum(1 for line in self.lines if line.flags)


@dataclass(frozen=True, slots=True)
class SelectionQuotes:
    """One selection of the use case: its candidates (not rejected) and the TCO comparison.

    ``ranked`` holds the candidates with a quote, cheapest TCO first (ties by name).
    ``missing`` are the candidates of the ranking (not rejected, not knocked out) without a
    quote: while there are any, the evaluators' price scores stay in the ranking.
    """

    selection: Selection
    candidates: tuple[CandidateQuote, ...]
    ranked: tuple[CandidateQuote, ...]
    missing: tuple[Candidate, ...]
    has_price_criterion: bool

    @property
    def price_from_quotes(self) -> bool:
        """The owner chose to take price from the quotes."""
        return scoring_setup_of(self.selection).price_from_quotes

    @property
    def price_from_quotes_active(self) -> bool:
        """Price in the ranking really comes from the quotes now."""
        return self.price_from_quotes and self.has_price_criterion and not self.missing and bool(self.ranked)


@dataclass(frozen=True, slots=True)
class QuotesOverview:
    use_case: UseCase
    budget: Budget | None
    selections: tuple[SelectionQuotes, ...]
    estimate_total: tuple[float, float] | None  # P10, P90 of the estimate's three-year total
    tco_years: int = TCO_YEARS


def _dec(value: float | None) -> Decimal:
    return Decimal(str(value if value is not None else 0))


def _guide_ranges() -> dict[str, tuple[str, Range, Figure]]:
    from django.utils import translation

    lang = (translation.get_language() or "nl")[:2]
    ref = cost_reference.load()
    out: dict[str, tuple[str, Range, Figure]] = {}
    for item in ref.categories:
        out[item.key] = (item.name.get(lang), Range(_dec(item.typical.low), _dec(item.typical.high)), item.typical)
    running = ref.running
    out[RUNNING] = (running.name.get(lang), Range(_dec(running.typical.low), _dec(running.typical.high)),
                    running.typical)
    return out


def guide_figures() -> tuple[Figure, ...]:
    """The guide's typical ranges the comparison uses (five categories, running), with provenance."""
    return tuple(figure for _name, _range, figure in _guide_ranges().values())


def own_estimates(budget: Budget | None) -> dict[str, Range]:
    """The own estimate per category key (one-off lines with that key) and for running cost
    (the sum of all running lines, per year). One query; empty without a budget."""
    if budget is None:
        return {}
    out: dict[str, Range] = {}
    running_low = running_high = Decimal(0)
    has_running = False
    for line in CostLine.objects.filter(budget=budget):
        if line.kind == CostKind.RUNNING:
            has_running = True
            running_low += line.low
            running_high += line.high
        elif line.category:
            out[line.category] = Range(line.low, line.high)
    if has_running:
        out[RUNNING] = Range(running_low, running_high)
    return out


def _candidate_quote(
    candidate: Candidate, quote: Quote | None, guide: dict[str, tuple[str, Range, Figure]], own: dict[str, Range]
) -> CandidateQuote:
    amounts: dict[str, Decimal] = {line.category: line.amount for line in quote.lines.all()} if quote else {}
    keys = (*categories(), RUNNING)
    rows = []
    for key in keys:
        amount = (quote.running_per_year if quote else None) if key == RUNNING else amounts.get(key)
        name, guide_range, figure = guide[key]
        rows.append(
            LineComparison(
                key=key, name=name, amount=amount, guide=guide_range, guide_figure=figure, own=own.get(key),
                flags=compare_line(amount, guide=guide_range, own=own.get(key)),
            )
        )
    if quote is None:
        return CandidateQuote(candidate, None, tuple(rows), None, None, None)
    one_off = sum((amounts.get(k, Decimal(0)) for k in categories()), Decimal(0))
    return CandidateQuote(candidate, quote, tuple(rows), one_off, quote.running_per_year,
                          tco(one_off, quote.running_per_year))


def knocked_out(selection_ids: Iterable[UUID]) -> set[UUID]:
    """Candidates that failed a knock-out criterion (left out of the ranking). One query."""
    return set(
        KnockoutCheck.objects.filter(
            criterion__selection_id__in=list(selection_ids), criterion__knockout=True, passed=False
        ).values_list("candidate_id", flat=True)
    )


def selection_quotes(
    selection: Selection,
    candidates: Sequence[Candidate],
    quotes: Mapping[UUID, Quote],
    *,
    own: dict[str, Range],
    guide: dict[str, tuple[str, Range, Figure]],
    excluded: set[UUID],
    has_price_criterion: bool,
) -> SelectionQuotes:
    rows = [_candidate_quote(c, quotes.get(c.pk), guide, own) for c in candidates]
    missing = tuple(c for c in candidates if c.pk not in quotes and c.pk not in excluded)
    priced = [r for r in rows if r.tco is not None]
    ranked = sorted(priced, key=lambda r: (r.tco, r.candidate.name.casefold(), str(r.candidate.pk)))
    result = SelectionQuotes(selection, tuple(rows), tuple(ranked), missing, has_price_criterion)
    if result.price_from_quotes_active:
        in_ranking = [r for r in ranked if r.candidate.pk not in excluded]
        if in_ranking:
            scores = price_scores([float(r.tco or 0) for r in in_ranking], scale_min=SCALE_MIN, scale_max=SCALE_MAX)
            by_id = {r.candidate.pk: float(s) for r, s in zip(in_ranking, scores, strict=True)}

            def with_score(r: CandidateQuote) -> CandidateQuote:
                return CandidateQuote(r.candidate, r.quote, r.lines, r.one_off, r.running_per_year, r.tco,
                                      by_id.get(r.candidate.pk))

            result = SelectionQuotes(
                selection, tuple(with_score(r) for r in rows), tuple(with_score(r) for r in ranked), missing,
                has_price_criterion,
            )
    return result


def _selections_quotes(selections: Sequence[Selection], own: dict[str, Range]) -> tuple[SelectionQuotes, ...]:
    """The quotes of ``selections`` in a fixed number of queries (four, fewer when empty)."""
    selection_ids = [s.pk for s in selections]
    if not selection_ids:
        return ()
    candidates = list(
        Candidate.objects.filter(selection_id__in=selection_ids, rejected=False).order_by("name", "id")
    )
    quotes = {
        q.candidate_id: q for q in Quote.objects.filter(candidate__in=candidates).prefetch_related("lines")
    } if candidates else {}
    with_price = set(
        Criterion.objects.filter(selection_id__in=selection_ids, is_price=True).values_list("selection_id", flat=True)
    )
    excluded = knocked_out(selection_ids) if candidates else set()
    guide = _guide_ranges()
    return tuple(
        selection_quotes(
            s, [c for c in candidates if c.selection_id == s.pk], quotes, own=own, guide=guide, excluded=excluded,
            has_price_criterion=s.pk in with_price,
        )
        for s in selections
    )


def quotes_overview(use_case: UseCase, *, with_estimate: bool = True) -> QuotesOverview:
    """Everything the quotes page and the API show for one use case, in a fixed number of queries."""
    selections = list(Selection.objects.filter(use_case=use_case).order_by("-created_at", "id"))
    budget = budget_of(use_case)
    per_selection = _selections_quotes(selections, own_estimates(budget))
    total: tuple[float, float] | None = None
    if with_estimate and budget is not None:
        estimate = estimate_for(inputs_for(budget))
        if estimate is not None:
            total = (float(estimate.total[0]), float(estimate.total[2]))
    return QuotesOverview(use_case, budget, per_selection, total)


def selection_quotes_of(selection: Selection) -> SelectionQuotes:
    """One selection's quotes (compared with its use case's estimate, if it has one)."""
    use_case = selection.use_case
    own = own_estimates(budget_of(use_case)) if use_case is not None else {}
    return _selections_quotes([selection], own)[0]


def candidate_quote(candidate: Candidate) -> CandidateQuote:
    """One candidate's quote with its comparison (the use case's own estimate, if linked)."""
    quote = Quote.objects.filter(candidate=candidate).prefetch_related("lines").first()
    use_case = candidate.selection.use_case
    own = own_estimates(budget_of(use_case)) if use_case is not None else {}
    return _candidate_quote(candidate, quote, _guide_ranges(), own)


# --- The price criterion's feed (evaluation.selectors.decision_matrix_for) --------------------------


def tco_by_candidate(candidate_ids: Sequence[UUID]) -> dict[UUID, Decimal]:
    """The TCO of each candidate that has a quote. One query."""
    rows = (
        Quote.objects.filter(candidate_id__in=list(candidate_ids))
        .annotate(one_off=Sum("lines__amount"))
        .values_list("candidate_id", "one_off", "running_per_year")
    )
    return {cid: tco(one_off or Decimal(0), running) for cid, one_off, running in rows}


def quote_price_column(candidates: Sequence[Candidate]) -> NDArray[np.float64] | None:
    """The price criterion's scores (rubric scale) from the candidates' TCO, in their order.

    ``decisioncore.price_scores``: the cheapest gets 5, one twice as expensive 3. None when any
    candidate has no quote (then the evaluators' price scores stay) or there are no candidates.
    One query.
    """
    if not candidates:
        return None
    costs = tco_by_candidate([c.pk for c in candidates])
    if any(c.pk not in costs for c in candidates):
        return None
    return price_scores([float(costs[c.pk]) for c in candidates], scale_min=SCALE_MIN, scale_max=SCALE_MAX)
