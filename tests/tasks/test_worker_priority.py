"""`wsoa worker` yields the CPU to the app servers: it lowers its priority before it starts."""

from __future__ import annotations

import multiprocessing
import os
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wsoa.core.management.commands import worker


def _priority_when_started(options: dict[str, Any], queue: Any) -> None:
    """In a child process (so the test's own priority is untouched): run `wsoa worker` with a
    broker it believes configured, and report the priority the worker would start with."""
    worker.is_eager = lambda: False  # type: ignore[assignment]
    worker.app.worker_main = lambda argv: queue.put(  # type: ignore[method-assign]
        (os.getpriority(os.PRIO_PROCESS, 0), argv)
    )
    try:
        call_command("worker", **options)
    except CommandError as error:
        queue.put(("refused", str(error)))


def priority_of(**options: Any) -> tuple[Any, Any]:
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_priority_when_started, args=(options, queue))
    child.start()
    found = queue.get(timeout=30)
    child.join(timeout=30)
    return found


def test_the_worker_lowers_its_priority_by_the_setting(settings: Any) -> None:
    settings.WSOA_WORKER_NICE = 10
    before = os.getpriority(os.PRIO_PROCESS, 0)
    priority, argv = priority_of(concurrency=1)
    assert priority == min(before + 10, 19)
    assert argv[0] == "worker" and "--concurrency=1" in argv


def test_nice_zero_keeps_the_priority(settings: Any) -> None:
    settings.WSOA_WORKER_NICE = 10
    priority, _ = priority_of(nice=0)
    assert priority == os.getpriority(os.PRIO_PROCESS, 0)


def test_a_negative_nice_is_refused_and_nothing_starts() -> None:
    found = priority_of(nice=-5)
    assert found[0] == "refused"
    assert "cannot raise" in found[1]


@pytest.mark.parametrize("value", ["-1", "20", "ten"])
def test_a_wrong_setting_is_refused_at_start(value: str) -> None:
    import subprocess
    import sys

    env = {**os.environ, "WSOA_WORKER_NICE": value}
    env["DJANGO_SETTINGS_MODULE"] = "wsoa.config.settings"
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "WSOA_WORKER_NICE must be a whole number from 0 to 19" in done.stderr
