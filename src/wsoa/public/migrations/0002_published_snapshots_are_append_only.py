"""On PostgreSQL, the database refuses to change or delete a published snapshot: what the
public saw on a date stays exactly as it was. SQLite relies on the model's guard."""

from django.db import migrations

from wsoa.core.dbguards import refuse_changes


class Migration(migrations.Migration):
    dependencies = [("public", "0001_public_pages")]

    operations = [
        refuse_changes(
            "public_publishedsnapshot",
            "wsoa_public_snapshot_is_append_only",
            "public_publishedsnapshot_append_only",
            "published snapshots",
        )
    ]
