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

        # The audit log names the contract items added by their titles instead of their codes.
        from partnerwijzer.audit.labels import register_change_describer
        from partnerwijzer.contract.audit_labels import describe_contract

        register_change_describer("contract", describe_contract)
