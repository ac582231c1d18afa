import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import partnerwijzer.questionnaires.models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
        ("questionnaires", "0003_questionnaire_shared_sections"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="questionnaire",
            name="questions_until",
            field=models.DateTimeField(blank=True, null=True, verbose_name="deadline for questions"),
        ),
        migrations.CreateModel(
            name="QuestionnaireTemplate",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("kind", models.CharField(choices=[("rfi", "Request for information (RFI)"),
                                                   ("rfp", "Request for proposal (RFP)")],
                                          max_length=3, verbose_name="kind")),
                ("introduction", models.TextField(blank=True, verbose_name="introduction")),
                ("timeline", models.TextField(blank=True, verbose_name="timeline")),
                ("show_weights", models.BooleanField(default=False, verbose_name="show the criteria weights")),
                ("shared_sections", models.JSONField(blank=True,
                                                     default=partnerwijzer.questionnaires.models.default_shared_sections,
                                                     verbose_name="shared with the firms")),
                ("contact_name", models.CharField(blank=True, max_length=150, verbose_name="contact person")),
                ("contact_email", models.EmailField(blank=True, max_length=254, verbose_name="contact e-mail")),
                ("questions", models.JSONField(blank=True, default=list)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("created_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL,
                                                 related_name="+", to=settings.AUTH_USER_MODEL)),
                ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                   related_name="questionnaire_templates",
                                                   to="accounts.organisation")),
                ("source_questionnaire", models.ForeignKey(blank=True, null=True,
                                                           on_delete=django.db.models.deletion.SET_NULL,
                                                           related_name="+",
                                                           to="questionnaires.questionnaire")),
            ],
            options={
                "ordering": ["name", "-created_at"],
                "constraints": [models.CheckConstraint(condition=models.Q(("kind__in", ["rfi", "rfp"])),
                                                       name="questionnaire_template_kind_valid")],
            },
        ),
    ]
