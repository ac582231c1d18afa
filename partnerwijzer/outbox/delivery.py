"""The worker's side of the outbox: claim a message, hand it to the mail backend, record the outcome.

Exactly-once, as far as it can hold (docs/messages.md, "Guarantees"):

1. **Claim.** One conditional UPDATE moves a message from ``queued`` (and due) to ``sending``
   and commits at once (the worker runs outside a transaction). Only the worker whose UPDATE
   changed the row sends; a second worker, a second task for the same message, or the periodic
   run finds nothing to claim.
2. **Send** through Django's mail backend (``MAILERS["default"]``: console in ``make run``, SMTP
   in production) with the Message-ID fixed when the message was queued.
3. **Mark** ``sent`` (and mask the tokens in the stored bodies: a link's secret lives in the
   database only until the message left). An error of the backend puts the message back to
   ``queued`` with exponential backoff (1, 2, 4 ... minutes, at most 6 hours apart); after
   :data:`MAX_ATTEMPTS` it is ``failed`` and shown to the owners with a retry button.

A worker that dies between 1 and 3 leaves the message in ``sending``: nobody can know whether the
mail server accepted it. Such a message is **never sent again automatically**. Once its claim is
older than :data:`SENDING_LEASE` (far longer than the SMTP timeout), :func:`release_interrupted`
marks it ``failed`` with the reason "interrupted while sending", so it is not lost silently: an
owner sees it on the outbox page and decides to retry (same Message-ID, so a receiving system that
removes duplicates by Message-ID shows it once). So: at most once automatically, never silently lost.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.utils import timezone

from partnerwijzer import logsafety
from partnerwijzer.outbox.models import Message, MessageState

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
FIRST_RETRY = timedelta(minutes=1)
MAX_RETRY = timedelta(hours=6)
SENDING_LEASE = timedelta(minutes=15)
INTERRUPTED = "Interrupted while sending: it may or may not have been delivered."


def deliver(message_id: str) -> bool:
    """Claim, send and mark one message; False when there was nothing to claim or the send failed."""
    now = timezone.now()
    claimed = Message.objects.filter(
        pk=message_id, state=MessageState.QUEUED, next_attempt_at__lte=now,
    ).update(state=MessageState.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return False
    message = Message.objects.get(pk=message_id)
    try:
        _email(message).send(using="default")
    except Exception as error:  # the mail server refused or was unreachable: retry later
        _after_failure(message, error)
        return False
    Message.objects.filter(pk=message.pk, state=MessageState.SENDING).update(
        state=MessageState.SENT, sent_at=timezone.now(), last_error="",
        body_text=logsafety.mask(message.body_text), body_html=logsafety.mask(message.body_html),
    )
    logger.info("Sent message %s (attempt %s).", message.pk, message.attempts)
    return True


def send_due(*, limit: int = 200) -> int:
    """Send every message that is due (its task went missing, or a retry is due). Returns how many."""
    due = list(
        Message.objects.filter(state=MessageState.QUEUED, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at").values_list("pk", flat=True)[:limit]
    )
    return sum(1 for pk in due if deliver(str(pk)))


def release_interrupted(*, now: datetime | None = None) -> int:
    """Mark messages whose send was interrupted (claim older than the lease) ``failed``, for an owner."""
    now = now or timezone.now()
    return Message.objects.filter(state=MessageState.SENDING, claimed_at__lt=now - SENDING_LEASE).update(
        state=MessageState.FAILED, last_error=INTERRUPTED,
    )


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: 1, 2, 4 ... minutes, at most :data:`MAX_RETRY`."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), MAX_RETRY)


def _after_failure(message: Message, error: Exception) -> None:
    from partnerwijzer.outbox.tasks import enqueue_send

    reason = logsafety.mask(f"{type(error).__name__}: {error}")[:500]
    if message.attempts >= MAX_ATTEMPTS:
        Message.objects.filter(pk=message.pk, state=MessageState.SENDING).update(
            state=MessageState.FAILED, last_error=reason)
        logger.warning("Message %s not sent after %s attempts: %s", message.pk, message.attempts, reason)
        return
    next_attempt = timezone.now() + retry_delay(message.attempts)
    Message.objects.filter(pk=message.pk, state=MessageState.SENDING).update(
        state=MessageState.QUEUED, next_attempt_at=next_attempt, last_error=reason)
    logger.info("Message %s: attempt %s failed (%s); next at %s.", message.pk, message.attempts, reason,
                next_attempt.isoformat())
    try:
        enqueue_send(str(message.pk), run_after=next_attempt)
    except Exception:  # the periodic run sends it when due
        logger.exception("Could not enqueue the retry of message %s.", message.pk)


def _email(message: Message) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject, body=message.body_text, to=[message.to_email],
        headers={"Message-ID": message.message_id, "Content-Language": message.language,
                 "Auto-Submitted": "auto-generated"},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    return email
