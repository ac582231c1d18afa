"""Role-matrix rows of the outbox (outgoing messages, reminders, unsubscribe) and the task list."""

from __future__ import annotations

from typing import Any

from partnerwijzer.outbox import services
from partnerwijzer.outbox.models import Message, MessageState
from tests.authorisation.matrix import MEMBERS, OWNERS, Case, Op, everyone, members, owner_only
from tests.personas import Personas


def _failed_message(p: Personas) -> dict[str, Any]:
    def make() -> Message:
        message = services.queue_message(
            organisation=p.organisation, to_email="firm@example.com", language="nl", subject="Matrix",
            body_text="Matrix", idempotency_key="matrix.failed",
        )
        Message.objects.filter(pk=message.pk).update(state=MessageState.FAILED, last_error="Matrix")
        return message

    return {"message_id": p.memo("outbox_failed", make).pk}


ROUTES: dict[str, Case] = {
    # The outsider owns their own organisation: the list shows theirs; another organisation's message is 404.
    # Outgoing mail may hold invitation links: advisers working alongside never read it (ownership).
    "outbox:list": Case(owner_only(200, outsider=200), ownership=True),
    "outbox:retry": Case(owner_only(302, outsider=404), method="post", kwargs=_failed_message, ownership=True),
    # Everyone's own reminder setting.
    "outbox:reminders": Case(members(302), method="post", data=lambda p: {"reminders": "on"}),
    # The signed link in a reminder: the signature decides, not the session.
    "outbox:unsubscribe": Case(everyone(200),
                               kwargs=lambda p: {"token": services.unsubscribe_token("firm@example.com")}),
    "journey:tasks": Case(members(200)),
}

API: dict[tuple[str, str], Op] = {
    ("GET", "/api/v1/organisations/{organisation_id}/messages"): Op(OWNERS, ownership=True),
    ("GET", "/api/v1/organisations/{organisation_id}/tasks"): Op(MEMBERS),
    # Send a failed message again: owners, as the page's button; not an adviser alongside (ownership).
    ("POST", "/api/v1/messages/{message_id}/retry"): Op(OWNERS, ownership=True),
}

PATH_VALUES = {
    "message_id": lambda p: str(_failed_message(p)["message_id"]),
}
