"""What apps above planning lend it, registered when Django starts (their ``AppConfig.ready``).

planning sits below sourcing (docs/architecture.md) and never imports it, nor reads sourcing's
rows through a reverse relation (``use_case.selections``): a use case's page lists the selections
made for it through the reader sourcing registers here, and the delete page counts them.

Without a registration (sourcing not installed) a use case has no selections.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from partnerwijzer.planning.models import UseCase

SelectionsOf = Callable[["UseCase"], Iterable[Any]]
"""``use_case -> selections``, newest first; each has ``pk`` and ``title``."""

_selections: list[SelectionsOf] = []


def register_selections(provider: SelectionsOf) -> None:
    _selections[:] = [provider]


def selections_of(use_case: UseCase) -> list[Any]:
    """The selections made for ``use_case``, newest first (none without a registration)."""
    return list(_selections[0](use_case)) if _selections else []
