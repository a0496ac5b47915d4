"""The board pack tasks: make a job's pack, and send again the jobs the broker never took.

`send_pack` is how a job reaches the queue. A broker that cannot be reached leaves the job
queued and unsent (the page says so); `resend_waiting_packs`, run by beat every minute, sends it
once the broker is back (ADR 0023).
"""

from __future__ import annotations

import logging
import random
import uuid
from typing import Any

from celery import Task, signals
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnreachable

from wsoa.config.celery import app, is_eager
from wsoa.jobs.sending import resend_waiting
from wsoa.reports import jobs, render
from wsoa.reports.models import JobStatus, PackJob

logger = logging.getLogger(__name__)


@signals.worker_init.connect(dispatch_uid="wsoa.reports.prepare_pdf")
def prepare_pdf(**_: Any) -> None:
    """Make a starting worker import WeasyPrint once, before its pool's processes fork.

    Each process would otherwise spend about a second on it when it makes its first pack. A
    worker that cannot import it still runs its other tasks; its packs fail, with the error."""
    try:
        render.prepare()
    except Exception:
        logger.exception("WeasyPrint could not be loaded: this worker cannot make packs")


def backoff(retries: int) -> float:
    """Seconds before retry number `retries` + 1: 5, 10, 20 … up to 10 minutes, with jitter."""
    return min(600.0, 5.0 * 2**retries) * random.uniform(0.8, 1.2)  # noqa: S311 — not secret


@app.task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=4)
def make_pack(self: Task, job_id: int) -> int | None:
    """Make the job's board pack; return its snapshot's id. Retried while the database is away."""
    try:
        snapshot = jobs.run_job(job_id, task_id=self.request.id or "")
    except jobs.UNREACHABLE as error:
        if self.request.retries >= (self.max_retries or 0):
            logger.exception("Pack job %s: the database could not be reached; gave up", job_id)
            raise
        raise self.retry(exc=error, countdown=backoff(self.request.retries)) from error
    return snapshot.pk if snapshot is not None else None


def send_pack(job_id: int) -> bool:
    """Hand the job to the queue (or, with no broker, make it now); False if the broker is away.

    The job names the task sent, so only the latest one sent makes it.
    """
    task_id = uuid.uuid4().hex
    PackJob.objects.filter(pk=job_id).update(task_id=task_id, sent_at=None)
    try:
        sent = make_pack.apply_async(args=[job_id], task_id=task_id)
    except BrokerUnreachable:
        logger.warning("Pack job %s could not be sent: the broker is not reachable", job_id)
        return False
    PackJob.objects.filter(pk=job_id, task_id=task_id).update(sent_at=timezone.now())
    if is_eager():
        sent.maybe_throw()  # run here: its error is the caller's, as a worker's would be logged
    return True


@app.task(acks_late=True)
def resend_waiting_packs() -> int:
    """Send the jobs still queued that were never sent, or whose message was lost; say how many."""
    queued = PackJob.objects.filter(status=JobStatus.QUEUED)
    return resend_waiting(queued, "requested_at", send_pack)
