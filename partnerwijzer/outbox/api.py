"""The outbox in the JSON API: an organisation's outgoing messages (owners), and the caller's tasks.

* ``GET  /organisations/{organisation_id}/messages``: the outgoing messages, newest first;
* ``POST /messages/{message_id}/retry``: send a failed (or interrupted) message again, as the
  "Send again" button of the outgoing messages page does; 409 when it is not failed.

The message list never carries a body (a link's token may be in one until it is sent); subject,
recipient, state and the last error (masked) are what an owner needs to follow up. The task list
is journey's (the "My tasks" page); its endpoint lives here because journey sits beside the api
app in the shared kit and may not import it, while the outbox sits just above both.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import WithJsonSchema

from partnerwijzer.accounts.access import membership_for_user, object_for_user
from partnerwijzer.accounts.roles import Role
from partnerwijzer.api.common import Lang, OrganisationId, caller, responses
from partnerwijzer.api.schemas import Language
from partnerwijzer.journey.selectors import tasks_for
from partnerwijzer.outbox import services
from partnerwijzer.outbox.models import Message, MessageState
from partnerwijzer.outbox.selectors import messages_of

router = Router(tags=["messages and tasks"])

MessageStateName = Literal["queued", "sending", "sent", "failed", "suppressed"]
ErrorKindName = Literal["", "interrupted", "recipient_refused", "sender_refused", "login_refused", "unreachable",
                        "rejected", "other"]
LIST_LIMIT = 500


class OutgoingMessageOut(Schema):
    id: UUID
    to_email: str = Field(max_length=254)
    to_user_id: UUID | None = Field(description="The member the message is for; None for a firm or an invitee.")
    language: Language
    subject: str = Field(max_length=300)
    state: MessageStateName = Field(description="queued: waiting for its (next) attempt; sending: being handed to "
                                                "the mail server; sent; failed: not sent (an owner may send it "
                                                "again on the outgoing messages page); suppressed: a reminder to "
                                                "someone who unsubscribed.")
    essential: bool = Field(description="False for reminders, which people can unsubscribe from.")
    attempts: int
    last_error: str = Field(max_length=500, description="Why the last attempt failed, as the mail server said it "
                                                        "(English, no tokens); empty if none.")
    error_kind: ErrorKindName = Field(description="The kind of that error, the same codes the outgoing messages "
                                                  "page translates; empty if none.")
    created_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None


def _out(message: Message) -> OutgoingMessageOut:
    return OutgoingMessageOut(
        id=message.pk, to_email=message.to_email, to_user_id=message.to_user_id, language=message.language,  # type: ignore[arg-type]
        subject=message.subject, state=message.state, essential=message.essential,  # type: ignore[arg-type]
        attempts=message.attempts, last_error=message.last_error, error_kind=message.error_kind,  # type: ignore[arg-type]
        created_at=message.created_at,
        next_attempt_at=message.next_attempt_at, sent_at=message.sent_at,
    )


@router.get("/organisations/{organisation_id}/messages", response=responses(list[OutgoingMessageOut], 403, 404),
            summary="The organisation's outgoing messages, newest first (owners)")
def message_list(
    request: HttpRequest, organisation_id: OrganisationId,
    state: Annotated[MessageStateName | None, Query(description="Only messages in this state.")] = None,
) -> list[OutgoingMessageOut]:
    """At most the newest 500; filter by ``state`` (``failed``) to find the ones to follow up."""
    membership = membership_for_user(caller(request), organisation_id, role=Role.OWNER, ownership=True)
    return [_out(m) for m in messages_of(membership.organisation, state=state or "")[:LIST_LIMIT]]


MessageId = Annotated[
    str,
    WithJsonSchema({"type": "string", "format": "uuid"}),
    Path(description="The outgoing message's id. Unknown ids and other organisations' messages both give 404."),
]


@router.post("/messages/{message_id}/retry", response=responses(OutgoingMessageOut, 403, 404, 409),
             summary="Send a failed or interrupted message again (owners)")
def message_retry(request: HttpRequest, message_id: MessageId) -> OutgoingMessageOut:
    """For a message in state ``failed`` (the mail server refused it every time, or the send was
    interrupted and nobody knows whether it arrived): queued again at once, with the same
    Message-ID, and sent once by the worker; audited as ``message.retry``. Any other state is 409
    and changes nothing (a queued or sending message is on its way; a sent one arrived; a suppressed
    one went to someone who unsubscribed from reminders). Needs no body."""
    user = caller(request)
    message = object_for_user(user, Message.objects.all(), message_id, role=Role.OWNER)
    # Mail to members and firms is the holders' own: an adviser working alongside gets 403, as on the page.
    membership_for_user(user, message.organisation_id, role=Role.OWNER, ownership=True)
    if message.state != MessageState.FAILED:
        raise HttpError(409, _("Only a message that was not sent can be sent again."))
    message = services.message_retry(actor=user, message=message)
    if message.state != MessageState.QUEUED:  # someone else retried it first and it has moved on
        raise HttpError(409, _("Only a message that was not sent can be sent again."))
    return _out(message)


class TaskOut(Schema):
    text: str = Field(description="What to do, in the requested language.")
    url: str = Field(description="The page (path) where the task is done.")
    link_text: str
    due: date | None = Field(description="By when; None for a task without a date.")


@router.get("/organisations/{organisation_id}/tasks", response=responses(list[TaskOut], 404),
            summary="The caller's own open tasks in the organisation, dated ones first")
def task_list(request: HttpRequest, organisation_id: OrganisationId, lang: Lang = "nl") -> list[TaskOut]:
    """Every member sees only their own tasks (an evaluator: their seats to score)."""
    user = caller(request)
    membership = membership_for_user(user, organisation_id)
    with translation.override(lang):
        return [TaskOut(text=t.text, url=t.url, link_text=t.link_text, due=t.due)
                for t in tasks_for(membership.organisation, user)]
