from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "partnerwijzer.results"
    label = "results"
    verbose_name = _("Results: KPIs, phases and gates, actual cost and realised return")

    def ready(self) -> None:
        from partnerwijzer.journey.steps import STATUS_PROVIDERS, STEP_PAGES, TASK_PROVIDERS

        # The nav and the dashboard lead to the step pages this app implements.
        STEP_PAGES["results"] = "results:portfolio"

        from partnerwijzer import pagelinks
        from partnerwijzer.results import registrations
        from partnerwijzer.results.selectors import measurement_tasks, results_status

        STATUS_PROVIDERS["results"] = results_status
        from partnerwijzer.journey.steps import STATUS_BATCH_PROVIDERS
        from partnerwijzer.results.selectors import results_status_many

        STATUS_BATCH_PROVIDERS["results"] = results_status_many
        from partnerwijzer.results.tasks import gate_tasks, partner_review_tasks

        for provider in (measurement_tasks, gate_tasks, partner_review_tasks):
            if provider not in TASK_PROVIDERS:
                TASK_PROVIDERS.append(provider)

        # The outbox's periodic run tells a KPI's measurer when a measurement has become due.
        from partnerwijzer.outbox import periodic
        from partnerwijzer.results.messages import measurements_due_check

        periodic.register("results_measurements_due", measurements_due_check)
        pagelinks.register_links("contract.decision", registrations.start_from_contract)
        pagelinks.register_links("planning.use_case", registrations.start_from_use_case)

        # The audit log names a gate decision's phase by its label ("Analyse"), not its code.
        from partnerwijzer.audit.labels import register_value_labels
        from partnerwijzer.results.models import PhaseKey

        register_value_labels("results.gatedecision", "phase", {str(value): label for value, label in PhaseKey.choices})

        # ... and an actual cost's category ("data") by the guide's name of it, in the reader's language.
        from partnerwijzer.results.auditing import CostCategoryLabels

        register_value_labels("results.actualcost", "category", CostCategoryLabels())
