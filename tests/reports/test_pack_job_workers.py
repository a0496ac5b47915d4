"""Pack workers at once: in threads with their own database connections, and as processes.

These tests commit what they write, so that other connections and processes see it; on SQLite
they need the test database in a file, where a second writer waits for the first.
"""

import datetime as dt
import functools
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import time_machine
from django.db import connection, connections
from django.utils import timezone

from wsoa.reports import render, services
from wsoa.reports.models import JobStatus, PackJob, PackSnapshot

pytestmark = pytest.mark.django_db(transaction=True)
STALLING_WORKER = Path(__file__).with_name("stalling_worker.py")
WSOA = Path(sys.executable).with_name("wsoa")


@pytest.fixture
def shared_database(transactional_db: None) -> Iterator[str]:
    """The test database's address for another process (SQLite tests run in a file)."""
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        yield _postgres_url(settings_dict)
        return
    if connection.is_in_memory_db():
        pytest.skip("needs the SQLite test database in a file (see tests/conftest.py)")
    yield f"sqlite:///{settings_dict['NAME']}"


def _postgres_url(settings_dict: dict[str, Any]) -> str:
    user = quote(settings_dict["USER"] or "")
    password = f":{quote(settings_dict['PASSWORD'])}" if settings_dict["PASSWORD"] else ""
    host = settings_dict["HOST"] or "localhost"
    port = settings_dict["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


def _at_once(count: int, work: Callable[[str], Any]) -> list[Any]:
    """Run `work(name)` in `count` threads released together, each with its own connection."""
    start = threading.Barrier(count)

    def worker(name: str) -> Any:
        try:
            start.wait(timeout=30)
            return work(name)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(worker, [f"worker-{n}" for n in range(count)]))


def _wait_for(condition: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _claim(job_id: int, holder: str) -> PackJob | None:
    return services.claim(job_id, holder=holder)


def test_two_workers_claiming_at_once_get_the_job_once(shared_database, plan, plan_manager):
    for _ in range(5):
        job = services.request_pack(plan=plan, by=plan_manager)
        claims = _at_once(2, functools.partial(_claim, job.pk))
        taken = [claimed for claimed in claims if claimed is not None]
        assert len(taken) == 1
        job.refresh_from_db()
        assert (job.status, job.holder, job.attempts) == (JobStatus.RUNNING, taken[0].holder, 1)


def test_two_workers_share_out_the_queue(shared_database, plan, plan_manager):
    jobs = [services.request_pack(plan=plan, by=plan_manager) for _ in range(3)]

    def work(name: str) -> int:
        made = 0
        while services.run_next(holder=name):
            made += 1
        return made

    assert sum(_at_once(2, work)) == 3
    done = PackJob.objects.filter(pk__in=[j.pk for j in jobs], status=JobStatus.DONE)
    assert [j.attempts for j in done] == [1, 1, 1]
    assert PackSnapshot.objects.filter(made_for__in=jobs).count() == 3


def test_a_long_pack_keeps_its_lease_while_it_is_made(
    shared_database, plan, plan_manager, monkeypatch
):
    monkeypatch.setattr(services, "HEARTBEAT_EVERY", dt.timedelta(seconds=0.05))
    job = services.request_pack(plan=plan, by=plan_manager)
    real_pdf = render.render_pdf
    others: list[object] = []

    def renewed() -> bool:
        expires = PackJob.objects.values_list("lease_expires_at", flat=True).get(pk=job.pk)
        return expires > timezone.now() + services.LEASE / 2

    def slow_pdf(document: str) -> bytes:
        for _ in range(4):  # two lease lengths in all
            clock.shift(services.LEASE / 2)
            _wait_for(renewed, seconds=20)
            others.append(services.claim(job.pk, holder="another worker"))
        return real_pdf(document)

    monkeypatch.setattr(render, "render_pdf", slow_pdf)
    with time_machine.travel(timezone.now(), tick=True) as clock:
        snapshot = services.run_job(services.claim(job.pk, holder="slow worker"))
    assert others == [None] * 4
    job.refresh_from_db()
    assert (job.status, job.attempts, job.snapshot) == (JobStatus.DONE, 1, snapshot)


def test_a_killed_packs_worker_is_replaced_by_the_next_run(shared_database, plan, plan_manager):
    job = services.request_pack(plan=plan, by=plan_manager)
    env = {**os.environ, "DATABASE_URL": shared_database}

    def state() -> PackJob:
        return PackJob.objects.get(pk=job.pk)

    worker = subprocess.Popen(
        [sys.executable, str(STALLING_WORKER)], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        _wait_for(lambda: state().step == 4 or worker.poll() is not None, seconds=180)
        assert worker.poll() is None, worker.stderr.read().decode() if worker.stderr else ""
        time.sleep(3)  # longer than its 2-second lease: its heartbeat keeps the job
        assert services.claim(job.pk, holder="test") is None
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.communicate(timeout=30)
    stopped = state()
    assert (stopped.status, stopped.attempts) == (JobStatus.RUNNING, 1)
    _wait_for(lambda: timezone.now() > stopped.lease_expires_at, seconds=30)
    second = subprocess.run(
        [str(WSOA), "packs", "--once"], env=env, capture_output=True, text=True, timeout=300,
        check=False,
    )  # fmt: skip
    assert "Made 1 board pack." in second.stdout, second.stderr
    done = state()
    assert (done.status, done.attempts) == (JobStatus.DONE, 2)
    assert PackSnapshot.objects.get() == done.snapshot
