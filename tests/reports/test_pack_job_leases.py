"""Pack jobs are held on a lease: a job whose worker stopped is taken again, made once."""

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from wsoa.core.models import AuditEvent
from wsoa.reports import render, services
from wsoa.reports.models import JobStatus, PackJob, PackSnapshot

pytestmark = pytest.mark.django_db
PAST_THE_LEASE = services.LEASE + dt.timedelta(seconds=1)


@pytest.fixture
def clock():
    """Time runs as usual but can be moved on, e.g. past a lease."""
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


def test_a_job_whose_worker_died_is_taken_again_once_its_lease_lapses(job, clock):
    assert services.claim(job.pk, holder="worker-a") is not None  # then the worker is killed
    clock.shift(services.LEASE - dt.timedelta(seconds=1))
    assert services.claim(job.pk, holder="worker-b") is None  # its lease still runs
    clock.shift(dt.timedelta(seconds=2))
    taken = services.claim(job.pk, holder="worker-b")
    assert taken is not None
    assert (taken.holder, taken.attempts) == ("worker-b", 2)
    snapshot = services.run_job(taken)
    job.refresh_from_db()
    assert (job.status, job.snapshot) == (JobStatus.DONE, snapshot)
    assert PackSnapshot.objects.get() == snapshot


def test_the_next_packs_run_takes_a_job_whose_worker_died(job, clock):
    services.claim(job.pk)
    clock.shift(PAST_THE_LEASE)
    assert services.run_next()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert PackSnapshot.objects.count() == 1


def test_a_worker_that_lost_its_lease_writes_no_second_snapshot(job, clock):
    slow = services.claim(job.pk)
    clock.shift(PAST_THE_LEASE)
    first = services.run_job(services.claim(job.pk))
    assert services.run_job(slow) is None  # it finishes late, after another worker made the pack
    job.refresh_from_db()
    assert PackSnapshot.objects.get() == first == job.snapshot
    assert job.status == JobStatus.DONE


def test_a_worker_whose_lease_lapses_while_it_prints_saves_nothing(job, clock, monkeypatch):
    """The snapshot is saved only with the job's completion, which checks the lease is held."""
    real_pdf = render.render_pdf

    def reclaimed_meanwhile(document):
        monkeypatch.setattr(render, "render_pdf", real_pdf)
        clock.shift(PAST_THE_LEASE)
        services.run_job(services.claim(job.pk, holder="worker-b"))  # makes the pack
        return real_pdf(document)

    slow = services.claim(job.pk, holder="worker-a")
    monkeypatch.setattr(render, "render_pdf", reclaimed_meanwhile)
    assert services.run_job(slow) is None
    job.refresh_from_db()
    assert PackSnapshot.objects.get() == job.snapshot
    assert (job.status, job.holder) == (JobStatus.DONE, "worker-b")
    assert AuditEvent.objects.filter(action="pack.generated").count() == 1


def test_the_database_refuses_a_second_snapshot_for_a_job(job, plan, plan_manager):
    made = services.run_job(services.claim(job.pk))
    assert made is not None and made.made_for == job
    with pytest.raises(IntegrityError), transaction.atomic():
        PackSnapshot.objects.create(
            plan=plan, title=made.title, until=made.until, created_by=plan_manager, data={},
            html="", docx=b"", pdf=b"", html_sha256="", docx_sha256="", pdf_sha256="",
            made_for=job,
        )  # fmt: skip


def test_the_job_page_offers_run_again_once_the_lease_lapses(
    job, plan, plan_manager, client_for, clock, settings, monkeypatch
):
    client = client_for(plan_manager)
    page_url, run_url = _pages(plan, job)
    services.claim(job.pk)
    page = client.get(page_url).content.decode()
    assert "Being made" in page and "Run again" not in page
    clock.shift(PAST_THE_LEASE)
    stopped = client.get(page_url)
    assert stopped["Refresh"] == "2"
    assert "stopped before it was finished" in stopped.content.decode()
    assert "Run again" in stopped.content.decode()
    settings.WSOA_PACK_THREADS = True
    started: list[int] = []
    monkeypatch.setattr(services, "run_in_thread", started.append)
    response = client.post(run_url)
    assert (response["Location"], started) == (page_url, [job.pk])
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.QUEUED, 0)
    assert AuditEvent.objects.filter(action="pack.retried", object_id=job.pk).exists()
    snapshot = services.run_job(services.claim(job.pk))  # what the thread does
    assert snapshot is not None
    done = client.get(page_url)
    assert done["Location"] == reverse("reports:pack", args=[plan.area.slug, plan.pk, snapshot.pk])


def test_run_again_leaves_a_job_that_is_being_made_alone(job, plan, plan_manager, client_for):
    held = services.claim(job.pk)
    client_for(plan_manager).post(_pages(plan, job)[1])
    job.refresh_from_db()
    assert (job.status, job.lease_token, job.attempts) == (JobStatus.RUNNING, held.lease_token, 1)
    assert not AuditEvent.objects.filter(action="pack.retried").exists()


def test_try_again_after_a_failure_makes_the_pack(job, plan, plan_manager, client_for, monkeypatch):
    def broken(pack, body):
        raise RuntimeError("no fonts")

    with monkeypatch.context() as patch:
        patch.setattr(render, "render_document", broken)
        services.run_job(services.claim(job.pk))
    client = client_for(plan_manager)
    page_url, run_url = _pages(plan, job)
    assert "Try again" in client.get(page_url).content.decode()
    client.post(run_url)
    assert services.run_next()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert PackSnapshot.objects.get() == job.snapshot


def test_a_job_that_keeps_stopping_fails_after_its_attempts(
    job, plan, plan_manager, client_for, clock
):
    for _ in range(services.MAX_ATTEMPTS):
        assert services.claim(job.pk) is not None
        clock.shift(PAST_THE_LEASE)
    assert services.claim(job.pk) is None
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.FAILED, services.MAX_ATTEMPTS)
    assert f"stopped part-way {services.MAX_ATTEMPTS} times" in job.message
    client = client_for(plan_manager)
    page_url, run_url = _pages(plan, job)
    page = client.get(page_url).content.decode()
    assert "The pack could not be made" in page and "Try again" in page
    client.post(run_url)  # a person asks again: the count starts afresh
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.QUEUED, 0)
    assert services.claim(job.pk) is not None


def test_the_packs_list_says_a_job_stopped(job, plan, plan_manager, client_for, clock):
    services.claim(job.pk)
    clock.shift(PAST_THE_LEASE)
    page = client_for(plan_manager).get(reverse("reports:packs", args=[plan.area.slug, plan.pk]))
    assert "Stopped before it was finished" in page.content.decode()
    assert PackJob.objects.get().is_abandoned
