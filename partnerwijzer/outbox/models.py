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

import smtplib
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# ``last_error`` of a message whose worker was killed during the handover to the mail server
# (delivery.py); the older wording too, for messages marked before the phase was recorded.
INTERRUPTED = "Interrupted while handing it to the mail server: it may or may not have been delivered."
INTERRUPTED_BEFORE = "Interrupted while sending: it may or may not have been delivered."


class ErrorKind(models.TextChoices):
    """Why the last attempt failed, as a code the pages translate (``last_error`` keeps the masked
    technical text for the owners). :func:`error_kind_of` sorts an exception into one."""

    NONE = "", _("No error")
    INTERRUPTED = "interrupted", _("Interrupted during the handover")
    RECIPIENT_REFUSED = "recipient_refused", _("Recipient refused")
    SENDER_REFUSED = "sender_refused", _("Sender refused")
    LOGIN_REFUSED = "login_refused", _("Login refused")
    UNREACHABLE = "unreachable", _("Mail server unreachable")
    REJECTED = "rejected", _("Message refused")
    OTHER = "other", _("Other error")


# What each kind tells an owner on the outgoing messages page: what happened and what to do.
ERROR_EXPLANATIONS = {
    ErrorKind.INTERRUPTED: _("Interrupted while it was being handed to the mail server: it may or may not have "
                             "arrived. Check with the recipient before you send it again."),
    ErrorKind.RECIPIENT_REFUSED: _("The mail server refused the recipient's address. Check the address, "
                                   "then send it again."),
    ErrorKind.SENDER_REFUSED: _("The mail server refused the sender address of this installation. Ask your "
                                "administrator to check the mail settings, then send it again."),
    ErrorKind.LOGIN_REFUSED: _("The mail server did not accept the login of this installation. Ask your "
                               "administrator to check the mail settings, then send it again."),
    ErrorKind.UNREACHABLE: _("The mail server could not be reached. Send it again later."),
    ErrorKind.REJECTED: _("The mail server refused the message. Send it again later; if it is refused "
                          "again, ask your administrator."),
    ErrorKind.OTHER: _("Sending failed for a technical reason. Send it again; if it fails again, ask your "
                       "administrator."),
}


# Mail backends' errors by kind, the first match wins: ``smtplib``'s errors are ``OSError`` too, so
# they come before the plain ``OSError`` (a refused connection, a time-out, an unknown host).
_KINDS: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], ErrorKind], ...] = (
    (smtplib.SMTPRecipientsRefused, ErrorKind.RECIPIENT_REFUSED),
    (smtplib.SMTPSenderRefused, ErrorKind.SENDER_REFUSED),
    (smtplib.SMTPAuthenticationError, ErrorKind.LOGIN_REFUSED),
    ((smtplib.SMTPConnectError, smtplib.SMTPServerDisconnected), ErrorKind.UNREACHABLE),
    (smtplib.SMTPResponseException, ErrorKind.REJECTED),
    (smtplib.SMTPException, ErrorKind.OTHER),
    (OSError, ErrorKind.UNREACHABLE),
)


def error_kind_of(error: BaseException) -> ErrorKind:
    """The kind of a mail backend's error (:data:`_KINDS`); anything else is ``other``."""
    return next((kind for classes, kind in _KINDS if isinstance(error, classes)), ErrorKind.OTHER)


class MessageState(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Not sent")
    SUPPRESSED = "suppressed", _("Not sent: unsubscribed")


class Message(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # None only for the password-reset e-mail of a person in no organisation (nobody's page lists it).
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="outgoing_messages"
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
    # What kind of error that was, for the translated explanation (``ERROR_EXPLANATIONS``).
    error_kind = models.CharField(max_length=20, choices=ErrorKind.choices, blank=True, default="")
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
        return self.state == MessageState.FAILED and (
            self.error_kind == ErrorKind.INTERRUPTED or self.last_error in {INTERRUPTED, INTERRUPTED_BEFORE})

    @property
    def error_explanation(self) -> str:
        """Why the last attempt failed, in the reader's language; empty when nothing failed."""
        if self.interrupted_in_handover:
            return str(ERROR_EXPLANATIONS[ErrorKind.INTERRUPTED])
        if not self.error_kind and not self.last_error:
            return ""
        return str(ERROR_EXPLANATIONS.get(ErrorKind(self.error_kind or ErrorKind.OTHER),
                                          ERROR_EXPLANATIONS[ErrorKind.OTHER]))


class Unsubscribe(models.Model):
    """A person (by e-mail address) who receives no non-essential messages (reminders)."""

    email = models.EmailField(max_length=254, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.email
