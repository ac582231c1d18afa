"""``manage.py outbox_tick [--loop SECONDS]``: the outbox's periodic run.

One run: release the claims of a stopped worker (a send interrupted before the handover to the
mail server is queued again, one interrupted during it goes to an owner's decision; delivery.py), run the registered
reminder checks (scores due, deadlines near; ``periodic.py``) for today's date, send every
message that is due (retries, and any whose task went missing), then run the registered upkeep
jobs for today (the advisers' portfolio rows of a new day, so no adviser's first request of the
day computes them). ``make run`` starts it with
``--loop 300``; production runs it from a timer (docs/messages.md).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import InterfaceError, OperationalError, connections

from partnerwijzer import clock
from partnerwijzer.outbox import delivery, periodic

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Queue due reminders, send due messages and run the upkeep jobs (once, or every --loop seconds)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", type=int, default=0, metavar="SECONDS",
                            help="Run again every SECONDS seconds until stopped (default: run once).")

    def handle(self, *args: Any, loop: int = 0, **options: Any) -> None:
        while True:
            try:
                self.tick(verbosity=options.get("verbosity", 1))
            except (OperationalError, InterfaceError) as exc:
                if not loop:
                    raise
                logger.warning("The database is not available (%s); the next run tries again.", exc)
                connections.close_all()
            if not loop:
                return
            time.sleep(loop)

    def tick(self, *, verbosity: int) -> None:
        interrupted = delivery.release_interrupted()
        queued = periodic.run_checks(clock.today())
        sent = delivery.send_due()
        # After the messages: a slow upkeep job (every portfolio row of a new day) never delays a send.
        upkept = periodic.run_upkeep(clock.today())
        if verbosity >= 1:
            checks = ", ".join(f"{name} {count}" for name, count in queued.items()) or "none"
            jobs = ", ".join(f"{name} {count}" for name, count in upkept.items()) or "none"
            self.stdout.write(f"Reminders queued: {checks}. Messages sent: {sent}. Interrupted sends released: "
                              f"{interrupted}. Rows brought up to date: {jobs}.")
