"""Budget routes: the overview of all use cases and the cost estimate of one (namespace ``budget``)."""

from django.urls import URLPattern, path

from partnerwijzer.budget.estimate import views

C = "budget/<uuid:use_case_id>/costs/"

urlpatterns: list[URLPattern] = [
    path("budget/", views.overview, name="overview"),
    path(C, views.estimate, name="estimate"),
    path(C + "start/", views.estimate_start, name="estimate_start"),
    path(C + "buffer/", views.buffer_set, name="estimate_buffer"),
    path(C + "chart.svg", views.cost_chart, name="cost_chart"),
    path(C + "lines/add/", views.line_create, name="cost_line_create"),
    path(C + "lines/<uuid:line_id>/", views.line_update, name="cost_line_update"),
    path(C + "lines/<uuid:line_id>/delete/", views.line_delete, name="cost_line_delete"),
    path(C + "effort/add/", views.role_create, name="effort_role_create"),
    path(C + "effort/<uuid:role_id>/", views.role_update, name="effort_role_update"),
    path(C + "effort/<uuid:role_id>/delete/", views.role_delete, name="effort_role_delete"),
    path(C + "hidden/<slug:key>/", views.hidden_cost_set, name="hidden_cost_set"),
]
