"""Budget funding routes and API operations: the funding page, storing the kind of project, saving
and removing an application, the programme catalogue and a use case's funding.

The use case is the shared ``use_case_for`` memo of rows/planning.py. Routes and operations that
name a programme use an application the owner recorded first (memo "funding_application"), so the
owner's removal finds one; for the outsider the use case is another organisation's: the uniform 404.
"""

from __future__ import annotations

from typing import Any

from partnerwijzer.budget.funding.services import application_save
from partnerwijzer.budget.models import FundingApplication
from tests.authorisation.matrix import AUTHENTICATED, MEMBERS, OWNERS, Case, Op, object_readers, owner_only
from tests.authorisation.rows.planning import use_case_for, use_case_kwargs
from tests.personas import Personas

PROGRAMME = "eu-edih"
"""An EU-wide programme with no end date: open on any day the tests run."""


def _application(p: Personas) -> FundingApplication:
    return p.memo(
        "funding_application",
        lambda: application_save(
            actor=p.owner, use_case=use_case_for(p), programme=PROGRAMME, status="considering",
        ),
    )


def _uc_programme(p: Personas) -> dict[str, Any]:
    return {"use_case_id": use_case_for(p).pk, "programme": _application(p).programme}


ROUTES: dict[str, Case] = {
    "budget:funding": Case(object_readers(200), kwargs=use_case_kwargs),
    "budget:funding_project_type": Case(
        owner_only(302, outsider=404), method="post", kwargs=use_case_kwargs, data=lambda p: {"project": "training"},
    ),
    "budget:funding_save": Case(
        owner_only(302, outsider=404), method="post", kwargs=_uc_programme,
        data=lambda p: {"status": "applied", "expected_amount": "2500", "note": ""},
    ),
    "budget:funding_delete": Case(owner_only(302, outsider=404), method="post", kwargs=_uc_programme),
}

API: dict[tuple[str, str], Op] = {
    ("GET", "/api/v1/reference/funding"): Op(AUTHENTICATED),
    ("GET", "/api/v1/use-cases/{use_case_id}/funding"): Op(MEMBERS),
    ("PUT", "/api/v1/use-cases/{use_case_id}/funding"): Op(OWNERS, body={"project_type": "training"}),
    ("PUT", "/api/v1/use-cases/{use_case_id}/funding/{programme}"): Op(
        OWNERS, body={"status": "applied", "expected_amount": "2500.00"}
    ),
    ("DELETE", "/api/v1/use-cases/{use_case_id}/funding/{programme}"): Op(OWNERS),
}

PATH_VALUES = {
    "programme": lambda p: _application(p).programme,
}
