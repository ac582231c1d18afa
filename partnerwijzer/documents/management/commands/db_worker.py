"""``manage.py db_worker``: django-tasks-db's worker, made to survive a busy or unreachable database.

The library's worker ignores "database is locked" only while it looks for a task; the same error
anywhere else in its loop (starting the exclusive transaction, checking connections, recording a
result) ends the process, and with it document generation. This command keeps the library's
options and loop and wraps the loop: on a database error it logs, closes the connections, waits
(1 s, doubling up to 30 s) and starts the loop again. INSTALLED_APPS lists ``partnerwijzer.documents``
before ``django_tasks_db``, so this command takes the library's name.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

from django.core.management.base import CommandError
from django.db import InterfaceError, OperationalError, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker as library

logger = logging.getLogger("django_tasks_db")

FIRST_DELAY_SECONDS = 1.0
MAX_DELAY_SECONDS = 30.0


class ResilientWorker(library.Worker):
    def run(self) -> None:
        delay = FIRST_DELAY_SECONDS
        while self.running:
            try:
                super().run()
                return
            except (OperationalError, InterfaceError) as exc:
                logger.warning("The database is not available (%s); the worker tries again in %.0f s.", exc, delay)
                connections.close_all()
                time.sleep(delay)
                delay = min(delay * 2, MAX_DELAY_SECONDS)


class Command(library.Command):
    help = library.Command.help

    def handle(self, *, verbosity: int, **options: Any) -> None:
        # As the library's handle(), with ResilientWorker in place of its Worker.
        self.configure_logging(verbosity)
        reload, batch = options["reload"], options["batch"]
        if reload and batch:
            logger.warning("Warning: --reload and --batch cannot be specified together. Disabling autoreload.")
            reload = False
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names, interval=options["interval"], batch=batch,
            backend_name=options["backend_name"], startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"], worker_id=options["worker_id"], excluded_queue_names=excluded,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
