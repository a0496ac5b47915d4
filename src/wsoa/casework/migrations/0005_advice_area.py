# Each advice request keeps its case's area, so an area's awaited advice is read from one index.

import django.db.models.deletion
from django.db import migrations, models


def fill_areas(apps, schema_editor):  # type: ignore[no-untyped-def]
    advice = apps.get_model("casework", "AdviceRequest")
    case = apps.get_model("casework", "Case")
    area = case.objects.filter(pk=models.OuterRef("case_id")).values("area_id")[:1]
    advice.objects.update(area_id=models.Subquery(area))


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0004_worklist_indexes"),
        ("core", "0007_auditevent_latest_by_area"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="advicerequest", name="advice_awaited"),
        migrations.AddField(
            model_name="advicerequest",
            name="area",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="core.localarea",
            ),
        ),
        migrations.RunPython(fill_areas, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="advicerequest",
            name="area",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="core.localarea",
            ),
        ),
        migrations.AddIndex(
            model_name="advicerequest",
            index=models.Index(
                condition=models.Q(("received__isnull", True)),
                fields=["area", "requested"],
                include=("case", "service"),
                name="advice_awaited",
            ),
        ),
    ]
