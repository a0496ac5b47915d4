"""On PostgreSQL, the database itself refuses to change or delete board pack snapshots.

The model already refuses in Python (AppendOnly); this also stops raw SQL, bulk updates and
admin scripts, so what a board was shown stays as it was. SQLite relies on the model alone.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION wsoa_snapshot_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'board pack snapshots cannot be changed or deleted';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER reports_packsnapshot_append_only
    BEFORE UPDATE OR DELETE ON reports_packsnapshot
    FOR EACH ROW EXECUTE FUNCTION wsoa_snapshot_is_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS reports_packsnapshot_append_only ON reports_packsnapshot;
DROP FUNCTION IF EXISTS wsoa_snapshot_is_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_boards_meetings_packs")]

    operations = [migrations.RunPython(create, drop)]
