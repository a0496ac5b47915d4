"""`wsoa import FILE --area NAME`: write one plan from a document; the last line is its id.

`wsoa import FILE --into PLAN_ID [--dry-run] [--json]`: read a revised document of an existing
plan, print what it changes, and (without --dry-run) apply it as the plan's next version; the
last line is then the new version's number.
"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wsoa.core.models import MANAGING_ROLES, Membership
from wsoa.documents.importers.registry import IMPORTERS
from wsoa.documents.importing import PlanFileError, import_plan, read_plan_file
from wsoa.documents.interchange.compare import Changes
from wsoa.documents.revising import NotThisPlan, apply_revision, revision_of
from wsoa.plans.models import Plan
from wsoa.progress.services import CycleError


class Command(BaseCommand):
    help = "Import a plan into a local area, or a revised plan into an existing one. It reads: " + (
        "; or ".join(importer.description for importer in IMPORTERS.values())
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--area", help="The local area's name (created if new).")
        parser.add_argument("--into", type=int, metavar="PLAN_ID", help="A plan to revise.")
        parser.add_argument("--dry-run", action="store_true", help="Print changes; write nothing.")
        parser.add_argument("--json", action="store_true", help="Print the changes as JSON.")
        parser.add_argument(
            "--by",
            metavar="USERNAME",
            help="Who records the new version (default: the area's first admin or manager).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["into"] is not None:
            self._revise(options)
            return
        if not options["area"]:
            raise CommandError("Give --area NAME for a new plan, or --into PLAN_ID to revise one.")
        try:
            result = import_plan(path=options["file"], area_name=options["area"])
        except PlanFileError as error:
            raise CommandError(f"{options['file']}: {error}. Nothing was imported.") from error
        for line in result.summary:
            self.stdout.write(line)
        for warning in result.warnings:
            self.stdout.write(f"warning: {warning}")
        self.stdout.write(str(result.plan.pk))

    def _revise(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        plan = Plan.objects.filter(pk=options["into"]).select_related("area").first()
        if plan is None:
            raise CommandError(f"There is no plan {options['into']}. Nothing was imported.")
        try:
            document, _warnings = read_plan_file(path)
            revision = revision_of(plan=plan, document=document, name=path.name)
        except (PlanFileError, NotThisPlan) as error:
            raise CommandError(f"{path}: {error}. Nothing was imported.") from error
        if options["json"]:
            self.stdout.write(json.dumps(revision.changes.as_json(), indent=2, ensure_ascii=False))
        else:
            for line in describe(revision.changes):
                self.stdout.write(line)
        if not options["dry_run"]:
            try:
                version = apply_revision(revision=revision, by=recorder(plan, options["by"]))
            except CycleError as error:
                raise CommandError(f"{path}: {error} Nothing was imported.") from error
            self.stdout.write(str(version.number))


def recorder(plan: Plan, username: str | None) -> Any:
    """The account that records the version: the one named, else the area's first manager."""
    members = Membership.objects.filter(area=plan.area, user__is_active=True)
    if username:
        found = members.filter(user__username=username).first()
    else:
        found = members.filter(role__in=sorted(MANAGING_ROLES)).order_by("id").first()
    if found is None:
        raise CommandError(
            f"No manager of {plan.area.name} to record the version: give --by USERNAME. "
            "Nothing was imported."
        )
    return found.user


def describe(changes: Changes) -> list[str]:
    """The changes as lines of text, one per item."""
    if not changes:
        return ["No changes."]
    lines = [
        f"added {a['number']} under {a['parent'] or 'the top'}: {a['text']}" for a in changes.added
    ]
    lines += [f"removed {r['number']}: {r['text']}" for r in changes.removed]
    lines += [
        f"moved {m['number']} from {m['from'] or 'the top'} to {m['to'] or 'the top'}"
        for m in changes.moved
    ]
    for c in changes.changed:
        for name, (before, after) in c["fields"].items():
            lines.append(f"changed {c['number']} {name}: {before!r} → {after!r}")
    return lines
