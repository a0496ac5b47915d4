"""On PostgreSQL, the database itself refuses to change or delete audit rows.

The model already refuses in Python; this also stops raw SQL, bulk updates and admin
scripts. SQLite (the embedded demo database) relies on the model's guard alone.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION wsoa_audit_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events cannot be changed or deleted';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditevent_append_only
    BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION wsoa_audit_is_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
DROP FUNCTION IF EXISTS wsoa_audit_is_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_roles_and_organisations")]

    operations = [migrations.RunPython(create, drop)]
