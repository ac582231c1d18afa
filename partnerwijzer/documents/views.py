"""The documents page of a selection: ask for a document, watch it being generated, download it.

Every member reads the page and downloads the files; owners ask for documents and delete them.
Another organisation's selection or job is the same 404 as a missing one. Files are served
only here and through the API, as attachments, never cached on the way.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerwijzer.accounts.access import OrgRequest, membership_required, not_found, object_for
from partnerwijzer.accounts.roles import Role
from partnerwijzer.documents import selectors, services
from partnerwijzer.documents.answers_side_by_side import CONTENT_TYPE as ANSWERS_CONTENT_TYPE
from partnerwijzer.documents.answers_side_by_side import build_answers_side_by_side
from partnerwijzer.documents.forms import RequestForm
from partnerwijzer.documents.letter_document import build_letter
from partnerwijzer.documents.models import DocumentJob
from partnerwijzer.documents.progress_report import build_progress_report
from partnerwijzer.documents.render_docx import render_docx
from partnerwijzer.documents.render_pdf import render_pdf
from partnerwijzer.letters.lookups import letter_for
from partnerwijzer.letters.models import Letter
from partnerwijzer.questionnaires.models import Questionnaire
from partnerwijzer.results.lookups import project_for
from partnerwijzer.sourcing.lookups import selection_for
from partnerwijzer.sourcing.models import Selection

STEP = "selection"



def _job(request: OrgRequest, job_id: UUID, role: Role = Role.VIEWER) -> DocumentJob:
    # A selection's jobs only: a whole organisation's document is served by the app that registered it.
    jobs = DocumentJob.objects.filter(selection__isnull=False).select_related("organisation", "selection")
    return object_for(request, jobs, role=role, pk=job_id)


def _jobs_context(selection: Selection) -> dict[str, Any]:
    jobs = list(selectors.jobs_of(selection=selection))
    for job in jobs:
        job.kind_label = selectors.kind_label(job.kind)  # type: ignore[attr-defined]
        job.format_label = selectors.FORMAT_LABELS.get(job.format, job.format)  # type: ignore[attr-defined]
    return {"selection": selection, "jobs": jobs, "polling": selectors.any_active(jobs)}


@membership_required(Role.VIEWER)
@require_GET
def documents_page(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id)
    context = _jobs_context(selection)
    context.update({
        "choices": selectors.document_choices(selection=selection),
        "format_labels": selectors.FORMAT_LABELS,
        "active_step": STEP,
    })
    return render(request, "documents/documents.html", context)


@membership_required(Role.VIEWER)
@require_GET
def job_list(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    """The job list alone: what the page polls every two seconds while a job is under way."""
    selection = selection_for(request, selection_id)
    return render(request, "documents/_jobs.html", _jobs_context(selection))


@membership_required(Role.OWNER)
@require_POST
def document_request(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id, Role.OWNER)
    form = RequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a document and a format."))
        return redirect("documents:page", selection_id=selection.pk)
    target_id = form.cleaned_data["target_id"]
    try:
        services.request_document(
            actor=request.user, organisation=request.membership.organisation, kind=form.cleaned_data["kind"],
            format=form.cleaned_data["format"], target=target_id,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The document is being generated. It appears below when it is ready."))
    return redirect("documents:page", selection_id=selection.pk)


def file_response(job: DocumentJob) -> HttpResponse:
    """The job's file as an attachment (also served by the API), or the uniform 404."""
    path = job.absolute_path() if job.ready else None
    if path is None or not path.is_file():
        raise not_found()
    # Files are a few hundred kilobytes at most: read whole, so the response is an ordinary one.
    response = HttpResponse(path.read_bytes(), content_type=services.CONTENT_TYPES[job.format])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=job.filename or f"document.{job.format}"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@membership_required(Role.VIEWER)
@require_GET
def job_download(request: OrgRequest, job_id: UUID) -> HttpResponse:
    return file_response(_job(request, job_id))


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def job_delete(request: OrgRequest, job_id: UUID) -> HttpResponse:
    job = _job(request, job_id, Role.OWNER)
    if request.method == "POST":
        selection_id = job.selection_id
        services.delete_job(actor=request.user, job=job)
        messages.success(request, _("The document was deleted."))
        return redirect("documents:page", selection_id=selection_id)
    return render(request, "documents/job_delete.html", {
        "job": job, "kind_label": selectors.kind_label(job.kind), "active_step": STEP,
    })


# --- The progress report of a project (issue 13) ------------------------------------------------

PROGRESS_FORMATS = {"pdf": "application/pdf",
                    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@membership_required(Role.VIEWER)
@require_GET
def progress_report(request: OrgRequest, project_id: UUID, fmt: str) -> HttpResponse:
    """The project's progress report as PDF or DOCX, built on request (a few pages, a few seconds at
    most) in the reader's language."""
    if fmt not in PROGRESS_FORMATS:
        raise not_found()
    project = project_for(request, project_id)
    document = build_progress_report(project.organisation, project.pk, translation.get_language() or "nl")
    content = render_pdf(document) if fmt == "pdf" else render_docx(document)
    response = HttpResponse(content, content_type=PROGRESS_FORMATS[fmt])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{document.filename_stem}.{fmt}")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response



# --- Award and regret letters (issue 16) ---------------------------------------------------------


@membership_required(Role.VIEWER)
@require_GET
def letter_document(request: OrgRequest, letter_id: UUID, fmt: str) -> HttpResponse:
    """(Owners) one letter as DOCX or PDF, built on request: one page, well under a second."""
    if fmt not in PROGRESS_FORMATS:
        raise not_found()
    return letter_file(letter_for(request, letter_id), fmt)


def letter_file(letter: Letter, fmt: str) -> HttpResponse:
    """The letter as a ``docx`` or ``pdf`` attachment (this page and the API alike)."""
    document = build_letter(letter.organisation, letter.pk)
    content = render_pdf(document) if fmt == "pdf" else render_docx(document)
    response = HttpResponse(content, content_type=PROGRESS_FORMATS[fmt])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{document.filename_stem}.{fmt}")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- The firms' answers side by side (issue 16, item 5) -----------------------------------------


@membership_required(Role.VIEWER)
@require_GET
def answers_xlsx(request: OrgRequest, selection_id: UUID, questionnaire_id: UUID) -> HttpResponse:
    """Members (as for the page): the submitted answers side by side as XLSX, built on request in
    the reader's language."""
    selection = selection_for(request, selection_id)
    questionnaire = Questionnaire.objects.filter(pk=questionnaire_id, selection=selection).first()
    if questionnaire is None:
        raise not_found()
    content = build_answers_side_by_side(selection.organisation, questionnaire.pk, translation.get_language() or "nl")
    stem = services.safe_stem(f"{_('answers')}-{questionnaire.title}")
    response = HttpResponse(content, content_type=ANSWERS_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=f"{stem}.xlsx")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
