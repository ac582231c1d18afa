"""The supplier portal: one link per candidate firm and questionnaire, the firm's answers and
uploads, and a log of every attempt to open a link.

A link's token is never stored: only its SHA-256 hash (``token_hash``), so a leaked database
does not leak usable links. The plaintext is shown once to the owner who created the link.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LinkStatus(models.TextChoices):
    NOT_OPENED = "not_opened", _("Not opened")
    ANSWERING = "answering", _("Answering")
    SUBMITTED = "submitted", _("Submitted")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class PortalLink(models.Model):
    """A candidate firm's access to one questionnaire, bound to the organisation, the selection
    (through the questionnaire, and the candidate of the same selection), the candidate and the
    questionnaire. Usable without an account until it expires or is revoked."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="portal_links")
    questionnaire = models.ForeignKey(
        "questionnaires.Questionnaire", on_delete=models.CASCADE, related_name="portal_links"
    )
    candidate = models.ForeignKey("sourcing.Candidate", on_delete=models.CASCADE, related_name="portal_links")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("link works until"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    receipt_code = models.CharField(max_length=20, blank=True)
    # RFP only: the firm's price as it types it, saved per field like the answers. Keys are the
    # cost category keys of costs.yaml and "running_per_year"; values are amounts as strings
    # ("25000.00"), already validated. Written to budget.Quote (source "portal") on submission.
    quote_draft = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["candidate__name", "-created_at"]
        constraints = [
            # One working link per candidate and questionnaire; a revoked one may be replaced.
            models.UniqueConstraint(
                fields=["questionnaire", "candidate"], condition=Q(revoked_at__isnull=True),
                name="portal_one_active_link",
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | ~Q(receipt_code=""), name="portal_submission_has_receipt"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.questionnaire}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The binding is checked on every save, not only in the service.
        if self.candidate.selection_id != self.questionnaire.selection_id:
            raise ValueError("A portal link's candidate must belong to the questionnaire's selection.")
        if self.organisation_id != self.questionnaire.selection.organisation_id:
            raise ValueError("A portal link must belong to the questionnaire's organisation.")
        super().save(*args, **kwargs)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def status(self) -> LinkStatus:
        if self.is_submitted:
            return LinkStatus.SUBMITTED
        if self.is_revoked:
            return LinkStatus.REVOKED
        if self.is_expired:
            return LinkStatus.EXPIRED
        if self.last_used_at is not None:
            return LinkStatus.ANSWERING
        return LinkStatus.NOT_OPENED


class PortalAnswer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    link = models.ForeignKey(PortalLink, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey("questionnaires.Question", on_delete=models.CASCADE, related_name="portal_answers")
    text = models.TextField(_("answer"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["question__position", "question__id"]
        constraints = [models.UniqueConstraint(fields=["link", "question"], name="portal_answer_once")]

    def __str__(self) -> str:
        return self.text[:60]


class UploadType(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (DOCX)"
    XLSX = "xlsx", "Excel (XLSX)"


class PortalUpload(models.Model):
    """A file a firm uploaded, checked by content and stored outside static and media."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    link = models.ForeignKey(PortalLink, on_delete=models.CASCADE, related_name="uploads")
    # Relative to settings.PRIVATE_FILES_DIR: portal/<organisation>/<link>/<uuid>, no extension.
    stored_path = models.CharField(max_length=300, unique=True)
    original_name = models.CharField(_("file name"), max_length=150)
    detected_type = models.CharField(max_length=4, choices=UploadType.choices)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(detected_type__in=UploadType.values), name="portal_upload_type_valid"),
        ]

    def __str__(self) -> str:
        return self.original_name


class AttemptOutcome(models.TextChoices):
    OK = "ok", _("Opened")
    INVALID = "invalid", _("Unknown or malformed token")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    RATE_LIMITED = "rate_limited", _("Rate limited")


FAILED_OUTCOMES = (AttemptOutcome.INVALID, AttemptOutcome.EXPIRED, AttemptOutcome.REVOKED)


class PortalAttempt(models.Model):
    """One request with a portal token. Never the token: the outcome, when, a salted hash of
    the client's address (for rate limiting across processes) and the link when one matched."""

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(default=timezone.now)
    ip_hash = models.CharField(max_length=64)
    outcome = models.CharField(max_length=12, choices=AttemptOutcome.choices)
    link = models.ForeignKey(PortalLink, on_delete=models.SET_NULL, null=True, blank=True, related_name="attempts")

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["ip_hash", "at"], name="portal_attempt_ip_time")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.outcome}"


class FirmQuestionStatus(models.TextChoices):
    OPEN = "open", _("Not answered yet")
    PRIVATE = "private", _("Answered to this firm only")
    PUBLISHED = "published", _("Published to every firm")


class FirmQuestion(models.Model):
    """A question a firm asked about a questionnaire through its portal link (issue 16, item 4).

    The owner answers it privately (only this firm reads the answer) or publishes it as an
    addendum to every firm of the questionnaire: then ``public_text`` (the question as the owner
    edited it, without what identifies the firm) and the answer are shown, never the firm.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    questionnaire = models.ForeignKey(
        "questionnaires.Questionnaire", on_delete=models.CASCADE, related_name="firm_questions"
    )
    link = models.ForeignKey(PortalLink, on_delete=models.CASCADE, related_name="firm_questions")
    text = models.TextField(_("question"))
    asked_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=9, choices=FirmQuestionStatus.choices, default=FirmQuestionStatus.OPEN)
    answer = models.TextField(_("answer"), blank=True)
    public_text = models.TextField(_("question as published"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=FirmQuestionStatus.values),
                                   name="firm_question_status_valid"),
            models.CheckConstraint(condition=Q(status="open") | ~Q(answer=""), name="firm_question_answered_has_text"),
            models.CheckConstraint(condition=~Q(status="published") | ~Q(public_text=""),
                                   name="firm_question_published_has_text"),
        ]

    def __str__(self) -> str:
        return self.text[:60]
