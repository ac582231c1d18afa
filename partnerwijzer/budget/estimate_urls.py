"""Budget routes: the overview of all use cases and the cost estimate of one."""

from django.urls import URLPattern, path

from partnerwijzer.budget import estimate_views as views

urlpatterns: list[URLPattern] = [
    path("budget/", views.overview, name="overview"),
    path("budget/<uuid:use_case_id>/costs/", views.estimate, name="estimate"),
]
