from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    name = "partnerwijzer.questionnaires"
    label = "questionnaires"

    def ready(self) -> None:
        # The selection page (sourcing, below) links to the selection's questionnaires.
        from django.urls import reverse

        from partnerwijzer import pagelinks

        pagelinks.register(
            "selection.questionnaires", lambda selection_id: reverse("questionnaires:questionnaire_list",
                                                                     args=[selection_id])
        )
