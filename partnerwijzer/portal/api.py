"""The supplier portal in the JSON API (mounted in partnerwijzer/routers.py).

* ``GET  /candidates/{candidate_id}/portal-links``: the candidate's links (status, never a token).
* ``POST /candidates/{candidate_id}/portal-links``: make a link for one questionnaire; the answer
  holds the token and the portal address **once** (only a hash is stored).
* ``POST /candidates/{candidate_id}/portal-links/send``: the product e-mails the firm a new link with
  the deadline (through the outbox); the answer never holds the token or the link: the e-mail does.
* ``POST /portal-links/{portal_link_id}/resend``: the firm lost its link: this one is revoked and
  a new one e-mailed (answers saved so far stay with the old link).
* ``POST /portal-links/{portal_link_id}/revoke``: the link stops working at once.
* ``GET  /candidates/{candidate_id}/portal-answers``: the candidate's submitted answers per
  questionnaire (grouped by criterion) and its files.
* ``GET  /questionnaires/{questionnaire_id}/firm-questions``: every firm's questions (owners).
* ``POST /firm-questions/{firm_question_id}/answer``: answer privately or publish an addendum (owners).
* ``GET  /questionnaires/{questionnaire_id}/answers-side-by-side``: the submitted answers, one row
  per question and one column per firm (members).

Owners manage links (others 403); every member reads answers. An unknown id, a malformed one and
another organisation's give the same 404.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema
from pydantic import ConfigDict, StrictBool, WithJsonSchema

from partnerwijzer.accounts.access import not_found, object_for_user
from partnerwijzer.accounts.roles import Role
from partnerwijzer.api.common import CandidateId, IsoDateTime, caller, responses
from partnerwijzer.outbox import selectors as outbox_selectors
from partnerwijzer.portal import firm_questions, selectors, services
from partnerwijzer.portal.models import FirmQuestion, PortalLink, PortalUpload
from partnerwijzer.questionnaires.api import QuestionnaireId
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
    expires_at: IsoDateTime | None = Field(
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


class PortalLinkSendIn(Schema):
    model_config = ConfigDict(extra="forbid")

    questionnaire_id: UUID = Field(description="A sent questionnaire of the candidate's selection, its deadline "
                                               "ahead.")


class PortalLinkResendIn(Schema):
    model_config = ConfigDict(extra="forbid")

    confirm: StrictBool = Field(description="Must be true: the link the firm has stops working at once.")


class PortalLinkSentOut(LinkOut):
    sent_to: str = Field(max_length=254, description="The firm's contact address the link is e-mailed to. The "
                                                     "link itself is only in that e-mail, never in this answer.")
    message_state: Literal["queued", "sending", "sent", "failed", "suppressed"] = Field(
        description="The state of the e-mail in the outbox (GET /organisations/{organisation_id}/messages); "
                    "queued until the worker hands it to the mail server.")


def _sent_out(link: PortalLink) -> PortalLinkSentOut:
    state = outbox_selectors.state_of(f"portal.link:{link.pk}")  # the key of portal.messages.link_sent
    return PortalLinkSentOut(**_link_out(link).dict(), sent_to=link.candidate.contact_email,
                             message_state=state or "queued")  # type: ignore[arg-type]


@router.post("/candidates/{candidate_id}/portal-links/send",
             response=responses(PortalLinkSentOut, 400, 403, 404, 422),
             summary="E-mail a firm its portal link with the deadline (owners)")
def portal_link_send(request: HttpRequest, candidate_id: CandidateId, payload: PortalLinkSendIn) -> PortalLinkSentOut:
    """As "Send by e-mail" on the links page: a new link is made and e-mailed, through the outbox, to
    the candidate's contact address with the questionnaire's deadline, in the organisation's
    language; audited as ``portal.link_send``. The answer holds neither the token nor the link (only
    the e-mail does; the outbox masks it once sent). 422, nothing stored or sent, when the candidate
    has no contact e-mail, already has a working link (use ``resend``), has submitted, or the
    questionnaire is not sent or its deadline has passed."""
    user = caller(request)
    candidate = candidate_for(user, candidate_id, Role.OWNER)
    questionnaire = Questionnaire.objects.filter(pk=payload.questionnaire_id,
                                                 selection_id=candidate.selection_id).first()
    if questionnaire is None:
        raise not_found()
    link = services.link_send(actor=user, questionnaire=questionnaire, candidate=candidate)
    return _sent_out(link)


@router.post("/portal-links/{portal_link_id}/resend", response=responses(PortalLinkSentOut, 400, 403, 404, 422),
             summary="Revoke a firm's link and e-mail it a new one (owners)")
def portal_link_resend(request: HttpRequest, portal_link_id: LinkId, payload: PortalLinkResendIn) -> PortalLinkSentOut:
    """For a firm that lost its link: only the link's fingerprint is stored, so the same link cannot be
    sent again. This link (the firm's working one) is revoked and a new one e-mailed as by ``send``;
    answers saved so far stay with the old link. Returns the new link. 422, nothing changed, when
    ``confirm`` is not true, the link is revoked already, or the firm has submitted."""
    user = caller(request)
    link = object_for_user(user, PortalLink.objects.select_related("questionnaire", "candidate"), portal_link_id,
                           role=Role.OWNER)
    if not payload.confirm:
        raise ValidationError({"confirm": [_("Confirm that the firm's current link may stop working.")]})
    if link.revoked_at is not None:
        raise ValidationError(_("This link is already revoked."))
    new = services.link_send(actor=user, questionnaire=link.questionnaire, candidate=link.candidate, renew=True)
    return _sent_out(new)


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


# --- The firms' questions and the answers side by side (issue 16, items 4 and 5) -------------------

FirmQuestionId = Annotated[
    str,
    WithJsonSchema({"type": "string", "format": "uuid"}),
    Path(description="The firm's question's id. Unknown ids and other organisations' questions both give 404."),
]


class FirmQuestionOut(Schema):
    id: UUID
    questionnaire_id: UUID
    candidate_id: UUID
    candidate_name: str = Field(description="The firm that asked; never shown to the other firms.")
    text: str = Field(description="The question as the firm asked it.")
    asked_at: datetime
    status: Literal["open", "private", "published"]
    answer: str
    public_text: str = Field(description="The question as every firm reads it, once published; else empty.")
    answered_at: datetime | None
    published_at: datetime | None


class FirmAnswerIn(Schema):
    answer: str = Field(min_length=1, max_length=firm_questions.ANSWER_MAX)
    publish: StrictBool = Field(description="True: an addendum for every firm of the questionnaire, without the "
                                            "asking firm's name. False: only the asking firm reads the answer. A "
                                            "published answer cannot become private again (422).")
    public_text: str = Field("", max_length=firm_questions.QUESTION_MAX,
                             description="When publishing: the question as every firm reads it (remove what "
                                         "identifies the firm). Empty: the question as asked.")


class SideBySideFirmOut(Schema):
    candidate_id: UUID
    name: str
    submitted_at: datetime
    receipt_code: str
    uploads: list[UploadOut]


class SideBySideRowOut(Schema):
    question_id: UUID
    question: str
    criterion: str = Field(description="The criterion the question informs; empty for general questions.")
    answers: list[str] = Field(description="One answer per firm, in the order of ``firms``; empty when not answered.")


class SideBySideOut(Schema):
    questionnaire_id: UUID
    firms: list[SideBySideFirmOut] = Field(description="Firms that submitted, by name; a firm still writing is "
                                                       "not listed.")
    rows: list[SideBySideRowOut]


def _firm_question_out(question: FirmQuestion) -> FirmQuestionOut:
    return FirmQuestionOut(
        id=question.pk, questionnaire_id=question.questionnaire_id, candidate_id=question.link.candidate_id,
        candidate_name=question.link.candidate.name, text=question.text, asked_at=question.asked_at,
        status=question.status,  # type: ignore[arg-type]
        answer=question.answer, public_text=question.public_text, answered_at=question.answered_at,
        published_at=question.published_at,
    )


def _upload_out(upload: PortalUpload) -> UploadOut:
    return UploadOut(id=upload.pk, name=upload.original_name, type=upload.detected_type,  # type: ignore[arg-type]
                     size=upload.size, sha256=upload.sha256,
                     download_url=reverse("portal:upload_download", kwargs={"upload_id": upload.pk}))


def _questionnaire(request: HttpRequest, questionnaire_id: str, role: Role) -> Questionnaire:
    return object_for_user(caller(request), Questionnaire.objects.select_related("selection"), questionnaire_id,
                           organisation="selection__organisation", role=role)


@router.get("/questionnaires/{questionnaire_id}/firm-questions", response=responses(list[FirmQuestionOut], 403, 404),
            summary="The firms' questions about a questionnaire (owners)")
def firm_question_list(request: HttpRequest, questionnaire_id: QuestionnaireId) -> list[FirmQuestionOut]:
    """Open questions first, then by when they were asked, with the firm that asked."""
    questionnaire = _questionnaire(request, questionnaire_id, Role.OWNER)
    return [_firm_question_out(q) for q in selectors.questions_of_questionnaire(questionnaire)]


@router.post("/firm-questions/{firm_question_id}/answer",
             response=responses(FirmQuestionOut, 400, 403, 404, 422),
             summary="Answer a firm's question privately or publish it as an addendum (owners)")
def firm_question_answer(request: HttpRequest, firm_question_id: FirmQuestionId,
                         payload: FirmAnswerIn) -> FirmQuestionOut:
    """Private: only the asking firm reads the answer in its portal. Published: every firm of the
    questionnaire reads ``public_text`` and the answer, never the asking firm's name. Each is audited
    and announced by message."""
    question = object_for_user(caller(request), FirmQuestion.objects.select_related("link__candidate"),
                               firm_question_id, role=Role.OWNER)
    question = firm_questions.question_answer(actor=caller(request), question=question, answer=payload.answer,
                                              publish=payload.publish, public_text=payload.public_text)
    return _firm_question_out(question)


@router.get("/questionnaires/{questionnaire_id}/answers-side-by-side", response=responses(SideBySideOut, 404),
            summary="Submitted answers of every firm side by side")
def answers_side_by_side(request: HttpRequest, questionnaire_id: QuestionnaireId) -> SideBySideOut:
    """One row per question, one answer per firm that submitted (members, as the candidate's answers)."""
    questionnaire = _questionnaire(request, questionnaire_id, Role.VIEWER)
    table = selectors.side_by_side(questionnaire)
    return SideBySideOut(
        questionnaire_id=questionnaire.pk,
        firms=[SideBySideFirmOut(candidate_id=link.candidate_id, name=link.candidate.name,
                                 submitted_at=link.submitted_at,  # type: ignore[arg-type]
                                 receipt_code=link.receipt_code, uploads=[_upload_out(u) for u in files])
               for link, files in zip(table.firms, table.files, strict=True)],
        rows=[SideBySideRowOut(question_id=row.question.pk, question=row.question.text, criterion=row.group,
                               answers=row.answers) for row in table.rows],
    )
