"""Scoring (criteria, weights, evaluators, scores, consensus) and ranking routes of a selection."""

from partnerwijzer.evaluation.conflicts import urls as conflicts_urls
from partnerwijzer.evaluation.ranking import urls as ranking_urls
from partnerwijzer.evaluation.scoring import urls as scoring_urls

app_name = "evaluation"

urlpatterns = scoring_urls.urlpatterns + conflicts_urls.urlpatterns + ranking_urls.urlpatterns
