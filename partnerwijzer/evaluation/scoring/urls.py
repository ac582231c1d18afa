"""Routes of the scoring side of a selection (criteria, weights, evaluators, scores, consensus)."""

from django.urls import URLPattern, path

from partnerwijzer.evaluation.scoring import views as v

S = "selections/<uuid:selection_id>/"

urlpatterns: list[URLPattern] = [
    path(S + "criteria/", v.criteria, name="criteria"),
    path(S + "criteria/add/", v.criterion_create, name="criterion_create"),
    path(S + "criteria/<uuid:criterion_id>/edit/", v.criterion_edit, name="criterion_edit"),
    path(S + "criteria/<uuid:criterion_id>/delete/", v.criterion_delete, name="criterion_delete"),
    path(S + "criteria/<uuid:criterion_id>/move/", v.criterion_move, name="criterion_move"),
    path(S + "knockouts/", v.knockouts, name="knockouts"),
    path(S + "knockouts/<uuid:candidate_id>/<uuid:criterion_id>/", v.knockout_set, name="knockout_set"),
    path(S + "weights/", v.weights, name="weights"),
    path(S + "weights/method/", v.weights_method, name="weights_method"),
    path(S + "weights/pairwise/", v.pairwise, name="pairwise"),
    path(S + "evaluators/", v.evaluators, name="evaluators"),
    path(S + "evaluators/add/", v.evaluator_add, name="evaluator_add"),
    path(S + "evaluators/<uuid:evaluator_id>/remove/", v.evaluator_remove, name="evaluator_remove"),
    path(S + "evaluators/<uuid:evaluator_id>/reopen/", v.evaluator_reopen, name="evaluator_reopen"),
    path(S + "evaluators/<uuid:evaluator_id>/deadline/", v.evaluator_deadline, name="evaluator_deadline"),
    path(S + "scoring/", v.scoring, name="scoring"),
    path(S + "scoring/submit/", v.score_submit, name="score_submit"),
    path(S + "scoring/close/", v.scoring_close, name="scoring_close"),
    path(S + "scoring/reopen/", v.scoring_reopen, name="scoring_reopen"),
    path(S + "candidates/<uuid:candidate_id>/score/", v.score_candidate, name="score_candidate"),
    path(S + "candidates/<uuid:candidate_id>/scorecards/add/", v.scorecard_create, name="scorecard_create"),
    path(S + "scorecards/<uuid:scorecard_id>/delete/", v.scorecard_delete, name="scorecard_delete"),
    path(S + "consensus/", v.consensus, name="consensus"),
    path(S + "consensus/<uuid:candidate_id>/<uuid:criterion_id>/", v.consensus_set, name="consensus_set"),
]
