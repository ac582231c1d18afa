"""What was read from a firm's submitted answers and files, and the passages the index holds.

An :class:`EvidenceSource` is one thing that was read: the answers of one submitted portal link,
or one uploaded file. Its status says whether it was read in full, in part (a limit was reached)
or not at all (the reason is kept). Its :class:`Passage` rows are paragraph-sized pieces of text
with their page; ``terms`` is the analysed text (``analysis.py``) that the full-text index holds:
an FTS5 table kept in step by triggers on SQLite, a GIN index on ``to_tsvector('simple', terms)``
on PostgreSQL (both made by the app's migration, see ``search.py``).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    ANSWERS = "answers", _("Answers")
    DOCUMENT = "document", _("Document")


class SourceStatus(models.TextChoices):
    INDEXED = "indexed", _("Read")
    TRUNCATED = "truncated", _("Read in part")
    FAILED = "failed", _("Could not be read")


class FailureReason(models.TextChoices):
    UNREADABLE = "unreadable", _("The file is damaged or not in the format its name says.")
    ENCRYPTED = "encrypted", _("The file is protected with a password.")
    EMPTY = "empty", _("The file contains no text (a scan without text cannot be searched).")
    UNSUPPORTED = "unsupported", _("This kind of file cannot be searched.")
    MISSING = "missing", _("The stored file is missing.")


class EvidenceSource(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey("sourcing.Candidate", on_delete=models.CASCADE, related_name="+")
    link = models.ForeignKey("portal.PortalLink", on_delete=models.CASCADE, related_name="+")
    upload = models.ForeignKey("portal.PortalUpload", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="+")
    kind = models.CharField(max_length=8, choices=SourceKind.choices)
    name = models.CharField(_("file name"), max_length=200)
    language = models.CharField(max_length=2)
    status = models.CharField(max_length=10, choices=SourceStatus.choices)
    reason = models.CharField(max_length=12, choices=FailureReason.choices, blank=True)
    pages = models.PositiveIntegerField(default=0)
    passage_count = models.PositiveIntegerField(default=0)
    indexed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=SourceKind.values), name="evidence_source_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=SourceStatus.values), name="evidence_source_status_valid"),
            models.CheckConstraint(condition=~Q(status=SourceStatus.FAILED) | ~Q(reason=""),
                                   name="evidence_failure_has_reason"),
            models.UniqueConstraint(fields=["link"], condition=Q(upload__isnull=True), name="evidence_answers_once"),
            models.UniqueConstraint(fields=["upload"], name="evidence_upload_once"),
        ]

    def __str__(self) -> str:
        return self.name


class Passage(models.Model):
    # An integer key: the FTS5 table refers to passages by rowid.
    id = models.BigAutoField(primary_key=True)
    source = models.ForeignKey(EvidenceSource, on_delete=models.CASCADE, related_name="passages")
    candidate = models.ForeignKey("sourcing.Candidate", on_delete=models.CASCADE, related_name="+")
    page = models.PositiveIntegerField(null=True, blank=True)
    position = models.PositiveIntegerField()
    label = models.CharField(max_length=300, blank=True)  # the question, for an answer
    text = models.TextField()
    terms = models.TextField()
    # The candidate's scope term (search.scope_term), a column of its own in SQLite's FTS5 table
    # so that a search narrows to one firm inside the index, weighted 0 in the ranking.
    scope = models.CharField(max_length=40)

    class Meta:
        ordering = ["source", "position"]
        indexes = [models.Index(fields=["candidate", "source"], name="evidence_passage_candidate")]

    def __str__(self) -> str:
        return self.text[:60]
