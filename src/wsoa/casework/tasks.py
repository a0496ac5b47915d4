"""The advice givers' daily digest as a task: `wsoa beat` sends it each morning (ADR 0023).

It runs the code `wsoa remind_advice` runs (`portal_digest.send_all`): one digest per person, each
claimed once a day, so running it twice sends nothing twice; digests that could not be sent keep
no claim and the task is retried with back-off. Only counts leave the task: no case data.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from celery import Task
from django.utils import timezone

from wsoa.casework.portal_digest import send_all
from wsoa.config.celery import app
from wsoa.progress.tasks import backoff

logger = logging.getLogger(__name__)


@app.task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=6)
def send_advice_digests(self: Task, today: str | None = None) -> dict[str, int]:
    """Send today's advice digests; say how many. `today` is YYYY-MM-DD (tests, catch-up)."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    outcome = send_all(day)
    summary: dict[str, Any] = {
        "sent": outcome.sent, "already": outcome.already, "failed": len(outcome.failed),
    }  # fmt: skip
    if outcome.failed and self.request.retries < (self.max_retries or 0):
        logger.warning("%d advice digest(s) could not be sent; trying again", len(outcome.failed))
        raise self.retry(args=[day.isoformat()], countdown=backoff(self.request.retries))
    return summary
