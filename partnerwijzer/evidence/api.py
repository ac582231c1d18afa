"""Evidence per criterion in the JSON API (mounted in partnerwijzer/routers.py).

* ``GET /candidates/{candidate_id}/evidence``: per criterion of the candidate's selection (or only
  ``criterion_id``), the best passages of the firm's submitted answers and documents, with file
  name, page and the matched words; and what was read (each file's status).
* ``GET /candidates/{candidate_id}/evidence/search?q=...``: the firm's passages holding every word.

Every member reads them, as they read the firm's answers (``GET .../portal-answers``); a search
never reaches another candidate's passages. Queries use the organisation's language.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError as NinjaValidationError

from partnerwijzer.accounts.access import not_found
from partnerwijzer.api.common import CandidateId, caller, responses
from partnerwijzer.evaluation.criteria_display import criterion_label
from partnerwijzer.evaluation.models import Criterion
from partnerwijzer.evidence import selectors
from partnerwijzer.evidence.models import EvidenceSource
from partnerwijzer.sourcing.lookups import candidate_for
from partnerwijzer.textrules import TEXT_PATTERN

router = Router(tags=["evidence"])


class EvidenceMarkOut(Schema):
    start: int = Field(ge=0, description="Offset of a matched word in `text` (characters).")
    end: int = Field(ge=0)


class EvidencePassageOut(Schema):
    id: int
    source_id: UUID
    file_name: str = Field(description="The uploaded file's name, or which questionnaire's answers.")
    kind: Literal["answers", "document"]
    page: int | None = Field(description="Page (sheet for a workbook); null for a questionnaire answer.")
    question: str = Field(description="The question answered; empty for a document.")
    text: str
    marks: list[EvidenceMarkOut]


class EvidenceSourceOut(Schema):
    id: UUID
    name: str
    kind: Literal["answers", "document"]
    status: Literal["indexed", "truncated", "failed"]
    reason: Literal["", "unreadable", "encrypted", "empty", "unsupported", "missing"]
    reason_text: str
    pages: int
    passages: int
    indexed_at: datetime


class CriterionEvidenceOut(Schema):
    criterion_id: UUID
    criterion: str
    passages: list[EvidencePassageOut]


class CandidateEvidenceOut(Schema):
    candidate_id: UUID
    language: Literal["nl", "de", "en"]
    waiting: bool = Field(description="Submitted answers or files not read yet (the worker has not run).")
    sources: list[EvidenceSourceOut]
    criteria: list[CriterionEvidenceOut]


class EvidenceSearchOut(Schema):
    candidate_id: UUID
    query: str
    passages: list[EvidencePassageOut]


def _passage_out(hit: selectors.Hit) -> EvidencePassageOut:
    return EvidencePassageOut(
        id=hit.passage_id, source_id=hit.source_id, file_name=hit.source_name, kind=hit.kind,  # type: ignore[arg-type]
        page=hit.page, question=hit.label, text=hit.text,
        marks=[EvidenceMarkOut(start=a, end=b) for a, b in hit.marks],
    )


def _source_out(source: EvidenceSource) -> EvidenceSourceOut:
    from partnerwijzer.evidence.services import failure_text

    return EvidenceSourceOut(
        id=source.pk, name=source.name, kind=source.kind, status=source.status,  # type: ignore[arg-type]
        reason=source.reason, reason_text=failure_text(source), pages=source.pages,  # type: ignore[arg-type]
        passages=source.passage_count, indexed_at=source.indexed_at,
    )


@router.get("/candidates/{candidate_id}/evidence", response=responses(CandidateEvidenceOut, 404, 422),
            summary="The passages of a candidate's answers and documents per criterion")
def evidence_detail(
    request: HttpRequest, candidate_id: CandidateId,
    criterion_id: Annotated[UUID | None, Query(description="Only this criterion of the candidate's selection.")] = None,
) -> CandidateEvidenceOut:
    """Per criterion the best passages (at most three) of the firm's latest submitted answers and
    files that match the criterion's rubric, practical tests and check items in the organisation's
    language; with every file read and its status. Empty lists until the firm submits."""
    candidate = candidate_for(caller(request), candidate_id)
    criteria = list(Criterion.objects.filter(selection_id=candidate.selection_id).order_by("position", "id"))
    if criterion_id is not None:
        criteria = [c for c in criteria if c.pk == criterion_id]
        if not criteria:
            raise not_found()
    language = candidate.selection.organisation.language
    panel = selectors.criterion_evidence(candidate, criteria, language)
    return CandidateEvidenceOut(
        candidate_id=candidate.pk, language=language,  # type: ignore[arg-type]
        waiting=panel.waiting, sources=[_source_out(source) for source in panel.sources],
        criteria=[
            CriterionEvidenceOut(
                criterion_id=criterion.pk, criterion=criterion_label(criterion, language),
                passages=[_passage_out(hit) for hit in panel.by_criterion.get(criterion.pk, [])],
            )
            for criterion in criteria
        ],
    )


@router.get("/candidates/{candidate_id}/evidence/search", response=responses(EvidenceSearchOut, 404, 422),
            summary="Search a candidate's answers and documents")
def evidence_search(
    request: HttpRequest, candidate_id: CandidateId,
    q: Annotated[str, Query(max_length=selectors.MAX_QUERY_CHARS, pattern=TEXT_PATTERN,
                            description="Words to look for; a passage must hold every one (stemmed).")] = "",
) -> EvidenceSearchOut:
    """At most 20 passages of this firm's latest submitted answers and files that hold every word
    of ``q``, best first. No ``q`` finds nothing; a text with only common words (such as "de") is
    refused with 422."""
    candidate = candidate_for(caller(request), candidate_id)
    if not q.strip():
        return EvidenceSearchOut(candidate_id=candidate.pk, query="", passages=[])
    result = selectors.search_candidate(candidate, q, candidate.selection.organisation.language)
    if result.error:
        raise NinjaValidationError([{"loc": ["query", "q"], "msg": result.error, "type": "value_error"}])
    return EvidenceSearchOut(candidate_id=candidate.pk, query=result.query,
                             passages=[_passage_out(hit) for hit in result.hits])

