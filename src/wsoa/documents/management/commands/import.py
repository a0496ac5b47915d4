"""`wsoa import FILE --area NAME`: write one plan from a document; the last line is its id."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wsoa.documents.importers.registry import IMPORTERS
from wsoa.documents.importing import PlanFileError, import_plan


class Command(BaseCommand):
    help = "Import a plan into a local area. It reads: " + "; or ".join(
        importer.description for importer in IMPORTERS.values()
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--area", required=True, help="The local area's name (created if new).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = import_plan(path=options["file"], area_name=options["area"])
        except PlanFileError as error:
            raise CommandError(f"{options['file']}: {error}. Nothing was imported.") from error
        for line in result.summary:
            self.stdout.write(line)
        for warning in result.warnings:
            self.stdout.write(f"warning: {warning}")
        self.stdout.write(str(result.plan.pk))
