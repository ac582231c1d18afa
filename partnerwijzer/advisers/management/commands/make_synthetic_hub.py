"""``manage.py make_synthetic_hub --clients 2000 --seed 1``: a synthetic hub for tests and benchmarks."""

from __future__ import annotations

import os
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerwijzer.advisers.synthetic import MAX_CLIENTS, synthetic_hub_create

PASSWORD_VARIABLE = "SYNTHETIC_HUB_PASSWORD"  # noqa: S105 - the name of a variable, not a password


class Command(BaseCommand):
    help = (
        "Create a synthetic adviser organisation (a hub) with N client companies, each with consented access, "
        "use cases, readiness, selections, scores, quotes, some contracts and measurements (docs/advisers.md). "
        "Refuses when the database already holds organisations, unless --add; never changes or deletes data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clients", type=int, default=2000, help=f"client companies (1-{MAX_CLIENTS}; 2000)")
        parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same names and values")
        parser.add_argument("--add", action="store_true",
                            help="add the hub even though the database holds organisations (only adds)")
        parser.add_argument("--adviser-email", default=None,
                            help="the hub's adviser login (default adviser@hub-SEED.synthetic.example)")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        # The password comes from the environment, never the command line (it would show in `ps`).
        password = os.environ.get(PASSWORD_VARIABLE) or None
        try:
            hub = synthetic_hub_create(clients=options["clients"], seed=options["seed"], add=options["add"],
                                       adviser_email=options["adviser_email"], adviser_password=password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        rows = sum(hub.counts.values())
        self.stdout.write(f"Hub '{hub.adviser.name}': {len(hub.clients)} clients, {rows} rows "
                          f"in {time.monotonic() - started:.1f} s.")
        login = "the password in " + PASSWORD_VARIABLE if password else f"no password (set {PASSWORD_VARIABLE})"
        self.stdout.write(self.style.SUCCESS(f"Adviser login: {hub.adviser_user.email} with {login}"))
