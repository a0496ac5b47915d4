"""Without a broker every task runs in the process that sends it, by the same code (eager)."""

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from wsoa.config import celery
from wsoa.jobs import sending
from wsoa.progress.models import PlanSettings, ReminderSent
from wsoa.progress.tasks import send_reminders
from wsoa.reports import jobs, services, tasks
from wsoa.reports.models import JobStatus, PackJob, PackSnapshot

pytestmark = pytest.mark.django_db
FIVE_DAYS_BEFORE = dt.date(2026, 11, 25)


def test_the_tests_run_tasks_in_process_with_no_broker():
    assert celery.is_eager() and celery.broker_reachable()


def test_sending_a_pack_makes_it_now(plan, board, plan_manager):
    job = services.request_pack(plan=plan, by=plan_manager, board=board)
    assert tasks.send_pack(job.pk)
    job.refresh_from_db()
    assert (job.status, job.step, job.attempts) == (JobStatus.DONE, 5, 1)
    assert job.task_id and job.sent_at is not None
    snapshot = PackSnapshot.objects.get(made_for=job)
    assert all(snapshot.is_intact(kind) for kind in ("html", "docx", "pdf"))


def test_a_manager_asks_for_a_pack_and_it_is_made_after_the_response(
    client_for, plan_manager, plan, board
):
    client = client_for(plan_manager)
    asked = client.post(
        reverse("reports:packs", args=[plan.area.slug, plan.pk]), {"board": board.pk}
    )
    job = PackJob.objects.get()
    assert asked["Location"] == reverse("reports:pack_job", args=[plan.area.slug, plan.pk, job.pk])
    ready = client.get(asked["Location"])
    snapshot = PackSnapshot.objects.get(made_for=job)
    assert ready["Location"] == reverse("reports:pack", args=[plan.area.slug, plan.pk, snapshot.pk])


def test_a_pack_task_that_cannot_reach_the_database_is_retried(
    plan, board, plan_manager, monkeypatch
):
    job = services.request_pack(plan=plan, by=plan_manager, board=board)
    real = jobs.make_pack
    calls: list[int] = []

    def unreachable_once(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    monkeypatch.setattr(jobs, "make_pack", unreachable_once)
    monkeypatch.setattr(tasks, "backoff", lambda retries: 0)
    tasks.send_pack(job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts, len(calls)) == (JobStatus.DONE, 2, 2)
    assert PackSnapshot.objects.filter(made_for=job).count() == 1


def test_a_pack_that_fails_is_not_retried_and_says_why(plan, plan_manager, monkeypatch):
    job = services.request_pack(plan=plan, by=plan_manager)

    def broken(data):
        raise ValueError("The chart has no figures")

    monkeypatch.setattr("wsoa.reports.render.render_docx", broken)
    tasks.send_pack(job.pk)
    job.refresh_from_db()
    assert (job.status, job.message) == (JobStatus.FAILED, "The chart has no figures")
    assert job.attempts == 1
    assert not PackSnapshot.objects.exists()


def test_beat_sends_again_the_jobs_never_sent(plan, plan_manager):
    unsent = services.request_pack(plan=plan, by=plan_manager)
    PackJob.objects.filter(pk=unsent.pk).update(task_id="never-sent")  # the broker was away
    fresh = services.request_pack(plan=plan, by=plan_manager)  # its request is still sending it
    with time_machine.travel(timezone.now() + sending.UNSENT_AFTER, tick=False):
        PackJob.objects.filter(pk=fresh.pk).update(requested_at=timezone.now())
        assert tasks.resend_waiting_packs.delay().get() == 1
    assert PackJob.objects.get(pk=unsent.pk).status == JobStatus.DONE
    assert PackJob.objects.get(pk=fresh.pk).status == JobStatus.QUEUED


def test_the_reminders_task_sends_each_digest_once(owed_update):
    summary = send_reminders.delay(FIVE_DAYS_BEFORE.isoformat()).get()
    assert (summary["sent"], summary["reminders"]) == (1, 1)
    assert mail.outbox[0].subject == "Reminder: 1 SEND plan update due soon"
    again = send_reminders.delay(FIVE_DAYS_BEFORE.isoformat()).get()
    assert (again["sent"], again["already"], len(mail.outbox)) == (0, 1, 1)


def test_reminders_that_could_not_be_sent_are_retried(owed_update, monkeypatch):
    sends: list[int] = []
    real = mail.send_mail

    def down_once(*args, **kwargs):
        sends.append(1)
        if len(sends) == 1:
            raise ConnectionRefusedError("SMTP server down")
        return real(*args, **kwargs)

    monkeypatch.setattr("wsoa.progress.reminders.send_mail", down_once)
    monkeypatch.setattr("wsoa.progress.tasks.backoff", lambda retries: 0)
    send_reminders.delay(FIVE_DAYS_BEFORE.isoformat())
    assert len(sends) == 2 and len(mail.outbox) == 1
    assert ReminderSent.objects.count() == 1


def test_the_reminders_follow_each_plans_cycle_settings(owed_update, plan):
    PlanSettings.objects.update_or_create(plan=plan, defaults={"remind_days_before": 3})
    assert send_reminders.delay(FIVE_DAYS_BEFORE.isoformat()).get()["sent"] == 0
    assert send_reminders.delay("2026-11-27").get()["sent"] == 1


def test_wsoa_remind_still_sends_the_same_digest(owed_update):
    out = io.StringIO()
    call_command("remind", today=FIVE_DAYS_BEFORE.isoformat(), stdout=out)
    assert "Sent 1 message (1 reminder, 0 chasers)" in out.getvalue()


def test_the_beat_schedule_sends_reminders_daily_and_waiting_packs_each_minute():
    schedule = celery.app.conf.beat_schedule
    daily = schedule["send-reminders"]["schedule"]
    assert schedule["send-reminders"]["task"] == send_reminders.name
    assert (daily.hour, daily.minute) == ({7}, {15})
    waiting = schedule["resend-waiting-packs"]
    assert (waiting["task"], waiting["schedule"]) == (tasks.resend_waiting_packs.name, 60.0)


@pytest.mark.parametrize("command", ["worker", "beat"])
def test_worker_and_beat_refuse_to_start_with_no_broker(command):
    with pytest.raises(CommandError, match="WSOA_CELERY_BROKER_URL"):
        call_command(command)
