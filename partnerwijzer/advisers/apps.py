from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvisersConfig(AppConfig):
    name = "partnerwijzer.advisers"
    label = "advisers"
    verbose_name = _("Advisers: clients, portfolio and shared templates")

    def ready(self) -> None:
        # The budget step shows the adviser organisations' market figures beside the guide's ranges.
        from partnerwijzer.advisers.market.selectors import budget_market_ranges
        from partnerwijzer.budget import market

        market.register(budget_market_ranges)
