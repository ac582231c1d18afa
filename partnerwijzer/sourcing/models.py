"""Selections (one per search for a partner), candidate firms, their stage moves and red flags."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerwijzer.sourcing.stages import Stage


class Selection(models.Model):
    """One structured search for a partner, for one AI use case of an organisation.

    Sourcing state only: how it is scored (weighting method, closing, price from the quotes)
    belongs to evaluation (``evaluation.ScoringSetup``).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="selections")
    # The AI use case this partner is sought for (planning); optional for selections made before.
    use_case = models.ForeignKey(
        "planning.UseCase", on_delete=models.SET_NULL, null=True, blank=True, related_name="selections",
        verbose_name=_("use case"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what the partner should help with"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "-created_at"], name="selection_org_time")]

    def __str__(self) -> str:
        return self.title


class CompanySize(models.TextChoices):
    SOLO = "1-9", _("1–9 staff")
    SMALL = "10-49", _("10–49 staff")
    MEDIUM = "50-249", _("50–249 staff")
    LARGE = "250+", _("250 staff or more")


class Candidate(models.Model):
    """A consulting firm considered for one selection."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="candidates")
    name = models.CharField(_("name"), max_length=200)
    website = models.URLField(_("website"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True, help_text=_("Two-letter code, e.g. NL or DE."))
    size = models.CharField(_("size"), max_length=10, choices=CompanySize.choices, blank=True)
    # Keys of the reference data (knowledge/data/provider_types.yaml, sourcing_channels.yaml).
    provider_type = models.CharField(_("provider type"), max_length=50, blank=True)
    sourcing_channel = models.CharField(_("how you found them"), max_length=50, blank=True)
    industries = models.CharField(_("industries served"), max_length=300, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    evidence_links = models.TextField(_("evidence links"), blank=True, help_text=_("One web address per line."))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.LONGLIST)
    rejected = models.BooleanField(default=False)
    rejected_reason = models.TextField(_("reason for rejection"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(stage__in=Stage.values), name="candidate_stage_valid"),
            models.CheckConstraint(
                condition=models.Q(rejected=False) | ~models.Q(rejected_reason=""),
                name="candidate_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def stage_enum(self) -> Stage:
        return Stage(self.stage)

    @property
    def evidence_link_list(self) -> list[str]:
        return [line.strip() for line in self.evidence_links.splitlines() if line.strip()]


class StageMove(models.Model):
    """A candidate moved to another stage, or was rejected or brought back: the process record."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="stage_moves")
    from_stage = models.CharField(max_length=20, choices=Stage.choices)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    rejected = models.BooleanField(default=False)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    moved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["moved_at"]

    def __str__(self) -> str:
        return f"{self.candidate_id}: {self.from_stage} -> {self.to_stage}"


class RedFlag(models.TextChoices):
    """The warning signs the guide names (section 9); texts in three languages via gettext."""

    PUSHES_PLATFORM = "pushes_platform", _("Pushes a platform before analysing your needs")
    PROMISES_WITHOUT_RISKS = "promises_without_risks", _("Promises results without naming risks")
    NO_COMPARABLE_PROJECTS = "no_comparable_projects", _("Cannot show comparable projects")
    KEY_COMPETENCES_SUBCONTRACTED = "key_competences_subcontracted", _("Subcontracts key competences")
    TALKS_MORE_THAN_LISTENS = "talks_more_than_listens", _("Talks more than listens")


class CandidateRedFlag(models.Model):
    """One red flag checked for one candidate, with what was observed."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="red_flags")
    flag = models.CharField(max_length=40, choices=RedFlag.choices)
    observed = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["candidate", "flag"], name="one_entry_per_red_flag"),
            models.CheckConstraint(condition=models.Q(flag__in=RedFlag.values), name="red_flag_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.flag}: {'observed' if self.observed else 'not observed'}"
