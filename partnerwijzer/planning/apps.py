from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "partnerwijzer.planning"
    label = "planning"
    verbose_name = _("Plan: profile, use cases, readiness and compliance")

    def ready(self) -> None:
        # The dashboard's steps read their status from here: one line per provider.
        from partnerwijzer.journey.steps import STATUS_PROVIDERS
        from partnerwijzer.planning.status import plan_status

        STATUS_PROVIDERS["plan"] = plan_status

        from partnerwijzer.planning.advice.selectors import model_status
        from partnerwijzer.planning.readiness.selectors import readiness_status

        STATUS_PROVIDERS["readiness"] = readiness_status
        STATUS_PROVIDERS["model"] = model_status
