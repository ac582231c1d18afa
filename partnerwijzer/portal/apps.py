from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "partnerwijzer.portal"
    label = "portal"
