"""The Celery app that runs wsoa's background work: board packs, reminders, loads, publishing.

Settings come from Django's, named `CELERY_*` (see settings.py). With a broker
(`WSOA_CELERY_BROKER_URL`) tasks go to `wsoa worker` processes and `wsoa beat` sends the
scheduled ones; without one every task runs in the process that sends it (eager), by the same
code, so the demo and the tests need nothing else (ADR 0023).

Run a worker with `wsoa worker` (or `celery -A wsoa.config.celery worker`).
"""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsoa.config.settings")

app = Celery("wsoa")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# What `wsoa beat` sends. Reminders go once a day; each plan's cycle settings (days before a
# period closes, days after) decide who is mailed, as `wsoa remind` does. Running it twice
# sends nothing twice.
app.conf.beat_schedule = {
    "send-reminders": {
        "task": "wsoa.progress.tasks.send_reminders",
        "schedule": crontab(hour=7, minute=15),
    },
    # Advice givers' digests (wsoa.casework.tasks): one a day per person, as `wsoa remind_advice`.
    "send-advice-digests": {
        "task": "wsoa.casework.tasks.send_advice_digests",
        "schedule": crontab(hour=7, minute=20),
    },
    "resend-waiting-packs": {
        "task": "wsoa.reports.tasks.resend_waiting_packs",
        "schedule": 60.0,
    },
    # Long work started from a page whose task the broker never took (wsoa.jobs, ADR 0030).
    "resend-waiting-jobs": {
        "task": "wsoa.jobs.tasks.resend_waiting_jobs",
        "schedule": 60.0,
    },
}


def is_eager() -> bool:
    """Whether tasks run in the sending process (no broker is configured)."""
    return bool(app.conf.task_always_eager)


def broker_reachable(timeout: float = 2.0) -> bool:
    """Whether the broker answers now; True when there is none (tasks run in-process)."""
    if is_eager():
        return True
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, timeout=timeout)
    except Exception:
        return False
    return True
