"""Publishing a plan's public page as a task, followed on a progress page (ADR 0030)."""

from __future__ import annotations

from celery import Task
from django.urls import reverse

from wsoa.config.celery import app
from wsoa.jobs import running, sending
from wsoa.jobs.models import Job
from wsoa.plans.models import Plan
from wsoa.public import services

TASK = "wsoa.public.tasks.publish_page"


def start_publishing(*, plan: Plan, by: object) -> Job:
    """Write the job that publishes the plan's public page; send it with `sending.send`."""
    staff = reverse("public:staff", args=[plan.area.slug, plan.pk])
    return sending.start_job(
        area=plan.area, task=TASK, title=f"Publishing the public page of {plan.title}"[:200],
        by=by, params={"plan": plan.pk, "back": staff},
    )  # fmt: skip


@app.task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=4)
def publish_page(self: Task, job_id: int) -> None:
    """Publish what the plan's managers chose, once for the job; retried while the DB is away."""
    running.run_task(self, job_id, _publish)


def _publish(job: Job) -> running.Outcome:
    plan = Plan.objects.select_related("area").get(pk=job.params["plan"], area=job.area)
    try:
        snapshot = services.publish_plan(plan=plan, by=job.started_by)
    except services.PublishError as error:
        raise running.WorkRefused(str(error)) from error
    return running.Outcome(
        f"Published: version {snapshot.number} is now public.",
        url=reverse("public:staff", args=[plan.area.slug, plan.pk]),
        data={"snapshot": snapshot.pk},
    )
