"""Reading a firm's submitted answers and files into passages (in the worker), and re-indexing.

``link_index`` is what the background task runs after a firm submits: it reads the link's answers
and every uploaded file outside any transaction (reading a 20-page PDF takes a moment and must not
hold SQLite's write lock), then replaces what was indexed for that firm and questionnaire in one
short transaction, with one audit event. A file that cannot be read is recorded with its reason
(``EvidenceSource.status`` "failed"); nothing a firm uploads can stop the worker.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import override

from partnerwijzer.audit.services import audit_record
from partnerwijzer.evidence import analysis, extract, search
from partnerwijzer.evidence.models import EvidenceSource, FailureReason, Passage, SourceKind, SourceStatus
from partnerwijzer.portal.models import PortalAnswer, PortalLink, PortalUpload

logger = logging.getLogger(__name__)

MAX_LABEL = 300


def limits() -> extract.Limits:
    return extract.Limits(
        max_pages=int(getattr(settings, "EVIDENCE_MAX_PAGES", 200)),
        max_chars=int(getattr(settings, "EVIDENCE_MAX_CHARS", 400_000)),
        max_rows=int(getattr(settings, "EVIDENCE_MAX_ROWS", 5_000)),
    )


@dataclass
class _Read:
    """One source read in memory, before it is written."""

    kind: str
    name: str
    upload: PortalUpload | None
    status: str = SourceStatus.INDEXED
    reason: str = ""
    pages: int = 0
    passages: list[tuple[int | None, str, str]] = field(default_factory=list)  # (page, label, text)


def _answers_name(link: PortalLink, language: str) -> str:
    from django.utils.translation import gettext as _

    with override(language):
        return (_("Answers to “%(title)s”") % {"title": link.questionnaire.title})[:200]


def _read_answers(link: PortalLink, language: str) -> _Read:
    read = _Read(kind=SourceKind.ANSWERS, name=_answers_name(link, language), upload=None)
    answers = (PortalAnswer.objects.filter(link=link).exclude(text="").select_related("question")
               .order_by("question__position", "question__id"))
    for answer in answers:
        for text in extract.split_passages(answer.text):
            read.passages.append((None, answer.question.text[:MAX_LABEL], text))
    return read


def _upload_file(upload: PortalUpload) -> Path:
    root = Path(settings.PRIVATE_FILES_DIR).resolve()
    path = (root / upload.stored_path).resolve()
    if root not in path.parents:
        raise extract.ExtractionError("missing")
    return path


def _read_upload(upload: PortalUpload) -> _Read:
    read = _Read(kind=SourceKind.DOCUMENT, name=upload.original_name[:200], upload=upload)
    try:
        path = _upload_file(upload)
        if not path.is_file():
            raise extract.ExtractionError("missing")
        result = extract.extract(path, upload.detected_type, limits())
    except extract.ExtractionError as error:
        read.status, read.reason = SourceStatus.FAILED, error.reason
        logger.info("Evidence: upload %s could not be read (%s)", upload.pk, error.reason)
        return read
    read.status = SourceStatus.TRUNCATED if result.truncated else SourceStatus.INDEXED
    read.pages = len(result.pages)
    for number, text in result.pages:
        for passage in extract.split_passages(text):
            read.passages.append((number, "", passage))
    return read


def _current_link(candidate_id: Any, questionnaire_id: Any) -> PortalLink | None:
    """The firm's latest submission to the questionnaire (what evaluators see)."""
    return (PortalLink.objects.filter(candidate_id=candidate_id, questionnaire_id=questionnaire_id,
                                      submitted_at__isnull=False)
            .select_related("questionnaire", "organisation").order_by("-submitted_at").first())


def link_index(*, link_id: Any, optimize: bool = True) -> list[EvidenceSource]:
    """Read and index the firm's submission behind ``link_id``; replaces what was indexed for the
    same firm and questionnaire. Nothing happens for a link that is gone, not submitted, or no
    longer the firm's latest submission to that questionnaire. Returns the sources written."""
    link = PortalLink.objects.filter(pk=link_id, submitted_at__isnull=False).first()
    if link is None:
        return []
    current = _current_link(link.candidate_id, link.questionnaire_id)
    if current is None or current.pk != link.pk:
        return []  # a newer submission replaced this one; its own task indexes it
    language = current.organisation.language
    reads = [_read_answers(current, language)]
    reads += [_read_upload(upload) for upload in PortalUpload.objects.filter(link=current).order_by("uploaded_at")]
    with transaction.atomic():
        # The submission may have changed while the files were read: write only the latest one.
        latest = _current_link(current.candidate_id, current.questionnaire_id)
        if latest is None or latest.pk != current.pk:
            return []
        EvidenceSource.objects.filter(candidate_id=current.candidate_id,
                                      link__questionnaire_id=current.questionnaire_id).delete()
        sources, passages = [], []
        for read in reads:
            source = EvidenceSource.objects.create(
                organisation_id=current.organisation_id, candidate_id=current.candidate_id, link=current,
                upload=read.upload, kind=read.kind, name=read.name, language=language, status=read.status,
                reason=read.reason, pages=read.pages, passage_count=len(read.passages),
            )
            sources.append(source)
            passages += [
                Passage(source=source, candidate_id=current.candidate_id, page=page, position=position, label=label,
                        text=text, terms=analysis.analysed(f"{label} {text}" if label else text, language))
                for position, (page, label, text) in enumerate(read.passages)
            ]
        search.index_passages(passages)
        audit_record(actor=None, organisation=current.organisation, action="evidence.index", target=current,
                     changes={"candidate": str(current.candidate_id), "sources": len(sources),
                              "passages": len(passages),
                              "failed": sum(1 for s in sources if s.status == SourceStatus.FAILED)})
    if optimize:
        search.optimize()
    return sources


def reindex_all(*, organisation: Any = None) -> tuple[int, int]:
    """Index every firm's latest submission again (``manage.py evidence_reindex``); (links, passages)."""
    links = PortalLink.objects.filter(submitted_at__isnull=False)
    if organisation is not None:
        links = links.filter(organisation=organisation)
    seen: set[tuple[Any, Any]] = set()
    count = passages = 0
    for link in links.order_by("-submitted_at"):
        key = (link.candidate_id, link.questionnaire_id)
        if key in seen:
            continue
        seen.add(key)
        sources = link_index(link_id=link.pk, optimize=False)
        count += 1
        passages += sum(source.passage_count for source in sources)
    search.optimize()
    return count, passages


def failure_text(source: EvidenceSource) -> str:
    return str(FailureReason(source.reason).label) if source.reason in FailureReason.values else ""


def enqueue(link_id: str) -> None:
    """Hand the indexing to the task backend (after the submission committed). A backend that
    fails is logged; ``manage.py evidence_reindex`` catches up, and the submission stands."""
    from partnerwijzer.evidence.tasks import index_link

    try:
        index_link.enqueue(link_id)
    except Exception:
        logger.exception("Evidence: could not queue the indexing of portal link %s", link_id)
