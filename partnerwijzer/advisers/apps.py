from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvisersConfig(AppConfig):
    name = "partnerwijzer.advisers"
    label = "advisers"
    verbose_name = _("Advisers: clients, portfolio and shared templates")

    def ready(self) -> None:
        # A candidate copied from the provider directory shows where it came from (sourcing, below).
        from partnerwijzer.advisers.directory import candidate_origin
        from partnerwijzer.sourcing.providers import register_candidate_origin

        register_candidate_origin(candidate_origin)
