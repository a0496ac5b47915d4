"""The progress page of a job: how far the work has got, then its result or why it failed.

The page refreshes itself (a `Refresh` header, as the board pack's page: no script) until the
job is finished. Then it sends the person on to the result, or shows the work's report when
there is one to read (what was loaded). Managers of the job's area only (403 for other roles);
another area's job, or one that does not exist, is 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from wsoa.core.tenancy import area_for, get_in_area, require
from wsoa.jobs import sending
from wsoa.jobs.models import Job, JobStatus

REFRESH_SECONDS = 2
MANAGERS_ONLY = "Only area admins and plan managers can follow this work."
QUEUE_AWAY = (
    "The service that does this work cannot be reached just now: it is kept as asked for and "
    "starts by itself when that service is back."
)


def send_or_warn(request: HttpRequest, job_id: int) -> None:
    """Send the job's task (with no broker it runs now); say so if the broker is away."""
    if not sending.send(job_id):
        messages.warning(request, QUEUE_AWAY)


def follow(request: HttpRequest, job: Job) -> HttpResponse:
    """Send the job's task and show its progress page (for the views that start work)."""
    send_or_warn(request, job.pk)
    return redirect("jobs:job", job.area.slug, job.pk)


@login_required
@require_GET
def job_page(request: HttpRequest, slug: str, job_id: int) -> HttpResponse:
    membership = area_for(request, slug)
    require(membership.manages, MANAGERS_ONLY)
    job = get_in_area(Job.objects, membership.area, pk=job_id)
    if job.status == JobStatus.DONE and job.result_url and not job.lines:
        if job.message:
            messages.success(request, job.message)
        return redirect(job.result_url)
    response = render(request, "jobs/job.html", {"membership": membership, "job": job})
    if not job.is_finished:
        response["Refresh"] = str(REFRESH_SECONDS)  # the header meta refresh stands for
    return response
