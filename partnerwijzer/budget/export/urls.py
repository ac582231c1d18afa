"""Budget routes: the XLSX export of one use case's budget."""

from django.urls import URLPattern, path

from partnerwijzer.budget.export import views

urlpatterns: list[URLPattern] = [
    path("budget/<uuid:use_case_id>/export.xlsx", views.export_xlsx, name="export_xlsx"),
]
