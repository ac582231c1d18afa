"""The mail backends of the outbox: SMTP that marks the handover, and the console of ``make run``.

:class:`SmtpEmailBackend` is Django's SMTP backend, plus one thing: just before the DATA command
(after connecting, TLS, login, MAIL FROM and RCPT TO) it calls the message's ``outbox_handover``
(set by ``delivery.deliver``), which records in the database that the handover began, or stops
the send when the worker's claim was released. A worker killed before that line is known not to
have handed the message over, so it is sent again automatically (docs/messages.md, "Guarantees").

The console backend of ``make run`` prints messages without secrets.

Django's console backend prints the whole MIME message to the server's output, where a portal or
invitation link would show its token (and base64 would hide it from any masking). This one prints
the headers people need and the plain-text body, with every token masked as in the logs
(``logsafety.mask``). The links themselves are on the pages that made them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.mail.backends import console, smtp

from partnerwijzer import logsafety


class ConsoleEmailBackend(console.EmailBackend):
    def write_message(self, message: Any) -> None:
        headers = message.extra_headers
        text = (
            f"From: {message.from_email}\nTo: {', '.join(message.to)}\nSubject: {message.subject}\n"
            f"Message-ID: {headers.get('Message-ID', '')}\n\n{message.body}"
        )
        self.stream.write(logsafety.mask(text).rstrip("\n") + "\n" + "-" * 79 + "\n")


class SmtpEmailBackend(smtp.EmailBackend):
    """Django's SMTP backend; the outbox's handover is marked just before DATA (see the module)."""

    marks_handover = True

    def _send(self, email_message: Any) -> bool:
        handover: Callable[[], None] | None = getattr(email_message, "outbox_handover", None)
        connection = self.connection
        if handover is None or connection is None:
            return bool(super()._send(email_message))  # type: ignore[misc]  # not in django-stubs
        data = connection.data

        def data_after_handover(msg: Any) -> Any:
            handover()  # raises ClaimLost: nothing is handed over, the connection is closed with QUIT
            return data(msg)

        setattr(connection, "data", data_after_handover)  # noqa: B010 (smtplib's sendmail calls self.data)
        try:
            return bool(super()._send(email_message))  # type: ignore[misc]  # not in django-stubs
        finally:
            delattr(connection, "data")
