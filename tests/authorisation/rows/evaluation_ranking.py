"""Ranking routes and the ranking API operation.

The selection is the sourcing rows' ``personas.memo("selection", ...)`` (same key, same
factory), so every row refers to the same selection. For the pages, ``_scored`` adds three
candidates and two *submitted* evaluator seats (the owner's and the evaluator persona's) with
scores on every criterion; scoring stays open, so:

* the owner and the evaluator persona see the ranking, having both submitted their own seat;
* viewers get the page "not available to you yet" (200, with the reason and no ranking: a 4xx
  document would be a console error in the browser) and 403 on the charts until the owner closes
  scoring;
* the outsider gets the uniform 404.

The API operation uses the shared ``selection_id`` (``PATH_VALUES`` of the sourcing rows): a
fresh selection where nobody holds a seat and scoring is open: blind scoring (issue 11) gives
every member 403, the owner included.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from partnerwijzer.evaluation.models import Criterion, Evaluator, Score
from partnerwijzer.sourcing.models import Candidate, Selection
from tests.authorisation.matrix import LOGIN, Case, Expect, Op
from tests.authorisation.rows.sourcing import _selection
from tests.personas import Personas

RANKING_READERS: Expect = {"anonymous": LOGIN, "outsider": 404, "viewer": 403, "evaluator": 200, "owner": 200,
                           "adviser_alongside": 403}
"""Scoring open: seat holders who submitted (here owner and evaluator) read; viewers wait (403).
An adviser working alongside acts as an owner but never holds a seat (docs/advisers.md), so the
blind ranking stays hidden from them too (403)."""
RANKING_PAGE: Expect = {**RANKING_READERS, "viewer": 200, "adviser_alongside": 200}
"""The page itself: viewers and advisers get the explanation why not yet (the view tests check it
shows no ranking)."""


def _scored(p: Personas) -> Selection:
    def make() -> Selection:
        selection = _selection(p)
        criteria = list(Criterion.objects.filter(selection=selection))
        candidates = Candidate.objects.bulk_create(
            Candidate(selection=selection, name=name) for name in ("Acme AI", "Brightlane", "Cobalt Data")
        )
        now = timezone.now()
        seats = Evaluator.objects.bulk_create(
            [
                Evaluator(selection=selection, user=p.owner, submitted_at=now),
                Evaluator(selection=selection, user=p.evaluator, submitted_at=now),
            ]
        )
        Score.objects.bulk_create(
            Score(evaluator=seat, candidate=candidate, criterion=criterion, value=1 + (e + i * 2 + j) % 5)
            for e, seat in enumerate(seats)
            for i, candidate in enumerate(candidates)
            for j, criterion in enumerate(criteria)
        )
        return selection

    return p.memo("ranking_scored", make)


def _sel(p: Personas) -> dict[str, Any]:
    return {"selection_id": _scored(p).pk}


def _radar(p: Personas) -> dict[str, Any]:
    selection = _scored(p)
    return {"selection_id": selection.pk, "candidate_id": selection.candidates.get(name="Brightlane").pk}


ROUTES: dict[str, Case] = {
    "evaluation:ranking": Case(RANKING_PAGE, kwargs=_sel),
    "evaluation:ranking_acceptability": Case(RANKING_READERS, kwargs=_sel),
    "evaluation:ranking_tornado": Case(RANKING_READERS, kwargs=_sel),
    "evaluation:ranking_radar": Case(RANKING_READERS, kwargs=_radar),
}

API: dict[tuple[str, str], Op] = {
    ("GET", "/api/v1/selections/{selection_id}/ranking"): Op(
        {"anonymous": 401, "outsider": 404, "viewer": 403, "evaluator": 403, "owner": 403}
    ),
}
