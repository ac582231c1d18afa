"""Secrets never reach a log: every log record's message is masked when it is made.

A portal link (``/portal/<token>/``), an invitation link (``/invitations/<token>/``), a
reminder's unsubscribe link (``/messages/unsubscribe/<signed>/``) and a password-reset link
(``/accounts/reset/<uid>/<token>/``) carry their credential in the path;
Django's request logger ("Not Found: /portal/...") and gunicorn's access log would otherwise
write it out. :func:`install` wraps the process-wide log-record factory, so the masking covers
every logger and handler in the process (gunicorn's access log included: its workers load the
settings, which call :func:`install`, before they serve a request), not only handlers someone
remembered to configure.
"""

from __future__ import annotations

import logging
import re
from typing import Any

MASK = "***"

# The secret path segment follows a fixed prefix; a segment ends at '/', '?', '#', whitespace
# or a quote (gunicorn's request line is quoted).
_SEGMENT = r"[^/?#\s\"']+"
_PATTERNS = (
    re.compile(r"(/portal/)" + _SEGMENT),
    re.compile(r"(/invitations/)" + _SEGMENT),
    # The signed unsubscribe link of a reminder carries the person's address (outbox).
    re.compile(r"(/messages/unsubscribe/)" + _SEGMENT),
    # Django redirects the real token to the fixed word "set-password"; that one is harmless.
    re.compile(r"(/accounts/reset/" + _SEGMENT + r"/)(?!set-password\b)" + _SEGMENT),
)


def mask(text: str) -> str:
    """``text`` with every token in a portal, invitation or password-reset path replaced."""
    if "/" not in text:
        return text
    for pattern in _PATTERNS:
        text = pattern.sub(r"\1" + MASK, text)
    return text


def _masking_factory(previous: Any) -> Any:
    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record: logging.LogRecord = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:
            return record
        masked = mask(message)
        if masked != message:
            # The formatted message replaces format and arguments: nothing downstream can
            # rebuild the original text from the record.
            record.msg, record.args = masked, ()
        return record

    factory._partnerwijzer_masking = True  # type: ignore[attr-defined]
    return factory


def install() -> None:
    """Mask secrets in every log record made from now on in this process (idempotent)."""
    current = logging.getLogRecordFactory()
    if not getattr(current, "_partnerwijzer_masking", False):
        logging.setLogRecordFactory(_masking_factory(current))
