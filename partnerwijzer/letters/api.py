"""The award and regret letter endpoints of the JSON API (issue 16, item 8), for owners.

* ``GET /selections/{selection_id}/letters``: the selection's letters (drafts and sent);
* ``POST /selections/{selection_id}/letters/draft``: draft them once the preferred partner is chosen;
* ``PATCH /letters/{letter_id}``: change a draft's subject or text (a sent letter: 422);
* ``POST /letters/{letter_id}/send``: send it (``confirm`` must be true): final, on the firm's portal
  page and queued as an e-mail.

The letter as a DOCX or PDF file (``GET /letters/{letter_id}/docx`` and ``/pdf``) lives in
``documents/api.py``: the documents app, above this one, owns the builders.

Errors: 401 not signed in; 403 not an owner; 404 unknown or another organisation's; 422 a rule or
invalid input (nothing changes).
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

from partnerwijzer.accounts.roles import Role
from partnerwijzer.api.common import SelectionId, caller, responses
from partnerwijzer.letters import services
from partnerwijzer.letters.lookups import letter_for
from partnerwijzer.letters.models import Letter
from partnerwijzer.letters.selectors import letters_of
from partnerwijzer.sourcing.lookups import selection_for

router = Router(tags=["letters"])

LetterId = Annotated[
    str, WithJsonSchema({"type": "string", "format": "uuid"}),
    Path(description="The letter's id. Unknown ids and other organisations' letters both give 404."),
]


class LetterOut(Schema):
    id: UUID
    selection_id: UUID
    candidate_id: UUID
    candidate_name: str
    kind: Literal["award", "regret"]
    language: Literal["nl", "en", "de"]
    subject: str
    body: str
    edited: bool = Field(description="True once an owner changed the drafted text.")
    sent_at: datetime | None = Field(description="None while it is a draft; a sent letter cannot change.")
    sent_to: str = Field(description="The e-mail address it went to; empty for a draft or a firm without one.")
    updated_at: datetime


class LetterPatch(Schema):
    """Fields to change; fields left out keep their text."""

    subject: str | None = Field(None, min_length=1, max_length=200)
    body: str | None = Field(None, min_length=1, max_length=10_000)


class LetterSendIn(Schema):
    confirm: StrictBool = Field(description="Must be true: sending is final.")


def _out(letter: Letter) -> LetterOut:
    return LetterOut(
        id=letter.pk, selection_id=letter.selection_id, candidate_id=letter.candidate_id,
        candidate_name=letter.candidate.name, kind=letter.kind,  # type: ignore[arg-type]
        language=letter.language,  # type: ignore[arg-type]
        subject=letter.subject, body=letter.body, edited=letter.edited, sent_at=letter.sent_at,
        sent_to=letter.sent_to, updated_at=letter.updated_at,
    )


@router.get("/selections/{selection_id}/letters", response=responses(list[LetterOut], 403, 404),
            summary="Award and regret letters of a selection (owners)")
def letter_list(request: HttpRequest, selection_id: SelectionId) -> list[LetterOut]:
    selection = selection_for(caller(request), selection_id, role=Role.OWNER)
    return [_out(letter) for letter in letters_of(selection)]


@router.post("/selections/{selection_id}/letters/draft", response=responses(list[LetterOut], 400, 403, 404, 422),
             summary="Draft the award and regret letters (owners)")
def letter_draft(request: HttpRequest, selection_id: SelectionId) -> list[LetterOut]:
    """Needs the preferred partner and the scores visible to you. Letters you edited or sent stay as they
    are; returns every letter of the selection."""
    user = caller(request)
    selection = selection_for(user, selection_id, role=Role.OWNER)
    services.letters_draft(actor=user, selection=selection)
    return [_out(letter) for letter in letters_of(selection)]


@router.patch("/letters/{letter_id}", response=responses(LetterOut, 400, 403, 404, 422),
              summary="Edit a letter draft (owners)")
def letter_update(request: HttpRequest, letter_id: LetterId, payload: LetterPatch) -> LetterOut:
    user = caller(request)
    letter = letter_for(user, letter_id)
    letter = services.letter_update(
        actor=user, letter=letter,
        subject=payload.subject if payload.subject is not None else letter.subject,
        body=payload.body if payload.body is not None else letter.body,
    )
    return _out(letter)


@router.post("/letters/{letter_id}/send", response=responses(LetterOut, 400, 403, 404, 422),
             summary="Send a letter (owners)")
def letter_send(request: HttpRequest, letter_id: LetterId, payload: LetterSendIn) -> LetterOut:
    """Final: the firm sees it on its portal page, and it is queued as an e-mail to the firm's contact
    address (once per letter). A letter sent already gives 422."""
    user = caller(request)
    letter = letter_for(user, letter_id)
    if not payload.confirm:
        raise ValidationError({"confirm": [_("Confirm that the letter may be sent; sending is final.")]})
    return _out(services.letter_send(actor=user, letter=letter))
