"""`wsoa restore SRC`: a backup into an empty database and store, checked figure by figure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wsoa.ops.backup.manifest import BackupError
from wsoa.ops.backup.services import Refused, plural, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `wsoa backup` into an empty database (DATABASE_URL) and file "
        "store, then check every table's row count and every file's and pack's checksum. A "
        "database that has tables is refused, with nothing changed (exit status 2)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("src", type=Path, help="The folder `wsoa backup` wrote.")

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["src"]
        try:
            done = restore_backup(source)
        except Refused as error:
            raise CommandError(str(error), returncode=2) from error
        except BackupError as error:
            raise CommandError(f"The restore failed: {error}", returncode=1) from error
        if done.problems:
            listed = "\n".join(f"- {problem}" for problem in done.problems)
            raise CommandError(
                f"Restored, but the result differs from the backup:\n{listed}", returncode=1
            )
        self.stdout.write(
            f"Restored {done.describe()} from {source} in {done.seconds:.1f} s. "
            "Every row count and checksum matches the backup."
        )
        if done.migrations_behind:
            self.stdout.write(
                f"The backup is {plural(done.migrations_behind, 'migration')} behind this wsoa: "
                "run `wsoa migrate` before starting the service."
            )
