"""``python manage.py check_reference``: validate the reference data and print a summary."""

import datetime as dt
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from partnerwijzer import clock
from partnerwijzer.knowledge.loader import DATA_DIR, ReferenceDataError, load_reference
from partnerwijzer.knowledge.topics import load_topics, topic_modules


class Command(BaseCommand):
    help = "Validate the reference data files (schema, three languages, sources) and summarise them."
    # The data check stands alone: it must not depend on URL or model checks of other apps.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="The day to judge verify_by dates against (YYYY-MM-DD; default: today).",
        )
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help=f"Directory with the YAML files to check (default: {DATA_DIR}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir: Path | None = options["data_dir"]
        try:
            ref = load_reference(data_dir)
        except ReferenceDataError as exc:
            raise CommandError(str(exc)) from exc
        selection = len(ref.selection_criteria)
        figures = sum(1 for _ in ref.all_figures())
        self.stdout.write(
            self.style.SUCCESS(
                f"Reference data OK: {len(ref.criteria)} criteria ({selection} selection criteria + price), "
                f"{len(ref.implementation_models)} implementation models, "
                f"{len(ref.provider_types)} provider types, "
                f"{len(ref.sourcing_channels)} sourcing channels, "
                f"{len(ref.department_budget)} departments, "
                f"{len(ref.sources)} source{'s' if len(ref.sources) != 1 else ''}, "
                f"{figures} figures (version {ref.version})"
            )
        )
        for name, version in ref.versions.items():
            self.stdout.write(f"  {name}: {version}")
        if data_dir is None:  # topic files are checked in the package's own data directory
            try:
                topics = load_topics()
            except ReferenceDataError as exc:
                raise CommandError(str(exc)) from exc
            for module in topic_modules():
                name = module.__name__.rsplit(".", 1)[1]
                self.stdout.write(f"  {name}: {module.summary(topics[name])}")
            today = options["today"] or clock.today()
            stale = stale_facts(topics, today)
            if stale:
                self.stdout.write(self.style.WARNING(
                    f"{len(stale)} fact{'s' if len(stale) != 1 else ''} past verify_by on {today.isoformat()} "
                    "(check them against their source again):"))
                for line in stale:
                    self.stdout.write(f"  - {line}")
            else:
                self.stdout.write(f"No fact is past its verify_by date on {today.isoformat()}.")


def stale_facts(topics: dict[str, Any], today: dt.date) -> list[str]:
    """Facts whose ``verify_by`` lies before ``today``: funding programmes, AI Act dates and
    references, GDPR references (national DPIA lists, § 38 BDSG), each as
    ``file: key (verify_by ..., last verified ...)``."""
    lines: list[str] = []
    for item in topics["funding"].items:
        if item.stale_on(today):
            lines.append(f"funding.yaml: {item.key} (verify_by {item.verify_by}, last verified {item.verified_on})")
    tree = topics["ai_act"]
    for rule in tree.dates:
        if rule.verify_by < today:
            lines.append(f"ai_act.yaml: dates.{rule.key} (verify_by {rule.verify_by}, last verified {rule.checked_on})")
    for name, questions in (("ai_act.yaml", tree), ("gdpr.yaml", topics["gdpr"])):
        for ref in questions.refs:
            if ref.verify_by is not None and ref.verify_by < today:
                lines.append(f"{name}: refs.{ref.key} (verify_by {ref.verify_by}, last verified {ref.checked_on})")
    return lines
