"""Make a backup of the service, and restore one into an empty database, checking every figure."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from wsoa.ops.backup import contents, engines, files
from wsoa.ops.backup.manifest import FILES, BackupError, Manifest, sha256_of_file


class Refused(BackupError):
    """A restore refused before anything was changed."""


@dataclass
class Summary:
    tables: int
    rows: int
    files: int
    snapshots: int
    seconds: float
    problems: list[str] = field(default_factory=list)
    migrations_behind: int = 0

    def describe(self) -> str:
        return (
            f"{plural(self.rows, 'row')} in {plural(self.tables, 'table')}, "
            f"{plural(self.files, 'file')} and {plural(self.snapshots, 'board pack snapshot')}"
        )


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def make_backup(dest: Path) -> Summary:
    """Copy the database, then the stored files, then write the manifest; all into `dest`."""
    started = time.monotonic()
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BackupError(f"{dest} already exists and is not empty: name a new folder.")
    work = dest.with_name(dest.name + ".incomplete")
    shutil.rmtree(work, ignore_errors=True)  # what a backup that stopped part-way left
    work.mkdir(parents=True)
    engine = engines.engine()
    database = work / engines.DUMP[engine]
    measured = engines.dump(database, _measure)
    manifest = Manifest(
        engine=engine,
        database_file=database.name,
        database_sha256=sha256_of_file(database),
        app_version=_app_version(),
        made_at=timezone.now().isoformat(),
        **measured,
        files=files.copy_out(work / FILES),
    )
    manifest.write(work)
    if dest.exists():
        dest.rmdir()
    work.rename(dest)
    return _summary(manifest, started)


def restore_backup(source: Path) -> Summary:
    """Restore the backup in `source` into the empty default database and storage, then verify.

    Everything is checked before anything is written; raise Refused, with nothing changed, if
    the backup is damaged or the database or storage already holds data.
    """
    started = time.monotonic()
    manifest = check_backup(source)
    check_target(manifest)
    stored = files.copy_in(source / FILES, sorted(manifest.files))
    try:
        engines.load(source / manifest.database_file)
    except BaseException:
        files.remove(stored)
        raise
    summary = _summary(manifest, started)
    summary.problems = verify(manifest)
    summary.migrations_behind = len(_unapplied(manifest))
    return summary


def check_backup(source: Path) -> Manifest:
    """Read the manifest and check every checksum in the backup; raise Refused if any differ."""
    try:
        manifest = Manifest.read(source)
    except BackupError as error:
        raise Refused(str(error)) from error
    if manifest.engine != engines.engine():
        raise Refused(
            f"This backup is of a {manifest.engine} database; the database here is "
            f"{engines.describe()}. "
            "Restore it into the same kind of database."
        )
    database = source / manifest.database_file
    if not database.is_file() or sha256_of_file(database) != manifest.database_sha256:
        raise Refused(f"{database} is missing or damaged: its checksum is not the manifest's.")
    for name, expected in sorted(manifest.files.items()):
        path = source / FILES / name
        if not path.is_file() or sha256_of_file(path) != expected["sha256"]:
            raise Refused(f"The backup's file {name} is missing or damaged.")
    unknown = [f"{app}.{name}" for app, name in manifest.migrations if (app, name) not in _known()]
    if unknown:
        raise Refused(
            f"The backup was made by a newer wsoa ({manifest.app_version}): it has migrations "
            f"this one does not know ({', '.join(unknown[:3])}). Restore it with that version."
        )
    return manifest


def check_target(manifest: Manifest) -> None:
    """Refuse a database that has tables, or a store that holds any of the backup's files."""
    tables = engines.tables_in_target()
    if tables:
        raise Refused(
            f"The database ({engines.describe()}) is not empty: it has {plural(tables, 'table')}. "
            "wsoa restores only into an empty database, so that nothing is overwritten: create "
            "a new one and point DATABASE_URL at it. Nothing was changed."
        )
    clashes = files.already_stored(sorted(manifest.files))
    if clashes:
        raise Refused(
            f"The file store already holds {len(clashes)} of the backup's files (such as "
            f"{clashes[0]}): restore into an empty store. Nothing was changed."
        )


def verify(manifest: Manifest) -> list[str]:
    """Compare the restored database and files with the manifest; return what differs."""
    found = engines.measure_target(_measure_with_stored)
    problems = [
        f"table {table}: {found['rows'].get(table)} rows, the backup had {rows}"
        for table, rows in sorted(manifest.rows.items())
        if found["rows"].get(table) != rows
    ]
    for pk, expected in sorted(manifest.snapshots.items()):
        if found["snapshots"].get(pk) != expected or found["stored"].get(pk) != expected:
            problems.append(f"board pack snapshot {pk}: its files' checksums differ")
    for name, expected in sorted(manifest.files.items()):
        if files.stored_checksum(name) != expected["sha256"]:
            problems.append(f"file {name}: its checksum differs")
    return problems


def _measure(cursor: Any, engine: str) -> dict[str, Any]:
    return {
        "migrations": contents.applied_migrations(cursor, engine),
        "rows": contents.row_counts(cursor, engine),
        "snapshots": contents.snapshot_checksums(cursor, engine),
    }


def _measure_with_stored(cursor: Any, engine: str) -> dict[str, Any]:
    found = _measure(cursor, engine)
    found["stored"] = contents.stored_snapshot_checksums(cursor) if found["snapshots"] else {}
    return found


def _known() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _unapplied(manifest: Manifest) -> set[tuple[str, str]]:
    return _known() - {(app, name) for app, name in manifest.migrations}


def _app_version() -> str:
    try:
        return version("wsoa")
    except PackageNotFoundError:
        return "unknown"


def _summary(manifest: Manifest, started: float) -> Summary:
    return Summary(
        tables=len(manifest.rows),
        rows=sum(manifest.rows.values()),
        files=len(manifest.files),
        snapshots=len(manifest.snapshots),
        seconds=time.monotonic() - started,
    )
