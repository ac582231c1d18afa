"""The phase of a send (issue 16): who holds the claim, and when the handover to the mail server began."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("outbox", "0001_notify_initial")]

    operations = [
        migrations.AddField(
            model_name="message", name="claim_token",
            field=models.CharField(blank=True, default="", max_length=40),
        ),
        migrations.AddField(
            model_name="message", name="claimed_by",
            field=models.CharField(blank=True, default="", max_length=120),
        ),
        migrations.AddField(
            model_name="message", name="handover_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
