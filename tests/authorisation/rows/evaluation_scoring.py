"""Scoring routes and API operations: criteria, knock-outs, weights, pairwise forms, evaluators,
scores, scorecards, consensus and closing.

The selection and candidate are the shared ones of the sourcing rows (``personas.memo``); the
set-up here gives the evaluator persona an evaluator seat and marks the first criterion
knock-out, so rows can show that an evaluator's own writes succeed, while the owner (who holds
no seat here) writing that evaluator's score or judgements gets 403, like any other member.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from partnerwijzer.evaluation.models import (
    ConflictDecision,
    ConflictDeclaration,
    Criterion,
    Evaluator,
    Relationship,
    Scorecard,
    ScorecardKind,
)
from partnerwijzer.sourcing.models import Candidate, Selection
from tests.authorisation.matrix import LOGIN, MEMBERS, OWNERS, Case, Expect, Op, object_readers
from tests.authorisation.rows.sourcing import _candidate, _selection
from tests.personas import Personas

OWNER_WRITES: Expect = {"anonymous": LOGIN, "outsider": 404, "viewer": 403, "evaluator": 403, "owner": 302}
OWNER_PAGES: Expect = {**OWNER_WRITES, "owner": 200}
SEAT_PAGES: Expect = {"anonymous": LOGIN, "outsider": 404, "viewer": 403, "evaluator": 200, "owner": 403}
"""Only the seat holder (the evaluator persona); the owner holds no seat in this set-up."""
SEAT_WRITES: Expect = {**SEAT_PAGES, "evaluator": 302}
SCORES_TAB: Expect = {**SEAT_PAGES, "owner": 200}
"""The Scores tab: the owner without a seat gets a page that offers to score themself (issue 11)."""
BLIND_OWNER_WRITES: Expect = {**OWNER_WRITES, "owner": 403}
"""Settling a consensus score while scoring is open and the owner holds no seat: blind (issue 11)."""

OWN_SEAT_API: Expect = {"anonymous": 401, "outsider": 404, "viewer": 403, "evaluator": 200, "owner": 403}
"""The evaluator's own seat in the path: only they may; the owner writing it is refused (403)."""
RESULTS_API: Expect = {"anonymous": 401, "outsider": 404, "viewer": 403, "evaluator": 403, "owner": 403}
"""Consensus before anyone submitted and before closing: nobody (blind scoring, issue 11)."""
ADVISERS_AS_OWNERS_PAGES: Expect = {"adviser_reader": 403, "adviser_alongside": 200, "adviser_other": 404,
                                    "adviser_revoked": 404}
"""The adviser personas named: reading only = a viewer, alongside = an owner, another client's and a
revoked adviser = the outsider."""
ADVISERS_AS_OWNERS_API: Expect = ADVISERS_AS_OWNERS_PAGES
BLIND_OWNERS_API: Expect = {"anonymous": 401, "outsider": 404, "viewer": 403, "evaluator": 403, "owner": 403}


def _setup(p: Personas) -> Selection:
    _criterion(p)
    return _selection(p)


def _criterion(p: Personas) -> Criterion:
    """The first criterion of the shared selection, marked knock-out."""

    def make() -> Criterion:
        criterion = Criterion.objects.filter(selection=_selection(p)).order_by("position", "id").first()
        assert criterion is not None
        criterion.knockout = True
        criterion.save(update_fields=["knockout"])
        return criterion

    return p.memo("criterion", make)


def _seat(p: Personas) -> Evaluator:
    """The evaluator persona's seat, which has declared no relationship with the shared candidate
    (issue 16: the score form comes after the declaration)."""

    def make() -> Evaluator:
        seat = Evaluator.objects.create(selection=_setup(p), user=p.evaluator, added_by=p.owner)
        ConflictDeclaration.objects.create(evaluator=seat, candidate=_candidate(p), relationship=Relationship.NONE)
        return seat

    return p.memo("evaluator_seat", make)


def _undeclared_candidate(p: Personas) -> Candidate:
    """A second candidate the seat has not declared on yet (the declaration page and operation)."""
    return p.memo("undeclared_candidate",
                  lambda: Candidate.objects.create(selection=_setup(p), name="Beta Data", stage="shortlist"))


def _conflict(p: Personas) -> ConflictDeclaration:
    """A declared relationship of the seat with a third candidate, awaiting the owner's decision."""

    def make() -> ConflictDeclaration:
        candidate = Candidate.objects.create(selection=_setup(p), name="Gamma Analytics", stage="shortlist")
        return ConflictDeclaration.objects.create(
            evaluator=_seat(p), candidate=candidate, relationship=Relationship.CONFLICT,
            description="I worked there until 2024.", decision=ConflictDecision.PENDING,
        )

    return p.memo("conflict_declaration", make)


def _scorecard(p: Personas) -> Scorecard:
    return p.memo(
        "scorecard",
        lambda: Scorecard.objects.create(
            evaluator=_seat(p), candidate=_candidate(p), kind=ScorecardKind.REFERENCE_CALL, held_on=date(2026, 3, 12)
        ),
    )


def _sel(p: Personas) -> dict[str, Any]:
    _seat(p)
    return {"selection_id": _setup(p).pk}


def _with(**extra: Any) -> Any:
    def kwargs(p: Personas) -> dict[str, Any]:
        values = _sel(p)
        for key, factory in extra.items():
            values[key] = factory(p).pk
        return values

    return kwargs


_crit = _with(criterion_id=_criterion)
_cand = _with(candidate_id=_candidate)
_cell = _with(candidate_id=_candidate, criterion_id=_criterion)


def _equal_weights(p: Personas) -> dict[str, Any]:
    criteria = list(Criterion.objects.filter(selection=_setup(p)).order_by("position", "id"))
    share = (Decimal(100) / len(criteria)).quantize(Decimal("0.01"))
    weights = [share] * len(criteria)
    weights[0] += Decimal(100) - sum(weights)
    return {"weights": [{"criterion_id": str(c.pk), "weight": str(w)} for c, w in zip(criteria, weights, strict=True)]}


def _two_criteria(p: Personas) -> tuple[Criterion, Criterion]:
    first, second = Criterion.objects.filter(selection=_setup(p)).order_by("position", "id")[:2]
    return first, second


ROUTES: dict[str, Case] = {
    "evaluation:criteria": Case(object_readers(200), kwargs=_sel),
    "evaluation:criterion_create": Case(OWNER_WRITES, method="post", kwargs=_sel,
                                        data=lambda p: {"name": "After-sales support", "factor": "soft"}),
    "evaluation:criterion_edit": Case(OWNER_PAGES, kwargs=_crit),
    "evaluation:criterion_delete": Case(OWNER_PAGES, kwargs=_crit),
    "evaluation:criterion_move": Case(OWNER_WRITES, method="post", kwargs=_crit, data=lambda p: {"direction": "down"}),
    "evaluation:knockouts": Case(object_readers(200), kwargs=_sel),
    "evaluation:knockout_set": Case(OWNER_WRITES, method="post", kwargs=_cell,
                                    data=lambda p: {"passed": "0", "reason": "No ISO 27001 certificate"}),
    "evaluation:weights": Case(object_readers(200), kwargs=_sel),
    "evaluation:weights_method": Case(OWNER_WRITES, method="post", kwargs=_sel, data=lambda p: {"method": "ahp"}),
    "evaluation:pairwise": Case(SEAT_PAGES, kwargs=_sel),
    "evaluation:evaluators": Case(object_readers(200), kwargs=_sel),
    "evaluation:evaluator_add": Case(OWNER_WRITES, method="post", kwargs=_sel,
                                     data=lambda p: {"user": str(p.owner.pk)}),
    "evaluation:evaluator_remove": Case(OWNER_PAGES, kwargs=_with(evaluator_id=_seat)),
    "evaluation:evaluator_reopen": Case(OWNER_WRITES, method="post", kwargs=_with(evaluator_id=_seat)),
    "evaluation:evaluator_deadline": Case(OWNER_WRITES, method="post", kwargs=_with(evaluator_id=_seat),
                                          data=lambda p: {f"{_seat(p).pk}-score_by": "2099-03-31"}),
    "evaluation:scoring": Case(SCORES_TAB, kwargs=_sel),
    "evaluation:score_submit": Case(SEAT_PAGES, kwargs=_sel),
    "evaluation:scoring_close": Case(OWNER_WRITES, method="post", kwargs=_sel),
    "evaluation:scoring_reopen": Case(OWNER_WRITES, method="post", kwargs=_sel),
    # The write itself: only the seat holder's own score is saved; nobody can post for them.
    "evaluation:score_candidate": Case(SEAT_WRITES, method="post", kwargs=_cand,
                                       data=lambda p: {f"{_criterion(p).pk}-value": "4"}),
    "evaluation:scorecard_create": Case(SEAT_PAGES, kwargs=_cand),
    "evaluation:scorecard_delete": Case(SEAT_WRITES, method="post", kwargs=_with(scorecard_id=_scorecard)),
    # Conflicts of interest (issue 16): the seat holder declares; owners list and decide.
    "evaluation:conflict_declare": Case(SEAT_PAGES, kwargs=_with(candidate_id=_undeclared_candidate)),
    "evaluation:conflicts": Case(OWNER_PAGES, kwargs=_sel),
    "evaluation:conflict_decide": Case(OWNER_PAGES, kwargs=_with(declaration_id=_conflict)),
    # Reopening a declaration (the evaluator declares again): owners and an adviser working alongside.
    "evaluation:conflict_reopen": Case({**OWNER_PAGES, **ADVISERS_AS_OWNERS_PAGES},
                                       kwargs=_with(declaration_id=_conflict)),
    "evaluation:consensus": Case(object_readers(200), kwargs=_sel),
    "evaluation:consensus_set": Case(BLIND_OWNER_WRITES, method="post", kwargs=_cell,
                                     data=lambda p: {"value": "3", "justification": "Discussed on 12 March"}),
}

B = "/api/v1/organisations/{organisation_id}/selections/{selection_id}"

API: dict[tuple[str, str], Op] = {
    ("GET", B + "/criteria"): Op(MEMBERS),
    ("POST", B + "/criteria"): Op(OWNERS, body={"name": "After-sales support", "factor": "soft"}),
    ("PATCH", B + "/criteria/{criterion_id}"): Op(OWNERS, body={"name": "Sector knowledge", "move": "down"}),
    ("DELETE", B + "/criteria/{criterion_id}"): Op(OWNERS),
    ("GET", B + "/weights"): Op(MEMBERS),
    ("PUT", B + "/weights"): Op(OWNERS, body=_equal_weights),
    ("GET", B + "/evaluators/{evaluator_id}/pairwise"): Op(OWN_SEAT_API),
    ("PUT", B + "/evaluators/{evaluator_id}/pairwise"): Op(
        OWN_SEAT_API,
        body=lambda p: {"judgements": [{"a": str(_two_criteria(p)[0].pk), "b": str(_two_criteria(p)[1].pk),
                                        "value": 3}]},
    ),
    ("GET", B + "/evaluators"): Op(MEMBERS),
    ("POST", B + "/evaluators"): Op(OWNERS, body=lambda p: {"user_id": str(p.owner.pk)}),
    ("DELETE", B + "/evaluators/{evaluator_id}"): Op(OWNERS),
    ("PATCH", B + "/evaluators/{evaluator_id}"): Op(OWNERS, body={"score_by": "2099-03-31"}),
    ("POST", B + "/evaluators/{evaluator_id}/submit"): Op(OWN_SEAT_API),
    ("POST", B + "/evaluators/{evaluator_id}/reopen"): Op(OWNERS),
    ("GET", B + "/scores"): Op(MEMBERS),
    # Writing as another evaluator: the owner (and anyone else) gets 403 for the evaluator's seat.
    ("PUT", B + "/evaluators/{evaluator_id}/scores"): Op(
        OWN_SEAT_API,
        body=lambda p: {"candidate_id": str(_candidate(p).pk), "criterion_id": str(_criterion(p).pk), "value": 4},
    ),
    ("GET", B + "/consensus"): Op(RESULTS_API),
    ("PUT", B + "/consensus"): Op(
        BLIND_OWNERS_API,
        body=lambda p: {"candidate_id": str(_candidate(p).pk), "criterion_id": str(_criterion(p).pk), "value": 3,
                        "justification": "Discussed on 12 March"},
    ),
    ("GET", B + "/knockout-checks"): Op(MEMBERS),
    ("PUT", B + "/knockout-checks"): Op(
        OWNERS,
        body=lambda p: {"candidate_id": str(_candidate(p).pk), "criterion_id": str(_criterion(p).pk),
                        "passed": False, "reason": "No ISO 27001 certificate"},
    ),
    ("PUT", B + "/scoring"): Op(OWNERS, body={"closed": True}),
}

# The same operations at their current paths (like the rest of the API); the paths above stay,
# deprecated, until release 2 and must keep answering exactly as before.
CURRENT = "/api/v1/selections/{selection_id}"
API.update({(method, path.replace(B, CURRENT, 1)): op for (method, path), op in list(API.items())})

# Conflicts of interest (issue 16): only at the current paths.
API.update({
    ("GET", CURRENT + "/conflicts"): Op(MEMBERS),
    ("PUT", CURRENT + "/evaluators/{evaluator_id}/conflicts"): Op(
        OWN_SEAT_API, body=lambda p: {"candidate_id": str(_undeclared_candidate(p).pk), "relationship": "none"}
    ),
    ("PUT", CURRENT + "/conflicts/{declaration_id}/decision"): Op(
        OWNERS, body={"decision": "accepted", "reason": "Left the firm two years ago; no ties left."}
    ),
    ("POST", CURRENT + "/conflicts/{declaration_id}/reopen"): Op(
        {**OWNERS, **ADVISERS_AS_OWNERS_API}, body={"reason": "Since May a relative works at the firm."}
    ),
})

PATH_VALUES = {
    "criterion_id": lambda p: str(_criterion(p).pk),
    "evaluator_id": lambda p: str(_seat(p).pk),
    "declaration_id": lambda p: str(_conflict(p).pk),
}
