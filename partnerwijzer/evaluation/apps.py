from __future__ import annotations

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


def _initialise_criteria(sender: object, *, selection: Any, **kwargs: object) -> None:
    """Every new selection starts with the reference criteria (sourcing sends, evaluation owns them)."""
    from partnerwijzer.evaluation.scoring.services import criteria_initialise

    criteria_initialise(selection=selection)
