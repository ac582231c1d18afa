"""Budget routes: benefits and return of one use case, with the two charts."""

from django.urls import URLPattern, path

from partnerwijzer.budget.returns import views

urlpatterns: list[URLPattern] = [
    path("budget/<uuid:use_case_id>/return/", views.roi, name="roi"),
    path("budget/<uuid:use_case_id>/return/settings/", views.roi_settings, name="roi_settings"),
    path("budget/<uuid:use_case_id>/return/benefits/new/", views.benefit_create, name="roi_benefit_create"),
    path("budget/<uuid:use_case_id>/return/benefits/<uuid:benefit_id>/", views.benefit_update,
         name="roi_benefit_update"),
    path("budget/<uuid:use_case_id>/return/benefits/<uuid:benefit_id>/delete/", views.benefit_delete,
         name="roi_benefit_delete"),
    path("budget/<uuid:use_case_id>/return/cash-flow.svg", views.roi_chart, name="roi_chart"),
    path("budget/<uuid:use_case_id>/return/payback.svg", views.payback_chart, name="payback_chart"),
]
