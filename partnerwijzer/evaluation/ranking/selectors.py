"""The ranking of a selection, recomputed from the decision core on every request.

:func:`ranking_for` reads the selection once (:func:`~partnerwijzer.evaluation.selectors.
decision_matrix_for`) and calls :mod:`decisioncore` for every number it shows:

* **weighted sum** (``weighted_sum`` with ``normalisation="none"``): each candidate's weighted
  average on the 1–5 rubric scale, the headline ranking. Rubric scores share one fixed scale, so
  they are not rescaled per criterion (rescaling by the column maximum would quietly raise the
  weight of criteria on which every candidate scored low).
* **TOPSIS** (``topsis``): the alternative view, closeness to the ideal candidate (0–1).
* **SMAA-2** (``smaa``): win probability and rank acceptability when the scores vary within the
  evaluators' spread and the weights within ±5 percentage points of the set weights.
* **weight sensitivity** (``weight_sensitivity``): how far one weight must move, the others kept
  in proportion, before another candidate comes first.
* **agreement** (``kendall_w``): how much the submitted evaluators agree on the order, from each
  evaluator's own weighted-sum ranking; per cell, a spread of at least 30 % of the scale is a
  disagreement (``aggregate_scores``, in the selector).
* **price weight** (``price_weight_warning``): the guide's 22 % / 30 % thresholds.

Random draws use a seed derived from the selection id, so a reload shows the same figures until
the data change. A selection that cannot be ranked honestly yet (no criteria, weights,
candidates or scores) gets a :class:`State` and a next step instead of numbers.
"""

from __future__ import annotations

import enum
import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from decisioncore import (
    PRICE_WEIGHT_STRONG,
    PRICE_WEIGHT_WARNING,
    PriceWeightLevel,
    kendall_w,
    price_weight_warning,
    smaa,
    topsis,
    weight_sensitivity,
    weighted_sum,
)
from partnerwijzer.accounts.models import Membership
from partnerwijzer.evaluation.access import results_denial, seat_of
from partnerwijzer.evaluation.conflicts.selectors import pending_conflicts
from partnerwijzer.evaluation.criteria_display import criterion_label
from partnerwijzer.evaluation.models import Criterion, Evaluator
from partnerwijzer.evaluation.selectors import DecisionMatrix, Exclusion, decision_matrix_for, scoring_setup_of
from partnerwijzer.formatting import number, percent
from partnerwijzer.sourcing.models import Candidate, Selection

if TYPE_CHECKING:
    from numpy.typing import NDArray

    FloatArray = NDArray[np.float64]

__all__ = [
    "DEFAULT_ITERATIONS",
    "METHODS",
    "WEIGHT_TOLERANCE",
    "Agreement",
    "CandidateResult",
    "Disagreement",
    "Method",
    "Notice",
    "Ranking",
    "SensitivityRow",
    "State",
    "Unscored",
    "ranking_denial",
    "ranking_for",
    "ranking_seed",
]

Method = Literal["weighted_sum", "topsis"]
METHODS: tuple[Method, ...] = ("weighted_sum", "topsis")
DEFAULT_ITERATIONS = 10_000
#: SMAA varies each weight within this many weight units (±5 percentage points) of the set weight.
WEIGHT_TOLERANCE = 0.05


class State(enum.StrEnum):
    """Whether the selection can be ranked, and if not, what is missing first."""

    READY = "ready"
    SINGLE = "single"  # exactly one candidate can be ranked: nothing to compare
    NO_CRITERIA = "no_criteria"
    NO_WEIGHTS = "no_weights"
    NO_CANDIDATES = "no_candidates"
    NO_SUBMISSIONS = "no_submissions"
    NO_COMPLETE_CANDIDATE = "no_complete_candidate"


@dataclass(frozen=True, slots=True)
class Notice:
    """A warning in plain words; ``code`` is stable (tests, API clients), ``level`` drives the style."""

    code: str
    level: Literal["info", "warning", "strong"]
    message: str


@dataclass(frozen=True, slots=True)
class CandidateResult:
    """One ranked candidate. ``index`` is its position in the decision matrix."""

    candidate: Candidate
    index: int
    rank: int
    score: float  # of the chosen method
    weighted_score: float  # weighted average, 1–5
    topsis_score: float  # closeness, 0–1
    values: tuple[float, ...]  # per criterion, the value the ranking used
    win_probability: float | None  # None without SMAA
    acceptability: tuple[float, ...]  # share of simulations per rank 1..m
    most_likely_rank: int | None

    @property
    def acceptability_percent(self) -> list[float]:
        return [100.0 * a for a in self.acceptability]


@dataclass(frozen=True, slots=True)
class Unscored:
    """A candidate not ranked yet because nobody scored it on some criteria."""

    candidate: Candidate
    missing: tuple[Criterion, ...]


@dataclass(frozen=True, slots=True)
class SensitivityRow:
    """How far one criterion's weight can move before the winner changes."""

    criterion: Criterion
    weight: float  # fraction
    increase: float | None  # weight units; None = no increase changes the winner
    decrease: float | None
    winner_if_increased: Candidate | None
    winner_if_decreased: Candidate | None

    @property
    def smallest_change(self) -> float:
        return min(v for v in (self.increase, self.decrease, math.inf) if v is not None)

    @property
    def low(self) -> float:
        """Lowest weight (fraction) that keeps the winner."""
        return self.weight - self.decrease if self.decrease is not None else 0.0

    @property
    def high(self) -> float:
        """Highest weight (fraction) that keeps the winner."""
        return self.weight + self.increase if self.increase is not None else 1.0


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A candidate and criterion on which the evaluators' scores differ by 30 % of the scale or more."""

    candidate: Candidate
    criterion: Criterion
    low: int
    high: int
    count: int
    consensus: int | None


@dataclass(frozen=True, slots=True)
class Agreement:
    """Kendall's W over the evaluators whose scores cover every ranked candidate."""

    w: float
    p_value: float
    raters: int
    objects: int
    left_out: tuple[Evaluator, ...]
    # Of ``left_out``: seats left out because an owner excluded them from a candidate (issue 16).
    conflicted: tuple[Evaluator, ...] = ()

    @property
    def level(self) -> Literal["weak", "moderate", "strong"]:
        """Rule of thumb (Schmidt 1997): below 0.3 weak, from 0.7 strong."""
        if self.w >= 0.7:
            return "strong"
        return "moderate" if self.w >= 0.3 else "weak"


@dataclass(frozen=True, slots=True)
class Ranking:
    selection: Selection
    method: Method
    state: State
    next_step: str
    matrix: DecisionMatrix
    candidates: tuple[CandidateResult, ...]  # by rank of ``method``
    unscored: tuple[Unscored, ...]
    sensitivity: tuple[SensitivityRow, ...]  # most sensitive first
    agreement: Agreement | None
    disagreements: tuple[Disagreement, ...]
    price_weight: PriceWeightLevel | None
    notices: tuple[Notice, ...]
    iterations: int
    seed: int
    criterion_names: tuple[str, ...]

    @property
    def ready(self) -> bool:
        return self.state in {State.READY, State.SINGLE}

    @property
    def excluded(self) -> tuple[Exclusion, ...]:
        return self.matrix.excluded

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        return self.matrix.criteria

    @property
    def weights(self) -> FloatArray:
        return self.matrix.weights

    @property
    def winner(self) -> CandidateResult | None:
        return self.candidates[0] if self.state == State.READY else None

    @property
    def has_smaa(self) -> bool:
        return self.state == State.READY and self.iterations > 0

    @property
    def ranked_count(self) -> int:
        return len(self.candidates)


def ranking_seed(selection: Selection) -> int:
    """A stable seed per selection: the same figures on every reload while the data stay the same."""
    return int.from_bytes(selection.pk.bytes[:8], "big")


def ranking_denial(*, selection: Selection, membership: Membership) -> str | None:
    """Why this member may not see the ranking yet, or None if they may.

    The blind-scoring rule of :func:`partnerwijzer.evaluation.access.results_visible`: once scoring
    is closed every member may; before that only a seat holder who has submitted, owners included.
    """
    if scoring_setup_of(selection).closed:  # spare the seat query
        return None
    return results_denial(membership, selection, seat_of(membership.user, selection))


def ranking_for(
    *,
    selection: Selection,
    method: Method = "weighted_sum",
    iterations: int = DEFAULT_ITERATIONS,
    seed: int | None = None,
    matrix: DecisionMatrix | None = None,
) -> Ranking:
    """Rank ``selection``'s candidates; ``iterations=0`` skips the SMAA simulation.

    Pass ``matrix`` to reuse a :class:`DecisionMatrix` already read in this request.
    """
    if method not in METHODS:
        raise ValueError(f"method: expected one of {', '.join(METHODS)}, got {method!r}")
    dm = matrix if matrix is not None else decision_matrix_for(selection=selection)
    seed = ranking_seed(selection) if seed is None else seed
    names = tuple(criterion_label(c) for c in dm.criteria)
    notices = _general_notices(dm)

    complete = ~dm.missing.any(axis=1) if dm.criteria else np.zeros(len(dm.candidates), dtype=bool)
    ranked_idx = np.flatnonzero(complete)
    unscored = tuple(
        Unscored(dm.candidates[i], tuple(c for j, c in enumerate(dm.criteria) if dm.missing[i, j]))
        for i in range(len(dm.candidates))
        if not complete[i] and dm.evaluators
    )
    if unscored:
        notices.append(_unscored_notice(unscored))
    state, next_step = _state(dm, ranked_idx.size)
    empty = Ranking(
        selection=selection, method=method, state=state, next_step=next_step, matrix=dm, candidates=(),
        unscored=unscored, sensitivity=(), agreement=None, disagreements=_disagreements(dm), price_weight=None,
        notices=tuple(notices), iterations=0, seed=seed, criterion_names=names,
    )
    if state not in {State.READY, State.SINGLE}:
        return empty

    w = dm.weights
    price_level = price_weight_warning(w, dm.price_index) if dm.price_index is not None else None
    if price_level is not None and price_level != PriceWeightLevel.NONE and dm.price_index is not None:
        notices.append(_price_notice(price_level, float(w[dm.price_index])))

    x = dm.mean[ranked_idx]
    ws = weighted_sum(x, w, dm.benefit, normalisation="none")
    tp = topsis(x, w, dm.benefit)
    chosen = tp if method == "topsis" else ws
    if chosen.ties:
        notices.append(_ties_notice([[dm.candidates[ranked_idx[i]] for i in group] for group in chosen.ties]))

    acceptability: FloatArray | None = None
    run_smaa = iterations > 0 and state == State.READY
    if run_smaa:
        acceptability = _smaa(dm, ranked_idx, iterations, seed)

    results = []
    for pos in chosen.order.tolist():
        i = int(ranked_idx[pos])
        acc = tuple(float(a) for a in acceptability[pos]) if acceptability is not None else ()
        results.append(
            CandidateResult(
                candidate=dm.candidates[i],
                index=i,
                rank=int(chosen.ranks[pos]),
                score=float(chosen.scores[pos]),
                weighted_score=float(ws.scores[pos]),
                topsis_score=float(tp.scores[pos]),
                values=tuple(float(v) for v in dm.mean[i]),
                win_probability=acc[0] if acc else None,
                acceptability=acc,
                most_likely_rank=int(np.argmax(acceptability[pos])) + 1 if acceptability is not None else None,
            )
        )

    sensitivity: tuple[SensitivityRow, ...] = ()
    agreement = None
    if state == State.READY:
        sensitivity = _sensitivity(dm, ranked_idx, x)
        agreement = _agreement(dm, ranked_idx)
        if agreement is not None and agreement.level == "weak":
            notices.append(
                Notice(
                    "weak_agreement",
                    "warning",
                    _(
                        "The evaluators rank the candidates quite differently (Kendall's W = %(w)s). "
                        "Discuss the disagreements below before you decide."
                    )
                    % {"w": number(agreement.w, digits=2)},
                )
            )
    return Ranking(
        selection=selection, method=method, state=state, next_step=next_step, matrix=dm,
        candidates=tuple(results), unscored=unscored, sensitivity=sensitivity, agreement=agreement,
        disagreements=empty.disagreements, price_weight=price_level, notices=tuple(notices),
        iterations=iterations if run_smaa else 0, seed=seed, criterion_names=names,
    )


# --- Steps -----------------------------------------------------------------------------------------


def _state(dm: DecisionMatrix, complete: int) -> tuple[State, str]:  # noqa: PLR0911 - one per state
    if not dm.criteria:
        return State.NO_CRITERIA, _("Add the criteria you will compare the candidates on.")
    if dm.weight_total <= 0:
        return State.NO_WEIGHTS, _("Set the weights of the criteria, so the ranking knows what matters most.")
    if not dm.candidates:
        if dm.excluded:
            return State.NO_CANDIDATES, _(
                "Every remaining candidate failed a knock-out criterion. Add candidates or review the knock-out checks."
            )
        return State.NO_CANDIDATES, _("Add candidates to the selection and move them to the shortlist.")
    if not dm.evaluators:
        return State.NO_SUBMISSIONS, _(
            "No evaluator has submitted scores yet. The ranking appears as soon as the first evaluator submits."
        )
    if complete == 0:
        return State.NO_COMPLETE_CANDIDATE, _(
            "No candidate has a score on every criterion yet. Ask the evaluators to complete their scores."
        )
    if complete == 1:
        return State.SINGLE, _(
            "Only one candidate can be ranked, so there is nothing to compare yet. Complete the scores "
            "of the other candidates or add candidates."
        )
    return State.READY, ""


def _smaa(dm: DecisionMatrix, ranked_idx: np.ndarray, iterations: int, seed: int) -> FloatArray:
    """Rank acceptability from ``decisioncore.smaa``, on the rubric scale as the weighted sum.

    Score uncertainty: each cell varies uniformly within half the evaluators' spread around the
    value the ranking uses (so a 2-vs-4 disagreement varies 2–4 around a mean of 3). Rubric scores
    share one scale, so the values are the raw scores (``normalisation="none"``), as in the
    headline ranking; the weights vary within ±5 points of the criterion weights.
    """
    x = np.ascontiguousarray(dm.mean[ranked_idx], dtype=np.float64)
    half = np.ascontiguousarray(np.nan_to_num(dm.spread[ranked_idx], nan=0.0) / 2.0, dtype=np.float64)
    weights = np.ascontiguousarray(dm.weights, dtype=np.float64)
    benefit = np.ascontiguousarray(dm.benefit, dtype=bool)
    return _smaa_memo(
        x.tobytes(), x.shape, half.tobytes(), weights.tobytes(), benefit.tobytes(), iterations, seed
    )


SMAA_MEMO_SIZE = 64
"""Acceptability results kept per process. The ranking page, its acceptability chart and the API
ask for the same simulation; each view used to run it again (10,000 iterations)."""


@functools.lru_cache(maxsize=SMAA_MEMO_SIZE)
def _smaa_memo(  # noqa: PLR0917 - the hashable form of _smaa's inputs
    x: bytes, shape: tuple[int, ...], half: bytes, weights: bytes, benefit: bytes, iterations: int, seed: int
) -> FloatArray:
    """``smaa`` on exactly these inputs (as bytes, so that they can be a cache key).

    The simulation is deterministic for a seed, so a remembered result is the result. The array is
    read-only: no caller can change another's figures.
    """
    result = smaa(
        np.frombuffer(x, dtype=np.float64).reshape(shape).copy(),
        np.frombuffer(benefit, dtype=bool).copy(),
        weights=np.frombuffer(weights, dtype=np.float64).copy(),
        weight_tolerance=WEIGHT_TOLERANCE,
        score_spread=np.frombuffer(half, dtype=np.float64).reshape(shape).copy(),
        normalisation="none",
        iterations=iterations,
        rng=np.random.default_rng(seed),
    )
    acceptability = np.array(result.acceptability, dtype=np.float64)
    acceptability.setflags(write=False)
    return acceptability


def clear_smaa_memo() -> None:
    """Forget the remembered simulations (benchmarks measuring a first render use it)."""
    _smaa_memo.cache_clear()


def _sensitivity(dm: DecisionMatrix, ranked_idx: np.ndarray, x: FloatArray) -> tuple[SensitivityRow, ...]:
    s = weight_sensitivity(x, dm.weights, dm.benefit, normalisation="none")
    cands = [dm.candidates[int(i)] for i in ranked_idx]
    rows = []
    for j, criterion in enumerate(dm.criteria):
        up, down = float(s.increase[j]), float(s.decrease[j])
        rows.append(
            SensitivityRow(
                criterion=criterion,
                weight=float(s.weights[j]),
                increase=up if math.isfinite(up) else None,
                decrease=down if math.isfinite(down) else None,
                winner_if_increased=cands[int(s.winner_if_increased[j])] if s.winner_if_increased[j] >= 0 else None,
                winner_if_decreased=cands[int(s.winner_if_decreased[j])] if s.winner_if_decreased[j] >= 0 else None,
            )
        )
    order = sorted(range(len(rows)), key=lambda k: (rows[k].smallest_change, k))
    return tuple(rows[k] for k in order)


def _agreement(dm: DecisionMatrix, ranked_idx: np.ndarray) -> Agreement | None:
    """Kendall's W of the evaluators' own weighted-sum rankings of the ranked candidates."""
    if ranked_idx.size < 2:
        return None
    own = dm.scores[:, ranked_idx, :]
    full = ~np.isnan(own).any(axis=(1, 2))
    raters = [e for e in range(own.shape[0]) if full[e]]
    left_out = tuple(ev for e, ev in enumerate(dm.evaluators) if not full[e])
    if len(raters) < 2:
        return None
    rankings = np.stack([weighted_sum(own[e], dm.weights, dm.benefit, normalisation="none").scores for e in raters])
    k = kendall_w(rankings)
    if math.isnan(k.w):
        return None
    excluded = {ev.pk for ev, _candidate in dm.conflict_excluded}
    return Agreement(k.w, k.p_value, k.raters, k.objects, left_out,
                     tuple(ev for ev in left_out if ev.pk in excluded))


def _disagreements(dm: DecisionMatrix) -> tuple[Disagreement, ...]:
    if not dm.disagreement.any():
        return ()
    scored = ~np.isnan(dm.scores)
    low = np.where(scored, dm.scores, np.inf).min(axis=0)
    high = np.where(scored, dm.scores, -np.inf).max(axis=0)
    out = []
    for i, j in np.argwhere(dm.disagreement).tolist():
        consensus = dm.consensus[i, j]
        out.append(
            Disagreement(
                candidate=dm.candidates[i],
                criterion=dm.criteria[j],
                low=int(low[i, j]),
                high=int(high[i, j]),
                count=int(dm.count[i, j]),
                consensus=None if math.isnan(consensus) else int(consensus),
            )
        )
    return tuple(out)


# --- Notices -----------------------------------------------------------------------------------


def _general_notices(dm: DecisionMatrix) -> list[Notice]:
    notices = []
    if dm.criteria and dm.weight_total > 0 and dm.weight_total != 100:
        notices.append(
            Notice(
                "weights_not_100",
                "warning",
                _(
                    "The weights add up to %(total)s %%, not 100 %%. The ranking uses them in proportion; "
                    "correct them on the weights page."
                )
                % {"total": number(dm.weight_total, digits=2 if dm.weight_total % 1 else 0)},
            )
        )
    if len(dm.evaluators) == 1:
        notices.append(
            Notice(
                "one_evaluator",
                "warning",
                _(
                    "Only one evaluator has submitted scores. A ranking by one person cannot show where "
                    "people disagree; ask at least one more evaluator to score."
                ),
            )
        )
    if dm.pending_evaluators:
        notices.append(
            Notice(
                "pending_evaluators",
                "info",
                ngettext(
                    "%(count)d invited evaluator has not submitted yet; their scores are not included.",
                    "%(count)d invited evaluators have not submitted yet; their scores are not included.",
                    dm.pending_evaluators,
                )
                % {"count": dm.pending_evaluators},
            )
        )
    if dm.conflict_excluded:
        pairs = "; ".join(
            _("%(who)s for %(name)s") % {"who": ev.user.display_name, "name": c.name} for ev, c in dm.conflict_excluded
        )
        notices.append(
            Notice(
                "conflict_excluded",
                "info",
                _(
                    "Left out for a conflict of interest, as an owner decided: %(pairs)s. Those firms' averages are "
                    "over the other evaluators."
                )
                % {"pairs": pairs},
            )
        )
    pending = pending_conflicts(dm.selection)
    if pending:
        notices.append(
            Notice(
                "conflict_pending",
                "warning",
                ngettext(
                    "%(count)d declared conflict of interest awaits an owner's decision; "
                    "until then those scores count.",
                    "%(count)d declared conflicts of interest await an owner's decision; "
                    "until then those scores count.",
                    len(pending),
                )
                % {"count": len(pending)},
            )
        )
    if not scoring_setup_of(dm.selection).closed and dm.evaluators:
        notices.append(
            Notice("scoring_open", "info", _("Scoring is still open, so the ranking can still change."))
        )
    if dm.price_from_quotes:
        notices.append(
            Notice(
                "price_from_quotes",
                "info",
                _(
                    "Price is scored from the candidates' quotes (three-year total cost of ownership, the "
                    "lowest gets 5); the evaluators' price scores do not count, so price counts once."
                ),
            )
        )
    return notices


def _unscored_notice(unscored: tuple[Unscored, ...]) -> Notice:
    names = ", ".join(u.candidate.name for u in unscored)
    return Notice(
        "missing_scores",
        "warning",
        ngettext(
            "Not ranked yet because nobody has scored it on every criterion: %(names)s.",
            "Not ranked yet because nobody has scored them on every criterion: %(names)s.",
            len(unscored),
        )
        % {"names": names},
    )


def _price_notice(level: PriceWeightLevel, share: float) -> Notice:
    if level == PriceWeightLevel.STRONG:
        message = _(
            "Price weighs %(share)s, %(strong)s or more. In the guide's figures, price weighed 22 %% of the "
            "decision in successful AI projects and 38 %% in failed ones. Consider weighing price less."
        )
    else:
        message = _(
            "Price weighs %(share)s, more than %(warning)s. In the guide's figures, price weighed 22 %% of the "
            "decision in successful AI projects and 38 %% in failed ones."
        )
    return Notice(
        "price_weight",
        "strong" if level == PriceWeightLevel.STRONG else "warning",
        message
        % {
            "share": percent(share),
            "warning": percent(PRICE_WEIGHT_WARNING),
            "strong": percent(PRICE_WEIGHT_STRONG),
        },
    )


def _ties_notice(groups: list[list[Candidate]]) -> Notice:
    text = "; ".join(" = ".join(c.name for c in group) for group in groups)
    return Notice(
        "ties",
        "info",
        _("Equal scores: %(groups)s. Their order in the table is alphabetical, not a preference.") % {"groups": text},
    )
