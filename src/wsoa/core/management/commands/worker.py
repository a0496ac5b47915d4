"""`wsoa worker`: run a Celery worker for wsoa's background tasks (packs, reminders, loads)."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wsoa.config.celery import app, is_eager

NO_BROKER = (
    "No broker is configured, so there is nothing for a worker to take: set "
    "WSOA_CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/1). Without it the web process runs "
    "each task itself."
)


class Command(BaseCommand):
    help = (
        "Run a worker that takes wsoa's tasks from the broker (WSOA_CELERY_BROKER_URL). Run one "
        "or more beside the app servers; other options: `celery -A wsoa.config.celery worker`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--concurrency", type=int, help="Tasks at once (default: cores).")
        parser.add_argument("--loglevel", default="INFO", help="DEBUG, INFO, WARNING …")
        parser.add_argument(
            "--nice",
            type=int,
            help="How much to lower the worker's CPU priority (default WSOA_WORKER_NICE, 10; "
            "0 keeps it): on a machine shared with app servers, people waiting for a page go "
            "first and background work takes the CPU they leave.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if is_eager():
            raise CommandError(NO_BROKER)
        lower_priority(settings.WSOA_WORKER_NICE if options["nice"] is None else options["nice"])
        argv = ["worker", f"--loglevel={options['loglevel']}"]
        if options["concurrency"]:
            argv.append(f"--concurrency={options['concurrency']}")
        app.worker_main(argv=argv)


def lower_priority(step: int) -> None:
    """Lower this process's CPU priority by `step` (its pool's processes inherit it)."""
    if step < 0:
        raise CommandError("--nice cannot raise the worker's priority: give 0 or more.")
    if step:
        os.nice(step)
