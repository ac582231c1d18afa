"""Pages of selections and their candidates."""

from django.urls import URLPattern, path

from partnerwijzer.sourcing import views

app_name = "sourcing"

urlpatterns: list[URLPattern] = [
    path("selections/", views.selection_list, name="selection_list"),
    path("selections/new/", views.selection_create, name="selection_create"),
    path("selections/<uuid:selection_id>/", views.selection_detail, name="selection_detail"),
    path("selections/<uuid:selection_id>/edit/", views.selection_update, name="selection_update"),
    path("selections/<uuid:selection_id>/delete/", views.selection_delete, name="selection_delete"),
    path("selections/<uuid:selection_id>/candidates/new/", views.candidate_create, name="candidate_create"),
    path("selections/<uuid:selection_id>/candidates/import/", views.candidate_import, name="candidate_import"),
    path("candidates/<uuid:candidate_id>/", views.candidate_detail, name="candidate_detail"),
    path("candidates/<uuid:candidate_id>/edit/", views.candidate_update, name="candidate_update"),
    path("candidates/<uuid:candidate_id>/delete/", views.candidate_delete, name="candidate_delete"),
    path("candidates/<uuid:candidate_id>/stage/", views.candidate_stage, name="candidate_stage"),
    path("candidates/<uuid:candidate_id>/reject/", views.candidate_reject, name="candidate_reject"),
    path("candidates/<uuid:candidate_id>/reinstate/", views.candidate_reinstate, name="candidate_reinstate"),
    path("candidates/<uuid:candidate_id>/red-flags/", views.candidate_red_flags, name="candidate_red_flags"),
]
