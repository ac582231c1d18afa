"""The contract endpoints of the JSON API: the partner decision, the checklist items, refreshing
them from earlier results, and the contract readiness.

Access: the selection or item is resolved first, then the caller's membership of its
organisation is checked (``object_for_user``), so an unknown id, a malformed one and another
organisation's give the same 404. Members read; owners write (others get 403). Invalid input is
a 422 with the field and a plain message; nothing is stored.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema
from pydantic import WithJsonSchema

from partnerwijzer.accounts.access import object_for_user, parse_uuid
from partnerwijzer.accounts.models import User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.api.common import SelectionId, caller, responses
from partnerwijzer.contract import selectors, services
from partnerwijzer.contract.models import ContractItem, PartnerDecision
from partnerwijzer.contract.selectors import ContractReadiness, ReadinessItem
from partnerwijzer.sourcing.lookups import selection_for
from partnerwijzer.sourcing.models import Candidate, Selection

router = Router(tags=["contract"])

StatusName = Literal["agreed", "open", "missing"]
SourceName = Literal["guide", "ai_act", "gdpr", "kpi", "own"]
LangName = Literal["nl", "en", "de"]

# Strings, not UUIDs, on purpose: a malformed id gives the same 404 as another organisation's.
ContractItemId = Annotated[
    str,
    WithJsonSchema({"type": "string", "format": "uuid"}),
    Path(description="The contract item's id. Unknown ids and other organisations' items both give 404."),
]


# --- Schemas ----------------------------------------------------------------------------------


class DecisionOut(Schema):
    selection_id: UUID
    candidate_id: UUID
    candidate_name: str
    rationale: str
    disagreement_resolution: str
    decided_by_email: str | None
    decided_at: datetime
    chosen_early: list[Literal["scoring_open", "before_rfp"]] = Field(
        description="Why the choice was early when it was made: scoring still open, the partner not yet at "
                    "the RFP stage. Empty when it was not early.")


class DecisionStateOut(Schema):
    decision: DecisionOut | None = Field(description="None while no preferred partner is chosen.")
    suggested_candidate_id: UUID | None = Field(
        None, description="Only without a decision: the candidate in stage chosen or negotiation, else, once "
                          "scoring is closed, the ranking's first.")


class DecisionIn(Schema):
    candidate_id: str = Field(description="A candidate of this selection that is not rejected.")
    rationale: str = Field(max_length=5000, description="Why this partner; required.")
    disagreement_resolution: str = Field("", max_length=5000)


class DecisionSavedOut(Schema):
    decision: DecisionOut
    created: bool
    candidate_changed: bool = Field(description="True when another candidate was chosen; the items were kept.")
    added_items: int = Field(description="Items created with a first decision.")


class ContractRefOut(Schema):
    source: str = Field(description="Key of /api/v1/reference/sources.")
    article: str


class ItemOut(Schema):
    id: UUID
    source: SourceName
    key: str = Field(description="contract.yaml key, AI Act duty key, processor_agreement, kpi-<id>, or empty.")
    title: str
    description: str
    status: StatusName
    wording: str
    owner_id: UUID | None
    owner_email: str | None
    kpi_id: UUID | None
    refs: list[ContractRefOut]
    position: int
    updated_at: datetime


class ItemPatch(Schema):
    """Fields to change; fields left out keep their value. ``owner_id: null`` clears the owner."""

    status: StatusName | None = None
    wording: str | None = Field(None, max_length=5000)
    owner_id: str | None = None


class OwnItemIn(Schema):
    title: str = Field(max_length=200)
    status: StatusName = "missing"
    wording: str = Field("", max_length=5000)
    owner_id: str | None = None


class RefreshOut(Schema):
    added: list[ItemOut]


class ReadinessItemOut(Schema):
    id: UUID
    title: str
    status: StatusName
    owner: str


class ReadinessOut(Schema):
    decided: bool
    ready: bool = Field(description="True only with a decision and every item agreed.")
    verdict: str
    total: int
    agreed: int
    open: int
    missing: int
    open_items: list[ReadinessItemOut]
    missing_items: list[ReadinessItemOut]


class DeletedOut(Schema):
    deleted: bool = True


# --- Helpers ------------------------------------------------------------------------------------



def _item(user: User, item_id: str, *, role: Role = Role.VIEWER) -> ContractItem:
    return object_for_user(
        user, ContractItem.objects.select_related("decision__selection__organisation", "owner", "kpi"), item_id,
        organisation="decision__selection__organisation", role=role,
    )


def _decision_or_error(selection: Selection) -> PartnerDecision:
    decision = selectors.decision_for(selection)
    if decision is None:
        raise ValidationError({"decision": [_("Choose the preferred partner first.")]})
    return decision


def _member(organisation_id: UUID, owner_id: str | None) -> User | None:
    if owner_id is None:
        return None
    pk = parse_uuid(owner_id)
    user = User.objects.filter(pk=pk, memberships__organisation_id=organisation_id).first() if pk else None
    if user is None:
        raise ValidationError({"owner_id": [_("The responsible person must be a member of this organisation.")]})
    return user


def _lang(selection: Selection, lang: str | None) -> str:
    return lang or selection.organisation.language


def _decision_out(decision: PartnerDecision) -> DecisionOut:
    return DecisionOut(
        selection_id=decision.selection_id, candidate_id=decision.candidate_id,
        candidate_name=decision.candidate.name, rationale=decision.rationale,
        disagreement_resolution=decision.disagreement_resolution,
        chosen_early=list(decision.chosen_early or []),
        decided_by_email=decision.decided_by.email if decision.decided_by else None, decided_at=decision.decided_at,
    )


def _item_out(item: ContractItem, lang: str) -> ItemOut:
    row = selectors.item_row(item, lang=lang)
    return ItemOut(
        id=item.id, source=item.source, key=item.key, title=row.title,  # type: ignore[arg-type]
        description=row.description, status=item.status, wording=item.wording,  # type: ignore[arg-type]
        owner_id=item.owner_id, owner_email=item.owner.email if item.owner else None, kpi_id=item.kpi_id,
        refs=[ContractRefOut(source=r.source, article=r.article) for r in row.refs], position=item.position,
        updated_at=item.updated_at,
    )


def _readiness_item_out(entry: ReadinessItem) -> ReadinessItemOut:
    return ReadinessItemOut(id=UUID(entry.id), title=entry.title, status=entry.status, owner=entry.owner)  # type: ignore[arg-type]


def _readiness_out(readiness: ContractReadiness, lang: str) -> ReadinessOut:
    with translation.override(lang):
        verdict = readiness.verdict
    return ReadinessOut(
        decided=readiness.decided, ready=readiness.ready, verdict=verdict, total=readiness.total,
        agreed=readiness.agreed, open=readiness.open, missing=readiness.missing,
        open_items=[_readiness_item_out(e) for e in readiness.open_items],
        missing_items=[_readiness_item_out(e) for e in readiness.missing_items],
    )


# --- Decision -----------------------------------------------------------------------------------


@router.get(
    "/selections/{selection_id}/contract/decision", response=responses(DecisionStateOut, 404),
    summary="The preferred partner of a selection",
)
def decision_get(request: HttpRequest, selection_id: SelectionId) -> DecisionStateOut:
    selection = selection_for(caller(request), selection_id)
    decision = selectors.decision_for(selection)
    if decision is not None:
        return DecisionStateOut(decision=_decision_out(decision), suggested_candidate_id=None)
    suggested = selectors.suggested_candidate(selection)
    return DecisionStateOut(decision=None, suggested_candidate_id=suggested.pk if suggested else None)


@router.put(
    "/selections/{selection_id}/contract/decision", response=responses(DecisionSavedOut, 400, 403, 404, 422),
    summary="Choose or change the preferred partner (owners)",
)
def decision_put(request: HttpRequest, selection_id: SelectionId, payload: DecisionIn) -> DecisionSavedOut:
    """The first decision creates the checklist (the guide's eleven items plus those from the AI Act and
    GDPR screenings and the KPIs). Choosing another candidate later keeps every item."""
    user = caller(request)
    selection = selection_for(user, selection_id, role=Role.OWNER)
    try:
        candidate_pk = UUID(payload.candidate_id)
    except ValueError:
        candidate_pk = None
    candidate = Candidate.objects.filter(pk=candidate_pk, selection=selection).first() if candidate_pk else None
    outcome = services.decision_save(
        actor=user, selection=selection, candidate=candidate, rationale=payload.rationale,
        disagreement_resolution=payload.disagreement_resolution,
    )
    decision = selectors.decision_for(selection)
    assert decision is not None  # noqa: S101 - just saved
    return DecisionSavedOut(decision=_decision_out(decision), created=outcome.created,
                            candidate_changed=outcome.candidate_changed, added_items=len(outcome.added))


# --- Items --------------------------------------------------------------------------------------


@router.get(
    "/selections/{selection_id}/contract/items", response=responses(list[ItemOut], 404),
    summary="The contract checklist of a selection",
)
def item_list(request: HttpRequest, selection_id: SelectionId, lang: LangName | None = None) -> list[ItemOut]:
    """In checklist order; empty while no preferred partner is chosen. Titles in ``lang`` (default: the
    organisation's language)."""
    selection = selection_for(caller(request), selection_id)
    decision = selectors.decision_for(selection)
    if decision is None:
        return []
    language = _lang(selection, lang)
    return [_item_out(item, language) for item in selectors.items_of(decision)]


@router.post(
    "/selections/{selection_id}/contract/items", response=responses(ItemOut, 400, 403, 404, 422),
    summary="Add an own item to the checklist (owners)",
)
def item_create(request: HttpRequest, selection_id: SelectionId, payload: OwnItemIn) -> ItemOut:
    user = caller(request)
    selection = selection_for(user, selection_id, role=Role.OWNER)
    decision = _decision_or_error(selection)
    item = services.item_create(
        actor=user, decision=decision, title=payload.title, status=payload.status, wording=payload.wording,
        owner=_member(selection.organisation_id, payload.owner_id),
    )
    return _item_out(item, _lang(selection, None))


@router.post(
    "/selections/{selection_id}/contract/refresh", response=responses(RefreshOut, 400, 403, 404, 422),
    summary="Add the items earlier results now ask for (owners)",
)
def items_refresh(request: HttpRequest, selection_id: SelectionId) -> RefreshOut:
    """Adds what is new (a KPI, a high-risk AI Act result, a processor); never duplicates, changes or
    deletes an item. Calling it twice adds nothing the second time."""
    user = caller(request)
    selection = selection_for(user, selection_id, role=Role.OWNER)
    added = services.items_refresh(actor=user, decision=_decision_or_error(selection))
    language = _lang(selection, None)
    return RefreshOut(added=[_item_out(item, language) for item in added])


@router.patch(
    "/contract-items/{contract_item_id}", response=responses(ItemOut, 400, 403, 404, 422),
    summary="Change an item's status, wording or responsible person (owners)",
)
def item_update(request: HttpRequest, contract_item_id: ContractItemId, payload: ItemPatch) -> ItemOut:
    user = caller(request)
    item = _item(user, contract_item_id, role=Role.OWNER)
    organisation = item.decision.selection.organisation
    sent = payload.model_dump(exclude_unset=True)
    owner = _member(organisation.pk, sent["owner_id"]) if "owner_id" in sent else item.owner
    services.item_update(
        actor=user, item=item, status=sent.get("status") or item.status,
        wording=sent["wording"] if sent.get("wording") is not None else item.wording, owner=owner,
    )
    return _item_out(item, organisation.language)


@router.delete(
    "/contract-items/{contract_item_id}", response=responses(DeletedOut, 403, 404, 422),
    summary="Delete an own item (owners)",
)
def item_delete(request: HttpRequest, contract_item_id: ContractItemId) -> DeletedOut:
    """Only items the company added itself; items from the guide and earlier results give 422."""
    user = caller(request)
    services.item_delete(actor=user, item=_item(user, contract_item_id, role=Role.OWNER))
    return DeletedOut()


# --- Readiness ----------------------------------------------------------------------------------


@router.get(
    "/selections/{selection_id}/contract/readiness", response=responses(ReadinessOut, 404),
    summary="What is still open before signature",
)
def readiness(request: HttpRequest, selection_id: SelectionId, lang: LangName | None = None) -> ReadinessOut:
    selection = selection_for(caller(request), selection_id)
    language = _lang(selection, lang)
    return _readiness_out(selectors.readiness_for(selection, lang=language), language)
