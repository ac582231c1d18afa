"""Routes of conflicts of interest: the declaration before scoring a candidate, the owner's list and decision."""

from django.urls import URLPattern, path

from partnerwijzer.evaluation.conflicts import views as v

S = "selections/<uuid:selection_id>/"

urlpatterns: list[URLPattern] = [
    path(S + "candidates/<uuid:candidate_id>/declare/", v.conflict_declare, name="conflict_declare"),
    path(S + "conflicts/", v.conflicts, name="conflicts"),
    path(S + "conflicts/<uuid:declaration_id>/decide/", v.conflict_decide, name="conflict_decide"),
    path(S + "conflicts/<uuid:declaration_id>/reopen/", v.conflict_reopen, name="conflict_reopen"),
]
