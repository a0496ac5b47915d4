"""Sending again the jobs the broker never took (beat runs it every minute, ADR 0030)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from wsoa.config.celery import app
from wsoa.jobs import sending
from wsoa.jobs.models import Job, JobStatus

UNSENT_AFTER = dt.timedelta(minutes=1)  # a job not sent by then: its request could not send it
LOST_AFTER = dt.timedelta(hours=1)  # sent but never started: the broker lost the message


@app.task(acks_late=True)
def resend_waiting_jobs() -> int:
    """Send the jobs still queued that were never sent, or whose message was lost; say how many."""
    now = timezone.now()
    unsent = Q(sent_at__isnull=True, created_at__lt=now - UNSENT_AFTER)
    lost = Q(sent_at__lt=now - LOST_AFTER)
    waiting = Job.objects.filter(unsent | lost, status=JobStatus.QUEUED)
    sent = 0
    for job_id in waiting.order_by("created_at").values_list("pk", flat=True)[:100]:
        if not sending.send(job_id):
            break  # still away: try again on the next beat
        sent += 1
    return sent
