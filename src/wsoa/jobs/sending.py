"""Starting long work: a job row for people to follow, and its task sent to the queue.

`start_job` writes the row (with the uploaded file, if any, stored first); `send` hands it to
the queue, or with no broker runs it in this process before returning (ADR 0030). A broker
that cannot be reached leaves the job queued and unsent; `jobs.tasks.resend_waiting_jobs`,
sent by beat every minute, sends it once the broker is back.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.db.models import Q, QuerySet
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnreachable

from wsoa.config.celery import app, is_eager
from wsoa.core import storage
from wsoa.core.models import LocalArea
from wsoa.jobs.models import Job

UNSENT_AFTER = dt.timedelta(minutes=1)  # a job not sent by then: its request could not send it
LOST_AFTER = dt.timedelta(hours=1)  # sent but never started: the broker lost the message

logger = logging.getLogger(__name__)


def start_job(
    *,
    area: LocalArea,
    task: str,
    title: str,
    by: Any,
    params: dict[str, Any] | None = None,
    file: tuple[str, bytes] | None = None,
) -> Job:
    """Write a queued job for `task` (its dotted name); store `file` (name, bytes) for it first.

    Send it with `send` once the transaction that wrote it has committed.
    """
    stored = None
    with storage.kept_only_if_saved():
        if file is not None:
            stored = storage.store(f"jobs/{uuid.uuid4().hex}/{file[0]}"[:250], ContentFile(file[1]))
        return Job.objects.create(
            area=area,
            task_name=task,
            title=title[:200],
            params=params or {},
            file_name=stored.name if stored else "",
            file_sha256=stored.sha256 if stored else "",
            started_by=by if getattr(by, "is_authenticated", False) else None,
            message="Waiting to start",
        )


def send(job_id: int) -> bool:
    """Hand the job to its task (or, with no broker, run it now); False if the broker is away.

    The job names the task sent, so only the latest one sent runs it.
    """
    job = Job.objects.get(pk=job_id)
    task_id = uuid.uuid4().hex
    Job.objects.filter(pk=job_id).update(task_id=task_id, sent_at=None)
    try:
        if is_eager():
            sent = app.tasks[job.task_name].apply_async(args=[job_id], task_id=task_id)
        else:
            app.send_task(job.task_name, args=[job_id], task_id=task_id)
    except BrokerUnreachable:
        logger.warning("Job %s could not be sent: the broker is not reachable", job_id)
        return False
    Job.objects.filter(pk=job_id, task_id=task_id).update(sent_at=timezone.now())
    if is_eager():
        sent.maybe_throw()  # its error is the caller's here, as a worker's would be logged
    return True


def resend_waiting(queued: QuerySet[Any], created: str, send: Callable[[int], bool]) -> int:
    """Send again the `queued` jobs never sent (their request could not reach the broker) or
    whose message was lost, oldest (by the field `created`) first, 100 at a time; stop at the
    first that cannot be sent, to try on the next beat. Return how many were sent."""
    now = timezone.now()
    unsent = Q(sent_at__isnull=True, **{f"{created}__lt": now - UNSENT_AFTER})
    lost = Q(sent_at__lt=now - LOST_AFTER)
    sent = 0
    for job_id in queued.filter(unsent | lost).order_by(created).values_list("pk", flat=True)[:100]:
        if not send(job_id):
            break
        sent += 1
    return sent
