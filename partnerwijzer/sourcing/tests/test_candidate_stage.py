"""Stage moves, rejection and reinstatement from the pages, with and without HTMX."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.sourcing.models import Candidate, Selection, StageMove
from partnerwijzer.sourcing.services import candidate_reject
from partnerwijzer.sourcing.stages import Stage
from partnerwijzer.sourcing.tests.conftest import MakeCandidate
from tests.personas import Personas


def _stage_url(candidate: Candidate) -> str:
    return reverse("sourcing:candidate_stage", args=[candidate.pk])


def test_owner_moves_a_candidate_on_without_javascript(
    personas: Personas, selection: Selection, make_candidate: MakeCandidate
) -> None:
    candidate = make_candidate("Acme AI")
    response = personas.client("owner").post(_stage_url(candidate), {"to_stage": "shortlist"})
    assert response.status_code == 302
    assert response["Location"] == reverse("sourcing:selection_detail", args=[selection.pk])
    candidate.refresh_from_db()
    assert candidate.stage == Stage.SHORTLIST
    move = StageMove.objects.get(candidate=candidate)
    assert (move.from_stage, move.to_stage, move.actor) == ("longlist", "shortlist", personas.owner)
    assert AuditEvent.objects.get(action="candidate.stage_move").changes == {"stage": ["longlist", "shortlist"]}


def test_move_from_the_list_view_returns_to_the_list(
    personas: Personas, selection: Selection, make_candidate: MakeCandidate
) -> None:
    candidate = make_candidate("Acme AI")
    response = personas.client("owner").post(_stage_url(candidate), {"to_stage": "talks", "view": "list"})
    assert response["Location"] == reverse("sourcing:selection_detail", args=[selection.pk]) + "?view=list"


def test_move_from_the_candidate_page_returns_there(personas: Personas, make_candidate: MakeCandidate) -> None:
    candidate = make_candidate("Acme AI")
    response = personas.client("owner").post(_stage_url(candidate), {"to_stage": "shortlist", "view": "candidate"})
    assert response["Location"] == reverse("sourcing:candidate_detail", args=[candidate.pk])


def test_htmx_move_returns_the_workspace_only(personas: Personas, make_candidate: MakeCandidate) -> None:
    candidate = make_candidate("Acme AI")
    response = personas.client("owner").post(
        _stage_url(candidate), {"to_stage": "shortlist", "view": "board"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="workspace"')
    assert "<html" not in html
    assert f'id="candidate-{candidate.pk}" data-moved' in html
    assert "message--success" in html
    candidate.refresh_from_db()
    assert candidate.stage == Stage.SHORTLIST


def test_htmx_refused_move_explains_in_the_workspace(personas: Personas, make_candidate: MakeCandidate) -> None:
    candidate = make_candidate("Acme AI")
    response = personas.client("owner").post(
        _stage_url(candidate), {"to_stage": "longlist"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200  # HTMX swaps only 2xx; the notice says what went wrong
    assert "message--error" in response.content.decode()
    assert not StageMove.objects.exists()


@pytest.mark.parametrize("to_stage", ["nowhere", "", "longlist"])
def test_bad_moves_change_nothing(personas: Personas, make_candidate: MakeCandidate, to_stage: str) -> None:
    candidate = make_candidate("Acme AI")
    response = personas.client("owner").post(_stage_url(candidate), {"to_stage": to_stage})
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.stage == Stage.LONGLIST
    assert not StageMove.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("viewer", 403), ("evaluator", 403), ("outsider", 404)])
def test_only_owners_move_reject_or_reinstate(
    personas: Personas, make_candidate: MakeCandidate, persona: str, status: int
) -> None:
    candidate = make_candidate("Acme AI")
    rejected = make_candidate("Dropped")
    candidate_reject(actor=personas.owner, candidate=rejected, reason="Too big")
    client = personas.client(persona)
    assert client.post(_stage_url(candidate), {"to_stage": "shortlist"}).status_code == status
    assert client.post(reverse("sourcing:candidate_reject", args=[candidate.pk]), {"reason": "x"}).status_code == status
    assert client.post(reverse("sourcing:candidate_reinstate", args=[rejected.pk])).status_code == status
    candidate.refresh_from_db()
    rejected.refresh_from_db()
    assert (candidate.stage, candidate.rejected, rejected.rejected) == (Stage.LONGLIST, False, True)


def test_reject_asks_for_a_reason_first(personas: Personas, make_candidate: MakeCandidate) -> None:
    candidate = make_candidate("Acme AI", stage=Stage.TALKS)
    url = reverse("sourcing:candidate_reject", args=[candidate.pk])
    page = personas.client("owner").get(url)
    assert page.status_code == 200
    assert 'name="reason"' in page.content.decode()
    empty = personas.client("owner").post(url, {"reason": "   "})
    assert empty.status_code == 400
    assert empty.context["form"].errors["reason"]
    candidate.refresh_from_db()
    assert not candidate.rejected

    response = personas.client("owner").post(url, {"reason": "Only platform talk."})
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert (candidate.rejected, candidate.rejected_reason, candidate.stage) == (
        True,
        "Only platform talk.",
        Stage.TALKS,
    )
    assert StageMove.objects.filter(candidate=candidate, rejected=True, reason="Only platform talk.").exists()


def test_owner_brings_a_rejected_candidate_back(personas: Personas, make_candidate: MakeCandidate) -> None:
    candidate = make_candidate("Acme AI", stage=Stage.RFP)
    candidate_reject(actor=personas.owner, candidate=candidate, reason="Too expensive")
    response = personas.client("owner").post(reverse("sourcing:candidate_reinstate", args=[candidate.pk]))
    assert response["Location"] == reverse("sourcing:candidate_detail", args=[candidate.pk])
    candidate.refresh_from_db()
    assert (candidate.rejected, candidate.rejected_reason, candidate.stage) == (False, "", Stage.RFP)
    assert AuditEvent.objects.filter(action="candidate.reinstate").count() == 1
    # A second click is harmless and explained.
    again = personas.client("owner").post(reverse("sourcing:candidate_reinstate", args=[candidate.pk]), follow=True)
    assert again.status_code == 200
    assert AuditEvent.objects.filter(action="candidate.reinstate").count() == 1


def test_rejected_candidate_cannot_be_moved(personas: Personas, make_candidate: MakeCandidate) -> None:
    candidate = make_candidate("Acme AI")
    candidate_reject(actor=personas.owner, candidate=candidate, reason="No")
    personas.client("owner").post(_stage_url(candidate), {"to_stage": "shortlist"})
    candidate.refresh_from_db()
    assert candidate.stage == Stage.LONGLIST
