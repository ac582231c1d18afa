"""Reading evaluation data: the one adapter from database rows to decision-core arrays.

:func:`decision_matrix_for` is the only place that turns a selection's criteria, candidates,
submitted scores, consensus scores and knock-out checks into numpy arrays. Everything that
ranks, simulates or draws (``ranking.py``, ``charts.py``, documents later) starts from its
result, so they all see the same candidates, criteria and numbers.

Why every criterion is a *benefit* criterion: all criteria, price included, are scored on the
rubric scale 1–5 where 5 is best ("excellent value for money"), never as a price amount. Only a
criterion measured in euros would be a cost criterion (lower is better); none is.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import UUID

import numpy as np

from decisioncore import aggregate_scores
from partnerwijzer.evaluation.models import (
    SCALE_MAX,
    SCALE_MIN,
    ConflictDecision,
    ConflictDeclaration,
    ConsensusScore,
    Criterion,
    Evaluator,
    KnockoutCheck,
    Score,
    ScoringSetup,
)
from partnerwijzer.evaluation.providers import quote_prices
from partnerwijzer.sourcing.models import Candidate, Selection
from partnerwijzer.sourcing.providers import ScoringState

if TYPE_CHECKING:
    from numpy.typing import NDArray

    FloatArray = NDArray[np.float64]
    IntArray = NDArray[np.int64]
    BoolArray = NDArray[np.bool_]

__all__ = [
    "DecisionMatrix",
    "Exclusion",
    "decision_matrix_for",
    "excluded_seats",
    "scoring_setup_of",
    "scoring_states_of",
]


def scoring_setup_of(selection: Selection) -> ScoringSetup:
    """How ``selection`` is scored (weighting method, closed, price from the quotes).

    The one reader of the scoring state, for pages, the API, the ranking and the apps above
    evaluation. A selection nobody has scored yet has no row: it reads the defaults (an unsaved
    instance; the first write makes the row, ``scoring.services.scoring_setup_lock``). The
    result is cached on the selection, so asking twice costs one query at most (none after
    ``select_related("scoring_setup")``).
    """
    try:
        return selection.scoring_setup
    except ScoringSetup.DoesNotExist:
        return ScoringSetup(selection=selection)


def scoring_states_of(selections: Sequence[Selection]) -> dict[Any, ScoringState]:
    """The scoring state the selection endpoints of the API publish, in one query (registered
    with :mod:`partnerwijzer.sourcing.providers` in ``EvaluationConfig.ready``)."""
    rows = ScoringSetup.objects.filter(selection__in=[s.pk for s in selections])
    return {row.selection_id: ScoringState(weighting_method=row.weighting_method, closed=row.closed) for row in rows}


@dataclass(frozen=True, slots=True)
class Exclusion:
    """A candidate left out of the ranking because it failed one or more knock-out criteria."""

    candidate: Candidate
    failures: tuple[tuple[Criterion, str], ...]  # (knock-out criterion, the owner's reason)


@dataclass(frozen=True, slots=True)
class DecisionMatrix:
    """A selection's scoring data as arrays (candidates ``m``, criteria ``n``, evaluators ``e``).

    Attributes
    ----------
    candidates : the ranked set, by name: not rejected, not knocked out.
    excluded : candidates that failed a knock-out criterion, with the reasons.
    criteria : in the owner's order.
    weights : shape (n,), fractions summing to 1 (``Criterion.weight`` / 100, normalised);
        all zeros when no weight is set yet (``weight_total == 0``).
    weight_total : the entered weights in percent; 100 when the owner set them correctly.
    benefit : shape (n,), all True (see the module docstring).
    evaluators : the evaluators who submitted; only their scores count.
    pending_evaluators : invited evaluators who have not submitted yet.
    scores : shape (e, m, n), NaN where a submitted evaluator gave no score.
    average : shape (m, n), mean of the submitted scores (NaN where nobody scored).
    consensus : shape (m, n), the owner's consensus score (NaN where none is set).
    mean : shape (m, n), the value the ranking uses: consensus where set, else the average.
    spread : shape (m, n), max - min of the submitted scores (NaN where nobody scored).
    count : shape (m, n), how many submitted evaluators scored the cell.
    disagreement : shape (m, n), spread >= 30 % of the scale (decisioncore.aggregate_scores).
    price_index : position of the price criterion, or None.
    price_from_quotes : True when the price column comes from the candidates' quotes (see
        :func:`decision_matrix_for`); the evaluators' price scores then do not count.
    conflict_excluded : (evaluator, candidate) pairs of submitted seats whose scores of that
        candidate are left out: the evaluator declared a relationship with the firm and an owner
        excluded the seat (issue 16). Their cells in ``scores`` are NaN, so ``average``,
        ``spread``, ``count`` and ``disagreement`` are over the remaining seats.
    """

    selection: Selection
    candidates: tuple[Candidate, ...]
    excluded: tuple[Exclusion, ...]
    criteria: tuple[Criterion, ...]
    weights: FloatArray
    weight_total: Decimal
    benefit: BoolArray
    evaluators: tuple[Evaluator, ...]
    pending_evaluators: int
    scores: FloatArray
    average: FloatArray
    consensus: FloatArray
    mean: FloatArray
    spread: FloatArray
    count: IntArray
    disagreement: BoolArray
    price_index: int | None
    scale: tuple[int, int] = field(default=(SCALE_MIN, SCALE_MAX))
    price_from_quotes: bool = False
    conflict_excluded: tuple[tuple[Evaluator, Candidate], ...] = ()

    @property
    def shape(self) -> tuple[int, int, int]:
        """(evaluators, candidates, criteria)."""
        e, m, n = self.scores.shape
        return e, m, n

    @property
    def missing(self) -> BoolArray:
        """Cells the ranking has no value for (nobody scored, no consensus)."""
        out: BoolArray = np.isnan(self.mean)
        return out


def excluded_seats(selection: Selection) -> set[tuple[UUID, UUID]]:
    """``(evaluator_id, candidate_id)`` of every seat an owner excluded from a candidate's scores
    after the evaluator declared a relationship with it (one query)."""
    return set(
        ConflictDeclaration.objects.filter(
            evaluator__selection=selection, decision=ConflictDecision.EXCLUDED
        ).values_list("evaluator_id", "candidate_id")
    )


def decision_matrix_for(*, selection: Selection, use_consensus: bool = True) -> DecisionMatrix:
    """Build the :class:`DecisionMatrix` of ``selection`` in a fixed number of queries (seven).

    Only submitted evaluators count: an evaluator still scoring may change their mind, and
    their scores are hidden from everyone else until they submit. With ``use_consensus`` the
    owner's consensus score replaces the evaluators' average in ``mean``.

    Price from the quotes: when the owner chose it (``ScoringSetup.price_from_quotes``), the
    selection has a price criterion and *every* ranked candidate has a quote, the price column
    is ``decisioncore.price_scores`` of the candidates' three-year cost of ownership
    (``budget.quote_selectors.quote_price_column``, one more query) in ``scores`` (for every
    evaluator), ``average``, ``consensus`` (with ``use_consensus``) and ``mean``; its spread is 0
    and it never shows disagreement. The evaluators' own price scores do not count, and the
    weights stay as they are: price still counts once, with its own weight. Otherwise nothing
    changes.

    Conflicts of interest: a seat an owner excluded from a candidate (``excluded_seats``) has NaN
    for that candidate on every criterion, exactly as if it had not scored it. The per-cell mean
    is then the mean over the remaining seats, :math:`\\bar x_{ij} = \\frac{1}{|E_{ij}|}
    \\sum_{e \\in E_{ij}} x_{eij}` with the excluded seat not in :math:`E_{ij}`; the spread and
    the disagreement flag are over the same seats, and Kendall's W (which needs a full ranking per
    evaluator) leaves that seat out. A candidate whose only scoring seat is excluded has no value
    and is listed as not ranked yet, not ranked on a guess.
    """
    # The criteria bring the scoring setup along (price from the quotes), so the count stays six.
    criteria = tuple(
        Criterion.objects.filter(selection=selection)
        .select_related("selection__scoring_setup")
        .order_by("position", "id")
    )
    active = tuple(Candidate.objects.filter(selection=selection, rejected=False).order_by("name", "id"))
    seats = list(Evaluator.objects.filter(selection=selection).select_related("user").order_by("added_at", "id"))
    evaluators = tuple(s for s in seats if s.submitted_at is not None)

    failed: dict[UUID, list[tuple[UUID, str]]] = {}
    for candidate_id, criterion_id, reason in KnockoutCheck.objects.filter(
        criterion__selection=selection, criterion__knockout=True, passed=False
    ).values_list("candidate_id", "criterion_id", "reason"):
        failed.setdefault(candidate_id, []).append((criterion_id, reason))

    criterion_by_id = {c.pk: c for c in criteria}
    excluded = tuple(
        Exclusion(c, tuple((criterion_by_id[k], reason) for k, reason in failed[c.pk] if k in criterion_by_id))
        for c in active
        if c.pk in failed
    )
    candidates = tuple(c for c in active if c.pk not in failed)

    e, m, n = len(evaluators), len(candidates), len(criteria)
    evaluator_index = {ev.pk: i for i, ev in enumerate(evaluators)}
    candidate_index = {c.pk: i for i, c in enumerate(candidates)}
    criterion_index = {c.pk: j for j, c in enumerate(criteria)}

    scores: FloatArray = np.full((e, m, n), np.nan)
    if e and m and n:
        rows = Score.objects.filter(evaluator__selection=selection, evaluator__submitted_at__isnull=False).values_list(
            "evaluator_id", "candidate_id", "criterion_id", "value"
        )
        _scatter(scores, rows, evaluator_index, candidate_index, criterion_index)
    conflict_excluded = _leave_out_conflicts(scores, excluded_seats(selection), evaluators, candidates)

    consensus: FloatArray = np.full((m, n), np.nan)
    if use_consensus and m and n:
        rows2 = ConsensusScore.objects.filter(criterion__selection=selection).values_list(
            "candidate_id", "criterion_id", "value"
        )
        _scatter(consensus, rows2, candidate_index, criterion_index)

    if e and m and n:
        agreement = aggregate_scores(scores, scale_min=SCALE_MIN, scale_max=SCALE_MAX)
        average, spread, count, disagreement = (
            agreement.mean,
            agreement.spread,
            agreement.count,
            agreement.disagreement,
        )
    else:
        average = np.full((m, n), np.nan)
        spread = np.full((m, n), np.nan)
        count = np.zeros((m, n), dtype=np.int64)
        disagreement = np.zeros((m, n), dtype=bool)
    mean: FloatArray = np.where(np.isnan(consensus), average, consensus)

    raw = [c.weight for c in criteria]
    weight_total = sum(raw, Decimal(0))
    weights: FloatArray = np.array([float(w) for w in raw], dtype=np.float64)
    if weight_total > 0:
        weights /= weights.sum()
    price = [j for j, c in enumerate(criteria) if c.is_price]

    from_quotes = None
    if price and m and scoring_setup_of(criteria[price[0]].selection).price_from_quotes:
        from_quotes = quote_prices(candidates)  # registered by budget (evaluation/providers.py)
    if from_quotes is not None:
        p = price[0]
        scores[:, :, p] = from_quotes
        average[:, p] = from_quotes
        if use_consensus:
            consensus[:, p] = from_quotes
        mean[:, p] = from_quotes
        spread[:, p] = 0.0
        disagreement[:, p] = False
    return DecisionMatrix(
        selection=selection,
        candidates=candidates,
        excluded=excluded,
        criteria=criteria,
        weights=weights,
        weight_total=weight_total,
        benefit=np.ones(n, dtype=bool),
        evaluators=evaluators,
        pending_evaluators=len(seats) - len(evaluators),
        scores=scores,
        average=average,
        consensus=consensus,
        mean=mean,
        spread=spread,
        count=count,
        disagreement=disagreement,
        price_index=price[0] if price else None,
        price_from_quotes=from_quotes is not None,
        conflict_excluded=tuple(conflict_excluded),
    )


def _leave_out_conflicts(
    scores: FloatArray, pairs: set[tuple[UUID, UUID]], evaluators: Sequence[Evaluator], candidates: Sequence[Candidate]
) -> list[tuple[Evaluator, Candidate]]:
    """Set ``scores[e, i, :]`` to NaN for every excluded (seat, candidate) pair in the matrix; return them."""
    e_index = {ev.pk: e for e, ev in enumerate(evaluators)}
    c_index = {c.pk: i for i, c in enumerate(candidates)}
    left_out = []
    for evaluator_id, candidate_id in sorted(pairs, key=str):
        if evaluator_id in e_index and candidate_id in c_index:
            e, i = e_index[evaluator_id], c_index[candidate_id]
            scores[e, i, :] = np.nan
            left_out.append((evaluators[e], candidates[i]))
    return left_out


def _scatter(target: FloatArray, rows: Iterable[tuple[Any, ...]], *indexes: dict[UUID, int]) -> None:
    """Write ``(key, ..., value)`` rows into ``target`` in one vectorised assignment.

    Rows whose keys are not in the index maps (rejected or knocked-out candidates, evaluators
    who have not submitted) are skipped.
    """
    coords: list[list[int]] = [[] for _ in indexes]
    values: list[float] = []
    for row in rows:
        *keys, value = row
        try:
            position = [index[key] for index, key in zip(indexes, keys, strict=True)]
        except KeyError:
            continue
        for axis, p in enumerate(position):
            coords[axis].append(p)
        values.append(float(value) if value is not None else math.nan)
    if values:
        target[tuple(np.asarray(c, dtype=np.intp) for c in coords)] = values
