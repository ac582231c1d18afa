"""What apps above sourcing lend it, registered when Django starts (their ``AppConfig.ready``).

sourcing sits below evaluation (docs/architecture.md) and never imports it. How a selection is
scored (weighting method, scoring closed) is evaluation's state (``evaluation.ScoringSetup``),
but the selection endpoints of the API published it before it moved and keep doing so for their
clients: evaluation registers the reader here. A candidate's page lists the selection's
questionnaires through the reader questionnaires registers (not ``selection.questionnaires``, a
reverse relation into a higher app).

Without a registration (evaluation or questionnaires not installed) every selection reads as not
scored yet and has no questionnaires.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from partnerwijzer.sourcing.models import Selection


@dataclass(frozen=True, slots=True)
class ScoringState:
    """What the selection endpoints show of a selection's scoring."""

    weighting_method: str = "direct"  # evaluation's WeightingMethod.DIRECT, its default
    closed: bool = False


ScoringStates = Callable[["Sequence[Selection]"], Mapping[Any, ScoringState]]

_scoring_states: list[ScoringStates] = []


def register_scoring_states(provider: ScoringStates) -> None:
    _scoring_states[:] = [provider]


def scoring_states(selections: Sequence[Selection]) -> Mapping[Any, ScoringState]:
    """The scoring state of each selection, by primary key (missing keys: not scored yet)."""
    return _scoring_states[0](selections) if _scoring_states and selections else {}


def scoring_state(selection: Selection) -> ScoringState:
    return scoring_states([selection]).get(selection.pk, ScoringState())


QuestionnairesOf = Callable[["Selection"], Iterable[Any]]
"""``selection -> questionnaires``, newest first; each has ``pk``, ``title``, ``status`` and ``get_status_display``."""

_questionnaires: list[QuestionnairesOf] = []


def register_questionnaires(provider: QuestionnairesOf) -> None:
    _questionnaires[:] = [provider]


def questionnaires_of(selection: Selection) -> list[Any]:
    """The selection's questionnaires, newest first (none without a registration)."""
    return list(_questionnaires[0](selection)) if _questionnaires else []


@dataclass(frozen=True, slots=True)
class CandidateOrigin:
    """Where a candidate was copied from (an adviser organisation's provider directory, issue 17):
    shown on the candidate's page with the adviser organisation's own-interest declarations."""

    source: str
    link: str = ""
    """The directory entry, for members of the adviser organisation; empty for everyone else."""
    interests: tuple[str, ...] = ()


CandidateOriginOf = Callable[[Any, Any], "CandidateOrigin | None"]
"""``(candidate, user) -> origin`` or None for a candidate the client added itself."""

_candidate_origin: list[CandidateOriginOf] = []


def register_candidate_origin(provider: CandidateOriginOf) -> None:
    _candidate_origin[:] = [provider]


def candidate_origin(candidate: Any, user: Any) -> CandidateOrigin | None:
    return _candidate_origin[0](candidate, user) if _candidate_origin else None
