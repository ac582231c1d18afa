from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "partnerwijzer.portal"
    label = "portal"

    def ready(self) -> None:
        # evaluation sits below portal: lend it the submitted answers shown beside the score form.
        from partnerwijzer.evaluation.providers import register_candidate_answers
        from partnerwijzer.portal.selectors import answers_for_candidate

        register_candidate_answers(answers_for_candidate)

        # Questionnaire and candidate pages (questionnaires, sourcing: below) link to the firms' portal links.
        from django.urls import reverse

        from partnerwijzer import pagelinks

        pagelinks.register(
            "questionnaire.portal_links",
            lambda selection_id, questionnaire_id: reverse("portal:links", args=[selection_id, questionnaire_id]),
        )

        # The outbox's periodic run reminds firms that have not submitted when the deadline is near.
        from partnerwijzer.outbox import periodic
        from partnerwijzer.portal.messages import deadline_near_check

        periodic.register("deadline_near", deadline_near_check)
