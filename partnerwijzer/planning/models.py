"""The company profile, its AI use cases with KPIs, and the answers to the guided checks.

One thread runs from here to the end of the product: the KPI objects defined at intake are the
ones the contract's acceptance criteria and the tracking after the start refer to (never copies).

Questionnaires (readiness, implementation-model advice, AI Act, GDPR) are reference data; the
answers are stored generically per use case as ``Answer(questionnaire, question_key, value)`` so
that a new version of a question tree needs no migration. Checklists with an owner and a status
per item (GDPR duties, AI Act duties) are ``ChecklistItem`` rows.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

SCALE_MIN = 1
SCALE_MAX = 5


class Country(models.TextChoices):
    NL = "NL", _("Netherlands")
    DE = "DE", _("Germany")
    OTHER = "other", _("Other country")


class RevenueBand(models.TextChoices):
    UP_TO_2M = "lt2m", _("Up to € 2 million")
    UP_TO_10M = "2-10m", _("€ 2–10 million")
    UP_TO_50M = "10-50m", _("€ 10–50 million")
    OVER_50M = "gt50m", _("More than € 50 million")


class AiExperience(models.TextChoices):
    NONE = "none", _("None yet")
    FIRST_PILOT = "first_pilot", _("A first pilot")
    SEVERAL = "several", _("Several projects")


class Capacity(models.TextChoices):
    NONE = "none", _("None")
    LIMITED = "limited", _("One or two people, part-time")
    TEAM = "team", _("A team")


class CompanyProfile(models.Model):
    """What every recommendation needs to know about the company."""

    organisation = models.OneToOneField("accounts.Organisation", on_delete=models.CASCADE, related_name="profile")
    # NACE Rev. 2 section letter (A–U) plus the company's own words.
    nace_section = models.CharField(_("industry (NACE section)"), max_length=1, blank=True)
    industry = models.CharField(_("industry in your words"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=5, choices=Country.choices, default=Country.NL)
    region = models.CharField(_("province or state"), max_length=100, blank=True)
    staff_count = models.PositiveIntegerField(_("number of staff"), null=True, blank=True)
    revenue_band = models.CharField(_("annual revenue"), max_length=10, choices=RevenueBand.choices, blank=True)
    ai_experience = models.CharField(
        _("experience with AI"), max_length=15, choices=AiExperience.choices, default=AiExperience.NONE
    )
    it_capacity = models.CharField(_("internal IT capacity"), max_length=10, choices=Capacity.choices, blank=True)
    data_capacity = models.CharField(_("internal data capacity"), max_length=10, choices=Capacity.choices, blank=True)
    executive_sponsor = models.CharField(_("executive sponsor"), max_length=150, blank=True)
    data_protection_officer = models.CharField(_("data-protection officer"), max_length=150, blank=True)
    works_council = models.BooleanField(_("works council present"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Profile of {self.organisation}"


class UseCase(models.Model):
    """One business problem the company wants AI to help with."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="use_cases")
    title = models.CharField(_("title"), max_length=200)
    # Keys of the reference data: knowledge/data/department_budget.yaml and the archetypes.
    department = models.CharField(_("department"), max_length=50, blank=True)
    archetype = models.CharField(_("type of AI application"), max_length=50, blank=True)
    problem_statement = models.TextField(_("problem statement"), blank=True)
    current_state = models.TextField(_("current state (baseline)"), blank=True)
    impact = models.PositiveSmallIntegerField(_("business impact"), null=True, blank=True)
    feasibility = models.PositiveSmallIntegerField(_("feasibility"), null=True, blank=True)
    is_lighthouse = models.BooleanField(_("lighthouse candidate"), default=False)
    # The implementation model the company chose (key of implementation_models.yaml).
    chosen_model = models.CharField(_("chosen implementation model"), max_length=50, blank=True)
    chosen_model_reason = models.TextField(_("why this model"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(impact__isnull=True) | Q(impact__gte=SCALE_MIN, impact__lte=SCALE_MAX),
                name="use_case_impact_1_5",
            ),
            models.CheckConstraint(
                condition=Q(feasibility__isnull=True) | Q(feasibility__gte=SCALE_MIN, feasibility__lte=SCALE_MAX),
                name="use_case_feasibility_1_5",
            ),
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(is_lighthouse=True), name="one_lighthouse_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Direction(models.TextChoices):
    LOWER = "lower", _("Lower is better")
    HIGHER = "higher", _("Higher is better")


class Kpi(models.Model):
    """A measurable target of a use case, with its baseline: the thread to contract and results."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    use_case = models.ForeignKey(UseCase, on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(_("name"), max_length=150)
    unit = models.CharField(_("unit"), max_length=50)
    direction = models.CharField(_("direction"), max_length=6, choices=Direction.choices, default=Direction.LOWER)
    baseline_value = models.DecimalField(_("baseline value"), max_digits=14, decimal_places=4, null=True, blank=True)
    baseline_method = models.TextField(_("how the baseline was measured"), blank=True)
    baseline_date = models.DateField(_("when the baseline was measured"), null=True, blank=True)
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=4, null=True, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    measurement_method = models.TextField(_("how it will be measured"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # Part of the fingerprint of the stored Plan and Readiness statuses (planning/stored_status.py).
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class GuidedCheck(models.TextChoices):
    """The guided checks of a use case whose answers are stored (not the RFI/RFP: questionnaires app)."""

    READINESS = "readiness", _("Readiness check")
    MODEL_ADVICE = "model_advice", _("Implementation-model advice")
    AI_ACT = "ai_act", _("AI Act screening")
    GDPR = "gdpr", _("GDPR screening")
    PRIORITISATION = "prioritisation", _("Prioritisation")


class Answer(models.Model):
    """One answer to one question of a questionnaire about a use case (saved as you go)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    use_case = models.ForeignKey(UseCase, on_delete=models.CASCADE, related_name="answers")
    questionnaire = models.CharField(max_length=20, choices=GuidedCheck.choices)
    question_key = models.CharField(max_length=80)
    # The answer as JSON: an option key, a list of keys, a number or free text.
    value = models.JSONField()
    # The version of the question file the answer was given against.
    data_version = models.CharField(max_length=20, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["use_case", "questionnaire", "question_key"], name="one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=Q(questionnaire__in=GuidedCheck.values), name="answer_questionnaire_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire}.{self.question_key} = {self.value!r}"


class ChecklistStatus(models.TextChoices):
    """Progress of a compliance checklist item (the contract checklist has ContractItemStatus)."""

    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class ChecklistItem(models.Model):
    """A duty or action that follows from a check (GDPR, AI Act), with an owner and a status."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    use_case = models.ForeignKey(UseCase, on_delete=models.CASCADE, related_name="checklist_items")
    checklist = models.CharField(max_length=20, choices=GuidedCheck.choices)
    key = models.CharField(max_length=80)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    status = models.CharField(_("status"), max_length=15, choices=ChecklistStatus.choices, default=ChecklistStatus.OPEN)
    note = models.TextField(_("note"), blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["use_case", "checklist", "key"], name="one_item_per_checklist_key"),
            models.CheckConstraint(condition=Q(status__in=ChecklistStatus.values), name="checklist_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.checklist}.{self.key}: {self.status}"


class StoredStatus(models.Model):
    """The Plan and Readiness statuses of one organisation as last computed, with the fingerprint
    of the inputs they were computed from (planning/stored_status.py): a derived figure the
    adviser's portfolio reads instead of scoring every client's use cases on every page."""

    organisation = models.OneToOneField("accounts.Organisation", on_delete=models.CASCADE, primary_key=True,
                                        related_name="+")
    fingerprint = models.CharField(max_length=64)
    plan = models.CharField(max_length=20)
    readiness = models.CharField(max_length=20)
    computed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.organisation_id}: plan {self.plan}, readiness {self.readiness}"
