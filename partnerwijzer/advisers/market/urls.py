"""Market figures' routes (namespace ``advisers``): consent on the client's Advisers page, the
adviser organisation's figures page and its recomputation."""

from django.urls import URLPattern, path

from partnerwijzer.advisers.market import views

urlpatterns: list[URLPattern] = [
    path("organisation/advisers/<uuid:grant_id>/market-consent/", views.consent_set, name="market_consent"),
    path("portfolio/market/", views.market, name="market"),
    path("portfolio/market/compute/", views.market_compute, name="market_compute"),
]
