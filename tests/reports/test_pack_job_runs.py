"""Pack jobs run by their task: once however often it runs, taken again after a death part-way."""

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from wsoa.core.models import AuditEvent
from wsoa.reports import jobs, render, services
from wsoa.reports.models import STALLED_AFTER, JobStatus, PackJob, PackSnapshot

pytestmark = pytest.mark.django_db
PAST_STALLING = STALLED_AFTER + dt.timedelta(seconds=1)


@pytest.fixture
def clock():
    """Time runs as usual but can be moved on, e.g. past the time a pack takes."""
    with time_machine.travel(timezone.now(), tick=True) as traveller:
        yield traveller


@pytest.fixture
def job(plan, board, plan_manager):
    return services.request_pack(plan=plan, by=plan_manager, board=board)


def _pages(plan, job):
    args = [plan.area.slug, plan.pk]
    return reverse("reports:pack_job", args=[*args, job.pk]), reverse(
        "reports:pack_run", args=[*args, job.pk]
    )


def test_a_task_redelivered_after_its_worker_died_makes_the_pack_once(job):
    PackJob.objects.filter(pk=job.pk).update(task_id="task-1")
    assert jobs.start_job(job.pk, task_id="task-1") is not None  # then the worker is killed
    snapshot = jobs.run_job(job.pk, task_id="task-1")  # the broker gives the task again
    job.refresh_from_db()
    assert (job.status, job.attempts, job.snapshot) == (JobStatus.DONE, 2, snapshot)
    assert PackSnapshot.objects.get() == snapshot and snapshot.is_intact("pdf")


def test_a_task_sent_before_a_later_one_makes_nothing(job):
    PackJob.objects.filter(pk=job.pk).update(task_id="sent-again")
    assert jobs.run_job(job.pk, task_id="sent-first") is None
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.QUEUED, 0)
    assert jobs.run_job(job.pk, task_id="sent-again") is not None


def test_two_runs_finishing_together_write_one_snapshot(job):
    started = jobs.start_job(job.pk)
    files = services.make_pack(plan=job.plan, board=job.board)
    first = jobs.finish_job(started, files)
    assert jobs.finish_job(started, files) == first  # the slower run writes nothing
    assert PackSnapshot.objects.count() == 1
    assert AuditEvent.objects.filter(action="pack.generated").count() == 1


def test_the_database_refuses_a_second_snapshot_for_a_job(job, plan, plan_manager):
    made = jobs.run_job(job.pk)
    assert made is not None and made.made_for == job
    with pytest.raises(IntegrityError), transaction.atomic():
        PackSnapshot.objects.create(
            plan=plan, title=made.title, until=made.until, created_by=plan_manager, data={},
            html="", docx=b"", pdf=b"", html_sha256="", docx_sha256="", pdf_sha256="",
            made_for=job,
        )  # fmt: skip


def test_the_job_page_offers_run_again_once_it_stalls(
    job, plan, plan_manager, client_for, clock, sent_packs
):
    client = client_for(plan_manager)
    page_url, run_url = _pages(plan, job)
    jobs.start_job(job.pk)
    page = client.get(page_url).content.decode()
    assert "Being made" in page and "Run again" not in page
    clock.shift(PAST_STALLING)
    stopped = client.get(page_url)
    assert stopped["Refresh"] == "2"
    assert "stopped before it was finished" in stopped.content.decode()
    assert "Run again" in stopped.content.decode()
    response = client.post(run_url)
    assert (response["Location"], sent_packs) == (page_url, [job.pk])
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.QUEUED, 0)
    assert AuditEvent.objects.filter(action="pack.retried", object_id=job.pk).exists()
    snapshot = jobs.run_job(job.pk)  # what the task sent does
    assert snapshot is not None
    done = client.get(page_url)
    assert done["Location"] == reverse("reports:pack", args=[plan.area.slug, plan.pk, snapshot.pk])


def test_run_again_leaves_a_job_that_is_being_made_alone(
    job, plan, plan_manager, client_for, sent_packs
):
    jobs.start_job(job.pk)
    client_for(plan_manager).post(_pages(plan, job)[1])
    job.refresh_from_db()
    assert (job.status, job.attempts, sent_packs) == (JobStatus.RUNNING, 1, [])
    assert not AuditEvent.objects.filter(action="pack.retried").exists()


def test_try_again_after_a_failure_makes_the_pack(
    job, plan, plan_manager, client_for, monkeypatch, sent_packs
):
    def broken(pack, body):
        raise RuntimeError("no fonts")

    with monkeypatch.context() as patch:
        patch.setattr(render, "render_document", broken)
        jobs.run_job(job.pk)
    client = client_for(plan_manager)
    page_url, run_url = _pages(plan, job)
    assert "Try again" in client.get(page_url).content.decode()
    client.post(run_url)
    assert sent_packs == [job.pk]
    jobs.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert PackSnapshot.objects.get() == job.snapshot


def test_a_job_that_keeps_stopping_fails_after_its_attempts(job, plan, plan_manager, client_for):
    for _ in range(jobs.MAX_ATTEMPTS):
        assert jobs.start_job(job.pk) is not None  # and each time the worker dies
    assert jobs.start_job(job.pk) is None
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.FAILED, jobs.MAX_ATTEMPTS)
    assert f"stopped part-way {jobs.MAX_ATTEMPTS} times" in job.message
    client = client_for(plan_manager)
    page_url, run_url = _pages(plan, job)
    page = client.get(page_url).content.decode()
    assert "The pack could not be made" in page and "Try again" in page
    client.post(run_url)  # a person asks again: the count starts afresh
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.QUEUED, 0)
    assert jobs.start_job(job.pk) is not None


def test_the_packs_list_says_a_job_stopped(job, plan, plan_manager, client_for, clock):
    jobs.start_job(job.pk)
    clock.shift(PAST_STALLING)
    page = client_for(plan_manager).get(reverse("reports:packs", args=[plan.area.slug, plan.pk]))
    assert "Stopped before it was finished" in page.content.decode()
    assert PackJob.objects.get().is_stalled


def test_a_job_the_queue_did_not_take_says_it_waits_for_it(job, plan, plan_manager, client_for):
    PackJob.objects.filter(pk=job.pk).update(task_id="not-sent")  # the broker was away
    response = client_for(plan_manager).get(_pages(plan, job)[0])
    assert response["Refresh"] == "2"
    assert "cannot be reached just now" in response.content.decode()
