"""``python manage.py api_token <email> [--name NAME] [--expires-days N]``: issue a personal token."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from partnerwijzer.accounts.models import User
from partnerwijzer.api.services import api_token_create


class Command(BaseCommand):
    help = "Create a personal API token for a user and print it once. Only its hash is stored."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="E-mail address of an existing user.")
        parser.add_argument("--name", default="Command line", help="A label to recognise the token by.")
        parser.add_argument(
            "--expires-days", type=int, default=None, metavar="N",
            help="Let the token expire after N days (default: it does not expire).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email: str = options["email"].strip()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No user with the e-mail address {email!r}. Check the spelling or sign up first.")
        if not user.is_active:
            raise CommandError(f"The account {user.email} is switched off; a token for it would not work.")
        days: int | None = options["expires_days"]
        if days is not None and days < 1:
            raise CommandError("--expires-days must be at least 1.")
        expires_at = timezone.now() + timedelta(days=days) if days else None
        try:
            token, plaintext = api_token_create(user=user, name=options["name"], expires_at=expires_at)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        # The token alone on stdout, so scripts can capture it; the explanation goes to stderr.
        self.stdout.write(plaintext)
        self.stderr.write(
            f"Created API token {token.name!r} ({token.display_prefix}…) for {user.email}. "
            "It is shown only now: store it somewhere safe. "
            "Send it as 'Authorization: Bearer <token>'."
        )
