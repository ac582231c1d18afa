from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "partnerwijzer.letters"
    label = "letters"
    verbose_name = _("Award and regret letters")

    def ready(self) -> None:
        from partnerwijzer import pagelinks
        from partnerwijzer.letters.registrations import letters_from_contract
        from partnerwijzer.letters.selectors import sent_letters_for_candidate
        from partnerwijzer.portal.providers import register_candidate_letters

        # The firm's portal page (portal, below) shows the letters sent to it.
        register_candidate_letters(sent_letters_for_candidate)
        # The contract checklist (contract, below) leads the owner to the letters.
        pagelinks.register_links("contract.decision", letters_from_contract)
