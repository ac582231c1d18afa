from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "partnerwijzer.budget"
    label = "budget"
    verbose_name = _("Budget: cost estimate, quotes, return and funding")

    def ready(self) -> None:
        from partnerwijzer.budget.status import budget_status
        from partnerwijzer.journey.steps import STATUS_PROVIDERS, STEP_PAGES

        # The nav and the dashboard lead to the step pages this app implements.
        STEP_PAGES["budget"] = "budget:overview"

        STATUS_PROVIDERS["budget"] = budget_status

        from partnerwijzer.budget.status import budget_status_many
        from partnerwijzer.journey.steps import STATUS_BATCH_PROVIDERS

        STATUS_BATCH_PROVIDERS["budget"] = budget_status_many

        # evaluation sits below budget: lend it the price column from the quotes.
        from partnerwijzer.budget.quotes.selectors import quote_price_column
        from partnerwijzer.evaluation.providers import register_quote_prices

        register_quote_prices(quote_price_column)

        from partnerwijzer.budget.figures.selectors import own_values
        from partnerwijzer.knowledge import overrides

        # The organisation's own values for the guide's figures, for every calculation.
        overrides.register(own_values)
