"""Budget routes: the candidates' quotes of one use case, compared with the estimate and the guide."""

from django.urls import URLPattern, path

from partnerwijzer.budget.quotes import views

urlpatterns: list[URLPattern] = [
    path("budget/<uuid:use_case_id>/quotes/", views.quotes, name="quotes"),
    path("budget/<uuid:use_case_id>/quotes/<uuid:candidate_id>/", views.quote_edit, name="quote_edit"),
    path("budget/<uuid:use_case_id>/quotes/<uuid:candidate_id>/delete/", views.quote_delete, name="quote_delete"),
    path(
        "budget/<uuid:use_case_id>/quotes/selection/<uuid:selection_id>/price/", views.price_source,
        name="quote_price_source",
    ),
]
