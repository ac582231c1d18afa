"""Role-matrix rows of the documents app: the documents page of a selection, its job list,
asking for a document, downloading and deleting one, and the API operations for jobs.

Members read and download; owners ask for documents and delete them; the outsider gets the
uniform 404. The selection is the sourcing rows' shared one (memo "selection"); the job is a
finished scoring-matrix job with a small file under PRIVATE_FILES_DIR, removed at exit.
"""

from __future__ import annotations

import atexit
import shutil
from pathlib import Path
from typing import Any

from django.utils import timezone

from partnerwijzer.documents.models import DocumentJob, JobStatus
from partnerwijzer.documents.services import documents_dir
from tests.authorisation.matrix import MEMBERS, OWNERS, Case, Op, object_readers, owner_only
from tests.authorisation.rows.questionnaires import questionnaire
from tests.authorisation.rows.sourcing import _selection
from tests.personas import Personas

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FOLDERS: set[Path] = set()


@atexit.register
def _remove_files() -> None:
    for folder in _FOLDERS:
        shutil.rmtree(folder, ignore_errors=True)


def _job(p: Personas) -> DocumentJob:
    def make() -> DocumentJob:
        selection = _selection(p)
        job = DocumentJob.objects.create(
            organisation=p.organisation, selection=selection, kind="scoring_matrix", format="xlsx",
            target_id=selection.pk, language="nl", status=JobStatus.DONE, progress=100,
            filename="scoring-matrix.xlsx", created_by=p.owner, finished_at=timezone.now(),
        )
        folder = documents_dir(p.organisation.pk)
        folder.mkdir(parents=True, exist_ok=True)
        _FOLDERS.add(folder)
        path = folder / f"{job.pk}.xlsx"
        path.write_bytes(b"PK\x03\x04 matrix test file")
        job.file_path = str(path.relative_to(folder.parent.parent))
        job.size = path.stat().st_size
        job.save()
        return job

    return p.memo("document_job", make)


def _sel(p: Personas) -> dict[str, Any]:
    return {"selection_id": _selection(p).pk}


def _jb(p: Personas) -> dict[str, Any]:
    return {"job_id": _job(p).pk}


def _request(p: Personas) -> dict[str, Any]:
    # A document without scores: the scoring matrix follows the blind-scoring rule (see
    # partnerwijzer/evaluation/tests/test_blind_scoring.py), which is not what this row tests.
    return {"kind": "first_talk_guide", "format": "docx", "target_id": str(_selection(p).pk)}


ROUTES: dict[str, Case] = {
    "documents:page": Case(object_readers(200), kwargs=_sel),
    # The answers side by side as XLSX (issue 16): members, like the page.
    "documents:answers_xlsx": Case(object_readers(200), kwargs=lambda p: {
        **_sel(p), "questionnaire_id": questionnaire(p).pk}),
    "documents:jobs": Case(object_readers(200), kwargs=_sel),
    "documents:request": Case(owner_only(302, outsider=404), method="post", kwargs=_sel, data=_request),
    "documents:download": Case(object_readers(200), kwargs=_jb),
    "documents:delete": Case(owner_only(200, outsider=404), kwargs=_jb),
}

API: dict[tuple[str, str], Op] = {
    ("GET", "/api/v1/selections/{selection_id}/documents"): Op(MEMBERS),
    ("POST", "/api/v1/selections/{selection_id}/documents"): Op(
        OWNERS, body={"kind": "first_talk_guide", "format": "docx"}
    ),
    ("GET", "/api/v1/documents/{job_id}"): Op(MEMBERS),
    ("GET", "/api/v1/documents/{job_id}/download"): Op(MEMBERS, content_type=XLSX),
    ("DELETE", "/api/v1/documents/{job_id}"): Op(OWNERS),
}

PATH_VALUES = {
    "job_id": lambda p: str(_job(p).pk),
}
