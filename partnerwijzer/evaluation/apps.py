from __future__ import annotations

import functools
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "partnerwijzer.evaluation"
    label = "evaluation"
    verbose_name = _("Criteria, scores and ranking")

    def ready(self) -> None:
        from partnerwijzer.sourcing.signals import selection_created

        selection_created.connect(_initialise_criteria, dispatch_uid="evaluation.criteria_initialise")

        # The selection endpoints of the API still publish how each selection is scored.
        from partnerwijzer.evaluation.selectors import scoring_states_of
        from partnerwijzer.sourcing.providers import register_scoring_states

        register_scoring_states(scoring_states_of)

        # The selection page (sourcing, below) links to the scoring pages and the ranking.
        from partnerwijzer import pagelinks

        for name, route in (
            ("selection.criteria", "evaluation:criteria"),
            ("selection.evaluators", "evaluation:evaluators"),
            ("selection.scoring", "evaluation:scoring"),
            ("selection.ranking", "evaluation:ranking"),
        ):
            pagelinks.register(name, functools.partial(_selection_url, route))

        # An invited evaluator's dashboard starts with what they must score.
        from partnerwijzer.evaluation.scoring.tasks import scoring_tasks
        from partnerwijzer.journey.steps import TASK_PROVIDERS

        if scoring_tasks not in TASK_PROVIDERS:
            TASK_PROVIDERS.append(scoring_tasks)

        # The outbox's periodic run reminds evaluators whose scores are due soon or overdue.
        from partnerwijzer.evaluation.scoring.messages import scores_due_check
        from partnerwijzer.outbox import periodic

        periodic.register("scores_due", scores_due_check)


def _initialise_criteria(sender: object, *, selection: Any, **kwargs: object) -> None:
    """Every new selection starts with the reference criteria (sourcing sends, evaluation owns them)."""
    from partnerwijzer.evaluation.scoring.services import criteria_initialise

    criteria_initialise(selection=selection)


def _selection_url(route: str, selection_id: object) -> str:
    from django.urls import reverse

    return reverse(route, args=[selection_id])
