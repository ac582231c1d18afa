from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "partnerwijzer.evaluation"
    label = "evaluation"
    verbose_name = _("Criteria, scores and ranking")

    def ready(self) -> None:
        # An invited evaluator's dashboard starts with what they must score.
        from partnerwijzer.evaluation.tasks import scoring_tasks
        from partnerwijzer.journey.steps import TASK_PROVIDERS

        if scoring_tasks not in TASK_PROVIDERS:
            TASK_PROVIDERS.append(scoring_tasks)
