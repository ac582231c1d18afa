"""Services: every write is validated, recorded and audited; bad input changes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.evaluation.models import Criterion
from partnerwijzer.sourcing import services
from partnerwijzer.sourcing.models import Candidate, CandidateRedFlag, RedFlag, Selection, StageMove
from partnerwijzer.sourcing.stages import Stage
from partnerwijzer.sourcing.tests.conftest import MakeCandidate
from tests.personas import Personas


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("created_at"))


def test_selection_create_starts_with_the_criteria_and_is_audited(personas: Personas) -> None:
    selection = services.selection_create(
        actor=personas.owner, organisation=personas.organisation, title="  Maintenance  ", description=""
    )
    assert selection.title == "Maintenance"
    assert selection.created_by == personas.owner
    assert Criterion.objects.filter(selection=selection).count() == 8  # seven criteria plus price
    event = _events("selection.create")[0]
    assert event.organisation == personas.organisation
    assert event.target_id == str(selection.pk)


def test_selection_without_title_is_refused(personas: Personas) -> None:
    with pytest.raises(ValidationError) as caught:
        services.selection_create(actor=personas.owner, organisation=personas.organisation, title="   ")
    assert "title" in caught.value.message_dict
    assert not Selection.objects.exists()
    assert not AuditEvent.objects.filter(action="selection.create").exists()


def test_selection_update_records_what_changed(personas: Personas, selection: Selection) -> None:
    services.selection_update(
        actor=personas.owner, selection=selection, title="New title", description=selection.description
    )
    selection.refresh_from_db()
    assert selection.title == "New title"
    assert _events("selection.update")[0].changes == {"title": ["Predictive maintenance partner", "New title"]}
    # Saving without changes leaves no event.
    services.selection_update(
        actor=personas.owner, selection=selection, title="New title", description=selection.description
    )
    assert len(_events("selection.update")) == 1


def test_selection_delete_removes_candidates_and_keeps_an_audit_trace(
    personas: Personas, selection: Selection, make_candidate: MakeCandidate
) -> None:
    make_candidate("One")
    services.selection_delete(actor=personas.owner, selection=selection)
    assert not Selection.objects.exists()
    assert not Candidate.objects.exists()
    assert _events("selection.delete")[0].changes == {"title": "Predictive maintenance partner", "candidates": 1}


def test_candidate_create_normalises_and_audits(personas: Personas, selection: Selection) -> None:
    candidate = services.candidate_create(
        actor=personas.owner,
        selection=selection,
        name=" Acme AI ",
        country="nl",
        website="https://acme.example",
        provider_type="ai_pure_player",
        sourcing_channel="personal_recommendation",
        evidence_links="https://acme.example/case\n\n  https://acme.example/ref  \n",
    )
    candidate.refresh_from_db()
    assert candidate.name == "Acme AI"
    assert candidate.country == "NL"
    assert candidate.stage == Stage.LONGLIST
    assert candidate.evidence_link_list == ["https://acme.example/case", "https://acme.example/ref"]
    assert _events("candidate.create")[0].target_id == str(candidate.pk)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "  "),
        ("country", "XX"),
        ("country", "NLD"),
        ("website", "javascript:alert(1)"),
        ("website", "acme"),
        ("provider_type", "astrologer"),
        ("sourcing_channel", "cold_call"),
        ("evidence_links", "https://ok.example\njavascript:alert(1)"),
        ("contact_email", "not-an-address"),
        ("size", "huge"),
    ],
)
def test_candidate_create_refuses_bad_input_and_writes_nothing(
    personas: Personas, selection: Selection, field: str, value: str
) -> None:
    data = {"name": "Acme AI", field: value}
    with pytest.raises(ValidationError) as caught:
        services.candidate_create(actor=personas.owner, selection=selection, **data)
    assert field in caught.value.message_dict
    assert not Candidate.objects.exists()
    assert not AuditEvent.objects.filter(action="candidate.create").exists()


def test_candidate_update_changes_only_the_given_fields(personas: Personas, make_candidate: MakeCandidate) -> None:
    candidate = make_candidate("Acme AI", city="Delft")
    services.candidate_update(actor=personas.owner, candidate=candidate, city="Eindhoven", country="nl")
    candidate.refresh_from_db()
    assert (candidate.name, candidate.city, candidate.country) == ("Acme AI", "Eindhoven", "NL")
    assert _events("candidate.update")[0].changes == {"city": ["Delft", "Eindhoven"], "country": ["", "NL"]}


def test_candidate_update_with_bad_input_changes_nothing(personas: Personas, make_candidate: MakeCandidate) -> None:
    candidate = make_candidate("Acme AI", city="Delft")
    with pytest.raises(ValidationError):
        services.candidate_update(actor=personas.owner, candidate=candidate, city="Eindhoven", country="Holland")
    assert candidate.city == "Delft"  # the caller's instance is restored, too
    candidate.refresh_from_db()
    assert candidate.city == "Delft"
    assert not AuditEvent.objects.filter(action="candidate.update").exists()
    with pytest.raises(ValidationError):
        services.candidate_update(actor=personas.owner, candidate=candidate, stage="chosen")


def test_stage_move_is_recorded_and_audited(personas: Personas, make_candidate: MakeCandidate) -> None:
    candidate = make_candidate("Acme AI")
    move = services.candidate_stage_move(actor=personas.owner, candidate=candidate, to_stage=Stage.SHORTLIST)
    services.candidate_stage_move(actor=personas.owner, candidate=candidate, to_stage="talks")
    candidate.refresh_from_db()
    assert candidate.stage == Stage.TALKS
    assert (move.from_stage, move.to_stage, move.actor, move.rejected) == (
        "longlist",
        "shortlist",
        personas.owner,
        False,
    )
    assert [(m.from_stage, m.to_stage) for m in StageMove.objects.filter(candidate=candidate).order_by("moved_at")] == [
        ("longlist", "shortlist"),
        ("shortlist", "talks"),
    ]
    assert [e.changes for e in _events("candidate.stage_move")] == [
        {"stage": ["longlist", "shortlist"]},
        {"stage": ["shortlist", "talks"]},
    ]
    # Back is allowed too.
    services.candidate_stage_move(actor=personas.owner, candidate=candidate, to_stage=Stage.RFI)
    assert Candidate.objects.get(pk=candidate.pk).stage == Stage.RFI


@pytest.mark.parametrize("to_stage", ["longlist", "nowhere", ""])
def test_stage_move_to_the_same_or_an_unknown_stage_changes_nothing(
    personas: Personas, make_candidate: MakeCandidate, to_stage: str
) -> None:
    candidate = make_candidate("Acme AI")
    with pytest.raises(ValidationError):
        services.candidate_stage_move(actor=personas.owner, candidate=candidate, to_stage=to_stage)
    assert Candidate.objects.get(pk=candidate.pk).stage == Stage.LONGLIST
    assert not StageMove.objects.exists()
    assert not AuditEvent.objects.filter(action="candidate.stage_move").exists()


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_rejection_needs_a_reason(personas: Personas, make_candidate: MakeCandidate, reason: str) -> None:
    candidate = make_candidate("Acme AI")
    with pytest.raises(ValidationError) as caught:
        services.candidate_reject(actor=personas.owner, candidate=candidate, reason=reason)
    assert "reason" in caught.value.message_dict
    candidate.refresh_from_db()
    assert not candidate.rejected
    assert not StageMove.objects.exists()


def test_reject_and_reinstate_are_recorded(personas: Personas, make_candidate: MakeCandidate) -> None:
    candidate = make_candidate("Acme AI", stage=Stage.TALKS)
    services.candidate_reject(actor=personas.owner, candidate=candidate, reason=" No comparable projects. ")
    candidate.refresh_from_db()
    assert candidate.rejected
    assert candidate.rejected_reason == "No comparable projects."
    assert candidate.stage == Stage.TALKS  # rejected where it stood
    rejection = StageMove.objects.get(candidate=candidate, rejected=True)
    assert (rejection.from_stage, rejection.to_stage, rejection.reason) == ("talks", "talks", "No comparable projects.")
    assert _events("candidate.reject")[0].changes["reason"] == "No comparable projects."

    with pytest.raises(ValidationError):
        services.candidate_stage_move(actor=personas.owner, candidate=candidate, to_stage=Stage.RFP)
    with pytest.raises(ValidationError):
        services.candidate_reject(actor=personas.owner, candidate=candidate, reason="Again")

    services.candidate_reinstate(actor=personas.owner, candidate=candidate)
    candidate.refresh_from_db()
    assert not candidate.rejected
    assert candidate.rejected_reason == ""
    assert candidate.stage == Stage.TALKS
    assert StageMove.objects.filter(candidate=candidate).count() == 3  # talks move, rejection, reinstatement
    assert _events("candidate.reinstate")[0].changes["reason"] == "No comparable projects."
    with pytest.raises(ValidationError):
        services.candidate_reinstate(actor=personas.owner, candidate=candidate)


def test_red_flag_set_records_observation_and_note(personas: Personas, make_candidate: MakeCandidate) -> None:
    candidate = make_candidate("Acme AI")
    services.candidate_red_flag_set(
        actor=personas.owner, candidate=candidate, flag=RedFlag.PUSHES_PLATFORM, observed=True, note=" Demo first. "
    )
    entry = CandidateRedFlag.objects.get(candidate=candidate)
    assert (entry.flag, entry.observed, entry.note, entry.updated_by) == (
        "pushes_platform",
        True,
        "Demo first.",
        personas.owner,
    )
    assert _events("candidate.red_flag_set")[0].changes == {
        "flag": "pushes_platform",
        "observed": [False, True],
        "note": ["", "Demo first."],
    }
    # The same values again: no new event. An untouched flag: no row.
    services.candidate_red_flag_set(
        actor=personas.owner, candidate=candidate, flag="pushes_platform", observed=True, note="Demo first."
    )
    services.candidate_red_flag_set(
        actor=personas.owner, candidate=candidate, flag="talks_more_than_listens", observed=False, note=""
    )
    assert len(_events("candidate.red_flag_set")) == 1
    assert CandidateRedFlag.objects.count() == 1


def test_unknown_red_flag_is_refused(personas: Personas, make_candidate: MakeCandidate) -> None:
    candidate = make_candidate("Acme AI")
    with pytest.raises(ValidationError):
        services.candidate_red_flag_set(actor=personas.owner, candidate=candidate, flag="smells", observed=True)
    assert not CandidateRedFlag.objects.exists()


def test_candidate_delete_is_audited(personas: Personas, make_candidate: MakeCandidate) -> None:
    candidate = make_candidate("Typo BV")
    services.candidate_delete(actor=personas.owner, candidate=candidate)
    assert not Candidate.objects.exists()
    assert _events("candidate.delete")[0].changes["name"] == "Typo BV"
