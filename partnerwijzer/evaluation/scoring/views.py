"""Pages for criteria, knock-outs, weights (direct and AHP), evaluators, independent scoring,
scorecards and the consensus view of one selection.

Access is decided in :mod:`partnerwijzer.evaluation.access` (on top of the accounts helpers):
a view checks access, validates, calls a service and renders.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from partnerwijzer.accounts.access import OrgRequest, membership_required, not_found
from partnerwijzer.accounts.roles import Role
from partnerwijzer.evaluation.access import (
    SEAT_ROLES,
    evaluator_seat,
    results_denial,
    seat_of,
    selection_for,
)
from partnerwijzer.evaluation.conflicts.selectors import declaration_of, declared_candidate_ids
from partnerwijzer.evaluation.criteria_display import criteria_texts, criterion_text
from partnerwijzer.evaluation.lookups import criterion_in, scorecard_in, seat_in
from partnerwijzer.evaluation.models import Evaluator, WeightingMethod
from partnerwijzer.evaluation.providers import candidate_answers, criterion_evidence, evidence_search
from partnerwijzer.evaluation.scoring import services
from partnerwijzer.evaluation.scoring.forms import (
    ConsensusForm,
    CriterionForm,
    DirectWeightsForm,
    EvaluatorAddForm,
    EvaluatorDeadlineForm,
    KnockoutForm,
    MethodForm,
    PairwiseForm,
    ScoreCandidateForm,
    ScorecardForm,
)
from partnerwijzer.evaluation.scoring.selectors import (
    ahp_summary,
    consensus_cell,
    consensus_of,
    consensus_table,
    criteria_of,
    evaluator_progress,
    knockout_check_of,
    knockout_exclusions,
    knockout_failures,
    knockout_grid,
    next_candidate,
    others_beside_form,
    own_judgements,
    own_scores,
    own_scoring,
    price_warning,
    saaty_token,
    scorecard_ratings,
    scorecards_of,
    seat_candidates,
    submit_progress,
)
from partnerwijzer.evaluation.selectors import scoring_setup_of
from partnerwijzer.forms import apply_service_error
from partnerwijzer.sourcing.lookups import candidate_in
from partnerwijzer.sourcing.models import Candidate, Selection

View = Callable[..., HttpResponse]


def explain_forbidden(view: View) -> View:
    """Render a 403 that says why (no seat, submitted, wrong role) instead of a bare status."""

    @wraps(view)
    def wrapper(request: OrgRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as denied:
            message = str(denied) or _("Your role in this organisation does not allow this.")
            return render(request, "evaluation/score_forbidden.html", {"message": message}, status=403)

    return wrapper


def _context(request: OrgRequest, selection: Selection, active: str, **extra: Any) -> dict[str, Any]:
    seat = extra.pop("seat", None) if "seat" in extra else seat_of(request.user, selection)
    context: dict[str, Any] = {
        "selection": selection,
        "active_tab": active,
        "active_step": "selection",
        "is_owner": request.membership.is_owner,
        "seat": seat,
        "scoring": scoring_setup_of(selection),
        "selection_url": reverse("sourcing:selection_detail", kwargs={"selection_id": selection.pk}),
        "ranking_url": reverse("evaluation:ranking", kwargs={"selection_id": selection.pk}),
    }
    context.update(extra)
    return context


# --- Criteria -----------------------------------------------------------------------------------


def _criteria_page(request: OrgRequest, selection: Selection, *, form: CriterionForm | None = None,
                   status: int = 200) -> HttpResponse:
    context = _context(
        request, selection, "criteria",
        texts=criteria_texts(criteria_of(selection)),
        form=form or CriterionForm(),
        excluded=knockout_failures(selection),
    )
    return render(request, "evaluation/criteria.html", context, status=status)


@membership_required(Role.VIEWER)
def criteria(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    return _criteria_page(request, selection_for(request, selection_id))


@require_POST
@membership_required(Role.VIEWER)
def criterion_create(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id, role=Role.OWNER)
    form = CriterionForm(request.POST)
    if form.is_valid():
        try:
            criterion = services.criterion_create(actor=request.user, selection=selection, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Criterion %(name)s added. Give it a weight on the weights page.")
                             % {"name": criterion.custom_name})
            return redirect("evaluation:criteria", selection_id=selection.pk)
    return _criteria_page(request, selection, form=form, status=400)


@require_http_methods(["GET", "POST"])
@membership_required(Role.VIEWER)
def criterion_edit(request: OrgRequest, selection_id: UUID, criterion_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id, role=Role.OWNER)
    criterion = criterion_in(selection, criterion_id)
    initial = {"name": criterion.custom_name, "description": criterion.custom_description,
               "factor": criterion.factor, "knockout": criterion.knockout}
    form = CriterionForm(request.POST or None, initial=initial, criterion=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_update(actor=request.user, criterion=criterion, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Criterion saved."))
            return redirect("evaluation:criteria", selection_id=selection.pk)
    context = _context(request, selection, "criteria", form=form, text=criterion_text(criterion))
    return render(request, "evaluation/criteria_edit.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@membership_required(Role.VIEWER)
def criterion_delete(request: OrgRequest, selection_id: UUID, criterion_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id, role=Role.OWNER)
    criterion = criterion_in(selection, criterion_id)
    text = criterion_text(criterion)
    if request.method == "POST":
        services.criterion_delete(actor=request.user, criterion=criterion)
        messages.success(request, _("Criterion %(name)s removed; the other weights were scaled to 100%%.")
                         % {"name": text.name})
        return redirect("evaluation:criteria", selection_id=selection.pk)
    scores = criterion.scores.count()
    return render(request, "evaluation/criteria_delete.html",
                  _context(request, selection, "criteria", text=text, scores=scores))


@require_POST
@membership_required(Role.VIEWER)
def criterion_move(request: OrgRequest, selection_id: UUID, criterion_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id, role=Role.OWNER)
    criterion = criterion_in(selection, criterion_id)
    try:
        services.criterion_move(actor=request.user, criterion=criterion, direction=request.POST.get("direction", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("evaluation:criteria", kwargs={"selection_id": selection.pk}) + f"#c-{criterion.pk}")


# --- Knock-out checks -----------------------------------------------------------------------------


@membership_required(Role.VIEWER)
def knockouts(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id)
    grid = knockout_grid(selection)
    context = _context(request, selection, "knockouts", texts=grid.texts, rows=grid.rows, exclusions=grid.exclusions)
    return render(request, "evaluation/criteria_knockouts.html", context)


@require_http_methods(["GET", "POST"])
@membership_required(Role.VIEWER)
def knockout_set(request: OrgRequest, selection_id: UUID, candidate_id: UUID, criterion_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id, role=Role.OWNER)
    candidate = candidate_in(selection, candidate_id)
    criterion = criterion_in(selection, criterion_id)
    existing = knockout_check_of(candidate, criterion)
    initial = {"passed": "1" if existing.passed else "0", "reason": existing.reason} if existing else {}
    form = KnockoutForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.knockout_check_set(actor=request.user, candidate=candidate, criterion=criterion,
                                        **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Knock-out check for %(name)s saved.") % {"name": candidate.name})
            return redirect("evaluation:knockouts", selection_id=selection.pk)
    context = _context(request, selection, "knockouts", form=form, candidate=candidate,
                       text=criterion_text(criterion))
    return render(request, "evaluation/criteria_knockout_form.html", context, status=400 if form.errors else 200)


# --- Weights ------------------------------------------------------------------------------------


def _weights_page(request: OrgRequest, selection: Selection, *, form: DirectWeightsForm | None = None,
                  status: int = 200) -> HttpResponse:
    criteria = criteria_of(selection)
    texts = criteria_texts(criteria)
    summary = ahp_summary(selection)
    total = sum((c.weight for c in criteria), Decimal(0))
    method = scoring_setup_of(selection).weighting_method
    context = _context(
        request, selection, "weights",
        texts=texts,
        form=form or DirectWeightsForm(texts=texts),
        method=method,
        is_ahp=method == WeightingMethod.AHP,
        summary=summary,
        price=price_warning(criteria),
        total=total,
        method_form=MethodForm(initial={"method": method}),
    )
    return render(request, "evaluation/weights.html", context, status=status)


@require_http_methods(["GET", "POST"])
@membership_required(Role.VIEWER)
def weights(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    if request.method == "GET":
        return _weights_page(request, selection_for(request, selection_id))
    selection = selection_for(request, selection_id, role=Role.OWNER)
    form = DirectWeightsForm(request.POST, texts=criteria_texts(criteria_of(selection)))
    if form.is_valid():
        try:
            services.weights_set_direct(actor=request.user, selection=selection, weights=form.weights())
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Weights saved."))
            return redirect("evaluation:weights", selection_id=selection.pk)
    return _weights_page(request, selection, form=form, status=400)


@require_POST
@membership_required(Role.VIEWER)
def weights_method(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id, role=Role.OWNER)
    form = MethodForm(request.POST)
    if form.is_valid():
        services.weighting_method_set(actor=request.user, selection=selection, method=form.cleaned_data["method"])
        if form.cleaned_data["method"] == WeightingMethod.AHP and ahp_summary(selection) is None:
            messages.warning(request, _("Weights follow the pairwise comparison as soon as one evaluator has "
                                        "completed the form. Until then the current weights stay."))
        else:
            messages.success(request, _("Weighting method changed."))
    return redirect("evaluation:weights", selection_id=selection.pk)


@require_http_methods(["GET", "POST"])
@membership_required(Role.VIEWER)
@explain_forbidden
def pairwise(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id, role=Role.EVALUATOR)
    seat = evaluator_seat(request, selection)
    texts = criteria_texts(criteria_of(selection))
    current = {pair: saaty_token(value) for pair, value in own_judgements(seat).items()}
    form = PairwiseForm(request.POST or None, texts=texts, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.judgements_set(actor=request.user, evaluator=seat, judgements=form.judgements())
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            own = ahp_summary(selection, evaluator=seat)
            if own is not None and not own.is_consistent:
                messages.warning(request, _("Saved. Your judgements contradict each other somewhat; "
                                            "see the pairs to revisit below."))
            else:
                messages.success(request, _("Your pairwise comparison is saved."))
            return redirect("evaluation:pairwise", selection_id=selection.pk)
    context = _context(
        request, selection, "weights", seat=seat, form=form, texts=texts,
        own=ahp_summary(selection, evaluator=seat), answered=bool(current),
    )
    return render(request, "evaluation/ahp.html", context, status=400 if form.errors else 200)


# --- Evaluators ---------------------------------------------------------------------------------


def _evaluators_page(request: OrgRequest, selection: Selection, *, form: EvaluatorAddForm | None = None,
                     deadline: tuple[Evaluator, EvaluatorDeadlineForm] | None = None,
                     status: int = 200) -> HttpResponse:
    context = _context(
        request, selection, "evaluators",
        progress=evaluator_progress(selection),
        form=form or EvaluatorAddForm(candidates=seat_candidates(selection)),
        # The seat whose date to score by was refused, with the form that says why.
        deadline_seat=deadline[0].pk if deadline else None, deadline_form=deadline[1] if deadline else None,
    )
    return render(request, "evaluation/evaluators.html", context, status=status)


@membership_required(Role.VIEWER)
def evaluators(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    return _evaluators_page(request, selection_for(request, selection_id))


@require_POST
@membership_required(Role.VIEWER)
def evaluator_add(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id, role=Role.OWNER)
    form = EvaluatorAddForm(request.POST, candidates=seat_candidates(selection))
    if form.is_valid():
        try:
            seat = services.evaluator_add(actor=request.user, selection=selection, user=form.cleaned_data["user"],
                                          score_by=form.cleaned_data["score_by"])
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            if seat.user_id == request.user.pk:
                messages.success(request, _("You are now an evaluator of this selection. Score every candidate, "
                                            "then submit."))
                return redirect("evaluation:scoring", selection_id=selection.pk)
            messages.success(request, _("%(name)s can now score the candidates.") % {"name": seat.user.display_name})
            return redirect("evaluation:evaluators", selection_id=selection.pk)
    return _evaluators_page(request, selection, form=form, status=400)


@require_http_methods(["GET", "POST"])
@membership_required(Role.VIEWER)
def evaluator_remove(request: OrgRequest, selection_id: UUID, evaluator_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id, role=Role.OWNER)
    seat = seat_in(selection, evaluator_id)
    if request.method == "POST":
        services.evaluator_remove(actor=request.user, evaluator=seat)
        messages.success(request, _("%(name)s is no longer an evaluator of this selection.")
                         % {"name": seat.user.display_name})
        return redirect("evaluation:evaluators", selection_id=selection.pk)
    context = _context(request, selection, "evaluators", target=seat, scores=seat.scores.count())
    return render(request, "evaluation/evaluators_remove.html", context)


@require_POST
@membership_required(Role.VIEWER)
def evaluator_reopen(request: OrgRequest, selection_id: UUID, evaluator_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id, role=Role.OWNER)
    seat = seat_in(selection, evaluator_id)
    services.evaluator_reopen(actor=request.user, evaluator=seat)
    messages.success(request, _("%(name)s can change their scores again.") % {"name": seat.user.display_name})
    return redirect("evaluation:evaluators", selection_id=selection.pk)


@require_POST
@membership_required(Role.VIEWER)
def evaluator_deadline(request: OrgRequest, selection_id: UUID, evaluator_id: UUID) -> HttpResponse:
    """(Owners) set or clear the date by which one evaluator should have scored."""
    selection = selection_for(request, selection_id, role=Role.OWNER)
    seat = seat_in(selection, evaluator_id)
    form = EvaluatorDeadlineForm(request.POST, prefix=str(seat.pk))
    if form.is_valid():
        try:
            services.evaluator_deadline_set(actor=request.user, evaluator=seat, score_by=form.cleaned_data["score_by"])
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The date to score by of %(name)s is saved.")
                             % {"name": seat.user.display_name})
            return redirect("evaluation:evaluators", selection_id=selection.pk)
    return _evaluators_page(request, selection, deadline=(seat, form), status=400)


@require_POST
@membership_required(Role.VIEWER)
def scoring_close(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id, role=Role.OWNER)
    services.scoring_close(actor=request.user, selection=selection)
    messages.success(request, _("Scoring is closed. Scores are frozen and every member sees the results."))
    return redirect("evaluation:evaluators", selection_id=selection.pk)


@require_POST
@membership_required(Role.VIEWER)
def scoring_reopen(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id, role=Role.OWNER)
    services.scoring_reopen(actor=request.user, selection=selection)
    messages.success(request, _("Scoring is open again."))
    return redirect("evaluation:evaluators", selection_id=selection.pk)


# --- Scoring --------------------------------------------------------------------------------------


@membership_required(Role.VIEWER)
@explain_forbidden
def scoring(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    """The evaluator's own overview: candidates x criteria with their scores, and submit.

    A member who may hold a seat but has none (typically the owner who created the selection)
    gets a page that says so and, for owners, a button to score themself, not a 403.
    """
    selection = selection_for(request, selection_id, role=Role.EVALUATOR)
    seat = seat_of(request.user, selection)
    if seat is None:
        if request.membership.role in SEAT_ROLES:
            return render(request, "evaluation/score_no_seat.html", _context(request, selection, "scoring", seat=None))
        seat = evaluator_seat(request, selection)  # raises the 403 that explains
    own = own_scoring(selection, seat)
    declared = declared_candidate_ids(seat)
    context = _context(
        request, selection, "scoring", seat=seat, texts=own.texts, rows=own.rows, filled=own.filled, total=own.total,
        undeclared=[c.pk for c, _cells in own.rows if c.pk not in declared],
        conflicted=[pk for pk, d in declared.items() if d.is_conflict],
        locked=seat.submitted or scoring_setup_of(selection).closed,
    )
    return render(request, "evaluation/score_overview.html", context)


def _score_rows(
    request: OrgRequest, selection: Selection, seat: Evaluator, candidate: Candidate, form: ScoreCandidateForm
) -> list[dict[str, Any]]:
    ratings = scorecard_ratings(seat, candidate)
    others = others_beside_form(request.membership, selection, seat, candidate)
    rows = []
    for t in form.texts:
        cell = form.cell(t)
        scale = [(radio, t.rubric.get(int(radio.data["value"]))) for radio in cell["value"]]
        rows.append({"text": t, "f": cell, "scale": scale, "ratings": ratings.get(t.criterion.pk, []),
                     "others": others.get(t.criterion.pk, [])})
    return rows


def _evidence(rows: list[dict[str, Any]], candidate: Candidate, selection: Selection, *,
              only: str | None) -> Any:
    """The passages of the firm's answers and documents beside each criterion (evidence app,
    registered in evaluation/providers.py), queried in the organisation's language; for an HTMX
    save of one criterion only that criterion's."""
    chosen = [row for row in rows if only is None or str(row["text"].criterion.pk) == only]
    panel = criterion_evidence(candidate, [row["text"].criterion for row in chosen], selection.organisation.language)
    for row in chosen:
        row["evidence"] = panel.by_criterion.get(row["text"].criterion.pk, []) if panel and panel.indexed else None
    return panel


@require_http_methods(["GET", "POST"])
@membership_required(Role.VIEWER)
@explain_forbidden
def score_candidate(request: OrgRequest, selection_id: UUID, candidate_id: UUID) -> HttpResponse:
    """One candidate, every criterion: rubric, radio buttons 1–5, comment and evidence."""
    selection = selection_for(request, selection_id, role=Role.EVALUATOR)
    candidate = candidate_in(selection, candidate_id)
    seat = evaluator_seat(request, selection)
    texts = criteria_texts(criteria_of(selection))
    mine = {cid: s for (cand, cid), s in own_scores(seat).items() if cand == candidate.pk}
    locked = seat.submitted or scoring_setup_of(selection).closed
    declaration = declaration_of(seat, candidate)
    if declaration is None and not locked:
        # Issue 16: the score form comes after the declaration of any relationship with the firm.
        return redirect("evaluation:conflict_declare", selection_id=selection.pk, candidate_id=candidate.pk)
    form = ScoreCandidateForm(request.POST or None, texts=texts, initial_scores=mine)
    if locked:
        for field in form.fields.values():
            field.disabled = True
    only = request.POST.get("criterion") if request.htmx else None  # type: ignore[attr-defined]
    if request.method == "POST" and not locked and form.is_valid():
        try:
            services.scores_set(
                actor=request.user, evaluator=seat, candidate=candidate, entries=form.entries(only=only)
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            if only is None:
                messages.success(request, _("Scores for %(name)s saved.") % {"name": candidate.name})
                following = next_candidate(selection, candidate) if "next" in request.POST else None
                target = following or candidate
                return redirect("evaluation:score_candidate", selection_id=selection.pk, candidate_id=target.pk)
    elif request.method == "POST" and locked:
        form.add_error(None, _("Your scores are locked: you submitted them or scoring is closed."))
    rows = _score_rows(request, selection, seat, candidate, form)
    one_cell = request.htmx and only is not None  # type: ignore[attr-defined]
    evidence = _evidence(rows, candidate, selection, only=only if one_cell else None)
    query = request.GET.get("q") if request.method == "GET" else None
    context = _context(
        request, selection, "scoring", seat=seat, form=form, rows=rows, candidate=candidate, locked=locked,
        next_candidate=next_candidate(selection, candidate), declaration=declaration,
        portal_answers=candidate_answers(candidate) if not one_cell else [],
        evidence=evidence,
        found=evidence_search(candidate, query, selection.organisation.language) if query is not None else None,
    )
    status = 400 if form.errors else 200
    if request.htmx and only is not None:  # type: ignore[attr-defined]
        row = next((r for r in rows if str(r["text"].criterion.pk) == only), None)
        if row is None:
            raise not_found()
        saved = not form.errors
        return render(request, "evaluation/score_candidate.html#cell",
                      {**context, "row": row, "just_saved": saved}, status=status)
    return render(request, "evaluation/score_candidate.html", context, status=status)


@require_http_methods(["GET", "POST"])
@membership_required(Role.VIEWER)
@explain_forbidden
def score_submit(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id, role=Role.EVALUATOR)
    seat = evaluator_seat(request, selection)
    if request.method == "POST":
        services.evaluator_submit(actor=request.user, evaluator=seat)
        messages.success(request, _("Your scores are submitted. You now see the scores of the others who submitted."))
        return redirect("evaluation:consensus", selection_id=selection.pk)
    filled, total = submit_progress(selection, seat)
    context = _context(request, selection, "scoring", seat=seat, filled=filled, total=total)
    return render(request, "evaluation/score_submit.html", context)


# --- Scorecards -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@membership_required(Role.VIEWER)
@explain_forbidden
def scorecard_create(request: OrgRequest, selection_id: UUID, candidate_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id, role=Role.EVALUATOR)
    candidate = candidate_in(selection, candidate_id)
    seat = evaluator_seat(request, selection)
    form = ScorecardForm(request.POST or None, texts=criteria_texts(criteria_of(selection)))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.scorecard_create(
                actor=request.user, evaluator=seat, candidate=candidate, kind=data["kind"], held_on=data["held_on"],
                counterpart=data["counterpart"], notes=data["notes"], ratings=form.ratings(),
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Scorecard saved. Its ratings show beside your scoring form."))
            return redirect("evaluation:score_candidate", selection_id=selection.pk, candidate_id=candidate.pk)
    scorecards = scorecards_of(seat, candidate)
    context = _context(request, selection, "scoring", seat=seat, form=form, candidate=candidate,
                       scorecards=scorecards)
    return render(request, "evaluation/scorecard_form.html", context, status=400 if form.errors else 200)


@require_POST
@membership_required(Role.VIEWER)
@explain_forbidden
def scorecard_delete(request: OrgRequest, selection_id: UUID, scorecard_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id, role=Role.EVALUATOR)
    seat = evaluator_seat(request, selection)
    scorecard = scorecard_in(selection, scorecard_id)
    if scorecard.evaluator_id != seat.pk:
        raise PermissionDenied(_("You can only change your own scorecards."))
    try:
        services.scorecard_delete(actor=request.user, scorecard=scorecard)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("evaluation:score_candidate", selection_id=selection.pk, candidate_id=scorecard.candidate_id)


# --- Consensus ------------------------------------------------------------------------------------


@membership_required(Role.VIEWER)
def consensus(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id)
    seat = seat_of(request.user, selection)
    denial = results_denial(request.membership, selection, seat)
    visible = denial is None
    context = _context(request, selection, "consensus", seat=seat, visible=visible, denial=denial,
                       table=consensus_table(selection) if visible else None,
                       exclusions=knockout_exclusions(selection) if visible else {})
    return render(request, "evaluation/consensus.html", context)


@require_http_methods(["GET", "POST"])
@membership_required(Role.VIEWER)
@explain_forbidden
def consensus_set(request: OrgRequest, selection_id: UUID, candidate_id: UUID, criterion_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id, role=Role.OWNER)
    denial = results_denial(request.membership, selection, seat_of(request.user, selection))
    if denial is not None:
        raise PermissionDenied(denial)
    candidate = candidate_in(selection, candidate_id)
    criterion = criterion_in(selection, criterion_id)
    existing = consensus_of(candidate, criterion)
    initial = {"value": str(existing.value), "justification": existing.justification} if existing else {}
    form = ConsensusForm(request.POST or None, initial=initial)
    if request.method == "POST" and "clear" in request.POST:
        services.consensus_clear(actor=request.user, candidate=candidate, criterion=criterion)
        messages.success(request, _("Consensus score removed; the average counts again."))
        return redirect("evaluation:consensus", selection_id=selection.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.consensus_set(actor=request.user, candidate=candidate, criterion=criterion, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Consensus score saved."))
            return redirect(reverse("evaluation:consensus", kwargs={"selection_id": selection.pk})
                            + f"#cand-{candidate.pk}")
    cell = consensus_cell(selection, candidate, criterion)
    context = _context(request, selection, "consensus", form=form, candidate=candidate,
                       text=criterion_text(criterion), cell=cell, existing=existing)
    return render(request, "evaluation/consensus_form.html", context, status=400 if form.errors else 200)
