"""Loading published figures as tasks, followed on a progress page (ADR 0030).

`load_dfe_figures`: an area's DfE figures on EHC plans, as actuals and comparators (`kpi.dfe`).
`load_national_figures`: the national LAIT catalogue every area's benchmarks read
(`benchmarks.loading`). Both write in one transaction and write nothing when run again on the
same data, so a task run twice, or retried after the database came back, changes nothing more.
"""

from __future__ import annotations

from typing import Any

from celery import Task
from django.urls import reverse

from wsoa.benchmarks import loading
from wsoa.config.celery import app
from wsoa.core.models import LocalArea
from wsoa.jobs import running, sending
from wsoa.jobs.models import Job
from wsoa.kpi import dfe

DFE_TASK = "wsoa.kpi.tasks.load_dfe_figures"
NATIONAL_TASK = "wsoa.kpi.tasks.load_national_figures"
RETRIED = {"bind": True, "acks_late": True, "reject_on_worker_lost": True, "max_retries": 4}


def start_dfe_load(*, area: LocalArea, by: Any) -> Job:
    """Write the job that loads the area's DfE figures; send it with `sending.send`."""
    back = reverse("kpi:dfe", args=[area.slug])
    title = "Loading the DfE's published figures"
    return sending.start_job(area=area, task=DFE_TASK, title=title, by=by, params={"back": back})


def start_national_load(*, area: LocalArea, by: Any) -> Job:
    """Write the job that loads the national figures, started from the area's benchmarks."""
    back = reverse("kpi:benchmarks", args=[area.slug])
    title = "Loading the national figures (LAIT)"
    return sending.start_job(
        area=area, task=NATIONAL_TASK, title=title, by=by, params={"back": back}
    )


@app.task(**RETRIED)
def load_dfe_figures(self: Task, job_id: int) -> None:
    """Load the job's area's DfE figures, as the person who started it."""
    running.run_task(self, job_id, _load_dfe)


@app.task(**RETRIED)
def load_national_figures(self: Task, job_id: int) -> None:
    """Load the national LAIT figures unless the same files are loaded already."""
    running.run_task(self, job_id, _load_national)


def _load_dfe(job: Job) -> running.Outcome:
    report = dfe.load_dfe(area=job.area, by=job.started_by)
    if not report.authority:
        raise running.WorkRefused(
            f"No local authority named “{job.area.name}” is in the DfE's figures: choose one "
            "on the DfE page, then load again. Nothing was loaded."
        )
    lines = [
        f"{report.measurements} actual{'s' if report.measurements != 1 else ''} and "
        f"{report.comparators} comparator figure{'s' if report.comparators != 1 else ''} "
        f"for {report.authority}.",
        *(f"Not matched: {line}" for line in report.unmatched),
    ]
    url = reverse("kpi:scorecard", args=[job.area.slug])
    return running.Outcome(f"Loaded the DfE's figures for {report.authority}.", url, lines)


def _load_national(job: Job) -> running.Outcome:
    report = loading.ensure_loaded()
    if report.skipped:
        message = "The national figures were already loaded: nothing changed."
    else:
        message = (
            f"Loaded {report.values:,} national figures for {report.measures} measures and "
            f"{report.areas} areas."
        )
    return running.Outcome(message, reverse("kpi:benchmarks", args=[job.area.slug]))
