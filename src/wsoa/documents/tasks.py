"""Reading and applying a large plan workbook as tasks, followed on a progress page (ADR 0030).

Workbooks over `settings.LONG_WORKBOOK_BYTES`, or with more rows than
`settings.LONG_WORKBOOK_ROWS`, are read and applied here rather than in the request; smaller
ones stay in the request (documents.views). Reading writes nothing but the job's result (what
the preview page shows); applying writes the plan's changes in one transaction with the job's
"done", and a workbook applied once is refused the second time (`office.applying`).
"""

from __future__ import annotations

from typing import Any

from celery import Task
from django.urls import reverse

from wsoa.config.celery import app
from wsoa.core import storage
from wsoa.documents.office.applying import AlreadyApplied, apply_workbook, refuse_if_applied
from wsoa.documents.office.changes import StaleFile, compare
from wsoa.documents.office.reading import SheetError, Upload, read_workbook
from wsoa.jobs import running, sending
from wsoa.jobs.models import Job
from wsoa.plans.models import Plan

READ_TASK = "wsoa.documents.tasks.read_plan_workbook"
APPLY_TASK = "wsoa.documents.tasks.apply_plan_workbook"
RETRIED = {"bind": True, "acks_late": True, "reject_on_worker_lost": True, "max_retries": 4}


def start_reading(*, plan: Plan, by: Any, name: str, content: bytes) -> Job:
    """Store the uploaded workbook and write the job that reads it; send it with `send`."""
    back = reverse("documents:workbook_upload", args=[plan.area.slug, plan.pk])
    return sending.start_job(
        area=plan.area, task=READ_TASK, title=f"Reading the workbook {name}"[:200], by=by,
        params={"plan": plan.pk, "name": name[:200], "back": back}, file=(name, content),
    )  # fmt: skip


def start_applying(*, plan: Plan, by: Any, name: str, upload: dict[str, Any]) -> Job:
    """Write the job that applies a workbook already read (its rows are in the job)."""
    back = reverse("documents:workbook_upload", args=[plan.area.slug, plan.pk])
    return sending.start_job(
        area=plan.area, task=APPLY_TASK, title=f"Applying the workbook {name}"[:200], by=by,
        params={"plan": plan.pk, "name": name[:200], "upload": upload, "back": back},
    )  # fmt: skip


@app.task(**RETRIED)
def read_plan_workbook(self: Task, job_id: int) -> None:
    """Read the job's workbook and what applying it would change, for the preview page."""
    running.run_task(self, job_id, _read)


@app.task(**RETRIED)
def apply_plan_workbook(self: Task, job_id: int) -> None:
    """Apply the job's workbook to its plan, as the person who started it, once."""
    running.run_task(self, job_id, _apply)


def _plan(job: Job) -> Plan:
    return Plan.objects.select_related("area").get(pk=job.params["plan"], area=job.area)


def _read(job: Job) -> running.Outcome:
    plan = _plan(job)
    try:
        with storage.open_verified(job.file_name, job.file_sha256) as handle:
            found = read_workbook(handle.read())
    except storage.FileProblem as error:
        raise running.WorkRefused(str(error)) from error
    try:
        compare(plan, found)
        refuse_if_applied(plan=plan, upload=found)
    except (SheetError, StaleFile, AlreadyApplied) as error:
        raise running.WorkRefused(refusal(error)) from error
    preview = reverse("documents:workbook_preview", args=[plan.area.slug, plan.pk])
    return running.Outcome(
        "The workbook was read: check what it changes, then apply it.",
        url=f"{preview}?job={job.pk}",
        data={"upload": found.as_dict(), "name": job.params.get("name", "")},
    )


def _apply(job: Job) -> running.Outcome:
    plan = _plan(job)
    try:
        applied = apply_workbook(
            plan=plan, upload=Upload.from_dict(job.params["upload"]), by=job.started_by
        )
    except (SheetError, StaleFile, AlreadyApplied) as error:
        raise running.WorkRefused(refusal(error)) from error
    return running.Outcome(
        applied_message(applied.count), reverse("plans:plan", args=[plan.area.slug, plan.pk])
    )


def refusal(error: Exception) -> str:
    """The reader's reason as a sentence, saying that nothing was changed."""
    text = str(error).strip()
    text = text[:1].upper() + text[1:]
    return (text if text.endswith((".", "!", "?")) else text + ".") + " Nothing was changed."


def applied_message(count: int) -> str:
    if not count:
        return "The workbook matched the plan: nothing was changed."
    return f"The workbook was applied: {count} item{'s' if count != 1 else ''} changed."
