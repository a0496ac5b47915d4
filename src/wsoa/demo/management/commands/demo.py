"""`wsoa demo`: a working instance with the five seed plans, demo users, served locally.

It imports the seeds (`documents`), then adds each app's demo data: reporting cycles
(`progress/demo.py`), indicators (`kpi/demo.py`) and a published page (`public/demo.py`).
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from wsoa.core.assets import AssetBuildError, build_assets
from wsoa.core.models import LocalArea, Membership, Role
from wsoa.demo.seeds import SEED_AREAS, SEEDS
from wsoa.documents.importing import import_plan
from wsoa.kpi.demo import setup_demo_indicators
from wsoa.plans.models import Plan
from wsoa.progress.demo import setup_demo_cycle
from wsoa.public.demo import publish_demo_page

DEMO_PASSWORD = "demo-password-1"  # noqa: S105 — printed for the local demo only


class Command(BaseCommand):
    help = "Set up a demo instance (five seed plans, a user per role) and serve it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Set up only; do not serve.")
        parser.add_argument("--port", default="8000")

    def handle(self, *args: Any, **options: Any) -> None:
        self.build_assets()
        for filename, area_name in SEED_AREAS:
            self.load(filename, area_name)
        self.stdout.write("\nDemo sign-ins (password for all: " + DEMO_PASSWORD + "):")
        for line in create_demo_users():
            self.stdout.write("  " + line)
        self.setup_cycles()
        for line in setup_demo_indicators():
            self.stdout.write(line)
        example = Plan.objects.filter(area__slug="worcestershire").first()
        if example is not None and (line := publish_demo_page(example)):
            self.stdout.write(f"Worcestershire: {line}")
        self.stdout.write(
            "Area admins and plan managers are asked to set up an authenticator app "
            "at first sign-in."
        )
        if not options["no_serve"]:
            self.stdout.write(f"\nServing on http://127.0.0.1:{options['port']}/ (Ctrl+C to stop)")
            call_command("runserver", f"127.0.0.1:{options['port']}", use_reloader=False)

    def setup_cycles(self) -> None:
        """Reporting periods for each plan, and each area's contributor owning some items."""
        users = get_user_model()
        today = timezone.localdate()
        for plan in Plan.objects.select_related("area").order_by("area__name"):
            owner = users.objects.filter(username=f"{plan.area.slug}-contributor").first()
            lines = setup_demo_cycle(plan, owner, today)
            if lines:
                self.stdout.write(f"{plan.area.name}: " + "; ".join(lines))

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


@transaction.atomic
def create_demo_users() -> list[str]:
    """Create (or reset) a user per role for every area; return their sign-in lines."""
    users = get_user_model()
    lines = []
    for area in LocalArea.objects.order_by("name"):
        for role in Role:
            username = f"{area.slug}-{role.value.replace('_', '-')}"
            user, _ = users.objects.get_or_create(username=username)
            user.email = f"{username}@example.org"
            user.set_password(DEMO_PASSWORD)
            user.save()
            Membership.objects.update_or_create(user=user, area=area, defaults={"role": role})
            lines.append(f"{username:40} {role.label} at {area.name}")
    return lines
