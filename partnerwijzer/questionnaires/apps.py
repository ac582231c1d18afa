from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    name = "partnerwijzer.questionnaires"
    label = "questionnaires"
