"""Long work started from a page (publishing, DfE and national loads, large workbooks) as jobs.

Without a broker each job's task runs in the request that starts it, by the same code as on a
worker, so the person lands on its progress page already done, or straight on the result.
"""

import datetime as dt
import re

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from task_queue import CLOSED_PORT, sending_to

from wsoa.benchmarks import loading
from wsoa.benchmarks.models import DataLoad, Value
from wsoa.core import storage
from wsoa.core.models import AuditEvent
from wsoa.jobs import running, sending
from wsoa.jobs.models import Job, JobStatus
from wsoa.jobs.tasks import resend_waiting_jobs
from wsoa.kpi import dfe
from wsoa.kpi import tasks as kpi_tasks
from wsoa.kpi.models import DfeLink, Measurement
from wsoa.public import services as public_services
from wsoa.public import tasks as public_tasks
from wsoa.public.models import PublishedSnapshot

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FEW = {"SEN_EHC_All_20wks", "TotAbs"}


def _job_url(job: Job) -> str:
    return reverse("jobs:job", args=[job.area.slug, job.pk])


def _token(client, url: str) -> str:
    page = client.get(url).content.decode()
    return page.split('name="submission_token" value="')[1].split('"')[0]


def _publish(client, plan):
    staff = reverse("public:staff", args=[plan.area.slug, plan.pk])
    url = reverse("public:publish", args=[plan.area.slug, plan.pk])
    return client.post(url, {"submission_token": _token(client, staff)})


# The progress page


def test_a_queued_job_page_refreshes_itself_and_says_it_waits(client_for, plan_manager, plan):
    job = public_tasks.start_publishing(plan=plan, by=plan_manager)
    page = client_for(plan_manager).get(_job_url(job))
    assert page.status_code == 200 and page["Refresh"] == "2"
    text = page.content.decode()
    assert "Waiting to start" in text and "Publishing the public page of" in text
    assert not re.search(r"<script(?![^>]*\bsrc=)", text)  # no inline script: CSP stays strict


def test_a_failed_job_page_says_why_and_stops_refreshing(client_for, plan_manager, plan):
    job = public_tasks.start_publishing(plan=plan, by=plan_manager)
    running.fail_job(job.pk, "The figures file is not there. Nothing was changed.")
    page = client_for(plan_manager).get(_job_url(job))
    assert "Refresh" not in page
    assert "This could not be done" in page.content.decode()
    assert "The figures file is not there. Nothing was changed." in page.content.decode()


def test_another_areas_job_or_a_made_up_id_is_404(
    client_for, plan_manager, other_area_user, plan, other_area
):
    job = public_tasks.start_publishing(plan=plan, by=plan_manager)
    other = client_for(other_area_user)
    assert other.get(_job_url(job)).status_code == 404
    assert other.get(reverse("jobs:job", args=[other_area.slug, job.pk])).status_code == 404
    made_up = reverse("jobs:job", args=[plan.area.slug, job.pk + 1000])
    assert client_for(plan_manager).get(made_up).status_code == 404


def test_members_who_do_not_manage_cannot_follow_jobs(client_for, contributor, plan_manager, plan):
    job = public_tasks.start_publishing(plan=plan, by=plan_manager)
    assert client_for(contributor).get(_job_url(job)).status_code == 403
    assert client_for(None).get(_job_url(job)).status_code == 302  # to sign in


# Running a job: once, retried while the database is away, nothing half-written


def test_a_job_sent_twice_runs_once(plan_manager, chosen_plan):
    job = public_tasks.start_publishing(plan=chosen_plan, by=plan_manager)
    assert sending.send(job.pk) and sending.send(job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 1)
    assert PublishedSnapshot.objects.filter(plan=chosen_plan).count() == 1


def test_a_superseded_task_does_nothing(plan_manager, chosen_plan):
    job = public_tasks.start_publishing(plan=chosen_plan, by=plan_manager)
    Job.objects.filter(pk=job.pk).update(task_id="the-latest")
    running.run_job(job.pk, public_tasks._publish, task_id="an-earlier-one")
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.QUEUED, 0)
    assert not PublishedSnapshot.objects.exists()


def test_a_job_started_too_often_is_failed_with_a_reason(plan_manager, chosen_plan):
    job = public_tasks.start_publishing(plan=chosen_plan, by=plan_manager)
    Job.objects.filter(pk=job.pk).update(attempts=running.MAX_ATTEMPTS)
    assert sending.send(job.pk)
    job.refresh_from_db()
    assert (job.status, job.message) == (JobStatus.FAILED, running.GAVE_UP)
    assert not PublishedSnapshot.objects.exists()


def test_a_job_that_cannot_reach_the_database_is_retried(plan_manager, chosen_plan, monkeypatch):
    real, calls = public_services.publish_plan, []

    def away_once(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    monkeypatch.setattr(public_services, "publish_plan", away_once)
    monkeypatch.setattr(running, "backoff", lambda retries: 0)
    job = public_tasks.start_publishing(plan=chosen_plan, by=plan_manager)
    assert sending.send(job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts, len(calls)) == (JobStatus.DONE, 2, 2)
    assert PublishedSnapshot.objects.filter(plan=chosen_plan).count() == 1


def test_back_off_doubles_up_to_ten_minutes():
    assert 4 <= running.backoff(0) <= 6 and 8 <= running.backoff(1) <= 12
    assert running.backoff(20) <= 720


# Publishing


def test_publishing_goes_by_its_job_to_the_published_page(client_for, plan_manager, chosen_plan):
    client = client_for(plan_manager)
    asked = _publish(client, chosen_plan)
    job = Job.objects.get()
    assert asked["Location"] == _job_url(job)
    assert (job.status, job.started_by) == (JobStatus.DONE, plan_manager)
    staff = reverse("public:staff", args=[chosen_plan.area.slug, chosen_plan.pk])
    done = client.get(asked["Location"], follow=True)
    assert done.redirect_chain[0][0] == staff
    assert "Published: version 1 is now public." in done.content.decode()
    event = AuditEvent.objects.get(action="plan.published")
    assert event.actor == plan_manager


def test_publishing_nothing_chosen_fails_with_the_reason(client_for, plan_manager, plan):
    client = client_for(plan_manager)
    page = client.get(_publish(client, plan)["Location"]).content.decode()
    assert "Choose something to publish first" in page
    assert Job.objects.get().status == JobStatus.FAILED
    assert not PublishedSnapshot.objects.exists()


def test_publishing_that_fails_half_way_writes_no_snapshot(
    client_for, plan_manager, chosen_plan, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(public_services, "record_event", broken)  # after the snapshot's row
    client = client_for(plan_manager)
    text = client.get(_publish(client, chosen_plan)["Location"]).content.decode()
    assert "nothing was changed" in text and "disk full" not in text
    assert not PublishedSnapshot.objects.exists()
    assert Job.objects.get().status == JobStatus.FAILED


# The DfE's figures


def test_loading_the_dfe_figures_shows_what_was_loaded(client_for, area_admin, area):
    client = client_for(area_admin)
    url = reverse("kpi:dfe", args=[area.slug])
    asked = client.post(url, {"la_code": "805", "neighbours": ["806", "807"]})
    job = Job.objects.get(task_name=kpi_tasks.DFE_TASK)
    assert asked["Location"] == _job_url(job)
    page = client.get(asked["Location"])
    text = page.content.decode()
    assert "Refresh" not in page and "Hartlepool (805)" in text and "Not matched" in text
    assert Measurement.objects.filter(indicator__area=area).exists()
    event = AuditEvent.objects.get(action="dfe_figures.loaded")
    assert event.actor == area_admin == job.started_by


def test_a_dfe_load_that_fails_half_way_writes_nothing(area_admin, area, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("no")

    monkeypatch.setattr(dfe, "record_event", broken)  # the load's last write
    job = kpi_tasks.start_dfe_load(area=area, by=area_admin)
    assert sending.send(job.pk)
    job.refresh_from_db()
    assert (job.status, job.message) == (JobStatus.FAILED, running.UNEXPECTED)
    assert not Measurement.objects.exists() and not DfeLink.objects.exists()


# The national figures


@pytest.fixture
def few_measures(monkeypatch):
    monkeypatch.setattr(loading, "ensure_loaded", lambda: loading.load_national(measures=FEW))


@pytest.fixture
def linked(area):
    DfeLink.objects.create(area=area, la_code="805", la_name="Hartlepool", region_name="North East")
    return area


def test_managers_load_the_national_figures_from_the_benchmarks_page(
    client_for, plan_manager, board_member, linked, few_measures
):
    page = reverse("kpi:benchmarks", args=[linked.slug])
    load = reverse("kpi:benchmarks_load", args=[linked.slug])
    assert load in client_for(plan_manager).get(page).content.decode()
    assert load not in client_for(board_member).get(page).content.decode()
    assert client_for(board_member).post(load).status_code == 403
    done = client_for(plan_manager).post(load, follow=True)
    assert done.redirect_chain[-1][0] == page
    assert "Loaded" in done.content.decode() and DataLoad.objects.exists()
    assert Job.objects.get().started_by == plan_manager


def test_a_national_load_that_fails_half_way_writes_nothing(
    plan_manager, linked, few_measures, monkeypatch
):
    def broken(*args):
        raise RuntimeError("bad file")

    monkeypatch.setattr(loading, "_load_neighbours", broken)  # after the values are written
    job = kpi_tasks.start_national_load(area=linked, by=plan_manager)
    assert sending.send(job.pk)
    assert Job.objects.get().status == JobStatus.FAILED
    assert not Value.objects.exists() and not DataLoad.objects.exists()


# Large workbooks


@pytest.fixture
def large(settings):
    settings.LONG_WORKBOOK_BYTES = 0
    settings.LONG_WORKBOOK_ROWS = 0


def _upload(client, plan, content: bytes):
    url = reverse("documents:workbook_upload", args=[plan.area.slug, plan.pk])
    return client.post(url, {"workbook": SimpleUploadedFile("plan.xlsx", content, XLSX)})


def test_a_large_workbook_is_read_and_applied_by_jobs(
    client_for, plan_manager, plan, edited_workbook, large, monkeypatch
):
    content, item = edited_workbook
    discarded: list[str] = []
    real_discard = storage.discard

    def discard(names):
        discarded.extend(names)
        real_discard(names)

    monkeypatch.setattr(storage, "discard", discard)
    client = client_for(plan_manager)
    asked = _upload(client, plan, content)
    read = Job.objects.get()
    assert asked["Location"] == _job_url(read)
    preview = client.get(asked["Location"], follow=True)
    assert "0 items added, 1 changed, 0 removed" in preview.content.decode()
    assert read.file_name == "" and len(discarded) == 1  # the uploaded file is not kept
    assert not default_storage.exists(discarded[0])
    url = reverse("documents:workbook_preview", args=[plan.area.slug, plan.pk])
    applied = client.post(url)
    apply_job = Job.objects.exclude(pk=read.pk).get()
    assert applied["Location"] == _job_url(apply_job)
    plan_page = client.get(applied["Location"], follow=True)
    assert "The workbook was applied: 1 item changed." in plan_page.content.decode()
    item.refresh_from_db()
    assert item.title == "Changed by a large workbook"
    assert AuditEvent.objects.filter(actor=plan_manager, action__startswith="item.").exists()


def test_a_large_workbook_that_cannot_be_used_fails_with_the_reason(
    client_for, plan_manager, plan, other_plan, large
):
    from wsoa.documents.office.excel import ExcelExport

    client = client_for(plan_manager)
    page = client.get(_upload(client, plan, ExcelExport(other_plan).render())["Location"])
    text = page.content.decode()
    assert "exported from another plan" in text and "Nothing was changed." in text
    assert Job.objects.get().status == JobStatus.FAILED


def test_applying_a_large_workbook_that_fails_half_way_changes_nothing(
    client_for, plan_manager, plan, edited_workbook, large, monkeypatch
):
    from wsoa.documents.office import applying

    content, item = edited_workbook
    client = client_for(plan_manager)
    client.get(_upload(client, plan, content)["Location"], follow=True)

    def broken(**kwargs):
        raise RuntimeError("no")

    monkeypatch.setattr(applying, "record_event", broken)
    url = reverse("documents:workbook_preview", args=[plan.area.slug, plan.pk])
    client.get(client.post(url)["Location"])
    item.refresh_from_db()
    assert item.title != "Changed by a large workbook"
    assert Job.objects.order_by("pk").last().status == JobStatus.FAILED


def test_another_users_reading_job_on_the_preview_is_404(
    client_for, plan_manager, area_admin, plan, edited_workbook, large
):
    _upload(client_for(plan_manager), plan, edited_workbook[0])
    read = Job.objects.get()
    url = reverse("documents:workbook_preview", args=[plan.area.slug, plan.pk])
    assert client_for(area_admin).get(url, {"job": read.pk}).status_code == 404
    assert client_for(plan_manager).get(url, {"job": "x"}).status_code == 404


def test_a_small_workbook_is_still_read_in_the_request(
    client_for, plan_manager, plan, edited_workbook
):
    asked = _upload(client_for(plan_manager), plan, edited_workbook[0])
    preview = reverse("documents:workbook_preview", args=[plan.area.slug, plan.pk])
    assert asked["Location"] == preview
    assert not Job.objects.exists()


# The broker away


def test_with_the_broker_away_publishing_waits_and_says_so(client_for, plan_manager, chosen_plan):
    client = client_for(plan_manager)
    with sending_to(CLOSED_PORT):
        asked = _publish(client, chosen_plan)
    job = Job.objects.get()
    assert (job.status, job.sent_at, job.is_waiting_for_queue) == (JobStatus.QUEUED, None, True)
    page = client.get(asked["Location"]).content.decode()
    assert "cannot be reached just now" in page
    assert not PublishedSnapshot.objects.exists()


def test_jobs_the_broker_never_took_are_sent_again_by_beat(plan_manager, chosen_plan):
    job = public_tasks.start_publishing(plan=chosen_plan, by=plan_manager)
    Job.objects.filter(pk=job.pk).update(task_id="not-sent")
    assert resend_waiting_jobs() == 0  # asked for just now: its request may still send it
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2), tick=True):
        assert resend_waiting_jobs() == 1
    assert Job.objects.get(pk=job.pk).status == JobStatus.DONE
    assert PublishedSnapshot.objects.filter(plan=chosen_plan).count() == 1
