"""Pack jobs are held on a lease, and a job has one snapshot at most (ADR 0015).

A job being made when this is applied keeps the ten minutes it was allowed before: its lease
ends ten minutes after it started, so the worker making it is not overtaken.
"""

import datetime as dt

import django.db.models.deletion
from django.db import migrations, models


def lease_running_jobs(apps, schema_editor):
    PackJob = apps.get_model("reports", "PackJob")
    PackJob.objects.filter(status="running", started_at__isnull=False).update(
        lease_expires_at=models.F("started_at") + dt.timedelta(minutes=10)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_snapshots_are_append_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="packjob",
            name="attempts",
            field=models.PositiveSmallIntegerField(
                default=0, help_text="Times claimed since it was last asked for."
            ),
        ),
        migrations.AddField(
            model_name="packjob",
            name="holder",
            field=models.CharField(blank=True, help_text="Who is making it.", max_length=200),
        ),
        migrations.AddField(
            model_name="packjob",
            name="lease_expires_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Unless renewed by then, the job may be taken again.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="packjob",
            name="lease_token",
            field=models.CharField(
                blank=True,
                help_text="Changes at each claim; only its holder finishes it.",
                max_length=32,
            ),
        ),
        migrations.AddField(
            model_name="packsnapshot",
            name="made_for",
            field=models.OneToOneField(
                blank=True,
                help_text="The job that made it: a job has one snapshot at most.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="reports.packjob",
            ),
        ),
        migrations.RunPython(lease_running_jobs, migrations.RunPython.noop),
    ]
