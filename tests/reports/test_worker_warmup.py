"""A starting worker loads WeasyPrint before its pool forks, so no first pack pays for it.

Run in a fresh interpreter: in the test process WeasyPrint is long imported by other tests.
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"

SCRIPT = textwrap.dedent(
    """
    import sys
    import django

    django.setup()
    from celery import signals
    from wsoa.config.celery import app
    from wsoa.reports import render, tasks

    before = ("weasyprint" in sys.modules, render._pack_html.cache_info().currsize)
    class Worker:  # what a starting worker sends: itself
        pass

    worker = Worker()
    worker.app = app
    answered = [receiver for receiver, _ in signals.worker_init.send(sender=worker)]
    after = ("weasyprint" in sys.modules, render._pack_html.cache_info().currsize)
    print(before, after, tasks.prepare_pdf in answered)
    """
)


def test_worker_init_imports_weasyprint_and_builds_the_pack_html():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "wsoa.config.settings", "WSOA_ENV": "test"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[-2] == "(False, 0) (True, 1) True"


def test_a_worker_that_cannot_load_weasyprint_still_starts(monkeypatch, caplog):
    from wsoa.reports import render, tasks

    def broken() -> None:
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(render, "prepare", broken)
    tasks.prepare_pdf(sender=None)
    assert "cannot make packs" in caplog.text
