"""The evaluation endpoints of the JSON API (mounted in partnerwijzer/routers.py): criteria,
weights, pairwise judgements, evaluators, scores, submission, consensus and knock-out checks.

Every path starts with the selection (``/selections/{selection_id}/...``, like the rest of the
API), reached through the caller's membership
(:func:`partnerwijzer.evaluation.access.selection_for_user`), so another organisation's selection
and a made-up id give the same 404. The old paths below ``/organisations/{organisation_id}/`` still
answer, marked deprecated, until release 2 (docs/api.md). The hiding rules of the web pages
apply here too: ``GET .../scores`` returns only the scores the caller may see, and writing as
another evaluator (``PUT .../evaluators/{evaluator_id}/scores`` with someone else's seat) is a
403 that changes nothing.

Errors: 401 not signed in; 403 role or seat does not allow it (``detail`` says why); 404
unknown or other organisation's object; 422 invalid input or a rule (``errors`` says where).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema
from pydantic import StrictBool, WithJsonSchema

from partnerwijzer.accounts.access import uuid_or_404
from partnerwijzer.accounts.models import Membership, User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.api.common import IsoDate, Lang, OrganisationId, SelectionId, caller, decimal_in, responses
from partnerwijzer.evaluation.access import (
    own_seat,
    results_denial,
    seat_of,
    selection_for_user,
    visible_evaluator_ids,
)
from partnerwijzer.evaluation.criteria_display import criterion_text
from partnerwijzer.evaluation.lookups import criterion_in, seat_in
from partnerwijzer.evaluation.models import ConsensusScore, Criterion, Evaluator
from partnerwijzer.evaluation.scoring import services
from partnerwijzer.evaluation.scoring.selectors import (
    AhpSummary,
    ahp_summary,
    consensus_table,
    criteria_of,
    evaluator_progress,
    knockout_checks,
    own_judgements,
    price_warning,
    visible_scores,
)
from partnerwijzer.evaluation.selectors import scoring_setup_of
from partnerwijzer.sourcing.lookups import candidate_in
from partnerwijzer.sourcing.models import Selection

router = Router(tags=["evaluation"])

ObjectId = Annotated[str, WithJsonSchema({"type": "string", "format": "uuid"}), Path()]

BASE = "/selections/{selection_id}"
# Until release 2 every operation also answers at its old path, marked deprecated (docs/api.md).
DEPRECATED_BASE = "/organisations/{organisation_id}/selections/{selection_id}"
View = Callable[..., Any]


def _operation(method: str, suffix: str, **options: Any) -> Callable[[View], View]:
    """Mount ``view`` at ``BASE + suffix`` and, deprecated, at ``DEPRECATED_BASE + suffix``."""

    def decorator(view: View) -> View:
        router.add_api_operation(BASE + suffix, [method], view, **options)
        router.add_api_operation(DEPRECATED_BASE + suffix, [method], _by_organisation(view), deprecated=True,
                                 **options)
        return view

    return decorator


def _by_organisation(view: View) -> View:
    """``view`` under the old path: the organisation named there must be the selection's (else 404)."""

    def alias(request: HttpRequest, organisation_id: str, **kwargs: Any) -> Any:
        selection_for_user(caller(request), kwargs["selection_id"], organisation_id=organisation_id)
        return view(request, **kwargs)

    signature = inspect.signature(view)
    request_parameter, *parameters = signature.parameters.values()
    organisation = inspect.Parameter(
        "organisation_id", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=OrganisationId
    )
    alias.__signature__ = signature.replace(parameters=[request_parameter, organisation, *parameters])  # type: ignore[attr-defined]
    alias.__name__ = alias.__qualname__ = f"{view.__name__}_by_organisation"
    alias.__doc__ = view.__doc__
    return alias


# --- Schemas -----------------------------------------------------------------------------------


class RubricPoint(Schema):
    score: int
    description: str


class SelectionCriterionOut(Schema):
    id: UUID
    reference_key: str = Field(description="Key of the guide's criterion; empty for an owner's own criterion.")
    name: str
    description: str
    check_items: list[str]
    rubric: list[RubricPoint] = Field(description="What a 1, 3 and 5 look like.")
    factor: Literal["hard", "soft"]
    is_price: bool
    knockout: bool
    weight: Decimal = Field(description="Percent; the weights of a selection add up to 100.")
    position: int


class CriterionIn(Schema):
    name: str = Field(min_length=1, max_length=150)
    description: str = ""
    factor: Literal["hard", "soft"] = "hard"
    knockout: StrictBool = False


class CriterionPatch(Schema):
    """Fields to change; fields left out keep their value. An empty name restores the guide's name."""

    name: str | None = Field(None, max_length=150)
    description: str | None = None
    factor: Literal["hard", "soft"] | None = None
    knockout: StrictBool | None = None
    move: Literal["up", "down"] | None = Field(None, description="Move one place up or down.")


class Deleted(Schema):
    deleted: bool = True


Percent = Annotated[Decimal, decimal_in(ge=0, le=100, max_digits=5, decimal_places=2)]


class WeightIn(Schema):
    criterion_id: UUID
    weight: Percent = Field(description="Percent, 0–100.")


class WeightsIn(Schema):
    weights: list[WeightIn] = Field(description="One entry per criterion; they must add up to 100.")


class InconsistentPairOut(Schema):
    a: UUID
    b: UUID
    judgement: float
    consistent_value: float


class AhpOut(Schema):
    forms: int = Field(description="How many complete pairwise forms the weights are based on.")
    consistency_ratio: float
    consistent: bool = Field(description="CR of 0.10 or lower.")
    revisit: list[InconsistentPairOut] = Field(description="Judgements to revisit when CR > 0.10, worst first.")
    weights: dict[str, float] = Field(description="Percent per criterion id.")


class PriceWarningOut(Schema):
    level: Literal["none", "warning", "strong"] = Field(description="warning above 22 %, strong from 30 %.")
    share: float = Field(description="Price's share of the total weight, percent.")
    reference: str = Field(description="The guide's reference values, with their source.")


class WeightsOut(Schema):
    method: Literal["direct", "ahp"]
    weights: dict[str, Decimal] = Field(description="Percent per criterion id.")
    price_warning: PriceWarningOut | None
    ahp: AhpOut | None


class JudgementIn(Schema):
    a: UUID
    b: UUID
    value: float = Field(description="How much more important a is than b: 1/9 .. 9 (Saaty).")


class JudgementsIn(Schema):
    judgements: list[JudgementIn]


class JudgementsOut(Schema):
    evaluator_id: UUID
    judgements: list[JudgementIn]
    ahp: AhpOut | None = Field(description="Your own weights and consistency, once the form is complete.")


class EvaluatorOut(Schema):
    id: UUID
    user_id: UUID
    name: str
    email: str
    filled: int = Field(description="How many cells this evaluator scored (values stay hidden until submitted).")
    total: int
    submitted_at: datetime | None
    score_by: date | None = Field(description="The date by which this evaluator should have scored and submitted "
                                              "(ISO date), set by an owner; null when none is set.")


class EvaluatorIn(Schema):
    user_id: UUID
    score_by: IsoDate | None = Field(None, description="Optional: the date to score by (ISO date, today or later).")


class EvaluatorPatch(Schema):
    score_by: IsoDate | None = Field(description="The date to score by (ISO date, today or later); null clears it.")


class ScoreIn(Schema):
    candidate_id: UUID
    criterion_id: UUID
    value: int = Field(description="1–5 on the rubric scale; anything else is rejected with 422.")
    comment: str = ""
    evidence: str = ""


class ScoreOut(Schema):
    evaluator_id: UUID
    candidate_id: UUID
    criterion_id: UUID
    value: int
    comment: str
    evidence: str
    updated_at: datetime


class ConsensusIn(Schema):
    candidate_id: UUID
    criterion_id: UUID
    value: int = Field(description="1–5.")
    justification: str = Field(description="Required: why the team settled on this score.")


class ConsensusCellOut(Schema):
    candidate_id: UUID
    criterion_id: UUID
    mean: float | None
    spread: float | None
    count: int
    disagreement: bool
    consensus: int | None
    justification: str | None


class ConsensusOut(Schema):
    submitted_evaluators: int
    threshold: float = Field(description="A spread of at least this many points flags disagreement.")
    cells: list[ConsensusCellOut]


class KnockoutIn(Schema):
    candidate_id: UUID
    criterion_id: UUID
    passed: StrictBool
    reason: str = Field(description="Required.")


class KnockoutOut(Schema):
    candidate_id: UUID
    criterion_id: UUID
    passed: bool
    reason: str
    decided_at: datetime


class ScoringStatusIn(Schema):
    closed: StrictBool


class ScoringStatusOut(Schema):
    closed: bool
    closed_at: datetime | None


# --- Helpers -----------------------------------------------------------------------------------


def _selection(request: HttpRequest, selection_id: str, role: Role = Role.VIEWER) -> tuple[User, Membership, Selection]:
    user = caller(request)
    membership, selection = selection_for_user(user, selection_id, role=role)
    return user, membership, selection


def _criterion_out(criterion: Criterion, lang: str) -> SelectionCriterionOut:
    text = criterion_text(criterion, lang)
    return SelectionCriterionOut(
        id=criterion.pk, reference_key=criterion.reference_key, name=text.name, description=text.description,
        check_items=text.check_items,
        rubric=[RubricPoint(score=point, description=words) for point, words in text.rubric_rows],
        factor=criterion.factor, is_price=criterion.is_price,  # type: ignore[arg-type]
        knockout=criterion.knockout, weight=criterion.weight, position=criterion.position,
    )


def _ahp_out(summary: AhpSummary | None) -> AhpOut | None:
    if summary is None:
        return None
    return AhpOut(
        forms=summary.forms, consistency_ratio=round(summary.cr, 4), consistent=summary.is_consistent,
        revisit=[
            InconsistentPairOut(a=p.a.criterion.pk, b=p.b.criterion.pk, judgement=p.judgement,
                                consistent_value=p.consistent_value)
            for p in (summary.pairs_to_revisit if not summary.is_consistent else [])
        ],
        weights={str(t.criterion.pk): round(w, 2) for t, w in summary.weights_percent},
    )


def _weights_out(selection: Selection, lang: str) -> WeightsOut:
    criteria = criteria_of(selection)
    warning = price_warning(criteria)
    price = None
    if warning is not None:
        with translation.override(lang):
            reference_text = "; ".join(f"{f.format(lang)}: {f.label.get(lang)} ({f.source}, {f.as_of})"
                                       for f in warning.figures)
        price = PriceWarningOut(level=warning.level.value, share=round(warning.share, 2),
                                reference=reference_text)
    return WeightsOut(
        method=scoring_setup_of(selection).weighting_method,  # type: ignore[arg-type]
        weights={str(c.pk): c.weight for c in criteria},
        price_warning=price,
        ahp=_ahp_out(ahp_summary(selection)),
    )


def _score_out(score: Any) -> ScoreOut:
    return ScoreOut(evaluator_id=score.evaluator_id, candidate_id=score.candidate_id,
                    criterion_id=score.criterion_id, value=score.value, comment=score.comment,
                    evidence=score.evidence, updated_at=score.updated_at)


# --- Criteria -----------------------------------------------------------------------------------


@_operation("GET", "/criteria", response=responses(list[SelectionCriterionOut], 404, 422),
            summary="Criteria of a selection")
def criteria_list(request: HttpRequest, selection_id: SelectionId,
                  lang: Lang = "nl") -> list[SelectionCriterionOut]:
    """The criteria in order, with name, check items and rubric in ``lang``, factor and weight."""
    _user, _m, selection = _selection(request, selection_id)
    return [_criterion_out(c, lang) for c in criteria_of(selection)]


@_operation("POST", "/criteria", response=responses(SelectionCriterionOut, 400, 403, 404, 422),
             summary="Add a criterion (owners)")
def criterion_create(request: HttpRequest, selection_id: SelectionId,
                     payload: CriterionIn, lang: Lang = "nl") -> SelectionCriterionOut:
    """Adds an own criterion at the end with weight 0 %; set the weights afterwards."""
    user, _m, selection = _selection(request, selection_id, Role.OWNER)
    criterion = services.criterion_create(actor=user, selection=selection, **payload.dict())
    return _criterion_out(criterion, lang)


@_operation("PATCH", "/criteria/{criterion_id}", response=responses(SelectionCriterionOut, 400, 403, 404, 422),
              summary="Rename, change or move a criterion (owners)")
def criterion_update(
    request: HttpRequest, selection_id: SelectionId,
                     criterion_id: ObjectId, payload: CriterionPatch, lang: Lang = "nl") -> SelectionCriterionOut:
    user, _m, selection = _selection(request, selection_id, Role.OWNER)
    criterion = criterion_in(selection, uuid_or_404(criterion_id))
    data = payload.dict(exclude_unset=True)
    move = data.pop("move", None)
    services.criterion_update(actor=user, criterion=criterion, **data)
    if move:
        services.criterion_move(actor=user, criterion=criterion, direction=move)
        criterion.refresh_from_db()
    return _criterion_out(criterion, lang)


@_operation("DELETE", "/criteria/{criterion_id}", response=responses(Deleted, 403, 404),
               summary="Remove a criterion (owners)")
def criterion_delete(request: HttpRequest, selection_id: SelectionId,
                     criterion_id: ObjectId) -> Deleted:
    """Removes it with its scores; the other weights are scaled back to 100 %."""
    user, _m, selection = _selection(request, selection_id, Role.OWNER)
    services.criterion_delete(actor=user, criterion=criterion_in(selection, uuid_or_404(criterion_id)))
    return Deleted()


# --- Weights ------------------------------------------------------------------------------------


@_operation("GET", "/weights", response=responses(WeightsOut, 404, 422), summary="Weights of a selection")
def weights_get(request: HttpRequest, selection_id: SelectionId,
                lang: Lang = "nl") -> WeightsOut:
    """Method, weight per criterion, the price-weight warning and (with AHP) the consistency."""
    _user, _m, selection = _selection(request, selection_id)
    return _weights_out(selection, lang)


@_operation("PUT", "/weights", response=responses(WeightsOut, 400, 403, 404, 422),
            summary="Set direct weights (owners)")
def weights_put(request: HttpRequest, selection_id: SelectionId,
                payload: WeightsIn, lang: Lang = "nl") -> WeightsOut:
    """Percentages for every criterion that add up to 100 (within 0.1). Switches the method to
    direct. Another sum is a 422 and nothing changes."""
    user, _m, selection = _selection(request, selection_id, Role.OWNER)
    services.weights_set_direct(actor=user, selection=selection,
                                weights={str(w.criterion_id): w.weight for w in payload.weights})
    return _weights_out(selection, lang)


# --- Pairwise judgements ----------------------------------------------------------------------------


def _judgements_out(seat: Evaluator, selection: Selection) -> JudgementsOut:
    seen: set[frozenset[Any]] = set()
    items = []
    for (a, b), value in own_judgements(seat).items():
        if frozenset((a, b)) in seen:
            continue
        seen.add(frozenset((a, b)))
        items.append(JudgementIn(a=a, b=b, value=round(value, 6)))
    return JudgementsOut(evaluator_id=seat.pk, judgements=items,
                         ahp=_ahp_out(ahp_summary(selection, evaluator=seat)))


@_operation("GET", "/evaluators/{evaluator_id}/pairwise", response=responses(JudgementsOut, 403, 404),
            summary="My pairwise judgements")
def pairwise_get(request: HttpRequest, selection_id: SelectionId,
                 evaluator_id: ObjectId) -> JudgementsOut:
    """Your own judgements and, when complete, your own weights and consistency ratio.
    ``evaluator_id`` must be your own seat (another evaluator's: 403)."""
    user, membership, selection = _selection(request, selection_id)
    return _judgements_out(own_seat(user, membership, selection, evaluator_id), selection)


@_operation("PUT", "/evaluators/{evaluator_id}/pairwise", response=responses(JudgementsOut, 400, 403, 404, 422),
            summary="Save my pairwise judgements")
def pairwise_put(request: HttpRequest, selection_id: SelectionId,
                 evaluator_id: ObjectId, payload: JudgementsIn) -> JudgementsOut:
    """Saves (adds or replaces) your own judgements; another evaluator's seat gives 403 and
    changes nothing. With AHP weighting the selection's weights are recomputed from all complete
    forms. Values outside 1/9..9 give 422."""
    user, membership, selection = _selection(request, selection_id)
    seat = own_seat(user, membership, selection, evaluator_id)
    services.judgements_set(actor=user, evaluator=seat,
                            judgements={(j.a, j.b): j.value for j in payload.judgements})
    return _judgements_out(seat, selection)


# --- Evaluators -----------------------------------------------------------------------------------


def _evaluators_out(selection: Selection) -> list[EvaluatorOut]:
    return [
        EvaluatorOut(id=p.evaluator.pk, user_id=p.evaluator.user_id, name=p.evaluator.user.display_name,
                     email=p.evaluator.user.email, filled=p.filled, total=p.total,
                     submitted_at=p.evaluator.submitted_at, score_by=p.evaluator.score_by)
        for p in evaluator_progress(selection)
    ]


@_operation("GET", "/evaluators", response=responses(list[EvaluatorOut], 404), summary="Evaluators and progress")
def evaluator_list(request: HttpRequest, selection_id: SelectionId) -> list[EvaluatorOut]:
    """Who scores, how many cells each has filled and whether they submitted (never values)."""
    _user, _m, selection = _selection(request, selection_id)
    return _evaluators_out(selection)


@_operation("POST", "/evaluators", response=responses(EvaluatorOut, 400, 403, 404, 422),
             summary="Add an evaluator (owners)")
def evaluator_add(request: HttpRequest, selection_id: SelectionId,
                  payload: EvaluatorIn) -> EvaluatorOut:
    """A member with role evaluator or owner; viewers and non-members give 422."""
    user, _m, selection = _selection(request, selection_id, Role.OWNER)
    from django.core.exceptions import ValidationError

    # A made-up id and another organisation's user get the same answer, at the same place.
    not_a_member = ValidationError({"user_id": _("Only members of your organisation can be evaluators.")})
    target = User.objects.filter(pk=payload.user_id).first()
    if target is None:
        raise not_a_member
    try:
        seat = services.evaluator_add(actor=user, selection=selection, user=target, score_by=payload.score_by)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise
        raise ValidationError({"user_id": exc.messages}) from None
    return next(e for e in _evaluators_out(selection) if e.id == seat.pk)


@_operation("PATCH", "/evaluators/{evaluator_id}", response=responses(EvaluatorOut, 403, 404, 422),
              summary="Set an evaluator's date to score by (owners)")
def evaluator_update(request: HttpRequest, selection_id: SelectionId,
                     evaluator_id: ObjectId, payload: EvaluatorPatch) -> EvaluatorOut:
    """Sets or clears (null) the date shown to the evaluator on their dashboard and scores page."""
    user, _m, selection = _selection(request, selection_id, Role.OWNER)
    seat = seat_in(selection, evaluator_id)
    services.evaluator_deadline_set(actor=user, evaluator=seat, score_by=payload.score_by)
    return next(e for e in _evaluators_out(selection) if e.id == seat.pk)


@_operation("DELETE", "/evaluators/{evaluator_id}", response=responses(Deleted, 403, 404),
               summary="Remove an evaluator (owners)")
def evaluator_remove(request: HttpRequest, selection_id: SelectionId,
                     evaluator_id: ObjectId) -> Deleted:
    """Removes the seat with its scores, judgements and scorecards."""
    user, _m, selection = _selection(request, selection_id, Role.OWNER)
    services.evaluator_remove(actor=user, evaluator=seat_in(selection, evaluator_id))
    return Deleted()


@_operation("POST", "/evaluators/{evaluator_id}/submit", response=responses(EvaluatorOut, 403, 404),
             summary="Submit my scores")
def evaluator_submit(request: HttpRequest, selection_id: SelectionId,
                     evaluator_id: ObjectId) -> EvaluatorOut:
    """Only for your own seat (another evaluator's seat: 403). Locks your scores and shows you
    the submitted scores of the others."""
    user, membership, selection = _selection(request, selection_id)
    seat = own_seat(user, membership, selection, evaluator_id)
    services.evaluator_submit(actor=user, evaluator=seat)
    return next(e for e in _evaluators_out(selection) if e.id == seat.pk)


@_operation("POST", "/evaluators/{evaluator_id}/reopen", response=responses(EvaluatorOut, 403, 404),
             summary="Reopen an evaluator's submission (owners)")
def evaluator_reopen(request: HttpRequest, selection_id: SelectionId,
                     evaluator_id: ObjectId) -> EvaluatorOut:
    user, _m, selection = _selection(request, selection_id, Role.OWNER)
    seat = seat_in(selection, evaluator_id)
    services.evaluator_reopen(actor=user, evaluator=seat)
    return next(e for e in _evaluators_out(selection) if e.id == seat.pk)


# --- Scores ---------------------------------------------------------------------------------------


@_operation("GET", "/scores", response=responses(list[ScoreOut], 404), summary="Scores you may see")
def score_list(request: HttpRequest, selection_id: SelectionId) -> list[ScoreOut]:
    """Your own scores; the submitted scores of others once you submitted your own (anyone holding
    an evaluator seat, owners included), or once scoring is closed (everyone). An owner without a
    seat sees no values while scoring is open. Unsubmitted values are never returned."""
    user, membership, selection = _selection(request, selection_id)
    seat = seat_of(user, selection)
    evaluators = list(Evaluator.objects.filter(selection=selection))
    visible = visible_evaluator_ids(membership, selection, seat, evaluators)
    return [_score_out(s) for s in visible_scores(selection, visible)]


@_operation("PUT", "/evaluators/{evaluator_id}/scores", response=responses(ScoreOut, 400, 403, 404, 422),
            summary="Write my score")
def score_put(request: HttpRequest, selection_id: SelectionId,
              evaluator_id: ObjectId, payload: ScoreIn) -> ScoreOut:
    """Sets your own score of a candidate on a criterion. ``evaluator_id`` must be your own seat:
    another evaluator's gives 403 and changes nothing. A value outside 1–5, a submitted seat,
    closed scoring or a candidate you have not declared on yet (conflict of interest:
    ``PUT .../evaluators/{evaluator_id}/conflicts``) give 422."""
    user, membership, selection = _selection(request, selection_id)
    seat = own_seat(user, membership, selection, evaluator_id)
    score = services.score_set(
        actor=user, evaluator=seat, candidate=candidate_in(selection, payload.candidate_id),
        criterion=criterion_in(selection, payload.criterion_id), value=payload.value,
        comment=payload.comment, evidence=payload.evidence,
    )
    return _score_out(score)


# --- Consensus ------------------------------------------------------------------------------------


@_operation("GET", "/consensus", response=responses(ConsensusOut, 403, 404), summary="Consensus per cell")
def consensus_get(request: HttpRequest, selection_id: SelectionId) -> ConsensusOut:
    """Mean, spread and disagreement per candidate and criterion over the submitted evaluators,
    with the owner's consensus scores. Seat holders (owners included) once they submitted their
    own; everyone once scoring is closed (otherwise 403)."""
    user, membership, selection = _selection(request, selection_id)
    denial = results_denial(membership, selection, seat_of(user, selection))
    if denial is not None:
        raise PermissionDenied(denial)
    table = consensus_table(selection)
    cells = [
        ConsensusCellOut(
            candidate_id=row.candidate.pk, criterion_id=cell.criterion.criterion.pk,
            mean=None if cell.mean is None else round(cell.mean, 4),
            spread=cell.spread, count=cell.count, disagreement=cell.disagreement,
            consensus=cell.consensus.value if cell.consensus else None,
            justification=cell.consensus.justification if cell.consensus else None,
        )
        for row in table.rows
        for cell in row.cells
    ]
    return ConsensusOut(submitted_evaluators=len(table.evaluators), threshold=table.threshold, cells=cells)


@_operation("PUT", "/consensus", response=responses(ConsensusCellOut, 400, 403, 404, 422),
            summary="Set a consensus score (owners)")
def consensus_put(request: HttpRequest, selection_id: SelectionId,
                  payload: ConsensusIn) -> ConsensusCellOut:
    """The justification is required (422 without it); the average stays visible beside it.
    Like every view of the scores, only once the caller may see them (submitted their own seat,
    or scoring is closed); otherwise 403."""
    user, _m, selection = _selection(request, selection_id, Role.OWNER)
    candidate = candidate_in(selection, payload.candidate_id)
    criterion = criterion_in(selection, payload.criterion_id)
    consensus: ConsensusScore = services.consensus_set(
        actor=user, candidate=candidate, criterion=criterion, value=payload.value,
        justification=payload.justification,
    )
    row = next(r for r in consensus_table(selection).rows if r.candidate.pk == candidate.pk)
    cell = next(c for c in row.cells if c.criterion.criterion.pk == criterion.pk)
    return ConsensusCellOut(candidate_id=candidate.pk, criterion_id=criterion.pk, mean=cell.mean,
                            spread=cell.spread, count=cell.count, disagreement=cell.disagreement,
                            consensus=consensus.value, justification=consensus.justification)


# --- Knock-out checks and closing -----------------------------------------------------------------


@_operation("GET", "/knockout-checks", response=responses(list[KnockoutOut], 404), summary="Knock-out checks")
def knockout_list(request: HttpRequest, selection_id: SelectionId) -> list[KnockoutOut]:
    """Every recorded check; a failed check of a knock-out criterion excludes the candidate."""
    _user, _m, selection = _selection(request, selection_id)
    return [
        KnockoutOut(candidate_id=k.candidate_id, criterion_id=k.criterion_id, passed=k.passed, reason=k.reason,
                    decided_at=k.decided_at)
        for k in knockout_checks(selection).values()
    ]


@_operation("PUT", "/knockout-checks", response=responses(KnockoutOut, 400, 403, 404, 422),
            summary="Record a knock-out check (owners)")
def knockout_put(request: HttpRequest, selection_id: SelectionId,
                 payload: KnockoutIn) -> KnockoutOut:
    """The criterion must be marked knock-out and the reason is required (422 otherwise)."""
    user, _m, selection = _selection(request, selection_id, Role.OWNER)
    check = services.knockout_check_set(
        actor=user, candidate=candidate_in(selection, payload.candidate_id),
        criterion=criterion_in(selection, payload.criterion_id), passed=payload.passed, reason=payload.reason,
    )
    return KnockoutOut(candidate_id=check.candidate_id, criterion_id=check.criterion_id, passed=check.passed,
                       reason=check.reason, decided_at=check.decided_at)


@_operation("PUT", "/scoring", response=responses(ScoringStatusOut, 400, 403, 404, 422),
            summary="Close or reopen scoring (owners)")
def scoring_status(request: HttpRequest, selection_id: SelectionId,
                   payload: ScoringStatusIn) -> ScoringStatusOut:
    """Closed: scores are frozen and every member sees the results."""
    user, _m, selection = _selection(request, selection_id, Role.OWNER)
    if payload.closed:
        services.scoring_close(actor=user, selection=selection)
    else:
        services.scoring_reopen(actor=user, selection=selection)
    setup = scoring_setup_of(selection)
    return ScoringStatusOut(closed=setup.closed, closed_at=setup.closed_at)
