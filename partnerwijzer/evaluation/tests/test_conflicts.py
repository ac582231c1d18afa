"""Conflicts of interest (issue 16, item 7): the declaration before scoring, the owner's decision,
and a ranking that leaves an excluded seat's scores of that firm out, honestly."""

from __future__ import annotations

import math

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.evaluation.conflicts import services
from partnerwijzer.evaluation.conflicts.tasks import conflict_tasks
from partnerwijzer.evaluation.models import ConflictDecision, ConflictDeclaration, Relationship, Score
from partnerwijzer.evaluation.ranking.selectors import ranking_for
from partnerwijzer.evaluation.scoring import services as scoring
from partnerwijzer.evaluation.scoring.selectors import consensus_table
from partnerwijzer.evaluation.selectors import decision_matrix_for
from partnerwijzer.evaluation.tests.builders import (
    Built,
    candidates_of,
    criteria_of,
    make_scored_selection,
    make_selection,
    seat,
)
from partnerwijzer.sourcing.models import Selection
from tests.personas import Personas

pytestmark = pytest.mark.django_db

TWO = (("Expertise", 60, False), ("Price", 40, True))


def _conflict(built: Built, e: int, name: str, decision: str = ConflictDecision.PENDING) -> ConflictDeclaration:
    return ConflictDeclaration.objects.create(
        evaluator=built.evaluators[e], candidate=built.candidate(name), relationship=Relationship.CONFLICT,
        description="Former employer", decision=decision, decision_reason="",
    )


# --- Declaring before scoring ----------------------------------------------------------------------


def test_scoring_a_candidate_needs_the_declaration_first(personas: Personas) -> None:
    selection = make_selection(personas)
    mine = seat(selection, personas.evaluator, declared=False)
    candidate, criterion = candidates_of(selection)[0], criteria_of(selection)[0]
    with pytest.raises(ValidationError) as refused:
        scoring.score_set(actor=personas.evaluator, evaluator=mine, candidate=candidate, criterion=criterion, value=4)
    assert refused.value.code == "undeclared"
    assert not Score.objects.exists()
    services.conflict_declare(actor=personas.evaluator, evaluator=mine, candidate=candidate,
                              relationship=Relationship.NONE)
    scoring.score_set(actor=personas.evaluator, evaluator=mine, candidate=candidate, criterion=criterion, value=4)
    assert Score.objects.get().value == 4


def test_a_declared_relationship_needs_a_description_waits_for_the_owner_and_is_final(personas: Personas) -> None:
    selection = make_selection(personas)
    mine = seat(selection, personas.evaluator, declared=False)
    candidate = candidates_of(selection)[0]
    with pytest.raises(ValidationError) as error:
        services.conflict_declare(actor=personas.evaluator, evaluator=mine, candidate=candidate,
                                  relationship=Relationship.CONFLICT, description="  ")
    assert "description" in error.value.message_dict
    assert not ConflictDeclaration.objects.exists()
    declaration = services.conflict_declare(actor=personas.evaluator, evaluator=mine, candidate=candidate,
                                            relationship=Relationship.CONFLICT, description="My brother works there")
    assert declaration.decision == ConflictDecision.PENDING
    with pytest.raises(ValidationError) as again:
        services.conflict_declare(actor=personas.evaluator, evaluator=mine, candidate=candidate,
                                  relationship=Relationship.NONE)
    assert again.value.code == "declared"
    with pytest.raises(PermissionDenied):
        services.conflict_declare(actor=personas.owner, evaluator=mine, candidate=candidates_of(selection)[1],
                                  relationship=Relationship.NONE)
    assert AuditEvent.objects.filter(action="conflict.declare").count() == 1


def test_the_score_page_leads_to_the_declaration_and_then_to_the_form(personas: Personas) -> None:
    selection = make_selection(personas)
    seat(selection, personas.evaluator, declared=False)
    candidate = candidates_of(selection)[0]
    client = personas.client("evaluator")
    score_url = reverse("evaluation:score_candidate", args=[selection.pk, candidate.pk])
    declare_url = reverse("evaluation:conflict_declare", args=[selection.pk, candidate.pk])
    response = client.get(score_url)
    assert response.status_code == 302
    assert response["Location"] == declare_url
    # Posting scores before declaring stores nothing.
    assert client.post(score_url, {f"{criteria_of(selection)[0].pk}-value": "4"}).status_code == 302
    assert not Score.objects.exists()
    personas.speak("en")
    page = client.get(declare_url).content.decode()
    assert "Relationship with Firm A" in page
    assert 'name="relationship"' in page
    refused = client.post(declare_url, {"relationship": "conflict", "description": ""})
    assert refused.status_code == 400
    assert not ConflictDeclaration.objects.exists()
    done = client.post(declare_url, {"relationship": "none"})
    assert done.status_code == 302
    assert done["Location"] == score_url
    assert client.get(score_url).status_code == 200
    assert client.get(declare_url)["Location"] == score_url  # declared once: straight to the form


# --- The owner's decision -----------------------------------------------------------------------------


def test_owner_excludes_or_accepts_with_a_reason_and_it_is_audited(personas: Personas) -> None:
    selection = make_selection(personas)
    mine = seat(selection, personas.evaluator, declared=False)
    declaration = services.conflict_declare(actor=personas.evaluator, evaluator=mine,
                                            candidate=candidates_of(selection)[0],
                                            relationship=Relationship.CONFLICT, description="I hold shares")
    with pytest.raises(PermissionDenied):
        services.conflict_decide(actor=personas.evaluator, declaration=declaration, decision="excluded")
    with pytest.raises(ValidationError) as error:
        services.conflict_decide(actor=personas.owner, declaration=declaration, decision="accepted", reason="")
    assert "reason" in error.value.message_dict
    declaration.refresh_from_db()
    assert declaration.decision == ConflictDecision.PENDING
    services.conflict_decide(actor=personas.owner, declaration=declaration, decision="excluded")
    declaration.refresh_from_db()
    assert declaration.excluded
    assert declaration.decided_by == personas.owner
    event = AuditEvent.objects.get(action="conflict.decide")
    assert event.changes["decision"] == ["pending", "excluded"]


def test_owner_pages_list_the_declaration_and_save_the_decision(personas: Personas) -> None:
    selection = make_selection(personas)
    mine = seat(selection, personas.evaluator, declared=False)
    declaration = services.conflict_declare(actor=personas.evaluator, evaluator=mine,
                                            candidate=candidates_of(selection)[0],
                                            relationship=Relationship.CONFLICT, description="Former employer")
    client = personas.client("owner")
    listing = client.get(reverse("evaluation:conflicts", args=[selection.pk])).content.decode()
    assert "Former employer" in listing
    assert 'data-decision="pending"' in listing
    url = reverse("evaluation:conflict_decide", args=[selection.pk, declaration.pk])
    assert client.post(url, {"decision": "accepted", "reason": ""}).status_code == 400
    assert client.post(url, {"decision": "excluded", "reason": ""}).status_code == 302
    declaration.refresh_from_db()
    assert declaration.excluded
    assert personas.client("evaluator").get(url).status_code == 403


def test_owners_get_a_task_per_undecided_conflict_and_evaluators_none(personas: Personas) -> None:
    built = make_scored_selection(organisation=personas.organisation, criteria=TWO, scores=[[[4, 4]] * 3])
    _conflict(built, 0, "Beta")
    owner_tasks = conflict_tasks(personas.organisation, personas.owner)
    assert len(owner_tasks) == 1
    assert "Beta" in owner_tasks[0].text
    assert conflict_tasks(personas.organisation, personas.evaluator) == []


# --- The maths: an excluded seat's scores of that firm count nowhere -------------------------------


def _three_evaluators(personas: Personas) -> Built:
    # Evaluators x candidates (Alpha, Beta, Gamma) x criteria (Expertise 60 %, Price 40 %).
    return make_scored_selection(
        organisation=personas.organisation, criteria=TWO,
        scores=[
            [[5, 5], [2, 2], [3, 3]],  # evaluator 0: loves Alpha (declared a relationship with it)
            [[3, 3], [4, 4], [3, 4]],
            [[2, 3], [4, 3], [3, 3]],
        ],
    )


def test_an_excluded_seat_leaves_the_mean_over_the_remaining_seats(personas: Personas) -> None:
    built = _three_evaluators(personas)
    before = decision_matrix_for(selection=built.selection)
    np.testing.assert_allclose(before.mean[0], [10 / 3, 11 / 3])
    assert before.disagreement[0, 0]  # 5 vs 2: a spread of 3

    _conflict(built, 0, "Alpha", ConflictDecision.EXCLUDED)
    after = decision_matrix_for(selection=built.selection)
    np.testing.assert_allclose(after.mean[0], [2.5, 3.0])  # evaluators 1 and 2 only
    assert after.count[0].tolist() == [2, 2]
    assert after.spread[0].tolist() == [1.0, 0.0]
    assert not after.disagreement[0, 0]
    assert np.isnan(after.scores[0, 0]).all()
    # The excluded seat's scores of the other firms still count.
    np.testing.assert_allclose(after.mean[1], before.mean[1])
    assert after.count[1].tolist() == [3, 3]
    assert [(e.pk, c.name) for e, c in after.conflict_excluded] == [(built.evaluators[0].pk, "Alpha")]


def test_pending_and_accepted_conflicts_count_as_scored(personas: Personas) -> None:
    built = _three_evaluators(personas)
    declaration = _conflict(built, 0, "Alpha")
    pending = decision_matrix_for(selection=built.selection)
    np.testing.assert_allclose(pending.mean[0], [10 / 3, 11 / 3])
    ranking = ranking_for(selection=built.selection, iterations=0)
    assert "conflict_pending" in {n.code for n in ranking.notices}
    declaration.decision, declaration.decision_reason = ConflictDecision.ACCEPTED, "Left in 2019"
    declaration.save()
    accepted = ranking_for(selection=built.selection, iterations=0)
    assert {"conflict_pending", "conflict_excluded"}.isdisjoint({n.code for n in accepted.notices})
    np.testing.assert_allclose(accepted.matrix.mean[0], [10 / 3, 11 / 3])


def test_the_ranking_robustness_and_agreement_honour_the_exclusion(personas: Personas) -> None:
    built = _three_evaluators(personas)
    before = ranking_for(selection=built.selection, iterations=200)
    assert before.agreement is not None
    assert before.agreement.raters == 3
    _conflict(built, 0, "Alpha", ConflictDecision.EXCLUDED)
    after = ranking_for(selection=built.selection, iterations=200)
    alpha = next(c for c in after.candidates if c.candidate.name == "Alpha")
    assert math.isclose(alpha.weighted_score, 0.6 * 2.5 + 0.4 * 3.0)
    notice = next(n for n in after.notices if n.code == "conflict_excluded")
    assert "Alpha" in notice.message
    assert built.evaluators[0].user.display_name in notice.message
    # Kendall's W needs a full ranking per evaluator: the excluded seat is left out, and said why.
    assert after.agreement is not None
    assert after.agreement.raters == 2
    assert [e.pk for e in after.agreement.conflicted] == [built.evaluators[0].pk]
    # No disagreement is reported from the excluded 5 vs 2 any more; SMAA varies within the remaining spread.
    assert not any(d.candidate.name == "Alpha" and d.criterion.custom_name == "Expertise"
                   for d in after.disagreements)
    assert math.isclose(sum(alpha.acceptability), 1.0)


def test_the_only_seat_of_a_firm_excluded_leaves_it_unranked_not_guessed(personas: Personas) -> None:
    built = make_scored_selection(organisation=personas.organisation, criteria=TWO,
                                  scores=[[[5, 5], [3, 3], [2, 2]]])
    _conflict(built, 0, "Alpha", ConflictDecision.EXCLUDED)
    ranking = ranking_for(selection=built.selection, iterations=0)
    assert [u.candidate.name for u in ranking.unscored] == ["Alpha"]
    assert "Alpha" not in [c.candidate.name for c in ranking.candidates]


def test_the_consensus_table_leaves_the_excluded_seat_out_too(personas: Personas) -> None:
    built = _three_evaluators(personas)
    _conflict(built, 0, "Alpha", ConflictDecision.EXCLUDED)
    table = consensus_table(built.selection)
    alpha = next(row for row in table.rows if row.candidate.name == "Alpha")
    assert alpha.cells[0].count == 2
    assert alpha.cells[0].mean == 2.5
    assert built.evaluators[0] not in [e for e, _v in alpha.cells[0].scores]


# --- Reopening a declaration ----------------------------------------------------------------------


def _declared_conflict(personas: Personas) -> tuple[ConflictDeclaration, Selection]:
    selection = make_selection(personas)
    mine = seat(selection, personas.evaluator, declared=False)
    declaration = services.conflict_declare(actor=personas.evaluator, evaluator=mine,
                                            candidate=candidates_of(selection)[0],
                                            relationship=Relationship.CONFLICT, description="Former employer")
    services.conflict_decide(actor=personas.owner, declaration=declaration, decision="accepted",
                             reason="Left in 2019")
    return declaration, selection


def test_owner_reopens_a_declaration_with_a_reason_audited_and_the_evaluator_declares_again(
    personas: Personas,
) -> None:
    from partnerwijzer.outbox.models import Message

    declaration, _selection = _declared_conflict(personas)
    mine, candidate = declaration.evaluator, declaration.candidate
    criterion = criteria_of(mine.selection)[0]
    with pytest.raises(PermissionDenied):
        services.conflict_reopen(actor=personas.evaluator, declaration=declaration, reason="Changed")
    with pytest.raises(ValidationError) as empty:
        services.conflict_reopen(actor=personas.owner, declaration=declaration, reason="  ")
    assert "reason" in empty.value.message_dict
    with pytest.raises(ValidationError):
        services.conflict_reopen(actor=personas.owner, declaration=declaration, reason="Bad\x00reason")
    assert ConflictDeclaration.objects.filter(pk=declaration.pk).exists()  # nothing changed
    assert not AuditEvent.objects.filter(action="conflict.reopen").exists()

    assert services.conflict_reopen(actor=personas.owner, declaration=declaration,
                                    reason="Since May a relative works there.") is False
    assert not ConflictDeclaration.objects.filter(evaluator=mine, candidate=candidate).exists()
    event = AuditEvent.objects.get(action="conflict.reopen")
    assert event.changes["reason"] == "Since May a relative works there."
    assert (event.changes["relationship"], event.changes["description"], event.changes["decision"],
            event.changes["decision_reason"]) == ("conflict", "Former employer", "accepted", "Left in 2019")
    (message,) = Message.objects.filter(to_email=personas.evaluator.email)
    assert message.essential
    assert candidate.name in message.subject
    assert "Since May a relative works there." in message.body_text
    assert reverse("evaluation:conflict_declare", args=[mine.selection_id, candidate.pk]) in message.body_text

    # The evaluator declares again before scoring that firm.
    with pytest.raises(ValidationError) as undeclared:
        scoring.score_set(actor=personas.evaluator, evaluator=mine, candidate=candidate, criterion=criterion, value=4)
    assert undeclared.value.code == "undeclared"
    again = services.conflict_declare(actor=personas.evaluator, evaluator=mine, candidate=candidate,
                                      relationship=Relationship.CONFLICT, description="A relative works there")
    assert again.decision == ConflictDecision.PENDING  # a new declaration for the owner to decide on
    scoring.score_set(actor=personas.evaluator, evaluator=mine, candidate=candidate, criterion=criterion, value=4)


def test_reopening_the_declaration_of_a_submitted_seat_reopens_the_seat_and_not_while_scoring_is_closed(
    personas: Personas,
) -> None:
    declaration, selection = _declared_conflict(personas)
    mine = declaration.evaluator
    scoring.evaluator_submit(actor=personas.evaluator, evaluator=mine)
    scoring.scoring_close(actor=personas.owner, selection=selection)
    with pytest.raises(ValidationError) as closed:
        services.conflict_reopen(actor=personas.owner, declaration=declaration, reason="A relative joined")
    assert closed.value.code == "closed"
    assert ConflictDeclaration.objects.filter(pk=declaration.pk).exists()
    listing = personas.client("owner").get(reverse("evaluation:conflicts", args=[selection.pk])).content.decode()
    assert reverse("evaluation:conflict_reopen", args=[selection.pk, declaration.pk]) not in listing
    assert 'id="reopen-hint"' in listing  # says to reopen scoring first
    scoring.scoring_reopen(actor=personas.owner, selection=selection)
    assert services.conflict_reopen(actor=personas.owner, declaration=declaration, reason="A relative joined")
    mine.refresh_from_db()
    assert mine.submitted_at is None
    assert AuditEvent.objects.get(action="conflict.reopen").changes["seat_reopened"] is True
    assert AuditEvent.objects.filter(action="evaluator.reopen").count() == 1


def test_owner_reopens_from_the_conflicts_page_after_confirming(personas: Personas) -> None:
    declaration, selection = _declared_conflict(personas)
    client = personas.client("owner")
    listing = client.get(reverse("evaluation:conflicts", args=[selection.pk])).content.decode()
    url = reverse("evaluation:conflict_reopen", args=[selection.pk, declaration.pk])
    assert url in listing
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert 'name="reason"' in confirm.content.decode()
    assert ConflictDeclaration.objects.filter(pk=declaration.pk).exists()  # asking changes nothing
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400
    assert ConflictDeclaration.objects.filter(pk=declaration.pk).exists()
    done = client.post(url, {"reason": "The relationship changed"})
    assert done.status_code == 302
    assert done["Location"] == reverse("evaluation:conflicts", args=[selection.pk])
    assert not ConflictDeclaration.objects.filter(pk=declaration.pk).exists()
    assert personas.client("evaluator").get(url).status_code == 403


def test_the_api_reopens_a_declaration_with_an_exact_schema(personas: Personas) -> None:
    from tests.api.conftest import bearer_client

    declaration, selection = _declared_conflict(personas)
    url = f"/api/v1/selections/{selection.pk}/conflicts/{declaration.pk}/reopen"
    client = bearer_client(personas.owner)
    for body in ({}, {"reason": ""}, {"reason": "  "}, {"reason": "x" * 2001}, {"reason": "a\x00b"}, {"reason": 5}):
        refused = client.post(url, body, content_type="application/json")
        assert refused.status_code == 422, body
    assert ConflictDeclaration.objects.filter(pk=declaration.pk).exists()
    done = client.post(url, {"reason": "A relative joined the firm"}, content_type="application/json")
    assert done.status_code == 200
    assert done.json() == {"evaluator_id": str(declaration.evaluator_id), "candidate_id": str(declaration.candidate_id),
                           "seat_reopened": False}
    assert not ConflictDeclaration.objects.filter(pk=declaration.pk).exists()
    assert client.post(url, {"reason": "again"}, content_type="application/json").status_code == 404
