from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "partnerwijzer.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from partnerwijzer.accounts.account_sections import AccountSection, register
        from partnerwijzer.api.models import ApiToken

        register(
            AccountSection(
                template="api/account_tokens.html",
                context=lambda user: {"active_tokens": list(ApiToken.objects.filter(user=user).active())},
            )
        )
