"""The worker's side of the outbox: claim a message, hand it to the mail backend, record the outcome.

Exactly once, as far as it can hold (docs/messages.md, "Guarantees"):

1. **Claim.** One conditional UPDATE moves a message from ``queued`` (and due) to ``sending``
   with a fresh claim token and the worker's host and process id, and commits at once (the
   worker runs outside a transaction). Only the worker whose UPDATE changed the row sends; a
   second worker, a second task for the same message, or the periodic run finds nothing to claim.
2. **Prepare**: render the message, connect to the mail server, TLS, log in, MAIL FROM, RCPT TO.
   Nothing has been handed over yet.
3. **Handover.** Just before the backend hands the message over (SMTP: before DATA, in
   :class:`partnerwijzer.outbox.backends.SmtpEmailBackend`; other backends: just before they are
   called), a second conditional UPDATE sets ``handover_at``, only while this worker's claim token
   still holds; if the claim was released meanwhile, the worker stops without handing anything over.
4. **Mark** ``sent`` (and mask the tokens in the stored bodies: a link's secret lives in the
   database only until the message left). An error of the backend puts the message back to
   ``queued`` with exponential backoff (1, 2, 4 ... minutes, at most 6 hours apart); after
   :data:`MAX_ATTEMPTS` it is ``failed`` and shown to the owners with a retry button.

A worker that dies leaves the message in ``sending``. :func:`release_interrupted` (the periodic
run, and so every restarted worker) finds such claims: those of a process that no longer runs on
this host at once, any other once older than :data:`SENDING_LEASE` (far longer than the SMTP
timeout). What happens then depends on the phase:

* **died before the handover** (``handover_at`` empty): the mail server cannot have the message;
  it goes back to ``queued`` and is sent automatically, once (the dead worker's token no longer
  holds, so even a worker that was only slow can never hand it over as well);
* **died during the handover** (``handover_at`` set, ``sent`` not yet written): nobody can know
  whether the mail server accepted it. It is **never sent again automatically**: it becomes
  ``failed`` with ``models.INTERRUPTED``, shown to the owners, who may send it again with the same
  Message-ID (a receiving system that removes duplicates by Message-ID shows it once).

So: exactly once unless the worker dies inside the handover itself (for SMTP, between the start
of DATA and the recording of the server's reply: milliseconds); then at most once automatically,
never silently lost.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from datetime import datetime, timedelta

from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.utils import timezone

from partnerwijzer import logsafety
from partnerwijzer.outbox.models import INTERRUPTED, ErrorKind, Message, MessageState, error_kind_of

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
FIRST_RETRY = timedelta(minutes=1)
MAX_RETRY = timedelta(hours=6)
SENDING_LEASE = timedelta(minutes=15)


class ClaimLost(Exception):  # noqa: N818  (a state, not an error of the caller)
    """The claim was released (the worker was taken for dead) before the handover: hand nothing over."""


def worker_identity() -> str:
    """This process, as stored in ``claimed_by``: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def deliver(message_id: str) -> bool:
    """Claim, send and mark one message; False when there was nothing to claim or the send failed."""
    now = timezone.now()
    token = uuid.uuid4().hex
    claimed = Message.objects.filter(
        pk=message_id, state=MessageState.QUEUED, next_attempt_at__lte=now,
    ).update(state=MessageState.SENDING, claimed_at=now, attempts=F("attempts") + 1, claim_token=token,
             claimed_by=worker_identity(), handover_at=None)
    if not claimed:
        return False
    message = Message.objects.get(pk=message_id)
    backend = mail.mailers["default"]
    email = _email(message)

    def handover() -> None:
        marked = Message.objects.filter(pk=message.pk, state=MessageState.SENDING, claim_token=token).update(
            handover_at=timezone.now())
        if not marked:
            raise ClaimLost(message.pk)

    try:
        if getattr(backend, "marks_handover", False):
            email.outbox_handover = handover  # type: ignore[attr-defined]  # the backend calls it before DATA
        else:
            handover()
        backend.send_messages([email])
    except ClaimLost:
        logger.warning("Message %s: the claim was released before the handover; another worker sends it.",
                       message.pk)
        return False
    except Exception as error:  # the mail server refused or was unreachable: retry later
        _after_failure(message, error, token)
        return False
    Message.objects.filter(pk=message.pk, state=MessageState.SENDING, claim_token=token).update(
        state=MessageState.SENT, sent_at=timezone.now(), last_error="", error_kind="", claim_token="",
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
    """Release the claims of workers that died: a claim older than the lease, or one of a process
    that no longer runs on this host. Never handed over: back to ``queued`` (sent automatically);
    interrupted during the handover: ``failed`` with ``models.INTERRUPTED``, for an owner. Returns how
    many were released."""
    now = now or timezone.now()
    dead = Q(claimed_at__lt=now - SENDING_LEASE) | Q(claimed_by__in=_dead_workers_here())
    interrupted = Message.objects.filter(dead, state=MessageState.SENDING)
    requeued = interrupted.filter(handover_at__isnull=True).update(
        state=MessageState.QUEUED, next_attempt_at=timezone.now(), claim_token="", claimed_by="")
    failed = interrupted.filter(handover_at__isnull=False).update(
        state=MessageState.FAILED, last_error=INTERRUPTED, error_kind=ErrorKind.INTERRUPTED, claim_token="",
        claimed_by="")
    if requeued or failed:
        logger.warning("Released the claims of a stopped worker: %s message(s) to send again, %s interrupted "
                       "during the handover for an owner to check.", requeued, failed)
    return requeued + failed


def _dead_workers_here() -> list[str]:
    """The ``claimed_by`` values of claims taken on this host by a process that no longer runs."""
    host = socket.gethostname()
    claimants = (Message.objects.filter(state=MessageState.SENDING, claimed_by__startswith=f"{host}:")
                 .values_list("claimed_by", flat=True).distinct())
    return [claimant for claimant in claimants if not _process_runs(claimant.rpartition(":")[2])]


def _process_runs(pid_text: str) -> bool:
    try:
        pid = int(pid_text)
    except ValueError:
        return True  # not ours to judge: the lease decides
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: 1, 2, 4 ... minutes, at most :data:`MAX_RETRY`."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), MAX_RETRY)


def _after_failure(message: Message, error: Exception, token: str) -> None:
    from partnerwijzer.outbox.tasks import enqueue_send

    reason = logsafety.mask(f"{type(error).__name__}: {error}")[:500]
    kind = error_kind_of(error)
    if message.attempts >= MAX_ATTEMPTS:
        Message.objects.filter(pk=message.pk, state=MessageState.SENDING, claim_token=token).update(
            state=MessageState.FAILED, last_error=reason, error_kind=kind, claim_token="")
        logger.warning("Message %s not sent after %s attempts: %s", message.pk, message.attempts, reason)
        return
    next_attempt = timezone.now() + retry_delay(message.attempts)
    Message.objects.filter(pk=message.pk, state=MessageState.SENDING, claim_token=token).update(
        state=MessageState.QUEUED, next_attempt_at=next_attempt, last_error=reason, error_kind=kind,
        claim_token="")
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
