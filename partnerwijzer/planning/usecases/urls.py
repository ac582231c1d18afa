"""Plan core pages: company profile, use cases with KPIs, priorities and the AI plan summary."""

from django.urls import URLPattern, path

from partnerwijzer.planning.usecases import views

urlpatterns: list[URLPattern] = [
    path("plan/profile/", views.profile, name="profile"),
    path("plan/profile/edit/", views.profile_edit, name="profile_edit"),
    path("plan/use-cases/", views.usecase_list, name="usecase_list"),
    path("plan/use-cases/new/", views.usecase_create, name="usecase_create"),
    path("plan/use-cases/<uuid:use_case_id>/", views.usecase_detail, name="usecase_detail"),
    path("plan/use-cases/<uuid:use_case_id>/edit/", views.usecase_update, name="usecase_update"),
    path("plan/use-cases/<uuid:use_case_id>/delete/", views.usecase_delete, name="usecase_delete"),
    path("plan/use-cases/<uuid:use_case_id>/kpis/new/", views.kpi_create, name="kpi_create"),
    path("plan/use-cases/<uuid:use_case_id>/summary/", views.plan_summary, name="plan_summary"),
    path("plan/kpis/<uuid:kpi_id>/edit/", views.kpi_update, name="kpi_update"),
    path("plan/kpis/<uuid:kpi_id>/delete/", views.kpi_delete, name="kpi_delete"),
    path("plan/priorities/", views.priorities, name="priorities"),
    path("plan/priorities/matrix.svg", views.priority_chart, name="priority_chart"),
    path("plan/priorities/<uuid:use_case_id>/", views.priority_set, name="priority_set"),
    path("plan/priorities/<uuid:use_case_id>/lighthouse/", views.lighthouse_set, name="lighthouse_set"),
]
