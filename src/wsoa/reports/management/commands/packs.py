"""`wsoa packs`: make the board packs people ask for, from the queue of jobs in the database.

Each job is held on a lease renewed while it is made; a job whose worker died is taken again
once its lease lapses (a minute), by this loop or another worker's.
"""

from __future__ import annotations

import os
import socket
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from wsoa.reports import services


class Command(BaseCommand):
    help = (
        "Make queued board packs, and those whose worker stopped part-way. Runs until stopped; "
        "--once makes what is waiting and exits."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Exit when the queue is empty.")
        parser.add_argument("--sleep", type=float, default=2.0, help="Seconds between polls.")

    def handle(self, *args: Any, **options: Any) -> None:
        name = f"{socket.gethostname()}:{os.getpid()}"
        made = 0
        while True:
            services.beat(name)
            if services.run_next(holder=name):
                made += 1
                continue
            if options["once"]:
                break
            time.sleep(options["sleep"])
        self.stdout.write(f"Made {made} board pack{'s' if made != 1 else ''}.")
