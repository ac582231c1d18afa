from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "partnerwijzer.outbox"
    label = "outbox"
    verbose_name = _("Outgoing messages")

    def ready(self) -> None:
        from partnerwijzer.accounts import mailing
        from partnerwijzer.accounts.account_sections import AccountSection, register
        from partnerwijzer.outbox import services
        from partnerwijzer.outbox.selectors import receives_reminders

        # accounts (layer 1) sends its invitation through the outbox without importing it.
        mailing.register_sender(services.queue_message)
        # The account page shows the person's choice about reminders.
        register(AccountSection(
            template="outbox/account_reminders.html",
            context=lambda user: {"receives_reminders": receives_reminders(user.email)},
        ))
