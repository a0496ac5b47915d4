"""Sending again the jobs the broker never took (beat runs it every minute, ADR 0030)."""

from __future__ import annotations

from wsoa.config.celery import app
from wsoa.jobs import sending
from wsoa.jobs.models import Job, JobStatus


@app.task(acks_late=True)
def resend_waiting_jobs() -> int:
    """Send the jobs still queued that were never sent, or whose message was lost; say how many."""
    return sending.resend_waiting(
        Job.objects.filter(status=JobStatus.QUEUED), "created_at", sending.send
    )
