"""Role-matrix rows of the documents app (filled by its part)."""

from __future__ import annotations

from tests.authorisation.matrix import Case, Op

ROUTES: dict[str, Case] = {}
API: dict[tuple[str, str], Op] = {}
PATH_VALUES: dict = {}
