"""Write actions of the outbox: queue a message, retry a failed one, reminders on or off.

Every app that tells someone something calls :func:`queue_message` inside its own write
service, so the message is stored in the same transaction as the event (a rolled-back event
sends nothing) and sent by the background worker after the commit (``delivery.py``).
"""

from __future__ import annotations

import hashlib
import logging
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partnerwijzer import logsafety
from partnerwijzer.accounts.models import Organisation, User
from partnerwijzer.audit.services import audit_record
from partnerwijzer.outbox.compose import absolute_url
from partnerwijzer.outbox.models import Message, MessageState, Unsubscribe
from partnerwijzer.outbox.selectors import receives_reminders

logger = logging.getLogger(__name__)

SUBJECT_MAX_LENGTH = 300
UNSUBSCRIBE_SALT = "partnerwijzer.outbox.unsubscribe"


def queue_message(
    *,
    organisation: Organisation | None,
    to_email: str,
    language: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    idempotency_key: str,
    essential: bool = True,
    to_user: User | None = None,
) -> Message:
    """Store one message for the worker to send; a second call with the same key returns the first.

    ``subject`` and the bodies are already in the recipient's ``language`` (the caller renders
    them under ``translation.override``). A subject never carries a link, so never a token: one
    that holds a portal, invitation or password-reset path is refused (``ValueError``, a
    programming error). A non-essential message (a reminder) gets an unsubscribe link and is not
    sent (state ``suppressed``) to a person who unsubscribed. ``organisation`` is None only for the
    password-reset e-mail of a person in no organisation: no organisation's page lists it.
    """
    existing = Message.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    subject = " ".join(subject.split())  # one line: a header never holds a line break
    if logsafety.mask(subject) != subject:
        raise ValueError("A message subject must not contain a link with a token.")
    if len(subject) > SUBJECT_MAX_LENGTH:
        subject = subject[: SUBJECT_MAX_LENGTH - 1] + "…"
    to_email = to_email.strip().lower()
    if not essential:
        body_text, body_html = _with_unsubscribe_footer(to_email, language, body_text, body_html)
    state = MessageState.QUEUED if essential or receives_reminders(to_email) else MessageState.SUPPRESSED
    try:
        with transaction.atomic():  # a savepoint: a lost race leaves the caller's transaction usable
            message = Message.objects.create(
                organisation=organisation, to_email=to_email, to_user=to_user, language=language,
                subject=subject, body_text=body_text, body_html=body_html, state=state,
                idempotency_key=idempotency_key, message_id=message_id_for(idempotency_key),
                essential=essential,
            )
    except IntegrityError:
        # Another transaction queued the same event first (the unique key): that one stands.
        return Message.objects.get(idempotency_key=idempotency_key)
    audit_record(
        actor=None, organisation=organisation, action="message.queue", target=message,
        changes={"to": to_email, "essential": essential, "state": state},
    )
    if state == MessageState.QUEUED:
        _enqueue_after_commit(message)
    return message


@transaction.atomic
def message_retry(*, actor: User, message: Message) -> Message:
    """Send a failed message again (an owner's decision); it keeps its Message-ID."""
    updated = Message.objects.filter(pk=message.pk, state=MessageState.FAILED).update(
        state=MessageState.QUEUED, attempts=0, next_attempt_at=timezone.now(), claimed_at=None,
    )
    message.refresh_from_db()
    if updated:
        audit_record(actor=actor, organisation=message.organisation, action="message.retry", target=message,
                     changes={"to": message.to_email})
        _enqueue_after_commit(message)
    return message


@transaction.atomic
def reminders_set(*, email: str, receive: bool, actor: User | None = None) -> None:
    """Receive non-essential messages (reminders) at ``email`` or not. Essential ones always come."""
    email = email.strip().lower()
    if receive:
        deleted, _count = Unsubscribe.objects.filter(email=email).delete()
        changed = bool(deleted)
    else:
        changed = Unsubscribe.objects.get_or_create(email=email)[1]
    if changed:
        audit_record(actor=actor, organisation=None, action="message.reminders_on" if receive else
                     "message.reminders_off", changes={"email": email})


def message_id_for(idempotency_key: str) -> str:
    """The Message-ID header of the message for this event: the same on every (re)send.

    Its domain is the sender's (``DEFAULT_FROM_EMAIL``), not a DNS lookup of this host."""
    digest = hashlib.sha256(idempotency_key.encode("utf-8")).hexdigest()[:40]
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "partnerwijzer.invalid"
    return f"<{digest}@{domain}>"


def unsubscribe_token(email: str) -> str:
    return signing.dumps(email.strip().lower(), salt=UNSUBSCRIBE_SALT, compress=True)


def email_from_unsubscribe_token(token: str) -> str | None:
    try:
        value: Any = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, str) else None


def _with_unsubscribe_footer(email: str, language: str, text: str, html: str) -> tuple[str, str]:
    from django.utils.html import format_html

    link = absolute_url(reverse("outbox:unsubscribe", args=[unsubscribe_token(email)]))
    with translation.override(language):
        note = _("You receive this reminder because you take part in a selection on Partnerwijzer. "
                 "No more reminders:")
        text = f"{text.rstrip()}\n\n--\n{note} {link}\n"
        if html:
            html += format_html('<hr><p><small>{} <a href="{}">{}</a></small></p>', note, link, link)
    return text, html


def _enqueue_after_commit(message: Message) -> None:
    from partnerwijzer.outbox.tasks import enqueue_send

    # robust: a failed enqueue (the database busy) must not turn the user's action into an error;
    # the periodic run (outbox_tick) sends every due message whose task went missing.
    message_pk = str(message.pk)
    transaction.on_commit(lambda: enqueue_send(message_pk), robust=True)
