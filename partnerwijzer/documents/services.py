"""Writing document jobs: request one, run one (in the worker), delete one.

``request_document`` validates the kind, the format and the target (which must belong to the
organisation), creates the job and enqueues the background task once the transaction commits,
so a worker never sees a job that is not stored yet. ``run_job`` is what the task does:
build the neutral document with the kind's builder (registry), render it, write the file
atomically and record progress, the result or a user-facing error (the traceback goes to the
log and to the task result, never to the user).
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path
from typing import Any, Final
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from partnerwijzer.accounts.access import membership_of, parse_uuid
from partnerwijzer.accounts.models import Organisation, User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.audit.services import audit_record
from partnerwijzer.documents import registry
from partnerwijzer.documents.content import Document
from partnerwijzer.documents.models import ACTIVE_STATUSES, DocumentJob, JobStatus
from partnerwijzer.documents.selectors import KIND_LABELS, kind_label
from partnerwijzer.evaluation.access import results_visible_for_user
from partnerwijzer.knowledge import overrides
from partnerwijzer.sourcing.models import Selection

logger = logging.getLogger(__name__)

MAX_ACTIVE_JOBS: Final = 10
"""Jobs an organisation may have queued or running at once (a runaway client cannot fill the queue)."""
FILENAME_STEM_LENGTH: Final = 80
CONTENT_TYPES: Final = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


SCORE_KINDS: Final = frozenset({"decision_report", "scoring_matrix"})
"""Documents that show evaluators' scores and the ranking: under the blind-scoring rule."""


class DocumentError(Exception):
    """A failure whose message may be shown to the user as it is (already translated)."""



def _require_owner(actor: User, organisation: Organisation) -> None:
    membership = membership_of(actor, organisation.pk)  # an adviser working alongside acts as an owner
    if membership is None or not membership.has_role(Role.OWNER):
        raise PermissionDenied(_("Your role in this organisation does not allow this."))


def resolve_target(organisation: Organisation, kind: registry.Kind, target: Any) -> tuple[Selection, UUID]:
    """The selection a job belongs to and the id of what the document is built from.

    ``target`` is a selection or questionnaire (or its id); another organisation's object, a
    questionnaire of the other kind and a made-up id all give the same validation error.
    """
    from partnerwijzer.questionnaires.models import Questionnaire

    target_id = parse_uuid(getattr(target, "pk", target))
    if kind.target == "selection":
        selection = Selection.objects.filter(pk=target_id, organisation=organisation).first() if target_id else None
        if selection is not None:
            return selection, selection.pk
        raise ValidationError({"target_id": _("Choose a selection of your organisation.")})
    questionnaire = (
        Questionnaire.objects.select_related("selection")
        .filter(pk=target_id, selection__organisation=organisation, kind=kind.key)
        .first()
        if target_id
        else None
    )
    if questionnaire is not None:
        return questionnaire.selection, questionnaire.pk
    raise ValidationError({"target_id": _("Choose a questionnaire of this kind from your organisation.")})


def request_document(
    *, actor: User, organisation: Organisation, kind: str, format: str, target: Any,  # noqa: A002
    selection: Selection | None = None,
) -> DocumentJob:
    """Queue the generation of one document; owners only. The file speaks the organisation's language.

    With ``selection``, the target must belong to it (the API names the selection in the path).
    """
    _require_owner(actor, organisation)
    spec = registry.KINDS.get(str(kind))
    if spec is None or spec.target == "organisation":  # those have their own request (below)
        raise ValidationError({"kind": _("Unknown document.")})
    if format not in spec.formats:
        raise ValidationError({"format": _("This document comes as %(formats)s.") % {
            "formats": ", ".join(f.upper() for f in spec.formats)}})
    owning, target_id = resolve_target(organisation, spec, target)
    if selection is not None and owning.pk != selection.pk:
        raise ValidationError({"target_id": _("Choose a questionnaire of this selection.")})
    selection = owning
    if spec.key in SCORE_KINDS and not results_visible_for_user(actor, selection):
        # Blind scoring (issue 11): a document with the scores is a view of them like any other.
        raise ValidationError({"kind": _(
            "This document shows everyone's scores. You can generate it once you have submitted your own "
            "scores or scoring is closed.")})
    with transaction.atomic():
        _require_room(organisation)
        job = DocumentJob.objects.create(
            organisation=organisation, selection=selection, kind=spec.key, format=format, target_id=target_id,
            language=organisation.language, created_by=actor,
            step=_step(organisation.language, "queued"),
        )
        audit_record(actor=actor, organisation=organisation, action="document.request", target=job,
                     changes={"kind": spec.key, "format": format, "target_id": str(target_id)})
        transaction.on_commit(lambda: enqueue(job.pk))
    return job


def _require_room(organisation: Organisation) -> None:
    active = DocumentJob.objects.filter(organisation=organisation, status__in=ACTIVE_STATUSES).count()
    if active >= MAX_ACTIVE_JOBS:
        raise ValidationError(_("%(count)s documents are being generated already. Wait until they are ready.")
                              % {"count": active})


ORGANISATION_JOBS_KEPT: Final = 5
"""Finished jobs of one whole-organisation kind kept per organisation (the page lists as many)."""


def request_organisation_document(
    *, actor: User, organisation: Organisation, kind: str, format: str,  # noqa: A002
    options: dict[str, str] | None = None, role: Role = Role.VIEWER,
) -> DocumentJob:
    """Queue a whole organisation's document (a kind a higher app registered with target
    ``"organisation"``, such as the adviser's portfolio): no selection, ``options`` go to the
    builder. ``actor`` must be a member of ``organisation`` itself with at least ``role`` (an
    adviser acting in a client through a grant is not), as for :func:`request_document`.
    Finished jobs of the kind beyond the newest :data:`ORGANISATION_JOBS_KEPT` are deleted with
    their files (there is no delete button for them; the audit event counts them)."""
    membership = membership_of(actor, organisation.pk)
    if membership is None or not membership.holds_organisation or not membership.has_role(role):
        raise PermissionDenied(_("Your role in this organisation does not allow this."))
    spec = registry.KINDS.get(str(kind))
    if spec is None or spec.target != "organisation" or format not in spec.formats:
        raise ValidationError({"kind": _("Unknown document.")})
    with transaction.atomic():
        _require_room(organisation)
        finished = DocumentJob.objects.filter(organisation=organisation, kind=spec.key, selection__isnull=True,
                                              status__in=(JobStatus.DONE, JobStatus.FAILED))
        old = list(finished.order_by("-created_at", "-id").values_list("pk", flat=True)[ORGANISATION_JOBS_KEPT - 1:])
        for stale in DocumentJob.objects.filter(pk__in=old):
            stale.delete()  # one by one: each takes its file along once committed (models.py)
        job = DocumentJob.objects.create(
            organisation=organisation, selection=None, kind=spec.key, format=format, target_id=organisation.pk,
            options=dict(options or {}), language=organisation.language, created_by=actor,
            step=_step(organisation.language, "queued"),
        )
        audit_record(actor=actor, organisation=organisation, action="document.request", target=job,
                     changes={"kind": spec.key, "format": format, "options": job.options, "deleted_older": len(old)})
        transaction.on_commit(lambda: enqueue(job.pk))
    return job


def enqueue(job_id: UUID) -> None:
    """Hand the job to the task backend (after commit); a failing backend fails the job visibly."""
    from partnerwijzer.documents.tasks import generate_document

    try:
        result = generate_document.enqueue(str(job_id))
    except Exception:
        logger.exception("Could not enqueue document job %s", job_id)
        DocumentJob.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED, finished_at=timezone.now(),
            error=_("The document could not be queued. Please try again later."),
        )
        return
    DocumentJob.objects.filter(pk=job_id).update(task_result_id=str(result.id))


def delete_job(*, actor: User, job: DocumentJob) -> None:
    """Delete a job and its file (owners only); the file goes once the deletion is committed."""
    _require_owner(actor, job.organisation)
    with transaction.atomic():
        audit_record(actor=actor, organisation=job.organisation, action="document.delete", target=job,
                     changes={"kind": job.kind, "format": job.format, "filename": job.filename})
        job.delete()


# --- Running a job (in the worker) -----------------------------------------------------------------


def _step(language: str, key: str) -> str:
    with translation.override(language):
        return {
            "queued": _("Waiting for a worker"),
            "collecting": _("Collecting the data"),
            "rendering": _("Laying out the document"),
            "saving": _("Saving the file"),
            "done": _("Ready"),
            "failed": _("Failed"),
        }[key]


def _progress(job: DocumentJob, percent: int, key: str) -> None:
    job.progress, job.step = percent, _step(job.language, key)
    DocumentJob.objects.filter(pk=job.pk).update(progress=percent, step=job.step)


def run_job(job_id: Any) -> None:
    """Generate the job's file. Does nothing if the job is gone or was taken already."""
    now = timezone.now()
    claimed = DocumentJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, progress=5, step="",
    )
    if not claimed:
        logger.info("Document job %s is not queued (deleted or taken); skipping", job_id)
        return
    job = DocumentJob.objects.select_related("organisation").get(pk=job_id)
    path: Path | None = None
    try:
        # The organisation's own figure values apply in the worker as in a request.
        with translation.override(job.language), overrides.scope(job.organisation_id):
            content, stem = _generate(job)
            _progress(job, 85, "saving")
            path, digest = _write(job, content)
        done = DocumentJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.DONE, progress=100, step=_step(job.language, "done"), finished_at=timezone.now(),
            file_path=str(path.relative_to(Path(settings.PRIVATE_FILES_DIR).resolve())),
            filename=f"{stem}.{job.format}", size=len(content), sha256=digest, error="",
        )
        if not done:  # deleted while it was being generated
            path.unlink(missing_ok=True)
    except Exception as error:
        if path is not None:
            path.unlink(missing_ok=True)
        logger.exception("Document job %s (%s.%s) failed", job.pk, job.kind, job.format)
        DocumentJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, step=_step(job.language, "failed"), finished_at=timezone.now(),
            error=_user_message(error, job.language),
        )
        raise  # the task result keeps the traceback for support


def _user_message(error: Exception, language: str) -> str:
    with translation.override(language):
        if isinstance(error, DocumentError):
            return str(error)
        if isinstance(error, ValidationError):
            return " ".join(error.messages)
        if isinstance(error, ObjectDoesNotExist):
            return _("What this document is built from no longer exists.")
        return _("The document could not be generated. Please try again; if it fails again, tell your "
                 "administrator (the details are in the server log).")


def _generate(job: DocumentJob) -> tuple[bytes, str]:
    """The file's bytes and its name without extension."""
    spec = registry.KINDS.get(job.kind)
    if spec is None or job.format not in spec.formats:
        raise DocumentError(_("This kind of document is no longer available."))
    builder = import_string(spec.builder)
    _progress(job, 15, "collecting")
    if spec.target == "organisation":
        whole = builder(job.organisation, job.options, job.language)
        if not isinstance(whole, bytes):
            raise TypeError(f"{spec.builder} must return bytes")
        with translation.override(job.language):
            return whole, safe_stem(f"{kind_label(job.kind)}-{job.organisation.name}")
    built = builder(job.organisation, job.target_id, job.language)
    if job.format == "xlsx":
        if not isinstance(built, bytes):
            raise TypeError(f"{spec.builder} must return bytes for XLSX")
        selection_title = (Selection.objects.filter(pk=job.selection_id).values_list("title", flat=True).first()
                           if job.selection_id else None)
        with translation.override(job.language):  # "scoremodel-..." in a Dutch organisation
            label = str(KIND_LABELS.get(job.kind, job.kind.replace("_", "-")))
        return built, safe_stem(f"{label}-{selection_title or ''}")
    if not isinstance(built, Document):
        raise TypeError(f"{spec.builder} must return a Document")
    _progress(job, 50, "rendering")
    if job.format == "pdf":
        from partnerwijzer.documents.render_pdf import render_pdf

        return render_pdf(built), safe_stem(built.filename_stem or job.kind)
    from partnerwijzer.documents.render_docx import render_docx

    return render_docx(built), safe_stem(built.filename_stem or job.kind)


def safe_stem(text: str) -> str:
    """ASCII letters, digits and dashes only: no quoting in headers, safe on every system."""
    return slugify(text)[:FILENAME_STEM_LENGTH].strip("-") or "document"


def documents_dir(organisation_id: Any) -> Path:
    return Path(settings.PRIVATE_FILES_DIR).resolve() / "documents" / str(organisation_id)


def _write(job: DocumentJob, content: bytes) -> tuple[Path, str]:
    """Write the file atomically (temporary file in the same folder, fsync, rename)."""
    folder = documents_dir(job.organisation_id)
    folder.mkdir(parents=True, exist_ok=True, mode=0o750)
    final = folder / f"{job.pk}.{job.format}"
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=f".{job.format}")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, final)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return final, hashlib.sha256(content).hexdigest()
