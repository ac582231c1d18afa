"""Readiness check and implementation-model advice: routes and API operations.

The use case is the shared one of the plan rows (``use_case_for``: memo key "use_case"; the
``use_case_id`` path value is defined there). Members read the answers, the result and the
advice; owners answer and choose the model (a 302 back to the page); the outsider, owner of
another organisation, gets the uniform 404 for this organisation's use case.
"""

from __future__ import annotations

from typing import Any

from tests.authorisation.matrix import AUTHENTICATED, LOGIN, MEMBERS, OWNERS, Case, Expect, Op, members, object_readers
from tests.authorisation.rows.planning import use_case_for
from tests.personas import Personas

OWNER_WRITES: Expect = {"anonymous": LOGIN, "outsider": 404, "viewer": 403, "evaluator": 403, "owner": 302}


def _uc(p: Personas) -> dict[str, Any]:
    return {"use_case_id": use_case_for(p).pk}


def _factor(p: Personas) -> dict[str, Any]:
    return {**_uc(p), "factor": "data"}


ROUTES: dict[str, Case] = {
    "planning:readiness_index": Case(members(200)),
    "planning:readiness": Case(object_readers(200), kwargs=_uc),
    "planning:readiness_factor": Case(object_readers(200), kwargs=_factor),
    "planning:readiness_answer": Case(OWNER_WRITES, method="post", kwargs=_uc,
                                      data=lambda p: {"question": "data_quality", "data_quality": "mostly_good"}),
    "planning:readiness_check": Case(object_readers(200), kwargs=_uc),
    "planning:readiness_result": Case(object_readers(200), kwargs=_uc),
    "planning:advice_index": Case(members(200)),
    "planning:advice": Case(object_readers(200), kwargs=_uc),
    "planning:advice_answer": Case(OWNER_WRITES, method="post", kwargs=_uc,
                                   data=lambda p: {"question": "speed", "speed": "urgent"}),
    "planning:model_choose": Case(OWNER_WRITES, method="post", kwargs=_uc,
                                  data=lambda p: {"model": "hybrid", "reason": "We want to learn."}),
}

UC = "/api/v1/use-cases/{use_case_id}"

API: dict[tuple[str, str], Op] = {
    ("GET", "/api/v1/readiness/questions"): Op(AUTHENTICATED),
    ("GET", UC + "/readiness/answers"): Op(MEMBERS),
    ("PUT", UC + "/readiness/answers"): Op(OWNERS, body={"answers": {"sponsor": "active"}}),
    ("GET", UC + "/readiness/result"): Op(MEMBERS),
    ("GET", "/api/v1/model-advice/questions"): Op(AUTHENTICATED),
    ("GET", UC + "/model-advice/answers"): Op(MEMBERS),
    ("PUT", UC + "/model-advice/answers"): Op(OWNERS, body={"answers": {"convince": "needed"}}),
    ("GET", UC + "/model-advice"): Op(MEMBERS),
    ("PUT", UC + "/chosen-model"): Op(OWNERS, body={"model": "lighthouse", "reason": "Convince the board first."}),
}
