"""Checks that run on a schedule and queue reminders (scores due, deadlines near), and upkeep jobs.

The outbox is below the apps that know what is due, so they register their checks here in their
``AppConfig.ready`` (evaluation: scores due and overdue; portal: the deadline near). The periodic
run (``manage.py outbox_tick``: every few minutes in ``make run``, a timer in production; see
docs/messages.md) calls each one with today's date. A check queues messages with stable
idempotency keys (the event and the day it concerns), so running it twice sends nothing twice.

Beside the reminders, a second registry holds **upkeep jobs**: work on stored, derived data that
would otherwise fall on a user's request (advisers: the portfolio's stored rows of a new day).
They queue no messages; each returns how many rows it brought up to date, and must be idempotent
(a second run the same day does nothing) and cheap when nothing is out of date.
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


Job = Callable[[dt.date], int]

UPKEEP: dict[str, Job] = {}


def register_upkeep(name: str, job: Job) -> None:
    """Register ``job(today) -> number of rows brought up to date`` under ``name`` (again: replaced)."""
    UPKEEP[name] = job


def run_upkeep(today: dt.date) -> dict[str, int]:
    """Run every registered upkeep job; returns how many rows each one brought up to date."""
    return {name: job(today) for name, job in sorted(UPKEEP.items())}
