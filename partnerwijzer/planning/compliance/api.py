"""AI Act and GDPR screening endpoints of the JSON API (mounted in partnerwijzer/routers.py).

* ``GET /ai-act/tree`` and ``GET /gdpr/tree``: the question trees (any signed-in caller).
* ``GET|PUT /use-cases/{id}/ai-act/answers`` (and ``/gdpr/answers``): the stored answers, the
  path they lead along and the next open question; PUT replaces the whole set (owners).
* ``GET /use-cases/{id}/ai-act/result`` (and ``/gdpr/result``): the result, or
  ``complete: false`` with the next open question; an incomplete screening computes no tier.
* ``GET /use-cases/{id}/checklist`` and ``PATCH /checklist-items/{id}``: the duties and actions
  with owner and status.

Access: the use case (or item) is resolved first, then the caller's membership of its
organisation is checked, so an unknown id, a malformed one and another organisation's give the
same 404. Members read; owners write (others get 403). Invalid answers give 422 with the code
of the problem (unknown_question, not_on_path, unknown_option, invalid_value) in ``errors``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import WithJsonSchema

from partnerwijzer.accounts.access import object_for_user
from partnerwijzer.accounts.models import User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.api.common import IsoDate, Lang, UseCaseId, caller, responses
from partnerwijzer.knowledge.schema import normalise_language
from partnerwijzer.knowledge.topics.ai_act import QuestionTree
from partnerwijzer.planning.compliance import selectors as sel
from partnerwijzer.planning.compliance import services
from partnerwijzer.planning.lookups import use_case_for
from partnerwijzer.planning.models import ChecklistItem, GuidedCheck, UseCase

router = Router(tags=["plan"])

ItemId = Annotated[
    str,
    WithJsonSchema({"type": "string", "format": "uuid"}),
    Path(description="The checklist item's id. Unknown ids and other organisations' items both give 404."),
]
TierName = Literal["prohibited", "high_risk", "limited_risk", "minimal_risk", "out_of_scope"]
VerdictName = Literal["required", "recommended", "not_required"]
StatusName = Literal["open", "in_progress", "done", "not_applicable"]
ChecklistName = Literal["ai_act", "gdpr"]
Verification = Literal["verified", "not_verified"]
AnswerValue = str | list[str]


# --- Schemas ----------------------------------------------------------------------------------


class LegalRefOut(Schema):
    key: str = ""
    label: str
    url: str
    verification: Verification
    stale: bool = Field(default=False, description="Past the date by which we must check it again: may be out of date.")


class ComplianceOptionOut(Schema):
    key: str
    label: str
    hint: str | None
    next: str | None = Field(description="The next question's key (single-choice nodes).")
    outcome: str | None = Field(description="The outcome this option ends in (single-choice nodes).")
    tier: TierName | None = Field(description="A tier this answer points to (AI Act).")
    roles: list[str]
    flags: list[str]
    exclusive: bool = Field(description="Cannot be combined with other options (multiple-choice nodes).")
    verification: Verification


class NodeOut(Schema):
    key: str
    section: str
    kind: Literal["single", "multiple"]
    question: str
    explanation: str
    refs: list[LegalRefOut]
    countries: list[str] = Field(description="Asked only for companies in these countries; empty: everyone.")
    next: str | None = Field(description="Routing of a multiple-choice node (and of a skipped one).")
    outcome: str | None
    options: list[ComplianceOptionOut]


class OutcomeOut(Schema):
    key: str
    tier: TierName | None
    title: str
    summary: str


class SectionOut(Schema):
    key: str
    title: str


class TreeOut(Schema):
    version: str
    lang: Literal["nl", "en", "de"]
    start: str
    intro: str
    sections: list[SectionOut]
    nodes: list[NodeOut]
    outcomes: list[OutcomeOut]


class ComplianceAnswersOut(Schema):
    questionnaire: ChecklistName
    data_version: str
    answers: dict[str, AnswerValue] = Field(description="Every stored answer, also those off the current path.")
    path: list[str] = Field(description="The questions the answers lead along, in order.")
    ignored: list[str] = Field(description="Stored answers the current path does not use.")
    next_question: str | None = Field(description="The next open question; null when complete.")
    complete: bool


class ComplianceAnswersIn(Schema):
    answers: dict[str, AnswerValue] = Field(
        description="Question key -> option key (a list of keys for a multiple-choice question). Replaces "
                    "all stored answers; every question must lie on the path the set leads along."
    )


class ComplianceReasonOut(Schema):
    text: str
    refs: list[LegalRefOut]
    verification: Verification


class ItemRef(Schema):
    item_id: UUID | None
    status: StatusName | None
    owner_id: UUID | None


class DutyOut(ItemRef):
    key: str
    title: str
    explanation: str
    roles: list[str] = Field(description="The company's roles the duty falls on; empty: everyone in scope.")
    applies_from: date | None
    original_date: date | None
    amended_date: date | None = Field(description="The date as moved by the 2026 amendment, if it moved.")
    date_state: Literal["applies_since", "applies_from"] | None = Field(
        description="applies_since when the date has passed (the duty holds now), else applies_from; "
                    "computed from today's date.")
    overdue: bool = Field(description="The duty applies already and its checklist item is open or in progress.")
    date_stale: bool = Field(
        description="The date is past the day by which we must check it again: last verified "
                    "date_checked_on, may be out of date."
    )
    date_checked_on: date | None = Field(description="When we last checked the date against its source.")
    date_verification: Verification
    verification: Verification
    refs: list[LegalRefOut]


class DateNoteOut(Schema):
    key: str
    label: str
    note: str
    verification: Verification


class ReliefOut(Schema):
    size: Literal["sme", "small_mid_cap", "large"] = Field(
        description="The company's size class from the profile's head count.")
    text: str
    refs: list[LegalRefOut]
    verification: Verification


class AiActResultOut(Schema):
    complete: bool
    next_question: str | None
    tier: TierName | None
    tier_label: str | None
    role: Literal["provider", "deployer"] | None
    roles: list[str]
    title: str | None
    summary: str | None
    transparency: bool
    annex_iii_point: int | None
    reasons: list[ComplianceReasonOut]
    duties: list[DutyOut]
    date_notes: list[DateNoteOut] = Field(description="The notes of the duties' dates, each once.")
    relief: ReliefOut | None = Field(description="The size relief; null without a head count or out of scope.")
    may_continue: bool = Field(description="False for a prohibited use: no next steps are offered.")
    data_version: str


class ActionOut(ItemRef):
    key: str
    title: str
    explanation: str
    verification: Verification
    refs: list[LegalRefOut]


class GdprResultOut(Schema):
    complete: bool
    next_question: str | None
    verdict: VerdictName | None
    verdict_label: str | None
    summary: str | None
    personal_data: bool | None
    criteria_count: int | None
    criteria: list[str]
    national_list: str | None
    national_hits: list[str]
    art22: Literal["none", "human_review", "automated_with_basis", "automated_without_basis"] | None
    processor: bool | None
    transfer: str | None
    reasons: list[ComplianceReasonOut]
    actions: list[ActionOut]
    data_version: str


class ChecklistItemOut(Schema):
    id: UUID
    use_case_id: UUID
    checklist: ChecklistName
    key: str
    owner_id: UUID | None
    owner_email: str | None
    status: StatusName
    note: str
    due_date: date | None
    updated_at: datetime


class ChecklistItemPatch(Schema):
    """Fields to change; fields left out keep their value. ``owner_id: null`` clears the owner."""

    owner_id: UUID | None = Field(None, description="A member of the organisation, or null for nobody.")
    status: StatusName | None = None
    note: str | None = Field(None, max_length=5000)
    due_date: IsoDate | None = None


# --- Access and shaping ------------------------------------------------------------------------




def _item(user: User, item_id: str, *, role: Role = Role.VIEWER) -> ChecklistItem:
    return object_for_user(
        user, ChecklistItem.objects.select_related("owner"), item_id, organisation="use_case__organisation", role=role
    )


def _tree_out(tree: QuestionTree, lang: str) -> TreeOut:
    lang = normalise_language(lang)

    def refs(keys: tuple[str, ...]) -> list[LegalRefOut]:
        out = []
        for key in keys:
            ref = tree.ref(key)
            out.append(LegalRefOut(key=key, label=ref.label.get(lang), url=ref.url_for(lang),
                              verification=ref.verification))
        return out

    return TreeOut(
        version=tree.version, lang=lang, start=tree.start, intro=tree.intro.get(lang),  # type: ignore[arg-type]
        sections=[SectionOut(key=s.key, title=s.title.get(lang)) for s in tree.sections],
        nodes=[
            NodeOut(
                key=n.key, section=n.section, kind=n.kind, question=n.question.get(lang),
                explanation=n.explanation.get(lang), refs=refs(n.refs), countries=list(n.countries), next=n.next,
                outcome=n.outcome,
                options=[
                    ComplianceOptionOut(key=o.key, label=o.label.get(lang), hint=o.hint.get(lang) if o.hint else None,
                              next=o.next, outcome=o.outcome, tier=o.tier, roles=list(o.roles), flags=list(o.flags),
                              exclusive=o.exclusive, verification=o.verification)
                    for o in n.options
                ],
            )
            for n in tree.nodes
        ],
        outcomes=[
            OutcomeOut(key=o.key, tier=getattr(o, "tier", None), title=o.title.get(lang), summary=o.summary.get(lang))
            for o in tree.outcomes
        ],
    )


def _answers_out(use_case: UseCase, questionnaire: str) -> ComplianceAnswersOut:
    state = sel.screening_state(use_case, questionnaire)
    return ComplianceAnswersOut(
        questionnaire=questionnaire,  # type: ignore[arg-type]
        data_version=state.tree.version, answers=state.answers, path=list(state.walk.path_keys),
        ignored=state.stale_keys, next_question=state.walk.next_node.key if state.walk.next_node else None,
        complete=state.walk.complete,
    )


def _refs(refs: tuple[sel.RefOut, ...]) -> list[LegalRefOut]:
    return [LegalRefOut(label=r.label, url=r.url, verification=r.verification, stale=r.stale)  # type: ignore[arg-type]
            for r in refs]


def _reasons(reasons: tuple[sel.ReasonOut, ...]) -> list[ComplianceReasonOut]:
    return [ComplianceReasonOut(text=r.text, refs=_refs(r.refs), verification=r.verification) for r in reasons]  # type: ignore[arg-type]


def _item_ref(item: ChecklistItem | None) -> dict[str, object]:
    if item is None:
        return {"item_id": None, "status": None, "owner_id": None}
    return {"item_id": item.pk, "status": item.status, "owner_id": item.owner_id}


def _item_out(item: ChecklistItem) -> ChecklistItemOut:
    return ChecklistItemOut(
        id=item.pk, use_case_id=item.use_case_id, checklist=item.checklist,  # type: ignore[arg-type]
        key=item.key, owner_id=item.owner_id, owner_email=item.owner.email if item.owner else None,
        status=item.status, note=item.note, due_date=item.due_date, updated_at=item.updated_at,  # type: ignore[arg-type]
    )


def _put(
    request: HttpRequest, use_case_id: str, questionnaire: str, payload: ComplianceAnswersIn
) -> ComplianceAnswersOut:
    user = caller(request)
    use_case = use_case_for(user, use_case_id, role=Role.OWNER)
    try:
        services.screening_answers_replace(actor=user, use_case=use_case, questionnaire=questionnaire,
                                           answers=payload.answers)
    except ValidationError as error:
        # 422 with the question concerned and the code of the problem as the error type.
        node = (error.params or {}).get("node", "")
        raise NinjaValidationError(
            [{"loc": ["body", "answers", node], "msg": error.messages[0], "type": error.code or "value_error"}]
        ) from None
    return _answers_out(use_case, questionnaire)


# --- Trees ---------------------------------------------------------------------------------------


@router.get("/ai-act/tree", response=responses(TreeOut, 422), summary="The AI Act question tree")
def ai_act_tree(request: HttpRequest, lang: Lang = "nl") -> TreeOut:
    """Every question with its explanation, legal references, options and routing (to the next
    question or an outcome). Facts an option records (tier, roles, flags) are listed too."""
    return _tree_out(sel.tree_for(GuidedCheck.AI_ACT), lang)


@router.get("/gdpr/tree", response=responses(TreeOut, 422), summary="The GDPR question tree")
def gdpr_tree(request: HttpRequest, lang: Lang = "nl") -> TreeOut:
    """The GDPR screening questions. National-list questions name the country they are asked in."""
    return _tree_out(sel.tree_for(GuidedCheck.GDPR), lang)


# --- AI Act --------------------------------------------------------------------------------------


@router.get("/use-cases/{use_case_id}/ai-act/answers", response=responses(ComplianceAnswersOut, 404),
            summary="AI Act answers of a use case")
def ai_act_answers(request: HttpRequest, use_case_id: UseCaseId) -> ComplianceAnswersOut:
    return _answers_out(use_case_for(caller(request), use_case_id), GuidedCheck.AI_ACT)


@router.put("/use-cases/{use_case_id}/ai-act/answers", response=responses(ComplianceAnswersOut, 400, 403, 404, 422),
            summary="Replace the AI Act answers (owners)")
def ai_act_answers_replace(
    request: HttpRequest, use_case_id: UseCaseId, payload: ComplianceAnswersIn
) -> ComplianceAnswersOut:
    """Replace all answers. 422 when a question is unknown (unknown_question), not on the path the
    answers lead along (not_on_path), or an answer is not one of its options (unknown_option,
    invalid_value); nothing is stored then. A complete set updates the checklist."""
    return _put(request, use_case_id, GuidedCheck.AI_ACT, payload)


@router.get("/use-cases/{use_case_id}/ai-act/result", response=responses(AiActResultOut, 404, 422),
            summary="AI Act result of a use case")
def ai_act_result(request: HttpRequest, use_case_id: UseCaseId, lang: Lang = "nl") -> AiActResultOut:
    """The tier, role, reasons and duties with dates. While questions remain, ``complete`` is
    false, ``next_question`` names the next one and no tier is given."""
    use_case = use_case_for(caller(request), use_case_id)
    result = sel.ai_act_result(use_case, lang=lang)
    version = sel.tree_for(GuidedCheck.AI_ACT).version
    if result is None:
        state = sel.screening_state(use_case, GuidedCheck.AI_ACT)
        return AiActResultOut(
            complete=False, next_question=state.walk.next_node.key if state.walk.next_node else None, tier=None,
            tier_label=None, role=None, roles=[], title=None, summary=None, transparency=False,
            annex_iii_point=None, reasons=[], duties=[], date_notes=[], relief=None, may_continue=True,
            data_version=version,
        )
    return AiActResultOut(
        complete=True, next_question=None, tier=result.tier, tier_label=result.tier_label,  # type: ignore[arg-type]
        role=result.role, roles=list(result.roles), title=result.title, summary=result.summary,  # type: ignore[arg-type]
        transparency=result.transparency, annex_iii_point=result.annex_iii_point, reasons=_reasons(result.reasons),
        duties=[
            DutyOut(
                key=d.key, title=d.title, explanation=d.explanation, roles=list(d.roles),
                applies_from=d.applies_from, original_date=d.original_date, amended_date=d.amended_date,
                date_state=d.date_state, overdue=d.overdue,  # type: ignore[arg-type]
                date_stale=d.date_stale, date_checked_on=d.date_checked_on,
                date_verification=d.date_verification, verification=d.verification,  # type: ignore[arg-type]
                refs=_refs(d.refs), **_item_ref(d.item),  # type: ignore[arg-type]
            )
            for d in result.duties
        ],
        date_notes=[DateNoteOut(key=n.key, label=n.label, note=n.note, verification=n.verification)  # type: ignore[arg-type]
                    for n in result.date_notes],
        relief=None if result.relief is None else ReliefOut(
            size=result.relief.size, text=result.relief.text, refs=_refs(result.relief.refs),  # type: ignore[arg-type]
            verification=result.relief.verification),  # type: ignore[arg-type]
        may_continue=result.may_continue,
        data_version=result.data_version,
    )


# --- GDPR ----------------------------------------------------------------------------------------


@router.get("/use-cases/{use_case_id}/gdpr/answers", response=responses(ComplianceAnswersOut, 404),
            summary="GDPR answers of a use case")
def gdpr_answers(request: HttpRequest, use_case_id: UseCaseId) -> ComplianceAnswersOut:
    return _answers_out(use_case_for(caller(request), use_case_id), GuidedCheck.GDPR)


@router.put("/use-cases/{use_case_id}/gdpr/answers", response=responses(ComplianceAnswersOut, 400, 403, 404, 422),
            summary="Replace the GDPR answers (owners)")
def gdpr_answers_replace(
    request: HttpRequest, use_case_id: UseCaseId, payload: ComplianceAnswersIn
) -> ComplianceAnswersOut:
    """Replace all answers; the same rules and 422 codes as the AI Act answers. The national-list
    question of the company's country (from the company profile) is part of the path."""
    return _put(request, use_case_id, GuidedCheck.GDPR, payload)


@router.get("/use-cases/{use_case_id}/gdpr/result", response=responses(GdprResultOut, 404, 422),
            summary="GDPR result of a use case")
def gdpr_result(request: HttpRequest, use_case_id: UseCaseId, lang: Lang = "nl") -> GdprResultOut:
    """The DPIA verdict with reasons, Article 22, processor and transfer findings and the actions."""
    use_case = use_case_for(caller(request), use_case_id)
    result = sel.gdpr_result(use_case, lang=lang)
    version = sel.tree_for(GuidedCheck.GDPR).version
    if result is None:
        state = sel.screening_state(use_case, GuidedCheck.GDPR)
        return GdprResultOut(
            complete=False, next_question=state.walk.next_node.key if state.walk.next_node else None, verdict=None,
            verdict_label=None, summary=None, personal_data=None, criteria_count=None, criteria=[],
            national_list=None, national_hits=[], art22=None, processor=None, transfer=None, reasons=[], actions=[],
            data_version=version,
        )
    return GdprResultOut(
        complete=True, next_question=None, verdict=result.verdict,  # type: ignore[arg-type]
        verdict_label=result.verdict_label, summary=result.summary, personal_data=result.personal_data,
        criteria_count=result.criteria_count, criteria=list(result.criteria), national_list=result.national_list,
        national_hits=list(result.national_hits), art22=result.art22,  # type: ignore[arg-type]
        processor=result.processor, transfer=result.transfer, reasons=_reasons(result.reasons),
        actions=[
            ActionOut(key=a.key, title=a.title, explanation=a.explanation, verification=a.verification,  # type: ignore[arg-type]
                      refs=_refs(a.refs), **_item_ref(a.item))  # type: ignore[arg-type]
            for a in result.actions
        ],
        data_version=result.data_version,
    )


# --- Checklist -----------------------------------------------------------------------------------


@router.get("/use-cases/{use_case_id}/checklist", response=responses(list[ChecklistItemOut], 404, 422),
            summary="Checklist items of a use case")
def checklist_list(
    request: HttpRequest, use_case_id: UseCaseId,
    checklist: Annotated[ChecklistName | None, Query(description="Only this checklist.")] = None,
) -> list[ChecklistItemOut]:
    """The duties (ai_act) and actions (gdpr) with owner and status, including items that no
    longer apply (status not_applicable)."""
    use_case = use_case_for(caller(request), use_case_id)
    items = ChecklistItem.objects.filter(use_case=use_case).select_related("owner").order_by("checklist", "key")
    if checklist:
        items = items.filter(checklist=checklist)
    return [_item_out(item) for item in items]


@router.patch("/checklist-items/{checklist_item_id}", response=responses(ChecklistItemOut, 400, 403, 404, 422),
              summary="Change a checklist item (owners)")
def checklist_item_patch(
    request: HttpRequest, checklist_item_id: ItemId, payload: ChecklistItemPatch
) -> ChecklistItemOut:
    """Change owner, status, note or due date. The owner must be a member of the organisation
    (else 422)."""
    user = caller(request)
    item = _item(user, checklist_item_id, role=Role.OWNER)
    given = payload.model_fields_set
    owner = item.owner
    if "owner_id" in given:
        owner = User.objects.filter(pk=payload.owner_id).first() if payload.owner_id else None
        if payload.owner_id and owner is None:
            raise ValidationError({"owner_id": "The owner must be a member of this organisation."})
    try:
        services.checklist_item_update(
            actor=user, item=item, owner=owner,
            status=payload.status if "status" in given and payload.status else item.status,
            note=payload.note if "note" in given and payload.note is not None else item.note,
            due_date=payload.due_date if "due_date" in given else item.due_date,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "owner" in error.error_dict:
            raise ValidationError({"owner_id": error.error_dict["owner"]}) from None
        raise
    item.refresh_from_db()
    return _item_out(item)
