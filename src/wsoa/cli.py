"""The `wsoa` command: Django's management commands, refusing to run on a database that is behind.

Only `wsoa migrate` and `wsoa demo` migrate the database. Every other command that uses it
stops with a clear message when migrations are waiting, so cron's `remind` and each `worker`
or `beat` never change the schema under the app servers.
"""

from __future__ import annotations

import os
import sys

MIGRATES_FIRST = {"demo"}  # `migrate` migrates by itself
# Commands that run without the database, or look at its migrations themselves.
NO_DATABASE = {
    "backup",  # also before `wsoa migrate`, when a backup matters most
    "build_assets",
    "check",
    "collectstatic",
    "dbshell",
    "diffsettings",
    "findings",
    "findstatic",
    "help",
    "makemigrations",
    "migrate",
    "optimizemigration",
    "restore",  # into an empty database, which has no migrations yet
    "sendtestemail",
    "shell",
    "showmigrations",
    "sqlmigrate",
    "squashmigrations",
    "startapp",
    "startproject",
    "test",
    "version",
}
BEHIND = "The database needs migrating: run `wsoa migrate` first."


def before(args: list[str]) -> str:
    """What to do before the command in `args`: "migrate", "check" (refuse if behind) or ""."""
    if not args or args[0].startswith("-"):
        return ""  # `wsoa`, `wsoa --help`, `wsoa --version`
    command = args[0]
    if command in MIGRATES_FIRST:
        return "migrate"
    if command in NO_DATABASE:
        return ""
    from django.core.management import get_commands

    # An unknown name is left for Django to report.
    return "check" if command in get_commands() else ""


def main(argv: list[str] | None = None) -> None:
    """Run a wsoa command (`wsoa demo`, `wsoa import`, `wsoa export` …)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsoa.config.settings")
    import django
    from django.core.management import call_command, execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    django.setup()
    ensure_database()
    step = before(args)
    if step == "migrate":
        call_command("migrate", interactive=False, verbosity=0)
    elif step == "check" and database_is_behind():
        sys.stderr.write(BEHIND + "\n")
        sys.exit(1)
    execute_from_command_line(["wsoa", *args])


def database_is_behind() -> bool:
    """Whether any migration is waiting to be applied to the default database."""
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def ensure_database() -> None:
    """Create the folder of the embedded SQLite database when it is missing."""
    from pathlib import Path

    from django.conf import settings

    name = settings.DATABASES["default"]["NAME"]
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") and name != ":memory:":
        Path(str(name)).parent.mkdir(parents=True, exist_ok=True)


if __name__ == "__main__":
    main()
