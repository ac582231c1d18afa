from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "partnerwijzer.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        # accounts sits below audit and cannot import it: hand it the recorder (accounts/auditing.py).
        from partnerwijzer.accounts.auditing import register_recorder
        from partnerwijzer.audit.services import audit_record

        register_recorder(audit_record)
