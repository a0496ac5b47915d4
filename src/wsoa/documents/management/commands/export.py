"""`wsoa export PLAN_ID --format json [-o FILE]`: the plan in the wsoa-plan interchange format."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wsoa.documents.interchange import export_plan, to_json
from wsoa.plans.models import Plan


class Command(BaseCommand):
    help = "Export a plan as wsoa-plan JSON (docs/interchange.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("plan_id", type=int)
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument("-o", "--output", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        plan = Plan.objects.filter(pk=options["plan_id"]).first()
        if plan is None:
            raise CommandError(f"no plan with id {options['plan_id']}")
        text = to_json(export_plan(plan))
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
