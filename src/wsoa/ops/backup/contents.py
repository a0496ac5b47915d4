"""What a database holds, as the manifest records it: rows per table, migrations, pack checksums.

Each function takes a DB-API cursor, so the same code reads the live database (PostgreSQL,
inside the transaction whose snapshot pg_dump copies), a SQLite copy, and a restored database.
"""

from __future__ import annotations

import hashlib
from typing import Any

from wsoa.reports.models import PackSnapshot

TABLES = {
    "postgresql": (
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema()"
    ),
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
}
SNAPSHOT_KINDS = ("html", "docx", "pdf")


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_names(cursor: Any, engine: str) -> list[str]:
    cursor.execute(TABLES[engine])
    return sorted(row[0] for row in cursor.fetchall())


def row_counts(cursor: Any, engine: str) -> dict[str, int]:
    """Return the number of rows in every table."""
    counts = {}
    for table in table_names(cursor, engine):
        cursor.execute(f"SELECT COUNT(*) FROM {quoted(table)}")  # noqa: S608 — a quoted name
        counts[table] = int(cursor.fetchone()[0])
    return counts


def applied_migrations(cursor: Any, engine: str) -> list[list[str]]:
    if "django_migrations" not in table_names(cursor, engine):
        return []
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [[str(app), str(name)] for app, name in cursor.fetchall()]


def snapshot_checksums(cursor: Any, engine: str) -> dict[str, dict[str, str]]:
    """Return the SHA-256 of each board pack snapshot's files, computed from the bytes stored.

    One snapshot is read at a time: a pack's PDF can be megabytes.
    """
    table = PackSnapshot._meta.db_table
    if table not in table_names(cursor, engine):
        return {}
    cursor.execute(f"SELECT id FROM {quoted(table)} ORDER BY id")  # noqa: S608 — a quoted name
    ids = [int(row[0]) for row in cursor.fetchall()]
    checksums = {}
    for pk in ids:
        columns = ", ".join(SNAPSHOT_KINDS)
        cursor.execute(f"SELECT {columns} FROM {quoted(table)} WHERE id = {pk}")  # noqa: S608
        html, docx, pdf = cursor.fetchone()
        contents = (str(html).encode("utf-8"), bytes(docx), bytes(pdf))
        checksums[str(pk)] = {
            kind: hashlib.sha256(content).hexdigest()
            for kind, content in zip(SNAPSHOT_KINDS, contents, strict=True)
        }
    return checksums


def stored_snapshot_checksums(cursor: Any) -> dict[str, dict[str, str]]:
    """Return the checksums each snapshot row records for itself (`html_sha256` …)."""
    table = PackSnapshot._meta.db_table
    columns = ", ".join(f"{kind}_sha256" for kind in SNAPSHOT_KINDS)
    cursor.execute(f"SELECT id, {columns} FROM {quoted(table)}")  # noqa: S608 — fixed names
    return {
        str(row[0]): dict(zip(SNAPSHOT_KINDS, row[1:], strict=True)) for row in cursor.fetchall()
    }
