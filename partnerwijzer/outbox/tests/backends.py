"""Mail backends for the outbox tests: one that records, and ones that fail or "kill" the worker."""

from __future__ import annotations

from smtplib import SMTPServerDisconnected
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
    the mail server has it, the database does not know)."""

    kill_at: ClassVar[int] = 3
    count: ClassVar[int] = 0

    def send_messages(self, email_messages: Any) -> int:
        for message in email_messages:
            _record(message)
            type(self).count += 1
            if type(self).count == self.kill_at:
                raise WorkerKilled
        return len(email_messages)


class KilledBeforeHandoff(BaseEmailBackend):
    """The worker dies while connecting for the ``kill_at``-th message: claimed, never handed over."""

    kill_at: ClassVar[int] = 3
    count: ClassVar[int] = 0

    def send_messages(self, email_messages: Any) -> int:
        for message in email_messages:
            type(self).count += 1
            if type(self).count == self.kill_at:
                raise WorkerKilled
            _record(message)
        return len(email_messages)


class Refusing(BaseEmailBackend):
    """The mail server is down; its error text quotes a link (it must not reach the stored error)."""

    def send_messages(self, email_messages: Any) -> int:
        raise SMTPServerDisconnected("lost connection while sending http://x/portal/SECRET-TOKEN-123/")


def use(settings: Any, backend: str) -> None:
    settings.MAILERS = {"default": {"BACKEND": f"partnerwijzer.outbox.tests.backends.{backend}"}}
