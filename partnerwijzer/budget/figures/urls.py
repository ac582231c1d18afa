"""Budget routes: the guide's figures with the organisation's own values."""

from django.urls import URLPattern, path

from partnerwijzer.budget.figures import views

urlpatterns: list[URLPattern] = [
    path("budget/figures/", views.figures, name="figures"),
    path("budget/figures/<str:key>/", views.figure_set, name="figure_set"),
    path("budget/figures/<str:key>/reset/", views.figure_reset, name="figure_reset"),
]
