"""What apps above evaluation lend it, registered when Django starts (their ``AppConfig.ready``).

evaluation sits below budget and portal (docs/architecture.md) and never imports them. Where the
scoring needs their data, the owner registers a function here:

* budget registers the price column from the candidates' quotes (``price_from_quotes``);
* portal registers the candidate's submitted questionnaire answers shown beside the score form;
* evidence registers, per criterion, the passages of the candidate's answers and documents that
  match it, and a search over them (both shown on the score form).

Without a registration (the owner not installed) the scoring works without that data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from partnerwijzer.sourcing.models import Candidate

    QuotePrices = Callable[[Sequence[Candidate]], NDArray[np.float64] | None]
    from partnerwijzer.evaluation.models import Criterion

    CandidateAnswers = Callable[[Candidate], list[Any]]
    # (candidate, criteria, organisation language) -> a panel: ``by_criterion`` {criterion id:
    # passages}, ``indexed``, ``waiting``, ``failed``.
    CriterionEvidence = Callable[[Candidate, Sequence[Criterion], str], Any]
    # (candidate, search text, organisation language) -> a result: ``query``, ``hits``, ``error``.
    EvidenceSearch = Callable[[Candidate, str, str], Any]

_quote_prices: list[QuotePrices] = []
_candidate_answers: list[CandidateAnswers] = []
_criterion_evidence: list[CriterionEvidence] = []
_evidence_search: list[EvidenceSearch] = []


def register_quote_prices(provider: QuotePrices) -> None:
    _quote_prices[:] = [provider]


def register_candidate_answers(provider: CandidateAnswers) -> None:
    _candidate_answers[:] = [provider]


def quote_prices(candidates: Sequence[Candidate]) -> NDArray[np.float64] | None:
    """The price criterion's scores from the quotes, in the candidates' order; None without quotes."""
    return _quote_prices[0](candidates) if _quote_prices else None


def candidate_answers(candidate: Candidate) -> list[Any]:
    """The candidate's submitted questionnaire answers, grouped as the portal shows them."""
    return _candidate_answers[0](candidate) if _candidate_answers else []


def register_evidence(panel: CriterionEvidence, search: EvidenceSearch) -> None:
    _criterion_evidence[:] = [panel]
    _evidence_search[:] = [search]


def evidence_available() -> bool:
    return bool(_criterion_evidence)


def criterion_evidence(candidate: Candidate, criteria: Sequence[Criterion], lang: str) -> Any:
    """Per criterion the passages of the candidate's answers and documents that match it; None
    without the evidence app."""
    return _criterion_evidence[0](candidate, criteria, lang) if _criterion_evidence else None


def evidence_search(candidate: Candidate, query: str, lang: str) -> Any:
    """A search over the candidate's passages; None without the evidence app."""
    return _evidence_search[0](candidate, query, lang) if _evidence_search else None
