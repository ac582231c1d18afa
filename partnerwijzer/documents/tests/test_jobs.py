"""Document jobs end to end through django-tasks-db's real worker (in-process, batch mode):
queued -> done with progress 100, the file on disk, downloads for members; the failure path
with a user-facing error; the services' validation; the page, its polling partial, the API."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.documents import services
from partnerwijzer.documents.models import DocumentJob, JobStatus
from partnerwijzer.documents.tests.helpers import hostile_document, run_worker, scored_selection
from tests.personas import Personas, make_personas

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def files(settings: Any, tmp_path: Path) -> Path:
    settings.PRIVATE_FILES_DIR = tmp_path
    return tmp_path


def _fake_builder(organisation: Any, target_id: Any, language: str) -> Any:
    return hostile_document(language)


def _broken_builder(organisation: Any, target_id: Any, language: str) -> Any:
    raise RuntimeError("secret internal detail /etc/passwd")


def _use_builder(monkeypatch: pytest.MonkeyPatch, kind: str, builder: str) -> None:
    from partnerwijzer.documents import registry

    monkeypatch.setitem(registry.KINDS, kind, registry.Kind(kind, builder, "selection", ("docx", "pdf")))


# --- Through the real worker (transactional: the worker commits like a separate process) ---------


@pytest.mark.django_db(transaction=True)
def test_queued_job_is_done_by_the_database_worker(files: Path) -> None:
    p = make_personas()
    built = scored_selection(p)
    job = services.request_document(actor=p.owner, organisation=p.organisation, kind="scoring_matrix",
                                    format="xlsx", target=built.selection.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert job.language == "nl"
    assert DBTaskResult.objects.filter(pk=job.task_result_id, status="READY").exists()

    run_worker()

    job.refresh_from_db()
    assert (job.status, job.progress, job.error) == (JobStatus.DONE, 100, "")
    assert DBTaskResult.objects.get(pk=job.task_result_id).status == "SUCCESSFUL"
    path = job.absolute_path()
    assert path is not None
    assert path.is_file()
    assert path.is_relative_to(files / "documents" / str(p.organisation.pk))
    content = path.read_bytes()
    assert job.size == len(content)
    assert job.sha256 == hashlib.sha256(content).hexdigest()
    assert job.filename.startswith("scorematrix-")  # named in the organisation's language (nl)
    assert job.filename.endswith(".xlsx")
    assert job.started_at
    assert job.finished_at

    response = p.client("viewer").get(reverse("documents:download", kwargs={"job_id": job.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == f'attachment; filename="{job.filename}"'
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == content
    assert p.client("outsider").get(reverse("documents:download", kwargs={"job_id": job.pk})).status_code == 404

    services.delete_job(actor=p.owner, job=job)
    assert not path.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_pdf_and_docx_jobs(files: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    _use_builder(monkeypatch, "decision_report", f"{__name__}._fake_builder")
    p = make_personas()
    built = scored_selection(p)
    job = services.request_document(actor=p.owner, organisation=p.organisation, kind="decision_report",
                                    format=fmt, target=built.selection)
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.filename == f"offerteaanvraag-onderhoud.{fmt}"
    path = job.absolute_path()
    assert path is not None
    assert path.read_bytes().startswith(b"%PDF" if fmt == "pdf" else b"PK")


@pytest.mark.django_db(transaction=True)
def test_failure_stores_a_user_facing_error(files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _use_builder(monkeypatch, "decision_report", f"{__name__}._broken_builder")
    p = make_personas()
    built = scored_selection(p)
    job = services.request_document(actor=p.owner, organisation=p.organisation, kind="decision_report",
                                    format="pdf", target=built.selection)
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.finished_at
    assert job.error
    assert "passwd" not in job.error
    assert "Traceback" not in job.error
    assert not job.file_path
    assert not list((files / "documents").rglob("*.*"))
    task = DBTaskResult.objects.get(pk=job.task_result_id)
    assert task.status == "FAILED"
    assert "RuntimeError" in task.traceback
    page = p.client("viewer").get(reverse("documents:page", kwargs={"selection_id": built.selection.pk}))
    assert job.error in page.content.decode()
    assert "passwd" not in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_deleted_before_the_worker_runs(files: Path) -> None:
    p = make_personas()
    built = scored_selection(p)
    job = services.request_document(actor=p.owner, organisation=p.organisation, kind="scoring_matrix",
                                    format="xlsx", target=built.selection.pk)
    services.delete_job(actor=p.owner, job=job)
    run_worker()
    assert not DocumentJob.objects.exists()
    assert not (files / "documents").exists() or not list((files / "documents").rglob("*.*"))


# --- Services -----------------------------------------------------------------------------------------


def test_request_validates(personas: Personas) -> None:
    built = scored_selection(personas)
    owner, org = personas.owner, personas.organisation
    with pytest.raises(PermissionDenied):
        services.request_document(actor=personas.viewer, organisation=org, kind="scoring_matrix", format="xlsx",
                                  target=built.selection)
    with pytest.raises(ValidationError) as unknown:
        services.request_document(actor=owner, organisation=org, kind="nope", format="pdf", target=built.selection)
    assert "kind" in unknown.value.message_dict
    with pytest.raises(ValidationError) as fmt:
        services.request_document(actor=owner, organisation=org, kind="scoring_matrix", format="pdf",
                                  target=built.selection)
    assert "format" in fmt.value.message_dict
    other = scored_selection(personas)
    other.selection.organisation = personas.other_organisation
    other.selection.save()
    for target in (other.selection.pk, "not-a-uuid", None):
        with pytest.raises(ValidationError) as wrong:
            services.request_document(actor=owner, organisation=org, kind="scoring_matrix", format="xlsx",
                                      target=target)
        assert "target_id" in wrong.value.message_dict
    assert not DocumentJob.objects.exists()


def test_request_is_audited_and_limited(personas: Personas, django_capture_on_commit_callbacks: Any) -> None:
    built = scored_selection(personas)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.request_document(actor=personas.owner, organisation=personas.organisation,
                                        kind="scoring_matrix", format="xlsx", target=built.selection)
    assert len(callbacks) == 1  # enqueued only after the commit
    assert AuditEvent.objects.filter(action="document.request", target_id=str(job.pk)).exists()
    for _k in range(services.MAX_ACTIVE_JOBS - 1):
        services.request_document(actor=personas.owner, organisation=personas.organisation,
                                  kind="scoring_matrix", format="xlsx", target=built.selection)
    with pytest.raises(ValidationError):
        services.request_document(actor=personas.owner, organisation=personas.organisation,
                                  kind="scoring_matrix", format="xlsx", target=built.selection)


def test_rfi_needs_a_questionnaire_of_that_kind(personas: Personas) -> None:
    from django.utils import timezone

    from partnerwijzer.questionnaires.models import Questionnaire

    built = scored_selection(personas)
    rfp = Questionnaire.objects.create(selection=built.selection, kind="rfp", title="RFP", deadline=timezone.now())
    with pytest.raises(ValidationError):
        services.request_document(actor=personas.owner, organisation=personas.organisation, kind="rfi",
                                  format="pdf", target=rfp.pk)
    job = services.request_document(actor=personas.owner, organisation=personas.organisation, kind="rfp",
                                    format="pdf", target=rfp.pk)
    assert job.selection_id == built.selection.pk
    assert job.target_id == rfp.pk


# --- Page, polling partial, API -----------------------------------------------------------------------


def test_page_lists_kinds_and_polls_while_active(personas: Personas) -> None:
    built = scored_selection(personas)
    url = reverse("documents:page", kwargs={"selection_id": built.selection.pk})
    page = personas.client("owner").get(url).content.decode()
    for kind in ("decision_report", "scoring_matrix", "first_talk_guide", "reference_call_guide"):
        assert f'data-kind="{kind}"' in page
    assert 'hx-trigger="every 2s"' not in page
    assert "<style" not in page
    assert " style=" not in page
    viewer_page = personas.client("viewer").get(url).content.decode()
    assert reverse("documents:request", kwargs={"selection_id": built.selection.pk}) not in viewer_page

    response = personas.client("owner").post(
        reverse("documents:request", kwargs={"selection_id": built.selection.pk}),
        {"kind": "scoring_matrix", "format": "xlsx", "target_id": str(built.selection.pk)},
    )
    assert response.status_code == 302
    partial = personas.client("viewer").get(reverse("documents:jobs", kwargs={"selection_id": built.selection.pk}))
    html = partial.content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert "<progress" in html
    assert 'data-status="queued"' in html

    DocumentJob.objects.update(status=JobStatus.DONE, progress=100)
    html = personas.client("viewer").get(reverse("documents:jobs", kwargs={"selection_id": built.selection.pk}))
    assert 'hx-trigger="every 2s"' not in html.content.decode()  # polling stops


def test_selection_page_links_to_documents(personas: Personas) -> None:
    built = scored_selection(personas)
    url = reverse("sourcing:selection_detail", kwargs={"selection_id": built.selection.pk})
    page = personas.client("viewer").get(url)
    assert reverse("documents:page", kwargs={"selection_id": built.selection.pk}) in page.content.decode()


def test_api_create_status_list_delete(personas: Personas) -> None:
    built = scored_selection(personas)
    client = personas.client("owner")
    url = f"/api/v1/selections/{built.selection.pk}/documents"
    created = client.post(url, {"kind": "scoring_matrix", "format": "xlsx"}, content_type="application/json")
    assert created.status_code == 200, created.content
    body = created.json()
    assert body["status"] == "queued"
    assert body["download_url"] is None
    assert body["language"] == "nl"
    assert client.get(f"/api/v1/documents/{body['id']}").json()["id"] == body["id"]
    assert [j["id"] for j in personas.client("viewer").get(url).json()] == [body["id"]]
    assert client.get(f"/api/v1/documents/{body['id']}/download").status_code == 404  # not ready yet
    wrong = client.post(url, {"kind": "scoring_matrix", "format": "pdf"}, content_type="application/json")
    assert wrong.status_code == 422
    assert client.delete(f"/api/v1/documents/{body['id']}").json() == {"deleted": True}
    assert not DocumentJob.objects.exists()


def test_api_rfi_target_must_be_in_the_selection(personas: Personas) -> None:
    from django.utils import timezone

    from partnerwijzer.questionnaires.models import Questionnaire

    first, second = scored_selection(personas), scored_selection(personas)
    rfi = Questionnaire.objects.create(selection=second.selection, kind="rfi", title="RFI", deadline=timezone.now())
    response = personas.client("owner").post(
        f"/api/v1/selections/{first.selection.pk}/documents",
        {"kind": "rfi", "format": "pdf", "target_id": str(rfi.pk)}, content_type="application/json",
    )
    assert response.status_code == 422


@pytest.mark.parametrize(("language", "shown", "short"), [("nl", "3 maart 2026 14:05", "03-03-2026"),
                                                       ("de", "3. März 2026 14:05", "03.03.2026")])
def test_the_jobs_list_shows_when_through_the_one_formatter(personas: Personas, language: str, shown: str,
                                                           short: str) -> None:
    """polish3 item 7: the jobs list used Django's short format; now the one locale-aware formatter."""
    import datetime as dt

    built = scored_selection(personas)
    personas.client("owner").post(
        reverse("documents:request", kwargs={"selection_id": built.selection.pk}),
        {"kind": "scoring_matrix", "format": "xlsx", "target_id": str(built.selection.pk)},
    )
    DocumentJob.objects.update(created_at=dt.datetime(2026, 3, 3, 13, 5, tzinfo=dt.UTC))  # 14:05 in Amsterdam
    personas.speak(language)
    html = personas.client("viewer").get(reverse("documents:jobs", kwargs={"selection_id": built.selection.pk}))
    assert shown in html.content.decode()
    assert short not in html.content.decode()
