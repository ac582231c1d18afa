from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "partnerwijzer.planning"
    label = "planning"
    verbose_name = _("Plan: profile, use cases, readiness and compliance")

    def ready(self) -> None:
        # The dashboard's steps read their status from here: one line per provider.
        from partnerwijzer.journey.steps import STATUS_PROVIDERS, STEP_PAGES

        # The nav and the dashboard lead to the step pages this app implements.
        STEP_PAGES["plan"] = "planning:usecase_list"
        STEP_PAGES["readiness"] = "planning:readiness_index"
        STEP_PAGES["model"] = "planning:advice_index"

        from partnerwijzer.planning.status import plan_status

        STATUS_PROVIDERS["plan"] = plan_status

        from partnerwijzer.planning.advice.selectors import model_status
        from partnerwijzer.planning.readiness.selectors import readiness_status

        STATUS_PROVIDERS["readiness"] = readiness_status
        STATUS_PROVIDERS["model"] = model_status

        # The same rules for many organisations at once (an adviser's portfolio).
        # Plan's and readiness' rules score every use case in Python: their results are stored
        # with a fingerprint of their inputs and computed again only where those changed.
        from partnerwijzer.journey.steps import STATUS_BATCH_PROVIDERS
        from partnerwijzer.planning.advice.selectors import model_status_many
        from partnerwijzer.planning.stored_status import stored_plan_status_many, stored_readiness_status_many

        STATUS_BATCH_PROVIDERS["plan"] = stored_plan_status_many
        STATUS_BATCH_PROVIDERS["model"] = model_status_many
        STATUS_BATCH_PROVIDERS["readiness"] = stored_readiness_status_many

        # ... and the dashboard's "continue" link to the exact next thing in each step.
        from partnerwijzer.journey.steps import NEXT_ACTION_PROVIDERS
        from partnerwijzer.planning.status import model_next_action, plan_next_action, readiness_next_action

        NEXT_ACTION_PROVIDERS["plan"] = plan_next_action
        NEXT_ACTION_PROVIDERS["readiness"] = readiness_next_action
        NEXT_ACTION_PROVIDERS["model"] = model_next_action

        # The audit log names the screenings' questions, options and duties instead of their codes.
        from partnerwijzer.audit.labels import register_change_describer
        from partnerwijzer.planning.compliance.audit_labels import describe_ai_act, describe_gdpr

        register_change_describer("ai_act", describe_ai_act)
        register_change_describer("gdpr", describe_gdpr)

        # ... and a readiness or model-advice answer by its question's text and option's label.
        from partnerwijzer.planning.readiness.audit_labels import (
            describe_model_advice,
            describe_readiness,
            describe_use_case,
        )

        register_change_describer("readiness", describe_readiness)
        register_change_describer("model_advice", describe_model_advice)
        register_change_describer("use_case", describe_use_case)  # the chosen implementation model
