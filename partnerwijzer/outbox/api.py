"""The outbox in the JSON API: an organisation's outgoing messages (owners), and the caller's tasks.

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
from ninja import Field, Query, Router, Schema

from partnerwijzer.accounts.access import membership_for_user
from partnerwijzer.accounts.roles import Role
from partnerwijzer.api.common import Lang, OrganisationId, caller, responses
from partnerwijzer.api.schemas import Language
from partnerwijzer.journey.selectors import tasks_for
from partnerwijzer.outbox.models import Message
from partnerwijzer.outbox.selectors import messages_of

router = Router(tags=["messages and tasks"])

MessageStateName = Literal["queued", "sending", "sent", "failed", "suppressed"]
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
    last_error: str = Field(max_length=500, description="Why the last attempt failed (no tokens); empty if none.")
    created_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None


def _out(message: Message) -> OutgoingMessageOut:
    return OutgoingMessageOut(
        id=message.pk, to_email=message.to_email, to_user_id=message.to_user_id, language=message.language,  # type: ignore[arg-type]
        subject=message.subject, state=message.state, essential=message.essential,  # type: ignore[arg-type]
        attempts=message.attempts, last_error=message.last_error, created_at=message.created_at,
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
