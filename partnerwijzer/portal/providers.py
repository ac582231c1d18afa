"""What apps above portal lend it, registered when Django starts (their ``AppConfig.ready``).

portal sits below letters (docs/architecture.md) and never imports it: letters registers the
reader of the letters sent to a firm, which the firm's portal page shows. Without a registration
the page shows no letters.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from partnerwijzer.sourcing.models import Candidate

    CandidateLetters = Callable[[Candidate], list[Any]]

_candidate_letters: list[CandidateLetters] = []


def register_candidate_letters(provider: CandidateLetters) -> None:
    _candidate_letters[:] = [provider]


def letters_for_candidate(candidate: Candidate) -> list[Any]:
    """The letters sent to the firm (each with ``subject``, ``body`` and ``sent_at``), oldest first."""
    return _candidate_letters[0](candidate) if _candidate_letters else []
