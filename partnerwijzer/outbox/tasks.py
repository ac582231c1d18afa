"""Background task of the outbox (Django's task framework, django-tasks-db; see delivery.py)."""

from __future__ import annotations

from datetime import datetime

from django.tasks import task


@task()
def send_message(message_id: str) -> bool:
    """Claim and send one message (``delivery.deliver``); nothing happens when it is not due."""
    from partnerwijzer.outbox.delivery import deliver

    return deliver(message_id)


def enqueue_send(message_id: str, *, run_after: datetime | None = None) -> None:
    """Ask the worker to send the message (at ``run_after`` at the earliest)."""
    if run_after is None:
        send_message.enqueue(message_id)
    else:
        send_message.using(run_after=run_after).enqueue(message_id)
