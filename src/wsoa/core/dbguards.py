"""Database guards that back the models' AppendOnly rule on PostgreSQL.

`refuse_changes` is a migration operation: a trigger that raises on any UPDATE or DELETE of a
table's rows, so not even raw SQL, a bulk update or an admin script can rewrite the record.
SQLite (the embedded demo database) relies on the models' guard alone. TRUNCATE, which the
test runner uses to empty tables, is not blocked.

Migrations call this by name, so its SQL must not change meaning: add a new function instead.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def refuse_changes(table: str, function: str, trigger: str, what: str) -> migrations.RunPython:
    """Return the operation adding (and, in reverse, dropping) the trigger on `table`."""
    create = f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{what} cannot be changed or deleted';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {trigger}
    BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {function}();
"""
    drop = f"""
DROP TRIGGER IF EXISTS {trigger} ON {table};
DROP FUNCTION IF EXISTS {function}();
"""

    def forwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(create)

    def backwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(drop)

    return migrations.RunPython(forwards, backwards)
