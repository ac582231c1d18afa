"""API of the documents app: document jobs of a selection.

Members list jobs, read their status and download finished files; owners ask for documents
and delete them; everyone else gets the uniform 404. A job is generated in the background:
poll ``GET /documents/{job_id}`` until ``status`` is ``done`` (or ``failed``, with ``error``),
then fetch ``/documents/{job_id}/download`` (404 until it is done).

Award and regret letters (issue 16) are built on request, as on the letters page: owners fetch
``/letters/{letter_id}/docx`` or ``/letters/{letter_id}/pdf``, the letter as it stands (a sent
letter exactly as sent). A letter exists once drafted, so it is always ready: there is no 409.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from ninja import Path, Router, Schema
from pydantic import WithJsonSchema

from partnerwijzer.accounts.access import membership_for_user, object_for_user
from partnerwijzer.accounts.models import User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.api.common import SelectionId, caller, responses
from partnerwijzer.documents import selectors, services
from partnerwijzer.documents.models import DocumentJob
from partnerwijzer.letters.lookups import letter_for
from partnerwijzer.sourcing.lookups import selection_for

router = Router(tags=["documents"])

_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}

JobId = Annotated[
    str,
    WithJsonSchema({"type": "string", "format": "uuid"}),
    Path(description="The document job's id. Unknown ids and other organisations' jobs both give 404."),
]
KindName = Literal["rfi", "rfp", "first_talk_guide", "reference_call_guide", "decision_report", "scoring_matrix"]
FormatName = Literal["docx", "pdf", "xlsx"]
LETTER_CONTENT_TYPES = {"pdf": "application/pdf",
                        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


class DocumentJobIn(Schema):
    kind: KindName
    format: FormatName
    target_id: UUID | None = None  # a questionnaire for rfi/rfp; the selection itself when left out


class DocumentJobOut(Schema):
    id: UUID
    selection_id: UUID
    kind: str
    kind_label: str
    format: str
    target_id: UUID
    language: str
    status: Literal["queued", "running", "done", "failed"]
    progress: int
    step: str
    error: str
    filename: str
    size: int | None
    sha256: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    download_url: str | None


class DeletedOut(Schema):
    deleted: bool = True


def _out(job: DocumentJob) -> DocumentJobOut:
    return DocumentJobOut(
        id=job.pk, selection_id=job.selection_id,  # type: ignore[arg-type]  # a selection's jobs only (_job)
        kind=job.kind, kind_label=selectors.kind_label(job.kind),
        format=job.format, target_id=job.target_id, language=job.language,
        status=job.status,  # type: ignore[arg-type]
        progress=job.progress, step=job.step, error=job.error, filename=job.filename, size=job.size,
        sha256=job.sha256, created_at=job.created_at, started_at=job.started_at, finished_at=job.finished_at,
        download_url=f"/api/v1/documents/{job.pk}/download" if job.ready else None,
    )



def _job(user: User, job_id: str, role: Role = Role.VIEWER) -> DocumentJob:
    # A selection's jobs only: a whole organisation's document is served by the app that registered it.
    return object_for_user(user, DocumentJob.objects.filter(selection__isnull=False).select_related("selection"),
                           job_id, role=role)


@router.get("/selections/{selection_id}/documents", response=responses(list[DocumentJobOut], 404),
            summary="Document jobs of a selection")
def document_jobs(request: HttpRequest, selection_id: SelectionId) -> list[DocumentJobOut]:
    """Newest first, with status and progress."""
    selection = selection_for(caller(request), selection_id)
    return [_out(job) for job in selectors.jobs_of(selection=selection)]


@router.post("/selections/{selection_id}/documents", response=responses(DocumentJobOut, 400, 403, 404, 422),
             summary="Ask for a document (owners)")
def document_job_create(request: HttpRequest, selection_id: SelectionId, payload: DocumentJobIn) -> DocumentJobOut:
    """Queues the generation in the organisation's language; the job starts as ``queued``.
    ``target_id`` names the questionnaire for ``rfi``/``rfp``; other kinds are built from the selection."""
    user = caller(request)
    selection = selection_for(user, selection_id, Role.OWNER)
    membership = membership_for_user(user, selection.organisation_id, role=Role.OWNER)
    job = services.request_document(
        actor=user, organisation=membership.organisation, kind=payload.kind, format=payload.format,
        target=payload.target_id or selection.pk, selection=selection,
    )
    return _out(job)


@router.get("/documents/{job_id}", response=responses(DocumentJobOut, 404), summary="Status of a document job")
def document_job(request: HttpRequest, job_id: JobId) -> DocumentJobOut:
    return _out(_job(caller(request), job_id))


@router.get(
    "/documents/{job_id}/download",
    summary="Download a generated document",
    openapi_extra={
        "responses": {
            200: {"description": "The file, as an attachment.",
                  "content": {ct: {"schema": {"type": "string", "format": "binary"}}
                              for ct in services.CONTENT_TYPES.values()}},
            401: {"description": "Not signed in.", "content": _ERROR},
            404: {"description": "No such job in your organisations, or its file is not ready.", "content": _ERROR},
        }
    },
)
def document_download(request: HttpRequest, job_id: JobId) -> HttpResponse:
    from partnerwijzer.documents.views import file_response

    return file_response(_job(caller(request), job_id))


@router.delete("/documents/{job_id}", response=responses(DeletedOut, 403, 404),
               summary="Delete a document job and its file (owners)")
def document_job_delete(request: HttpRequest, job_id: JobId) -> DeletedOut:
    user = caller(request)
    services.delete_job(actor=user, job=_job(user, job_id, Role.OWNER))
    return DeletedOut()


# --- Award and regret letters as files (issue 16) ------------------------------------------------

LetterId = Annotated[
    str,
    WithJsonSchema({"type": "string", "format": "uuid"}),
    Path(description="The letter's id. Unknown ids and other organisations' letters both give 404."),
]


def _letter_responses(fmt: str, content_type: str) -> dict[str, Any]:
    return {"responses": {
        200: {"description": f"The letter as {fmt.upper()}, as an attachment (Content-Disposition: attachment).",
              "content": {content_type: {"schema": {"type": "string", "format": "binary"}}}},
        401: {"description": "Not signed in.", "content": _ERROR},
        403: {"description": "Your role does not allow this: letters are for owners (they explain a firm's "
                             "scores).", "content": _ERROR},
        404: {"description": "No such letter in your organisations (not drafted yet, or another "
                             "organisation's).", "content": _ERROR},
    }}


def _letter_download(request: HttpRequest, letter_id: str, fmt: str) -> HttpResponse:
    from partnerwijzer.documents.views import letter_file

    return letter_file(letter_for(caller(request), letter_id), fmt)


@router.get("/letters/{letter_id}/docx", summary="Download an award or regret letter as DOCX (owners)",
            tags=["letters"], openapi_extra=_letter_responses("docx", LETTER_CONTENT_TYPES["docx"]))
def letter_docx(request: HttpRequest, letter_id: LetterId) -> HttpResponse:
    """The letter's subject, the firm's name, the date (of sending, or today for a draft) and its
    text, in the letter's language; built on request."""
    return _letter_download(request, letter_id, "docx")


@router.get("/letters/{letter_id}/pdf", summary="Download an award or regret letter as PDF (owners)",
            tags=["letters"], openapi_extra=_letter_responses("pdf", LETTER_CONTENT_TYPES["pdf"]))
def letter_pdf(request: HttpRequest, letter_id: LetterId) -> HttpResponse:
    """As the DOCX, as a PDF."""
    return _letter_download(request, letter_id, "pdf")
