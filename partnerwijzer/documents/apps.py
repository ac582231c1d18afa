from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "partnerwijzer.documents"
    label = "documents"
