"""Outgoing messages (e-mail): stored first, sent by the background worker (docs/messages.md).

A :class:`Message` is written in the same transaction as the event that causes it and sent
afterwards by the worker, so a user action never waits for the mail server and an outage loses
nothing. Its ``idempotency_key`` is unique: one event makes at most one message.

States: ``queued`` (waiting for its next attempt), ``sending`` (claimed by one worker, which
hands it to the mail backend; ``handover_at`` marks the moment the handover began), ``sent``,
``failed`` (given up after the last retry, or the send was interrupted during the handover: an
owner decides whether to send it again), ``suppressed`` (not sent: the
recipient unsubscribed from non-essential messages).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# ``last_error`` of a message whose worker was killed during the handover to the mail server
# (delivery.py); the older wording too, for messages marked before the phase was recorded.
INTERRUPTED = "Interrupted while handing it to the mail server: it may or may not have been delivered."
INTERRUPTED_BEFORE = "Interrupted while sending: it may or may not have been delivered."


class MessageState(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Not sent")
    SUPPRESSED = "suppressed", _("Not sent: unsubscribed")


class Message(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="outgoing_messages"
    )
    to_email = models.EmailField(_("recipient"), max_length=254)
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True, default="")
    state = models.CharField(_("state"), max_length=12, choices=MessageState.choices, default=MessageState.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # When the current claim (state "sending") started; a claim older than the lease was interrupted.
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Who holds the current claim: a fresh token per claim (the handover is marked only while the
    # token still holds, so a released claim can never be sent by the worker that lost it), and the
    # host and process id of that worker (a restarted worker on the same host releases a dead one's claim).
    claim_token = models.CharField(max_length=40, blank=True, default="")
    claimed_by = models.CharField(max_length=120, blank=True, default="")
    # Set just before the mail backend starts handing the message over (SMTP: before DATA). A claim
    # interrupted with it empty was never handed over and is sent again automatically; with it set,
    # the mail server may have the message and an owner decides (docs/messages.md, "Guarantees").
    handover_at = models.DateTimeField(null=True, blank=True)
    # The error class and a masked, shortened text: never a token, never the body.
    last_error = models.CharField(max_length=500, blank=True, default="")
    idempotency_key = models.CharField(max_length=200, unique=True)
    # The Message-ID header, fixed when the message is queued, so a manual resend carries the same one.
    message_id = models.CharField(max_length=200)
    essential = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organisation", "-created_at"], name="outbox_org_time"),
            models.Index(fields=["state", "next_attempt_at"], name="outbox_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=MessageState.values), name="outbox_message_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.to_email}: {self.subject}"

    @property
    def interrupted_in_handover(self) -> bool:
        """Failed because the worker died while handing it over: it may have arrived (an owner checks)."""
        return self.state == MessageState.FAILED and self.last_error in {INTERRUPTED, INTERRUPTED_BEFORE}


class Unsubscribe(models.Model):
    """A person (by e-mail address) who receives no non-essential messages (reminders)."""

    email = models.EmailField(max_length=254, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.email
