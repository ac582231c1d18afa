"""Reads of the outbox: an organisation's messages, a person's choice about reminders."""

from __future__ import annotations

from django.db.models import QuerySet

from partnerwijzer.accounts.models import Organisation
from partnerwijzer.outbox.models import Message, Unsubscribe


def receives_reminders(email: str) -> bool:
    """False once the person behind ``email`` unsubscribed from non-essential messages."""
    return not Unsubscribe.objects.filter(email=email.strip().lower()).exists()


def messages_of(organisation: Organisation, *, state: str = "") -> QuerySet[Message]:
    """The organisation's outgoing messages, newest first (optionally of one state)."""
    messages = Message.objects.filter(organisation=organisation).select_related("to_user")
    if state:
        messages = messages.filter(state=state)
    return messages.order_by("-created_at", "-pk")


def already_queued(idempotency_key: str) -> bool:
    """True once a message for this event exists (a periodic check skips rendering it again)."""
    return Message.objects.filter(idempotency_key=idempotency_key).exists()


def state_of(idempotency_key: str) -> str | None:
    """The state of the message queued for this event, or None when there is none."""
    return Message.objects.filter(idempotency_key=idempotency_key).values_list("state", flat=True).first()
