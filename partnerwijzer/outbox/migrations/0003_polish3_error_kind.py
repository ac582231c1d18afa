"""Why a send failed, as a code the pages translate (polish3 item 6); ``last_error`` keeps the
masked technical text. Existing messages get their kind from that text's error class."""

from django.db import migrations, models

# The texts ``last_error`` held for a send interrupted during the handover (outbox/models.py).
_INTERRUPTED = ("Interrupted while handing it to the mail server: it may or may not have been delivered.",
                "Interrupted while sending: it may or may not have been delivered.")
# ``last_error`` starts with the error's class name; the same sorting as ``models.error_kind_of``.
_BY_CLASS = {
    "SMTPRecipientsRefused": "recipient_refused", "SMTPSenderRefused": "sender_refused",
    "SMTPAuthenticationError": "login_refused", "SMTPConnectError": "unreachable",
    "SMTPServerDisconnected": "unreachable", "ConnectionRefusedError": "unreachable",
    "ConnectionResetError": "unreachable", "ConnectionError": "unreachable", "TimeoutError": "unreachable",
    "gaierror": "unreachable", "OSError": "unreachable", "SMTPDataError": "rejected",
    "SMTPResponseException": "rejected", "SMTPHeloError": "rejected",
}


def _kinds(apps, schema_editor):  # noqa: ARG001
    Message = apps.get_model("outbox", "Message")
    for message in Message.objects.exclude(last_error="").only("pk", "last_error").iterator():
        if message.last_error in _INTERRUPTED:
            kind = "interrupted"
        else:
            kind = _BY_CLASS.get(message.last_error.partition(":")[0].strip(), "other")
        Message.objects.filter(pk=message.pk).update(error_kind=kind)


class Migration(migrations.Migration):
    dependencies = [("outbox", "0002_outbox16_send_phase")]

    operations = [
        migrations.AddField(
            model_name="message", name="error_kind",
            field=models.CharField(
                blank=True, default="", max_length=20,
                choices=[("", "No error"), ("interrupted", "Interrupted during the handover"),
                         ("recipient_refused", "Recipient refused"), ("sender_refused", "Sender refused"),
                         ("login_refused", "Login refused"), ("unreachable", "Mail server unreachable"),
                         ("rejected", "Message refused"), ("other", "Other error")],
            ),
        ),
        migrations.RunPython(_kinds, migrations.RunPython.noop),
    ]
