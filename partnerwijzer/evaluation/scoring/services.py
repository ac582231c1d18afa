"""Write actions on criteria, weights, evaluators, scores, judgements, knock-outs and consensus.

Each service takes keyword-only arguments, checks what it needs, writes in one transaction and
records an audit event. Reads live in :mod:`partnerwijzer.evaluation.scoring.selectors`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerwijzer import formatting
from partnerwijzer.accounts.access import member_role
from partnerwijzer.accounts.models import User
from partnerwijzer.audit.services import audit_record
from partnerwijzer.evaluation.access import SEAT_ROLES, results_visible_for_user
from partnerwijzer.evaluation.conflicts.selectors import declaration_of
from partnerwijzer.evaluation.models import (
    SCALE_MAX,
    SCALE_MIN,
    ConsensusScore,
    Criterion,
    Evaluator,
    Factor,
    KnockoutCheck,
    PairwiseJudgement,
    Score,
    Scorecard,
    ScorecardKind,
    ScorecardRating,
    ScoringSetup,
    WeightingMethod,
)
from partnerwijzer.evaluation.scoring import messages
from partnerwijzer.evaluation.scoring.selectors import (
    AhpSummary,
    ahp_summary,
    criteria_of,
    saaty_value,
    stored_judgement,
)
from partnerwijzer.evaluation.selectors import scoring_setup_of
from partnerwijzer.forms import is_plain_number
from partnerwijzer.knowledge.loader import reference
from partnerwijzer.locking import lock_parent
from partnerwijzer.sourcing.models import Candidate, Selection


@transaction.atomic
def criteria_initialise(*, selection: Selection) -> list[Criterion]:
    """Give a new selection the seven criteria of the reference data plus price, in order.

    Price starts at the guide's weight in successful projects (22 %, the lower of its two
    reference figures; issue 11: 0 % contradicted the guide), the seven others share the rest
    equally. The owner adjusts them on the weights page.
    """
    criteria = []
    selection_criteria = reference().selection_criteria
    price = default_price_weight()
    equal = ((Decimal(100) - price) / len(selection_criteria)).quantize(Decimal("0.01"))
    for position, ref in enumerate(reference().criteria):
        weight = price if ref.is_price else equal
        criteria.append(
            Criterion(
                selection=selection,
                reference_key=ref.key,
                position=position,
                factor=Factor(ref.factor),
                is_price=ref.is_price,
                weight=weight,
            )
        )
    # Rounding: make the eight add up to exactly 100.
    criteria[0].weight += Decimal(100) - sum((c.weight for c in criteria), Decimal(0))
    return Criterion.objects.bulk_create(criteria)


def default_price_weight() -> Decimal:
    """The guide's price weight in successful projects (percent), the default for a new selection."""
    values = [f.value for f in reference().price_criterion.figures if f.value is not None]
    return Decimal(str(min(values))).quantize(Decimal("0.01")) if values else Decimal(0)


# --- Scoring setup ------------------------------------------------------------------------------


def scoring_setup_lock(*, selection: Selection) -> ScoringSetup:
    """The selection's scoring setup row, made on first use and locked for this transaction.

    Call inside the writing service's transaction. The selection's row is locked first (as the
    other first writes, ``partnerwijzer.locking``), so two concurrent first writes make one row;
    the row is cached on ``selection`` so later reads in the request see the change.
    """
    lock_parent(selection)
    setup, _created = ScoringSetup.objects.select_for_update().get_or_create(selection=selection)
    selection.scoring_setup = setup
    return setup


@transaction.atomic
def price_from_quotes_set(*, actor: User, selection: Selection, enabled: bool) -> ScoringSetup:
    """(Owners) let the candidates' quotes set the price criterion, or stop doing so.

    The choice is part of how the selection is scored, so evaluation keeps it; budget, which owns
    the quotes, offers the switch on its quotes page and lends the price column
    (``evaluation.providers.quote_prices``).
    """
    setup = scoring_setup_lock(selection=selection)
    if setup.price_from_quotes != enabled:
        setup.price_from_quotes = enabled
        setup.save(update_fields=["price_from_quotes"])
        audit_record(
            actor=actor, organisation=selection.organisation, action="selection.price_from_quotes", target=selection,
            changes={"price_from_quotes": [not enabled, enabled]},
        )
    return setup


# --- Helpers ------------------------------------------------------------------------------------

PERCENT = Decimal("0.01")
SUM_TOLERANCE = Decimal("0.1")
"""How far entered percentages may miss 100 (rounding such as 3 x 33.33); the rest is corrected."""


def _to_percentages(shares: Sequence[float]) -> list[Decimal]:
    """Shares summing to 1 as percentages with two decimals summing to exactly 100."""
    values = [Decimal(str(round(share * 100, 2))).quantize(PERCENT) for share in shares]
    if values:
        largest = max(range(len(values)), key=lambda i: values[i])
        values[largest] += Decimal(100) - sum(values, Decimal(0))
    return values


def _same_selection(*objects: Any, selection_id: Any) -> None:
    for obj in objects:
        if obj.selection_id != selection_id:
            raise ValidationError(_("These belong to different selections."))


def _clean_scale(value: Any, *, field: str = "value") -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or str(number) != str(value).strip() or not SCALE_MIN <= number <= SCALE_MAX:
        raise ValidationError(
            {field: _("Choose a score from %(min)s to %(max)s.") % {"min": SCALE_MIN, "max": SCALE_MAX}}
        )
    return number


# --- Criteria -----------------------------------------------------------------------------------


@transaction.atomic
def criterion_create(
    *,
    actor: User,
    selection: Selection,
    name: str,
    description: str = "",
    factor: str = Factor.HARD,
    knockout: bool = False,
) -> Criterion:
    """Add an owner's own criterion at the end, with weight 0 % until the owner sets weights."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the criterion a name.")})
    if factor not in Factor.values:
        raise ValidationError({"factor": _("Choose hard or soft factor.")})
    last = Criterion.objects.filter(selection=selection).aggregate(Max("position"))["position__max"]
    criterion = Criterion.objects.create(
        selection=selection,
        custom_name=name,
        custom_description=description.strip(),
        factor=factor,
        knockout=knockout,
        position=0 if last is None else last + 1,
        weight=Decimal(0),
    )
    audit_record(
        actor=actor, organisation=selection.organisation, action="criterion.create", target=criterion,
        changes={"name": name, "factor": factor, "knockout": knockout},
    )
    _recompute_ahp_if_used(actor=actor, selection=selection)
    return criterion


@transaction.atomic
def criterion_update(
    *,
    actor: User,
    criterion: Criterion,
    name: str | None = None,
    description: str | None = None,
    factor: str | None = None,
    knockout: bool | None = None,
) -> Criterion:
    """Rename (an empty name on a reference criterion restores the guide's name), describe,
    change the factor or the knock-out flag. Every change is audited."""
    before = {
        "name": criterion.custom_name, "description": criterion.custom_description,
        "factor": criterion.factor, "knockout": criterion.knockout,
    }
    if name is not None:
        name = name.strip()
        if not name and not criterion.reference_key:
            raise ValidationError({"name": _("Give the criterion a name.")})
        criterion.custom_name = name
    if description is not None:
        criterion.custom_description = description.strip()
    if factor is not None:
        if factor not in Factor.values:
            raise ValidationError({"factor": _("Choose hard or soft factor.")})
        criterion.factor = factor
    if knockout is not None:
        criterion.knockout = knockout
    after = {
        "name": criterion.custom_name, "description": criterion.custom_description,
        "factor": criterion.factor, "knockout": criterion.knockout,
    }
    changes = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    if changes:
        criterion.save(update_fields=["custom_name", "custom_description", "factor", "knockout"])
        audit_record(
            actor=actor, organisation=criterion.selection.organisation, action="criterion.update",
            target=criterion, changes=changes,
        )
    return criterion


@transaction.atomic
def criterion_delete(*, actor: User, criterion: Criterion) -> None:
    """Remove a criterion with its scores, judgements and checks.

    The remaining weights are scaled back to 100 % in proportion (equal if all were 0), so the
    selection never holds weights that do not add up; with AHP they are recomputed.
    """
    selection = criterion.selection
    audit_record(
        actor=actor, organisation=selection.organisation, action="criterion.delete", target=criterion,
        changes={"name": str(criterion), "weight": str(criterion.weight)},
    )
    criterion.delete()
    remaining = criteria_of(selection)
    for position, item in enumerate(remaining):
        item.position = position
    if remaining:
        raw = [float(c.weight) for c in remaining]
        shares = [r / sum(raw) for r in raw] if sum(raw) > 0 else [1 / len(raw)] * len(raw)
        for item, weight in zip(remaining, _to_percentages(shares), strict=True):
            item.weight = weight
        Criterion.objects.bulk_update(remaining, ["position", "weight"])
    _recompute_ahp_if_used(actor=actor, selection=selection)


@transaction.atomic
def criterion_move(*, actor: User, criterion: Criterion, direction: str) -> None:
    """Move a criterion one place up or down in the order everyone sees."""
    if direction not in {"up", "down"}:
        raise ValidationError(_("Move a criterion up or down."))
    items = criteria_of(criterion.selection)
    index = next(i for i, c in enumerate(items) if c.pk == criterion.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for position, item in enumerate(items):
        item.position = position
    Criterion.objects.bulk_update(items, ["position"])
    audit_record(
        actor=actor, organisation=criterion.selection.organisation, action="criterion.move", target=criterion,
        changes={"position": [index, other]},
    )


# --- Weights ------------------------------------------------------------------------------------


@transaction.atomic
def weights_set_direct(*, actor: User, selection: Selection, weights: Mapping[Any, Any]) -> list[Criterion]:
    """Set the weights as percentages that must add up to 100 (within 0.1 for rounding).

    ``weights`` maps each criterion id to its percentage; every criterion of the selection
    needs one. On any problem nothing changes and a ValidationError says what to fix.
    """
    criteria = criteria_of(selection)
    given = {str(key): value for key, value in weights.items()}
    values: list[Decimal] = []
    for criterion in criteria:
        raw = given.pop(str(criterion.pk), None)
        try:
            if isinstance(raw, str) and not is_plain_number(raw):
                raise ValueError(raw)
            value = Decimal(str(raw)).quantize(PERCENT)
        except (InvalidOperation, ValueError, TypeError):
            raise ValidationError(
                {str(criterion.pk): _("Enter a percentage from 0 to 100 for every criterion.")}
            ) from None
        if not Decimal(0) <= value <= Decimal(100):
            raise ValidationError({str(criterion.pk): _("A weight is a percentage from 0 to 100.")})
        values.append(value)
    if given:
        raise ValidationError(_("Some weights belong to criteria that are not part of this selection."))
    total = sum(values, Decimal(0))
    if abs(total - 100) > SUM_TOLERANCE:
        raise ValidationError(
            _("The weights add up to %(total)s%%, not 100%%. Change them so that they add up to 100%%.")
            % {"total": formatting.number(total, digits=2 if total != total.to_integral() else 0)}
        )
    if values:
        largest = max(range(len(values)), key=lambda i: values[i])
        values[largest] += Decimal(100) - total  # absorb the rounding
    before = {str(c.pk): str(c.weight) for c in criteria}
    for criterion, value in zip(criteria, values, strict=True):
        criterion.weight = value
    Criterion.objects.bulk_update(criteria, ["weight"])
    setup = scoring_setup_lock(selection=selection)
    method_before = setup.weighting_method
    if setup.weighting_method != WeightingMethod.DIRECT:
        setup.weighting_method = WeightingMethod.DIRECT
        setup.save(update_fields=["weighting_method"])
    audit_record(
        actor=actor, organisation=selection.organisation, action="weights.set", target=selection,
        changes={
            "method": [method_before, WeightingMethod.DIRECT.value],
            "weights": {str(c.pk): [before[str(c.pk)], str(c.weight)] for c in criteria},
        },
    )
    return criteria


@transaction.atomic
def weighting_method_set(*, actor: User, selection: Selection, method: str) -> Selection:
    """Switch between percentages and AHP; switching to AHP applies the aggregate at once
    (when at least one evaluator completed the pairwise form)."""
    if method not in WeightingMethod.values:
        raise ValidationError(_("Choose percentages or pairwise comparison."))
    setup = scoring_setup_lock(selection=selection)
    if setup.weighting_method != method:
        old = setup.weighting_method
        setup.weighting_method = method
        setup.save(update_fields=["weighting_method"])
        audit_record(
            actor=actor, organisation=selection.organisation, action="weights.method", target=selection,
            changes={"method": [old, method]},
        )
    if method == WeightingMethod.AHP:
        weights_apply_ahp(actor=actor, selection=selection)
    return selection


def _recompute_ahp_if_used(*, actor: User, selection: Selection) -> None:
    if scoring_setup_of(selection).weighting_method == WeightingMethod.AHP:
        weights_apply_ahp(actor=actor, selection=selection)


@transaction.atomic
def weights_apply_ahp(*, actor: User | None, selection: Selection) -> AhpSummary | None:
    """Write the AHP weights (geometric mean of every complete pairwise form, ``ahp_aggregate``,
    then the principal eigenvector, ``ahp_weights``) to ``Criterion.weight``.

    Returns the summary, or None while nobody has completed the form (weights stay as they are).
    """
    summary = ahp_summary(selection)
    if summary is None:
        return None
    criteria = summary.criteria
    before = {str(c.pk): str(c.weight) for c in criteria}
    for criterion, value in zip(criteria, _to_percentages(list(summary.result.weights)), strict=True):
        criterion.weight = value
    Criterion.objects.bulk_update(criteria, ["weight"])
    changed = {str(c.pk): [before[str(c.pk)], str(c.weight)] for c in criteria if before[str(c.pk)] != str(c.weight)}
    if changed:
        audit_record(
            actor=actor, organisation=selection.organisation, action="weights.ahp", target=selection,
            changes={"weights": changed, "forms": summary.forms, "cr": round(summary.result.cr, 4)},
        )
    return summary


@transaction.atomic
def judgements_set(*, actor: User, evaluator: Evaluator, judgements: Mapping[tuple[Any, Any], Any]) -> None:
    """Store an evaluator's own pairwise judgements (Saaty scale 1/9 .. 9).

    ``judgements`` maps ``(criterion_a_id, criterion_b_id)`` to how much more important a is
    than b. Only the evaluator themself may write them. With AHP weighting, the selection's
    weights are recomputed from all complete forms.
    """
    if evaluator.user_id != actor.pk:
        raise PermissionDenied(_("You can only write your own scores and judgements."))
    selection = evaluator.selection
    if scoring_setup_of(selection).closed:
        raise ValidationError(_("Scoring is closed. An owner can reopen it."))
    criteria = criteria_of(selection)
    position = {str(c.pk): i for i, c in enumerate(criteria)}
    by_id = {str(c.pk): c for c in criteria}
    cleaned: dict[tuple[str, str], Decimal] = {}
    for (first, second), raw in judgements.items():
        a, b = str(first), str(second)
        if a not in by_id or b not in by_id or a == b:
            raise ValidationError(_("A judgement compares two different criteria of this selection."))
        value = saaty_value(raw)
        # Store once per pair, row before column in the criteria order; the reciprocal is implied.
        if position[a] > position[b]:
            a, b, value = b, a, Decimal(1) / value
        cleaned[(a, b)] = value
    for (a, b), value in cleaned.items():
        PairwiseJudgement.objects.filter(evaluator=evaluator, row=by_id[b], column=by_id[a]).delete()
        PairwiseJudgement.objects.update_or_create(
            evaluator=evaluator, row=by_id[a], column=by_id[b], defaults={"value": stored_judgement(value)}
        )
    audit_record(
        actor=actor, organisation=selection.organisation, action="judgements.set", target=evaluator,
        changes={"pairs": len(cleaned)},
    )
    _recompute_ahp_if_used(actor=actor, selection=selection)


# --- Evaluators ---------------------------------------------------------------------------------


@transaction.atomic
def evaluator_add(*, actor: User, selection: Selection, user: User, score_by: date | None = None) -> Evaluator:
    """Give a member (role evaluator or owner) a seat to score this selection's candidates, by
    ``score_by`` if given. Not while scoring is closed: the scores are frozen, a new seat could
    never be filled."""
    if scoring_setup_of(selection).closed:
        raise ValidationError(_("Scoring is closed, so nobody can be added as an evaluator. "
                                "Reopen scoring first, then add the evaluator."))
    _check_score_by(score_by)
    role = member_role(user, selection.organisation_id)
    if role is None:
        raise ValidationError(_("Only members of your organisation can be evaluators."))
    if role not in SEAT_ROLES:
        raise ValidationError(
            _("%(name)s is a viewer. Give them the evaluator role on the members page first.")
            % {"name": user.display_name}
        )
    lock_parent(selection)  # the check below stays true until the seat is made
    if Evaluator.objects.filter(selection=selection, user=user).exists():
        raise ValidationError(_("%(name)s is already an evaluator of this selection.") % {"name": user.display_name})
    evaluator = Evaluator.objects.create(selection=selection, user=user, added_by=actor, score_by=score_by)
    changes: dict[str, Any] = {"email": user.email}
    if score_by is not None:
        changes["score_by"] = score_by.isoformat()
    audit_record(
        actor=actor, organisation=selection.organisation, action="evaluator.add", target=evaluator, changes=changes,
    )
    messages.seat_given(evaluator)
    return evaluator


def _check_score_by(score_by: date | None) -> None:
    if score_by is not None and score_by < timezone.localdate():
        raise ValidationError(
            {"score_by": _("The date to score by is in the past. Choose today or a later date.")}
        )


@transaction.atomic
def evaluator_deadline_set(*, actor: User, evaluator: Evaluator, score_by: date | None) -> Evaluator:
    """(Owners) set or clear the date by which ``evaluator`` should have scored and submitted."""
    if score_by == evaluator.score_by:
        return evaluator
    _check_score_by(score_by)
    previous = evaluator.score_by
    evaluator.score_by = score_by
    evaluator.save(update_fields=["score_by"])
    audit_record(
        actor=actor, organisation=evaluator.selection.organisation, action="evaluator.deadline", target=evaluator,
        changes={"email": evaluator.user.email, "score_by": [previous.isoformat() if previous else None,
                                                             score_by.isoformat() if score_by else None]},
    )
    return evaluator


@transaction.atomic
def evaluator_remove(*, actor: User, evaluator: Evaluator) -> None:
    """Take a seat away, with that evaluator's scores, judgements and scorecards."""
    selection = evaluator.selection
    audit_record(
        actor=actor, organisation=selection.organisation, action="evaluator.remove", target=evaluator,
        changes={"email": evaluator.user.email, "scores": evaluator.scores.count()},
    )
    evaluator.delete()
    _recompute_ahp_if_used(actor=actor, selection=selection)


@transaction.atomic
def evaluator_submit(*, actor: User, evaluator: Evaluator) -> Evaluator:
    """Submit one's own scores: they are locked, and the submitted scores of others show."""
    if evaluator.user_id != actor.pk:
        raise PermissionDenied(_("You can only submit your own scores."))
    if evaluator.submitted_at is None:
        evaluator.submitted_at = timezone.now()
        evaluator.save(update_fields=["submitted_at"])
        audit_record(
            actor=actor, organisation=evaluator.selection.organisation, action="evaluator.submit",
            target=evaluator, changes={"scores": evaluator.scores.count()},
        )
        messages.all_seats_submitted(evaluator.selection)
    return evaluator


@transaction.atomic
def evaluator_reopen(*, actor: User, evaluator: Evaluator) -> Evaluator:
    """(Owners) let an evaluator change their scores again; others' scores hide again for them."""
    if evaluator.submitted_at is not None:
        evaluator.submitted_at = None
        evaluator.save(update_fields=["submitted_at"])
        audit_record(
            actor=actor, organisation=evaluator.selection.organisation, action="evaluator.reopen", target=evaluator
        )
    return evaluator


@transaction.atomic
def scoring_close(*, actor: User, selection: Selection) -> Selection:
    """Close scoring: nobody changes scores any more and viewers see the results."""
    setup = scoring_setup_lock(selection=selection)
    if setup.closed_at is None:
        setup.closed_at = timezone.now()
        setup.save(update_fields=["closed_at"])
        audit_record(actor=actor, organisation=selection.organisation, action="scoring.close", target=selection)
    return selection


@transaction.atomic
def scoring_reopen(*, actor: User, selection: Selection) -> Selection:
    setup = scoring_setup_lock(selection=selection)
    if setup.closed_at is not None:
        setup.closed_at = None
        setup.save(update_fields=["closed_at"])
        audit_record(actor=actor, organisation=selection.organisation, action="scoring.reopen", target=selection)
    return selection


# --- Scores -------------------------------------------------------------------------------------


def _check_can_score(evaluator: Evaluator, actor: User) -> None:
    if evaluator.user_id != actor.pk:
        raise PermissionDenied(_("You can only write your own scores and judgements."))
    if scoring_setup_of(evaluator.selection).closed:
        raise ValidationError(_("Scoring is closed. An owner can reopen it."))
    if evaluator.submitted:
        raise ValidationError(_("You have submitted your scores. An owner can reopen them if you need to change one."))


@transaction.atomic
def score_set(
    *,
    actor: User,
    evaluator: Evaluator,
    candidate: Candidate,
    criterion: Criterion,
    value: Any,
    comment: str = "",
    evidence: str = "",
) -> Score:
    """Write the actor's own score (1–5 on the rubric) of a candidate on a criterion.

    Anyone but the seat's own user gets PermissionDenied; an out-of-scale value, a submitted
    seat, closed scoring or a candidate the seat has not declared on (conflict of interest, issue
    16) give a ValidationError; in each case nothing changes. Values are not
    written to the audit log: owners read the log, and values stay hidden until submission.
    """
    _check_can_score(evaluator, actor)
    _same_selection(candidate, criterion, selection_id=evaluator.selection_id)
    if declaration_of(evaluator, candidate) is None:
        # Issue 16: before scoring a firm, the evaluator declares any relationship with it.
        raise ValidationError(
            _("First declare whether you have a relationship with %(name)s; then you can score it.")
            % {"name": candidate.name}, code="undeclared",
        )
    number = _clean_scale(value)
    score, _created = Score.objects.update_or_create(
        evaluator=evaluator, candidate=candidate, criterion=criterion,
        defaults={"value": number, "comment": comment.strip(), "evidence": evidence.strip()},
    )
    return score


@transaction.atomic
def scores_set(
    *,
    actor: User,
    evaluator: Evaluator,
    candidate: Candidate,
    entries: Iterable[tuple[Criterion, Any, str, str]],
) -> list[Score]:
    """Write several of the actor's own scores of one candidate at once: each entry is
    ``(criterion, value, comment, evidence)``. All or nothing: one refused score keeps the others."""
    return [
        score_set(actor=actor, evaluator=evaluator, candidate=candidate, criterion=criterion, value=value,
                  comment=comment, evidence=evidence)
        for criterion, value, comment, evidence in entries
    ]


@transaction.atomic
def score_clear(*, actor: User, evaluator: Evaluator, candidate: Candidate, criterion: Criterion) -> None:
    _check_can_score(evaluator, actor)
    Score.objects.filter(evaluator=evaluator, candidate=candidate, criterion=criterion).delete()


# --- Scorecards -----------------------------------------------------------------------------------


@transaction.atomic
def scorecard_create(
    *,
    actor: User,
    evaluator: Evaluator,
    candidate: Candidate,
    kind: str,
    held_on: date,
    counterpart: str = "",
    notes: str = "",
    ratings: Mapping[Any, tuple[Any, str]] | None = None,
) -> Scorecard:
    """Record a reference call or workshop/PoC with ratings per criterion (1–5, optional).

    The ratings are shown beside the evaluator's scoring form of that candidate as input; they
    never become a score by themselves.
    """
    _check_can_score(evaluator, actor)
    _same_selection(candidate, selection_id=evaluator.selection_id)
    if kind not in ScorecardKind.values:
        raise ValidationError({"kind": _("Choose reference call or workshop / proof of concept.")})
    criteria = {str(c.pk): c for c in criteria_of(evaluator.selection)}
    cleaned: list[tuple[Criterion, int, str]] = []
    for criterion_id, (value, note) in (ratings or {}).items():
        if str(criterion_id) not in criteria:
            raise ValidationError(_("A rating belongs to a criterion that is not part of this selection."))
        cleaned.append((criteria[str(criterion_id)], _clean_scale(value, field=str(criterion_id)), note.strip()))
    scorecard = Scorecard.objects.create(
        evaluator=evaluator, candidate=candidate, kind=kind, held_on=held_on,
        counterpart=counterpart.strip(), notes=notes.strip(),
    )
    ScorecardRating.objects.bulk_create(
        ScorecardRating(scorecard=scorecard, criterion=criterion, value=value, note=note)
        for criterion, value, note in cleaned
    )
    audit_record(
        actor=actor, organisation=evaluator.selection.organisation, action="scorecard.create", target=scorecard,
        changes={"kind": kind, "candidate": str(candidate.pk), "ratings": len(cleaned)},
    )
    return scorecard


@transaction.atomic
def scorecard_delete(*, actor: User, scorecard: Scorecard) -> None:
    _check_can_score(scorecard.evaluator, actor)
    audit_record(
        actor=actor, organisation=scorecard.evaluator.selection.organisation, action="scorecard.delete",
        target=scorecard,
    )
    scorecard.delete()


# --- Knock-out checks -----------------------------------------------------------------------------


@transaction.atomic
def knockout_check_set(
    *, actor: User, candidate: Candidate, criterion: Criterion, passed: bool, reason: str
) -> KnockoutCheck:
    """(Owners) record whether a candidate meets a knock-out criterion, with the reason.

    A fail excludes the candidate from the ranking, showing the reason
    (:func:`~partnerwijzer.evaluation.scoring.selectors.knockout_exclusions`).
    """
    _same_selection(criterion, selection_id=candidate.selection_id)
    if not criterion.knockout:
        raise ValidationError(_("This criterion is not a knock-out criterion. Mark it as knock-out first."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, so the decision can be explained later.")})
    existing = KnockoutCheck.objects.filter(candidate=candidate, criterion=criterion).first()
    before = None if existing is None else {"passed": existing.passed, "reason": existing.reason}
    check, _created = KnockoutCheck.objects.update_or_create(
        candidate=candidate, criterion=criterion, defaults={"passed": passed, "reason": reason, "decided_by": actor}
    )
    audit_record(
        actor=actor, organisation=candidate.selection.organisation, action="knockout.set", target=check,
        changes={"before": before, "passed": passed, "reason": reason, "candidate": candidate.name},
    )
    return check


# --- Consensus ----------------------------------------------------------------------------------


@transaction.atomic
def consensus_set(
    *, actor: User, candidate: Candidate, criterion: Criterion, value: Any, justification: str
) -> ConsensusScore:
    """(Owners) settle the score of a cell after discussion; the justification is required.

    Only someone who may see the scores settles them (blind scoring: an owner who has not
    submitted their own seat, or has none while scoring is open, gets PermissionDenied).
    """
    _same_selection(criterion, selection_id=candidate.selection_id)
    _results_required(actor, candidate.selection)
    number = _clean_scale(value)
    justification = justification.strip()
    if not justification:
        raise ValidationError({"justification": _("Explain why the team settled on this score.")})
    existing = ConsensusScore.objects.filter(candidate=candidate, criterion=criterion).first()
    before = None if existing is None else {"value": existing.value, "justification": existing.justification}
    consensus, _created = ConsensusScore.objects.update_or_create(
        candidate=candidate, criterion=criterion,
        defaults={"value": number, "justification": justification, "set_by": actor},
    )
    audit_record(
        actor=actor, organisation=candidate.selection.organisation, action="consensus.set", target=consensus,
        changes={"before": before, "value": number, "justification": justification},
    )
    return consensus


def _results_required(actor: User, selection: Selection) -> None:
    if not results_visible_for_user(actor, selection):
        raise PermissionDenied(_("Settle scores once you may see them: submit your own scores or close scoring."))


@transaction.atomic
def consensus_clear(*, actor: User, candidate: Candidate, criterion: Criterion) -> None:
    _results_required(actor, candidate.selection)
    existing = ConsensusScore.objects.filter(candidate=candidate, criterion=criterion).first()
    if existing is not None:
        audit_record(
            actor=actor, organisation=candidate.selection.organisation, action="consensus.clear", target=existing,
            changes={"before": {"value": existing.value, "justification": existing.justification}},
        )
        existing.delete()
