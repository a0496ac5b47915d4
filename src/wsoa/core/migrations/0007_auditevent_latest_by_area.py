"""Index audit rows by area and id, so an area's latest event is one index probe.

The plan page keys its cache on it (plans/caching.py, ADR on caching the plan page).
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_audit_action_names"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["area", "id"], name="core_audit_area_latest"),
        ),
    ]
