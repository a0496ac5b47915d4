"""On PostgreSQL, the database itself refuses to change or delete board pack snapshots.

The model already refuses in Python (AppendOnly); this also stops raw SQL, bulk updates and
admin scripts, so what a board was shown stays as it was. SQLite relies on the model alone.
"""

from django.db import migrations

from wsoa.core.dbguards import refuse_changes


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_boards_meetings_packs")]

    operations = [
        refuse_changes(
            "reports_packsnapshot",
            "wsoa_snapshot_is_append_only",
            "reports_packsnapshot_append_only",
            "board pack snapshots",
        )
    ]
