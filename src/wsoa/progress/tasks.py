"""The daily reminders as a task: `wsoa beat` sends it each morning (ADR 0023).

It runs the code `wsoa remind` runs (`reminders.send_all`), so each plan's cycle settings decide
who is mailed, and each (owner, period, kind) is claimed once: running it twice sends nothing
twice. Messages that could not be sent keep no claim, and the task is retried with back-off.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from typing import Any

from celery import Task
from django.utils import timezone

from wsoa.config.celery import app
from wsoa.progress.reminders import send_all

logger = logging.getLogger(__name__)


def backoff(retries: int) -> float:
    """Seconds before the next try: 1, 2, 4 … minutes up to an hour, with jitter."""
    return min(3600.0, 60.0 * 2**retries) * random.uniform(0.8, 1.2)  # noqa: S311 — not secret


@app.task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=6)
def send_reminders(self: Task, today: str | None = None) -> dict[str, Any]:
    """Send today's reminders and chasers; say how many. `today` is YYYY-MM-DD (tests, catch-up)."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    outcome = send_all(day)
    summary = {
        "sent": outcome.sent, "reminders": outcome.reminders, "chasers": outcome.chasers,
        "already": outcome.already, "failed": len(outcome.failed),
    }  # fmt: skip
    if outcome.failed and self.request.retries < (self.max_retries or 0):
        logger.warning("%d reminder(s) could not be sent; trying again", len(outcome.failed))
        raise self.retry(args=[day.isoformat()], countdown=backoff(self.request.retries))
    return summary
