"""Role-matrix rows of the contract app: the overview, the checklist page, choosing the partner,
refreshing, and the items; and the contract API.

The selection and candidate are the sourcing rows' memos (``selection``, ``candidate``), so a
``selection_id`` here is the same selection. Rows that need a decision make it through the memo
``contract_decision``; an own item through ``contract_own_item``. For the outsider all ids are
another organisation's: the uniform 404.
"""

from __future__ import annotations

from typing import Any

from partnerwijzer.contract.models import ContractItem, PartnerDecision
from partnerwijzer.contract.services import decision_save, item_create
from tests.authorisation.matrix import MEMBERS, OWNERS, Case, Op, members, object_readers, owner_only
from tests.authorisation.rows.sourcing import _candidate, _selection
from tests.personas import Personas


def _decision(p: Personas) -> PartnerDecision:
    return p.memo("contract_decision", lambda: decision_save(
        actor=p.owner, selection=_selection(p), candidate=_candidate(p), rationale="Best fit in the matrix.",
    ).decision)


def _own_item(p: Personas) -> ContractItem:
    return p.memo("contract_own_item", lambda: item_create(actor=p.owner, decision=_decision(p), title="Matrix"))


def _guide_item(p: Personas) -> ContractItem:
    return ContractItem.objects.get(decision=_decision(p), key="scope_deliverables")


def _sel(p: Personas) -> dict[str, Any]:
    return {"selection_id": _selection(p).pk}


def _sel_decided(p: Personas) -> dict[str, Any]:
    _decision(p)
    return {"selection_id": _selection(p).pk}


ROUTES: dict[str, Case] = {
    "contract:overview": Case(members(200)),
    "contract:checklist": Case(object_readers(200), kwargs=_sel_decided),
    "contract:decision": Case(owner_only(200, outsider=404), kwargs=_sel),
    "contract:refresh": Case(owner_only(302, outsider=404), method="post", kwargs=_sel_decided),
    "contract:item_create": Case(owner_only(200, outsider=404), kwargs=_sel_decided),
    "contract:item_update": Case(owner_only(200, outsider=404), kwargs=lambda p: {"item_id": _guide_item(p).pk}),
    "contract:item_delete": Case(owner_only(200, outsider=404), kwargs=lambda p: {"item_id": _own_item(p).pk}),
}


def _with_decision(body: dict[str, Any]) -> Any:
    def make(p: Personas) -> dict[str, Any]:
        _decision(p)
        return body

    return make


API: dict[tuple[str, str], Op] = {
    ("GET", "/api/v1/selections/{selection_id}/contract/decision"): Op(MEMBERS),
    ("PUT", "/api/v1/selections/{selection_id}/contract/decision"): Op(
        OWNERS, body=lambda p: {"candidate_id": str(_candidate(p).pk), "rationale": "Chosen through the API."}
    ),
    ("GET", "/api/v1/selections/{selection_id}/contract/items"): Op(MEMBERS),
    ("POST", "/api/v1/selections/{selection_id}/contract/items"): Op(
        OWNERS, body=_with_decision({"title": "Penalty clause"})
    ),
    ("POST", "/api/v1/selections/{selection_id}/contract/refresh"): Op(OWNERS, body=_with_decision({})),
    ("GET", "/api/v1/selections/{selection_id}/contract/readiness"): Op(MEMBERS),
    ("PATCH", "/api/v1/contract-items/{contract_item_id}"): Op(OWNERS, body={"status": "open"}),
    ("DELETE", "/api/v1/contract-items/{contract_item_id}"): Op(OWNERS),
}

PATH_VALUES = {
    "contract_item_id": lambda p: str(_own_item(p).pk),
}
