"""A message may belong to no organisation: the password-reset e-mail of a person in none goes
through the outbox like every other (polish3 item 8), instead of being sent while the request waits."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("outbox", "0003_polish3_error_kind")]

    operations = [
        migrations.AlterField(
            model_name="message", name="organisation",
            field=models.ForeignKey(blank=True, null=True, on_delete=models.deletion.CASCADE,
                                    related_name="outgoing_messages", to="accounts.organisation"),
        ),
    ]
