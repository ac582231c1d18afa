"""Sourcing routes and API operations: selections, candidates, stage moves, red flags, funnel.

One selection (with one candidate) is made per test through ``personas.memo``, so a
``selection_id`` and a ``candidate_id`` in the same row refer to the same selection. For the
outsider these are another organisation's ids: the uniform 404.
"""

from __future__ import annotations

from typing import Any

from partnerwijzer.sourcing.models import Candidate, Selection
from partnerwijzer.sourcing.services import candidate_create, candidate_reject, selection_create
from tests.authorisation.matrix import MEMBERS, OWNERS, Case, Op, members, object_readers, owner_only
from tests.personas import Personas


def _selection(p: Personas) -> Selection:
    return p.memo(
        "selection",
        lambda: selection_create(actor=p.owner, organisation=p.organisation, title="Predictive maintenance"),
    )


def _candidate(p: Personas) -> Candidate:
    return p.memo("candidate", lambda: candidate_create(actor=p.owner, selection=_selection(p), name="Acme AI"))


def _rejected_candidate(p: Personas) -> Candidate:
    def make() -> Candidate:
        candidate = candidate_create(actor=p.owner, selection=_selection(p), name="Dropped BV")
        candidate_reject(actor=p.owner, candidate=candidate, reason="No comparable projects")
        return candidate

    return p.memo("rejected_candidate", make)


def _sel(p: Personas) -> dict[str, Any]:
    return {"selection_id": _selection(p).pk}


def _cand(p: Personas) -> dict[str, Any]:
    return {"candidate_id": _candidate(p).pk}


ROUTES: dict[str, Case] = {
    "sourcing:selection_list": Case(members(200)),
    # The outsider owns their own organisation, so the create form is theirs to use.
    "sourcing:selection_create": Case(owner_only(200, outsider=200)),
    "sourcing:selection_detail": Case(object_readers(200), kwargs=_sel),
    "sourcing:selection_update": Case(owner_only(200, outsider=404), kwargs=_sel),
    "sourcing:selection_delete": Case(owner_only(200, outsider=404), kwargs=_sel),
    "sourcing:candidate_create": Case(owner_only(200, outsider=404), kwargs=_sel),
    "sourcing:candidate_import": Case(owner_only(200, outsider=404), kwargs=_sel),
    "sourcing:candidate_detail": Case(object_readers(200), kwargs=_cand),
    "sourcing:candidate_update": Case(owner_only(200, outsider=404), kwargs=_cand),
    "sourcing:candidate_delete": Case(owner_only(200, outsider=404), kwargs=_cand),
    "sourcing:candidate_stage": Case(
        owner_only(302, outsider=404), method="post", kwargs=_cand, data=lambda p: {"to_stage": "shortlist"}
    ),
    "sourcing:candidate_reject": Case(owner_only(200, outsider=404), kwargs=_cand),
    "sourcing:candidate_reinstate": Case(
        owner_only(302, outsider=404), method="post", kwargs=lambda p: {"candidate_id": _rejected_candidate(p).pk}
    ),
    "sourcing:candidate_red_flags": Case(
        owner_only(302, outsider=404), method="post", kwargs=_cand,
        data=lambda p: {"pushes_platform_observed": "on", "pushes_platform_note": "Opened with their platform."},
    ),
}

API: dict[tuple[str, str], Op] = {
    ("POST", "/api/v1/selections/{selection_id}/candidates/import"): Op(
        OWNERS, body={"csv": "name,city\nMatrix Firm,Utrecht\n", "dry_run": True}),
    ("GET", "/api/v1/organisations/{organisation_id}/selections"): Op(MEMBERS),
    ("POST", "/api/v1/organisations/{organisation_id}/selections"): Op(OWNERS, body={"title": "From the matrix"}),
    ("GET", "/api/v1/selections/{selection_id}"): Op(MEMBERS),
    ("PATCH", "/api/v1/selections/{selection_id}"): Op(OWNERS, body={"title": "Renamed by the matrix"}),
    ("DELETE", "/api/v1/selections/{selection_id}"): Op(OWNERS),
    ("GET", "/api/v1/selections/{selection_id}/funnel"): Op(MEMBERS),
    ("GET", "/api/v1/selections/{selection_id}/candidates"): Op(MEMBERS),
    ("POST", "/api/v1/selections/{selection_id}/candidates"): Op(OWNERS, body={"name": "Matrix Analytics"}),
    ("GET", "/api/v1/candidates/{candidate_id}"): Op(MEMBERS),
    ("PATCH", "/api/v1/candidates/{candidate_id}"): Op(OWNERS, body={"city": "Eindhoven"}),
    ("DELETE", "/api/v1/candidates/{candidate_id}"): Op(OWNERS),
    ("POST", "/api/v1/candidates/{candidate_id}/stage"): Op(OWNERS, body={"to_stage": "shortlist"}),
    ("PUT", "/api/v1/candidates/{candidate_id}/red-flags/{flag}"): Op(
        OWNERS, body={"observed": True, "note": "Opened with their platform."}
    ),
}

PATH_VALUES = {
    "selection_id": lambda p: str(_selection(p).pk),
    "candidate_id": lambda p: str(_candidate(p).pk),
    "flag": lambda p: "pushes_platform",
}
