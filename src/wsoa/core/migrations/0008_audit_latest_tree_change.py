"""Index the audit rows that may change a plan's tree by area and id, so the area's latest such
event is one index probe.

The plan page keys its cached tree on it (plans/caching.py, ADR 0034). The condition names
core.models.TREE_NEUTRAL_ACTIONS as it is here: a change to that list needs a new migration.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_auditevent_latest_by_area"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                condition=~models.Q(
                    action__in=(
                        "update.posted",
                        "comment.added",
                        "rag.returned",
                        "reminder.sent",
                        "pack.requested",
                        "pack.retried",
                        "pack.generated",
                    )
                ),
                fields=["area", "id"],
                name="core_audit_area_tree_latest",
            ),
        ),
    ]
