from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from partnerwijzer.demo import DEMO_OWNER_EMAIL, DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = "Load the demo organisation (idempotent: existing data is kept) and print the demo login."

    def handle(self, *args: Any, **options: Any) -> None:
        result = demo_seed()
        state = "created" if result.created else "already present, kept as it is"
        self.stdout.write(f"Demo organisation '{result.organisation.name}': {state}.")
        self.stdout.write(self.style.SUCCESS(f"Demo login: {DEMO_OWNER_EMAIL} / {DEMO_PASSWORD}"))
