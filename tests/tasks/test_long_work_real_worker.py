"""Each kind of long work on a real `celery worker` with the local Redis as broker.

As test_tasks_real_worker.py: the worker is a process on the test database (committed data,
`transaction=True`) and a Redis database of this pytest worker's own.
"""

import pytest
from task_queue import BROKER, empty_broker, redis_is_up, sending_to, wait_for, worker

from wsoa.benchmarks.models import DataLoad, Measure
from wsoa.core.models import AuditEvent
from wsoa.documents import tasks as document_tasks
from wsoa.jobs import sending
from wsoa.jobs.models import Job, JobStatus
from wsoa.kpi import tasks as kpi_tasks
from wsoa.kpi.models import DfeLink, Measurement
from wsoa.public import tasks as public_tasks
from wsoa.public.models import PublishedSnapshot

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("celery-worker"),
    pytest.mark.skipif(not redis_is_up(), reason="needs Redis at 127.0.0.1:6379"),
]
WAIT = 300  # seconds at most, on a very busy machine


@pytest.fixture(autouse=True)
def _broker():
    empty_broker()
    with sending_to(BROKER):
        yield
    empty_broker()


def _finished(job: Job, running) -> Job:
    assert sending.send(job.pk)
    wait_for(lambda: Job.objects.get(pk=job.pk).is_finished, WAIT, running.errors)
    return Job.objects.get(pk=job.pk)


def test_a_worker_publishes_the_public_page(plan_manager, chosen_plan):
    job = public_tasks.start_publishing(plan=chosen_plan, by=plan_manager)
    with worker() as running:
        done = _finished(job, running)
    assert (done.status, done.attempts) == (JobStatus.DONE, 1), done.message
    snapshot = PublishedSnapshot.objects.get(plan=chosen_plan)
    assert done.result["snapshot"] == snapshot.pk and snapshot.published_by == plan_manager
    assert AuditEvent.objects.get(action="plan.published").actor == plan_manager


def test_a_worker_loads_the_dfe_figures(area_admin, area):
    job = kpi_tasks.start_dfe_load(area=area, by=area_admin)
    with worker() as running:
        done = _finished(job, running)
    assert done.status == JobStatus.DONE, done.message
    assert DfeLink.objects.get(area=area).la_code == "805"
    assert Measurement.objects.filter(indicator__area=area).exists()
    assert "Hartlepool (805)" in done.result["lines"][0]
    assert AuditEvent.objects.get(action="dfe_figures.loaded").actor == area_admin


def test_a_worker_loads_the_national_figures(plan_manager, area):
    job = kpi_tasks.start_national_load(area=area, by=plan_manager)
    with worker(few_measures=True) as running:
        done = _finished(job, running)
    assert done.status == JobStatus.DONE, done.message
    assert DataLoad.objects.exists()
    assert set(Measure.objects.values_list("code", flat=True)) == {"SEN_EHC_All_20wks", "TotAbs"}


def test_a_worker_reads_then_applies_a_large_workbook(plan_manager, plan, edited_workbook):
    content, item = edited_workbook
    read = document_tasks.start_reading(
        plan=plan, by=plan_manager, name="plan.xlsx", content=content
    )
    with worker() as running:
        was_read = _finished(read, running)
        assert was_read.status == JobStatus.DONE, was_read.message
        assert was_read.file_name == ""  # the upload is not kept once read
        apply = document_tasks.start_applying(
            plan=plan, by=plan_manager, name="plan.xlsx", upload=was_read.result["upload"]
        )
        applied = _finished(apply, running)
    assert applied.status == JobStatus.DONE, applied.message
    assert applied.message == "The workbook was applied: 1 item changed."
    item.refresh_from_db()
    assert item.title == "Changed by a large workbook"
