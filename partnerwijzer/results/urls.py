"""Routes of the results step: the portfolio, starting a project, the results page and its
charts, measurements, actual costs, phases and gates."""

from django.urls import URLPattern, path

from partnerwijzer.results import views

app_name = "results"

urlpatterns: list[URLPattern] = [
    path("results/", views.portfolio, name="portfolio"),
    path("use-cases/<uuid:use_case_id>/project/start/", views.project_start, name="project_start"),
    path("projects/<uuid:project_id>/", views.project, name="project"),
    path("projects/<uuid:project_id>/kpis/<uuid:kpi_id>/chart.svg", views.kpi_chart, name="kpi_chart"),
    path("projects/<uuid:project_id>/kpis/<uuid:kpi_id>/measurements/", views.kpi_measurements,
         name="kpi_measurements"),
    path("projects/<uuid:project_id>/kpis/<uuid:kpi_id>/plan/", views.kpi_plan, name="kpi_plan"),
    path("projects/<uuid:project_id>/burn.svg", views.burn_chart, name="burn_chart"),
    path("projects/<uuid:project_id>/measurements/new/", views.measurement_create, name="measurement_create"),
    path("projects/<uuid:project_id>/measurements/upload/", views.measurement_upload, name="measurement_upload"),
    path("measurements/<uuid:measurement_id>/", views.measurement_update, name="measurement_update"),
    path("projects/<uuid:project_id>/costs/", views.costs, name="costs"),
    path("projects/<uuid:project_id>/costs/new/", views.cost_create, name="cost_create"),
    path("projects/<uuid:project_id>/costs/upload/", views.cost_upload, name="cost_upload"),
    path("actual-costs/<uuid:cost_id>/delete/", views.cost_delete, name="cost_delete"),
    path("projects/<uuid:project_id>/partner/", views.partner, name="partner"),
    path("projects/<uuid:project_id>/gates/", views.gates, name="gates"),
    path("gates/<uuid:gate_id>/", views.gate_update, name="gate_update"),
    path("gates/<uuid:gate_id>/decide/", views.gate_decide, name="gate_decide"),
    path("phases/<uuid:phase_id>/", views.phase_update, name="phase_update"),
]
