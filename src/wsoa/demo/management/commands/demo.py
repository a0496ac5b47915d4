"""`wsoa demo`: a working instance with the five seed plans in delivery today, served locally.

It imports the seeds (`documents`), moves each plan's dates so it is part-way through delivery
today, creates named accounts for every role, and writes a few months of history through the
apps' services (`demo/building.py`). Same data on every run for the same day; safe to run again.

Rendering the board packs (Word and PDF) is the slow part. When the demo serves, it starts
serving first and a second process renders the packs meanwhile (they appear on each board's
page within a minute); with --no-serve it renders them before it returns.
"""

import argparse
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from wsoa.core.assets import AssetBuildError, build_assets
from wsoa.core.models import LocalArea
from wsoa.demo.building import build_area, finish_packs, set_up_on
from wsoa.demo.clock import clock_at, moment
from wsoa.demo.people import DEMO_PASSWORD, Account, sign_in_lines
from wsoa.demo.seeds import SEED_AREAS, SEEDS
from wsoa.documents.importing import import_plan
from wsoa.reports.demo import Pending

__all__ = ["DEMO_PASSWORD", "Command"]


def pending_file(database: str | None = None) -> Path:
    """Where the packs gathered but not yet rendered wait (one file per database), so a run
    stopped before they were all made finishes them the next time it serves."""
    name = database or str(settings.DATABASES["default"]["NAME"])
    return (
        Path(settings.VAR_DIR) / f"demo-packs-{hashlib.sha256(name.encode()).hexdigest()[:12]}.json"
    )


class Command(BaseCommand):
    help = "Set up a demo instance (five seed plans in delivery, people in every role) and serve."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Set up only; do not serve.")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--finish-packs", type=Path, help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["finish_packs"]:  # the second process, rendering the packs while serving
            self.finish(options["finish_packs"])
            return
        started = time.perf_counter()
        self.build_assets()
        today = timezone.localdate()  # taken once, so every area is built for the same day
        accounts: list[Account] = []
        with clock_at(moment(set_up_on(today))):  # imported before the months of history
            for filename, area_name in SEED_AREAS:
                self.load(filename, area_name)
        packs = [] if options["no_serve"] else self.pending()
        for area in LocalArea.objects.filter(name__in=[n for _, n in SEED_AREAS]).order_by("name"):
            accounts += build_area(area, today, self.stdout.write, packs)
        if options["no_serve"]:
            finish_packs(packs, self.stdout.write)
        else:
            self.save_pending(packs)
        self.stdout.write(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD}):")
        for line in sign_in_lines(accounts):
            self.stdout.write("  " + line)
        self.stdout.write(
            "Area admins and plan managers have an authenticator app set up already: add the "
            "secret shown to an app (or use a recovery code once) when asked for a code."
        )
        self.stdout.write(
            "Caseworkers and casework managers see their area's made-up EHC cases at "
            "/areas/<area>/casework/ (e.g. /areas/hartlepool/casework/); advice givers see the "
            "advice requests for their service at /areas/<area>/advice-requests/. No plan role "
            "comes with these accounts, and every case is made up."
        )
        self.stdout.write(f"Set up in {time.perf_counter() - started:.0f}s.")
        if not options["no_serve"]:
            if packs:
                self.stdout.write(
                    f"{len(packs)} board packs are being made in the background; each appears "
                    "on its board's page when ready (within a minute or two)."
                )
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "wsoa.cli",
                        "demo",
                        "--finish-packs",
                        str(pending_file()),
                    ]
                )
            self.stdout.write(f"\nServing on http://127.0.0.1:{options['port']}/ (Ctrl+C to stop)")
            call_command("runserver", f"127.0.0.1:{options['port']}", use_reloader=False)

    def pending(self) -> list[Pending]:
        """Packs gathered by an earlier run that stopped before rendering them all."""
        path = pending_file()
        if not path.exists():
            return []
        found: list[Pending] = json.loads(path.read_text(encoding="utf-8"))
        return found

    def save_pending(self, packs: list[Pending]) -> None:
        if packs:
            path = pending_file()
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(packs), encoding="utf-8")

    def finish(self, path: Path) -> None:
        """Render and freeze the gathered packs, then forget them."""
        if not path.exists():
            return
        finish_packs(json.loads(path.read_text(encoding="utf-8")), self.stdout.write)
        path.unlink(missing_ok=True)

    def build_assets(self) -> None:
        try:
            build_assets(out=self.stdout)
        except AssetBuildError as error:
            self.stderr.write(f"Page styles not built, pages will show unstyled: {error}")

    def load(self, filename: str, area_name: str) -> None:
        area = LocalArea.objects.filter(name=area_name).first()
        if area is not None and area.plans.exists():
            self.stdout.write(f"{area_name}: already imported")
            return
        result = import_plan(path=SEEDS / filename, area_name=area_name, actor_label="wsoa demo")
        self.stdout.write(f"{area_name}: plan {result.plan.pk} — {result.summary[0]}")
