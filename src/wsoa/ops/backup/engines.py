"""Copying the database out and back in: pg_dump/pg_restore for PostgreSQL, SQLite's backup API.

A PostgreSQL dump is made in a read-only transaction whose snapshot pg_dump shares, so the rows
counted for the manifest are exactly the rows dumped, however busy the service is meanwhile.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from wsoa.ops.backup.contents import table_names
from wsoa.ops.backup.manifest import BackupError

DUMP = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
Measure = Callable[[Any, str], Any]


def engine() -> str:
    """The default database's engine: "postgresql" or "sqlite" (others are not supported)."""
    if connection.vendor not in DUMP:
        raise BackupError(f"wsoa backs up PostgreSQL and SQLite, not {connection.vendor}.")
    return str(connection.vendor)


def describe() -> str:
    """Name the default database for messages: its name and host, never its password."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"SQLite, {settings['NAME']}"
    return f"PostgreSQL, {settings['NAME']} on {settings['HOST'] or 'localhost'}"


def dump(target: Path, measure: Measure) -> Any:
    """Copy the default database to `target`; return `measure(cursor, engine)` of the copy."""
    if engine() == "sqlite":
        _sqlite_copy(str(connection.settings_dict["NAME"]), target)
        with closing(sqlite3.connect(target)) as copy:
            return measure(copy.cursor(), "sqlite")
    if connection.in_atomic_block:
        raise BackupError("A backup cannot run inside another transaction.")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run("pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}")
        return measure(cursor, "postgresql")


def tables_in_target() -> int:
    """The number of tables the default database already has."""
    if engine() == "sqlite":
        name = Path(str(connection.settings_dict["NAME"]))
        if not name.exists() or name.stat().st_size == 0:
            return 0
    with connection.cursor() as cursor:
        return len(table_names(cursor, engine()))


def load(source: Path) -> None:
    """Restore the copy at `source` into the default database, all or nothing."""
    if engine() == "sqlite":
        connection.close()
        _sqlite_copy(str(source), Path(str(connection.settings_dict["NAME"])))
        return
    connection.close()
    _run(
        "pg_restore", "--single-transaction", "--exit-on-error", "--no-owner",
        "--no-privileges", f"--dbname={connection.settings_dict['NAME']}", str(source),
    )  # fmt: skip


def measure_target(measure: Measure) -> Any:
    """Return `measure(cursor, engine)` of the default database."""
    if engine() == "sqlite":
        with closing(sqlite3.connect(str(connection.settings_dict["NAME"]))) as restored:
            return measure(restored.cursor(), "sqlite")
    with connection.cursor() as cursor:
        return measure(cursor, "postgresql")


def _sqlite_copy(source: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def _run(program: str, *args: str) -> None:
    """Run a PostgreSQL client program against the default database (password in its env)."""
    if shutil.which(program) is None:
        raise BackupError(f"{program} is not installed: install PostgreSQL's client programs.")
    done = subprocess.run(
        [program, *args], env=_pg_env(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{program} failed: {done.stderr.strip() or done.returncode}")


def _pg_env() -> dict[str, str]:
    settings = connection.settings_dict
    env = {**os.environ, "PGDATABASE": str(settings["NAME"])}
    given = {
        "PGHOST": settings.get("HOST"),
        "PGPORT": settings.get("PORT"),
        "PGUSER": settings.get("USER"),
        "PGPASSWORD": settings.get("PASSWORD"),
        "PGSSLMODE": (settings.get("OPTIONS") or {}).get("sslmode"),
    }
    env.update({key: str(value) for key, value in given.items() if value})
    return env
