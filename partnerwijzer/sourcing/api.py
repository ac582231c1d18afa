"""The sourcing endpoints of the JSON API (mounted in partnerwijzer/routers.py): selections,
candidates, stage moves, red flags and the funnel.

Access: a selection or candidate is resolved first, then the caller's membership of its
organisation is checked (:func:`membership_for_user`), so an unknown id, a malformed one and
another organisation's give the same 404. Members read; owners write (others get 403).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from pydantic import StrictBool

from partnerwijzer.accounts.access import membership_for_user
from partnerwijzer.accounts.roles import Role
from partnerwijzer.api.common import CandidateId, OrganisationId, SelectionId, caller, responses
from partnerwijzer.sourcing import selectors, services
from partnerwijzer.sourcing.funnel import FunnelReport, funnel_check
from partnerwijzer.sourcing.lookups import candidate_for, selection_for
from partnerwijzer.sourcing.models import Candidate, RedFlag, Selection, StageMove
from partnerwijzer.sourcing.providers import ScoringState, scoring_state, scoring_states
from partnerwijzer.sourcing.stages import Stage

router = Router(tags=["sourcing"])

StageName = Literal["longlist", "shortlist", "rfi", "talks", "rfp", "references", "workshop", "negotiation", "chosen"]
RedFlagName = Literal[
    "pushes_platform", "promises_without_risks", "no_comparable_projects", "key_competences_subcontracted",
    "talks_more_than_listens",
]
SizeName = Literal["", "1-9", "10-49", "50-249", "250+"]

# Strings, not UUIDs, on purpose: a malformed id gives the same 404 as another organisation's.


# --- Schemas ----------------------------------------------------------------------------------


class SelectionOut(Schema):
    id: UUID
    organisation_id: UUID
    title: str
    description: str
    weighting_method: str
    scoring_closed: bool
    created_at: datetime


class SelectionIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=5000)


class SelectionPatch(Schema):
    """Fields to change; fields left out keep their value."""

    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=5000)


class CandidateOut(Schema):
    id: UUID
    selection_id: UUID
    name: str
    website: str
    city: str
    country: str = Field(description="ISO 3166 two-letter code, or empty.")
    size: str
    provider_type: str = Field(description="Key from /api/v1/reference/provider-types, or empty.")
    sourcing_channel: str = Field(description="Key from /api/v1/reference/sourcing-channels, or empty.")
    industries: str
    contact_name: str
    contact_email: str
    notes: str
    evidence_links: list[str]
    stage: StageName
    rejected: bool
    rejected_reason: str
    created_at: datetime


class StageMoveOut(Schema):
    from_stage: StageName
    to_stage: StageName
    rejected: bool = Field(description="True for a rejection; a move with equal stages and false is a reinstatement.")
    reason: str
    actor_email: str | None
    moved_at: datetime


class RedFlagOut(Schema):
    flag: RedFlagName
    label: str
    observed: bool
    note: str


class CandidateDetailOut(CandidateOut):
    red_flags: list[RedFlagOut]
    stage_moves: list[StageMoveOut]


class CandidateIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    website: str = Field("", max_length=200)
    city: str = Field("", max_length=100)
    country: str = Field("", max_length=2, description="ISO 3166 two-letter code, e.g. NL.")
    size: SizeName = ""
    provider_type: str = Field("", max_length=50)
    sourcing_channel: str = Field("", max_length=50)
    industries: str = Field("", max_length=300)
    contact_name: str = Field("", max_length=150)
    contact_email: str = Field("", max_length=254)
    notes: str = ""
    evidence_links: list[str] = Field(default_factory=list, description="Web addresses (http or https).")


class CandidatePatch(Schema):
    """Fields to change; fields left out keep their value. Stage changes go through /stage."""

    name: str | None = Field(None, min_length=1, max_length=200)
    website: str | None = Field(None, max_length=200)
    city: str | None = Field(None, max_length=100)
    country: str | None = Field(None, max_length=2)
    size: SizeName | None = None
    provider_type: str | None = Field(None, max_length=50)
    sourcing_channel: str | None = Field(None, max_length=50)
    industries: str | None = Field(None, max_length=300)
    contact_name: str | None = Field(None, max_length=150)
    contact_email: str | None = Field(None, max_length=254)
    notes: str | None = None
    evidence_links: list[str] | None = None


class StageChangeIn(Schema):
    """Exactly one of: ``to_stage`` (move), ``reject`` with ``reason``, or ``reinstate``."""

    to_stage: StageName | None = None
    reject: StrictBool = False
    reason: str = Field("", max_length=2000, description="Required with reject.")
    reinstate: StrictBool = False


class RedFlagIn(Schema):
    observed: StrictBool
    note: str = Field("", max_length=2000)


class FunnelRowOut(Schema):
    stage: StageName
    count: int = Field(description="Candidates still in the race at or beyond this stage.")
    guide_low: int
    guide_high: int
    verdict: Literal["not_reached", "within", "passed", "too_few", "too_many"]


class FunnelWarningOut(Schema):
    stage: StageName
    verdict: Literal["too_few", "too_many"]
    count: int
    message: str


class FunnelOut(Schema):
    active: int = Field(description="Candidates not rejected.")
    source: str = Field(description="Key of the reference source (see /api/v1/reference/sources).")
    rows: list[FunnelRowOut]
    warnings: list[FunnelWarningOut]


class DeletedOut(Schema):
    deleted: bool = True


# --- Access helpers ------------------------------------------------------------------------------





# --- Shaping -------------------------------------------------------------------------------------


def _selection_out(selection: Selection, state: ScoringState | None = None) -> SelectionOut:
    """``weighting_method`` and ``scoring_closed`` are evaluation's state, lent through
    :mod:`partnerwijzer.sourcing.providers` so that the published fields stay."""
    state = state if state is not None else scoring_state(selection)
    return SelectionOut(
        id=selection.id, organisation_id=selection.organisation_id, title=selection.title,
        description=selection.description, weighting_method=state.weighting_method,
        scoring_closed=state.closed, created_at=selection.created_at,
    )


def _candidate_fields(candidate: Candidate) -> dict[str, object]:
    return {
        "id": candidate.id, "selection_id": candidate.selection_id, "name": candidate.name,
        "website": candidate.website, "city": candidate.city, "country": candidate.country, "size": candidate.size,
        "provider_type": candidate.provider_type, "sourcing_channel": candidate.sourcing_channel,
        "industries": candidate.industries, "contact_name": candidate.contact_name,
        "contact_email": candidate.contact_email, "notes": candidate.notes,
        "evidence_links": candidate.evidence_link_list, "stage": candidate.stage, "rejected": candidate.rejected,
        "rejected_reason": candidate.rejected_reason, "created_at": candidate.created_at,
    }


def _candidate_out(candidate: Candidate) -> CandidateOut:
    return CandidateOut(**_candidate_fields(candidate))  # type: ignore[arg-type]


def _move_out(move: StageMove) -> StageMoveOut:
    return StageMoveOut(
        from_stage=move.from_stage, to_stage=move.to_stage, rejected=move.rejected,  # type: ignore[arg-type]
        reason=move.reason, actor_email=move.actor.email if move.actor else None, moved_at=move.moved_at,
    )


def _candidate_detail_out(candidate: Candidate) -> CandidateDetailOut:
    flags = [
        RedFlagOut(flag=row.flag.value, label=str(row.flag.label), observed=row.observed, note=row.note)  # type: ignore[arg-type]
        for row in selectors.red_flags_of(candidate=candidate)
    ]
    moves = [_move_out(m) for m in selectors.stage_history(candidate=candidate)]
    return CandidateDetailOut(**_candidate_fields(candidate), red_flags=flags, stage_moves=moves)  # type: ignore[arg-type]


def _funnel_out(report: FunnelReport) -> FunnelOut:
    return FunnelOut(
        active=report.active,
        source=report.source,
        rows=[
            FunnelRowOut(
                stage=row.stage.value, count=row.count, guide_low=row.band.low,  # type: ignore[arg-type]
                guide_high=row.band.high, verdict=row.verdict.value,
            )
            for row in report.rows
        ],
        warnings=[
            FunnelWarningOut(
                stage=w.stage.value, verdict=w.verdict.value, count=w.count, message=w.message,  # type: ignore[arg-type]
            )
            for w in report.warnings
        ],
    )


# --- Selections ----------------------------------------------------------------------------------


@router.get(
    "/organisations/{organisation_id}/selections", response=responses(list[SelectionOut], 404),
    summary="Selections of an organisation",
)
def selection_list(request: HttpRequest, organisation_id: OrganisationId) -> list[SelectionOut]:
    """The organisation's selections, newest first. Any member may read them."""
    membership = membership_for_user(caller(request), organisation_id)
    selections = list(Selection.objects.filter(organisation=membership.organisation))
    states = scoring_states(selections)
    return [_selection_out(s, states.get(s.pk, ScoringState())) for s in selections]


@router.post(
    "/organisations/{organisation_id}/selections", response=responses(SelectionOut, 400, 403, 404, 422),
    summary="Start a selection (owners)",
)
def selection_create(request: HttpRequest, organisation_id: OrganisationId, payload: SelectionIn) -> SelectionOut:
    """Start a selection; it begins with the seven criteria of the guide and a price criterion."""
    user = caller(request)
    membership = membership_for_user(user, organisation_id, role=Role.OWNER)
    selection = services.selection_create(
        actor=user, organisation=membership.organisation, title=payload.title, description=payload.description
    )
    return _selection_out(selection)


@router.get("/selections/{selection_id}", response=responses(SelectionOut, 404), summary="One selection")
def selection_detail(request: HttpRequest, selection_id: SelectionId) -> SelectionOut:
    return _selection_out(selection_for(caller(request), selection_id))


@router.patch(
    "/selections/{selection_id}", response=responses(SelectionOut, 400, 403, 404, 422),
    summary="Change a selection (owners)",
)
def selection_update(request: HttpRequest, selection_id: SelectionId, payload: SelectionPatch) -> SelectionOut:
    user = caller(request)
    selection = selection_for(user, selection_id, role=Role.OWNER)
    services.selection_update(
        actor=user, selection=selection,
        title=payload.title if payload.title is not None else selection.title,
        description=payload.description if payload.description is not None else selection.description,
    )
    return _selection_out(selection)


@router.delete(
    "/selections/{selection_id}", response=responses(DeletedOut, 403, 404, 409),
    summary="Delete a selection with its candidates, scores and partner decision (owners)",
)
def selection_delete(request: HttpRequest, selection_id: SelectionId) -> DeletedOut:
    user = caller(request)
    try:
        services.selection_delete(actor=user, selection=selection_for(user, selection_id, role=Role.OWNER))
    except services.DeleteBlockedError as exc:
        raise HttpError(409, str(exc)) from exc
    return DeletedOut()


@router.get(
    "/selections/{selection_id}/funnel", response=responses(FunnelOut, 404),
    summary="The selection's funnel against the guide",
)
def selection_funnel(request: HttpRequest, selection_id: SelectionId) -> FunnelOut:
    """Candidates per stage against the guide's funnel (shortlist 5–8, talks 3–5, RFP 2–3, one for the
    workshop), with warnings in the organisation's language. Warnings are advice, never enforced."""
    selection = selection_for(caller(request), selection_id)
    stages = Candidate.objects.filter(selection=selection, rejected=False).values_list("stage", flat=True)
    return _funnel_out(funnel_check(list(stages)))


# --- Candidates ----------------------------------------------------------------------------------


@router.get(
    "/selections/{selection_id}/candidates", response=responses(list[CandidateOut], 404),
    summary="Candidates of a selection",
)
def candidate_list(request: HttpRequest, selection_id: SelectionId) -> list[CandidateOut]:
    """All candidates, rejected ones included (``rejected`` says which), by name."""
    selection = selection_for(caller(request), selection_id)
    return [_candidate_out(c) for c in Candidate.objects.filter(selection=selection).order_by("name", "pk")]


@router.post(
    "/selections/{selection_id}/candidates", response=responses(CandidateDetailOut, 400, 403, 404, 422),
    summary="Add a candidate to the longlist (owners)",
)
def candidate_create(request: HttpRequest, selection_id: SelectionId, payload: CandidateIn) -> CandidateDetailOut:
    user = caller(request)
    selection = selection_for(user, selection_id, role=Role.OWNER)
    data = payload.model_dump()
    data["evidence_links"] = "\n".join(data["evidence_links"])
    candidate = services.candidate_create(actor=user, selection=selection, **data)
    return _candidate_detail_out(candidate)


@router.get(
    "/candidates/{candidate_id}", response=responses(CandidateDetailOut, 404),
    summary="One candidate, with red flags and stage history",
)
def candidate_detail(request: HttpRequest, candidate_id: CandidateId) -> CandidateDetailOut:
    return _candidate_detail_out(candidate_for(caller(request), candidate_id))


@router.patch(
    "/candidates/{candidate_id}", response=responses(CandidateDetailOut, 400, 403, 404, 422),
    summary="Change a candidate (owners)",
)
def candidate_update(request: HttpRequest, candidate_id: CandidateId, payload: CandidatePatch) -> CandidateDetailOut:
    user = caller(request)
    candidate = candidate_for(user, candidate_id, role=Role.OWNER)
    changes = payload.model_dump(exclude_none=True)
    if "evidence_links" in changes:
        changes["evidence_links"] = "\n".join(changes["evidence_links"])
    services.candidate_update(actor=user, candidate=candidate, **changes)
    return _candidate_detail_out(candidate)


@router.delete(
    "/candidates/{candidate_id}", response=responses(DeletedOut, 403, 404, 409),
    summary="Remove a candidate entered by mistake (owners)",
)
def candidate_delete(request: HttpRequest, candidate_id: CandidateId) -> DeletedOut:
    """Deletes the candidate and its history. To drop a real candidate, reject it with a reason instead.
    409 when the candidate is the selection's preferred partner: choose another one first."""
    user = caller(request)
    try:
        services.candidate_delete(actor=user, candidate=candidate_for(user, candidate_id, role=Role.OWNER))
    except services.DeleteBlockedError as exc:
        raise HttpError(409, str(exc)) from exc
    return DeletedOut()


@router.post(
    "/candidates/{candidate_id}/stage", response=responses(CandidateDetailOut, 400, 403, 404, 422),
    summary="Move, reject or reinstate a candidate (owners)",
)
def candidate_stage(request: HttpRequest, candidate_id: CandidateId, payload: StageChangeIn) -> CandidateDetailOut:
    """Send exactly one of ``{"to_stage": "shortlist"}``, ``{"reject": true, "reason": "..."}`` or
    ``{"reinstate": true}``. Every change is recorded in the stage history and the audit log."""
    user = caller(request)
    candidate = candidate_for(user, candidate_id, role=Role.OWNER)
    chosen = [payload.to_stage is not None, payload.reject, payload.reinstate]
    if sum(chosen) != 1:
        raise ValidationError(
            {"to_stage": [_("Send exactly one of to_stage, reject (with a reason) or reinstate.")]}
        )
    if payload.to_stage is not None:
        services.candidate_stage_move(actor=user, candidate=candidate, to_stage=Stage(payload.to_stage))
    elif payload.reject:
        services.candidate_reject(actor=user, candidate=candidate, reason=payload.reason)
    else:
        services.candidate_reinstate(actor=user, candidate=candidate)
    return _candidate_detail_out(candidate)


@router.put(
    "/candidates/{candidate_id}/red-flags/{flag}", response=responses(CandidateDetailOut, 400, 403, 404, 422),
    summary="Record a red flag for a candidate (owners)",
)
def candidate_red_flag(
    request: HttpRequest, candidate_id: CandidateId, flag: RedFlagName, payload: RedFlagIn
) -> CandidateDetailOut:
    """Whether one of the guide's warning signs was observed, with a note."""
    user = caller(request)
    candidate = candidate_for(user, candidate_id, role=Role.OWNER)
    services.candidate_red_flag_set(
        actor=user, candidate=candidate, flag=RedFlag(flag), observed=payload.observed, note=payload.note
    )
    return _candidate_detail_out(candidate)


# --- Importing candidates from a CSV file (issue 16, item 9) --------------------------------------


class CandidateImportIn(Schema):
    csv: str = Field(min_length=1, max_length=200_000, description=(
        "The file's text (UTF-8; separated by commas, semicolons or tabs). The first row names the columns: "
        "name (required), website, city, provider type (key or name in any of the three languages), contact, "
        "e-mail."))
    dry_run: StrictBool = Field(False, description="True: only check and preview, store nothing.")


class CandidateImportRowOut(Schema):
    row: int = Field(description="The row number as the file shows it (the header is row 1).")
    name: str
    website: str
    city: str
    provider_type: str = Field(description="The provider type's key once recognised, else as written.")
    contact_name: str
    contact_email: str
    errors: list[str] = Field(description="What is wrong with this row, in the caller's language; empty when fine.")


class CandidateImportOut(Schema):
    valid: bool = Field(description="Every row is correct (and the file has at least one).")
    created: list[CandidateOut] = Field(description="The firms added; empty on a dry run or when any row is wrong "
                                                    "(then nothing is stored).")
    rows: list[CandidateImportRowOut]


@router.post(
    "/selections/{selection_id}/candidates/import", response=responses(CandidateImportOut, 400, 403, 404, 422),
    summary="Import candidates from a CSV file (owners)",
)
def candidate_import(request: HttpRequest, selection_id: SelectionId, payload: CandidateImportIn) -> CandidateImportOut:
    """All rows or none: with one wrong row nothing is stored and ``rows`` says what is wrong where.
    A problem with the whole file (no ``name`` column, more than 200 firms) is 422."""
    from partnerwijzer.sourcing import candidate_import as importing

    user = caller(request)
    selection = selection_for(user, selection_id, role=Role.OWNER)
    parsed = importing.parse("import.csv", payload.csv.encode("utf-8"))
    if parsed.problem:
        raise ValidationError({"csv": [parsed.problem]})
    importing.check(parsed, selection)
    created: list[Candidate] = []
    if parsed.valid and not payload.dry_run:
        created = services.candidates_import(actor=user, selection=selection,
                                             rows=[row.values for row in parsed.rows])
    return CandidateImportOut(
        valid=parsed.valid, created=[_candidate_out(c) for c in created],
        rows=[CandidateImportRowOut(row=row.number, errors=row.errors, **row.values) for row in parsed.rows],
    )
