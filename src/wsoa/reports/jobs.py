"""Making the pack of a job, as its task does: once, however often the task runs (ADR 0023).

A task may run twice: the broker gives a worker's unacknowledged task to another when the
first dies, and a job whose task could not be sent is sent again. So each run checks the job
under a row lock before it starts, and again before it writes: the snapshot and the job's
"done" are written in one transaction, only while the job has no snapshot yet. A run that dies
part-way wrote nothing the job points to.
"""

from __future__ import annotations

import logging

from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.utils import timezone

from wsoa.reports.models import JobStatus, PackJob, PackSnapshot
from wsoa.reports.services import PackFiles, Step, make_pack, write_snapshot

MAX_ATTEMPTS = 5  # starts of a job (by redelivery or retry) before it is given up as failed
GAVE_UP = (
    f"Making the pack stopped part-way {MAX_ATTEMPTS} times, so it was not started again. "
    "Try again; if it stops again, tell whoever runs wsoa for your area."
)
# Errors of reaching the database: the task is retried later rather than the job failed.
UNREACHABLE = (OperationalError, InterfaceError)
logger = logging.getLogger(__name__)


def run_job(job_id: int, *, task_id: str = "") -> PackSnapshot | None:
    """Make the job's pack and freeze it; return its snapshot, or None when this run made none.

    A failure in making the pack is kept on the job; not reaching the database is raised for
    the task to retry.
    """
    job = start_job(job_id, task_id=task_id)
    if job is None:
        return PackSnapshot.objects.filter(made_for_id=job_id).first()
    try:
        files = make_pack(
            plan=job.plan, board=job.board, period=job.period, version=job.version,
            next_meeting_on=job.next_meeting_on, on_step=_stepper(job.pk),
        )  # fmt: skip
        return finish_job(job, files)
    except UNREACHABLE:
        raise
    except Exception as error:
        logger.exception("Pack job %s failed", job.pk)
        fail_job(job.pk, str(error))
        return None


def start_job(job_id: int, *, task_id: str = "") -> PackJob | None:
    """Mark the job as being made by this run, or return None when there is nothing to do.

    Nothing to do: the job is gone, finished or failed, or a later task was sent for it (the
    task of `task_id` was superseded). A job started too often is failed instead.
    """
    with transaction.atomic():
        job = PackJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.snapshot_id is not None or job.is_finished:
            return None
        if job.task_id and task_id and job.task_id != task_id:
            return None
        if job.attempts >= MAX_ATTEMPTS:
            fail_job(job_id, GAVE_UP)
            return None
        job.status, job.step, job.message = JobStatus.RUNNING, 0, "Starting"
        job.attempts += 1
        job.started_at, job.finished_at = timezone.now(), None
        job.save(update_fields=["status", "step", "message", "attempts", "started_at",
                                "finished_at"])  # fmt: skip
    return PackJob.objects.select_related(
        "plan__area", "board", "period", "version", "requested_by"
    ).get(pk=job_id)


def _stepper(job_id: int) -> Step:
    def step(number: int, message: str) -> None:
        PackJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
            step=number, message=message
        )

    return step


def finish_job(job: PackJob, files: PackFiles) -> PackSnapshot:
    """Write the snapshot and mark the job done together, unless another run already did."""
    _stepper(job.pk)(5, "Saving the snapshot")
    try:
        with transaction.atomic():
            locked = PackJob.objects.select_for_update().get(pk=job.pk)
            if locked.snapshot_id is not None:
                return locked.snapshot  # type: ignore[return-value]
            snapshot = write_snapshot(
                plan=job.plan, by=job.requested_by, board=job.board, period=job.period,
                version=job.version, files=files, job=job,
            )  # fmt: skip
            PackJob.objects.filter(pk=job.pk).update(
                status=JobStatus.DONE, finished_at=timezone.now(), step=job.steps,
                message="Ready", snapshot=snapshot,
            )  # fmt: skip
            return snapshot
    except IntegrityError:  # another run wrote the job's one snapshot at the same moment
        return PackSnapshot.objects.get(made_for_id=job.pk)


def fail_job(job_id: int, reason: str) -> None:
    """Keep why the job's pack could not be made."""
    PackJob.objects.filter(pk=job_id, snapshot__isnull=True).update(
        status=JobStatus.FAILED, finished_at=timezone.now(), message=reason[:300]
    )
