from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractConfig(AppConfig):
    name = "partnerwijzer.contract"
    label = "contract"
    verbose_name = _("Contract: preferred partner and contract checklist")

    def ready(self) -> None:
        from partnerwijzer.contract.selectors import contract_status
        from partnerwijzer.journey.steps import STATUS_PROVIDERS, STEP_PAGES

        # The nav and the dashboard lead to the step pages this app implements.
        STEP_PAGES["contract"] = "contract:overview"

        STATUS_PROVIDERS["contract"] = contract_status
        # The same rule for many organisations at once (an adviser's portfolio).
        from partnerwijzer.contract.selectors import contract_status_many
        from partnerwijzer.journey.steps import STATUS_BATCH_PROVIDERS

        STATUS_BATCH_PROVIDERS["contract"] = contract_status_many
