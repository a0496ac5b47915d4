"""Processes the tests start and stop: app servers, Celery workers (tests/storage, tests/tasks).

A `ManagedProcess` runs in a session of its own, so stopping it stops whatever it started
too; what it prints goes to a file, not a pipe (a pipe nobody reads would stop it once full),
so a test that times out can show what it said so far. `database_url()` gives the test
database's address to such a process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from urllib.parse import quote

from django.db import connection


def database_url() -> str:
    """The test database's address, for another process (on SQLite the test file)."""
    found = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{quote(found['PASSWORD'])}" if found["PASSWORD"] else ""
        where = f"{found['HOST'] or 'localhost'}:{found['PORT'] or 5432}"
        return f"postgres://{quote(found['USER'] or '')}{password}@{where}/{found['NAME']}"
    return f"sqlite:///{found['NAME']}"


class ManagedProcess:
    """A process started with `environ` added to ours, its output kept in a temporary file."""

    def __init__(self, args: Sequence[str], environ: dict[str, str]) -> None:
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 — closed by stop()
        self.process = subprocess.Popen(
            list(args), env={**os.environ, **environ}, stdout=self.log,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    @property
    def is_running(self) -> bool:
        return self.process.poll() is None

    def stop(self, how: signal.Signals = signal.SIGTERM) -> None:
        """Send `how` to the process and all it started (SIGKILL: as a machine that dies)."""
        if self.is_running:
            os.killpg(self.process.pid, how)
        self.process.wait(timeout=30)

    def output(self, last: int = 3000) -> str:
        """The last of what the process printed, running or not."""
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-last:]


@contextmanager
def managed(args: Sequence[str], environ: dict[str, str]) -> Iterator[ManagedProcess]:
    """Run a process for the block; stop it afterwards."""
    started = ManagedProcess(args, environ)
    try:
        yield started
    finally:
        started.stop()
