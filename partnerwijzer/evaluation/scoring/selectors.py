"""Reads for the scoring side of a selection: pairwise forms and AHP, knock-out exclusions,
progress, visible scores and the consensus table.

The maths is :mod:`decisioncore`'s (``ahp_aggregate``, ``ahp_weights``, ``aggregate_scores``,
``price_weight_warning``); this module only turns rows into arrays and back. Every function
here runs a fixed number of queries, whatever the number of candidates or evaluators.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decisioncore import AhpResult, PriceWeightLevel, aggregate_scores, ahp_aggregate, ahp_weights, price_weight_warning
from partnerwijzer.accounts.models import Membership, User
from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.evaluation.access import SEAT_ROLES, visible_evaluator_ids
from partnerwijzer.evaluation.criteria_display import CriterionText, criteria_texts, criterion_text
from partnerwijzer.evaluation.models import (
    AHP_MAX,
    AHP_MIN,
    SCALE_MAX,
    SCALE_MIN,
    ConsensusScore,
    Criterion,
    Evaluator,
    KnockoutCheck,
    PairwiseJudgement,
    Score,
    Scorecard,
    ScorecardRating,
)
from partnerwijzer.evaluation.selectors import excluded_seats, scoring_setup_of
from partnerwijzer.forms import is_plain_number
from partnerwijzer.knowledge.loader import reference
from partnerwijzer.knowledge.schema import Figure
from partnerwijzer.sourcing.models import Candidate, Selection

# --- Criteria -------------------------------------------------------------------------------------


def criteria_of(selection: Selection, *, knockout_only: bool = False) -> list[Criterion]:
    """The selection's criteria in the owner's order (only the knock-out ones with ``knockout_only``)."""
    criteria = Criterion.objects.filter(selection=selection)
    if knockout_only:
        criteria = criteria.filter(knockout=True)
    return list(criteria.order_by("position", "id"))


# --- Saaty scale ----------------------------------------------------------------------------------

_STORE = Decimal("0.0000000001")  # PairwiseJudgement.value has 10 decimal places
_STORED_MIN = AHP_MIN.quantize(_STORE, rounding=ROUND_CEILING)

SAATY_WORDS: dict[int, Any] = {
    1: gettext_lazy("equally important"),
    2: gettext_lazy("between equally and a little more important"),
    3: gettext_lazy("a little more important"),
    4: gettext_lazy("between a little and much more important"),
    5: gettext_lazy("much more important"),
    6: gettext_lazy("between much and very much more important"),
    7: gettext_lazy("very much more important"),
    8: gettext_lazy("between very much and extremely more important"),
    9: gettext_lazy("extremely more important"),
}
"""Saaty's 1–9 scale in plain words (1 equal, 3 moderate, 5 strong, 7 very strong, 9 extreme)."""

SAATY_TOKENS: tuple[str, ...] = (*(str(k) for k in range(9, 1, -1)), "1", *(f"1/{k}" for k in range(2, 10)))
"""The 17 choices of the pairwise form, from "A extremely more important" to "B extremely more"."""


def saaty_value(raw: Any) -> Decimal:
    """A judgement as a Decimal in [1/9, 9]; accepts ``"5"``, ``"1/5"``, 0.2, Decimal, Fraction.

    Anything else, or a value outside the scale, raises a ValidationError with a plain message.
    """
    try:
        if isinstance(raw, str) and "/" in raw:
            number = Fraction(raw.strip())
            value = Decimal(number.numerator) / Decimal(number.denominator)
        elif isinstance(raw, Fraction):
            value = Decimal(raw.numerator) / Decimal(raw.denominator)
        elif isinstance(raw, str) and not is_plain_number(raw):
            value = Decimal(-1)
        else:
            value = Decimal(str(raw).strip())
    except (ArithmeticError, ValueError, TypeError, ZeroDivisionError):
        value = Decimal(-1)
    if not value.is_finite() or not (AHP_MIN - _STORE <= value <= AHP_MAX):
        raise ValidationError(_("A judgement is a number from 1/9 to 9 on the pairwise scale."))
    return value


def stored_judgement(value: Decimal) -> Decimal:
    """``value`` with the 10 decimals the column holds, never below the stored 1/9."""
    return max(value.quantize(_STORE, rounding=ROUND_HALF_EVEN), _STORED_MIN)


def saaty_token(value: float) -> str:
    """The form choice nearest to a stored value (by ratio), e.g. 0.2000000000 -> ``"1/5"``."""
    return min(SAATY_TOKENS, key=lambda token: abs(math.log(float(Fraction(token))) - math.log(value)))


def saaty_choices() -> list[tuple[str, str]]:
    """The 17 choices of one pair in plain words about "A" and "B" (the label names both), short
    enough to read in a select on a phone."""
    choices: list[tuple[str, str]] = []
    for token in SAATY_TOKENS:
        number = Fraction(token)
        if number == 1:
            label = _("A and B are equally important")
        elif number > 1:
            label = _("A is %(words)s than B") % {"words": SAATY_WORDS[int(number)]}
        else:
            label = _("B is %(words)s than A") % {"words": SAATY_WORDS[number.denominator]}
        choices.append((token, label))
    return choices


# --- AHP ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PairToRevisit:
    a: CriterionText
    b: CriterionText
    judgement: float
    consistent_value: float

    @property
    def judgement_token(self) -> str:
        return saaty_token(self.judgement)

    @property
    def consistent_token(self) -> str:
        return saaty_token(self.consistent_value)


@dataclass(frozen=True)
class AhpSummary:
    """The AHP weights of a selection (or of one evaluator's form) with its consistency."""

    criteria: list[Criterion]
    texts: list[CriterionText]
    result: AhpResult
    forms: int

    @property
    def cr(self) -> float:
        return self.result.cr

    @property
    def is_consistent(self) -> bool:
        return self.result.is_consistent

    @property
    def weights_percent(self) -> list[tuple[CriterionText, float]]:
        return [(t, float(w) * 100) for t, w in zip(self.texts, self.result.weights, strict=True)]

    @property
    def pairs_to_revisit(self) -> list[PairToRevisit]:
        """The judgements furthest from the derived weights, worst first (shown when CR > 0.10)."""
        return [
            PairToRevisit(self.texts[p.row], self.texts[p.col], p.judgement, p.consistent_value)
            for p in self.result.inconsistent_pairs
        ]


def _matrices(
    criteria: list[Criterion], judgements: Iterable[PairwiseJudgement]
) -> dict[Any, np.ndarray]:
    """One complete pairwise matrix per evaluator (incomplete forms are left out)."""
    index = {c.pk: i for i, c in enumerate(criteria)}
    n = len(criteria)
    needed = n * (n - 1) // 2
    by_evaluator: dict[Any, dict[tuple[int, int], float]] = defaultdict(dict)
    for j in judgements:
        if j.row_id in index and j.column_id in index:
            i, k = index[j.row_id], index[j.column_id]
            value = float(j.value)
            if i > k:
                i, k, value = k, i, 1 / value
            by_evaluator[j.evaluator_id][(i, k)] = value
    matrices = {}
    for evaluator_id, cells in by_evaluator.items():
        if len(cells) < needed:
            continue
        a = np.eye(n)
        for (i, k), value in cells.items():
            a[i, k], a[k, i] = value, 1 / value
        matrices[evaluator_id] = a
    return matrices


def ahp_summary(selection: Selection, *, evaluator: Evaluator | None = None) -> AhpSummary | None:
    """AHP weights from every complete pairwise form (geometric mean, ``ahp_aggregate``) or,
    with ``evaluator``, from that evaluator's own form. None while no form is complete."""
    criteria = criteria_of(selection)
    if len(criteria) < 2:
        return None
    judgements = PairwiseJudgement.objects.filter(row__selection=selection)
    if evaluator is not None:
        judgements = judgements.filter(evaluator=evaluator)
    matrices = _matrices(criteria, judgements)
    if not matrices:
        return None
    stack = np.stack(list(matrices.values()))
    combined = ahp_aggregate(stack) if len(stack) > 1 else stack[0]
    return AhpSummary(criteria=criteria, texts=criteria_texts(criteria), result=ahp_weights(combined), forms=len(stack))


def own_judgements(evaluator: Evaluator) -> dict[tuple[Any, Any], float]:
    """An evaluator's judgements as ``{(row_id, column_id): value}``, both orientations."""
    out: dict[tuple[Any, Any], float] = {}
    for j in PairwiseJudgement.objects.filter(evaluator=evaluator):
        out[(j.row_id, j.column_id)] = float(j.value)
        out[(j.column_id, j.row_id)] = 1 / float(j.value)
    return out


# --- Price weight ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PriceWarning:
    level: PriceWeightLevel
    share: float  # percent
    figures: tuple[Figure, ...]  # the guide's 22 % (successful) and 38 % (failed) reference values

    @property
    def successful(self) -> float:
        """The guide's price weight in successful projects (percent)."""
        return float(self.figures[0].value or 0) if self.figures else 0.0

    @property
    def failed(self) -> float:
        """The guide's price weight in failed projects (percent)."""
        return float(self.figures[-1].value or 0) if self.figures else 0.0

    @property
    def advice(self) -> str:
        """Which sentence fits: ``zero``, ``low`` (well below the successful projects' weight),
        ``close`` (near it), ``warning`` or ``strong`` (the core's levels above it).

        Honest to the guide's two figures: it reports 22 % for successful and 38 % for failed
        projects, and nothing about weights far below 22 %, so a low weight is not praised.
        """
        if self.level != PriceWeightLevel.NONE:
            return str(self.level)
        if self.share <= PRICE_ZERO:
            return "zero"
        if self.share < self.successful - PRICE_NEAR:
            return "low"
        return "close"


PRICE_ZERO = 0.005
"""Below this share (percent) price counts for nothing."""
PRICE_NEAR = 5.0
"""Percentage points below the successful projects' weight that still count as "close to it"."""


def price_warning(criteria: list[Criterion], weights: list[float] | None = None) -> PriceWarning | None:
    """How heavily price weighs (``price_weight_warning``), with the guide's reference values.

    ``weights`` (percent, in the order of ``criteria``) defaults to the saved weights. None
    when there is no price criterion.
    """
    values = [float(c.weight) for c in criteria] if weights is None else list(weights)
    price_index = next((i for i, c in enumerate(criteria) if c.is_price), None)
    if price_index is None:
        return None
    figures = tuple(sorted(reference().price_criterion.figures, key=lambda f: f.value or 0))
    try:
        level = price_weight_warning(values, price_index)
    except ValueError:  # all weights 0: nothing weighs anything yet
        return PriceWarning(PriceWeightLevel.NONE, 0.0, figures)
    share = values[price_index] / sum(values) * 100
    return PriceWarning(level, share, figures)


# --- Knock-outs -----------------------------------------------------------------------------------


def knockout_exclusions(selection: Selection) -> dict[Any, list[tuple[Criterion, str]]]:
    """Candidates excluded from the ranking: ``{candidate_id: [(criterion, reason), ...]}``.

    A candidate is excluded when it failed a check of a criterion that is (still) marked
    knock-out. One query.
    """
    out: dict[Any, list[tuple[Criterion, str]]] = defaultdict(list)
    checks = (
        KnockoutCheck.objects.filter(criterion__selection=selection, criterion__knockout=True, passed=False)
        .select_related("criterion")
        .order_by("criterion__position", "criterion_id")
    )
    for check in checks:
        out[check.candidate_id].append((check.criterion, check.reason))
    return dict(out)


def knockout_failures(selection: Selection) -> list[tuple[Candidate, list[tuple[str, str]]]]:
    """Excluded candidates, by name, with the names of the knock-out criteria they failed and why."""
    exclusions = knockout_exclusions(selection)
    if not exclusions:
        return []
    candidates = Candidate.objects.filter(selection=selection, pk__in=list(exclusions)).order_by("name")
    return [(c, [(criterion_text(k).name, reason) for k, reason in exclusions[c.pk]]) for c in candidates]


@dataclass(frozen=True)
class KnockoutGrid:
    """The knock-out page: per candidate, each knock-out criterion's text and recorded check."""

    texts: list[CriterionText]
    rows: list[tuple[Candidate, list[tuple[CriterionText, KnockoutCheck | None]]]]
    exclusions: dict[Any, list[tuple[Criterion, str]]]


def knockout_grid(selection: Selection) -> KnockoutGrid:
    texts = criteria_texts(criteria_of(selection, knockout_only=True))
    checks = knockout_checks(selection)
    rows = [
        (c, [(t, checks.get((c.pk, t.criterion.pk))) for t in texts]) for c in scoring_candidates(selection)
    ]
    return KnockoutGrid(texts, rows, knockout_exclusions(selection))


def knockout_check_of(candidate: Candidate, criterion: Criterion) -> KnockoutCheck | None:
    return KnockoutCheck.objects.filter(candidate=candidate, criterion=criterion).first()


def knockout_checks(selection: Selection) -> dict[tuple[Any, Any], KnockoutCheck]:
    """Every recorded check as ``{(candidate_id, criterion_id): check}``."""
    return {
        (k.candidate_id, k.criterion_id): k
        for k in KnockoutCheck.objects.filter(criterion__selection=selection).select_related("decided_by")
    }


# --- Evaluators, progress and scores ----------------------------------------------------------------


def scoring_candidates(selection: Selection) -> list[Candidate]:
    """The candidates evaluators score: all that are not rejected, by name."""
    return list(Candidate.objects.filter(selection=selection, rejected=False).order_by("name", "id"))


@dataclass(frozen=True)
class Progress:
    evaluator: Evaluator
    filled: int
    total: int

    @property
    def submitted(self) -> bool:
        return self.evaluator.submitted

    @property
    def percent(self) -> int:
        return round(100 * self.filled / self.total) if self.total else 0


def evaluator_progress(selection: Selection) -> list[Progress]:
    """Per evaluator: how many cells they filled (of candidates x criteria) and whether they
    submitted. Counts only, never values: owners see this before anyone submits."""
    evaluators = (
        Evaluator.objects.filter(selection=selection)
        .select_related("user")
        .annotate(filled=Count("scores", filter=Q(scores__candidate__rejected=False)))
        .order_by("added_at", "id")
    )
    total = cells_to_fill(selection)
    return [Progress(e, min(e.filled, total), total) for e in evaluators]


def seat_candidates(selection: Selection) -> QuerySet[User]:
    """Members who may be given a seat: role evaluator or owner, not yet an evaluator here."""
    return (
        User.objects.filter(memberships__organisation_id=selection.organisation_id, memberships__role__in=SEAT_ROLES)
        .exclude(evaluations__selection=selection)
        .order_by("full_name", "email")
    )


def next_candidate(selection: Selection, candidate: Candidate) -> Candidate | None:
    """The candidate after ``candidate`` in the scoring order, or None at the end."""
    candidates = scoring_candidates(selection)
    ids = [c.pk for c in candidates]
    if candidate.pk not in ids:
        return None
    index = ids.index(candidate.pk)
    return candidates[index + 1] if index + 1 < len(candidates) else None


@dataclass(frozen=True)
class OwnScoring:
    """An evaluator's own overview: candidates x criteria with their scores."""

    texts: list[CriterionText]
    rows: list[tuple[Candidate, list[Score | None]]]
    filled: int
    total: int


def own_scoring(selection: Selection, seat: Evaluator) -> OwnScoring:
    criteria = criteria_of(selection)
    scores = own_scores(seat)
    rows = [(c, [scores.get((c.pk, k.pk)) for k in criteria]) for c in scoring_candidates(selection)]
    filled = sum(1 for _c, cells in rows for score in cells if score is not None)
    return OwnScoring(criteria_texts(criteria), rows, filled, len(rows) * len(criteria))


def cells_to_fill(selection: Selection) -> int:
    """How many scores one evaluator gives: candidates still in the race x criteria."""
    return len(scoring_candidates(selection)) * Criterion.objects.filter(selection=selection).count()


def submit_progress(selection: Selection, seat: Evaluator) -> tuple[int, int]:
    """(cells the seat filled, cells to fill) over the candidates still in the race."""
    return seat.scores.filter(candidate__rejected=False).count(), cells_to_fill(selection)


def others_beside_form(
    membership: Membership, selection: Selection, seat: Evaluator, candidate: Candidate
) -> dict[Any, list[Score]]:
    """The other evaluators' scores of ``candidate`` shown beside one's own form, per criterion id.

    The stricter evaluator rule applies even to owners: others' values show only once this seat
    has submitted (or scoring is closed), so that they cannot anchor it.
    """
    if not (seat.submitted or scoring_setup_of(selection).closed):
        return {}
    evaluators = list(Evaluator.objects.filter(selection=selection).select_related("user"))
    visible = visible_evaluator_ids(membership, selection, seat, evaluators) - {seat.pk}
    others: dict[Any, list[Score]] = defaultdict(list)
    for score in visible_scores(selection, visible, candidate=candidate):
        others[score.criterion_id].append(score)
    return dict(others)


def own_scores(evaluator: Evaluator) -> dict[tuple[Any, Any], Score]:
    return {(s.candidate_id, s.criterion_id): s for s in Score.objects.filter(evaluator=evaluator)}


def visible_scores(
    selection: Selection, evaluator_ids: Iterable[Any], *, candidate: Candidate | None = None
) -> list[Score]:
    """The scores of ``evaluator_ids`` (decided by ``access.visible_evaluator_ids``)."""
    ids = list(evaluator_ids)
    if not ids:
        return []
    scores = Score.objects.filter(evaluator__selection=selection, evaluator_id__in=ids).select_related(
        "evaluator__user"
    )
    if candidate is not None:
        scores = scores.filter(candidate=candidate)
    return list(scores.order_by("evaluator__added_at", "evaluator_id"))


def scorecards_of(evaluator: Evaluator, candidate: Candidate) -> QuerySet[Scorecard]:
    """The evaluator's own scorecards of a candidate, with their ratings."""
    return Scorecard.objects.filter(evaluator=evaluator, candidate=candidate).prefetch_related("ratings")


def scorecard_ratings(evaluator: Evaluator, candidate: Candidate) -> dict[Any, list[ScorecardRating]]:
    """The evaluator's own scorecard ratings of a candidate, per criterion id, newest first."""
    out: dict[Any, list[ScorecardRating]] = defaultdict(list)
    ratings = (
        ScorecardRating.objects.filter(scorecard__evaluator=evaluator, scorecard__candidate=candidate)
        .select_related("scorecard")
        .order_by("-scorecard__held_on", "-scorecard__created_at")
    )
    for rating in ratings:
        out[rating.criterion_id].append(rating)
    return dict(out)


# --- Consensus ------------------------------------------------------------------------------------


@dataclass
class ConsensusCell:
    criterion: CriterionText
    mean: float | None
    spread: float | None
    count: int
    disagreement: bool
    consensus: ConsensusScore | None
    scores: list[tuple[Evaluator, int]] = field(default_factory=list)


@dataclass
class ConsensusRow:
    candidate: Candidate
    cells: list[ConsensusCell]


@dataclass
class ConsensusTable:
    criteria: list[CriterionText]
    rows: list[ConsensusRow]
    evaluators: list[Evaluator]
    threshold: float

    @property
    def disagreements(self) -> int:
        return sum(cell.disagreement for row in self.rows for cell in row.cells)


def consensus_of(candidate: Candidate, criterion: Criterion) -> ConsensusScore | None:
    return ConsensusScore.objects.filter(candidate=candidate, criterion=criterion).first()


def consensus_cell(selection: Selection, candidate: Candidate, criterion: Criterion) -> ConsensusCell | None:
    """The consensus table's cell of one candidate and criterion (None when it is not ranked)."""
    row = next((r for r in consensus_table(selection).rows if r.candidate.pk == candidate.pk), None)
    return next((c for c in row.cells if c.criterion.criterion.pk == criterion.pk), None) if row else None


def consensus_table(selection: Selection) -> ConsensusTable:
    """Mean, spread and disagreement per candidate and criterion over the *submitted*
    evaluators (``decisioncore.aggregate_scores``), with the owner's consensus scores.

    Six queries, whatever the number of candidates and evaluators (one for the seats excluded for a
    conflict of interest).
    """
    criteria = criteria_of(selection)
    texts = criteria_texts(criteria)
    candidates = scoring_candidates(selection)
    evaluators = list(
        Evaluator.objects.filter(selection=selection, submitted_at__isnull=False)
        .select_related("user")
        .order_by("added_at", "id")
    )
    e_index = {e.pk: i for i, e in enumerate(evaluators)}
    c_index = {c.pk: i for i, c in enumerate(candidates)}
    k_index = {c.pk: i for i, c in enumerate(criteria)}
    x = np.full((max(len(evaluators), 1), len(candidates), len(criteria)), np.nan)
    per_cell: dict[tuple[int, int], list[tuple[Evaluator, int]]] = defaultdict(list)
    # A seat an owner excluded from a candidate for a conflict of interest counts nowhere for it (issue 16).
    excluded = excluded_seats(selection) if evaluators else set()
    if evaluators:
        for s in Score.objects.filter(evaluator_id__in=list(e_index)).only(
            "evaluator_id", "candidate_id", "criterion_id", "value"
        ):
            if (s.evaluator_id, s.candidate_id) in excluded:
                continue
            if s.candidate_id in c_index and s.criterion_id in k_index:
                i, j = c_index[s.candidate_id], k_index[s.criterion_id]
                x[e_index[s.evaluator_id], i, j] = s.value
                per_cell[(i, j)].append((evaluators[e_index[s.evaluator_id]], s.value))
    consensus = {
        (c.candidate_id, c.criterion_id): c
        for c in ConsensusScore.objects.filter(criterion__selection=selection).select_related("set_by")
    }
    result = aggregate_scores(x, scale_min=SCALE_MIN, scale_max=SCALE_MAX) if candidates and criteria else None
    rows = []
    for i, candidate in enumerate(candidates):
        cells = []
        for j, criterion in enumerate(criteria):
            count = int(result.count[i, j]) if result is not None else 0
            cells.append(
                ConsensusCell(
                    criterion=texts[j],
                    mean=float(result.mean[i, j]) if result is not None and count else None,
                    spread=float(result.spread[i, j]) if result is not None and count else None,
                    count=count,
                    disagreement=bool(result.disagreement[i, j]) if result is not None else False,
                    consensus=consensus.get((candidate.pk, criterion.pk)),
                    scores=per_cell.get((i, j), []),
                )
            )
        rows.append(ConsensusRow(candidate, cells))
    threshold = result.threshold if result is not None else 0.3 * (SCALE_MAX - SCALE_MIN)
    return ConsensusTable(criteria=texts, rows=rows, evaluators=evaluators, threshold=threshold)


# --- What the audit log says about blind scoring ----------------------------------------------------


@dataclass(frozen=True)
class BlindBreach:
    """One moment at which someone could score after seeing others' scores.

    ``kind``: ``"reopened"`` (a seat's submission was reopened: its holder had seen the others'
    scores and could change their own), ``"after_close"`` (a seat submitted after scoring had
    been closed once, when every member saw the results), ``"scoring_reopened"`` (scoring was
    reopened after it had been closed).
    """

    kind: str
    who: str
    when: Any
    since: Any = None


def blind_scoring_breaches(selection: Selection) -> list[BlindBreach]:
    """The moments, read from the audit log, at which blind scoring did not hold, oldest first.

    The application never shows a seat holder others' scores before they submit; the only ways
    around that are an owner reopening a submission, or closing and reopening scoring. An empty
    list therefore means: nobody saw another's scores before submitting their own.
    """
    seats = {str(e.pk): e for e in Evaluator.objects.filter(selection=selection).select_related("user")}
    events = list(
        AuditEvent.objects.filter(organisation_id=selection.organisation_id)
        .filter(
            Q(action__in=["evaluator.submit", "evaluator.reopen"], target_id__in=list(seats))
            | Q(action__in=["scoring.close", "scoring.reopen"], target_id=str(selection.pk))
        )
        .select_related("actor")
        .order_by("created_at", "id")
    )

    def name(event: AuditEvent) -> str:
        seat = seats.get(event.target_id)
        return seat.user.display_name if seat is not None else event.target_label

    breaches: list[BlindBreach] = []
    first_close = None
    for event in events:
        if event.action == "scoring.close" and first_close is None:
            first_close = event.created_at
        elif event.action == "scoring.reopen" and first_close is not None:
            who = event.actor.display_name if event.actor else event.actor_label
            breaches.append(BlindBreach("scoring_reopened", who, event.created_at, first_close))
        elif event.action == "evaluator.reopen":
            breaches.append(BlindBreach("reopened", name(event), event.created_at))
        elif event.action == "evaluator.submit" and first_close is not None:
            breaches.append(BlindBreach("after_close", name(event), event.created_at, first_close))
    return breaches
