"""Doing a job's work once, however often its task runs (ADR 0030; packs do the same, ADR 0023).

A task may run twice: the broker gives a dead worker's unacknowledged task to another, and a
job that could not be sent is sent again. So a run marks the job as started under a row lock,
then does the work and marks the job done in one transaction that holds the lock again and
first checks that no other run finished it. Work that fails part-way is rolled back with that
transaction: no half-written rows. Files the work stores are kept only if it commits
(`core.storage.kept_only_if_saved`). Not reaching the database is raised for the task to retry
with back-off; any other failure is kept on the job as a plain-English reason.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from celery import Task
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from wsoa.core import storage
from wsoa.jobs.models import Job, JobStatus

MAX_ATTEMPTS = 5  # starts of a job (by redelivery or retry) before it is given up as failed
GAVE_UP = (
    f"The work stopped part-way {MAX_ATTEMPTS} times, so it was not started again. Start it "
    "again; if it stops again, tell whoever runs wsoa for your area."
)
UNEXPECTED = (
    "Something went wrong that wsoa did not expect, so nothing was changed. Try again; if it "
    "happens again, tell whoever runs wsoa for your area."
)
DATABASE_AWAY = (
    "The database could not be reached, so nothing was changed. Try again in a few minutes."
)
# Errors of reaching the database: the task is retried later rather than the job failed.
UNREACHABLE = (OperationalError, InterfaceError)
logger = logging.getLogger(__name__)


class WorkRefused(Exception):
    """The work cannot be done, for a reason people can read as it is (it names what to do)."""


@dataclass(frozen=True)
class Outcome:
    """What the work did: a sentence, where its result is, and lines of report to show."""

    message: str
    url: str = ""
    lines: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


Work = Callable[[Job], Outcome]


def backoff(retries: int) -> float:
    """Seconds before retry number `retries` + 1: 5, 10, 20 … up to 10 minutes, with jitter."""
    return min(600.0, 5.0 * 2**retries) * random.uniform(0.8, 1.2)  # noqa: S311 — not secret


def run_task(task: Task, job_id: int, work: Work) -> None:
    """Run the job's work as `task`; retry with back-off while the database is away."""
    try:
        run_job(job_id, work, task_id=task.request.id or "")
    except UNREACHABLE as error:
        if task.request.retries >= (task.max_retries or 0):
            logger.exception("Job %s: the database could not be reached; gave up", job_id)
            _fail_if_possible(job_id)
            raise
        raise task.retry(exc=error, countdown=backoff(task.request.retries)) from error


def run_job(job_id: int, work: Work, *, task_id: str = "") -> Job | None:
    """Do the job's work unless another run did or does; return the job as it ended."""
    started = start_job(job_id, task_id=task_id)
    if started is None:
        return Job.objects.filter(pk=job_id).first()
    try:
        with storage.kept_only_if_saved(), transaction.atomic():
            job = (
                Job.objects.select_for_update(of=("self",))
                .select_related("area", "started_by")
                .get(pk=job_id)
            )
            if job.status != JobStatus.RUNNING or (task_id and job.task_id != task_id):
                return job  # finished, or taken over by a later task, while this one started
            _finish(job, work(job))
    except UNREACHABLE:
        raise
    except WorkRefused as error:
        fail_job(job_id, str(error))
    except Exception:
        logger.exception("Job %s failed", job_id)
        fail_job(job_id, UNEXPECTED)
    finished = Job.objects.get(pk=job_id)
    if finished.is_finished and started.file_name:  # the uploaded file is not kept
        storage.discard([started.file_name])
    return finished


def start_job(job_id: int, *, task_id: str = "") -> Job | None:
    """Mark the job as started by this run, or return None when there is nothing to do.

    Nothing to do: the job is gone or finished, or a later task was sent for it. A job
    started too often is failed instead.
    """
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_finished:
            return None
        if job.task_id and task_id and job.task_id != task_id:
            return None
        if job.attempts >= MAX_ATTEMPTS:
            fail_job(job_id, GAVE_UP)
            transaction.on_commit(lambda: storage.discard([job.file_name] if job.file_name else []))
            return None
        job.status, job.message = JobStatus.RUNNING, ""
        job.attempts += 1
        job.started_at, job.finished_at = timezone.now(), None
        job.save(update_fields=["status", "message", "attempts", "started_at", "finished_at"])
    return job


def _finish(job: Job, outcome: Outcome) -> None:
    job.status, job.message = JobStatus.DONE, outcome.message[:300]
    job.result = {"lines": outcome.lines, **outcome.data}
    job.result_url, job.finished_at = outcome.url[:500], timezone.now()
    job.file_name = ""  # deleted from the store once this commits
    fields = ["status", "message", "result", "result_url", "finished_at", "file_name"]
    job.save(update_fields=fields)


def fail_job(job_id: int, reason: str) -> None:
    """Keep why the job's work could not be done (unless it was done meanwhile)."""
    Job.objects.filter(pk=job_id).exclude(status=JobStatus.DONE).update(
        status=JobStatus.FAILED, finished_at=timezone.now(), message=reason[:300], file_name=""
    )


def _fail_if_possible(job_id: int) -> None:
    try:
        fail_job(job_id, DATABASE_AWAY)
    except UNREACHABLE:
        logger.warning("Job %s could not be marked failed: the database is away", job_id)
