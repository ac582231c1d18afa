"""Scoring (criteria, weights, evaluators, scores, consensus) and ranking routes of a selection."""

from partnerwijzer.evaluation import ranking_urls, scoring_urls

app_name = "evaluation"

urlpatterns = scoring_urls.urlpatterns + ranking_urls.urlpatterns
