"""Mounts every app's API router on the one API, as ``urls.py`` includes every app's URLs.

This module and ``urls.py`` are the two that know every app (docs/architecture.md). The API
itself, its error handling and the account and reference endpoints live in the ``api`` app
(``partnerwijzer/api/api.py``), which imports no feature app; each app owns its endpoints in its
own ``api.py``. ``urls.py`` imports this module before it includes the API's URLs.
"""

from __future__ import annotations

from partnerwijzer.advisers.api import router as advisers_router
from partnerwijzer.advisers.directory_api import router as directory_router
from partnerwijzer.api.api import api
from partnerwijzer.budget.estimate.api import router as budget_estimate_router
from partnerwijzer.budget.export.api import router as budget_export_router
from partnerwijzer.budget.figures.api import router as budget_figures_router
from partnerwijzer.budget.funding.api import router as budget_funding_router
from partnerwijzer.budget.quotes.api import router as budget_quote_router
from partnerwijzer.budget.returns.api import router as budget_roi_router
from partnerwijzer.contract.api import router as contract_router
from partnerwijzer.documents.api import router as documents_router
from partnerwijzer.evaluation.conflicts.api import router as conflicts_router
from partnerwijzer.evaluation.ranking.api import router as ranking_router
from partnerwijzer.evaluation.scoring.api import router as evaluation_router
from partnerwijzer.evidence.api import router as evidence_router
from partnerwijzer.letters.api import router as letters_router
from partnerwijzer.outbox.api import router as outbox_router
from partnerwijzer.planning.compliance.api import router as compliance_router
from partnerwijzer.planning.readiness.api import router as readiness_router
from partnerwijzer.planning.usecases.api import router as planning_router
from partnerwijzer.portal.api import router as portal_router
from partnerwijzer.questionnaires.api import router as questionnaires_router
from partnerwijzer.results.api import router as results_router
from partnerwijzer.sourcing.api import router as sourcing_router

for _router in (planning_router, readiness_router, compliance_router, sourcing_router, evaluation_router,
                conflicts_router, ranking_router, budget_estimate_router, budget_quote_router, budget_roi_router,
                budget_funding_router, budget_export_router, budget_figures_router, questionnaires_router,
                portal_router, contract_router, results_router, evidence_router, letters_router, documents_router,
                outbox_router, advisers_router, directory_router):
    api.add_router("", _router)

__all__ = ["api"]
