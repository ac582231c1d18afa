"""Role-matrix rows of the evidence API: every member reads a candidate's passages and searches
them (as they read its portal answers); outsiders get the uniform 404. The score form that shows
them is evaluation's route (``evaluation:score_candidate``, rows in evaluation_scoring.py)."""

from __future__ import annotations

from tests.authorisation.matrix import MEMBERS, Case, Op

ROUTES: dict[str, Case] = {}

API: dict[tuple[str, str], Op] = {
    ("GET", "/api/v1/candidates/{candidate_id}/evidence"): Op(MEMBERS),
    ("GET", "/api/v1/candidates/{candidate_id}/evidence/search"): Op(MEMBERS),
}
