"""Budget quotes routes and API operations: the quotes page of a use case, a candidate's quote
(edit, delete), the price-from-quotes choice of a selection.

The use case is the planning rows' shared one (``personas.memo("use_case", ...)``) and the
selection and candidate are the sourcing rows' (memo keys "selection" and "candidate"); here
the selection is linked to that use case, so the routes that take both ids find the candidate
in the use case. The path values ``use_case_id``, ``candidate_id`` and ``selection_id`` are
defined in ``rows/planning.py`` and ``rows/sourcing.py``. For the outsider these are another
organisation's ids: the uniform 404.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from partnerwijzer.budget.models import Quote
from partnerwijzer.budget.quotes.services import quote_save
from partnerwijzer.sourcing.models import Candidate
from tests.authorisation.matrix import MEMBERS, OWNERS, Case, Op, object_readers, owner_only
from tests.authorisation.rows.planning import use_case_for
from tests.authorisation.rows.sourcing import _candidate, _selection
from tests.personas import Personas


def _linked_candidate(p: Personas) -> Candidate:
    """The shared candidate, its selection linked to the shared use case."""

    def link() -> Candidate:
        selection = _selection(p)
        selection.use_case = use_case_for(p)
        selection.save(update_fields=["use_case"])
        return _candidate(p)

    return p.memo("quotes_linked_candidate", link)


def _quote(p: Personas) -> Quote:
    return p.memo(
        "quote",
        lambda: quote_save(
            actor=p.owner, candidate=_linked_candidate(p), lines={"strategy": Decimal(30000), "data": Decimal(45000)},
            running_per_year=Decimal(25000),
        ),
    )


def _uc(p: Personas) -> dict[str, Any]:
    _quote(p)
    return {"use_case_id": use_case_for(p).pk}


def _uc_cand(p: Personas) -> dict[str, Any]:
    _quote(p)
    return {"use_case_id": use_case_for(p).pk, "candidate_id": _linked_candidate(p).pk}


def _uc_sel(p: Personas) -> dict[str, Any]:
    _linked_candidate(p)
    return {"use_case_id": use_case_for(p).pk, "selection_id": _selection(p).pk}


ROUTES: dict[str, Case] = {
    "budget:quotes": Case(object_readers(200), kwargs=_uc),
    "budget:quote_edit": Case(owner_only(200, outsider=404), kwargs=_uc_cand),
    "budget:quote_delete": Case(owner_only(200, outsider=404), kwargs=_uc_cand),
    "budget:quote_price_source": Case(
        owner_only(302, outsider=404), method="post", kwargs=_uc_sel, data=lambda p: {"price_from_quotes": "on"}
    ),
}

API: dict[tuple[str, str], Op] = {
    ("GET", "/api/v1/use-cases/{use_case_id}/quotes"): Op(MEMBERS),
    ("GET", "/api/v1/candidates/{candidate_id}/quote"): Op(MEMBERS),
    ("PUT", "/api/v1/candidates/{candidate_id}/quote"): Op(
        OWNERS, body={"lines": {"strategy": "30000", "data": "45000"}, "running_per_year": "25000"}
    ),
    ("DELETE", "/api/v1/candidates/{candidate_id}/quote"): Op(OWNERS),
    ("PUT", "/api/v1/selections/{selection_id}/price-from-quotes"): Op(OWNERS, body={"enabled": True}),
}

PATH_VALUES: dict[str, Any] = {}
