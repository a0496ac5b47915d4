"""`wsoa beat`: send wsoa's scheduled tasks (daily reminders, packs the broker never took)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wsoa.config.celery import app, is_eager
from wsoa.core.management.commands.worker import NO_BROKER


class Command(BaseCommand):
    help = (
        "Send the scheduled tasks to the broker: reminders each morning, and every minute the "
        "packs that could not be sent. Run exactly one, beside the workers."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loglevel", default="INFO", help="DEBUG, INFO, WARNING …")

    def handle(self, *args: Any, **options: Any) -> None:
        if is_eager():
            raise CommandError(NO_BROKER.replace("a worker to take", "beat to send"))
        schedule = settings.VAR_DIR / "celerybeat-schedule"
        argv = ["beat", f"--loglevel={options['loglevel']}", f"--schedule={schedule}"]
        app.start(argv=argv)
