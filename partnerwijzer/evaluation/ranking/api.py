"""The ranking endpoint of the JSON API (mounted in partnerwijzer/routers.py).

The same computation as the ranking page (:func:`partnerwijzer.evaluation.ranking.selectors.ranking_for`)
and the same access rule (:func:`~partnerwijzer.evaluation.ranking.selectors.ranking_denial`): seat
holders, owners included, after submitting their own scores, every member once scoring is closed; other organisations'
unknown and malformed ids the uniform 404.
"""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from partnerwijzer.api.common import SelectionId, caller, responses
from partnerwijzer.evaluation.access import selection_for_user
from partnerwijzer.evaluation.ranking import wording
from partnerwijzer.evaluation.ranking.selectors import Ranking, ranking_denial, ranking_for

router = Router(tags=["ranking"])



class RankingCriterionOut(Schema):
    id: UUID
    name: str
    weight: float = Field(description="Share of the total weight, 0–1.")
    is_price: bool
    knockout: bool


class RankedCandidateOut(Schema):
    id: UUID
    name: str
    rank: int = Field(description="1 = first, by the method requested.")
    score: float = Field(description="Score of the requested method: weighted average 1–5, or TOPSIS closeness 0–1.")
    weighted_score: float = Field(description="Weighted average of the criterion scores, 1–5.")
    topsis_score: float = Field(description="TOPSIS relative closeness to the ideal, 0–1.")
    win_probability: float | None = Field(description="Share of SMAA simulations in which the candidate came first.")
    most_likely_rank: int | None
    rank_acceptability: list[float] = Field(
        description="Share of SMAA simulations per rank: element 0 is rank 1, and so on (sums to 1)."
    )
    criterion_scores: list[float] = Field(description="Per criterion, in the order of `criteria`: the value used.")


class UnscoredCandidateOut(Schema):
    id: UUID
    name: str
    missing_criteria: list[UUID]


class KnockoutFailureOut(Schema):
    criterion_id: UUID
    criterion: str
    reason: str


class ExcludedOut(Schema):
    id: UUID
    name: str
    failures: list[KnockoutFailureOut]


class AgreementOut(Schema):
    kendall_w: float = Field(description="0 = no agreement, 1 = every evaluator ranks the candidates the same.")
    p_value: float
    evaluators: int
    candidates: int
    level: Literal["weak", "moderate", "strong"]


class SensitivityOut(Schema):
    criterion_id: UUID
    weight: float
    increase: float | None = Field(
        description="Weight increase (0–1 units) at which another candidate wins; null: none."
    )
    decrease: float | None = Field(description="Weight decrease at which another candidate wins; null: none.")
    winner_if_increased: UUID | None
    winner_if_decreased: UUID | None


class DisagreementOut(Schema):
    candidate_id: UUID
    criterion_id: UUID
    lowest: int
    highest: int
    evaluators: int
    consensus: int | None


class NoticeOut(Schema):
    code: str = Field(examples=["price_weight"])
    level: Literal["info", "warning", "strong"]
    message: str


class RankingOut(Schema):
    selection_id: UUID
    method: Literal["weighted_sum", "topsis"]
    state: str = Field(
        description="`ready`, or why there is no ranking yet: `single`, `no_criteria`, `no_weights`, "
        "`no_candidates`, `no_submissions`, `no_complete_candidate`."
    )
    next_step: str
    summary: str = Field(
        description="The ranking in one sentence in the language of the request (who leads, how often they come "
        "first in the simulations), as on the ranking page and in the decision report; empty without a winner."
    )
    closest_call: str = Field(
        description="What would change the winner: the smallest change of one weight that makes another "
        "candidate first, or that none does; empty without a sensitivity analysis."
    )
    iterations: int = Field(description="SMAA simulations behind win probabilities (0 when none were run).")
    criteria: list[RankingCriterionOut]
    candidates: list[RankedCandidateOut]
    unscored: list[UnscoredCandidateOut]
    excluded: list[ExcludedOut]
    agreement: AgreementOut | None
    sensitivity: list[SensitivityOut]
    disagreements: list[DisagreementOut]
    price_weight: Literal["none", "warning", "strong"] | None
    warnings: list[NoticeOut]


def ranking_body(result: Ranking) -> RankingOut:
    dm = result.matrix
    agreement = result.agreement
    return RankingOut(
        selection_id=result.selection.pk,
        method=result.method,
        state=result.state.value,
        next_step=result.next_step,
        summary=wording.summary(result),
        closest_call=wording.closest_call(result),
        iterations=result.iterations,
        criteria=[
            RankingCriterionOut(
                id=c.pk, name=name, weight=float(dm.weights[j]), is_price=c.is_price, knockout=c.knockout
            )
            for j, (c, name) in enumerate(zip(dm.criteria, result.criterion_names, strict=True))
        ],
        candidates=[
            RankedCandidateOut(
                id=r.candidate.pk, name=r.candidate.name, rank=r.rank, score=r.score, weighted_score=r.weighted_score,
                topsis_score=r.topsis_score, win_probability=r.win_probability, most_likely_rank=r.most_likely_rank,
                rank_acceptability=list(r.acceptability), criterion_scores=list(r.values),
            )
            for r in result.candidates
        ],
        unscored=[
            UnscoredCandidateOut(id=u.candidate.pk, name=u.candidate.name, missing_criteria=[c.pk for c in u.missing])
            for u in result.unscored
        ],
        excluded=[
            ExcludedOut(
                id=e.candidate.pk,
                name=e.candidate.name,
                failures=[
                    KnockoutFailureOut(criterion_id=c.pk, criterion=result.criterion_names[dm.criteria.index(c)],
                                       reason=reason)
                    for c, reason in e.failures
                ],
            )
            for e in result.excluded
        ],
        agreement=AgreementOut(
            kendall_w=agreement.w, p_value=agreement.p_value, evaluators=agreement.raters,
            candidates=agreement.objects, level=agreement.level,
        ) if agreement is not None else None,
        sensitivity=[
            SensitivityOut(
                criterion_id=s.criterion.pk, weight=s.weight, increase=s.increase, decrease=s.decrease,
                winner_if_increased=s.winner_if_increased.pk if s.winner_if_increased else None,
                winner_if_decreased=s.winner_if_decreased.pk if s.winner_if_decreased else None,
            )
            for s in result.sensitivity
        ],
        disagreements=[
            DisagreementOut(
                candidate_id=d.candidate.pk, criterion_id=d.criterion.pk, lowest=d.low, highest=d.high,
                evaluators=d.count, consensus=d.consensus,
            )
            for d in result.disagreements
        ],
        price_weight=result.price_weight.value if result.price_weight is not None else None,
        warnings=[NoticeOut(code=n.code, level=n.level, message=n.message) for n in result.notices],
    )


@router.get(
    "/selections/{selection_id}/ranking",
    response=responses(RankingOut, 403, 404, 422),
    summary="Ranking of a selection",
)
def selection_ranking(
    request: HttpRequest,
    selection_id: SelectionId,
    method: Annotated[
        Literal["weighted_sum", "topsis"],
        Query(description="`weighted_sum` (default) or `topsis`; win probabilities are the same for both."),
    ] = "weighted_sum",
) -> RankingOut:
    """Each candidate's score, rank, win probability and rank acceptability indices, plus
    evaluator agreement (Kendall's W), weight sensitivity, disagreements, excluded candidates
    with the knock-out reason, and warnings in plain words.

    Anyone holding an evaluator seat (owners included) may read it once they have submitted
    their own scores; every member once scoring is closed; an owner without a seat only then.
    Before that the answer is 403 with the reason. When the selection cannot be ranked yet,
    `state` says why, `next_step` what to do, and `candidates` is empty.
    """
    membership, selection = selection_for_user(caller(request), selection_id)
    denial = ranking_denial(selection=selection, membership=membership)
    if denial is not None:
        raise PermissionDenied(denial)
    return ranking_body(ranking_for(selection=selection, method=method))
