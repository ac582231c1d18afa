"""``python manage.py evidence_recall``: recall@k of the criterion queries on the labelled set."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerwijzer.accounts.models import Organisation
from partnerwijzer.evidence.recall import load_labels, measure


class Command(BaseCommand):
    help = "Recall@k of the evidence passages beside each criterion on the demo's labelled passages."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--k", type=int, action="append",
                            help="Passages shown per criterion (repeatable); default the set's own k.")
        parser.add_argument("--organisation", default="",
                            help="Organisation name; default the newest one with the labelled firms (the demo).")

    def handle(self, *args: Any, **options: Any) -> None:
        provenance, default_k, labels = load_labels()
        organisations = Organisation.objects.all()
        if options["organisation"]:
            organisations = organisations.filter(name=options["organisation"])
        else:
            organisations = organisations.filter(selections__candidates__name=labels[0].firm)
        organisation = organisations.order_by("-created_at").first()
        if organisation is None:
            raise CommandError("No organisation with the labelled firms: load the demo first (make setup).")
        self.stdout.write(f"{len(labels)} labels ({provenance}); database: {_vendor()}")
        for k in options["k"] or [default_k]:
            report = measure(organisation, k=k)
            parts = ", ".join(f"{kind} {found}/{total}" for kind, (found, total) in sorted(report.by_kind.items()))
            self.stdout.write(f"recall@{k} = {report.found}/{report.labels} = {report.recall:.2f} ({parts})")
            for label in report.missed:
                self.stdout.write(f"  missed: {label.firm} · {label.source} · {label.criterion} · {label.quote!r}")


def _vendor() -> str:
    from django.db import connection

    return connection.vendor
