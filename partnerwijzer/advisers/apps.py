from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvisersConfig(AppConfig):
    name = "partnerwijzer.advisers"
    label = "advisers"
    verbose_name = _("Advisers: clients, portfolio and shared templates")
