"""On PostgreSQL, the database itself refuses to change or delete audit rows.

The model already refuses in Python; this also stops raw SQL, bulk updates and admin
scripts. SQLite (the embedded demo database) relies on the model's guard alone.
"""

from django.db import migrations

from wsoa.core.dbguards import refuse_changes


class Migration(migrations.Migration):
    dependencies = [("core", "0002_roles_and_organisations")]

    operations = [
        refuse_changes(
            "core_auditevent",
            "wsoa_audit_is_append_only",
            "core_auditevent_append_only",
            "audit events",
        )
    ]
