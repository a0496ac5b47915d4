"""The tasks on a real `celery worker` with the local Redis as broker, and the broker's faults.

Each test starts its worker as a process on the test database (committed data: these tests
use `transaction=True`) and a Redis database of its pytest worker's own (task_queue.BROKER).
"""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from task_queue import BROKER, CLOSED_PORT, empty_broker, redis_is_up, sending_to, wait_for, worker

from wsoa.config import celery
from wsoa.progress.models import ReminderSent
from wsoa.progress.tasks import send_reminders
from wsoa.reports import services, tasks
from wsoa.reports.models import JobStatus, PackJob, PackSnapshot

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("celery-worker"),
    pytest.mark.skipif(not redis_is_up(), reason="needs Redis at 127.0.0.1:6379"),
]
MAKING = 300  # seconds to wait at most, on a very busy machine (a pack takes about 5 s idle)


@pytest.fixture(autouse=True)
def _broker():
    empty_broker()
    with sending_to(BROKER):
        yield
    empty_broker()


def _job(pk: int) -> PackJob:
    return PackJob.objects.get(pk=pk)


def test_a_worker_makes_the_pack_asked_for(plan, board, plan_manager):
    job = services.request_pack(plan=plan, by=plan_manager, board=board)
    with worker() as running:
        assert tasks.send_pack(job.pk)
        wait_for(lambda: _job(job.pk).is_finished, MAKING, running.errors)
    done = _job(job.pk)
    assert (done.status, done.attempts, done.step) == (JobStatus.DONE, 1, 5)
    assert done.snapshot is not None and done.snapshot.is_intact("pdf")


def test_a_worker_killed_mid_pack_its_task_is_redelivered_and_makes_one_snapshot(
    plan, board, plan_manager
):
    job = services.request_pack(plan=plan, by=plan_manager, board=board)
    with worker(stall=True) as doomed:  # its PDF step never ends
        assert tasks.send_pack(job.pk)
        wait_for(lambda: _job(job.pk).step == 4, MAKING, doomed.errors)
        doomed.kill()  # SIGKILL mid-pack: the task was never acknowledged
    stopped = _job(job.pk)
    assert (stopped.status, stopped.attempts, stopped.snapshot) == (JobStatus.RUNNING, 1, None)
    with worker(visibility_timeout=2) as second:  # takes unacknowledged tasks after 2 s
        wait_for(lambda: _job(job.pk).is_finished, MAKING, second.errors)
    done = _job(job.pk)
    assert (done.status, done.attempts) == (JobStatus.DONE, 2)
    snapshot = PackSnapshot.objects.get()
    assert snapshot == done.snapshot
    assert all(snapshot.is_intact(kind) for kind in ("html", "docx", "pdf"))


def test_a_worker_sends_the_reminders(owed_update):
    with worker() as running:
        send_reminders.delay("2026-11-25")
        wait_for(lambda: ReminderSent.objects.exists(), MAKING, running.errors)
    assert ReminderSent.objects.get().kind == "reminder"


def test_broker_reachable_says_whether_redis_answers():
    assert celery.broker_reachable()
    with sending_to(CLOSED_PORT):
        assert not celery.broker_reachable(timeout=1)


def test_with_the_broker_down_a_pack_asked_for_waits_and_is_made_when_it_is_back(
    client_for, plan_manager, plan, board
):
    client = client_for(plan_manager)
    args = [plan.area.slug, plan.pk]
    with sending_to(CLOSED_PORT):
        asked = client.post(reverse("reports:packs", args=args), {"board": board.pk}, follow=True)
    page = asked.content.decode()
    assert asked.status_code == 200 and "cannot be started yet" in page
    job = PackJob.objects.get()
    assert (job.status, job.sent_at) == (JobStatus.QUEUED, None)
    waiting = client.get(reverse("reports:pack_job", args=[*args, job.pk])).content.decode()
    assert "cannot be reached just now" in waiting
    with worker() as running:
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=2), tick=True):
            assert tasks.resend_waiting_packs() == 1  # what beat runs each minute
        wait_for(lambda: _job(job.pk).is_finished, MAKING, running.errors)
    assert _job(job.pk).status == JobStatus.DONE
    assert PackSnapshot.objects.filter(made_for=job).count() == 1
