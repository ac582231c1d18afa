from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "partnerwijzer.planning"
    label = "planning"
    verbose_name = _("Plan: profile, use cases, readiness and compliance")
