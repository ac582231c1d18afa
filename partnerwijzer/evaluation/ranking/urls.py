"""Ranking routes of a selection: the page and its SVG charts (served as images, see charts.py)."""

from django.urls import URLPattern, path

from partnerwijzer.evaluation.ranking import views as ranking_views

urlpatterns: list[URLPattern] = [
    path("selections/<uuid:selection_id>/ranking/", ranking_views.ranking, name="ranking"),
    path(
        "selections/<uuid:selection_id>/ranking/acceptability.svg",
        ranking_views.acceptability_chart,
        name="ranking_acceptability",
    ),
    path("selections/<uuid:selection_id>/ranking/tornado.svg", ranking_views.tornado_chart, name="ranking_tornado"),
    path(
        "selections/<uuid:selection_id>/ranking/radar/<uuid:candidate_id>.svg",
        ranking_views.radar_chart,
        name="ranking_radar",
    ),
]
