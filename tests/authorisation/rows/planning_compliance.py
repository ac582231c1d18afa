"""AI Act and GDPR screening routes and API operations.

The use case is the shared one of the planning rows (``personas.memo("use_case", ...)``; the
``use_case_id`` path value is defined in ``rows/planning.py``). A checklist item is made once
per test on that use case. For the outsider both are another organisation's: the uniform 404.
"""

from __future__ import annotations

from typing import Any

from partnerwijzer.planning.models import ChecklistItem, UseCase
from tests.authorisation.matrix import AUTHENTICATED, MEMBERS, OWNERS, Case, Op, object_readers, owner_only
from tests.personas import Personas


def _use_case(p: Personas) -> UseCase:
    # Same memo key as rows/planning.py: whichever runs first makes the one shared use case.
    return p.memo("use_case", lambda: UseCase.objects.create(organisation=p.organisation, title="CV screening"))


def _item(p: Personas) -> ChecklistItem:
    return p.memo(
        "checklist_item",
        lambda: ChecklistItem.objects.create(use_case=_use_case(p), checklist="ai_act", key="ai_literacy"),
    )


def _uc(p: Personas) -> dict[str, Any]:
    return {"use_case_id": _use_case(p).pk}


def _question(node: str) -> Any:
    return lambda p: {"use_case_id": _use_case(p).pk, "node_key": node}


ROUTES: dict[str, Case] = {
    "planning:ai_act_start": Case(object_readers(200), kwargs=_uc),
    "planning:ai_act_question": Case(object_readers(200), kwargs=_question("ai_system")),
    "planning:ai_act_check": Case(object_readers(200), kwargs=_uc),
    "planning:ai_act_result": Case(object_readers(200), kwargs=_uc),
    "planning:gdpr_start": Case(object_readers(200), kwargs=_uc),
    "planning:gdpr_question": Case(object_readers(200), kwargs=_question("personal_data")),
    "planning:gdpr_check": Case(object_readers(200), kwargs=_uc),
    "planning:gdpr_result": Case(object_readers(200), kwargs=_uc),
    "planning:compliance_item_update": Case(
        owner_only(200, outsider=404), kwargs=lambda p: {"use_case_id": _use_case(p).pk, "item_id": _item(p).pk}
    ),
}

# Answering is a POST to the question page: owners only (checked in test_compliance_views).
API: dict[tuple[str, str], Op] = {
    ("GET", "/api/v1/ai-act/tree"): Op(AUTHENTICATED),
    ("GET", "/api/v1/gdpr/tree"): Op(AUTHENTICATED),
    ("GET", "/api/v1/use-cases/{use_case_id}/ai-act/answers"): Op(MEMBERS),
    ("PUT", "/api/v1/use-cases/{use_case_id}/ai-act/answers"): Op(
        OWNERS, body={"answers": {"ai_system": "yes", "scope_exclusions": "none"}}
    ),
    ("GET", "/api/v1/use-cases/{use_case_id}/ai-act/result"): Op(MEMBERS),
    ("GET", "/api/v1/use-cases/{use_case_id}/gdpr/answers"): Op(MEMBERS),
    ("PUT", "/api/v1/use-cases/{use_case_id}/gdpr/answers"): Op(OWNERS, body={"answers": {"personal_data": "no"}}),
    ("GET", "/api/v1/use-cases/{use_case_id}/gdpr/result"): Op(MEMBERS),
    ("GET", "/api/v1/use-cases/{use_case_id}/checklist"): Op(MEMBERS),
    ("PATCH", "/api/v1/checklist-items/{checklist_item_id}"): Op(OWNERS, body={"status": "in_progress"}),
}

PATH_VALUES = {
    "checklist_item_id": lambda p: str(_item(p).pk),
}
