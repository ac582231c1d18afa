from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SourcingConfig(AppConfig):
    name = "partnerwijzer.sourcing"
    label = "sourcing"
    verbose_name = _("Selections and candidates")

    def ready(self) -> None:
        # The dashboard's "Selection" step reads its status from the selections.
        from partnerwijzer.journey.steps import STATUS_PROVIDERS, STEP_PAGES

        # The nav and the dashboard lead to the step pages this app implements.
        STEP_PAGES["selection"] = "sourcing:selection_list"

        from partnerwijzer.sourcing.selectors import selection_status

        STATUS_PROVIDERS["selection"] = selection_status

        from partnerwijzer.journey.steps import STATUS_BATCH_PROVIDERS
        from partnerwijzer.sourcing.selectors import selection_status_many

        STATUS_BATCH_PROVIDERS["selection"] = selection_status_many

        # A use case's page (planning, below) links to the selections made for it.
        from django.urls import reverse

        from partnerwijzer import pagelinks
        from partnerwijzer.planning import providers as planning_providers
        from partnerwijzer.sourcing.selectors import selections_for_use_case

        planning_providers.register_selections(selections_for_use_case)
        pagelinks.register("selection.detail", lambda selection_id: reverse("sourcing:selection_detail",
                                                                            args=[selection_id]))
