"""Document jobs: one requested file (a kind of :mod:`.registry` in one format), generated in
the background by :func:`partnerwijzer.documents.tasks.generate_document`.

The file lives under ``PRIVATE_FILES_DIR/documents/<organisation id>/`` (``file_path`` is
relative to ``PRIVATE_FILES_DIR``) and is only ever served through the download view and API
operation, which check membership. A selection's job belongs to it: a selection's own
documents target it directly, questionnaires (RFI, RFP) belong to one. A job of a kind a higher
app registered for a whole organisation (``registry.register``, target ``"organisation"``: the
adviser's portfolio) has no selection; its ``options`` (the portfolio's filters) go to the builder,
and it is listed and downloaded only through the registering app's pages (docs/advisers.md).
"""

from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being generated")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


ACTIVE_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)


class DocumentJob(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="document_jobs")
    # None for a whole organisation's document (target "organisation"; see the module docstring).
    selection = models.ForeignKey("sourcing.Selection", on_delete=models.CASCADE, related_name="document_jobs",
                                  null=True, blank=True)
    kind = models.CharField(_("document"), max_length=40)  # a key of registry.KINDS
    format = models.CharField(_("format"), max_length=4)  # docx, pdf, xlsx
    # The questionnaire (RFI, RFP) or the selection the document is built from.
    target_id = models.UUIDField()
    # What a whole organisation's document is built with (the portfolio's filter and sorting).
    options = models.JSONField(default=dict, blank=True)
    # The organisation's language when the document was requested: the file speaks it.
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=7, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    step = models.CharField(max_length=200, blank=True)  # what the worker is doing now (translated)
    # A user-facing message; the traceback goes to the log, never here.
    error = models.TextField(blank=True)
    file_path = models.CharField(max_length=500, blank=True)  # relative to PRIVATE_FILES_DIR
    filename = models.CharField(max_length=200, blank=True)  # the download's name (ASCII, safe)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The django.tasks result id (django_tasks_db.DBTaskResult), for support.
    task_result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["selection", "-created_at"], name="docjob_selection_time")]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="docjob_progress_max_100"),
            models.CheckConstraint(condition=Q(status__in=[s.value for s in JobStatus]), name="docjob_status_valid"),
            models.CheckConstraint(condition=Q(format__in=["docx", "pdf", "xlsx"]), name="docjob_format_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}.{self.format}"

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def ready(self) -> bool:
        return self.status == JobStatus.DONE and bool(self.file_path)

    def absolute_path(self) -> Path | None:
        """The file on disk, or None; refuses any path that would leave the private files folder."""
        if not self.file_path:
            return None
        root = Path(settings.PRIVATE_FILES_DIR).resolve()
        path = (root / self.file_path).resolve()
        if not path.is_relative_to(root / "documents"):
            return None
        return path


@receiver(post_delete, sender=DocumentJob)
def _remove_file(sender: Any, instance: DocumentJob, **kwargs: Any) -> None:
    """A deleted job (also by cascade, with its selection or organisation) takes its file along,
    once the deletion is committed (a rolled-back deletion keeps the file)."""
    path = instance.absolute_path()
    if path is None:
        return

    def remove() -> None:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            logger.warning("Could not remove document file of job %s", instance.pk, exc_info=True)

    transaction.on_commit(remove)
