"""Questionnaires a company sends to candidate firms: the RFI (to the whole shortlist) and the
RFP (to the two or three favourites), each with questions the owner edits before sending.

Questions are generated from the guide's practical tests per criterion (``reference_key`` names
the criterion of criteria.yaml and ``reference_index`` the test) and from the company's own data;
the owner may edit, add, reorder and remove them until the questionnaire is sent.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class QuestionnaireKind(models.TextChoices):
    RFI = "rfi", _("Request for information (RFI)")
    RFP = "rfp", _("Request for proposal (RFP)")


class QuestionnaireStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    CLOSED = "closed", _("Closed")


class SharedSection(models.TextChoices):
    """Parts of "what the firms read about you" the owner chooses to share (issue 11, finding 9).

    Facts a firm needs to answer or quote are shared by default; internal weak points
    (revenue, the state of the data, an unfinished DPIA) are not.
    """

    PROFILE = "profile", _("Company profile (industry, location, staff, AI experience, capacity)")
    REVENUE = "revenue", _("Annual revenue")
    PROJECT = "project", _("The project: problem, where we stand today and the targets")
    DATA = "data", _("The state of our data (readiness answers)")
    AI_ACT = "ai_act", _("EU AI Act risk tier")
    DPIA = "dpia", _("Data protection impact assessment (DPIA) status")
    MODEL = "model", _("Preferred way of working")


DEFAULT_SHARED: tuple[str, ...] = (
    SharedSection.PROFILE, SharedSection.PROJECT, SharedSection.AI_ACT, SharedSection.MODEL,
)


def default_shared_sections() -> list[str]:
    return [str(key) for key in DEFAULT_SHARED]


class Questionnaire(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    selection = models.ForeignKey("sourcing.Selection", on_delete=models.CASCADE, related_name="questionnaires")
    kind = models.CharField(_("kind"), max_length=3, choices=QuestionnaireKind.choices)
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    # Answers are accepted until this moment (the portal refuses later submissions).
    deadline = models.DateTimeField(_("deadline"))
    # Firms may ask questions through the portal until this moment (before the deadline); empty:
    # until the deadline itself (issue 16, item 4).
    questions_until = models.DateTimeField(_("deadline for questions"), null=True, blank=True)
    # Whether the criteria weights are shown to the candidates (the owner decides).
    show_weights = models.BooleanField(_("show the criteria weights"), default=False)
    # Which parts of the company section the firms read (keys of SharedSection).
    shared_sections = models.JSONField(_("shared with the firms"), default=default_shared_sections, blank=True)
    # When the company wants what: start, first results, go-live (free text, shown to the firms).
    timeline = models.TextField(_("timeline"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    status = models.CharField(_("status"), max_length=6, choices=QuestionnaireStatus.choices,
                              default=QuestionnaireStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["rfi", "rfp"]), name="questionnaire_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    # The selection's criterion this question informs (evaluators see the answers beside it).
    criterion = models.ForeignKey("evaluation.Criterion", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="questions", verbose_name=_("criterion"))
    text = models.TextField(_("question"))
    help_text = models.TextField(_("what a good answer contains"), blank=True)
    # Where a generated question came from: a criteria.yaml key and the practical test's index,
    # or "company" for questions built from the company's own data; empty for the owner's own.
    reference_key = models.CharField(max_length=50, blank=True)
    reference_index = models.PositiveSmallIntegerField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class QuestionnaireTemplate(models.Model):
    """A questionnaire saved for later selections of the same organisation (issue 16, item 9):
    its settings and its questions, each with the reference key of the criterion it informed, so a
    questionnaire made from it links its questions to the new selection's criteria of that key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE,
                                     related_name="questionnaire_templates")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=3, choices=QuestionnaireKind.choices)
    introduction = models.TextField(_("introduction"), blank=True)
    timeline = models.TextField(_("timeline"), blank=True)
    show_weights = models.BooleanField(_("show the criteria weights"), default=False)
    shared_sections = models.JSONField(_("shared with the firms"), default=default_shared_sections, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    # [{"text", "help_text", "criterion_key", "reference_key", "reference_index"}] in order.
    questions = models.JSONField(default=list, blank=True)
    source_questionnaire = models.ForeignKey(Questionnaire, on_delete=models.SET_NULL, null=True, blank=True,
                                             related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["rfi", "rfp"]), name="questionnaire_template_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.name
