"""Role-matrix rows of the supplier portal.

Members' routes and API operations use the shared vocabulary. The public portal routes
(``portal:<name>`` with a token) are not about roles: every persona, signed in or not, gets the
same answer for the same token. Their rows here use a *valid* token (200 or a redirect for
everyone, the link decides, not the session); the other cases the matrix vocabulary cannot
express (another candidate's token, an owner's session with no or an invalid token, expired and
revoked tokens) are in ``tests/authorisation/test_portal_matrix.py``.

Objects come from the sourcing rows' ``selection`` and ``candidate`` memos, so ids in one row
refer to the same selection; the questionnaire (sent) and link are made once per test too.
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.utils import timezone

from partnerwijzer.portal import firm_questions, services
from partnerwijzer.portal.models import FirmQuestion, PortalLink, PortalUpload
from partnerwijzer.questionnaires.models import Question, Questionnaire, QuestionnaireStatus
from partnerwijzer.sourcing.models import Candidate
from tests.authorisation.matrix import MEMBERS, OWNERS, Case, Op, everyone, object_readers, owner_only
from tests.authorisation.rows.sourcing import _candidate, _selection
from tests.personas import Personas

PDF = b"%PDF-1.4\n%%EOF\n"


def _questionnaire(p: Personas) -> Questionnaire:
    def make() -> Questionnaire:
        questionnaire = Questionnaire.objects.create(
            selection=_selection(p), kind="rfi", title="Matrix RFI", deadline=timezone.now() + timedelta(days=7),
            status=QuestionnaireStatus.SENT, created_by=p.owner,
        )
        Question.objects.create(questionnaire=questionnaire, text="How do you work?", position=0)
        return questionnaire

    return p.memo("portal_questionnaire", make)


def _link(p: Personas) -> tuple[PortalLink, str]:
    return p.memo("portal_link", lambda: services.link_create(
        actor=p.owner, questionnaire=_questionnaire(p), candidate=_candidate(p)))


def _token(p: Personas) -> dict[str, Any]:
    return {"token": _link(p)[1]}


def _submitted_upload(p: Personas) -> PortalUpload:
    def make() -> PortalUpload:
        link, _token = _link(p)
        upload = services.upload_add(link=link, stream=io.BytesIO(PDF), filename="matrix.pdf")
        services.submit(link=link)
        return upload

    return p.memo("portal_upload", make)


def _firm_question(p: Personas) -> FirmQuestion:
    return p.memo("portal_firm_question", lambda: firm_questions.question_ask(
        link=_link(p)[0], text="Which data do you have?"))


def _q(p: Personas) -> dict[str, Any]:
    return {"selection_id": _selection(p).pk, "questionnaire_id": _questionnaire(p).pk}


ROUTES: dict[str, Case] = {
    # Public: the token decides, not the session. Everyone gets the same with a valid token.
    "portal:questionnaire": Case(everyone(200), kwargs=_token),
    "portal:answer": Case(
        everyone(302), method="post", kwargs=_token,
        data=lambda p: {"question": str(_questionnaire(p).questions.get().pk)},
    ),
    # No file: the page again with "Choose a file to upload." (nothing stored).
    "portal:upload": Case(everyone(400), method="post", kwargs=_token),
    # An id that is not one of this link's files: the page with a message.
    "portal:upload_remove": Case(everyone(400), method="post",
                                 kwargs=lambda p: {**_token(p), "upload_id": "00000000-0000-0000-0000-000000000000"}),
    "portal:submit": Case(everyone(200), kwargs=_token),
    # Not submitted yet: back to the questionnaire.
    "portal:receipt": Case(everyone(302), kwargs=_token),
    # A question from the firm (issue 16): stored, then back to the page.
    "portal:ask": Case(everyone(302), method="post", kwargs=_token, data=lambda p: {"question": "When do you decide?"}),
    # Members.
    "portal:links": Case(owner_only(200, outsider=404), kwargs=_q),
    "portal:link_revoke": Case(owner_only(200, outsider=404), kwargs=lambda p: {**_q(p), "link_id": _link(p)[0].pk}),
    # A working link exists: owners get the confirmation page for a new one.
    "portal:link_send": Case(owner_only(200, outsider=404),
                             kwargs=lambda p: {**_q(p), "candidate_id": _link(p)[0].candidate_id}),
    "portal:candidate_answers": Case(
        object_readers(200), kwargs=lambda p: {"selection_id": _selection(p).pk, "candidate_id": _candidate(p).pk}
    ),
    "portal:upload_download": Case(object_readers(200), kwargs=lambda p: {"upload_id": _submitted_upload(p).pk}),
    "portal:firm_questions": Case(owner_only(200, outsider=404), kwargs=_q),
    "portal:firm_question_answer": Case(
        owner_only(302, outsider=404), method="post",
        kwargs=lambda p: {**_q(p), "question_id": _firm_question(p).pk},
        data=lambda p: {f"{_firm_question(p).pk}-answer": "Yes, in our ERP.", "action": "private"},
    ),
    "portal:side_by_side": Case(object_readers(200), kwargs=_q),
}

API: dict[tuple[str, str], Op] = {
    ("GET", "/api/v1/candidates/{candidate_id}/portal-links"): Op(OWNERS),
    ("POST", "/api/v1/candidates/{candidate_id}/portal-links"): Op(
        OWNERS, body=lambda p: {"questionnaire_id": str(_questionnaire(p).pk)}
    ),
    ("POST", "/api/v1/portal-links/{portal_link_id}/revoke"): Op(OWNERS),
    ("GET", "/api/v1/candidates/{candidate_id}/portal-answers"): Op(MEMBERS),
    ("GET", "/api/v1/questionnaires/{questionnaire_id}/firm-questions"): Op(OWNERS),
    ("POST", "/api/v1/firm-questions/{firm_question_id}/answer"): Op(
        OWNERS, body={"answer": "Yes, in our ERP.", "publish": False}),
    ("GET", "/api/v1/questionnaires/{questionnaire_id}/answers-side-by-side"): Op(MEMBERS),
}

PATH_VALUES = {
    "portal_link_id": lambda p: str(_link(p)[0].pk),
    "firm_question_id": lambda p: str(_firm_question(p).pk),
}


# --- Sending links by e-mail through the API (issue 16): the candidate needs a contact address ------


def _with_contact(p: Personas) -> None:
    p.memo("portal_contact", lambda: Candidate.objects.filter(pk=_candidate(p).pk).update(
        contact_email="sales@acme.example", contact_name="Ada Acme"))


def _send_body(p: Personas) -> dict[str, Any]:
    _with_contact(p)
    return {"questionnaire_id": str(_questionnaire(p).pk)}


def _resend_body(p: Personas) -> dict[str, Any]:
    _with_contact(p)
    _link(p)
    return {"confirm": True}


API.update({
    # No working link yet for the candidate in the path: owners (and an adviser alongside) send one.
    ("POST", "/api/v1/candidates/{candidate_id}/portal-links/send"): Op(OWNERS, body=_send_body),
    # The working link in the path is revoked and a new one sent.
    ("POST", "/api/v1/portal-links/{portal_link_id}/resend"): Op(OWNERS, body=_resend_body),
})
