"""The `wsoa` command: Django's management commands, with the database migrated first."""

from __future__ import annotations

import os
import sys

NO_MIGRATE = {"migrate", "makemigrations", "help", "check", "showmigrations", "shell", "test"}


def main(argv: list[str] | None = None) -> None:
    """Run a wsoa command (`wsoa demo`, `wsoa import`, `wsoa export` …)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsoa.config.settings")
    import django
    from django.core.management import call_command, execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    django.setup()
    ensure_database()
    if args and args[0] not in NO_MIGRATE and not args[0].startswith("-"):
        call_command("migrate", interactive=False, verbosity=0)
    execute_from_command_line(["wsoa", *args])


def ensure_database() -> None:
    """Create the folder of the embedded SQLite database when it is missing."""
    from pathlib import Path

    from django.conf import settings

    name = settings.DATABASES["default"]["NAME"]
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") and name != ":memory:":
        Path(str(name)).parent.mkdir(parents=True, exist_ok=True)


if __name__ == "__main__":
    main()
