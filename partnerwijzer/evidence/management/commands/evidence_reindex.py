"""``python manage.py evidence_reindex``: read and index every firm's latest submission again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from partnerwijzer.evidence import search
from partnerwijzer.evidence.services import reindex_all


class Command(BaseCommand):
    help = "Read and index the submitted portal answers and files of every firm again (evidence search)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rebuild", action="store_true",
                            help="Also rebuild SQLite's full-text table from the stored passages first.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["rebuild"]:
            search.rebuild()
        links, passages = reindex_all()
        ok = "ok" if search.integrity_ok() else "FAILED"
        self.stdout.write(f"Indexed {links} submissions into {passages} passages; index check: {ok}.")
