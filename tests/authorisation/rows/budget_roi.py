"""Benefits and return: routes and API operations.

The use case is the shared one of the plan rows (``use_case_for``: memo key "use_case"), and the
benefit's KPI the shared "kpi" memo. One benefit is made per test (memo key "roi_benefit").
Members read the page, the charts and the result; owners save settings and benefits (a 302 back
to the page); the outsider, owner of another organisation, gets the uniform 404.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from partnerwijzer.budget.models import BenefitLine
from partnerwijzer.budget.returns.services import benefit_create
from partnerwijzer.planning.models import Kpi
from partnerwijzer.planning.usecases.services import kpi_create
from tests.authorisation.matrix import LOGIN, MEMBERS, OWNERS, Case, Expect, Op, object_readers, owner_only
from tests.authorisation.rows.planning import use_case_for, use_case_kwargs
from tests.personas import Personas

OWNER_WRITES: Expect = {"anonymous": LOGIN, "outsider": 404, "viewer": 403, "evaluator": 403, "owner": 302}


def _kpi(p: Personas) -> Kpi:
    # The same memo key as the plan rows, so both share one KPI.
    return p.memo(
        "kpi", lambda: kpi_create(actor=p.owner, use_case=use_case_for(p), name="Downtime", unit="hours/month")
    )


def benefit_for(p: Personas) -> BenefitLine:
    return p.memo(
        "roi_benefit",
        lambda: benefit_create(
            actor=p.owner, use_case=use_case_for(p), name="Less downtime", factor="cost_savings", method="hours",
            kpi=_kpi(p), low=Decimal(100), likely=Decimal(150), high=Decimal(250), unit_value=Decimal(80),
        ),
    )


def _b(p: Personas) -> dict[str, Any]:
    return {"use_case_id": use_case_for(p).pk, "benefit_id": benefit_for(p).pk}


def _benefit_data(p: Personas) -> dict[str, Any]:
    return {
        "name": "Fewer scrapped parts", "factor": "cost_savings", "method": "errors", "kpi": "",
        "low": "20", "likely": "30", "high": "50", "unit_value": "400", "note": "",
    }


ROUTES: dict[str, Case] = {
    "budget:roi": Case(object_readers(200), kwargs=use_case_kwargs),
    "budget:roi_chart": Case(object_readers(200), kwargs=use_case_kwargs),
    "budget:payback_chart": Case(object_readers(200), kwargs=use_case_kwargs),
    "budget:roi_settings": Case(
        OWNER_WRITES, method="post", kwargs=use_case_kwargs,
        data=lambda p: {"horizon_months": "48", "go_live_month": "9", "ramp_months": "6", "discount_rate": "6"},
    ),
    "budget:roi_benefit_create": Case(owner_only(200, outsider=404), kwargs=use_case_kwargs),
    "budget:roi_benefit_update": Case(owner_only(200, outsider=404), kwargs=_b),
    "budget:roi_benefit_delete": Case(owner_only(200, outsider=404), kwargs=_b),
}

UC = "/api/v1/use-cases/{use_case_id}"

API: dict[tuple[str, str], Op] = {
    ("GET", UC + "/return/settings"): Op(MEMBERS),
    ("PUT", UC + "/return/settings"): Op(
        OWNERS, body={"horizon_months": 48, "go_live_month": 9, "ramp_months": 6, "discount_rate": 6}
    ),
    ("GET", UC + "/benefits"): Op(MEMBERS),
    ("POST", UC + "/benefits"): Op(
        OWNERS, body={"name": "Faster quotes", "factor": "productivity", "method": "hours", "low": 200,
                      "likely": 300, "high": 500, "unit_value": 65},
    ),
    ("GET", "/api/v1/benefits/{benefit_id}"): Op(MEMBERS),
    ("PATCH", "/api/v1/benefits/{benefit_id}"): Op(OWNERS, body={"high": 300}),
    ("DELETE", "/api/v1/benefits/{benefit_id}"): Op(OWNERS),
    ("GET", UC + "/return"): Op(MEMBERS),
}

PATH_VALUES = {
    "benefit_id": lambda p: str(benefit_for(p).pk),
}
