"""What apps above evaluation lend it, registered when Django starts (their ``AppConfig.ready``).

evaluation sits below budget and portal (docs/architecture.md) and never imports them. Where the
scoring needs their data, the owner registers a function here:

* budget registers the price column from the candidates' quotes (``price_from_quotes``);
* portal registers the candidate's submitted questionnaire answers shown beside the score form.

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
    CandidateAnswers = Callable[[Candidate], list[Any]]

_quote_prices: list[QuotePrices] = []
_candidate_answers: list[CandidateAnswers] = []


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
