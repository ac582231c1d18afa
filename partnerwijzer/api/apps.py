from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "partnerwijzer.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from django import forms

        from partnerwijzer.textrules import validate_default_max_length, validate_no_control_characters

        # Every text field of every form (pages and the supplier portal) refuses control characters
        # with a translated message, as the API does (textrules.py); Django itself refuses only NUL.
        # Text without a stricter limit of its own takes at most DEFAULT_MAX_LENGTH characters, as in
        # the API, so that no text can make a generated document unreadably large.
        forms.CharField.default_validators = [
            *forms.CharField.default_validators, validate_no_control_characters, validate_default_max_length,
        ]

        from partnerwijzer.accounts.account_sections import AccountSection, register
        from partnerwijzer.api.models import ApiToken

        register(
            AccountSection(
                template="api/account_tokens.html",
                context=lambda user: {"active_tokens": list(ApiToken.objects.filter(user=user).active())},
            )
        )
