from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "partnerwijzer.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from django import forms

        from partnerwijzer.textrules import validate_no_control_characters

        # Every text field of every form (pages and the supplier portal) refuses control characters
        # with a translated message, as the API does (textrules.py); Django itself refuses only NUL.
        forms.CharField.default_validators = [*forms.CharField.default_validators, validate_no_control_characters]
