"""Checks that run on a schedule and queue reminders (scores due, deadlines near).

The outbox is below the apps that know what is due, so they register their checks here in their
``AppConfig.ready`` (evaluation: scores due and overdue; portal: the deadline near). The periodic
run (``manage.py outbox_tick``: every few minutes in ``make run``, a timer in production; see
docs/messages.md) calls each one with today's date. A check queues messages with stable
idempotency keys (the event and the day it concerns), so running it twice sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Check = Callable[[dt.date], int]

CHECKS: dict[str, Check] = {}


def register(name: str, check: Check) -> None:
    """Register ``check(today) -> number of messages queued`` under ``name`` (again: replaced)."""
    CHECKS[name] = check


def run_checks(today: dt.date) -> dict[str, int]:
    """Run every registered check; returns how many messages each one queued."""
    return {name: check(today) for name, check in sorted(CHECKS.items())}
