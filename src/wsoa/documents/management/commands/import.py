"""`wsoa import FILE --area NAME [--mapping MAP.json] [--dry-run] [--json]`: write one plan from
a document (Word, Excel, CSV, PDF, plan text or wsoa's JSON); the last line is its id. With
--dry-run nothing is written: it prints the column map it read the file with and the items per
level (with --json: {"column_map": …, "plan": <the wsoa-plan document>}). --mapping corrects
the proposed column map with one saved from the preview page or an earlier --dry-run --json.

`wsoa import FILE --into PLAN_ID [--dry-run] [--json]`: read a revised document of an existing
plan, print what it changes, and (without --dry-run) apply it as the plan's next version; the
last line is then the new version's number.
"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wsoa.core.models import MANAGING_ROLES, Membership
from wsoa.documents.importers.mapping import ROLES, ColumnMap, MappingError
from wsoa.documents.importers.registry import IMPORTERS
from wsoa.documents.importing import (
    PlanFileError,
    import_plan,
    read_plan_file,
    read_plan_path,
    summarise,
)
from wsoa.documents.interchange.compare import Changes
from wsoa.documents.interchange.exporting import to_json
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
        parser.add_argument(
            "--mapping",
            type=Path,
            metavar="MAP.json",
            help="A column map that corrects which column holds what (for a new plan).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be imported; write nothing."
        )
        parser.add_argument("--json", action="store_true", help="Print it as JSON.")
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
        column_map = load_mapping(Path(options["mapping"])) if options["mapping"] else None
        if options["dry_run"]:
            self._preview(options["file"], column_map, as_json=options["json"])
            return
        try:
            result = import_plan(
                path=options["file"], area_name=options["area"], column_map=column_map
            )
        except PlanFileError as error:
            message = f"{options['file']}: {sentence(error)} Nothing was imported."
            raise CommandError(message) from error
        for line in result.summary:
            self.stdout.write(line)
        for warning in result.warnings:
            self.stdout.write(f"warning: {warning}")
        self.stdout.write(str(result.plan.pk))

    def _preview(self, path: Path, column_map: ColumnMap | None, *, as_json: bool) -> None:
        """Print the column map and the plan a file would give; write nothing."""
        try:
            found = read_plan_path(path, column_map)
        except PlanFileError as error:
            raise CommandError(f"{path}: {sentence(error)} Nothing was imported.") from error
        if as_json:
            used = found.column_map.to_json() if found.column_map else None
            self.stdout.write(to_json({"column_map": used, "plan": found.data}).rstrip())
            return
        for line in map_lines(found.column_map):
            self.stdout.write(line)
        for line in summarise(found.data):
            self.stdout.write(line)
        for warning in found.warnings:
            self.stdout.write(f"warning: {warning}")
        self.stdout.write("Dry run: nothing was imported.")

    def _revise(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        plan = Plan.objects.filter(pk=options["into"]).select_related("area").first()
        if plan is None:
            raise CommandError(f"There is no plan {options['into']}. Nothing was imported.")
        try:
            document, _warnings = read_plan_file(path)
            revision = revision_of(plan=plan, document=document, name=path.name)
        except (PlanFileError, NotThisPlan) as error:
            raise CommandError(f"{path}: {sentence(error)} Nothing was imported.") from error
        if options["json"]:
            self.stdout.write(json.dumps(revision.changes.as_json(), indent=2, ensure_ascii=False))
        else:
            for line in describe(revision.changes):
                self.stdout.write(line)
        if not options["dry_run"]:
            try:
                version = apply_revision(revision=revision, by=recorder(plan, options["by"]))
            except CycleError as error:
                raise CommandError(f"{path}: {sentence(error)} Nothing was imported.") from error
            self.stdout.write(str(version.number))


def load_mapping(path: Path) -> ColumnMap:
    """The column map in a --mapping file, or CommandError naming the file and the fault."""
    try:
        return ColumnMap.from_json(json.loads(path.read_text(encoding="utf-8-sig")))
    except OSError as error:
        raise CommandError(f"{path}: cannot read the column map: {error.strerror}.") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CommandError(
            f"{path}: the column map is not JSON ({error}). Nothing was imported."
        ) from error
    except MappingError as error:
        raise CommandError(f"{path}: {sentence(error)} Nothing was imported.") from error


def map_lines(column_map: ColumnMap | None) -> list[str]:
    """The column map as lines a person reads: each heading, what it holds, where it stands."""
    if column_map is None:
        return ["No columns to map: the file says what each part of the plan is."]
    lines = ["Columns:"]
    for column in column_map.columns:
        holds = ROLES.get(column.role, column.role)
        detail = [column.level] if column.level else []
        detail += [f"date {column.date}"] if column.date else []
        extra = f" ({', '.join(detail)})" if detail else ""
        where = f" [{'; '.join(column.places)}]" if column.places else ""
        lines.append(f"  “{column.heading}” → {holds}{extra}{where}")
    lines.append("Levels: " + (", ".join(column_map.levels) or "none"))
    return lines


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


def sentence(error: Exception) -> str:
    """An error's message as a sentence ending in one full stop."""
    text = str(error).rstrip()
    return text if text.endswith((".", "?", "!")) else f"{text}."
