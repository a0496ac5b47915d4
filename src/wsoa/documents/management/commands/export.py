"""`wsoa export PLAN_ID --format json|docx|xlsx [-o FILE]`: the plan as JSON, Word or Excel."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wsoa.documents.interchange.exporting import export_plan, to_json
from wsoa.documents.office.excel import ExcelExport
from wsoa.documents.office.word import WordExport
from wsoa.plans.models import Plan

OFFICE: dict[str, type[WordExport] | type[ExcelExport]] = {"docx": WordExport, "xlsx": ExcelExport}


class Command(BaseCommand):
    help = (
        "Export a plan as wsoa-plan JSON (docs/interchange.md), or as Word or Excel in the "
        "plan's own table columns (Word and Excel need -o FILE)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("plan_id", type=int)
        parser.add_argument("--format", choices=["json", "docx", "xlsx"], default="json")
        parser.add_argument("-o", "--output", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        plan = Plan.objects.filter(pk=options["plan_id"]).first()
        if plan is None:
            raise CommandError(f"no plan with id {options['plan_id']}")
        if options["format"] in OFFICE:
            if not options["output"]:
                raise CommandError(
                    f"give the file to write with -o, e.g. -o plan.{options['format']}"
                )
            content = OFFICE[options["format"]](plan).render()
            Path(options["output"]).write_bytes(content)
            self.stdout.write(f"Wrote {options['output']} ({len(content):,} bytes)")
            return
        text = to_json(export_plan(plan))
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
