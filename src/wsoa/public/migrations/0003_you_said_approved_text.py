"""Keep the text a manager approved for each "you said, we did" entry, which is what
publishing shows. Entries already marked to publish count as approved as they stand."""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def approve_published(apps: Any, schema_editor: Any) -> None:
    entries = apps.get_model("public", "YouSaid").objects.filter(is_published=True)
    for entry in entries.prefetch_related("items"):
        entry.approved = {
            "said": entry.said,
            "source": entry.source,
            "said_on": entry.said_on.isoformat(),
            "did": entry.did,
            "items": sorted(item.pk for item in entry.items.all()),
        }
        entry.save(update_fields=["approved"])  # who approved it, and when, is not known


class Migration(migrations.Migration):
    dependencies = [
        ("public", "0002_published_snapshots_are_append_only"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="yousaid",
            name="approved",
            field=models.JSONField(
                blank=True,
                help_text="The text a manager approved (as `draft()`): what publishing shows.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="yousaid",
            name="approved_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="yousaid",
            name="approved_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="yousaid",
            name="is_published",
            field=models.BooleanField(
                default=False, help_text="A manager approved it to publish: see `approved`."
            ),
        ),
        migrations.RunPython(approve_published, migrations.RunPython.noop),
    ]
