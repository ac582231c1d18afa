"""The questionnaire endpoints of the JSON API (mounted in partnerwijzer/routers.py): a selection's
RFIs and RFPs, one questionnaire with its questions, settings and status, and question CRUD and
reordering.

Access: the selection, questionnaire or question is resolved first, then the caller's membership
of its organisation is checked, so an unknown id, a malformed one and another organisation's give
the same 404. Members read; owners write (others get 403). Changing questions of a sent
questionnaire is refused with 422 and a clear message.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema
from pydantic import StrictBool, WithJsonSchema

from partnerwijzer.accounts.access import membership_for_user, not_found, object_for_user
from partnerwijzer.accounts.models import User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.api.common import IsoDateTime, OrganisationId, SelectionId, caller, responses
from partnerwijzer.evaluation.models import Criterion
from partnerwijzer.questionnaires import selectors, services
from partnerwijzer.questionnaires.models import Question, Questionnaire, QuestionnaireTemplate
from partnerwijzer.sourcing.lookups import selection_for

router = Router(tags=["questionnaires"])

KindName = Literal["rfi", "rfp"]
StatusName = Literal["draft", "sent", "closed"]
SectionName = Literal["profile", "revenue", "project", "data", "ai_act", "dpia", "model"]
SECTIONS_HELP = (
    "What the firms read about the company (portal, document): profile, revenue, project (problem, "
    "baseline, KPI targets), data (readiness answers on the data), ai_act (risk tier), dpia (DPIA status), "
    "model (preferred way of working). Frozen once sent."
)

QUESTIONS_UNTIL_HELP = ("Until when firms may ask questions through the portal; on or before the deadline. "
                        "Left out: until the deadline.")

QuestionnaireId = Annotated[
    str, WithJsonSchema({"type": "string", "format": "uuid"}),
    Path(description="The questionnaire's id. Unknown ids and other organisations' questionnaires both give 404."),
]
QuestionId = Annotated[
    str, WithJsonSchema({"type": "string", "format": "uuid"}),
    Path(description="The question's id. Unknown ids and other organisations' questions both give 404."),
]


# --- Schemas ----------------------------------------------------------------------------------


class QuestionnaireQuestionOut(Schema):
    id: UUID
    position: int
    text: str
    help_text: str
    criterion_id: UUID | None
    reference_key: str = Field(description="criteria.yaml key of a generated practical test, 'company', "
                                           "'project_plan' or 'quote'; empty for your own questions.")
    reference_index: int | None


class QuestionnaireOut(Schema):
    id: UUID
    selection_id: UUID
    kind: KindName
    title: str
    introduction: str
    timeline: str
    deadline: datetime
    questions_until: datetime | None = Field(description="Firms ask questions through the portal until then; "
                                                         "null: until the deadline.")
    show_weights: bool
    shared_sections: list[SectionName] = Field(description=SECTIONS_HELP)
    contact_name: str
    contact_email: str
    status: StatusName
    question_count: int
    created_at: datetime
    updated_at: datetime


class QuestionnaireDetailOut(QuestionnaireOut):
    questions: list[QuestionnaireQuestionOut]


class QuestionnaireIn(Schema):
    kind: KindName
    title: str = Field(min_length=1, max_length=200)
    deadline: IsoDateTime = Field(description="Must be in the future. Without a time zone: Europe/Amsterdam.")
    questions_until: IsoDateTime | None = Field(None, description=QUESTIONS_UNTIL_HELP)
    show_weights: StrictBool = False
    shared_sections: list[SectionName] | None = Field(
        None, description=SECTIONS_HELP + " Left out: profile, project, ai_act and model.")
    introduction: str = Field("", max_length=5000)
    timeline: str = Field("", max_length=5000)
    contact_name: str = Field("", max_length=150)
    contact_email: str = Field("", max_length=254)


class QuestionnairePatch(Schema):
    """Fields to change; fields left out keep their value. Once sent, only the deadline, the contact
    and the status (to ``closed``) can change."""

    title: str | None = Field(None, min_length=1, max_length=200)
    deadline: IsoDateTime | None = None
    questions_until: IsoDateTime | None = Field(
        None, description="Until when firms may ask questions through the portal; on or before the deadline. "
                          "Left out: unchanged. null: cleared, so firms may ask until the deadline. Can still "
                          "change once sent.")
    show_weights: StrictBool | None = None
    shared_sections: list[SectionName] | None = Field(None, description=SECTIONS_HELP)
    introduction: str | None = Field(None, max_length=5000)
    timeline: str | None = Field(None, max_length=5000)
    contact_name: str | None = Field(None, max_length=150)
    contact_email: str | None = Field(None, max_length=254)
    status: StatusName | None = Field(None, description="draft → sent (freezes the questions) → closed.")


class QuestionIn(Schema):
    text: str = Field(min_length=1, max_length=2000)
    help_text: str = Field("", max_length=2000)
    criterion_id: UUID | None = Field(None, description="One of the selection's criteria, or null for general.")


class QuestionPatch(Schema):
    text: str | None = Field(None, min_length=1, max_length=2000)
    help_text: str | None = Field(None, max_length=2000)
    criterion_id: UUID | None = Field(None, description="A criterion of the selection.")
    general: StrictBool = Field(False, description="True to detach the question from its criterion.")


class ReorderIn(Schema):
    order: list[UUID] = Field(description="Every question id of the questionnaire, exactly once, in the new order.")


class DeletedOut(Schema):
    deleted: bool = True


# --- Helpers -----------------------------------------------------------------------------------



def _questionnaire(user: User, questionnaire_id: str, *, role: Role = Role.VIEWER) -> Questionnaire:
    return object_for_user(
        user, Questionnaire.objects.select_related("selection__use_case"), questionnaire_id,
        organisation="selection__organisation", role=role,
    )


def _question(user: User, question_id: str, *, role: Role = Role.VIEWER) -> Question:
    return object_for_user(
        user, Question.objects.select_related("questionnaire__selection"), question_id,
        organisation="questionnaire__selection__organisation", role=role,
    )


def _criterion(questionnaire: Questionnaire, criterion_id: UUID | None) -> Criterion | None:
    if criterion_id is None:
        return None
    criterion = Criterion.objects.filter(pk=criterion_id, selection_id=questionnaire.selection_id).first()
    if criterion is None:
        raise ValidationError({"criterion_id": [_("Choose one of this selection's criteria.")]})
    return criterion


def _question_out(question: Question) -> QuestionnaireQuestionOut:
    return QuestionnaireQuestionOut(
        id=question.id, position=question.position, text=question.text, help_text=question.help_text,
        criterion_id=question.criterion_id, reference_key=question.reference_key,
        reference_index=question.reference_index,
    )


def _fields(questionnaire: Questionnaire, count: int) -> dict[str, object]:
    return {
        "id": questionnaire.id, "selection_id": questionnaire.selection_id, "kind": questionnaire.kind,
        "title": questionnaire.title, "introduction": questionnaire.introduction, "timeline": questionnaire.timeline,
        "deadline": questionnaire.deadline, "questions_until": questionnaire.questions_until,
        "show_weights": questionnaire.show_weights,
        "shared_sections": list(questionnaire.shared_sections or []),
        "contact_name": questionnaire.contact_name, "contact_email": questionnaire.contact_email,
        "status": questionnaire.status, "question_count": count, "created_at": questionnaire.created_at,
        "updated_at": questionnaire.updated_at,
    }


def _detail_out(questionnaire: Questionnaire) -> QuestionnaireDetailOut:
    questions = [_question_out(q) for q in selectors.questions_of(questionnaire=questionnaire)]
    return QuestionnaireDetailOut(**_fields(questionnaire, len(questions)), questions=questions)  # type: ignore[arg-type]


# --- Questionnaires ------------------------------------------------------------------------------


@router.get(
    "/selections/{selection_id}/questionnaires", response=responses(list[QuestionnaireOut], 404),
    summary="Questionnaires (RFI, RFP) of a selection",
)
def questionnaire_list(request: HttpRequest, selection_id: SelectionId) -> list[QuestionnaireOut]:
    """Newest first. Any member may read them."""
    selection = selection_for(caller(request), selection_id)
    return [
        QuestionnaireOut(**_fields(q, q.question_count))  # type: ignore[attr-defined, arg-type]
        for q in selectors.questionnaires_of(selection=selection)
    ]


@router.post(
    "/selections/{selection_id}/questionnaires", response=responses(QuestionnaireDetailOut, 400, 403, 404, 422),
    summary="Create an RFI or RFP with generated questions (owners)",
)
def questionnaire_create(
    request: HttpRequest, selection_id: SelectionId, payload: QuestionnaireIn
) -> QuestionnaireDetailOut:
    """The questions come from the guide's practical tests per criterion, in the organisation's
    language: the RFI one per criterion, the RFP all of them plus a project plan and a quote."""
    user = caller(request)
    selection = selection_for(user, selection_id, role=Role.OWNER)
    questionnaire = services.questionnaire_create(actor=user, selection=selection, **payload.model_dump())
    return _detail_out(questionnaire)


@router.get(
    "/questionnaires/{questionnaire_id}", response=responses(QuestionnaireDetailOut, 404),
    summary="One questionnaire with its questions",
)
def questionnaire_detail(request: HttpRequest, questionnaire_id: QuestionnaireId) -> QuestionnaireDetailOut:
    return _detail_out(_questionnaire(caller(request), questionnaire_id))


@router.patch(
    "/questionnaires/{questionnaire_id}", response=responses(QuestionnaireDetailOut, 400, 403, 404, 422),
    summary="Change a questionnaire's settings or status (owners)",
)
def questionnaire_update(
    request: HttpRequest, questionnaire_id: QuestionnaireId, payload: QuestionnairePatch
) -> QuestionnaireDetailOut:
    """Settings first, then the status: ``{"status": "sent"}`` freezes the questions,
    ``{"status": "closed"}`` ends the questionnaire. A sent or closed one never returns to draft."""
    user = caller(request)
    questionnaire = _questionnaire(user, questionnaire_id, role=Role.OWNER)
    changes = payload.model_dump(exclude_none=True)
    if "questions_until" in payload.model_fields_set and payload.questions_until is None:
        changes["questions_until"] = None  # PATCH: absent keeps the date, null clears it
    status = changes.pop("status", None)
    if changes:
        services.questionnaire_update(actor=user, questionnaire=questionnaire, **changes)
    if status is not None:
        services.questionnaire_set_status(actor=user, questionnaire=questionnaire, status=status)
    return _detail_out(questionnaire)


@router.delete(
    "/questionnaires/{questionnaire_id}", response=responses(DeletedOut, 403, 404, 422),
    summary="Delete a draft questionnaire (owners)",
)
def questionnaire_delete(request: HttpRequest, questionnaire_id: QuestionnaireId) -> DeletedOut:
    """Only drafts; a sent questionnaire is kept as a record (close it instead)."""
    user = caller(request)
    services.questionnaire_delete(actor=user, questionnaire=_questionnaire(user, questionnaire_id, role=Role.OWNER))
    return DeletedOut()


# --- Questions -------------------------------------------------------------------------------------


@router.post(
    "/questionnaires/{questionnaire_id}/questions", response=responses(QuestionnaireQuestionOut, 400, 403, 404, 422),
    summary="Add your own question (owners, drafts only)",
)
def question_create(
    request: HttpRequest, questionnaire_id: QuestionnaireId, payload: QuestionIn
) -> QuestionnaireQuestionOut:
    user = caller(request)
    questionnaire = _questionnaire(user, questionnaire_id, role=Role.OWNER)
    question = services.question_create(
        actor=user, questionnaire=questionnaire, text=payload.text, help_text=payload.help_text,
        criterion=_criterion(questionnaire, payload.criterion_id),
    )
    return _question_out(question)


@router.put(
    "/questionnaires/{questionnaire_id}/questions/order", response=responses(QuestionnaireDetailOut, 400, 403, 404,
                                                                             422),
    summary="Reorder the questions (owners, drafts only)",
)
def questions_reorder(
    request: HttpRequest, questionnaire_id: QuestionnaireId, payload: ReorderIn
) -> QuestionnaireDetailOut:
    user = caller(request)
    questionnaire = _questionnaire(user, questionnaire_id, role=Role.OWNER)
    services.questions_reorder(actor=user, questionnaire=questionnaire, order=payload.order)
    return _detail_out(questionnaire)


@router.get("/questions/{question_id}", response=responses(QuestionnaireQuestionOut, 404), summary="One question")
def question_detail(request: HttpRequest, question_id: QuestionId) -> QuestionnaireQuestionOut:
    return _question_out(_question(caller(request), question_id))


@router.patch(
    "/questions/{question_id}", response=responses(QuestionnaireQuestionOut, 400, 403, 404, 422),
    summary="Change a question (owners, drafts only)",
)
def question_update(request: HttpRequest, question_id: QuestionId, payload: QuestionPatch) -> QuestionnaireQuestionOut:
    user = caller(request)
    question = _question(user, question_id, role=Role.OWNER)
    criterion: Criterion | services.Unchanged | None = services.UNCHANGED
    if payload.general:
        criterion = None
    elif payload.criterion_id is not None:
        criterion = _criterion(question.questionnaire, payload.criterion_id)
    services.question_update(
        actor=user, question=question, text=payload.text, help_text=payload.help_text, criterion=criterion
    )
    return _question_out(question)


@router.delete(
    "/questions/{question_id}", response=responses(DeletedOut, 403, 404, 422),
    summary="Remove a question (owners, drafts only)",
)
def question_delete(request: HttpRequest, question_id: QuestionId) -> DeletedOut:
    user = caller(request)
    services.question_delete(actor=user, question=_question(user, question_id, role=Role.OWNER))
    return DeletedOut()


# --- Templates (issue 16, item 9) ---------------------------------------------------------------

TemplateId = Annotated[
    str, WithJsonSchema({"type": "string", "format": "uuid"}),
    Path(description="The questionnaire template's id. Unknown ids and other organisations' templates both give 404."),
]


class TemplateQuestionOut(Schema):
    text: str
    help_text: str
    criterion_key: str = Field(description="The reference key of the criterion the question informed "
                                           "('custom:<name>' for an own criterion); empty for general questions.")


class TemplateOut(Schema):
    id: UUID
    organisation_id: UUID
    name: str
    kind: KindName
    introduction: str
    timeline: str
    show_weights: bool
    shared_sections: list[SectionName] = Field(description=SECTIONS_HELP)
    contact_name: str
    contact_email: str
    questions: list[TemplateQuestionOut]
    source_questionnaire_id: UUID | None
    created_at: datetime


class TemplateIn(Schema):
    name: str = Field(min_length=1, max_length=200)


class FromTemplateIn(Schema):
    template_id: UUID
    title: str = Field(min_length=1, max_length=200)
    deadline: IsoDateTime = Field(description="Must be in the future. Without a time zone: Europe/Amsterdam.")
    questions_until: IsoDateTime | None = Field(None, description=QUESTIONS_UNTIL_HELP)


def _template_out(template: QuestionnaireTemplate) -> TemplateOut:
    return TemplateOut(
        id=template.pk, organisation_id=template.organisation_id, name=template.name,
        kind=template.kind,  # type: ignore[arg-type]
        introduction=template.introduction, timeline=template.timeline, show_weights=template.show_weights,
        shared_sections=list(template.shared_sections or []), contact_name=template.contact_name,
        contact_email=template.contact_email,
        questions=[TemplateQuestionOut(text=str(q.get("text", "")), help_text=str(q.get("help_text") or ""),
                                       criterion_key=str(q.get("criterion_key") or ""))
                   for q in template.questions if isinstance(q, dict)],
        source_questionnaire_id=template.source_questionnaire_id, created_at=template.created_at,
    )


@router.get(
    "/organisations/{organisation_id}/questionnaire-templates", response=responses(list[TemplateOut], 404),
    summary="The organisation's questionnaire templates",
)
def template_list(request: HttpRequest, organisation_id: OrganisationId) -> list[TemplateOut]:
    """By name. Any member may read them."""
    membership = membership_for_user(caller(request), organisation_id)
    return [_template_out(t) for t in selectors.templates_of(membership.organisation)]


@router.post(
    "/questionnaires/{questionnaire_id}/template", response=responses(TemplateOut, 400, 403, 404, 422),
    summary="Save a questionnaire as a template (owners)",
)
def template_save(request: HttpRequest, questionnaire_id: QuestionnaireId, payload: TemplateIn) -> TemplateOut:
    """The settings and questions (with the criterion each informed), without the deadlines."""
    user = caller(request)
    questionnaire = _questionnaire(user, questionnaire_id, role=Role.OWNER)
    return _template_out(services.template_save(actor=user, questionnaire=questionnaire, name=payload.name))


@router.post(
    "/selections/{selection_id}/questionnaires/from-template",
    response=responses(QuestionnaireDetailOut, 400, 403, 404, 422),
    summary="Create a questionnaire from a template (owners)",
)
def questionnaire_from_template(
    request: HttpRequest, selection_id: SelectionId, payload: FromTemplateIn
) -> QuestionnaireDetailOut:
    """A draft with the template's settings and questions; a question keeps its criterion when the
    selection has one with the same key. A template of another organisation gives 404."""
    user = caller(request)
    selection = selection_for(user, selection_id, role=Role.OWNER)
    template = QuestionnaireTemplate.objects.filter(pk=payload.template_id,
                                                    organisation_id=selection.organisation_id).first()
    if template is None:
        raise not_found()
    questionnaire = services.questionnaire_from_template(
        actor=user, selection=selection, template=template, title=payload.title, deadline=payload.deadline,
        questions_until=payload.questions_until)
    return _detail_out(questionnaire)


@router.delete(
    "/questionnaire-templates/{questionnaire_template_id}", response=responses(DeletedOut, 403, 404),
    summary="Delete a questionnaire template (owners)",
)
def template_delete(request: HttpRequest, questionnaire_template_id: TemplateId) -> DeletedOut:
    """Questionnaires made from it keep their questions."""
    user = caller(request)
    template = object_for_user(user, QuestionnaireTemplate.objects.all(), questionnaire_template_id, role=Role.OWNER)
    services.template_delete(actor=user, template=template)
    return DeletedOut()
