"""Budget routes: the funding page of a use case, its stored kind of project and an owner's
applications to programmes."""

from django.urls import URLPattern, path

from partnerwijzer.budget.funding import views

urlpatterns: list[URLPattern] = [
    path("budget/<uuid:use_case_id>/funding/", views.funding, name="funding"),
    # Before the programme routes: "project-type" is not a programme key.
    path(
        "budget/<uuid:use_case_id>/funding/project-type/", views.funding_project_type,
        name="funding_project_type",
    ),
    path("budget/<uuid:use_case_id>/funding/<slug:programme>/", views.funding_save, name="funding_save"),
    path("budget/<uuid:use_case_id>/funding/<slug:programme>/delete/", views.funding_delete, name="funding_delete"),
]
