"""``python manage.py check_reference``: validate the reference data and print a summary."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from partnerwijzer.knowledge.loader import DATA_DIR, ReferenceDataError, load_reference
from partnerwijzer.knowledge.topics import load_topics, topic_modules


class Command(BaseCommand):
    help = "Validate the reference data files (schema, three languages, sources) and summarise them."
    # The data check stands alone: it must not depend on URL or model checks of other apps.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
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
