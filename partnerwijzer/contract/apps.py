from django.apps import AppConfig


class ContractConfig(AppConfig):
    name = "partnerwijzer.contract"
    label = "contract"
