"""`wsoa backup DEST`: the database, the stored files and a manifest, into a new folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wsoa.ops.backup.manifest import BackupError
from wsoa.ops.backup.services import make_backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, or SQLite's backup API) and every stored file into a "
        "new folder DEST, with a manifest of row counts and checksums. Safe while the service runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "dest", type=Path, help="A folder that does not exist yet, or is empty."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dest: Path = options["dest"]
        try:
            done = make_backup(dest)
        except BackupError as error:
            raise CommandError(f"{error} No backup was written.", returncode=2) from error
        self.stdout.write(f"Backed up {done.describe()} to {dest} in {done.seconds:.1f} s.")
