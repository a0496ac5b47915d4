"""Helpers of the task tests: the test's own Redis database, and real workers on it.

Tests that use them commit what they write (`transaction=True`), so the worker process sees it;
on SQLite the test database is a file (tests/conftest.py), which the worker opens too.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import redis

from managed_process import ManagedProcess, database_url
from wsoa.config.celery import app

# This suite's own Redis database, emptied by each test: one per xdist worker (13, 14, 15), so
# workers started by tests on two pytest workers at once never take each other's tasks.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
BROKER = f"redis://127.0.0.1:6379/{13 + int(_WORKER or 0) % 3}"
CLOSED_PORT = "redis://127.0.0.1:1/11"  # nothing listens there: the broker is "down"
SCRIPT = Path(__file__).with_name("celery_worker_script.py")


def redis_is_up() -> bool:
    try:
        return bool(redis.Redis.from_url(BROKER, socket_connect_timeout=1).ping())
    except redis.exceptions.ConnectionError:
        return False


def empty_broker() -> None:
    redis.Redis.from_url(BROKER).flushdb()


@contextmanager
def sending_to(url: str) -> Iterator[None]:
    """Send this process's tasks to the broker at `url` rather than running them here."""
    saved = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
    app.conf.update(broker_url=url, task_always_eager=False)
    _forget_producers()
    try:
        yield
    finally:
        app.conf.update(**saved)
        _forget_producers()


def _forget_producers() -> None:
    """Have the app look up the producers of its broker address again (kombu keeps one pool
    per address, so each address's connections stay open for the next test)."""
    app._pool = None
    app.amqp._producer_pool = None


class Worker(ManagedProcess):
    """A `celery worker` process on the test database and broker.

    `stall` makes its PDF step never end (a worker to kill mid-pack); `few_measures` makes its
    national load read a handful of measures rather than the whole catalogue.
    """

    def __init__(
        self, *, stall: bool = False, few_measures: bool = False, visibility_timeout: int = 900
    ) -> None:
        environ = {
            "DATABASE_URL": database_url(), "WSOA_CELERY_BROKER_URL": BROKER,
            "WSOA_CELERY_VISIBILITY_TIMEOUT": str(visibility_timeout),
        }  # fmt: skip
        options = [*(["--stall"] if stall else []), *(["--few-measures"] if few_measures else [])]
        super().__init__([sys.executable, str(SCRIPT), *options], environ)

    def kill(self) -> None:
        """SIGKILL, as a machine that dies: no task is acknowledged, nothing tidied."""
        self.stop(signal.SIGKILL)

    def errors(self) -> str:
        """The last of what the worker printed (its log and any traceback), running or not."""
        return self.output()


@contextmanager
def worker(**options: Any) -> Iterator[Worker]:
    started = Worker(**options)
    try:
        yield started
    finally:
        started.kill()


def wait_for(condition: Callable[[], bool], seconds: float, why: Callable[[], str] = str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out; {why()}"
        time.sleep(0.1)
