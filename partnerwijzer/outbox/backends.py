"""The console mail backend of ``make run``, without secrets.

Django's console backend prints the whole MIME message to the server's output, where a portal or
invitation link would show its token (and base64 would hide it from any masking). This one prints
the headers people need and the plain-text body, with every token masked as in the logs
(``logsafety.mask``). The links themselves are on the pages that made them.
"""

from __future__ import annotations

from typing import Any

from django.core.mail.backends import console

from partnerwijzer import logsafety


class ConsoleEmailBackend(console.EmailBackend):
    def write_message(self, message: Any) -> None:
        headers = message.extra_headers
        text = (
            f"From: {message.from_email}\nTo: {', '.join(message.to)}\nSubject: {message.subject}\n"
            f"Message-ID: {headers.get('Message-ID', '')}\n\n{message.body}"
        )
        self.stream.write(logsafety.mask(text).rstrip("\n") + "\n" + "-" * 79 + "\n")
