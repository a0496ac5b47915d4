"""On PostgreSQL, the database refuses to change or delete a published snapshot: what the
public saw on a date stays exactly as it was. SQLite relies on the model's guard."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION wsoa_public_snapshot_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'published snapshots cannot be changed or deleted';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER public_publishedsnapshot_append_only
    BEFORE UPDATE OR DELETE ON public_publishedsnapshot
    FOR EACH ROW EXECUTE FUNCTION wsoa_public_snapshot_is_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS public_publishedsnapshot_append_only ON public_publishedsnapshot;
DROP FUNCTION IF EXISTS wsoa_public_snapshot_is_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("public", "0001_public_pages")]

    operations = [migrations.RunPython(create, drop)]
