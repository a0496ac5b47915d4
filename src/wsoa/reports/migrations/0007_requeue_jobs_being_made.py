"""Jobs being made by a `wsoa packs` worker when this is applied are queued again (ADR 0023).

That worker is gone; `wsoa beat` sends every queued job that was never sent to the broker, so
each is made by a Celery worker once the new processes start. Jobs already queued wait for the
same. Reversing leaves them queued.
"""

from django.db import migrations


def requeue_running_jobs(apps, schema_editor):
    PackJob = apps.get_model("reports", "PackJob")
    PackJob.objects.filter(status="running", snapshot__isnull=True).update(
        status="queued", step=0, message="", attempts=0, started_at=None
    )


class Migration(migrations.Migration):
    dependencies = [("reports", "0006_pack_jobs_as_tasks")]

    operations = [migrations.RunPython(requeue_running_jobs, migrations.RunPython.noop)]
