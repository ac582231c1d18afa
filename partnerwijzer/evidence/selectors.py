"""Reads of the evidence: the passages beside each criterion on the score form, and a search over
one firm's passages. Never more than one candidate's passages at a time.

A criterion's query is made of its reference texts in the organisation's language (the rubric's
descriptions of a poor, an adequate and an excellent answer, its practical tests and its check
items, plus its name); an owner's own criterion uses its name and description. The query's terms
match any passage that holds one of them, best first (``search.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from partnerwijzer.evaluation.criteria_display import reference_criterion
from partnerwijzer.evaluation.models import Criterion
from partnerwijzer.evidence import analysis, search
from partnerwijzer.evidence.models import EvidenceSource, Passage, SourceStatus
from partnerwijzer.knowledge.schema import normalise_language
from partnerwijzer.portal.models import PortalLink
from partnerwijzer.textrules import has_control_character

PER_CRITERION = 3
SEARCH_LIMIT = 20
SNIPPET_CHARS = 360
MAX_QUERY_CHARS = 200


def criterion_texts(criterion: Criterion, lang: str) -> list[str]:
    """The texts a criterion's query is made of, in ``lang``."""
    lang = normalise_language(lang)
    ref = reference_criterion(criterion)
    texts = [criterion.custom_name, criterion.custom_description]
    if ref is not None:
        rubric = ref.rubric
        texts += [ref.name.get(lang), rubric.poor.get(lang), rubric.adequate.get(lang), rubric.excellent.get(lang)]
        texts += [test.get(lang) for test in ref.practical_tests]
        texts += [item.get(lang) for item in ref.check_items]
    return [text for text in texts if text]


def criterion_terms(criterion: Criterion, lang: str) -> list[str]:
    return analysis.criterion_query_terms(criterion_texts(criterion, lang), normalise_language(lang))


@dataclass(frozen=True)
class Hit:
    """One passage as an evaluator sees it."""

    passage_id: int
    source_id: Any
    source_name: str
    kind: str
    page: int | None
    label: str
    text: str
    snippet: SafeString
    rank: float
    wanted: tuple[str, ...] = ()
    lang: str = "nl"

    @property
    def marks(self) -> list[tuple[int, int]]:
        """(start, end) of the matched words in ``text`` (for the API; the page shows ``snippet``)."""
        return analysis.spans(self.text, self.wanted, self.lang)


def _hits(matches: Sequence[search.Match], wanted: Sequence[str], lang: str,
          passages: dict[int, Passage]) -> list[Hit]:
    hits = []
    for match in matches:
        passage = passages.get(match.passage_id)
        if passage is None:
            continue
        hits.append(Hit(
            passage_id=passage.pk, source_id=passage.source_id, source_name=passage.source.name,
            kind=passage.source.kind, page=passage.page,
            label=passage.label, text=passage.text,
            snippet=analysis.highlight(passage.text, wanted, lang, max_chars=SNIPPET_CHARS), rank=match.rank,
            wanted=tuple(wanted), lang=lang,
        ))
    return hits


def _passages(ids: set[int], candidate: Any) -> dict[int, Passage]:
    if not ids:
        return {}
    rows = Passage.objects.filter(pk__in=ids, candidate=candidate).select_related("source")
    return {passage.pk: passage for passage in rows}


@dataclass
class Panel:
    """What the score form shows of one firm: per criterion its best passages, and the state."""

    by_criterion: dict[Any, list[Hit]] = field(default_factory=dict)
    sources: list[EvidenceSource] = field(default_factory=list)
    waiting: bool = False  # submitted, not read yet (the worker has not run)

    @property
    def indexed(self) -> bool:
        return any(source.status != SourceStatus.FAILED for source in self.sources)

    @property
    def failed(self) -> list[EvidenceSource]:
        return [source for source in self.sources if source.status == SourceStatus.FAILED]


def sources_of(candidate: Any) -> list[EvidenceSource]:
    return list(EvidenceSource.objects.filter(candidate=candidate).order_by("kind", "name"))


def _waiting(candidate: Any, sources: list[EvidenceSource]) -> bool:
    """Whether a submission of the firm has not been read yet (one query)."""
    read = {source.link_id for source in sources}
    return (PortalLink.objects.filter(candidate=candidate, submitted_at__isnull=False)
            .exclude(pk__in=read).exclude(questionnaire__in=PortalLink.objects.filter(pk__in=read)
                                         .values("questionnaire_id")).exists())


def criterion_evidence(candidate: Any, criteria: Sequence[Criterion], lang: str, *,
                       per_criterion: int = PER_CRITERION) -> Panel:
    """The best passages of ``candidate`` for each criterion (queries in ``lang``)."""
    lang = normalise_language(lang)
    sources = sources_of(candidate)
    panel = Panel(sources=sources, waiting=_waiting(candidate, sources))
    if not panel.indexed:
        return panel
    found: dict[Any, tuple[list[search.Match], list[str]]] = {}
    for criterion in criteria:
        wanted = criterion_terms(criterion, lang)
        found[criterion.pk] = (search.search(candidate.pk, wanted, limit=per_criterion), wanted)
    passages = _passages({m.passage_id for matches, _w in found.values() for m in matches}, candidate)
    panel.by_criterion = {pk: _hits(matches, wanted, lang, passages) for pk, (matches, wanted) in found.items()}
    return panel


@dataclass
class SearchResult:
    query: str
    hits: list[Hit] = field(default_factory=list)
    error: str = ""


def query_error(query: str) -> str:
    """Why a search text is refused, in the active language, or ""."""
    if has_control_character(query):
        return _("The search text contains an invisible control character. Type it again.")
    if len(query) > MAX_QUERY_CHARS:
        return _("Use at most %(max)s characters to search.") % {"max": MAX_QUERY_CHARS}
    return ""


def search_candidate(candidate: Any, query: str, lang: str, *, limit: int = SEARCH_LIMIT) -> SearchResult:
    """The passages of ``candidate`` that hold every word of ``query`` (after stemming)."""
    lang = normalise_language(lang)
    query = (query or "").strip()
    result = SearchResult(query=query)
    result.error = query_error(query)
    if result.error:
        return result
    wanted = analysis.query_terms([query], lang)
    if not wanted:
        result.error = _("Type one or more words to search for.")
        return result
    matches = search.search(candidate.pk, wanted, mode="all", limit=limit)
    result.hits = _hits(matches, wanted, lang, _passages({m.passage_id for m in matches}, candidate))
    return result
