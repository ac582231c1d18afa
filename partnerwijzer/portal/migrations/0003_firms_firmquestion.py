import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
        ("portal", "0002_portallink_quote_draft"),
        ("questionnaires", "0004_firms_questions_until_templates"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="FirmQuestion",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("text", models.TextField(verbose_name="question")),
                ("asked_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("status", models.CharField(choices=[("open", "Not answered yet"),
                                                     ("private", "Answered to this firm only"),
                                                     ("published", "Published to every firm")],
                                            default="open", max_length=9)),
                ("answer", models.TextField(blank=True, verbose_name="answer")),
                ("public_text", models.TextField(blank=True, verbose_name="question as published")),
                ("answered_at", models.DateTimeField(blank=True, null=True)),
                ("published_at", models.DateTimeField(blank=True, null=True)),
                ("answered_by", models.ForeignKey(blank=True, null=True,
                                                  on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                                                  to=settings.AUTH_USER_MODEL)),
                ("link", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                           related_name="firm_questions", to="portal.portallink")),
                ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                                   to="accounts.organisation")),
                ("questionnaire", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                    related_name="firm_questions",
                                                    to="questionnaires.questionnaire")),
            ],
            options={
                "ordering": ["asked_at", "id"],
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("status__in", ["open", "private", "published"])),
                                           name="firm_question_status_valid"),
                    models.CheckConstraint(condition=models.Q(("status", "open"), models.Q(("answer", ""),
                                                                                           _negated=True),
                                                              _connector="OR"),
                                           name="firm_question_answered_has_text"),
                    models.CheckConstraint(condition=models.Q(models.Q(("status", "published"), _negated=True),
                                                              models.Q(("public_text", ""), _negated=True),
                                                              _connector="OR"),
                                           name="firm_question_published_has_text"),
                ],
            },
        ),
    ]
