"""Mail backends for the outbox tests: one that records, and ones that fail or "kill" the worker."""

from __future__ import annotations

from smtplib import SMTPRecipientsRefused, SMTPServerDisconnected
from typing import Any, ClassVar

from django.core.mail.backends.base import BaseEmailBackend

# What the "mail server" accepted, in order: (Message-ID, recipient, subject, text body).
DELIVERED: list[tuple[str, str, str, str]] = []


class WorkerKilled(BaseException):
    """The process ends here (SIGKILL, power cut): nothing after this line runs."""


def _record(message: Any) -> None:
    DELIVERED.append((message.extra_headers["Message-ID"], message.to[0], message.subject, message.body))


class Recording(BaseEmailBackend):
    def send_messages(self, email_messages: Any) -> int:
        for message in email_messages:
            _record(message)
        return len(email_messages)


class KilledAfterHandoff(BaseEmailBackend):
    """Accepts messages; right after accepting the ``kill_at``-th one the worker dies (the worst moment:
    the mail server has it, the database does not know). Marks the handover itself, as the SMTP one does."""

    marks_handover = True
    kill_at: ClassVar[int] = 3
    count: ClassVar[int] = 0

    def send_messages(self, email_messages: Any) -> int:
        for message in email_messages:
            message.outbox_handover()
            _record(message)
            type(self).count += 1
            if type(self).count == self.kill_at:
                raise WorkerKilled
        return len(email_messages)


class KilledBeforeHandoff(BaseEmailBackend):
    """The worker dies while connecting for the ``kill_at``-th message: claimed, never handed over."""

    marks_handover = True
    kill_at: ClassVar[int] = 3
    count: ClassVar[int] = 0

    def send_messages(self, email_messages: Any) -> int:
        for message in email_messages:
            type(self).count += 1
            if type(self).count == self.kill_at:
                raise WorkerKilled
            message.outbox_handover()
            _record(message)
        return len(email_messages)


class SlowThenReleased(BaseEmailBackend):
    """A worker so slow to connect that its claim was taken for dead and released before its handover."""

    marks_handover = True

    def send_messages(self, email_messages: Any) -> int:
        from datetime import timedelta

        from django.utils import timezone

        from partnerwijzer.outbox import delivery

        delivery.release_interrupted(now=timezone.now() + delivery.SENDING_LEASE + timedelta(seconds=1))
        for message in email_messages:
            message.outbox_handover()  # raises ClaimLost: nothing handed over
            _record(message)
        return len(email_messages)


class Refusing(BaseEmailBackend):
    """The mail server is down; its error text quotes a link (it must not reach the stored error)."""

    def send_messages(self, email_messages: Any) -> int:
        raise SMTPServerDisconnected("lost connection while sending http://x/portal/SECRET-TOKEN-123/")


class RecipientRefused(BaseEmailBackend):
    """The mail server refuses the recipient's address (SMTP 550)."""

    def send_messages(self, email_messages: Any) -> int:
        raise SMTPRecipientsRefused({"firm@example.com": (550, b"5.1.1 No such user here")})


def use(settings: Any, backend: str) -> None:
    settings.MAILERS = {"default": {"BACKEND": f"partnerwijzer.outbox.tests.backends.{backend}"}}
