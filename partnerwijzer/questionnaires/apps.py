from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    name = "partnerwijzer.questionnaires"
    label = "questionnaires"

    def ready(self) -> None:
        # The selection page (sourcing, below) links to the selection's questionnaires.
        from django.urls import reverse

        from partnerwijzer import pagelinks

        # A candidate's page (sourcing, below) lists the selection's questionnaires.
        from partnerwijzer.questionnaires.selectors import questionnaires_of
        from partnerwijzer.sourcing import providers as sourcing_providers

        sourcing_providers.register_questionnaires(lambda selection: questionnaires_of(selection=selection))
        pagelinks.register(
            "selection.questionnaires", lambda selection_id: reverse("questionnaires:questionnaire_list",
                                                                     args=[selection_id])
        )
