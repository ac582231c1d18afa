"""The supplier portal in the JSON API (mounted in partnerwijzer/routers.py).

* ``GET  /candidates/{candidate_id}/portal-links``: the candidate's links (status, never a token).
* ``POST /candidates/{candidate_id}/portal-links``: make a link for one questionnaire; the answer
  holds the token and the portal address **once** (only a hash is stored).
* ``POST /portal-links/{portal_link_id}/revoke``: the link stops working at once.
* ``GET  /candidates/{candidate_id}/portal-answers``: the candidate's submitted answers per
  questionnaire (grouped by criterion) and its files.

Owners manage links (others 403); every member reads answers. An unknown id, a malformed one and
another organisation's give the same 404.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Path, Router, Schema
from pydantic import WithJsonSchema

from partnerwijzer.accounts.access import not_found, object_for_user
from partnerwijzer.accounts.roles import Role
from partnerwijzer.api.common import CandidateId, caller, responses
from partnerwijzer.portal import selectors, services
from partnerwijzer.portal.models import PortalLink
from partnerwijzer.questionnaires.models import Questionnaire
from partnerwijzer.sourcing.lookups import candidate_for

router = Router(tags=["portal"])

LinkId = Annotated[
    str,
    WithJsonSchema({"type": "string", "format": "uuid"}),
    Path(description="The portal link's id. Unknown ids and other organisations' links both give 404."),
]
LinkStatusName = Literal["not_opened", "answering", "submitted", "expired", "revoked"]


class LinkOut(Schema):
    id: UUID
    questionnaire_id: UUID
    candidate_id: UUID
    status: LinkStatusName
    expires_at: datetime
    created_at: datetime
    last_used_at: datetime | None
    submitted_at: datetime | None
    revoked_at: datetime | None
    receipt_code: str


class LinkCreatedOut(LinkOut):
    token: str = Field(description="The link's secret. Shown only in this answer: it is not stored.")
    url: str = Field(description="The portal address to send to the firm (contains the token).")


class LinkIn(Schema):
    questionnaire_id: UUID
    expires_at: datetime | None = Field(
        None, description="When the link stops working; default 14 days after the questionnaire's deadline."
    )


class AnswerOut(Schema):
    question_id: UUID
    question: str
    criterion_id: UUID | None
    criterion: str
    answer: str


class UploadOut(Schema):
    id: UUID
    name: str
    type: Literal["pdf", "docx", "xlsx"]
    size: int
    sha256: str
    download_url: str


class QuestionnaireAnswersOut(Schema):
    questionnaire_id: UUID
    title: str
    kind: Literal["rfi", "rfp"]
    submitted: bool
    submitted_at: datetime | None
    receipt_code: str
    answers: list[AnswerOut] = Field(description="Empty until the firm submits.")
    uploads: list[UploadOut]


def _link_out(link: PortalLink) -> LinkOut:
    return LinkOut(
        id=link.pk, questionnaire_id=link.questionnaire_id, candidate_id=link.candidate_id,
        status=link.status.value,  # type: ignore[arg-type]
        expires_at=link.expires_at, created_at=link.created_at, last_used_at=link.last_used_at,
        submitted_at=link.submitted_at, revoked_at=link.revoked_at, receipt_code=link.receipt_code,
    )



@router.get("/candidates/{candidate_id}/portal-links", response=responses(list[LinkOut], 403, 404),
            summary="A candidate's portal links (owners)")
def portal_link_list(request: HttpRequest, candidate_id: CandidateId) -> list[LinkOut]:
    """Every link made for the candidate, newest first, with its status. Tokens are never listed."""
    candidate = candidate_for(caller(request), candidate_id, Role.OWNER)
    return [_link_out(link) for link in PortalLink.objects.filter(candidate=candidate).order_by("-created_at")]


@router.post("/candidates/{candidate_id}/portal-links", response=responses(LinkCreatedOut, 400, 403, 404, 422),
             summary="Make a portal link for a questionnaire (owners)")
def portal_link_create(request: HttpRequest, candidate_id: CandidateId, payload: LinkIn) -> LinkCreatedOut:
    """The questionnaire must be of the candidate's selection and sent, its deadline ahead, and the
    candidate must not have a working link for it already (422 otherwise, nothing stored)."""
    candidate = candidate_for(caller(request), candidate_id, Role.OWNER)
    questionnaire = Questionnaire.objects.filter(pk=payload.questionnaire_id,
                                                 selection_id=candidate.selection_id).first()
    if questionnaire is None:
        raise not_found()
    link, token = services.link_create(actor=caller(request), questionnaire=questionnaire, candidate=candidate,
                                       expires_at=payload.expires_at)
    url = request.build_absolute_uri(reverse("portal:questionnaire", kwargs={"token": token}))
    return LinkCreatedOut(**_link_out(link).dict(), token=token, url=url)


@router.post("/portal-links/{portal_link_id}/revoke", response=responses(LinkOut, 400, 403, 404, 422),
             summary="Revoke a portal link (owners)")
def portal_link_revoke(request: HttpRequest, portal_link_id: LinkId) -> LinkOut:
    link = object_for_user(caller(request), PortalLink.objects.all(), portal_link_id, role=Role.OWNER)
    return _link_out(services.link_revoke(actor=caller(request), link=link))


@router.get("/candidates/{candidate_id}/portal-answers", response=responses(list[QuestionnaireAnswersOut], 404),
            summary="A candidate's submitted portal answers")
def portal_answer_list(request: HttpRequest, candidate_id: CandidateId) -> list[QuestionnaireAnswersOut]:
    """Per questionnaire sent to the candidate: its answers once submitted (empty before), with
    the criterion each question informs, and its files with a download address (members only)."""
    candidate = candidate_for(caller(request), candidate_id)
    result = []
    for qa in selectors.answers_for_candidate(candidate):
        link = qa.link
        result.append(QuestionnaireAnswersOut(
            questionnaire_id=qa.questionnaire.pk, title=qa.questionnaire.title,
            kind=qa.questionnaire.kind,  # type: ignore[arg-type]
            submitted=qa.submitted, submitted_at=link.submitted_at if link else None,
            receipt_code=link.receipt_code if link else "",
            answers=[
                AnswerOut(question_id=row.question.pk, question=row.question.text,
                          criterion_id=group.criterion.pk if group.criterion else None, criterion=group.name,
                          answer=row.answer)
                for group in qa.groups for row in group.rows
            ],
            uploads=[
                UploadOut(id=u.pk, name=u.original_name, type=u.detected_type,  # type: ignore[arg-type]
                          size=u.size, sha256=u.sha256,
                          download_url=reverse("portal:upload_download", kwargs={"upload_id": u.pk}))
                for u in qa.uploads
            ],
        ))
    return result
